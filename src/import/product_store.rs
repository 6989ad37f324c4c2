//! The batched writes of a product file: products, their market regions and permits, then
//! their readiness once for the whole batch, inside the caller's transaction (as
//! [`super::store`] does for groups: multi-row INSERTs on PostgreSQL, a loop of prepared
//! inserts on one thread on SQLite).

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;

use super::store::{insert_all, insert_returning};
use crate::db::DbConn;
use crate::db::schema::{product_market_regions, product_permits, products};
use crate::ids::{GroupId, ProductId};
use crate::products::model::NewProduct;
use crate::products::permits::PermitKind;
use crate::products::readiness::{self, Changed};

/// Rows per multi-row INSERT on PostgreSQL (products have 11 columns: 11,000 parameters).
const PG_ROWS: usize = 1_000;

/// A permit to insert: product, kind, number, expiry.
pub type NewPermit = (ProductId, PermitKind, String, Option<NaiveDate>);

/// Inserts products; their ids by group and name.
pub async fn insert_products(
    conn: &mut DbConn,
    rows: Vec<NewProduct>,
) -> QueryResult<HashMap<(GroupId, String), ProductId>> {
    let columns = (products::group_id, products::name, products::id);
    let returned = insert_returning!(conn, rows, PG_ROWS, products::table, columns, (GroupId, String, ProductId));
    Ok(returned.into_iter().map(|(group, name, id)| ((group, name), id)).collect())
}

/// Inserts market regions and permits, then recomputes the readiness of the products from
/// `first` to `last` (the batch) in one pass.
pub async fn insert_details(
    conn: &mut DbConn,
    regions: Vec<(ProductId, String)>,
    permits: Vec<NewPermit>,
    batch: (ProductId, ProductId),
    now: NaiveDateTime,
) -> QueryResult<()> {
    insert_all!(conn, regions, PG_ROWS, product_market_regions::table, |(id, region): &(ProductId, String)| {
        (product_market_regions::product_id.eq(*id), product_market_regions::region.eq(region.clone()))
    });
    insert_all!(conn, permits, PG_ROWS, product_permits::table, move |permit: &NewPermit| permit_values(permit, now));
    readiness::refresh(conn, Changed::Range(batch.0, batch.1)).await?;
    Ok(())
}

#[allow(clippy::type_complexity)]
fn permit_values(
    (id, kind, number, valid_until): &NewPermit,
    now: NaiveDateTime,
) -> (
    diesel::dsl::Eq<product_permits::product_id, ProductId>,
    diesel::dsl::Eq<product_permits::kind, PermitKind>,
    diesel::dsl::Eq<product_permits::number, String>,
    diesel::dsl::Eq<product_permits::valid_until, Option<NaiveDate>>,
    diesel::dsl::Eq<product_permits::created_at, NaiveDateTime>,
) {
    (
        product_permits::product_id.eq(*id),
        product_permits::kind.eq(*kind),
        product_permits::number.eq(number.clone()),
        product_permits::valid_until.eq(*valid_until),
        product_permits::created_at.eq(now),
    )
}
