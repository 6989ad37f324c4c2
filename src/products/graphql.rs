//! GraphQL types and queries of the product catalogue. The catalogue is public; an
//! assessment's assessor and notes are for ADMIN, AGENCY and the OFFICER of the kelurahan.

use async_graphql::{Context, ID, Object};
use umkm_graph_macros::paging;

use super::assessments::{Assessment, AssessmentOutcome};
use super::listings::{self, Listing};
use super::loader::ProductParent;
use super::model::{self, Product, ProductCriteria, ProductFilter};
use super::order::{ProductOrder, RetailListingOrder};
use super::permits::{PermitKind, ProductPermit};
use super::readiness::RetailReadiness;
use super::{AssessmentsOf, ListingsOf, PermitsOf, ProductCountOf, ProductsOf, ReadinessOf, RegionsOf};
use crate::db::page::PageRequest;
use crate::db::sql::check_search;
use crate::error::{AppError, AppResult};
use crate::geography::model::Kelurahan;
use crate::graphql::context::{ContextExt, load_existing};
use crate::graphql::filter::{DateRange, id_argument};
use crate::graphql::language::Text;
use crate::graphql::relay::{
    ListConnection, PageArgs, list_connection, nested_connection, nodes_select_any, ordered_page_request,
};
use crate::graphql::scalars::{Date, Rupiah};
use crate::groups::model::Group;
use crate::ids::GroupId;
use crate::sector::BusinessSector;

mod retail_listings;
use retail_listings::RetailListingFilter;

/// The products under a group or a kelurahan that `filter` selects, one page of them: the
/// pages (and counts) of all parents of one level load in one statement.
pub async fn products_under(
    ctx: &Context<'_>,
    parent: ProductParent,
    filter: Option<ProductFilter>,
    page: PageRequest,
) -> async_graphql::Result<ListConnection<Product>> {
    let criteria = filter.unwrap_or_default().into_criteria(ctx)?;
    let rows = ProductsOf { parent, criteria: criteria.clone(), page };
    nested_connection(ctx, rows, ProductCountOf { parent, criteria }, &page, |p: &Product| p.id.0).await
}

/// The fields of a product that read its details (see [`ProductCriteria::details`]).
const DETAIL_FIELDS: [&str; 5] = ["description", "priceRupiah", "unit", "monthlyCapacity", "barcode"];

impl ProductFilter {
    /// The filter of the products connection being resolved, with its group id resolved, as
    /// a loader key; the details are loaded only when the connection's nodes select them.
    pub fn into_criteria(self, ctx: &Context<'_>) -> AppResult<ProductCriteria> {
        check_search(self.search.as_deref())?;
        Ok(ProductCriteria {
            retail_ready: self.retail_ready,
            sectors: self.sectors,
            kelurahan_code: self.kelurahan_code,
            kecamatan_code: self.kecamatan_code,
            group_id: id_argument(self.group_id)?,
            search: self.search,
            registered: DateRange::new(self.from, self.to)?,
            today: Some(crate::clock::today()),
            details: nodes_select_any(ctx, &DETAIL_FIELDS),
        })
    }
}

async fn group_of(ctx: &Context<'_>, id: GroupId) -> async_graphql::Result<Group> {
    load_existing(ctx, id).await
}

/// A product of a business group.
#[Object]
impl Product {
    /// Opaque global id; `node(id:)` fetches the product with it.
    pub async fn id(&self) -> ID {
        self.id.to_global()
    }

    /// The product's name, e.g. "Bawang goreng Palu" (at most 150 characters).
    async fn name(&self) -> &str {
        &self.fields.name
    }

    /// What the product is, in the group's words (at most 2000 characters); null when none
    /// was given.
    async fn description(&self) -> Option<&str> {
        self.fields.description.as_deref()
    }

    /// The trade the product belongs to; FOOD_BEVERAGE products need food permits and halal
    /// to be retail ready.
    async fn sector(&self) -> BusinessSector {
        self.fields.sector
    }

    /// Price per unit, in whole rupiah; null when not recorded.
    async fn price_rupiah(&self) -> Option<Rupiah> {
        self.fields.price_rupiah.map(Rupiah::from)
    }

