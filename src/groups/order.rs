//! The orders of lists of business groups.

crate::order_fields! {
    /// What a list of business groups can be sorted by.
    GroupOrderField on "business_groups" {
        /// The group's name (ASCII letters case-insensitive).
        Name => "name" as Text,
        /// The order of registration (the default order when no `orderBy` is given).
        Registration => "id" as Plain,
        /// The date the group was founded; groups without one come last in either direction.
        FoundedOn => "founded_on" as NullableDate,
    }
}

// The `orderBy` argument of a list sorted by [`GroupOrderField`].
crate::list_order!(GroupOrder of GroupOrderField);
