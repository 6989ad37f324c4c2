//! Keyset pagination that pages many parents' lists in one statement.
//!
//! [`WindowPage`] wraps any select (the filtered rows) and keeps, per parent, the first rows
//! after the cursor, ranked with `ROW_NUMBER() OVER (PARTITION BY parent ORDER BY id)`.
//! Top-level lists use it with no partition, so paging is written once for both.

use diesel::backend::Backend;
use diesel::query_builder::{AstPass, Query, QueryFragment, QueryId};
use diesel::result::QueryResult;
use diesel::serialize::ToSql;
use diesel::sql_types::BigInt;

/// Which way a page is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Direction {
    /// `first`/`after`: ascending ids after the cursor.
    Forward,
    /// `last`/`before`: the last ids before the cursor.
    Backward,
}

/// One page of a list ordered by id: a size, a direction, and the id it starts after
/// (forward) or ends before (backward).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PageRequest {
    pub direction: Direction,
    pub cursor: Option<i64>,
    pub size: i64,
}

/// The rows of one page in ascending id order, and whether more lie beyond it in the
/// direction of reading.
#[derive(Debug, Clone)]
pub struct Page<T> {
    pub rows: Vec<T>,
    pub has_more: bool,
}

impl<T> Page<T> {
    /// Builds a page from rows in rank order, of which at most `size + 1` were fetched.
    pub fn from_ranked(mut rows: Vec<T>, request: &PageRequest) -> Self {
        let size = usize::try_from(request.size).unwrap_or(0);
        let has_more = rows.len() > size;
        rows.truncate(size);
        if request.direction == Direction::Backward {
            rows.reverse();
        }
        Page { rows, has_more }
    }

    pub fn empty() -> Self {
        Page { rows: Vec::new(), has_more: false }
    }
}

/// `source` (any select whose columns include `id` and, when partitioned, the parent
/// column) reduced to one page per parent. Loads as `(Row, rank)`.
pub struct WindowPage<Q> {
    source: Q,
    partition_by: Option<&'static str>,
    request: PageRequest,
    fetch: i64,
}

impl<Q> WindowPage<Q> {
    /// One page over all of `source`.
    pub fn single(source: Q, request: PageRequest) -> Self {
        Self::new(source, None, request)
    }

    /// One page for each distinct value of the column `parent` in `source`.
    pub fn per_parent(source: Q, parent: &'static str, request: PageRequest) -> Self {
        Self::new(source, Some(parent), request)
    }

    fn new(source: Q, partition_by: Option<&'static str>, request: PageRequest) -> Self {
        // One row more than asked tells whether another page follows.
        let fetch = request.size.saturating_add(1);
        Self { source, partition_by, request, fetch }
    }
}

impl<Q> QueryId for WindowPage<Q> {
    type QueryId = ();
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl<Q: Query> Query for WindowPage<Q> {
    type SqlType = (Q::SqlType, BigInt);
}

impl<Q, DB> QueryFragment<DB> for WindowPage<Q>
where
    DB: Backend,
    Q: QueryFragment<DB>,
    i64: ToSql<BigInt, DB>,
{
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, DB>) -> QueryResult<()> {
        let order = match self.request.direction {
            Direction::Forward => " ASC",
            Direction::Backward => " DESC",
        };
        out.push_sql("SELECT * FROM (SELECT page_source.*, ROW_NUMBER() OVER (");
        if let Some(parent) = self.partition_by {
            out.push_sql("PARTITION BY page_source.");
            out.push_identifier(parent)?;
            out.push_sql(" ");
        }
        out.push_sql("ORDER BY page_source.id");
        out.push_sql(order);
        out.push_sql(") AS page_rank FROM (");
        self.source.walk_ast(out.reborrow())?;
        out.push_sql(") AS page_source");
        if let Some(cursor) = &self.request.cursor {
            out.push_sql(match self.request.direction {
                Direction::Forward => " WHERE page_source.id > ",
                Direction::Backward => " WHERE page_source.id < ",
            });
            out.push_bind_param::<BigInt, _>(cursor)?;
        }
        out.push_sql(") AS page_ranked WHERE page_rank <= ");
        out.push_bind_param::<BigInt, _>(&self.fetch)?;
        out.push_sql(" ORDER BY ");
        if let Some(parent) = self.partition_by {
            out.push_identifier(parent)?;
            out.push_sql(", ");
        }
        out.push_sql("page_rank");
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(direction: Direction, size: i64) -> PageRequest {
        PageRequest { direction, cursor: None, size }
    }

    #[test]
    fn forward_pages_keep_order_and_report_more() {
        let page = Page::from_ranked(vec![1, 2, 3], &request(Direction::Forward, 2));
        assert_eq!(page.rows, vec![1, 2]);
        assert!(page.has_more);
        let page = Page::from_ranked(vec![1, 2], &request(Direction::Forward, 2));
        assert!(!page.has_more);
    }

    #[test]
    fn backward_pages_come_back_ascending() {
        // ranked by id descending: 9, 8, 7
        let page = Page::from_ranked(vec![9, 8, 7], &request(Direction::Backward, 2));
        assert_eq!(page.rows, vec![8, 9]);
        assert!(page.has_more);
    }
}