    /// The unit the price is for, e.g. "pack 250 g"; null when not recorded.
    async fn unit(&self) -> Option<&str> {
        self.fields.unit.as_deref()
    }

    /// Units the group can supply in a month; null when not recorded.
    async fn monthly_capacity(&self) -> Option<i32> {
        self.fields.monthly_capacity
    }

    /// EAN-13 barcode (check digit verified); null when the product has none.
    async fn barcode(&self) -> Option<&str> {
        self.fields.barcode.as_deref()
    }

    /// Where it is sold: "Kota Palu", "Kabupaten Sigi", "Kota Makassar", ...
    #[graphql(complexity = "crate::graphql::cost::list(crate::graphql::cost::LIST_BOUND, child_complexity)")]
    async fn market_regions(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<String>> {
        Ok(ctx.loader().load_one(RegionsOf(self.id)).await?.unwrap_or_default())
    }

    /// The group that makes the product.
    async fn group(&self, ctx: &Context<'_>) -> async_graphql::Result<Group> {
        group_of(ctx, self.fields.group_id).await
    }

    /// The kelurahan of the product's group.
    async fn kelurahan(&self, ctx: &Context<'_>) -> async_graphql::Result<Kelurahan> {
        let group = group_of(ctx, self.fields.group_id).await?;
        load_existing(ctx, group.fields.kelurahan_id).await
    }

    /// Its permits (PIRT, BPOM, halal, SNI), by kind.
    #[graphql(complexity = "crate::graphql::cost::list(crate::graphql::cost::LIST_BOUND, child_complexity)")]
    async fn permits(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<ProductPermit>> {
        Ok(crate::graphql::cost::bounded(
            ctx.loader().load_one(PermitsOf(self.id)).await?.unwrap_or_default(),
            crate::graphql::cost::LIST_BOUND,
        ))
    }

    /// The Dinas's feasibility assessments, newest first.
    #[graphql(complexity = "crate::graphql::cost::list(crate::graphql::cost::LIST_BOUND, child_complexity)")]
    async fn assessments(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Assessment>> {
        Ok(crate::graphql::cost::bounded(
            ctx.loader().load_one(AssessmentsOf(self.id)).await?.unwrap_or_default(),
            crate::graphql::cost::LIST_BOUND,
        ))
    }

    /// Whether the product is ready for a modern-retail listing today, and what it lacks.
    async fn retail_readiness(&self, ctx: &Context<'_>) -> async_graphql::Result<RetailReadiness> {
        let gaps = ctx.loader().load_one(ReadinessOf(self.id)).await?.unwrap_or_default();
        Ok(RetailReadiness::from_gaps(&gaps, ctx.language()))
    }

    /// Shorthand for `retailReadiness.ready`.
    async fn retail_ready(&self, ctx: &Context<'_>) -> async_graphql::Result<bool> {
        Ok(ctx.loader().load_one(ReadinessOf(self.id)).await?.unwrap_or_default().is_empty())
    }

    /// Where it has been put forward or listed, oldest first.
    #[graphql(complexity = "crate::graphql::cost::list(crate::graphql::cost::LIST_BOUND, child_complexity)")]
    async fn listings(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Listing>> {
        Ok(crate::graphql::cost::bounded(
            ctx.loader().load_one(ListingsOf(self.id)).await?.unwrap_or_default(),
            crate::graphql::cost::LIST_BOUND,
        ))
    }
}

/// A permit held by a product. `validUntil` null: it does not expire.
#[Object]
impl ProductPermit {
    /// What the permit is (PIRT, BPOM MD/ML, halal, SNI).
    async fn kind(&self) -> PermitKind {
        self.kind
    }

    /// The permit or certificate number, trimmed and in upper case (PIRT: 15 digits; BPOM:
    /// "MD"/"ML" and 12 or 15 digits; halal and SNI: the certificate's number).
    async fn number(&self) -> &str {
        &self.number
    }

    /// The day it was issued; null when not recorded.
    async fn issued_on(&self) -> Option<Date> {
        self.issued_on.map(Date)
    }

    /// The last day it is valid; null when it does not expire. A PIRT given without one runs
    /// to 31 December of the year its last two digits say.
    async fn valid_until(&self) -> Option<Date> {
        self.valid_until.map(Date)
    }
}

/// A feasibility assessment of a product by the Dinas Koperasi dan UMKM.
#[Object(name = "FeasibilityAssessment")]
impl Assessment {
    /// Opaque global id; `node(id:)` fetches the assessment with it.
    pub async fn id(&self) -> ID {
        self.id.to_global()
    }

    /// The product assessed.
    async fn product(&self, ctx: &Context<'_>) -> async_graphql::Result<Product> {
        product_of(ctx, self.product_id).await
    }

    /// The day the Dinas assessed the product.
    async fn assessed_on(&self) -> Date {
        Date(self.assessed_on)
    }

    /// Who assessed. For ADMIN, AGENCY and the OFFICER of the product's kelurahan; null with
    /// a FORBIDDEN error for anyone else.
    async fn assessor(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<&str>> {
        if self.may_read_notes(ctx).await? { Ok(Some(&self.assessor)) } else { Ok(ctx.deny(notes_forbidden())) }
    }

    /// What the assessment concluded; anything but PASSED keeps the product from retail
    /// readiness while this is the latest assessment.
    async fn outcome(&self) -> AssessmentOutcome {
        self.outcome
    }

    /// Whether the label is complete (name, ingredients, net content, producer and address,
    /// production code, expiry date, in Indonesian).
    async fn label_complete(&self) -> bool {
        self.label_complete
    }

    /// Whether the packaging is fit for a retail shelf; false keeps the product from retail
    /// readiness while this is the latest assessment.
    async fn packaging_ok(&self) -> bool {
        self.packaging_ok
    }

    /// The last day the assessment counts.
    async fn valid_until(&self) -> Date {
        Date(self.valid_until)
    }

    /// The assessor's notes. For ADMIN, AGENCY and the OFFICER of the product's kelurahan;
    /// null with a FORBIDDEN error for anyone else.
    async fn notes(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<&str>> {
        if self.may_read_notes(ctx).await? { Ok(self.notes.as_deref()) } else { Ok(ctx.deny(notes_forbidden())) }
    }
}

fn notes_forbidden() -> AppError {
    AppError::forbidden(Text::new(
        "an assessment's assessor and notes are for Dinas staff, agencies and the kelurahan's officer",
        "penilai dan catatan penilaian hanya untuk staf Dinas, instansi mitra, dan petugas kelurahan produk itu",
    ))
}

impl Assessment {
    async fn may_read_notes(&self, ctx: &Context<'_>) -> async_graphql::Result<bool> {
        let product = product_of(ctx, self.product_id).await?;
        let group = group_of(ctx, product.fields.group_id).await?;
        Ok(ctx.viewer().can_read_assessment_notes(group.fields.kelurahan_id))
    }
}

async fn product_of(ctx: &Context<'_>, id: crate::ids::ProductId) -> async_graphql::Result<Product> {
    load_existing(ctx, id).await
}

#[derive(Default)]
pub struct ProductQuery;

#[paging]
#[Object]
impl ProductQuery {
    /// The product catalogue of the whole city, in order of registration, e.g. every
    /// product of a kecamatan that is ready for a retail listing.
    async fn products(
        &self,
        ctx: &Context<'_>,
        filter: Option<ProductFilter>,
        order_by: Option<ProductOrder>,
        page: PageArgs,
    ) -> async_graphql::Result<ListConnection<Product>> {
        let page = ordered_page_request(ctx, order_by, page)?;
        let criteria = filter.unwrap_or_default().into_criteria(ctx)?;
        list_connection(ctx, &page, &criteria, model::page, model::count, |p| p.id.0).await
    }

    /// Listings at retailers' outlets, in order of proposal: what one retailer lists, or
    /// what is waiting for a decision.
    async fn retail_listings(
        &self,
        ctx: &Context<'_>,
        filter: Option<RetailListingFilter>,
        order_by: Option<RetailListingOrder>,
        page: PageArgs,
    ) -> async_graphql::Result<ListConnection<Listing>> {
        let page = ordered_page_request(ctx, order_by, page)?;
        let criteria = filter.unwrap_or_default().into_criteria()?;
        list_connection(ctx, &page, &criteria, listings::page, listings::count, |l| l.id.0).await
    }
}
