//! The API as its clients call it, over HTTP requests to the real router, on SQLite or
//! PostgreSQL (`TEST_DATABASE=postgres`).

mod common;

mod access;
mod aid;
mod audit;
mod edge;
mod events;
mod filters;
mod geography;
mod groups;
mod members;
mod n_plus_one;
mod paging;
mod products;
mod scale;
mod schema;
mod server;

// Capital (issue 4)
mod financing;
mod mentoring;
