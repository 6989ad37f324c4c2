//! Pages of a list sorted by a key other than the id: keyset paging on `(key, id)`, with the
//! id as the tie-break in the same direction, so that the order is total.
//!
//! The key is read from the list's own table joined by id (`page_key`), since the source may
//! not select the key's column as such (a product page blanks its details). A cursor is the
//! id of a row: its key is read again by a scalar subquery on the same table, so cursors
//! carry no typed values (dates are TEXT on SQLite and DATE on PostgreSQL). Rows come with
//! their row number in the order of reading as rank.

use diesel::backend::Backend;
use diesel::query_builder::{AstPass, QueryFragment};
use diesel::result::QueryResult;
use diesel::serialize::ToSql;
use diesel::sql_types::BigInt;

use super::{Direction, PagingDialect, WindowPage};

/// How the values of a sort key compare, alike on both backends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum KeyKind {
    /// A non-null number, date or timestamp, compared as stored.
    Plain,
    /// Text: ASCII letters folded to lower case, then code-point order (see
    /// [`PagingDialect::TEXT_KEY`]).
    Text,
    /// A nullable number: rows without one come last in either direction.
    NullableNumber,
    /// A nullable date: rows without one come last in either direction.
    NullableDate,
    /// A nullable timestamp: rows without one come last in either direction.
    NullableTimestamp,
}

impl KeyKind {
    /// What a NULL stands for: past every value in the direction of the sort. Amounts are
    /// never negative and dates lie within years 1 to 9999, on both backends.
    fn sentinel(self, descending: bool) -> Option<&'static str> {
        match (self, descending) {
            (KeyKind::Plain | KeyKind::Text, _) => None,
            (KeyKind::NullableNumber, false) => Some("9223372036854775807"),
            (KeyKind::NullableNumber, true) => Some("-9223372036854775807"),
            (KeyKind::NullableDate, false) => Some("'9999-12-31'"),
            (KeyKind::NullableDate, true) => Some("'0001-01-01'"),
            (KeyKind::NullableTimestamp, false) => Some("'9999-12-31 23:59:59'"),
            (KeyKind::NullableTimestamp, true) => Some("'0001-01-01 00:00:00'"),
        }
    }
}

/// A column that a list can be sorted by: a column of the list's table (whose `id` is the
/// row's id).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SortKey {
    pub table: &'static str,
    pub column: &'static str,
    pub kind: KeyKind,
}

/// The order of a list other than by id: a key and a direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Sort {
    pub key: SortKey,
    pub descending: bool,
}

impl Sort {
    /// What the cursors of this order carry, so that a cursor of another order is refused.
    pub fn tag(&self) -> String {
        let direction = if self.descending { "desc" } else { "asc" };
        format!("{}.{}.{direction}", self.key.table, self.key.column)
    }
}

impl<Q> WindowPage<Q> {
    /// Whether the rows are read from the largest key down: a descending sort read forward,
    /// or an ascending one read backward.
    fn reads_down(&self, sort: &Sort) -> bool {
        sort.descending != (self.request.direction == Direction::Backward)
    }

