//! Keyset pagination that pages many parents' lists in one statement.
//!
//! [`WindowPage`] wraps any select (the filtered rows) and keeps the first rows after the
//! cursor: for one list with `ORDER BY id LIMIT`, for many parents' lists with a LATERAL join
//! (PostgreSQL) or an id range per parent ending where a correlated subquery says (SQLite). When the
//! request asks, the same statement counts each list (`totalCount`), so a connection level
//! costs one statement. Every list is paged through it, so paging is written once.

use diesel::backend::Backend;
use diesel::query_builder::{AstPass, Query, QueryFragment, QueryId};
use diesel::result::QueryResult;
use diesel::serialize::ToSql;
use diesel::sql_types::BigInt;

mod parts;
mod sorted;

pub use self::sorted::{KeyKind, Sort, SortKey};

/// Which way a page is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Direction {
    /// `first`/`after`: ascending ids after the cursor.
    Forward,
    /// `last`/`before`: the last ids before the cursor.
    Backward,
}

/// One page of a list: a size, a direction, the order (by id unless `sort` says otherwise),
/// and the id of the row it starts after (forward) or ends before (backward).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PageRequest {
    pub direction: Direction,
    /// The order of the list; `None` is the order of ids (of registration).
    pub sort: Option<Sort>,
    pub cursor: Option<i64>,
    pub size: i64,
    /// Count the whole list in the same statement. Only for a first page (no cursor): a list
    /// whose page is empty then has no rows at all.
    pub with_total: bool,
}

impl PageRequest {
    /// This request, counting the list too when `wanted` and the page is a first page.
    pub fn counting(self, wanted: bool) -> Self {
        PageRequest { with_total: wanted && self.cursor.is_none(), ..self }
    }
}

/// A row as [`WindowPage`] loads it: the row, the count of its list (-1 when not counted)
/// and its rank, ascending in the order of reading (in id order the id, negated when reading
/// backward; in a sorted list its row number).
pub type PageRow<T> = (T, i64, i64);

/// The rows of one page in ascending id order, whether more lie beyond it in the direction
/// of reading, and the count of the whole list when the request asked for it.
#[derive(Debug, Clone)]
pub struct Page<T> {
    pub rows: Vec<T>,
    pub has_more: bool,
    pub total: Option<i64>,
}

impl<T> Page<T> {
    /// Builds the page of one list from its rows as loaded (in any order), of which at most
    /// `size + 1` were fetched.
    pub fn from_rows(mut rows: Vec<PageRow<T>>, request: &PageRequest) -> Self {
        // Already in rank order, except for SQLite's pages per parent.
        rows.sort_by_key(|(_, _, rank)| *rank);
        let size = usize::try_from(request.size).unwrap_or(0);
        let total = request.with_total.then(|| rows.first().map_or(0, |(_, total, _)| *total));
        let has_more = rows.len() > size;
        let mut rows: Vec<T> = rows.into_iter().take(size).map(|(row, _, _)| row).collect();
        if request.direction == Direction::Backward {
            rows.reverse();
        }
        Page { rows, has_more, total }
    }

    pub fn empty() -> Self {
        Page { rows: Vec::new(), has_more: false, total: None }
    }
}

/// How a backend pages many parents at once, and compares text. PostgreSQL takes a LATERAL
/// join: per parent, an index range read that stops after the page. SQLite has no LATERAL:
/// per parent, a correlated subquery finds where the page ends (in id order), or a row number
/// per parent cuts the pages (in another order).
pub trait PagingDialect {
    const LATERAL: bool;
    /// What a text sort key is wrapped in (opening, closing) so that both backends order
    /// text alike: ASCII letters folded to lower case, then code-point order (SQLite's
    /// `lower` folds ASCII only and compares bytes; PostgreSQL's collation would otherwise
    /// ignore spaces and punctuation and fold other letters too).
    const TEXT_KEY: (&'static str, &'static str);
}

impl PagingDialect for diesel::pg::Pg {
    const LATERAL: bool = true;
    const TEXT_KEY: (&'static str, &'static str) =
        ("translate(", ", 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz') COLLATE \"C\"");
}

impl PagingDialect for diesel::sqlite::Sqlite {
    const LATERAL: bool = false;
    const TEXT_KEY: (&'static str, &'static str) = ("lower(", ")");
}

/// `source` (any select whose columns include `id` and, when partitioned, the parent
/// column) reduced to one page, or one page per parent. Loads as [`PageRow`]s.
pub struct WindowPage<Q> {
    source: Q,
    partition: Option<(&'static str, Vec<i64>)>,
    request: PageRequest,
    fetch: i64,
}

impl<Q> WindowPage<Q> {
    /// One page over all of `source`.
    pub fn single(source: Q, request: PageRequest) -> Self {
        Self::new(source, None, request)
    }

