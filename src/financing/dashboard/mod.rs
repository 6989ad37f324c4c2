//! The city's capital figures: requested, approved and paid out per kecamatan, kelurahan,
//! sector, lender,
//! scheme and month, the approval rate, groups that never received capital and groups that
//! applied without any coaching. Computed in SQL; the figures are public, the group lists are
//! for Dinas staff and (for their kelurahan) officers.

pub mod filter;
pub mod graphql;
pub mod model;
