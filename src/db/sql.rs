//! Small SQL helpers that both backends understand.

use diesel::dsl::sql;
use diesel::expression::SqlLiteral;
use diesel::sql_types::{BigInt, Text};

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
        return Err(AppError::bad_input(crate::graphql::language::Text::new(
            format!("search must be at most {MAX_SEARCH} characters long (it has {len})"),
            format!("search paling panjang {MAX_SEARCH} karakter (saat ini {len})"),
        )));
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

/// Where a sum of amounts is split: whole millions of rupiah, and the rest.
const AMOUNT_SPLIT: i64 = 1_000_000;

/// The two BIGINT columns of a sum of amounts.
pub type AmountSum = (SqlLiteral<BigInt>, SqlLiteral<BigInt>);

/// The sum of `expression` (an amount column, or a CASE of them; NULLs do not count) as two
/// BIGINT columns, 0 without rows: the sum of its whole millions, `SUM(x / 1000000)`, and
/// the sum of the rest, `SUM(x % 1000000)`. [`combine_amount_sum`] adds them up exactly.
///
/// A plain `SUM(x)` of amounts of up to [`MAX_AMOUNT`] rupiah overflows a BIGINT after 92,234
/// of them (PostgreSQL's cast of its NUMERIC sum fails, SQLite raises "integer overflow"):
/// each part here grows by at most 10^8 per row, so neither overflows before some 9 × 10^10
/// rows. Both backends divide BIGINTs by an integer as integers; amounts are never negative.
///
/// [`MAX_AMOUNT`]: crate::graphql::scalars::MAX_AMOUNT
pub fn amount_sum(expression: &str) -> AmountSum {
    let part = |operator: &str| {
        sql::<BigInt>(&format!("CAST(COALESCE(SUM(({expression}) {operator} {AMOUNT_SPLIT}), 0) AS BIGINT)"))
    };
    (part("/"), part("%"))
}

/// The exact total of the two parts of an [`amount_sum`].
pub fn combine_amount_sum((millions, rest): (i64, i64)) -> i128 {
    i128::from(millions) * i128::from(AMOUNT_SPLIT) + i128::from(rest)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amount_sums_combine_exactly() {
        assert_eq!(combine_amount_sum((0, 0)), 0);
        assert_eq!(combine_amount_sum((0, 999_999)), 999_999);
        assert_eq!(combine_amount_sum((12_500, 250_000)), 12_500_250_000);
        // 91 amounts of 10^14 - 1: 91 × 99,999,999 millions and 91 × 999,999 rupiah.
        assert_eq!(combine_amount_sum((91 * 99_999_999, 91 * 999_999)), 91 * 99_999_999_999_999);
        assert_eq!(combine_amount_sum((91 * 99_999_999, 91 * 999_999)), 9_099_999_999_999_909);
        // The largest parts possible give a total far beyond a BIGINT, still exact.
        assert_eq!(combine_amount_sum((i64::MAX, i64::MAX)), i128::from(i64::MAX) * 1_000_001);
    }

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
