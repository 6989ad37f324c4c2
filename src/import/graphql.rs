//! `importFile`: a spreadsheet sent as a file (GraphQL multipart request), imported as the
//! command line imports it.

use async_graphql::{Context, Object, SimpleObject, Upload};

use super::report::{ImportOutcome, RowError};
use super::{ImportKind, ImportOptions};
use crate::graphql::context::ContextExt;
use crate::graphql::language::{Language, Text};
use crate::graphql::user_error::UserErrorCode;

/// At most this many refusals in `ImportPayload.errors` (the cost model's bound); the CSV
/// report (`reportCsv`) always holds them all.
pub const ERRORS_BOUND: usize = 1_000;

/// A refused row of an imported file.
pub struct ImportRowError(RowError);

/// A refused row of an imported file: where, and why.
#[Object]
impl ImportRowError {
    /// The row of the file, as a spreadsheet numbers it: the header is row 1.
    async fn row(&self) -> i32 {
        i32::try_from(self.0.row).unwrap_or(i32::MAX)
    }

    /// The column, by its documented name (e.g. `nik`); null for a problem of the whole row.
    async fn column(&self) -> Option<&str> {
        self.0.column
    }

    /// Stable code for programs, the same as mutations' `userErrors` carry.
    async fn code(&self) -> UserErrorCode {
        self.0.code
    }

    /// What is wrong, for a person, in the request's language; never repeats personal data.
    async fn message(&self, ctx: &Context<'_>) -> &str {
        self.0.message.in_language(ctx.language())
    }
}

/// What an import did, or (on a dry run, or when it was refused) would have done.
#[derive(SimpleObject)]
pub struct ImportPayload {
    /// Data rows read from the file.
    pub rows: i32,
    /// Rows written as new records (on a dry run: rows that would be). 0 when the import was
    /// refused as a whole.
    pub created: i32,
    /// Rows whose record is registered already with the same data (a re-import).
    pub unchanged: i32,
    /// Rows not imported: refused themselves, in a refused group, or (all or nothing) in a
    /// file with any refusal. `created + unchanged + refused = rows`.
    pub refused: i32,
    /// New groups (a group file) or products (a product file) among the rows created.
    pub records_created: i32,
    /// Whether anything was written.
    pub written: bool,
    /// How the file was read: "UTF-8" or "Windows-1252".
    pub encoding: String,
    /// How many refusals the report holds (all of them, however many `errors` lists).
    pub error_count: i32,
    /// The refusals by row and column, the first 1,000 of them.
    #[graphql(complexity = "crate::graphql::cost::list(ERRORS_BOUND, child_complexity)")]
    pub errors: Vec<ImportRowError>,
    /// The whole report as CSV (`row,column,code,message`), in the request's language.
    pub report_csv: String,
}

fn count(n: usize) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

impl ImportPayload {
    pub fn new(outcome: ImportOutcome, language: Language) -> Self {
        let report_csv = outcome.report_csv(language);
        ImportPayload {
            rows: count(outcome.rows),
            created: count(outcome.created),
            unchanged: count(outcome.unchanged),
            refused: count(outcome.refused),
            records_created: count(outcome.records_created),
            written: outcome.written,
            encoding: outcome.encoding.to_string(),
            error_count: count(outcome.errors.len()),
            errors: outcome.errors.into_iter().take(ERRORS_BOUND).map(ImportRowError).collect(),
            report_csv,
        }
    }
}

#[derive(Default)]
pub struct ImportMutation;

#[Object]
impl ImportMutation {
    /// Imports a CSV file of groups with their members, or of products with their permits
    /// (see the README for the columns), sent as a GraphQL multipart request. ADMIN anywhere;
    /// an OFFICER's rows of other kelurahan are refused (OUTSIDE_KELURAHAN). All or nothing
    /// unless `partial`; importing the same file again creates nothing.
    async fn import_file(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "What the file holds.")] kind: ImportKind,
        #[graphql(desc = "The CSV file: UTF-8 or Windows-1252, separated by `,` or `;`.")] file: Upload,
        #[graphql(desc = "Check every row and report, write nothing (null or omitted: false).")] dry_run: Option<bool>,
        #[graphql(desc = "Write the clean rows even when others are refused; a group with any refused row is \
                          refused whole (null or omitted: false, all or nothing).")]
        partial: Option<bool>,
    ) -> async_graphql::Result<ImportPayload> {
        let viewer = ctx.viewer();
        viewer.require_any_registry_write()?;
        let upload = file.value(ctx).map_err(|_| {
            Text::new("the request carries no such file", "permintaan tidak memuat berkas tersebut").into_error()
        })?;
        let mut conn = ctx.conn().await?;
        let options = ImportOptions { dry_run: dry_run.unwrap_or(false), partial: partial.unwrap_or(false) };
        let outcome = super::import(&mut conn, viewer, kind, &upload.content, options, &|_, _, _| {}).await?;
        Ok(ImportPayload::new(outcome, ctx.language()))
    }
}
