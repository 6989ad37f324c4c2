//! Retail listings: a ready product put forward to a retailer's outlet, then listed, then
//! perhaps delisted.

use async_graphql::Enum;
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;

use super::model::{ProductCriteria, filtered_products};
use crate::db::DbConn;
use crate::db::schema::{products, retail_listings};
use crate::db::sql::{LIKE_ESCAPE, contains_pattern, lower};
use crate::db_run;
use crate::graphql::filter::DateRange;
use crate::ids::{ListingId, ProductId};

/// Where a listing stands.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq, Hash, diesel::AsExpression, diesel::FromSqlRow)]
#[diesel(sql_type = diesel::sql_types::Text)]
pub enum ListingStatus {
    /// Put forward by the Dinas; the retailer has not decided.
    Proposed,
    /// On the outlet's shelf.
    Listed,
    /// Off the shelf, or the proposal was withdrawn.
    Delisted,
}

crate::text_enum!(ListingStatus {
    Proposed => "PROPOSED",
    Listed => "LISTED",
    Delisted => "DELISTED",
});

impl ListingStatus {
    /// PROPOSED → LISTED → DELISTED; a proposal may also be withdrawn (→ DELISTED).
    pub fn can_move_to(self, to: ListingStatus) -> bool {
        use ListingStatus::*;
        matches!((self, to), (Proposed, Listed) | (Proposed, Delisted) | (Listed, Delisted))
    }
}

/// A product at a retailer's outlet.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = retail_listings)]
pub struct Listing {
    pub id: ListingId,
    pub product_id: ProductId,
    pub retailer: String,
    pub outlet: String,
    pub status: ListingStatus,
    pub proposed_on: NaiveDate,
    pub listed_on: Option<NaiveDate>,
    pub delisted_on: Option<NaiveDate>,
}

/// Which listings a list holds.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct ListingCriteria {
    /// The retailer, case-insensitive (e.g. "Alfamidi").
    pub retailer: Option<String>,
    pub statuses: Option<Vec<ListingStatus>>,
    /// Listings proposed on these days.
    pub proposed: DateRange,
    /// Listings of the products these criteria select.
    pub product: Option<ProductCriteria>,
}

pub async fn by_ids(conn: &mut DbConn, ids: &[ListingId]) -> QueryResult<Vec<Listing>> {
    crate::load_where_in!(conn, retail_listings::id, ids, Listing)
}

pub async fn of_products(conn: &mut DbConn, ids: &[ProductId]) -> QueryResult<Vec<Listing>> {
    crate::load_where_in!(conn, retail_listings::product_id, ids, Listing, retail_listings::id)
}

macro_rules! filtered_listings {
    ($criteria:expr) => {{
        let criteria: &ListingCriteria = $criteria;
        let mut query = retail_listings::table.into_boxed();
        if let Some(retailer) = &criteria.retailer {
            query = query.filter(crate::db::sql::lower(retail_listings::retailer).eq(retailer.trim().to_lowercase()));
        }
        if let Some(statuses) = &criteria.statuses {
            query = query.filter(retail_listings::status.eq_any(statuses.clone()));
        }
        query = crate::in_range!(query, day retail_listings::proposed_on, criteria.proposed);
        if let Some(product) = &criteria.product {
            query = query.filter(
                retail_listings::product_id
                    .eq_any(filtered_products!(products::table.into_boxed(), product).select(products::id)),
            );
        }
        query
    }};
}

crate::page_and_count!(page, count, |criteria: ListingCriteria| filtered_listings!(criteria) => Listing);

/// Whether the product is already proposed to or listed at this outlet.
pub async fn open_at(conn: &mut DbConn, product: ProductId, retailer: &str, outlet: &str) -> QueryResult<bool> {
    crate::row_exists!(
        conn,
        retail_listings,
        retail_listings::product_id.eq(product),
        retail_listings::retailer.eq(retailer),
        retail_listings::outlet.eq(outlet),
        retail_listings::status.ne(ListingStatus::Delisted)
    )
}

pub async fn insert(
    conn: &mut DbConn,
    product: ProductId,
    retailer: &str,
    outlet: &str,
    today: NaiveDate,
    now: NaiveDateTime,
) -> QueryResult<Listing> {
    db_run!(conn: {
        diesel::insert_into(retail_listings::table)
            .values((
                retail_listings::product_id.eq(product),
                retail_listings::retailer.eq(retailer),
                retail_listings::outlet.eq(outlet),
                retail_listings::status.eq(ListingStatus::Proposed),
                retail_listings::proposed_on.eq(today),
                retail_listings::created_at.eq(now),
                retail_listings::updated_at.eq(now),
            ))
            .returning(Listing::as_returning())
            .get_result(conn)
            .await
    })
}

/// Moves a listing from `from` to `to` on `on`; `None` when it is no longer in `from`
/// (a concurrent move won).
pub async fn move_to(
    conn: &mut DbConn,
    id: ListingId,
    from: ListingStatus,
    to: ListingStatus,
    on: NaiveDate,
    now: NaiveDateTime,
) -> QueryResult<Option<Listing>> {
    let listed_on = (to == ListingStatus::Listed).then_some(on);
    let delisted_on = (to == ListingStatus::Delisted).then_some(on);
    let changes =
        (listed_on.map(|d| retail_listings::listed_on.eq(d)), delisted_on.map(|d| retail_listings::delisted_on.eq(d)));
    crate::move_row!(conn, retail_listings, id, from => to, now, changes, Listing)
}
