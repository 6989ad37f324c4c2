//! Business groups (kelompok usaha bersama): registered per kelurahan, with a system-assigned
//! registration number, a sector, a status and an optional NIB.

pub mod checks;
pub mod graphql;
mod loader;
pub mod model;
pub mod mutations;
pub mod order;
mod scale;

pub use loader::{GroupCountOf, GroupsOf};