    /// The key of the row of `alias` (a relation of the key's table).
    fn key<'b, DB: Backend + PagingDialect>(
        sort: &Sort,
        alias: &str,
        out: &mut AstPass<'_, 'b, DB>,
    ) -> QueryResult<()> {
        let sentinel = sort.key.kind.sentinel(sort.descending);
        let (open, close) = match (sort.key.kind, sentinel) {
            (KeyKind::Text, _) => DB::TEXT_KEY,
            (_, Some(_)) => ("COALESCE(", ", "),
            (_, None) => ("", ""),
        };
        out.push_sql(open);
        out.push_sql(alias);
        out.push_sql(".");
        out.push_identifier(sort.key.column)?;
        out.push_sql(close);
        if let Some(sentinel) = sentinel {
            out.push_sql(sentinel);
            out.push_sql(")");
        }
        Ok(())
    }

    /// `<key of page_key> DIR, <rows>.id DIR`: the order of reading.
    fn sorted_by<'b, DB: Backend + PagingDialect>(
        &self,
        sort: &Sort,
        rows: &str,
        out: &mut AstPass<'_, 'b, DB>,
    ) -> QueryResult<()> {
        let direction = if self.reads_down(sort) { " DESC" } else { " ASC" };
        Self::key(sort, "page_key", out)?;
        out.push_sql(direction);
        out.push_sql(", ");
        out.push_sql(rows);
        out.push_sql(".id");
        out.push_sql(direction);
        Ok(())
    }

    /// `ROW_NUMBER() OVER ([PARTITION BY page_source.<parent>] ORDER BY …)`: the rank of a row
    /// of `page_source` (joined with `page_key`) in its list.
    pub(super) fn row_number<'b, DB: Backend + PagingDialect>(
        &'b self,
        sort: &Sort,
        out: &mut AstPass<'_, 'b, DB>,
    ) -> QueryResult<()> {
        out.push_sql("ROW_NUMBER() OVER (");
        if let Some((parent, _)) = &self.partition {
            out.push_sql("PARTITION BY page_source.");
            out.push_identifier(parent)?;
            out.push_sql(" ");
        }
        out.push_sql("ORDER BY ");
        self.sorted_by(sort, "page_source", out)?;
        out.push_sql(")");
        Ok(())
    }

    /// ` JOIN <table> AS page_key ON page_key.id = <rows>.id`.
    fn join_key<'b, DB: Backend>(sort: &Sort, rows: &str, out: &mut AstPass<'_, 'b, DB>) -> QueryResult<()> {
        out.push_sql(" JOIN ");
        out.push_identifier(sort.key.table)?;
        out.push_sql(" AS page_key ON page_key.id = ");
        out.push_sql(rows);
        out.push_sql(".id");
        Ok(())
    }

    /// `<keyword> (key, <rows>.id) >|< ((SELECT key FROM <table> WHERE id = cursor), cursor)`,
    /// when there is a cursor: the rows past it in the order of reading.
    fn after_sorted_cursor<'b, DB>(
        &'b self,
        sort: &Sort,
        rows: &str,
        keyword: &str,
        out: &mut AstPass<'_, 'b, DB>,
    ) -> QueryResult<()>
    where
        DB: Backend + PagingDialect,
        i64: ToSql<BigInt, DB>,
    {
        let Some(cursor) = &self.request.cursor else { return Ok(()) };
        out.push_sql(keyword);
        out.push_sql("(");
        Self::key(sort, "page_key", out)?;
        out.push_sql(", ");
        out.push_sql(rows);
        out.push_sql(if self.reads_down(sort) { ".id) < ((SELECT " } else { ".id) > ((SELECT " });
        Self::key(sort, "page_cursor", out)?;
        out.push_sql(" FROM ");
        out.push_identifier(sort.key.table)?;
        out.push_sql(" AS page_cursor WHERE page_cursor.id = ");
        out.push_bind_param::<BigInt, _>(cursor)?;
        out.push_sql("), ");
        out.push_bind_param::<BigInt, _>(cursor)?;
        out.push_sql(")");
        Ok(())
    }

    /// ` ORDER BY … LIMIT <size + 1>`.
    fn first_sorted_rows<'b, DB>(&'b self, sort: &Sort, rows: &str, out: &mut AstPass<'_, 'b, DB>) -> QueryResult<()>
    where
        DB: Backend + PagingDialect,
        i64: ToSql<BigInt, DB>,
    {
        out.push_sql(" ORDER BY ");
        self.sorted_by(sort, rows, out)?;
        out.push_sql(" LIMIT ");
        out.push_bind_param::<BigInt, _>(&self.fetch)
    }

    /// The statement of a sorted page. One list: `ORDER BY key, id LIMIT`. Many parents on
    /// PostgreSQL: the same per parent in a LATERAL join. On SQLite: the rows past the cursor
    /// numbered per parent, the first `size + 1` of each kept.
    pub(super) fn walk_sorted<'b, DB>(&'b self, sort: &'b Sort, mut out: AstPass<'_, 'b, DB>) -> QueryResult<()>
    where
        DB: Backend + PagingDialect,
        Q: QueryFragment<DB>,
        i64: ToSql<BigInt, DB>,
    {
        match &self.partition {
            None => {
                self.all_rows(&mut out)?;
                Self::join_key(sort, "page_source", &mut out)?;
                self.after_sorted_cursor(sort, "page_source", " WHERE ", &mut out)?;
                self.first_sorted_rows(sort, "page_source", &mut out)?;
            }
            Some((parent, parents)) if DB::LATERAL => {
                self.lateral_rows(parent, parents, "page_inner.*", &mut out)?;
                Self::join_key(sort, "page_inner", &mut out)?;
                out.push_sql(" WHERE ");
                super::parts::same_parent("page_inner", parent, "page_parents", &mut out)?;
                self.after_sorted_cursor(sort, "page_inner", " AND ", &mut out)?;
                self.first_sorted_rows(sort, "page_inner", &mut out)?;
                out.push_sql(") AS page_source");
                Self::join_key(sort, "page_source", &mut out)?;
            }
            Some((parent, parents)) => {
                self.parents_and_totals(parent, parents, &mut out)?;
                out.push_sql(" SELECT * FROM (");
                self.rows_of_parents(parent, &mut out)?;
                Self::join_key(sort, "page_source", &mut out)?;
                self.after_sorted_cursor(sort, "page_source", " WHERE ", &mut out)?;
                out.push_sql(") AS page_numbered WHERE page_numbered.page_rank <= ");
                out.push_bind_param::<BigInt, _>(&self.fetch)?;
            }
        }
        Ok(())
    }
}
