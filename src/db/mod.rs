//! One database layer over two backends (SQLite by default, PostgreSQL for deployments).
//!
//! The backend is chosen from the URL in one place ([`Database::connect`]); every query is
//! written once inside [`db_run!`], which expands it into one match arm per backend so that
//! each is type-checked against its own diesel backend.

mod instrument;
mod migrate;
pub mod page;
mod rows;
pub mod schema;
pub mod sql;
mod text_enum;
mod url;

use diesel::SqliteConnection;
use diesel::result::QueryResult;
use diesel_async::pooled_connection::deadpool::{Object, Pool};
use diesel_async::pooled_connection::{AsyncDieselConnectionManager, ManagerConfig, RecyclingMethod};
use diesel_async::sync_connection_wrapper::SyncConnectionWrapper;
use diesel_async::{AsyncConnection, AsyncPgConnection, SimpleAsyncConnection, TransactionManager};
use futures_util::FutureExt;
use std::time::Duration;

pub use self::instrument::{RequestStatements, StatementCounter};
pub use self::text_enum::TextEnum;
pub use self::url::DatabaseUrl;

/// SQLite as diesel-async drives it: the synchronous connection on a blocking thread.
pub type SqliteConn = SyncConnectionWrapper<SqliteConnection>;

/// Which database engine a URL points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Postgres,
    Sqlite,
}

#[derive(Clone)]
enum Pools {
    Postgres(Pool<AsyncPgConnection>),
    Sqlite(Pool<SqliteConn>),
}

/// A pooled connection to whichever backend is configured. Model functions take
/// `&mut DbConn` and use [`db_run!`] to write their query once.
// A checked-out connection is held by one request and passed by reference, never moved
// around in bulk, so boxing the larger variant would buy nothing.
#[allow(clippy::large_enum_variant)]
pub enum DbConn {
    Postgres(Object<AsyncPgConnection>),
    Sqlite(Object<SqliteConn>),
}

/// Runs `$body` with `$conn` rebound to the concrete connection of the active backend.
///
/// `$conn` must be a `&mut DbConn`. The body is compiled once per backend.
#[macro_export]
macro_rules! db_run {
    ($conn:ident: $body:block) => {
        match $conn {
            $crate::db::DbConn::Postgres($conn) => {
                let $conn: &mut diesel_async::AsyncPgConnection = &mut **$conn;
                $body
            }
            $crate::db::DbConn::Sqlite($conn) => {
                let $conn: &mut $crate::db::SqliteConn = &mut **$conn;
                $body
            }
        }
    };
}

/// Failure to reach the database at all (as opposed to a failing query).
#[derive(Debug, thiserror::Error)]
pub enum ConnectError {
    #[error("invalid database URL: {0}")]
    Url(String),
    #[error("cannot open a database connection: {0}")]
    Pool(String),
    #[error("cannot run migrations: {0}")]
    Migrations(String),
}

/// The application's handle on its database: a pool, the backend and a statement counter.
#[derive(Clone)]
pub struct Database {
    pools: Pools,
    statements: StatementCounter,
    /// The statements of the request this handle serves (see [`Database::for_request`]).
    request: Option<RequestStatements>,
}

/// Short OLTP statements: JIT compilation costs more than it saves (it switched on for the
/// product pages and took 3/4 of their time).
const POSTGRES_SETUP: &str = "SET jit = off";

const SQLITE_SETUP: &str = "PRAGMA busy_timeout = 5000; PRAGMA journal_mode = WAL; \
     PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;";

/// How many connections the pool keeps and how long a request waits for one.
#[derive(Debug, Clone, Copy)]
pub struct PoolSettings {
    /// Connections at most (PostgreSQL; SQLite allows one writer at a time anyway).
    pub max_size: usize,
    /// How long a request waits for a free connection, or for a new one to open, before it
    /// is answered UNAVAILABLE instead of queueing without end.
    pub wait_timeout: Duration,
}

impl Default for PoolSettings {
    fn default() -> Self {
        PoolSettings { max_size: 10, wait_timeout: Duration::from_secs(5) }
    }
}

