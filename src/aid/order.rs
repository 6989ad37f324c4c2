//! The orders of lists of aid programmes.

crate::order_fields! {
    /// What a list of aid programmes can be sorted by.
    AidProgramOrderField on "aid_programs" {
        /// The programme's name (ASCII letters case-insensitive).
        Name => "name" as Text,
        /// The programme's year (the year it starts and is budgeted for).
        Year => "year" as Plain,
    }
}

// The `orderBy` argument of a list sorted by [`AidProgramOrderField`].
crate::list_order!(AidProgramOrder of AidProgramOrderField);
