//! Product rows, their market regions, and their queries, written once for both backends.

use async_graphql::InputObject;
use chrono::{NaiveDate, NaiveDateTime};
use diesel::dsl::{case_when, count_star, sql};
use diesel::prelude::*;
use diesel::sql_types::Bool;
use diesel_async::RunQueryDsl;

use super::readiness::{self, ALL_GAPS, Changed, ReadinessGapCode};
use crate::db::DbConn;
use crate::db::page::{Page, PageRequest, PageRow};
use crate::db::schema::{product_market_regions, products};
use crate::db::sql::{LIKE_ESCAPE, contains_pattern, lower};
use crate::db_run;
use crate::graphql::filter::DateRange;
use crate::graphql::scalars::Date;
use crate::ids::{GroupId, KelurahanId, ProductId};
use crate::sector::BusinessSector;

/// A product of a business group. A page loaded without [`ProductCriteria::details`] leaves
/// the optional details `None`, whatever the row holds.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = products)]
pub struct Product {
    pub id: ProductId,
    #[diesel(embed)]
    pub fields: ProductFields,
}

/// The columns of a product that are both read ([`Product`]) and written ([`NewProduct`]):
/// one field list, so that a new column is added in one place.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = products)]
pub struct ProductFields {
    pub group_id: GroupId,
    /// The group's kelurahan (the database checks that it is), kept on the product for paging
    /// by kelurahan.
    pub kelurahan_id: KelurahanId,
    pub name: String,
    pub description: Option<String>,
    pub sector: BusinessSector,
    pub price_rupiah: Option<i64>,
    pub unit: Option<String>,
    pub monthly_capacity: Option<i32>,
    pub barcode: Option<String>,
}

/// Which products a list holds, with the group id already resolved.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct ProductCriteria {
    /// Ready (true) or not ready (false) for a retail listing today.
    pub retail_ready: Option<bool>,
    pub sectors: Option<Vec<BusinessSector>>,
    pub kelurahan_code: Option<String>,
    pub kecamatan_code: Option<String>,
    pub group_id: Option<GroupId>,
    pub search: Option<String>,
    /// Products registered on these days (Palu time).
    pub registered: DateRange,
    /// The day readiness is judged on.
    pub today: Option<NaiveDate>,
    /// Load the details (description, price, unit, capacity, barcode) too. Without them a
    /// page carries only what names and links a product: lists of names stay narrow.
    pub details: bool,
}

/// Which products to list. Every condition given must hold.
#[derive(InputObject, Debug, Clone, Default)]
pub struct ProductFilter {
    /// true: only products ready for a retail listing today; false: only those that are not.
    pub retail_ready: Option<bool>,
    /// Only products in one of these sectors.
    pub sectors: Option<Vec<BusinessSector>>,
    /// Only products of groups in this kelurahan, e.g. "72.71.01.1004".
    pub kelurahan_code: Option<String>,
    /// Only products of groups in this kecamatan, e.g. "72.71.01".
    pub kecamatan_code: Option<String>,
    /// Only products of this group.
    pub group_id: Option<async_graphql::ID>,
    /// Only products registered in the system on this day (Palu time) or later.
    pub from: Option<Date>,
    /// Only products registered in the system on this day (Palu time) or earlier.
    pub to: Option<Date>,
    /// Part of the name or description, case-insensitive; at most 100 characters (longer:
    /// BAD_USER_INPUT).
    pub search: Option<String>,
}

macro_rules! filtered_products {
    ($query:expr, $criteria:expr) => {{
        let criteria: &ProductCriteria = $criteria;
        let today = criteria.today.unwrap_or_else(crate::clock::today);
        let mut query = $query;
        match criteria.retail_ready {
            // The maintained state (see readiness::ready_sql), as typed expressions so that
            // PostgreSQL can keep the statement prepared.
            Some(true) => query = query.filter(products::ready_until.ge(today)),
            Some(false) => query = query.filter(products::ready_until.is_null().or(products::ready_until.lt(today))),
            None => {}
        }
        if let Some(sectors) = &criteria.sectors {
            query = query.filter(products::sector.eq_any(sectors.clone()));
        }
        if let Some(group) = criteria.group_id {
            query = query.filter(products::group_id.eq(group));
        }
        if let Some(code) = &criteria.kelurahan_code {
            let kelurahans = crate::geography::model::kelurahan_id_with_code(code);
            query = query.filter(products::kelurahan_id.eq_any(kelurahans));
        }
        if let Some(code) = &criteria.kecamatan_code {
            let kelurahans = crate::geography::model::kelurahan_ids_in_kecamatan(code);
            query = query.filter(products::kelurahan_id.eq_any(kelurahans));
        }
        if let Some(search) = criteria.search.as_deref().filter(|s| !s.trim().is_empty()) {
            let pattern = contains_pattern(search);
            query = query.filter(
                lower(products::name).like(pattern.clone()).escape(LIKE_ESCAPE).or(lower(
                    products::description.assume_not_null(),
                )
                .like(pattern)
                .escape(LIKE_ESCAPE)),
            );
        }
        query = $crate::in_range!(query, instant products::created_at, criteria.registered);
        query
    }};
}

