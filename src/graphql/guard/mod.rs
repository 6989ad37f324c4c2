//! The guard in front of the executor: what a request may ask for before any work is done,
//! what it costs, and a stable `extensions.code` on every error it gets back.
//!
//! async-graphql's parser recurses into nested values and its depth and directive checks
//! expand fragments without memory, so a small text can exhaust the stack or the CPU before
//! its own limits apply. [`QueryGuard`] therefore checks the text first (size, tokens,
//! bracket nesting), then the variables, then parses once and measures the document with
//! fragments expanded (memoised), and only then hands it on.
//!
//! The parts: `text` checks the text and the variables before anything parses them,
//! `document` parses once and measures the document, `extension` runs the checks inside
//! async-graphql's request pipeline and executes what passed.

mod document;
mod extension;
mod text;

use async_graphql::ServerError;

use super::language::Text;

pub use self::document::{check_document, parse_guarded};
pub use self::extension::{Checked, QueryGuard, RequestGuardExtension, execute};
pub use self::text::{check_text, check_variables};

/// Longest query text accepted, in bytes.
pub const MAX_QUERY_BYTES: usize = 32 * 1024;
/// Most lexical tokens (names, punctuation, strings, numbers) in a query text.
pub const MAX_TOKENS: usize = 5_000;
/// Deepest nesting of `{`, `[` and `(` in a query text, and of lists and objects in variables.
pub const MAX_NESTING: usize = 64;
/// Most fields a document selects once its fragments are expanded where they are spread.
pub const MAX_FIELDS: usize = 2_000;
/// Most aliases in a document.
pub const MAX_ALIASES: usize = 100;
/// Most directives on one field.
pub const MAX_DIRECTIVES_PER_FIELD: usize = 5;
/// Most errors returned in one response; the rest are summarised in one last error.
pub const MAX_ERRORS: usize = 20;
/// Largest query cost accepted (see [`crate::graphql::cost`]).
pub const MAX_COST: usize = 50_000;

/// Codes of the errors the guard and the executor give before and around resolvers.
pub mod codes {
    pub const PARSE_FAILED: &str = "GRAPHQL_PARSE_FAILED";
    pub const VALIDATION_FAILED: &str = "GRAPHQL_VALIDATION_FAILED";
    pub const BAD_USER_INPUT: &str = "BAD_USER_INPUT";
    pub const QUERY_TOO_LARGE: &str = "QUERY_TOO_LARGE";
    pub const QUERY_TOO_DEEP: &str = "QUERY_TOO_DEEP";
    pub const QUERY_TOO_COMPLEX: &str = "QUERY_TOO_COMPLEX";
    pub const TOO_MANY_ERRORS: &str = "TOO_MANY_ERRORS";
    pub const PERSISTED_QUERY_NOT_FOUND: &str = "PERSISTED_QUERY_NOT_FOUND";
    pub const PERSISTED_QUERY_INVALID: &str = "PERSISTED_QUERY_INVALID";
}

/// An error with `code` in its extensions (kept when it already has one).
pub fn coded(mut error: ServerError, code: &str) -> ServerError {
    let extensions = error.extensions.get_or_insert_with(Default::default);
    if extensions.get("code").is_none() {
        extensions.set("code", code);
    }
    error
}

/// A refusal with `code`, its message in English and in Indonesian.
fn refuse(code: &str, english: String, indonesian: String) -> ServerError {
    coded(Text::new(english, indonesian).into_server_error(), code)
}
