//! Kota Palu's 8 kecamatan and 46 kelurahan (Kemendagri codes), with each kelurahan's
//! target of business groups and its progress.

pub mod area;
pub mod graphql;
mod kecamatan;
mod loader;
pub mod model;
pub mod order;
pub mod seed;

pub use area::{Area, AreaLevel, by_level, per_area};
pub use loader::KelurahansOfKecamatan;
