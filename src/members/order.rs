//! The orders of lists of members.

crate::order_fields! {
    /// What a list of members can be sorted by.
    MemberOrderField on "members" {
        /// The member's full name (ASCII letters case-insensitive).
        Name => "full_name" as Text,
        /// The order of registration (the default order when no `orderBy` is given).
        Registration => "id" as Plain,
    }
}

// The `orderBy` argument of a list sorted by [`MemberOrderField`].
crate::list_order!(MemberOrder of MemberOrderField);
