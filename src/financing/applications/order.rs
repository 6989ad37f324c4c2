//! The orders of lists of financing applications.

crate::order_fields! {
    /// What a list of financing applications can be sorted by.
    FinancingApplicationOrderField on "financing_applications" {
        /// The amount requested, in rupiah.
        AmountRequested => "amount_requested" as Plain,
        /// When the application was submitted to the lender; drafts (never submitted) come
        /// last in either direction.
        SubmittedAt => "submitted_at" as NullableTimestamp,
    }
}

// The `orderBy` argument of a list sorted by [`FinancingApplicationOrderField`].
crate::list_order!(FinancingApplicationOrder of FinancingApplicationOrderField);
