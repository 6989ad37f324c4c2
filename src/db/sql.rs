//! Small SQL helpers that both backends understand.

use diesel::sql_types::Text;

use crate::error::AppError;

diesel::define_sql_function! {
    /// `lower(text)`: case-insensitive search on both backends (SQLite's LIKE folds ASCII
    /// only, PostgreSQL's LIKE folds nothing).
    fn lower(x: Text) -> Text;
}

/// The most characters (after trimming) a `search` argument may have. Names and titles are
/// at most 200 characters, so a longer search matches nothing useful; and SQLite refuses a
/// LIKE pattern over 50,000 bytes ("pattern too complex"): 100 characters escaped stay far
/// below (at most 2 + 2 × 100 × 4 bytes).
pub const MAX_SEARCH: usize = 100;

/// Refuses a `search` argument of more than [`MAX_SEARCH`] characters, as BAD_USER_INPUT
/// (the way other malformed arguments outside a mutation's input are reported).
pub fn check_search(search: Option<&str>) -> Result<(), AppError> {
    let len = search.map_or(0, |s| s.trim().chars().count());
    if len > MAX_SEARCH {
        return Err(AppError::bad_input(format!("search must be at most {MAX_SEARCH} characters long (it has {len})")));
    }
    Ok(())
}

/// The escape character used with [`contains_pattern`].
pub const LIKE_ESCAPE: char = '\\';

/// A lower-case `LIKE` pattern matching `needle` anywhere, with `%`, `_` and `\` in the
/// needle taken literally (use with `.escape(LIKE_ESCAPE)`). Callers refuse longer needles
/// with [`check_search`]; past [`MAX_SEARCH`] characters the needle is cut here as well, so
/// that no pattern can reach SQLite's limit whatever the caller.
pub fn contains_pattern(needle: &str) -> String {
    let mut pattern = String::with_capacity(needle.len().min(4 * MAX_SEARCH) + 2);
    pattern.push('%');
    for c in needle.trim().to_lowercase().chars().take(MAX_SEARCH) {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push(LIKE_ESCAPE);
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_escape_wildcards() {
        assert_eq!(contains_pattern(" Sagu "), "%sagu%");
        assert_eq!(contains_pattern("50%_a\\b"), "%50\\%\\_a\\\\b%");
    }

    #[test]
    fn searches_are_bounded() {
        assert!(check_search(None).is_ok());
        assert!(check_search(Some(&"é".repeat(MAX_SEARCH))).is_ok());
        assert!(check_search(Some(&format!("  {}  ", "a".repeat(MAX_SEARCH)))).is_ok());
        let error = check_search(Some(&"a".repeat(MAX_SEARCH + 1))).unwrap_err();
        assert_eq!(error.code(), "BAD_USER_INPUT");
        // Even unchecked, the pattern stays within 2 + 2 × MAX_SEARCH characters.
        assert_eq!(contains_pattern(&"%".repeat(50_000)).chars().count(), 2 + 2 * MAX_SEARCH);
    }
}
