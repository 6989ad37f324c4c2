//! GraphQL type and queries of business groups.

use async_graphql::{Context, ID, Object};
use umkm_graph_macros::paging;

use super::model::{self, EnterpriseScale, Group, GroupFilter};
use super::order::GroupOrder;
use crate::aid::loader::AllocationsOfGroup;
use crate::aid::model::Allocation;
use crate::financing::applications::graphql::applications_of_group;
use crate::financing::applications::model::Application;
use crate::financing::applications::order::FinancingApplicationOrder;
use crate::geography::model::Kelurahan;
use crate::graphql::context::{ContextExt, load_existing};
use crate::graphql::relay::{ListConnection, PageArgs, list_connection, nested_connection, ordered_page_request};
use crate::graphql::scalars::{Date, Rupiah};
use crate::members::model::Member;
use crate::members::order::MemberOrder;
use crate::members::{MemberCountOf, MembersOf};
use crate::mentoring::graphql::sessions_of_group;
use crate::mentoring::model::MentoringSession;
use crate::products::graphql::products_under;
use crate::products::loader::ProductParent;
use crate::products::model::{Product, ProductFilter};
use crate::products::order::ProductOrder;
use crate::sector::BusinessSector;

impl Group {
    /// A declared amount when the caller may read the group's business figures; otherwise
    /// null, with the refusal as an error at the field's path (the key stays in the object).
    fn business_figure(&self, ctx: &Context<'_>, amount: Option<i64>) -> Option<Rupiah> {
        match ctx.viewer().require_business_figures(self.fields.kelurahan_id) {
            Ok(()) => amount.map(Rupiah::from),
            Err(refused) => ctx.deny(refused),
        }
    }
}

/// A kelompok usaha bersama: a joint business group of a kelurahan.
#[paging]
#[Object(name = "BusinessGroup")]
impl Group {
    /// Opaque global id; `node(id:)` fetches the group with it.
    pub async fn id(&self) -> ID {
        self.id.to_global()
    }

    /// Assigned by the system at registration, unique: "<kelurahan code>-KUB-<serial>".
    async fn registration_number(&self) -> &str {
        &self.fields.registration_number
    }

    /// The group's name, as registered (at most 150 characters).
    async fn name(&self) -> &str {
        &self.fields.name
    }

    /// The group's trade.
    async fn sector(&self) -> BusinessSector {
        self.fields.sector
    }

    /// Whether the group is working; only ACTIVE groups count towards the kelurahan's target.
    async fn status(&self) -> model::GroupStatus {
        self.fields.status
    }

    /// The day the group was founded; null when not recorded.
    async fn founded_on(&self) -> Option<Date> {
        self.fields.founded_on.map(Date)
    }

    /// Nomor Induk Berusaha (OSS), 13 digits, when the group has one.
    async fn nib(&self) -> Option<&str> {
        self.fields.nib.as_deref()
    }

    /// The kelurahan the group is registered in.
    async fn kelurahan(&self, ctx: &Context<'_>) -> async_graphql::Result<Kelurahan> {
        load_existing(ctx, self.fields.kelurahan_id).await
    }

    /// The group's size class (PP 7/2021 art. 35) from its declared annual turnover, or
    /// failing that its business capital; null when it declared neither. Public.
    async fn scale(&self) -> Option<EnterpriseScale> {
        self.scale
    }

    /// Annual turnover (hasil penjualan tahunan) the group declared, in whole rupiah; null
    /// when not declared. Business figures of the group: for ADMIN and the OFFICER of its
    /// kelurahan; anyone else gets null with a FORBIDDEN error (the public `scale` says the
    /// class).
    async fn annual_turnover(&self, ctx: &Context<'_>) -> Option<Rupiah> {
        self.business_figure(ctx, self.fields.annual_turnover)
    }

    /// Business capital (modal usaha, land and buildings excluded) the group declared, in
    /// whole rupiah; null when not declared. Same access as `annualTurnover`.
    async fn business_capital(&self, ctx: &Context<'_>) -> Option<Rupiah> {
        self.business_figure(ctx, self.fields.business_capital)
    }

