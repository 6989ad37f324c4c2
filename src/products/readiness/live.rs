//! Which products a readiness refresh turned ready or not ready, told as live events.

use diesel::QueryableByName;
use diesel_async::RunQueryDsl;

use crate::db::DbConn;
use crate::db_run;
use crate::ids::{KelurahanId, ProductId};
use crate::live::{LiveEvent, publish};

/// Whether each product of a scope is ready today, before or after a refresh.
#[derive(QueryableByName, Debug, PartialEq, Eq)]
pub struct Readiness {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    id: i64,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    kelurahan_id: i64,
    #[diesel(sql_type = diesel::sql_types::Integer)]
    ready: i32,
}

/// The readiness today of the products the SQL condition `scope` selects, by id.
pub async fn snapshot(conn: &mut DbConn, scope: &str) -> diesel::QueryResult<Vec<Readiness>> {
    let ready = crate::products::readiness::ready_sql(crate::clock::today());
    let statement = format!(
        "SELECT products.id AS id, products.kelurahan_id AS kelurahan_id, \
         CASE WHEN {ready} THEN 1 ELSE 0 END AS ready FROM products WHERE {scope} ORDER BY products.id"
    );
    db_run!(conn: { diesel::sql_query(statement).load(conn).await })
}

/// Publishes one event per product of `scope` whose readiness differs from `before`
/// (a product new to the scope counts as not ready before).
pub async fn publish_changes(conn: &mut DbConn, scope: &str, before: Vec<Readiness>) -> diesel::QueryResult<()> {
    let was_ready: std::collections::HashMap<i64, bool> = before.iter().map(|row| (row.id, row.ready != 0)).collect();
    for row in snapshot(conn, scope).await? {
        let ready = row.ready != 0;
        if was_ready.get(&row.id).copied().unwrap_or(false) != ready {
            publish(conn, LiveEvent::product_readiness(ProductId(row.id), KelurahanId(row.kelurahan_id), ready))
                .await?;
        }
    }
    Ok(())
}
