//! Capital for the groups and members of the registry: lenders and their financing
//! schemes, applications that move through an audited workflow, and the dashboard figures.
//! Mentoring, which lenders also give, lives in [`crate::mentoring`].

pub mod applications;
pub mod dashboard;
pub mod lenders;
