//! The orders of lists of lenders.

crate::order_fields! {
    /// What a list of lenders can be sorted by.
    LenderOrderField on "lenders" {
        /// The lender's name (ASCII letters case-insensitive).
        Name => "name" as Text,
    }
}

// The `orderBy` argument of a list sorted by [`LenderOrderField`].
crate::list_order!(LenderOrder of LenderOrderField);
