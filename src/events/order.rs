//! The orders of lists of events.

crate::order_fields! {
    /// What a list of events can be sorted by.
    EventOrderField on "events" {
        /// The first day of the event.
        StartsOn => "starts_on" as Plain,
        /// The event's title (ASCII letters case-insensitive).
        Title => "title" as Text,
    }
}

// The `orderBy` argument of a list sorted by [`EventOrderField`].
crate::list_order!(EventOrder of EventOrderField);
