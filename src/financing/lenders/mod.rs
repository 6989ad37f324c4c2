//! Lenders (banks, BPR, koperasi, pawnshops, P2P platforms, government programmes) and their
//! financing schemes, such as the three KUR schemes. Both are public.

pub mod graphql;
mod loader;
pub mod model;
pub mod mutations;
pub mod order;

pub use loader::SchemesOf;
