//! The PostgreSQL listener of an instance: one connection of its own, taken out of the pool,
//! LISTENing on [`CHANNEL`], forwarding every notification into the instance's bus. When the
//! connection breaks it reconnects, waiting longer after each failure (up to 10 s); events
//! committed while it was away are not replayed.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use diesel_async::{AsyncConnection, RunQueryDsl};
use futures_util::StreamExt;
use tokio::task::JoinHandle;

use super::{Bus, CHANNEL, LiveEvent};
use crate::db::Database;

const FIRST_RETRY: Duration = Duration::from_millis(100);
const LAST_RETRY: Duration = Duration::from_secs(10);

/// The running listener; it stops when this is dropped.
pub struct ListenerHandle {
    task: JoinHandle<()>,
    listening: Arc<AtomicBool>,
}

impl ListenerHandle {
    /// Whether the listener's connection is LISTENing now.
    pub fn is_listening(&self) -> bool {
        AtomicBool::load(&self.listening, Ordering::Acquire)
    }
}

impl Drop for ListenerHandle {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Starts the listener when `db` is PostgreSQL (must be called inside the tokio runtime).
pub fn spawn_if_postgres(db: &Database, bus: Bus) -> Option<ListenerHandle> {
    if db.backend() != crate::db::Backend::Postgres {
        return None;
    }
    let listening = Arc::new(AtomicBool::new(false));
    let task = tokio::spawn(run(db.clone(), bus, listening.clone()));
    Some(ListenerHandle { task, listening })
}

async fn run(db: Database, bus: Bus, listening: Arc<AtomicBool>) {
    let mut wait = FIRST_RETRY;
    loop {
        let error = listen_until_broken(&db, &bus, &listening, &mut wait).await;
        listening.store(false, Ordering::Release);
        tracing::warn!(%error, retry_in_ms = wait.as_millis() as u64, "live listener lost its connection");
        tokio::time::sleep(wait).await;
        wait = (wait * 2).min(LAST_RETRY);
    }
}

/// Listens until the connection fails; returns why. `wait` goes back to the first retry
/// delay once listening works again.
async fn listen_until_broken(db: &Database, bus: &Bus, listening: &AtomicBool, wait: &mut Duration) -> String {
    let mut conn = match db.dedicated_postgres().await {
        Some(Ok(conn)) => conn,
        Some(Err(error)) => return error.to_string(),
        None => return "not a PostgreSQL database".to_string(),
    };
    // Its statements are not a request's: keep them out of the statement counts.
    conn.set_instrumentation(|_: diesel::connection::InstrumentationEvent<'_>| {});
    if let Err(error) = diesel::sql_query(format!("LISTEN {CHANNEL}")).execute(&mut conn).await {
        return error.to_string();
    }
    listening.store(true, Ordering::Release);
    *wait = FIRST_RETRY;
    let mut notifications = std::pin::pin!(conn.notifications_stream());
    while let Some(notification) = notifications.next().await {
        match notification {
            Ok(notification) if notification.channel == CHANNEL => {
                match serde_json::from_str::<LiveEvent>(&notification.payload) {
                    Ok(event) => bus.send(event),
                    Err(error) => tracing::warn!(%error, "unreadable live event skipped"),
                }
            }
            Ok(_) => {}
            Err(error) => return error.to_string(),
        }
    }
    "the connection closed".to_string()
}