    /// One page for each of `parents`, the values of the column `parent` in `source`. The
    /// source need not (and, for PostgreSQL's plans, should not) restrict itself to
    /// `parents`: the page does.
    pub fn per_parent(source: Q, parent: &'static str, parents: Vec<i64>, request: PageRequest) -> Self {
        Self::new(source, Some((parent, parents)), request)
    }

    fn new(source: Q, partition: Option<(&'static str, Vec<i64>)>, request: PageRequest) -> Self {
        // One row more than asked tells whether another page follows.
        let fetch = request.size.saturating_add(1);
        Self { source, partition, request, fetch }
    }

    fn order(&self) -> &'static str {
        match self.request.direction {
            Direction::Forward => " ASC",
            Direction::Backward => " DESC",
        }
    }

    /// ` ORDER BY <table>.id … LIMIT <size + 1>`: the page's rows in the order of reading.
    fn first_rows<'b, DB>(&'b self, table: &str, out: &mut AstPass<'_, 'b, DB>) -> QueryResult<()>
    where
        DB: Backend,
        i64: ToSql<BigInt, DB>,
    {
        out.push_sql(" ORDER BY ");
        out.push_sql(table);
        out.push_sql(".id");
        out.push_sql(self.order());
        out.push_sql(" LIMIT ");
        out.push_bind_param::<BigInt, _>(&self.fetch)
    }

    /// `SELECT page_source.*, <total> AS page_total, <rank> AS page_rank FROM `, where `total`
    /// writes the count of the row's list and the rank is ascending in the order of reading
    /// (in id order the id, negated when reading backward; else the row's number in its list).
    fn select_rows<'b, DB: Backend + PagingDialect>(
        &'b self,
        out: &mut AstPass<'_, 'b, DB>,
        total: impl FnOnce(&mut AstPass<'_, 'b, DB>) -> QueryResult<()>,
    ) -> QueryResult<()> {
        out.push_sql("SELECT page_source.*, ");
        total(out)?;
        out.push_sql(" AS page_total, ");
        match &self.request.sort {
            Some(sort) => self.row_number(sort, out)?,
            None => {
                if self.request.direction == Direction::Backward {
                    out.push_sql("-");
                }
                out.push_sql("page_source.id");
            }
        }
        out.push_sql(" AS page_rank FROM ");
        Ok(())
    }

    /// `SELECT COUNT(*) AS total …`: the count of the list of the parent in
    /// `page_parents.parent_id`, over the parent's index range.
    fn count_of_parent<'b, DB>(&'b self, parent: &str, out: &mut AstPass<'_, 'b, DB>) -> QueryResult<()>
    where
        DB: Backend,
        Q: QueryFragment<DB>,
    {
        out.push_sql("SELECT COUNT(*) AS total FROM (");
        self.source.walk_ast(out.reborrow())?;
        out.push_sql(") AS page_counted WHERE ");
        parts::same_parent("page_counted", parent, "page_parents", out)
    }

    /// ` AND|WHERE <table>.id >|< cursor`, when there is a cursor.
    fn after_cursor<'b, DB>(&'b self, table: &str, keyword: &str, out: &mut AstPass<'_, 'b, DB>) -> QueryResult<()>
    where
        DB: Backend,
        i64: ToSql<BigInt, DB>,
    {
        if let Some(cursor) = &self.request.cursor {
            out.push_sql(keyword);
            out.push_sql(table);
            out.push_sql(match self.request.direction {
                Direction::Forward => ".id > ",
                Direction::Backward => ".id < ",
            });
            out.push_bind_param::<BigInt, _>(cursor)?;
        }
        Ok(())
    }
}

/// The `page_total` of a list whose count was not asked for.
const NOT_COUNTED: &str = "CAST(-1 AS BIGINT)";

/// The parents as rows of one column: `VALUES (?), (?), …`, or a select of no rows.
fn parent_rows<'b, DB>(parents: &'b [i64], out: &mut AstPass<'_, 'b, DB>) -> QueryResult<()>
where
    DB: Backend,
    i64: ToSql<BigInt, DB>,
{
    if parents.is_empty() {
        out.push_sql("SELECT CAST(NULL AS BIGINT) WHERE 1 = 0");
        return Ok(());
    }
    out.push_sql("VALUES ");
    for (n, parent_id) in parents.iter().enumerate() {
        out.push_sql(if n == 0 { "(" } else { ", (" });
        out.push_bind_param::<BigInt, _>(parent_id)?;
        out.push_sql(")");
    }
    Ok(())
}

