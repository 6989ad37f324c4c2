//! Importing the Dinas's spreadsheets (CSV): groups with their members, and products with
//! their permits. Every row is checked by the rules the mutations apply; the report lists
//! every refusal by row and column. By default an import is all or nothing: one refused row
//! and nothing is written. Records already registered with the same data are reported
//! unchanged, so importing the same file twice creates nothing the second time; a row whose
//! record is registered with other data is refused (CONFLICTING_ROW): an import only adds,
//! corrections go through the update mutations.

pub mod cli;
pub mod format;
pub mod graphql;
mod group_checks;
pub mod groups;
mod product_store;
pub mod products;
pub mod report;
mod store;
pub mod values;

use self::format::{Row, read_rows};
use self::groups::{GroupColumn, GroupPlan};
pub use self::report::{ImportOutcome, RowError};
use crate::access::Viewer;
use crate::clock;
use crate::db::DbConn;
use crate::error::AppResult;

/// What a file holds.
#[derive(async_graphql::Enum, Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ImportKind {
    /// Business groups and their members: one row per member.
    Groups,
    /// Products of registered groups with their permits: one row per product.
    Products,
}

/// How to import.
#[derive(Debug, Clone, Copy, Default)]
pub struct ImportOptions {
    /// Check everything, write nothing.
    pub dry_run: bool,
    /// Write what is clean (whole groups; single products) even when other rows are refused.
    pub partial: bool,
}

/// Told how far an import has come: a stage ("checking", "writing") and rows done of all.
pub type Progress<'a> = &'a (dyn Fn(&'static str, usize, usize) + Sync);

/// Rows between two progress reports.
const PROGRESS_EVERY: usize = 2_000;

/// What an import of either kind runs with: who imports, how, and whom to tell how far it
/// has come.
#[derive(Clone, Copy)]
struct Job<'a> {
    viewer: &'a Viewer,
    options: ImportOptions,
    progress: Progress<'a>,
}

impl Job<'_> {
    /// Checks every row with `check`, reporting progress every [`PROGRESS_EVERY`] rows.
    fn check_rows<C>(&self, rows: &[Row<C>], mut check: impl FnMut(&Row<C>)) {
        for (done, row) in rows.iter().enumerate() {
            check(row);
            if done % PROGRESS_EVERY == 0 {
                (self.progress)("checking", done, rows.len());
            }
        }
    }

    /// Whether the clean rows are kept: all rows are clean, or the import is partial.
    fn keeps_clean_rows(&self, refused_any: bool) -> bool {
        self.options.partial || !refused_any
    }
}

/// Imports a file for `viewer` (ADMIN anywhere; an OFFICER's rows of other kelurahan are
/// refused one by one). Checks and writes run in one transaction.
pub async fn import(
    conn: &mut DbConn,
    viewer: &Viewer,
    kind: ImportKind,
    bytes: &[u8],
    options: ImportOptions,
    progress: Progress<'_>,
) -> AppResult<ImportOutcome> {
    viewer.require_any_registry_write()?;
    let (text, encoding) = format::decode(bytes);
    let job = Job { viewer, options, progress };
    let mut outcome = match kind {
        ImportKind::Groups => match read_rows(&text) {
            Ok(rows) => import_groups(conn, job, rows).await?,
            Err(errors) => ImportOutcome::refused(errors),
        },
        ImportKind::Products => match read_rows(&text) {
            Ok(rows) => products::import(conn, job, rows).await?,
            Err(errors) => ImportOutcome::refused(errors),
        },
    };
    outcome.encoding = encoding;
    outcome.sort_errors();
    Ok(outcome)
}

async fn import_groups(conn: &mut DbConn, job: Job<'_>, rows: Vec<Row<GroupColumn>>) -> AppResult<ImportOutcome> {
    let Job { viewer, options, progress } = job;
    let now = clock::now_utc();
    conn.transaction(async |conn| {
        let kelurahans = store::kelurahans(conn).await?;
        let mut plan = GroupPlan::default();
        job.check_rows(&rows, |row| plan.add_row(viewer, &kelurahans, row));
        let holders = store::holders(conn, &plan.niks()).await?;
        let registered = store::groups_in(conn, &plan.kelurahan_ids()).await?;
        plan.match_groups(registered);
        plan.check_holders(viewer, holders);
        let existing: Vec<_> = plan.groups.iter().filter_map(|g| g.existing.as_ref().map(|g| g.id)).collect();
        let roles = store::roles_in(conn, &existing).await?;
        plan.check_groups(&roles);
        progress("checking", rows.len(), rows.len());
        let clean = plan.clean_groups();
        let keeps = job.keeps_clean_rows(!plan.errors.is_empty());
        let writes = keeps && !options.dry_run;
        let accepted = if keeps { clean } else { Vec::new() };
        let mut outcome = tally(&plan, &accepted);
        if writes && outcome.created > 0 {
            progress("writing", 0, outcome.created);
            let (groups, members) = plan.write(conn, viewer, &accepted, now).await?;
            progress("writing", members, outcome.created);
            outcome.records_created = groups;
            outcome.written = true;
        } else if !accepted.is_empty() {
            outcome.records_created = accepted.iter().filter(|g| plan.groups[**g].existing.is_none()).count();
        }
        outcome.errors = std::mem::take(&mut plan.errors);
        AppResult::Ok(outcome)
    })
    .await
}

/// Counts a plan's rows: created (or, on a dry run, would be), unchanged, refused.
fn tally(plan: &GroupPlan, accepted: &[usize]) -> ImportOutcome {
    let accepted_rows: std::collections::HashSet<usize> =
        accepted.iter().flat_map(|g| plan.groups[*g].members.iter().copied()).collect();
    let bad: std::collections::HashSet<usize> = plan.errors.iter().map(|e| e.row).collect();
    let unchanged = plan.members.iter().filter(|m| m.unchanged && !bad.contains(&m.row)).count();
    let created = plan.members.iter().enumerate().filter(|(i, m)| accepted_rows.contains(i) && !m.unchanged).count();
    ImportOutcome {
        rows: plan.members.len(),
        created,
        unchanged,
        refused: plan.members.len() - created - unchanged,
        ..ImportOutcome::default()
    }
}
