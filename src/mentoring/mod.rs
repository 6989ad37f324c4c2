//! Mentoring (pendampingan, pembinaan) of groups in production, financial administration,
//! marketing, licensing and digital skills, by the Dinas, a lender or a partner. Sessions
//! are public, like the groups they are held for.

pub mod graphql;
mod loader;
pub mod model;
pub mod mutations;
pub mod order;

pub use loader::{SessionCountOfLender, SessionsOfGroup, SessionsOfLender};