impl<Q> QueryId for WindowPage<Q> {
    type QueryId = ();
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl<Q: Query> Query for WindowPage<Q> {
    type SqlType = (Q::SqlType, BigInt, BigInt);
}

impl<Q, DB> QueryFragment<DB> for WindowPage<Q>
where
    DB: Backend + PagingDialect,
    Q: QueryFragment<DB>,
    i64: ToSql<BigInt, DB>,
{
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, DB>) -> QueryResult<()> {
        if let Some(sort) = &self.request.sort {
            return self.walk_sorted(sort, out);
        }
        match &self.partition {
            None => {
                // A plain ORDER BY … LIMIT, which an index on id (or on the filter) serves;
                // the count is an uncorrelated subquery, evaluated once.
                self.all_rows(&mut out)?;
                self.after_cursor("page_source", " WHERE ", &mut out)?;
                self.first_rows("page_source", &mut out)?;
            }
            Some((parent, parents)) if DB::LATERAL => {
                self.lateral_rows(parent, parents, "*", &mut out)?;
                out.push_sql(" WHERE ");
                parts::same_parent("page_inner", parent, "page_parents", &mut out)?;
                self.after_cursor("page_inner", " AND ", &mut out)?;
                self.first_rows("page_inner", &mut out)?;
                out.push_sql(") AS page_source ORDER BY page_source.");
                out.push_identifier(parent)?;
                out.push_sql(", page_source.id");
                out.push_sql(self.order());
            }
            Some((parent, parents)) => {
                // Per parent, a correlated scalar subquery finds the id of the page's last row
                // (the `size`-th after the cursor) in the (parent, id) index, and the page is
                // the index range up to it: the parent's other rows are never read, and
                // nothing is sorted (rows come in any order, with their rank). The counts are
                // taken once per parent, in a materialised CTE.
                self.parents_and_totals(parent, parents, &mut out)?;
                out.push_sql(" ");
                self.rows_of_parents(parent, &mut out)?;
                out.push_sql(" WHERE page_source.id ");
                // The page ends at the id of its last row, read as a scalar: no list to build.
                let (to, unbounded) = match self.request.direction {
                    Direction::Forward => ("<= ", "9223372036854775807"),
                    Direction::Backward => (">= ", "-9223372036854775807"),
                };
                out.push_sql(to);
                out.push_sql("COALESCE((SELECT page_inner.id FROM (");
                self.source.walk_ast(out.reborrow())?;
                out.push_sql(") AS page_inner WHERE ");
                parts::same_parent("page_inner", parent, "page_lists", &mut out)?;
                self.after_cursor("page_inner", " AND ", &mut out)?;
                out.push_sql(" ORDER BY page_inner.id");
                out.push_sql(self.order());
                out.push_sql(" LIMIT 1 OFFSET ");
                out.push_bind_param::<BigInt, _>(&self.request.size)?;
                out.push_sql("), ");
                out.push_sql(unbounded);
                out.push_sql(")");
                self.after_cursor("page_source", " AND ", &mut out)?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(direction: Direction, size: i64) -> PageRequest {
        PageRequest { direction, sort: None, cursor: None, size, with_total: false }
    }

    fn loaded(ids: &[i64], direction: Direction) -> Vec<PageRow<i64>> {
        let sign = if direction == Direction::Backward { -1 } else { 1 };
        ids.iter().map(|&id| (id, -1, sign * id)).collect()
    }

    #[test]
    fn forward_pages_keep_order_and_report_more() {
        let page = Page::from_rows(loaded(&[1, 2, 3], Direction::Forward), &request(Direction::Forward, 2));
        assert_eq!(page.rows, vec![1, 2]);
        assert!(page.has_more);
        let page = Page::from_rows(loaded(&[1, 2], Direction::Forward), &request(Direction::Forward, 2));
        assert!(!page.has_more);
    }

    #[test]
    fn backward_pages_come_back_ascending() {
        // ranked by id descending: 9, 8, 7
        let page = Page::from_rows(loaded(&[9, 8, 7], Direction::Backward), &request(Direction::Backward, 2));
        assert_eq!(page.rows, vec![8, 9]);
        assert!(page.has_more);
    }

    #[test]
    fn rows_loaded_in_any_order_are_ranked() {
        let page = Page::from_rows(loaded(&[3, 1, 2], Direction::Forward), &request(Direction::Forward, 2));
        assert_eq!(page.rows, vec![1, 2]);
        let page = Page::from_rows(loaded(&[7, 9, 8], Direction::Backward), &request(Direction::Backward, 2));
        assert_eq!(page.rows, vec![8, 9]);
    }
}
