//! The API as its clients call it, over HTTP requests to the real router, on SQLite or
//! PostgreSQL (`TEST_DATABASE=postgres`).

mod common;

mod access;
mod aid;
mod audit;
mod descriptions;
mod edge;
mod events;
mod export;
mod filters;
mod geography;
mod groups;
mod http_cache;
mod import;
mod kecamatan_figures;
mod language;
mod members;
mod n_plus_one;
mod operations;
mod pages;
mod paging;
mod products;
mod scale;
mod schema;
mod server;
mod sorting;
mod subscriptions;

// Capital: lenders, schemes, applications, mentoring
mod financing;
mod mentoring;
