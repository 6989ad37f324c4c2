//! The API as its clients call it, over HTTP requests to the real router, on SQLite or
//! PostgreSQL (`TEST_DATABASE=postgres`).

mod common;

mod access;
mod aid;
mod audit;
mod edge;
mod events;
mod geography;
mod groups;
mod http_cache;
mod members;
mod n_plus_one;
mod operations;
mod paging;
mod products;
mod schema;
mod server;

// Capital (issue 4)
mod financing;
mod mentoring;
