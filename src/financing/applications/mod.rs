//! Financing applications of groups (through their ketua) and members, moved through an
//! audited workflow: every move is recorded with who made it and when. A member's
//! applications are personal financial data (UU PDP 27/2022).

pub mod graphql;
mod loader;
pub mod model;
pub mod mutations;
pub mod order;

pub use loader::{ApplicantOfLender, ApplicationCountOfGroup, ApplicationsOfGroup, HistoryOf, VisibleApplication};
