//! Small SQL helpers that both backends understand.

use diesel::sql_types::Text;

diesel::define_sql_function! {
    /// `lower(text)`: case-insensitive search on both backends (SQLite's LIKE folds ASCII
    /// only, PostgreSQL's LIKE folds nothing).
    fn lower(x: Text) -> Text;
}

/// The escape character used with [`contains_pattern`].
pub const LIKE_ESCAPE: char = '\\';

/// A lower-case `LIKE` pattern matching `needle` anywhere, with `%`, `_` and `\` in the
/// needle taken literally (use with `.escape(LIKE_ESCAPE)`).
pub fn contains_pattern(needle: &str) -> String {
    let mut pattern = String::with_capacity(needle.len() + 2);
    pattern.push('%');
    for c in needle.trim().to_lowercase().chars() {
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
}
