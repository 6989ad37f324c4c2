//! Members of business groups, with their roles (KUBE: one ketua, sekretaris and bendahara),
//! skills, and personal data (NIK, phone, address, birth date) for entitled roles only.

pub mod checks;
pub mod graphql;
mod loader;
pub mod model;
pub mod mutations;
pub mod order;

pub use loader::{MemberCountOf, MembersOf, SkillsOf};