    /// How many members the group has (at most 20).
    async fn member_count(&self, ctx: &Context<'_>) -> async_graphql::Result<i32> {
        let count = ctx.loader().load_one(MemberCountOf(self.id)).await?.unwrap_or(0);
        Ok(crate::graphql::relay::count_to_int(count))
    }

    /// The group's products, in order of registration.
    async fn products(
        &self,
        ctx: &Context<'_>,
        filter: Option<ProductFilter>,
        order_by: Option<ProductOrder>,
        page: PageArgs,
    ) -> async_graphql::Result<ListConnection<Product>> {
        let page = ordered_page_request(ctx, order_by, page)?;
        products_under(ctx, ProductParent::Group(self.id), filter, page).await
    }

    /// Aid allocated to the group, oldest first. For ADMIN, the aid agency and the OFFICER of
    /// the group's kelurahan.
    #[graphql(complexity = "crate::graphql::cost::list(crate::graphql::cost::LIST_BOUND, child_complexity)")]
    async fn aid_allocations(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Vec<Allocation>>> {
        let viewer = ctx.viewer();
        let Some(()) = ctx.allowed(viewer.require_aid_access()) else { return Ok(None) };
        if !viewer.can_see_aid_of(self.fields.kelurahan_id) {
            return Ok(ctx.deny(crate::access::aid_of_other_kelurahan()));
        }
        let allocations = ctx.loader().load_one(AllocationsOfGroup(self.id)).await?;
        Ok(Some(crate::graphql::cost::bounded(allocations.unwrap_or_default(), crate::graphql::cost::LIST_BOUND)))
    }

    /// The group's members, in order of registration. Not for PUBLIC or AGENCY callers: null
    /// for them, with an UNAUTHENTICATED or FORBIDDEN error at this field.
    async fn members(
        &self,
        ctx: &Context<'_>,
        order_by: Option<MemberOrder>,
        page: PageArgs,
    ) -> async_graphql::Result<Option<ListConnection<Member>>> {
        let Some(()) = ctx.allowed(ctx.viewer().require_member_access()) else { return Ok(None) };
        let page = ordered_page_request(ctx, order_by, page)?;
        nested_connection(ctx, MembersOf { group: self.id, page }, MemberCountOf(self.id), &page, |m: &Member| m.id.0)
            .await
            .map(Some)
    }

    // ---- Capital ----

    /// The group's own financing applications (not its members'), oldest first: those the
    /// caller may see (ADMIN all, an OFFICER of the group's kelurahan, a LENDER those sent to
    /// it). Not for PUBLIC or AGENCY callers: null for them, with an error at this field.
    async fn financing_applications(
        &self,
        ctx: &Context<'_>,
        order_by: Option<FinancingApplicationOrder>,
        page: PageArgs,
    ) -> async_graphql::Result<Option<ListConnection<Application>>> {
        applications_of_group(ctx, self.id, order_by, page).await
    }

    /// The mentoring sessions held for the group, by date held. Public.
    #[graphql(complexity = "crate::graphql::cost::list(crate::graphql::cost::LIST_BOUND, child_complexity)")]
    async fn mentoring_sessions(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<MentoringSession>> {
        sessions_of_group(ctx, self.id).await
    }
}

#[derive(Default)]
pub struct GroupQuery;

#[paging]
#[Object]
impl GroupQuery {
    /// Business groups of the whole city, in order of registration.
    async fn groups(
        &self,
        ctx: &Context<'_>,
        filter: Option<GroupFilter>,
        order_by: Option<GroupOrder>,
        page: PageArgs,
    ) -> async_graphql::Result<ListConnection<Group>> {
        let page = ordered_page_request(ctx, order_by, page)?;
        let filter = filter.unwrap_or_default().resolved()?;
        list_connection(ctx, &page, &filter, model::page, model::count, |g| g.id.0).await
    }
}
