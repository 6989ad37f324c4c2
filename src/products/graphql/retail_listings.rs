//! Retail listings as the graph shows them, and the filter of the `retailListings` query.

use async_graphql::{Context, ID, InputObject, Object};

use super::product_of;
use crate::db::sql::check_search;
use crate::error::AppResult;
use crate::graphql::filter::{DateRange, renamed_to_list};
use crate::graphql::scalars::Date;
use crate::products::listings::{Listing, ListingCriteria, ListingStatus};
use crate::products::model::{Product, ProductCriteria};
use crate::sector::BusinessSector;

/// A product put forward to, or listed at, a retailer's outlet.
#[Object(name = "RetailListing")]
impl Listing {
    /// Opaque global id; `node(id:)` fetches the listing with it.
    pub async fn id(&self) -> ID {
        self.id.to_global()
    }

    /// The product put forward or listed.
    async fn product(&self, ctx: &Context<'_>) -> async_graphql::Result<Product> {
        product_of(ctx, self.product_id).await
    }

    /// The retailer, e.g. "Alfamidi".
    async fn retailer(&self) -> &str {
        &self.retailer
    }

    /// The outlet, e.g. "Alfamidi Jl. Moh. Hatta Palu".
    async fn outlet(&self) -> &str {
        &self.outlet
    }

    /// Where the listing stands: PROPOSED, LISTED or DELISTED.
    async fn status(&self) -> ListingStatus {
        self.status
    }

    /// The day the product was put forward to the outlet (the day `proposeRetailListing` ran,
    /// in Palu).
    async fn proposed_on(&self) -> Date {
        Date(self.proposed_on)
    }

    /// The day the retailer put it on the shelf; null while PROPOSED, or when the proposal
    /// was withdrawn without a listing.
    async fn listed_on(&self) -> Option<Date> {
        self.listed_on.map(Date)
    }

    /// The day it came off the shelf or the proposal was withdrawn; null unless DELISTED.
    async fn delisted_on(&self) -> Option<Date> {
        self.delisted_on.map(Date)
    }
}

/// Which listings to list. Every condition given must hold.
#[derive(InputObject, Default)]
pub struct RetailListingFilter {
    /// Only this retailer (case-insensitive), e.g. "Alfamidi".
    pub retailer: Option<String>,
    /// Only listings in this status. Deprecated: same as `statuses: [status]`; giving both
    /// with different values is refused (BAD_USER_INPUT).
    #[graphql(deprecation = "Use `statuses`.")]
    pub status: Option<ListingStatus>,
    /// Only listings in one of these statuses.
    pub statuses: Option<Vec<ListingStatus>>,
    /// Only listings of products of groups in this kelurahan, e.g. "72.71.01.1004".
    pub kelurahan_code: Option<String>,
    /// Only listings of products of groups in this kecamatan, e.g. "72.71.01".
    pub kecamatan_code: Option<String>,
    /// Only listings of products in one of these sectors.
    pub sectors: Option<Vec<BusinessSector>>,
    /// Only listings proposed on this day or later.
    pub from: Option<Date>,
    /// Only listings proposed on this day or earlier.
    pub to: Option<Date>,
    /// Part of the product's name or description, case-insensitive; at most 100 characters
    /// (longer: BAD_USER_INPUT).
    pub search: Option<String>,
}

impl RetailListingFilter {
    pub(super) fn into_criteria(self) -> AppResult<ListingCriteria> {
        check_search(self.search.as_deref())?;
        let product = ProductCriteria {
            kelurahan_code: self.kelurahan_code,
            kecamatan_code: self.kecamatan_code,
            sectors: self.sectors,
            search: self.search,
            ..ProductCriteria::default()
        };
        let by_product = product != ProductCriteria::default();
        Ok(ListingCriteria {
            retailer: self.retailer,
            statuses: renamed_to_list(self.status, self.statuses, "status", "statuses")?,
            proposed: DateRange::new(self.from, self.to)?,
            product: by_product.then_some(product),
        })
    }
}
