//! The orders of lists of kelurahan.

crate::order_fields! {
    /// What a list of kelurahan can be sorted by.
    KelurahanOrderField on "kelurahans" {
        /// The kelurahan's name (ASCII letters case-insensitive).
        Name => "name" as Text,
        /// The Kemendagri code (the default order when no `orderBy` is given).
        Code => "code" as Text,
    }
}

// The `orderBy` argument of a list sorted by [`KelurahanOrderField`].
crate::list_order!(KelurahanOrder of KelurahanOrderField);
