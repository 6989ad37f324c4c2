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

    /// PostgreSQL's parents: `(VALUES …) AS page_parents(parent_id)` and, when counted, each
    /// one's count `CROSS JOIN LATERAL (…) AS page_totals`.
    pub(super) fn lateral_parents<'b, DB>(
        &'b self,
        parent: &'b str,
        parents: &'b [i64],
        out: &mut AstPass<'_, 'b, DB>,
    ) -> QueryResult<()>
    where
        DB: Backend,
        Q: QueryFragment<DB>,
        i64: ToSql<BigInt, DB>,
    {
        out.push_sql("(");
        parent_rows(parents, out)?;
        out.push_sql(") AS page_parents(parent_id)");
        if self.request.with_total {
            out.push_sql(" CROSS JOIN LATERAL (");
            self.count_of_parent(parent, out)?;
            out.push_sql(") AS page_totals");
        }
        Ok(())
    }

    /// SQLite's rows of the parents (after [`Self::with_parents`]): `SELECT page_source.*, …
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
        out.push_sql(") AS page_source ON page_source.");
        out.push_identifier(parent)?;
        out.push_sql(" = page_lists.parent_id");
        Ok(())
    }

    /// SQLite's parents: `WITH page_parents(parent_id) AS (VALUES …)` and, when counted, a
    /// materialised `page_totals(parent_id, total)`.
    pub(super) fn with_parents<'b, DB>(
        &'b self,
        parent: &'b str,
        parents: &'b [i64],
        out: &mut AstPass<'_, 'b, DB>,
    ) -> QueryResult<()>
    where
        DB: Backend,
        Q: QueryFragment<DB>,
        i64: ToSql<BigInt, DB>,
    {
        out.push_sql("WITH page_parents(parent_id) AS (");
        parent_rows(parents, out)?;
        out.push_sql(")");
        if self.request.with_total {
            out.push_sql(", page_totals AS MATERIALIZED (SELECT parent_id, (");
            self.count_of_parent(parent, out)?;
            out.push_sql(") AS total FROM page_parents)");
        }
        Ok(())
    }
}