/// Other lists filter by their products (retail listings by the product's area and sector).
pub(crate) use filtered_products;

/// The columns of a [`Product`] as a page of `criteria` loads them: the details are NULL when
/// not wanted. `CASE WHEN <bound flag>` keeps one statement for both, which PostgreSQL keeps
/// prepared (raw SQL fragments would make diesel prepare it again for every request).
macro_rules! product_columns {
    ($criteria:expr) => {{
        let details = || $criteria.details.into_sql::<Bool>();
        // Nested as the row nests its [`ProductFields`], in their order.
        (
            products::id,
            (
                products::group_id,
                products::kelurahan_id,
                products::name,
                case_when(details(), products::description),
                products::sector,
                case_when(details(), products::price_rupiah),
                case_when(details(), products::unit),
                case_when(details(), products::monthly_capacity),
                case_when(details(), products::barcode),
            ),
        )
    }};
}

pub async fn by_ids(conn: &mut DbConn, ids: &[ProductId]) -> QueryResult<Vec<Product>> {
    crate::load_where_in!(conn, products::id, ids, Product)
}

pub async fn find(conn: &mut DbConn, id: ProductId) -> QueryResult<Option<Product>> {
    Ok(by_ids(conn, &[id]).await?.pop())
}

pub async fn page(conn: &mut DbConn, criteria: &ProductCriteria, request: &PageRequest) -> QueryResult<Page<Product>> {
    crate::load_page!(
        conn,
        request,
        filtered_products!(products::table.into_boxed(), criteria).select(product_columns!(criteria))
    )
}

pub async fn count(conn: &mut DbConn, criteria: &ProductCriteria) -> QueryResult<i64> {
    db_run!(conn: { filtered_products!(products::table.into_boxed(), criteria).count().get_result(conn).await })
}

/// Which parent the products of [`pages_per_parent`] are paged under.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PagedBy {
    Group,
    Kelurahan,
}

/// One page of matching products for each of several groups or kelurahan (`parents`, their
/// ids), in one statement.
pub async fn pages_per_parent(
    conn: &mut DbConn,
    by: PagedBy,
    parents: Vec<i64>,
    criteria: &ProductCriteria,
    request: &PageRequest,
) -> QueryResult<Vec<PageRow<Product>>> {
    let column = match by {
        PagedBy::Group => "group_id",
        PagedBy::Kelurahan => "kelurahan_id",
    };
    crate::load_pages_per_parent!(
        conn,
        request,
        column,
        parents,
        filtered_products!(products::table.into_boxed(), criteria).select(product_columns!(criteria))
    )
}

/// How many products match under each of several groups or kelurahan (`parents`, their
/// ids; absent = none).
pub async fn counts_per_parent(
    conn: &mut DbConn,
    by: PagedBy,
    parents: &[i64],
    criteria: &ProductCriteria,
) -> QueryResult<Vec<(i64, i64)>> {
    // GROUP BY cannot be boxed: group the rows that the boxed filter selects, by a column
    // that differs only in name.
    macro_rules! counted_by {
        ($column:expr) => {
            db_run!(conn: {
                let matching =
                    filtered_products!(products::table.into_boxed(), criteria).filter($column.eq_any(parents)).select(products::id);
                products::table
                    .filter(products::id.eq_any(matching))
                    .group_by($column)
                    .select(($column, count_star()))
                    .load(conn)
                    .await
            })
        };
    }
    match by {
        PagedBy::Group => counted_by!(products::group_id),
        PagedBy::Kelurahan => counted_by!(products::kelurahan_id),
    }
}

/// The gaps of several products on `today`, evaluated by the SQL of [`readiness::gap_sql`].
pub async fn gaps_of(
    conn: &mut DbConn,
    ids: &[ProductId],
    today: NaiveDate,
) -> QueryResult<Vec<(ProductId, Vec<ReadinessGapCode>)>> {
    let gap = |index: usize| sql::<Bool>(&readiness::gap_sql(ALL_GAPS[index], today));
    type Flags = (ProductId, bool, bool, bool, bool, bool, bool, bool, bool, bool, bool, bool);
    let rows: Vec<Flags> = db_run!(conn: {
        products::table
            .filter(products::id.eq_any(ids))
            .select((products::id, gap(0), gap(1), gap(2), gap(3), gap(4), gap(5), gap(6), gap(7), gap(8), gap(9), gap(10)))
            .load(conn)
            .await
    })?;
    Ok(rows
        .into_iter()
        .map(|(id, g0, g1, g2, g3, g4, g5, g6, g7, g8, g9, g10)| {
            let flags = [g0, g1, g2, g3, g4, g5, g6, g7, g8, g9, g10];
            (id, ALL_GAPS.iter().zip(flags).filter(|(_, has)| *has).map(|(gap, _)| *gap).collect())
        })
        .collect())
}

