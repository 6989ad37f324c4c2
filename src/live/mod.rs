//! Live updates: what changed, told to every subscriber of every server instance.
//!
//! A write that subscribers care about calls [`publish`] inside its transaction with the ids
//! of what changed (never the data: each subscription re-reads it under its subscriber's own
//! access rules). On PostgreSQL that is `pg_notify`, which the database delivers at commit,
//! and to nobody if the transaction rolls back; every instance LISTENs on a connection of its
//! own ([`listen`]) and forwards into its [`Bus`]. On SQLite the event waits in the request's
//! [`outbox`] and goes into the instance's bus once the transaction has committed.

pub mod listen;
pub mod outbox;

use std::sync::Arc;

use diesel_async::RunQueryDsl;
use serde::{Deserialize, Serialize};
use tokio::sync::{Semaphore, broadcast};

use crate::db::DbConn;
use crate::ids::{ApplicationId, EventId, KelurahanId, ProductId};

/// The PostgreSQL channel every instance listens on.
pub const CHANNEL: &str = "umkm_live";

/// Events an instance holds for a slow subscriber before it skips the oldest.
const BUS_CAPACITY: usize = 1024;

/// Something changed: ids only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum LiveEvent {
    /// A financing application was created or moved to another status.
    ApplicationStatus { application: i64 },
    /// A product became retail-ready, or stopped being ready.
    ProductReadiness { product: i64, kelurahan: i64, ready: bool },
    /// A member registered for an event.
    EventRegistrations { event: i64 },
}

impl LiveEvent {
    pub fn application_status(id: ApplicationId) -> Self {
        LiveEvent::ApplicationStatus { application: id.0 }
    }

    pub fn product_readiness(product: ProductId, kelurahan: KelurahanId, ready: bool) -> Self {
        LiveEvent::ProductReadiness { product: product.0, kelurahan: kelurahan.0, ready }
    }

    pub fn event_registrations(id: EventId) -> Self {
        LiveEvent::EventRegistrations { event: id.0 }
    }
}

/// One instance's events, fanned out to its subscriptions.
#[derive(Clone)]
pub struct Bus {
    sender: broadcast::Sender<LiveEvent>,
}

impl Default for Bus {
    fn default() -> Self {
        Bus { sender: broadcast::channel(BUS_CAPACITY).0 }
    }
}

impl Bus {
    /// Hands `event` to every current subscription of this instance.
    pub fn send(&self, event: LiveEvent) {
        // No receiver means no subscriber: nothing to tell.
        let _ = self.sender.send(event);
    }

    pub fn subscribe(&self) -> broadcast::Receiver<LiveEvent> {
        self.sender.subscribe()
    }
}

/// What an instance needs to serve subscriptions: its bus, the PostgreSQL listener feeding
/// it (if any), and the bound on open subscription sockets.
#[derive(Clone)]
pub struct Live {
    pub bus: Bus,
    pub sockets: Arc<Semaphore>,
    pub max_subscriptions_per_socket: usize,
    /// Ends the listener task when the last clone of the instance goes.
    _listener: Option<Arc<listen::ListenerHandle>>,
}

impl Live {
    /// The live side of an instance over `db`: on PostgreSQL it starts the listener task.
    pub fn start(db: &crate::db::Database, max_sockets: usize, max_subscriptions_per_socket: usize) -> Self {
        let bus = Bus::default();
        let listener = listen::spawn_if_postgres(db, bus.clone()).map(Arc::new);
        Live {
            bus,
            sockets: Arc::new(Semaphore::new(max_sockets.max(1))),
            max_subscriptions_per_socket: max_subscriptions_per_socket.max(1),
            _listener: listener,
        }
    }

    /// Whether the instance's PostgreSQL listener is listening (always true on SQLite).
    pub fn is_listening(&self) -> bool {
        self._listener.as_ref().is_none_or(|listener| listener.is_listening())
    }
}

/// Tells subscribers about `event` once the caller's transaction commits (nothing if it rolls
/// back). Call it inside the transaction that makes the change.
pub async fn publish(conn: &mut DbConn, event: LiveEvent) -> diesel::QueryResult<()> {
    match conn {
        DbConn::Postgres(conn) => {
            let payload =
                serde_json::to_string(&event).map_err(|e| diesel::result::Error::SerializationError(e.into()))?;
            diesel::sql_query("SELECT pg_notify($1, $2)")
                .bind::<diesel::sql_types::Text, _>(CHANNEL)
                .bind::<diesel::sql_types::Text, _>(payload)
                .execute(&mut **conn)
                .await?;
            Ok(())
        }
        DbConn::Sqlite(_) => {
            outbox::hold(event);
            Ok(())
        }
    }
}
