//! Embedded migrations, one directory per backend (`migrations/postgres`, `migrations/sqlite`).

use diesel_async::AsyncMigrationHarness;
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

use super::DbConn;

const POSTGRES: EmbeddedMigrations = embed_migrations!("migrations/postgres");
const SQLITE: EmbeddedMigrations = embed_migrations!("migrations/sqlite");

/// Runs the pending migrations. The harness blocks (`block_in_place`), so this needs the
/// multi-threaded tokio runtime.
pub(super) async fn run_pending(conn: DbConn) -> Result<(), String> {
    match conn {
        DbConn::Postgres(conn) => {
            let mut harness = AsyncMigrationHarness::new(conn);
            harness.run_pending_migrations(POSTGRES).map(drop).map_err(|e| e.to_string())
        }
        DbConn::Sqlite(conn) => {
            let mut harness = AsyncMigrationHarness::new(conn);
            harness.run_pending_migrations(SQLITE).map(drop).map_err(|e| e.to_string())
        }
    }
}
