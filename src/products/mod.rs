//! Products of business groups on their way to a modern-retail shelf: permits, the Dinas's
//! feasibility assessments, the computed retail readiness with its gaps, and listings.

pub mod assessments;
pub mod checks;
pub mod graphql;
pub mod listings;
pub mod loader;
pub mod model;
pub mod mutations;
pub mod order;
pub mod permits;
pub mod readiness;

pub use loader::{
    AssessmentsOf, ListingsOf, PermitsOf, ProductCountOf, ProductStatsOf, ProductsOf, ReadinessOf, RegionsOf,
};
