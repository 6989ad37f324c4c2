//! The filter vocabulary every list shares: `kecamatanCode`, `kelurahanCode`,
//! `sectors: [BusinessSector!]`, `statuses: [<X>Status!]`, `from`/`to` (Dates, inclusive, on
//! the list's natural date) and `search`. Older names of the same ideas stay accepted but
//! deprecated; the helpers here fold an old name into its new one, refusing the two when they
//! disagree, so that every list applies one condition.

use std::collections::HashSet;
use std::hash::Hash;

use chrono::{Days, NaiveDate, NaiveDateTime, NaiveTime};

use crate::error::{AppError, AppResult, not_an_id};
use crate::graphql::language::Text;
use crate::graphql::scalars::Date;
use crate::ids::EntityId;

/// Reads a filter's optional global id of an entity; a malformed one, or one of another kind,
/// is a BAD_USER_INPUT error.
pub fn id_argument<T: EntityId>(id: Option<async_graphql::ID>) -> AppResult<Option<T>> {
    id.map(|id| T::from_global(&id).ok_or_else(|| AppError::bad_input(not_an_id(&id, T::KIND)))).transpose()
}

/// The criteria of a list filtered by part of its name and by its natural date only (aid
/// programmes, events, lenders).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct NameAndDates {
    /// Part of the name, case-insensitive (already checked against [`MAX_SEARCH`]).
    ///
    /// [`MAX_SEARCH`]: crate::db::sql::MAX_SEARCH
    pub search: Option<String>,
    pub dates: DateRange,
}

impl NameAndDates {
    /// Checks a filter's `search`, `from` and `to` (BAD_USER_INPUT).
    pub fn new(search: Option<String>, from: Option<Date>, to: Option<Date>) -> AppResult<Self> {
        crate::db::sql::check_search(search.as_deref())?;
        let search = search.filter(|s| !s.trim().is_empty());
        Ok(NameAndDates { search, dates: DateRange::new(from, to)? })
    }
}

/// Palu keeps WITA (UTC+8) all year: a Palu day starts at 16:00 UTC the day before.
const WITA_HOURS: i64 = 8;

/// An inclusive range of days (Palu time), either end open.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct DateRange {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

impl DateRange {
    /// The range of a filter's `from` and `to`; BAD_USER_INPUT when `from` is after `to`.
    pub fn new(from: Option<Date>, to: Option<Date>) -> AppResult<Self> {
        let range = DateRange { from: from.map(|d| d.0), to: to.map(|d| d.0) };
        if let (Some(from), Some(to)) = (range.from, range.to)
            && from > to
        {
            return Err(AppError::bad_input(Text::new(
                format!("\"from\" ({from}) is after \"to\" ({to})"),
                format!("\"from\" ({from}) jatuh setelah \"to\" ({to})"),
            )));
        }
        Ok(range)
    }

    /// Whether either end is set.
    pub fn is_set(&self) -> bool {
        self.from.is_some() || self.to.is_some()
    }

    /// The range as UTC instants for a timestamp column: the start of `from` in Palu
    /// (inclusive) and the start of the day after `to` in Palu (exclusive).
    pub fn instants(&self) -> (Option<NaiveDateTime>, Option<NaiveDateTime>) {
        let start_of = |day: NaiveDate| day.and_time(NaiveTime::MIN) - chrono::Duration::hours(WITA_HOURS);
        let start = self.from.map(start_of);
        let end = self.to.map(|to| start_of(to.checked_add_days(Days::new(1)).unwrap_or(NaiveDate::MAX)));
        (start, end)
    }
}

/// Folds a deprecated single-value field into its list-valued successor (`status` into
/// `statuses`, `skill` or `sector` into `sectors`): see [`renamed_set`].
pub fn renamed_to_list<T: Copy + Eq + Hash>(
    old: Option<T>,
    new: Option<Vec<T>>,
    old_name: &str,
    new_name: &str,
) -> AppResult<Option<Vec<T>>> {
    renamed_set(old.map(|old| vec![old]), new, old_name, new_name)
}

/// Folds a deprecated list field into its successor: either alone is taken; both given must
/// name the same set of values, else BAD_USER_INPUT naming both.
pub fn renamed_set<T: Copy + Eq + Hash>(
    old: Option<Vec<T>>,
    new: Option<Vec<T>>,
    old_name: &str,
    new_name: &str,
) -> AppResult<Option<Vec<T>>> {
    match (old, new) {
        (Some(old), Some(new)) => {
            let set = |values: &[T]| values.iter().copied().collect::<HashSet<T>>();
            if set(&old) == set(&new) { Ok(Some(new)) } else { Err(disagree(old_name, new_name)) }
        }
        (old, new) => Ok(new.or(old)),
    }
}

/// Folds a deprecated field into its successor of the same meaning: either alone is taken;
/// both given must be equal, else BAD_USER_INPUT naming both.
pub fn renamed<T: PartialEq>(old: Option<T>, new: Option<T>, old_name: &str, new_name: &str) -> AppResult<Option<T>> {
    match (old, new) {
        (Some(old), Some(new)) if old != new => Err(disagree(old_name, new_name)),
        (old, new) => Ok(new.or(old)),
    }
}