impl Database {
    /// Opens a pool for `url` with the default [`PoolSettings`].
    pub async fn connect(url: &str) -> Result<Self, ConnectError> {
        Self::connect_with(url, PoolSettings::default()).await
    }

    /// Opens a pool for `url` (see [`DatabaseUrl::parse`]) and checks that a connection works.
    /// Does not migrate: call [`Database::migrate`].
    pub async fn connect_with(url: &str, settings: PoolSettings) -> Result<Self, ConnectError> {
        let url = DatabaseUrl::parse(url).map_err(ConnectError::Url)?;
        let statements = StatementCounter::default();
        let pools = match url.backend {
            Backend::Postgres => {
                let manager = manager::<AsyncPgConnection>(&url.target, POSTGRES_SETUP, &statements);
                Pools::Postgres(bounded_pool(Pool::builder(manager), settings)?)
            }
            Backend::Sqlite => {
                let manager = manager::<SqliteConn>(&url.target, SQLITE_SETUP, &statements);
                Pools::Sqlite(bounded_pool(Pool::builder(manager), settings)?)
            }
        };
        let db = Self { pools, statements, request: None };
        db.conn().await.map_err(|e| ConnectError::Pool(e.to_string()))?;
        Ok(db)
    }

    /// Takes a connection from the pool. Its statements count for this handle's request
    /// until it goes back.
    pub async fn conn(&self) -> Result<DbConn, PoolError> {
        let instrumentation = self.statements.instrumentation(self.request.clone());
        Ok(match &self.pools {
            Pools::Postgres(pool) => {
                let mut conn = pool.get().await.map_err(|e| PoolError(e.to_string()))?;
                conn.set_instrumentation(instrumentation);
                DbConn::Postgres(conn)
            }
            Pools::Sqlite(pool) => {
                let mut conn = pool.get().await.map_err(|e| PoolError(e.to_string()))?;
                conn.set_instrumentation(instrumentation);
                DbConn::Sqlite(conn)
            }
        })
    }

    /// A handle on the same pool that also counts its statements in `statements`: one
    /// request's view of the database.
    pub fn for_request(&self, statements: RequestStatements) -> Database {
        Database { request: Some(statements), ..self.clone() }
    }

    /// Which engine this database runs on.
    pub fn backend(&self) -> Backend {
        match &self.pools {
            Pools::Postgres(_) => Backend::Postgres,
            Pools::Sqlite(_) => Backend::Sqlite,
        }
    }

    /// The pool's connections: (at most, open, in use, requests waiting for one).
    pub fn pool_status(&self) -> PoolStatus {
        let status = match &self.pools {
            Pools::Postgres(pool) => pool.status(),
            Pools::Sqlite(pool) => pool.status(),
        };
        PoolStatus {
            max_size: status.max_size,
            size: status.size,
            in_use: status.size.saturating_sub(status.available),
            waiting: status.waiting,
        }
    }

    /// Whether every migration this build knows of has been applied.
    pub async fn is_migrated(&self) -> Result<bool, PoolError> {
        let mut conn = self.conn().await?;
        Ok(migrate::is_current(&mut conn).await)
    }

    /// How many SQL statements this database handle has sent so far (for N+1 tests).
    pub fn statements_executed(&self) -> u64 {
        self.statements.get()
    }

    /// A PostgreSQL connection of its own, taken out of the pool for good (for LISTEN);
    /// `None` on SQLite.
    pub async fn dedicated_postgres(&self) -> Option<Result<AsyncPgConnection, PoolError>> {
        let Pools::Postgres(pool) = &self.pools else { return None };
        Some(pool.get().await.map(Object::take).map_err(|e| PoolError(e.to_string())))
    }

    /// Applies every pending migration of the active backend.
    pub async fn migrate(&self) -> Result<(), ConnectError> {
        let conn = self.conn().await.map_err(|e| ConnectError::Pool(e.to_string()))?;
        migrate::run_pending(conn).await.map_err(ConnectError::Migrations)
    }
}

