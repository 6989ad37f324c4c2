//! Counts the SQL statements a [`super::Database`] sends, so tests can prove that a nested
//! query costs a fixed number of statements however many rows it returns.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use diesel::connection::{Instrumentation, InstrumentationEvent};

/// Shared by every connection of one pool.
#[derive(Clone, Default)]
pub struct StatementCounter(Arc<AtomicU64>);

impl StatementCounter {
    pub fn get(&self) -> u64 {
        self.0.load(Ordering::Relaxed)
    }

    /// The instrumentation to install on one connection.
    pub fn instrumentation(&self) -> impl Instrumentation {
        let counter = self.0.clone();
        move |event: InstrumentationEvent<'_>| {
            if let InstrumentationEvent::StartQuery { query, .. } = event {
                tracing::trace!(target: "umkm_graph::sql", %query);
                counter.fetch_add(1, Ordering::Relaxed);
            }
        }
    }
}
