//! The pieces of a page's statement that id order and sorted orders share: the counts and
//! the parents' rows.

use diesel::backend::Backend;
use diesel::query_builder::{AstPass, QueryFragment};
use diesel::result::QueryResult;
use diesel::serialize::ToSql;
use diesel::sql_types::BigInt;

use super::{NOT_COUNTED, PagingDialect, WindowPage, parent_rows};

impl<Q> WindowPage<Q> {
    /// The `page_total` of a single list: `(SELECT COUNT(*) …)` over the whole source when
    /// counted.
    pub(super) fn total_of_all<'b, DB>(&'b self, out: &mut AstPass<'_, 'b, DB>) -> QueryResult<()>
    where
        DB: Backend,
        Q: QueryFragment<DB>,
    {
        if self.request.with_total {
            out.push_sql("(SELECT COUNT(*) FROM (");
            self.source.walk_ast(out.reborrow())?;
            out.push_sql(") AS page_counted)");
        } else {
            out.push_sql(NOT_COUNTED);
        }
        Ok(())
    }

    /// The `page_total` of a parent's list: the `total` of the `counts` relation, when counted.
    pub(super) fn total_of_list(&self, counts: &'static str) -> &'static str {
        match (self.request.with_total, counts) {
            (false, _) => NOT_COUNTED,
            (true, "page_totals") => "page_totals.total",
            (true, _) => "page_lists.total",
        }
    }

    /// The parents as the relation `page_parents(parent_id)` and, when counted, each one's
    /// count in `page_totals`. PostgreSQL: a FROM item `(VALUES …) AS page_parents(parent_id)`
    /// and the counts `CROSS JOIN LATERAL (…) AS page_totals`. SQLite: a clause `WITH
    /// page_parents(parent_id) AS (VALUES …)` and a materialised `page_totals(parent_id, total)`.
    pub(super) fn parents_and_totals<'b, DB>(
        &'b self,
        parent: &'b str,
        parents: &'b [i64],
        out: &mut AstPass<'_, 'b, DB>,
    ) -> QueryResult<()>
    where
        DB: Backend + PagingDialect,
        Q: QueryFragment<DB>,
        i64: ToSql<BigInt, DB>,
    {
        let (open, close, totals_open, totals_close) = if DB::LATERAL {
            ("(", ") AS page_parents(parent_id)", " CROSS JOIN LATERAL (", ") AS page_totals")
        } else {
            (
                "WITH page_parents(parent_id) AS (",
                ")",
                ", page_totals AS MATERIALIZED (SELECT parent_id, (",
                ") AS total FROM page_parents)",
            )
        };
        out.push_sql(open);
        parent_rows(parents, out)?;
        out.push_sql(close);
        if self.request.with_total {
            out.push_sql(totals_open);
            self.count_of_parent(parent, out)?;
            out.push_sql(totals_close);
        }
        Ok(())
    }

    /// SQLite's rows of the parents (after [`Self::parents_and_totals`]): `SELECT page_source.*, …
    /// FROM page_lists JOIN (source) AS page_source ON page_source.<parent> = page_lists.parent_id`.
    pub(super) fn rows_of_parents<'b, DB>(&'b self, parent: &'b str, out: &mut AstPass<'_, 'b, DB>) -> QueryResult<()>
    where
        DB: Backend + PagingDialect,
        Q: QueryFragment<DB>,
    {
        self.select_rows(out, |out| {
            out.push_sql(self.total_of_list("page_lists"));
            Ok(())
        })?;
        out.push_sql(if self.request.with_total { "page_totals" } else { "page_parents" });
        out.push_sql(" AS page_lists JOIN (");
        self.source.walk_ast(out.reborrow())?;
        out.push_sql(") AS page_source ON ");
        same_parent("page_source", parent, "page_lists", out)
    }

    /// The head of a single list's statement: `SELECT page_source.*, … FROM (source) AS
    /// page_source`.
    pub(super) fn all_rows<'b, DB>(&'b self, out: &mut AstPass<'_, 'b, DB>) -> QueryResult<()>
    where
        DB: Backend + PagingDialect,
        Q: QueryFragment<DB>,
    {
        self.select_rows(out, |out| self.total_of_all(out))?;
        out.push_sql("(");
        self.source.walk_ast(out.reborrow())?;
        out.push_sql(") AS page_source");
        Ok(())
    }

    /// The head of PostgreSQL's statement for many parents: `SELECT page_source.*, … FROM
    /// <parents> CROSS JOIN LATERAL (SELECT <columns> FROM (source) AS page_inner`, which the
    /// caller goes on with a parent's first rows and closes as `page_source`.
    pub(super) fn lateral_rows<'b, DB>(
        &'b self,
        parent: &'b str,
        parents: &'b [i64],
        columns: &'static str,
        out: &mut AstPass<'_, 'b, DB>,
    ) -> QueryResult<()>
    where
        DB: Backend + PagingDialect,
        Q: QueryFragment<DB>,
        i64: ToSql<BigInt, DB>,
    {
        self.select_rows(out, |out| {
            out.push_sql(self.total_of_list("page_totals"));
            Ok(())
        })?;
        self.parents_and_totals(parent, parents, out)?;
        out.push_sql(" CROSS JOIN LATERAL (SELECT ");
        out.push_sql(columns);
        out.push_sql(" FROM (");
        self.source.walk_ast(out.reborrow())?;
        out.push_sql(") AS page_inner");
        Ok(())
    }
}

/// `<rows>.<parent> = <parents>.parent_id`: a row of `rows` belongs to the parent at hand.
pub(super) fn same_parent<DB: Backend>(
    rows: &str,
    parent: &str,
    parents: &str,
    out: &mut AstPass<'_, '_, DB>,
) -> QueryResult<()> {
    out.push_sql(rows);
    out.push_sql(".");
    out.push_identifier(parent)?;
    out.push_sql(" = ");
    out.push_sql(parents);
    out.push_sql(".parent_id");
    Ok(())
}
