//! Events of SQLite writes waiting for their transaction to commit.
//!
//! SQLite has no NOTIFY: a write's events wait here, in the task that runs the request, and
//! go into the instance's bus when the request is done. [`crate::db::DbConn::transaction`]
//! drops those of a transaction that rolls back, so only committed changes are told.

use std::cell::RefCell;
use std::future::Future;

use super::{Bus, LiveEvent};

tokio::task_local! {
    static HELD: RefCell<Vec<LiveEvent>>;
}

/// Runs `work` (a request's execution) with an outbox, then hands its committed events to
/// `bus`.
pub async fn deliver_after<F: Future>(bus: &Bus, work: F) -> F::Output {
    let (output, held) = HELD
        .scope(RefCell::new(Vec::new()), async move {
            let output = work.await;
            (output, HELD.with(|held| std::mem::take(&mut *held.borrow_mut())))
        })
        .await;
    for event in held {
        bus.send(event);
    }
    output
}

/// Keeps `event` until the request ends. Outside a request with an outbox (the command
/// line), there is nobody in this process to tell.
pub fn hold(event: LiveEvent) {
    let _ = HELD.try_with(|held| held.borrow_mut().push(event));
}

/// How many events are held: a transaction notes it when it begins.
pub fn mark() -> usize {
    HELD.try_with(|held| held.borrow().len()).unwrap_or(0)
}

/// Drops the events held since `mark`: their transaction rolled back.
pub fn discard_since(mark: usize) {
    let _ = HELD.try_with(|held| held.borrow_mut().truncate(mark));
}
