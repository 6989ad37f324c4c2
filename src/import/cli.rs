//! `umkm-graph import groups|products FILE`: the same import as `importFile`, as the Dinas
//! (ADMIN), with a progress line on stderr.

use std::io::Write;
use std::path::Path;
use std::time::Instant;

use super::{ImportKind, ImportOptions};
use crate::access::{Role, Viewer};
use crate::db::DbConn;
use crate::graphql::language::Language;

/// Refusals printed on stderr at most; the report file holds them all.
const SHOWN: usize = 20;

/// Who the personal-data log records for a command-line import.
fn cli_viewer() -> Viewer {
    let user = std::env::var("USER").unwrap_or_else(|_| "unknown".to_string());
    Viewer { role: Role::Admin, name: Some(format!("command line import ({user})")), ..Viewer::public() }
}

/// A progress line that rewrites itself: `checking 12000/50000 rows`.
fn show_progress(stage: &'static str, done: usize, total: usize) {
    let mut err = std::io::stderr().lock();
    let _ = write!(err, "\r{stage} {done}/{total} rows   ");
    let _ = err.flush();
}

/// Runs an import and prints what it did; `Err` (a non-zero exit) when rows were refused.
pub async fn run(
    conn: &mut DbConn,
    kind: ImportKind,
    file: &Path,
    options: ImportOptions,
    report: Option<&Path>,
) -> Result<(), String> {
    let bytes = std::fs::read(file).map_err(|e| format!("cannot read {}: {e}", file.display()))?;
    let started = Instant::now();
    let viewer = cli_viewer();
    let outcome = super::import(conn, &viewer, kind, &bytes, options, &show_progress)
        .await
        .map_err(|e| e.message().english().to_string())?;
    eprintln!();
    if let Some(path) = report {
        std::fs::write(path, outcome.report_csv(Language::English))
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    for error in outcome.errors.iter().take(SHOWN) {
        eprintln!(
            "row {}{}: {} {}",
            error.row,
            error.column.map(|c| format!(", {c}")).unwrap_or_default(),
            super::report::code_name(error.code),
            error.message.english()
        );
    }
    if outcome.errors.len() > SHOWN {
        eprintln!("... and {} more (see --report)", outcome.errors.len() - SHOWN);
    }
    let verb = if options.dry_run { "would create" } else { "created" };
    println!(
        "{} rows ({}): {verb} {}, unchanged {}, refused {}; {} new {} in {:.1} s",
        outcome.rows,
        outcome.encoding,
        outcome.created,
        outcome.unchanged,
        outcome.refused,
        outcome.records_created,
        if kind == ImportKind::Groups { "groups" } else { "products" },
        started.elapsed().as_secs_f64()
    );
    if outcome.errors.is_empty() {
        Ok(())
    } else {
        Err(format!("{} refusals; nothing refused was written", outcome.errors.len()))
    }
}
