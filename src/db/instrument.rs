//! Counts the SQL statements a [`super::Database`] sends: in total (so tests can prove that
//! a nested query costs a fixed number of statements however many rows it returns) and per
//! request (for the `umkm_sql_statements_per_request` metric).
//!
//! The trace line of a statement holds its SQL only. diesel's own rendering of a statement
//! ends in ` -- binds: [...]`, the values sent with it (NIKs, phone numbers, names): those
//! never reach the log, at any level.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use diesel::connection::{Instrumentation, InstrumentationEvent};

/// Shared by every connection of one pool.
#[derive(Clone, Default)]
pub struct StatementCounter(Arc<AtomicU64>);

/// The statements of one request, whichever pooled connections it used.
pub type RequestStatements = Arc<AtomicU64>;

impl StatementCounter {
    pub fn get(&self) -> u64 {
        self.0.load(Ordering::Relaxed)
    }

    /// The instrumentation of a connection while `request` (if any) holds it.
    pub fn instrumentation(&self, request: Option<RequestStatements>) -> impl Instrumentation {
        let counter = self.0.clone();
        move |event: InstrumentationEvent<'_>| {
            if let InstrumentationEvent::StartQuery { query, .. } = event {
                if tracing::enabled!(target: "umkm_graph::sql", tracing::Level::TRACE) {
                    let rendered = query.to_string();
                    tracing::trace!(target: "umkm_graph::sql", sql = without_binds(&rendered));
                }
                counter.fetch_add(1, Ordering::Relaxed);
                if let Some(request) = &request {
                    request.fetch_add(1, Ordering::Relaxed);
                }
            }
        }
    }
}

/// The SQL of diesel's rendering of a statement, without the bind values it appends.
fn without_binds(rendered: &str) -> &str {
    rendered.split_once(" -- binds: ").map_or(rendered, |(sql, _)| sql)
}

#[cfg(test)]
mod tests {
    use super::without_binds;

    #[test]
    fn bind_values_are_cut_off() {
        let rendered = "SELECT * FROM members WHERE nik = $1 -- binds: [\"7271010101900001\"]";
        assert_eq!(without_binds(rendered), "SELECT * FROM members WHERE nik = $1");
        assert_eq!(without_binds("SELECT 1"), "SELECT 1");
    }
}
