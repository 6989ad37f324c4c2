//! CSV exports for retailers and agencies (served under `/export/` by the HTTP edge): the
//! retail-ready products of a kelurahan or kecamatan, and the public figures of every
//! kelurahan or kecamatan. Each reads through the domains' own model functions, filtering and
//! counting in SQL.

pub mod area;
pub mod figures;
pub mod format;
pub mod retail;

pub use area::ExportArea;
pub use format::CsvFormat;
pub use retail::RetailExport;
