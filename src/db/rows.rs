//! The statements every model writes the same way: rows by a set of keys, a page of a
//! filtered list, one page per parent, and a row inserted or updated and read back.
//!
//! Macros, like [`db_run!`](crate::db_run) that they expand into, because diesel's query types
//! differ per table and per backend. The caller imports what the expansion calls:
//! `diesel::prelude::*` and `diesel_async::RunQueryDsl`, and names the table's module.

/// The rows of `$table` whose `$column` is one of `$keys`, loaded as `$row` (its
/// `Selectable`) in one statement, in no particular order unless an order is given:
/// `load_where_in!(conn, members::group_id, &groups, Member, members::id)`.
#[macro_export]
macro_rules! load_where_in {
    ($conn:ident, $table:ident :: $column:ident, $keys:expr, $row:ty $(, $order:expr)? $(,)?) => {
        $crate::db_run!($conn: {
            $table::table
                .filter($table::$column.eq_any($keys))
                .select(<$row>::as_select())
                $(.order($order))?
                .load($conn)
                .await
        })
    };
}

/// How many rows of `$table` have each of `$keys` in `$column`, as `(key, count)` pairs in one
/// statement (a key without rows is absent).
#[macro_export]
macro_rules! count_per_key {
    ($conn:ident, $table:ident :: $column:ident, $keys:expr) => {
        $crate::db_run!($conn: {
            $table::table
                .filter($table::$column.eq_any($keys))
                .group_by($table::$column)
                .select(($table::$column, diesel::dsl::count_star()))
                .load($conn)
                .await
        })
    };
}

/// Whether `$table` holds a row that meets every one of `$conditions`, in one statement.
#[macro_export]
macro_rules! row_exists {
    ($conn:ident, $table:ident, $($condition:expr),+ $(,)?) => {
        $crate::db_run!($conn: {
            diesel::select(diesel::dsl::exists($table::table$(.filter($condition))+)).get_result::<bool>($conn).await
        })
    };
}

/// The `$value`s that `$table` holds for each of `$keys` in `$key`, as `(key, value)` pairs
/// ordered by key, then value, in one statement: a set of values per row, such as a member's
/// skills or a product's market regions.
#[macro_export]
macro_rules! values_per_key {
    ($conn:ident, $table:ident, $key:ident => $value:ident, $keys:expr) => {
        $crate::db_run!($conn: {
            $table::table
                .filter($table::$key.eq_any($keys))
                .select(($table::$key, $table::$value))
                .order(($table::$key, $table::$value))
                .load($conn)
                .await
        })
    };
}

/// Replaces the set of `$value`s that `$table` holds for `$id` in `$key` by `$values`, inside
/// the caller's transaction (row by row: SQLite through diesel-async cannot insert many).
#[macro_export]
macro_rules! replace_values {
    ($conn:ident, $table:ident, $key:ident => $value:ident, $id:expr, $values:expr) => {{
        let id = $id;
        $crate::db_run!($conn: {
            diesel::delete($table::table.filter($table::$key.eq(id))).execute($conn).await
        })?;
        for value in $values {
            $crate::db_run!($conn: {
                let row = ($table::$key.eq(id), $table::$value.eq(value));
                diesel::insert_into($table::table).values(row).execute($conn).await
            })?;
        }
        Ok(())
    }};
}

/// One page of `$source` (a select of a filtered list) for the `&PageRequest` `$request`, as
/// a `QueryResult<Page<_>>` (see [`WindowPage::single`](crate::db::page::WindowPage::single)).
#[macro_export]
macro_rules! load_page {
    ($conn:ident, $request:expr, $source:expr) => {{
        let request: &$crate::db::page::PageRequest = $request;
        $crate::db_run!($conn: {
            $crate::db::page::WindowPage::single($source, *request).load($conn).await
        })
        .map(|rows| $crate::db::page::Page::from_rows(rows, request))
    }};
}

/// One page of `$source` for each of `$parents` (a `Vec<i64>` of values of the column named
/// `$column` in `$source`), in one statement, as a `QueryResult<Vec<PageRow<_>>>` (see
/// [`WindowPage::per_parent`](crate::db::page::WindowPage::per_parent)).
#[macro_export]
macro_rules! load_pages_per_parent {
    ($conn:ident, $request:expr, $column:expr, $parents:expr, $source:expr) => {{
        let request: &$crate::db::page::PageRequest = $request;
        let parents: Vec<i64> = $parents;
        $crate::db_run!($conn: {
            $crate::db::page::WindowPage::per_parent($source, $column, parents, *request).load($conn).await
        })
    }};
}