/// A manager of connections to `target` that run `setup` once open and count their
/// statements in `statements`; pooled connections are recycled without a test query.
fn manager<C: AsyncConnection + 'static>(
    target: &str,
    setup: &'static str,
    statements: &StatementCounter,
) -> AsyncDieselConnectionManager<C> {
    let counter = statements.clone();
    let mut config = ManagerConfig::<C>::default();
    config.recycling_method = RecyclingMethod::Fast;
    config.custom_setup = Box::new(move |target| {
        let counter = counter.clone();
        async move {
            let mut conn = C::establish(target).await?;
            conn.batch_execute(setup).await.map_err(diesel::ConnectionError::CouldntSetupConfiguration)?;
            conn.set_instrumentation(counter.instrumentation(None));
            Ok(conn)
        }
        .boxed()
    });
    AsyncDieselConnectionManager::new_with_config(target, config)
}

/// A pool whose waits are bounded by `settings` (the timeouts need deadpool's tokio runtime).
fn bounded_pool<M: deadpool::managed::Manager>(
    builder: deadpool::managed::PoolBuilder<M>,
    settings: PoolSettings,
) -> Result<deadpool::managed::Pool<M>, ConnectError> {
    let wait = Some(settings.wait_timeout);
    builder
        .max_size(settings.max_size)
        .runtime(deadpool::Runtime::Tokio1)
        .wait_timeout(wait)
        .create_timeout(wait)
        .recycle_timeout(wait)
        .build()
        .map_err(|e| ConnectError::Pool(e.to_string()))
}

/// A snapshot of the pool, for metrics.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PoolStatus {
    pub max_size: usize,
    pub size: usize,
    pub in_use: usize,
    pub waiting: usize,
}

/// The pool could not hand out a connection.
#[derive(Debug, thiserror::Error)]
#[error("database unavailable: {0}")]
pub struct PoolError(pub String);

impl DbConn {
    /// Runs `body` in one transaction: committed when it returns `Ok`, rolled back otherwise.
    ///
    /// SQLite transactions start `IMMEDIATE` so that two writers queue on the busy timeout
    /// instead of failing when a read lock would have to be upgraded.
    pub async fn transaction<R, E>(&mut self, body: impl AsyncFnOnce(&mut DbConn) -> Result<R, E>) -> Result<R, E>
    where
        E: From<diesel::result::Error>,
    {
        self.begin().await?;
        // Live events of a transaction that does not commit are never told.
        let held = crate::live::outbox::mark();
        match body(self).await {
            Ok(value) => {
                self.commit().await.inspect_err(|_| crate::live::outbox::discard_since(held))?;
                Ok(value)
            }
            Err(error) => {
                crate::live::outbox::discard_since(held);
                // The caller's error is what matters; a failed rollback leaves the connection
                // marked broken by the transaction manager, so the pool discards it.
                let _ = self.rollback().await;
                Err(error)
            }
        }
    }

    async fn begin(&mut self) -> QueryResult<()> {
        match self {
            DbConn::Postgres(conn) => {
                <AsyncPgConnection as AsyncConnection>::TransactionManager::begin_transaction(&mut **conn).await
            }
            DbConn::Sqlite(conn) => {
                conn.spawn_blocking(|sqlite| {
                    diesel::connection::AnsiTransactionManager::begin_transaction_sql(sqlite, "BEGIN IMMEDIATE")
                })
                .await
            }
        }
    }

    async fn commit(&mut self) -> QueryResult<()> {
        let conn = self;
        db_run!(conn: { commit_on(conn).await })
    }

    async fn rollback(&mut self) -> QueryResult<()> {
        let conn = self;
        db_run!(conn: { rollback_on(conn).await })
    }

    /// A trivial round trip, for health checks.
    pub async fn ping(&mut self) -> QueryResult<()> {
        let conn = self;
        db_run!(conn: { conn.batch_execute("SELECT 1").await })
    }
}

/// Commits the open transaction of a backend's connection.
async fn commit_on<C: AsyncConnection>(conn: &mut C) -> QueryResult<()> {
    C::TransactionManager::commit_transaction(conn).await
}

/// Rolls back the open transaction of a backend's connection.
async fn rollback_on<C: AsyncConnection>(conn: &mut C) -> QueryResult<()> {
    C::TransactionManager::rollback_transaction(conn).await
}
