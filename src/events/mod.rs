//! Events of the Dinas (socialisation, training, business matching, exhibitions): capacity,
//! registrations of members, attendance per day, participation per kelurahan.

pub mod graphql;
pub mod loader;
pub mod model;
pub mod mutations;
pub mod order;
