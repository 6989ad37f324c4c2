//! umkm-graph: the GraphQL API of the UMKM registry of Kota Palu (Dinas Koperasi dan UMKM).
//!
//! Floors, from the edge inwards: [`server`] (axum, authentication), [`schema`] (the
//! framework-free schema assembled from the domains), one module per domain ([`geography`],
//! [`groups`], [`members`], [`products`], [`aid`], [`events`], [`mentoring`], [`financing`],
//! [`audit`]) each holding its model, loader, GraphQL types and mutations, and the ground:
//! [`graphql`] (the toolkit), [`access`] and [`db`] (both backends). `tests/architecture.rs`
//! holds the table of floors and fails on an import that runs up one.

pub mod access;
pub mod aid;
pub mod audit;
pub mod clock;
pub mod db;
pub mod demo;
pub mod error;
pub mod events;
pub mod export;
pub mod financing;
pub mod geography;
pub mod graphql;
pub mod group_status;
pub mod groups;
pub mod ids;
pub mod import;
pub mod live;
pub mod members;
pub mod mentoring;
pub mod products;
pub mod schema;
pub mod sector;
pub mod server;
pub mod validate;