fn disagree(old_name: &str, new_name: &str) -> AppError {
    AppError::bad_input(Text::new(
        format!("\"{old_name}\" (deprecated) and \"{new_name}\" disagree: give \"{new_name}\" only"),
        format!("\"{old_name}\" (usang) dan \"{new_name}\" tidak sama: berikan \"{new_name}\" saja"),
    ))
}

/// Keeps, of a boxed query, the rows whose column lies in a [`DateRange`]:
/// `in_range!(query, instant column, range)` for a UTC timestamp (the Palu days' instants),
/// `in_range!(query, day column, range)` for a date.
#[macro_export]
macro_rules! in_range {
    ($query:expr, instant $column:expr, $range:expr) => {{
        let range: $crate::graphql::filter::DateRange = $range;
        let (start, end) = range.instants();
        let mut query = $query;
        if let Some(start) = start {
            query = query.filter($column.ge(start));
        }
        if let Some(end) = end {
            query = query.filter($column.lt(end));
        }
        query
    }};
    ($query:expr, day $column:expr, $range:expr) => {{
        let range: $crate::graphql::filter::DateRange = $range;
        let mut query = $query;
        if let Some(from) = range.from {
            query = query.filter($column.ge(from));
        }
        if let Some(to) = range.to {
            query = query.filter($column.le(to));
        }
        query
    }};
}

/// Keeps, of a boxed query, the rows whose text column contains the search of a
/// [`NameAndDates`], case-insensitively.
#[macro_export]
macro_rules! name_contains {
    ($query:expr, $column:expr, $search:expr) => {{
        let search: &Option<String> = $search;
        let mut query = $query;
        if let Some(search) = search {
            query = query.filter(
                $crate::db::sql::lower($column)
                    .like($crate::db::sql::contains_pattern(search))
                    .escape($crate::db::sql::LIKE_ESCAPE),
            );
        }
        query
    }};
}

/// The first day of a month "YYYY-MM", or BAD_USER_INPUT naming `field`.
pub fn month_start(month: &str, field: &str) -> AppResult<NaiveDate> {
    let month = month.trim();
    let parsed = (month.len() == 7 && month.as_bytes()[4] == b'-')
        .then(|| NaiveDate::parse_from_str(&format!("{month}-01"), "%Y-%m-%d").ok())
        .flatten();
    parsed.ok_or_else(|| {
        AppError::bad_input(Text::new(
            format!("\"{field}\" must be a month of the form YYYY-MM"),
            format!("\"{field}\" harus berupa bulan dengan format YYYY-MM"),
        ))
    })
}

/// The last day of the month that starts on `start`.
pub fn month_end(start: NaiveDate) -> NaiveDate {
    start.checked_add_months(chrono::Months::new(1)).and_then(|next| next.pred_opt()).unwrap_or(NaiveDate::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn ranges_are_palu_days() {
        let range = DateRange::new(Some(Date(day("2026-04-01"))), Some(Date(day("2026-04-30")))).unwrap();
        let (start, end) = range.instants();
        assert_eq!(start.unwrap().to_string(), "2026-03-31 16:00:00");
        assert_eq!(end.unwrap().to_string(), "2026-04-30 16:00:00");
        assert!(DateRange::new(Some(Date(day("2026-05-01"))), Some(Date(day("2026-04-30")))).is_err());
        assert!(DateRange::new(Some(Date(day("2026-05-01"))), Some(Date(day("2026-05-01")))).is_ok());
    }

    #[test]
    fn old_names_fold_into_new_ones() {
        assert_eq!(renamed_to_list(Some(1), None, "a", "b").unwrap(), Some(vec![1]));
        assert_eq!(renamed_to_list(None, Some(vec![1, 2]), "a", "b").unwrap(), Some(vec![1, 2]));
        assert_eq!(renamed_to_list(Some(1), Some(vec![1, 1]), "a", "b").unwrap(), Some(vec![1, 1]));
        assert!(renamed_to_list(Some(1), Some(vec![1, 2]), "a", "b").is_err());
        assert!(renamed_to_list(Some(1), Some(vec![]), "a", "b").is_err());
        assert_eq!(renamed(Some(1), Some(1), "a", "b").unwrap(), Some(1));
        assert!(renamed(Some(1), Some(2), "a", "b").is_err());
    }

    #[test]
    fn months_bound_days() {
        assert_eq!(month_start("2026-02", "m").unwrap(), day("2026-02-01"));
        assert_eq!(month_end(day("2026-02-01")), day("2026-02-28"));
        assert_eq!(month_end(day("2026-12-01")), day("2026-12-31"));
        for bad in ["2026-13", "2026/02", "202602", "2026-2"] {
            assert!(month_start(bad, "m").is_err(), "{bad}");
        }
    }
}
