//! The log of who read or changed whose personal data (UU PDP 27/2022): every read of a
//! member's NIK, phone, address or birth date, and every registration, correction and erasure.

pub mod graphql;
pub mod model;
