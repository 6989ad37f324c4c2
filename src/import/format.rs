//! Reading the Dinas's spreadsheets: the encoding (UTF-8 with or without a byte-order mark,
//! else Windows-1252 as Excel in Indonesia saves "CSV"), the delimiter (`,` or `;`, sniffed
//! from the header line) and the header names (case-insensitive, with Indonesian aliases).

use std::collections::HashMap;

use super::report::RowError;
use crate::graphql::user_error::Problem;

/// The text of a file: UTF-8 (a byte-order mark is dropped) when it is valid UTF-8, else
/// Windows-1252, which decodes every byte (Excel's "CSV" on an Indonesian Windows).
pub fn decode(bytes: &[u8]) -> (String, &'static str) {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => (text.to_string(), "UTF-8"),
        Err(_) => {
            let (text, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
            (text.into_owned(), "Windows-1252")
        }
    }
}

/// `;` when the header line has more semicolons than commas (Excel with a comma as the
/// decimal separator writes them), else `,`.
pub fn sniff_delimiter(text: &str) -> u8 {
    let header = text.lines().next().unwrap_or_default();
    let count = |c| header.chars().filter(|x| *x == c).count();
    if count(';') > count(',') { b';' } else { b',' }
}

/// One data row: its line number in the file (the header is row 1) and its cells by column.
#[derive(Debug, Clone)]
pub struct Row<C> {
    pub row: usize,
    pub cells: HashMap<C, String>,
}

impl<C: Copy + Eq + std::hash::Hash> Row<C> {
    /// The trimmed cell, `None` when the column is absent or the cell blank.
    pub fn get(&self, column: C) -> Option<&str> {
        self.cells.get(&column).map(|s| s.trim()).filter(|s| !s.is_empty())
    }

    /// The cell as given (empty when absent), for the validators that trim themselves.
    pub fn raw(&self, column: C) -> &str {
        self.cells.get(&column).map_or("", String::as_str)
    }
}

/// A column of a kind of file: its name in the header and the aliases it is also known by.
/// Declared with [`file_columns!`].
pub trait Column: Copy + Eq + std::hash::Hash + 'static {
    /// Every column of the kind.
    const ALL: &'static [Self];
    /// The documented name (lower case), used in the report.
    fn name(self) -> &'static str;
    /// Other accepted header names (lower case), Indonesian first.
    fn aliases(self) -> &'static [&'static str];
    /// Whether a file without this column is refused.
    fn required(self) -> bool;
}

/// Declares the columns of a kind of file as one table, a line per column: its variant, its
/// documented header name, the aliases it is also known by, and `required` or `optional`.
/// Defines the enum and its [`Column`] implementation, so a column's name, aliases and need
/// are read and changed in one place.
#[macro_export]
macro_rules! file_columns {
    ($(#[$meta:meta])* $vis:vis enum $name:ident {
        $($column:ident = $header:literal, [$($alias:literal),* $(,)?], $need:ident;)*
    }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        $vis enum $name {
            $($column,)*
        }

        impl $crate::import::format::Column for $name {
            const ALL: &'static [Self] = &[$(Self::$column,)*];

            fn name(self) -> &'static str {
                match self {
                    $(Self::$column => $header,)*
                }
            }

            fn aliases(self) -> &'static [&'static str] {
                match self {
                    $(Self::$column => &[$($alias),*],)*
                }
            }

            fn required(self) -> bool {
                match self {
                    $(Self::$column => $crate::file_columns!(@need $need),)*
                }
            }
        }
    };
    (@need required) => { true };
    (@need optional) => { false };
}

/// A header name as compared: lower case, spaces and dashes as underscores.
fn normalise(name: &str) -> String {
    name.trim().trim_start_matches('\u{FEFF}').to_lowercase().replace([' ', '-'], "_")
}

/// The parsed rows of a file, or what is wrong with it as a whole (a header without a
/// required column, at row 1; a line that is not CSV). Unknown columns are ignored (a
/// spreadsheet often has a "No." or notes column).
pub fn read_rows<C: Column>(text: &str) -> Result<Vec<Row<C>>, Vec<RowError>> {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(sniff_delimiter(text))
        .flexible(true)
        .has_headers(true)
        .from_reader(text.as_bytes());
    let headers = reader.headers().map_err(|e| vec![unreadable(&e)])?.clone();
    let mut positions: Vec<(usize, C)> = Vec::new();
    for (index, header) in headers.iter().enumerate() {
        let header = normalise(header);
        if let Some(column) = C::ALL.iter().find(|c| c.name() == header || c.aliases().contains(&header.as_str())) {
            positions.push((index, *column));
        }
    }
    let missing: Vec<RowError> = C::ALL
        .iter()
        .filter(|c| c.required() && !positions.iter().any(|(_, p)| p == *c))
        .map(|c| RowError::new(1, Some(c.name()), &Problem::MissingColumn { column: c.name() }))
        .collect();
    if !missing.is_empty() {
        return Err(missing);
    }
    let mut rows = Vec::new();
    for (index, record) in reader.records().enumerate() {
        let record = record.map_err(|e| vec![unreadable(&e)])?;
        if record.iter().all(|cell| cell.trim().is_empty()) {
            continue;
        }
        let cells = positions.iter().filter_map(|(i, c)| record.get(*i).map(|v| (*c, v.to_string()))).collect();
        // Line numbers as a spreadsheet shows them: the header is row 1.
        let row = record.position().map_or(index + 2, |p| usize::try_from(p.line()).unwrap_or(index + 2));
        rows.push(Row { row, cells });
    }
    Ok(rows)
}

fn unreadable(error: &csv::Error) -> RowError {
    let row = error.position().map_or(1, |p| usize::try_from(p.line()).unwrap_or(1));
    RowError::new(row, None, &Problem::InvalidFile { detail: error.to_string() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_a_byte_order_mark_and_windows_1252() {
        assert_eq!(decode(b"\xEF\xBB\xBFnama\nSag\xC3\xA9l\xC3\xA9"), ("nama\nSagélé".to_string(), "UTF-8"));
        assert_eq!(decode(b"nama\nSag\xE9l\xE9 M\xFCller"), ("nama\nSagélé Müller".to_string(), "Windows-1252"));
    }

    #[test]
    fn the_delimiter_comes_from_the_header() {
        assert_eq!(sniff_delimiter("a;b;c\n1,5;2;3"), b';');
        assert_eq!(sniff_delimiter("a,b,c\n1;2;3"), b',');
        assert_eq!(sniff_delimiter(""), b',');
    }

    #[test]
    fn header_names_are_compared_loosely() {
        assert_eq!(normalise(" Kode Kelurahan "), "kode_kelurahan");
        assert_eq!(normalise("\u{FEFF}NIK"), "nik");
        assert_eq!(normalise("group-name"), "group_name");
    }
}
