//! Whether a group is working: shared vocabulary, below the domains, because the geography
//! counts a kelurahan's active groups and several domains refuse a dissolved group.

use async_graphql::Enum;

/// Whether a group is working.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq, Hash, diesel::AsExpression, diesel::FromSqlRow)]
#[diesel(sql_type = diesel::sql_types::Text)]
pub enum GroupStatus {
    /// Working; counts towards its kelurahan's target.
    Active,
    /// Not working for now.
    Inactive,
    /// Dissolved; kept for the record.
    Dissolved,
}

crate::text_enum!(GroupStatus {
    Active => "ACTIVE",
    Inactive => "INACTIVE",
    Dissolved => "DISSOLVED",
});
