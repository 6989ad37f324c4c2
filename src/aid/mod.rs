//! Aid that reaches the right hands: programmes (e.g. Dinas Sosial's equipment of a year),
//! allocations to groups checked against the group's trade and its members' skills, delivery
//! only with a mentor, and monitoring visits that flag equipment found idle or sold.

pub mod figures;
pub mod graphql;
pub mod loader;
pub mod model;
pub mod mutations;
pub mod order;
