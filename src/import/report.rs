//! The row-by-row report of an import: what was refused, where, and why; as GraphQL objects
//! and as a CSV file (`row,column,code,message`).

use crate::graphql::language::{Language, Text};
use crate::graphql::user_error::{Problem, UserError, UserErrorCode};

/// One refusal: the row of the file (the header is row 1), the column, a stable code and a
/// message for a person (which never repeats personal data).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    pub row: usize,
    pub column: Option<&'static str>,
    pub code: UserErrorCode,
    pub message: Text,
}

impl RowError {
    pub fn new(row: usize, column: Option<&'static str>, problem: &Problem) -> Self {
        RowError { row, column, code: problem.code(), message: problem.text() }
    }

    /// A mutation's user error, moved to a row and column of the file.
    pub fn from_user_error(row: usize, column: &'static str, error: UserError) -> Self {
        RowError { row, column: Some(column), code: error.code, message: error.message }
    }
}

/// What an import did (or, on a dry run or a refusal, would have done).
#[derive(Debug, Clone, Default)]
pub struct ImportOutcome {
    /// Data rows read from the file.
    pub rows: usize,
    /// Rows written as new records.
    pub created: usize,
    /// Rows whose record is in the registry already, with the same data.
    pub unchanged: usize,
    /// Rows refused (or, in an all-or-nothing import with refusals, rows not written).
    pub refused: usize,
    /// Groups (group files) or products (product files) created.
    pub records_created: usize,
    /// Whether anything was written.
    pub written: bool,
    /// Every refusal, by row.
    pub errors: Vec<RowError>,
    /// The file's encoding as read: "UTF-8" or "Windows-1252".
    pub encoding: &'static str,
}

impl ImportOutcome {
    /// The outcome of a file refused as a whole (no header, a missing column, not CSV).
    pub fn refused(errors: Vec<RowError>) -> Self {
        ImportOutcome { errors, ..ImportOutcome::default() }
    }

    /// The report as CSV text (UTF-8, comma-separated, a header line), in `language`.
    pub fn report_csv(&self, language: Language) -> String {
        let mut writer = csv::Writer::from_writer(Vec::new());
        // Writing to memory cannot fail.
        let _ = writer.write_record(["row", "column", "code", "message"]);
        for error in &self.errors {
            let code = code_name(error.code);
            let row = error.row.to_string();
            let _ = writer.write_record([
                row.as_str(),
                error.column.unwrap_or(""),
                code,
                error.message.in_language(language),
            ]);
        }
        String::from_utf8(writer.into_inner().unwrap_or_default()).unwrap_or_default()
    }

    /// Sorts the refusals by row, then column, so that the report reads like the file.
    pub fn sort_errors(&mut self) {
        self.errors.sort_by(|a, b| (a.row, a.column).cmp(&(b.row, b.column)));
        self.errors.dedup();
    }
}

/// The wire name of a code, e.g. `INVALID_NIK`.
pub fn code_name(code: UserErrorCode) -> &'static str {
    <UserErrorCode as async_graphql::resolver_utils::EnumType>::items()
        .iter()
        .find(|item| item.value == code)
        .map_or("", |item| item.name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_csv_report_quotes_messages() {
        let outcome = ImportOutcome {
            errors: vec![RowError::new(3, Some("nik"), &Problem::DuplicateNik)],
            ..ImportOutcome::default()
        };
        let report = outcome.report_csv(Language::English);
        assert_eq!(
            report,
            "row,column,code,message\n3,nik,DUPLICATE_NIK,this NIK is already registered for a member\n"
        );
        assert!(outcome.report_csv(Language::Indonesian).contains("DUPLICATE_NIK"));
    }
}
