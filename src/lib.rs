//! umkm-graph: the GraphQL API of the UMKM registry of Kota Palu (Dinas Koperasi dan UMKM).
//!
//! Layers, from the edge inwards: [`server`] (axum, authentication), [`graphql`] (the
//! framework-free schema), one module per domain ([`geography`], [`groups`], [`members`],
//! [`access`], [`financing`], [`mentoring`]) each holding its model, loader and GraphQL types,
//! and [`db`] (both backends).

pub mod access;
pub mod aid;
pub mod audit;
pub mod clock;
pub mod db;
pub mod demo;
pub mod error;
pub mod events;
pub mod financing;
pub mod geography;
pub mod graphql;
pub mod groups;
pub mod ids;
pub mod import;
pub mod members;
pub mod mentoring;
pub mod products;
pub mod sector;
pub mod server;
pub mod validate;