/// The market regions of several products.
pub async fn regions_of(conn: &mut DbConn, ids: &[ProductId]) -> QueryResult<Vec<(ProductId, String)>> {
    crate::values_per_key!(conn, product_market_regions, product_id => region, ids)
}

/// Replaces a product's market regions.
pub async fn set_regions(conn: &mut DbConn, id: ProductId, regions: &[String]) -> QueryResult<()> {
    crate::replace_values!(conn, product_market_regions, product_id => region, id, regions)
}

/// A product to insert.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = products)]
pub struct NewProduct {
    #[diesel(embed)]
    pub fields: ProductFields,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// Changes to a product; `None` leaves a column as it is.
#[derive(Debug, Default, AsChangeset)]
#[diesel(table_name = products)]
pub struct ProductChanges {
    pub name: Option<String>,
    pub description: Option<Option<String>>,
    pub sector: Option<BusinessSector>,
    pub price_rupiah: Option<Option<i64>>,
    pub unit: Option<Option<String>>,
    pub monthly_capacity: Option<Option<i32>>,
    pub barcode: Option<Option<String>>,
    pub updated_at: Option<NaiveDateTime>,
}

/// Inserts a product and computes its readiness: call inside a transaction.
pub async fn insert(conn: &mut DbConn, product: &NewProduct) -> QueryResult<Product> {
    let inserted = crate::insert_row!(conn, products, product, Product)?;
    readiness::refresh(conn, Changed::Product(inserted.id)).await?;
    Ok(inserted)
}

/// Changes a product and refreshes its readiness: call inside a transaction.
pub async fn update(conn: &mut DbConn, id: ProductId, changes: &ProductChanges) -> QueryResult<Product> {
    let updated = crate::update_row!(conn, products, id, changes, Product)?;
    readiness::refresh(conn, Changed::Product(id)).await?;
    Ok(updated)
}

/// Touches a product inside the caller's transaction, so that concurrent changes to it
/// (its permits, assessments, listings) queue behind each other.
pub async fn lock(conn: &mut DbConn, id: ProductId, now: NaiveDateTime) -> QueryResult<Option<Product>> {
    crate::update_row!(conn, products, id, products::updated_at.eq(now), Product).optional()
}

#[cfg(test)]
mod tests {
    use diesel::pg::Pg;
    use diesel::query_builder::QueryFragment;
    use diesel::sqlite::Sqlite;

    use super::*;
    use crate::db::page::{Direction, WindowPage};

    /// PostgreSQL keeps a statement prepared only when diesel may cache it: a raw SQL fragment
    /// anywhere in a page would make every request plan it again.
    #[test]
    fn product_pages_stay_prepared_whatever_the_selection() {
        let request =
            PageRequest { direction: Direction::Forward, sort: None, cursor: Some(5), size: 10, with_total: true };
        for details in [false, true] {
            let criteria = ProductCriteria {
                retail_ready: Some(true),
                sectors: Some(vec![BusinessSector::FoodBeverage]),
                kelurahan_code: Some("72.71.02.1005".into()),
                details,
                ..ProductCriteria::default()
            };
            let source =
                || filtered_products!(products::table.into_boxed::<Pg>(), &criteria).select(product_columns!(criteria));
            let single = WindowPage::single(source(), request);
            assert!(QueryFragment::<Pg>::is_safe_to_cache_prepared(&single, &Pg).unwrap());
            let nested = WindowPage::per_parent(source(), "group_id", vec![1, 2], request);
            assert!(QueryFragment::<Pg>::is_safe_to_cache_prepared(&nested, &Pg).unwrap());
            // SQLite spells a list of sectors as `IN (?, ?, …)`, which diesel does not cache.
            let criteria = ProductCriteria { sectors: None, ..criteria };
            let source = filtered_products!(products::table.into_boxed::<Sqlite>(), &criteria)
                .select(product_columns!(criteria));
            let nested = WindowPage::per_parent(source, "group_id", vec![1, 2], request);
            assert!(QueryFragment::<Sqlite>::is_safe_to_cache_prepared(&nested, &Sqlite).unwrap());
        }
    }
}
