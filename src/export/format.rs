//! How an export is written: RFC 4180 CSV in UTF-8 (comma, CRLF, quotes only where needed),
//! or the same for Excel as Indonesian locales set it up (semicolon, and a byte-order mark
//! without which Excel reads UTF-8 as Windows-1252).

use crate::error::AppError;

/// The flavour of CSV a client asked for.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum CsvFormat {
    /// RFC 4180: `,` between fields, CRLF after each record, no byte-order mark.
    #[default]
    Rfc4180,
    /// Excel with Indonesian regional settings: `;` between fields (the comma is the decimal
    /// separator there), a UTF-8 byte-order mark first, and cells that Excel would run as a
    /// formula made plain text.
    Excel,
}

/// The UTF-8 byte-order mark.
const BOM: &[u8] = b"\xEF\xBB\xBF";

impl CsvFormat {
    /// What the file starts with, before its header.
    pub fn preamble(self) -> &'static [u8] {
        match self {
            CsvFormat::Rfc4180 => b"",
            CsvFormat::Excel => BOM,
        }
    }

    /// `records` as CSV bytes of this format.
    pub fn write<R, F>(self, records: R) -> Result<Vec<u8>, AppError>
    where
        R: IntoIterator<Item = F>,
        F: IntoIterator<Item = String>,
    {
        let delimiter = match self {
            CsvFormat::Rfc4180 => b',',
            CsvFormat::Excel => b';',
        };
        let mut writer =
            csv::WriterBuilder::new().delimiter(delimiter).terminator(csv::Terminator::CRLF).from_writer(Vec::new());
        let failed = |error: csv::Error| AppError::Internal(format!("writing CSV: {error}"));
        for record in records {
            let record = record.into_iter().map(|cell| self.cell(cell));
            writer.write_record(record).map_err(failed)?;
        }
        writer.into_inner().map_err(|error| AppError::Internal(format!("writing CSV: {error}")))
    }

    /// A cell as this format writes it. For Excel, text that starts like a formula (`=`, `+`,
    /// `-`, `@`, a tab or a carriage return) gets a leading apostrophe, so that opening the
    /// file never runs what someone typed into a product name (CSV injection); a plain signed
    /// number such as a phone number "+62812…" is left as it is.
    fn cell(self, cell: String) -> String {
        let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
        let signed_number = cell.len() > 1 && cell[1..].bytes().all(|b| b.is_ascii_digit());
        if self == CsvFormat::Excel && risky && !signed_number { format!("'{cell}") } else { cell }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(format: CsvFormat, records: Vec<Vec<&str>>) -> String {
        let records = records.into_iter().map(|r| r.into_iter().map(String::from).collect::<Vec<_>>());
        String::from_utf8(format.write(records).unwrap()).unwrap()
    }

    #[test]
    fn rfc_4180_quotes_only_where_needed_and_ends_records_with_crlf() {
        let written = text(CsvFormat::Rfc4180, vec![vec!["a", "b c"], vec!["x, y", "say \"hi\"\nthen go"]]);
        assert_eq!(written, "a,b c\r\n\"x, y\",\"say \"\"hi\"\"\nthen go\"\r\n");
        assert_eq!(text(CsvFormat::Rfc4180, vec![vec!["=1+1", "-2+3"]]), "=1+1,-2+3\r\n");
    }

    #[test]
    fn excel_uses_semicolons_and_defuses_formulas() {
        let written =
            text(CsvFormat::Excel, vec![vec!["1,5", "=HYPERLINK(\"x\")", "+6281234567890", "-2+3", "@SUM(A1)"]]);
        assert_eq!(written, "1,5;\"'=HYPERLINK(\"\"x\"\")\";+6281234567890;'-2+3;'@SUM(A1)\r\n");
        assert_eq!(text(CsvFormat::Excel, vec![vec!["a;b", "-"]]), "\"a;b\";'-\r\n");
        assert_eq!(CsvFormat::Excel.preamble(), BOM);
        assert!(CsvFormat::Rfc4180.preamble().is_empty());
    }
}