/// Inserts `$values` into `$table` and reads the new row back as `$row` (its `Selectable`).
#[macro_export]
macro_rules! insert_row {
    ($conn:ident, $table:ident, $values:expr, $row:ty) => {
        $crate::db_run!($conn: {
            diesel::insert_into($table::table).values($values).returning(<$row>::as_returning()).get_result($conn).await
        })
    };
}

/// Sets `$changes` on the row of `$table` with the id `$id` and reads it back as `$row`.
/// A row that is not there is `Err(NotFound)` (`.optional()` turns it into `None`).
#[macro_export]
macro_rules! update_row {
    ($conn:ident, $table:ident, $id:expr, $changes:expr, $row:ty) => {
        $crate::db_run!($conn: {
            diesel::update($table::table.find($id)).set($changes).returning(<$row>::as_returning()).get_result($conn).await
        })
    };
}

/// Sets `$changes` on the row of `$table` with the id `$id`, provided its `status` is still
/// `$from` (inside the caller's transaction), and reads it back as `$row`: a move of a row
/// through its workflow. `None` when the row is no longer in `$from`: a concurrent move won.
/// Written `$from => $to, $now, $changes`, the move also sets `status` to `$to` and
/// `updated_at` to `$now`.
#[macro_export]
macro_rules! move_row {
    ($conn:ident, $table:ident, $id:expr, $from:expr => $to:expr, $now:expr, $changes:expr, $row:ty) => {{
        let moved = ($table::status.eq($to), $table::updated_at.eq($now), $changes);
        $crate::move_row!($conn, $table, $id, $from, moved, $row)
    }};
    ($conn:ident, $table:ident, $id:expr, $from:expr, $changes:expr, $row:ty) => {
        $crate::db_run!($conn: {
            diesel::update($table::table.find($id).filter($table::status.eq($from)))
                .set($changes)
                .returning(<$row>::as_returning())
                .get_result($conn)
                .await
                .optional()
        })
    };
}

/// The row of `$table` with the id `$id` as `$row` (`None` when there is none), read inside
/// the caller's transaction and kept from concurrent changes until it ends: `SELECT … FOR
/// UPDATE` on PostgreSQL; on SQLite the transaction (`BEGIN IMMEDIATE`) already holds the
/// database's write lock, so a plain read is stable.
#[macro_export]
macro_rules! lock_row {
    ($conn:ident, $table:ident, $id:expr, $row:ty) => {
        match $conn {
            $crate::db::DbConn::Postgres(pg) => {
                let pg: &mut diesel_async::AsyncPgConnection = pg;
                $table::table.find($id).select(<$row>::as_select()).for_update().get_result(pg).await.optional()
            }
            $crate::db::DbConn::Sqlite(sqlite) => {
                let sqlite: &mut $crate::db::SqliteConn = sqlite;
                $table::table.find($id).select(<$row>::as_select()).get_result(sqlite).await.optional()
            }
        }
    };
}

/// Defines the two functions of a filtered list: `$page`, one page of the rows that
/// `$filtered` (a boxed query on the list's table, built from `$criteria`) selects, loaded as
/// `$row`s; and `$count`, how many rows it selects.
///
/// ```ignore
/// crate::page_and_count!(page, count, |criteria: EventCriteria| listed_events!(criteria) => Event);
/// ```
#[macro_export]
macro_rules! page_and_count {
    ($page:ident, $count:ident, |$criteria:ident: $criteria_type:ty| $filtered:expr => $row:ty) => {
        pub async fn $page(
            conn: &mut $crate::db::DbConn,
            $criteria: &$criteria_type,
            request: &$crate::db::page::PageRequest,
        ) -> diesel::QueryResult<$crate::db::page::Page<$row>> {
            $crate::load_page!(conn, request, $filtered.select(<$row>::as_select()))
        }

        pub async fn $count(conn: &mut $crate::db::DbConn, $criteria: &$criteria_type) -> diesel::QueryResult<i64> {
            $crate::db_run!(conn: { $filtered.count().get_result(conn).await })
        }
    };
}
