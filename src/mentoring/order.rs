//! The orders of lists of mentoring sessions.

crate::order_fields! {
    /// What a list of mentoring sessions can be sorted by.
    MentoringSessionOrderField on "mentoring_sessions" {
        /// The day the session was held.
        HeldOn => "held_on" as Plain,
        /// Who gave the session, as recorded (ASCII letters case-insensitive).
        Provider => "provider" as Text,
        /// The order of recording (the default order when no `orderBy` is given).
        Recording => "id" as Plain,
    }
}

// The `orderBy` argument of a list sorted by [`MentoringSessionOrderField`].
crate::list_order!(MentoringSessionOrder of MentoringSessionOrderField);
