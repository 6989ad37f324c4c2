//! Embedded migrations, one directory per backend (`migrations/postgres`, `migrations/sqlite`).

use diesel::migration::MigrationSource;
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

diesel::table! {
    /// diesel's record of the migrations it has applied.
    __diesel_schema_migrations (version) {
        version -> Text,
    }
}

/// Whether the newest migration this build embeds has been applied (false as well when the
/// migrations table cannot be read).
pub(super) async fn is_current(conn: &mut DbConn) -> bool {
    use diesel::{ExpressionMethods, QueryDsl};
    use diesel_async::RunQueryDsl;
    let newest = match conn {
        DbConn::Postgres(_) => newest_embedded::<diesel::pg::Pg>(&POSTGRES),
        DbConn::Sqlite(_) => newest_embedded::<diesel::sqlite::Sqlite>(&SQLITE),
    };
    let Some(newest) = newest else { return true };
    let applied: diesel::QueryResult<i64> = crate::db_run!(conn: {
        __diesel_schema_migrations::table
            .filter(__diesel_schema_migrations::version.eq(&newest))
            .count()
            .get_result(conn)
            .await
    });
    applied.is_ok_and(|count| count > 0)
}

fn newest_embedded<DB: diesel::backend::Backend>(migrations: &EmbeddedMigrations) -> Option<String>
where
    EmbeddedMigrations: MigrationSource<DB>,
{
    let all = MigrationSource::<DB>::migrations(migrations).ok()?;
    all.iter().map(|migration| migration.name().version().to_string()).max()
}
