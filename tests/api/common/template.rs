//! A template database per test run: migrated and loaded with Palu's geography once, then
//! copied for each test (SQLite: a file copy; PostgreSQL: `CREATE DATABASE … TEMPLATE …`).
//!
//! The template's name carries a fingerprint of the migrations and of the geography, so a
//! change to either makes a new template instead of reusing a stale one. Several test
//! processes (both binaries of `cargo test`, or another checkout's run) may start at once:
//! an SQLite template is written to a private file and renamed into place (atomic), a
//! PostgreSQL template is built under an advisory lock and renamed into place when complete.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::Duration;

use diesel::QueryableByName;
use diesel::sql_types::BigInt;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl, SimpleAsyncConnection};
use sha2::{Digest, Sha256};
use umkm_graph::server::App;

/// Any fixed number: the advisory lock every test process takes to build the template.
const TEMPLATE_LOCK: i64 = 7_271_000_012;

/// The SQLite template file of this run, built by the first test that asks.
pub fn sqlite() -> &'static Path {
    static TEMPLATE: OnceLock<PathBuf> = OnceLock::new();
    TEMPLATE.get_or_init(|| {
        let path = std::env::temp_dir().join(format!("umkm_template_{}.db", fingerprint("sqlite")));
        if !path.exists() {
            block_on_own_runtime(build_sqlite(path.clone()));
        }
        path
    })
}

/// The name of the PostgreSQL template database of this run, built by the first test of
/// the first process that asks.
pub fn postgres(admin_url: &str) -> &'static str {
    static TEMPLATE: OnceLock<String> = OnceLock::new();
    TEMPLATE.get_or_init(|| {
        let admin_url = admin_url.to_string();
        block_on_own_runtime(async move { ensure_postgres(&admin_url).await })
    })
}

/// Runs `work` to the end on a runtime of its own. Tests call this from inside their own
/// runtime, where blocking on another future is not allowed, so it runs on a fresh thread;
/// migrations need the multi-threaded runtime.
fn block_on_own_runtime<T: Send + 'static>(work: impl Future<Output = T> + Send + 'static) -> T {
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build();
        runtime.expect("a runtime for the template").block_on(work)
    })
    .join()
    .expect("build the template database")
}

/// A short hash of everything the template holds: the migrations of `backend` and the
/// geography the application loads on start.
fn fingerprint(backend: &str) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    collect_files(&root.join("migrations").join(backend), &mut files);
    files.push(root.join("src/geography/palu-wilayah.csv"));
    files.sort();
    let mut hash = Sha256::new();
    for file in &files {
        hash.update(file.strip_prefix(root).unwrap_or(file).to_string_lossy().as_bytes());
        hash.update(std::fs::read(file).unwrap_or_else(|e| panic!("read {}: {e}", file.display())));
    }
    format!("{:x}", hash.finalize())[..16].to_string()
}

fn collect_files(dir: &Path, files: &mut Vec<PathBuf>) {
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("read {}: {e}", dir.display()));
    for entry in entries {
        let path = entry.expect("directory entry").path();
        if path.is_dir() { collect_files(&path, files) } else { files.push(path) }
    }
}

/// A name no other process or test uses at the same time.
fn private_suffix() -> String {
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.subsec_nanos());
    format!("{}_{nanos}", std::process::id())
}

/// Starts the application once over a private file, compacts it into one file (no WAL) and
/// renames that into place.
async fn build_sqlite(path: PathBuf) {
    let private = |what: &str| std::env::temp_dir().join(format!("umkm_template_{}_{what}.db", private_suffix()));
    let (scratch, compact) = (private("scratch"), private("compact"));
    let app = App::start(&format!("sqlite://{}", scratch.display())).await.expect("start over the template");
    let mut held = app.db.conn().await.expect("a connection to the template");
    let conn = &mut held;
    let vacuum = format!("VACUUM INTO '{}'", compact.display());
    umkm_graph::db_run!(conn: { conn.batch_execute(&vacuum).await }).expect("compact the template");
    drop((held, app));
    std::fs::rename(&compact, &path).expect("put the template in place");
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", scratch.display()));
    }
}

/// A row count, read back from SQL.
#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

/// Makes the template database unless it exists. The advisory lock makes one process build
/// it while the others wait; the lock goes with the session, so a crashed builder does not
/// block the next run, and its half-built database (the `_building` name) is dropped first.
async fn ensure_postgres(admin_url: &str) -> String {
    let name = format!("umkm_template_{}", fingerprint("postgres"));
    let building = format!("{name}_building");
    let mut admin = AsyncPgConnection::establish(admin_url).await.expect("connect to PostgreSQL for tests");
    admin.batch_execute(&format!("SELECT pg_advisory_lock({TEMPLATE_LOCK})")).await.expect("take the template lock");
    let exists = diesel::sql_query(format!("SELECT COUNT(*) AS n FROM pg_database WHERE datname = '{name}'"))
        .get_result::<Count>(&mut admin)
        .await
        .expect("look for the template")
        .n
        > 0;
    if !exists {
        // One statement per call: CREATE DATABASE cannot share an (implicit) transaction.
        let drop_leftover = format!("DROP DATABASE IF EXISTS {building} WITH (FORCE)");
        admin.batch_execute(&drop_leftover).await.expect("drop a half-built template");
        admin.batch_execute(&format!("CREATE DATABASE {building}")).await.expect("create the template database");
        let app = App::start(&super::with_database(admin_url, &building)).await.expect("start over the template");
        drop(app);
        // The pool's sessions close in the background: shut the door, then rename once they
        // are gone (a database with sessions cannot be renamed or copied).
        let sql = format!(
            "ALTER DATABASE {building} ALLOW_CONNECTIONS false; \
             SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{building}'"
        );
        admin.batch_execute(&sql).await.expect("close the template to sessions");
        rename_when_idle(&mut admin, &building, &name).await;
    }
    admin.batch_execute(&format!("SELECT pg_advisory_unlock({TEMPLATE_LOCK})")).await.expect("release the lock");
    name
}

async fn rename_when_idle(admin: &mut AsyncPgConnection, from: &str, to: &str) {
    let sql = format!("ALTER DATABASE {from} RENAME TO {to}; ALTER DATABASE {to} IS_TEMPLATE true");
    for _ in 0..100 {
        if admin.batch_execute(&sql).await.is_ok() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the template database {from} kept its sessions");
}
