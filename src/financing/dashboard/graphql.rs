//! GraphQL types of the capital dashboard. The figures are public aggregates: they never
//! show an individual application. The group lists are for ADMIN, and for an OFFICER within
//! its kelurahan.

use async_graphql::{Context, Object, SimpleObject};
use umkm_graph_macros::paging;

use super::filter::FinancingDashboardFilter;
use super::model::{self, FigureCriteria, Figures, GroupList};
use crate::access::Role;
use crate::db::page::PageRequest;
use crate::error::AppError;
use crate::financing::lenders::model::{Lender, Scheme};
use crate::geography::model::{Kecamatan, Kelurahan};
use crate::graphql::context::{ContextExt, load_existing};
use crate::graphql::cost::{LIST_BOUND, bounded};
use crate::graphql::relay::count_to_int;
use crate::graphql::relay::{ListConnection, PageArgs, list_connection, ordered_page_request};
use crate::graphql::scalars::Rupiah;
use crate::groups::model::Group;
use crate::groups::order::GroupOrder;
use crate::ids::{KecamatanId, KelurahanId, LenderId, SchemeId};
use crate::sector::BusinessSector;
/// Capital figures of a set of submitted applications (drafts never count).
#[Object(name = "FinancingFigures")]
impl Figures {
    /// How many applications were submitted.
    async fn application_count(&self) -> i32 {
        count_to_int(self.applications)
    }

    /// The capital asked for, in whole rupiah.
    async fn amount_requested(&self) -> Rupiah {
        Rupiah::sum(self.requested)
    }

    /// How many applications the lenders approved (including approvals the applicant later
    /// withdrew from).
    async fn approved_count(&self) -> i32 {
        count_to_int(self.approved_count)
    }

    /// The capital the lenders approved, in whole rupiah.
    async fn amount_approved(&self) -> Rupiah {
        Rupiah::sum(self.approved)
    }

    /// The capital paid out, in whole rupiah (applications that reached DISBURSED, then REPAID or DEFAULTED).
    async fn amount_disbursed(&self) -> Rupiah {
        Rupiah::sum(self.disbursed)
    }

    /// How many applications the lenders rejected.
    async fn rejected_count(&self) -> i32 {
        count_to_int(self.rejected_count)
    }

    /// Approvals among the lenders' decisions: approvedCount / (approvedCount + rejectedCount),
    /// from 0 to 1; null before any decision.
    #[graphql(name = "approvalRate")]
    async fn rate(&self) -> Option<f64> {
        self.approval_rate()
    }
}

/// Defines `$name`, the figures of the applications of one thing (a kelurahan, a lender…): the
/// figures, then the thing itself, loaded by its id. A row of the model, `(id, figures)`,
/// becomes one through `From`.
macro_rules! figures_of_one {
    ($(#[$doc:meta])* $name:ident { $(#[$thing_doc:meta])* $thing:ident: $node:ty, by $id:ty }) => {
        $(#[$doc])*
        #[derive(SimpleObject)]
        #[graphql(complex)]
        pub struct $name {
            #[graphql(skip)]
            id: $id,
            /// The figures.
            figures: Figures,
        }

        #[async_graphql::ComplexObject]
        impl $name {
            $(#[$thing_doc])*
            async fn $thing(&self, ctx: &Context<'_>) -> async_graphql::Result<$node> {
                load_existing(ctx, self.id).await
            }
        }

        impl From<($id, Figures)> for $name {
            fn from((id, figures): ($id, Figures)) -> Self {
                Self { id, figures }
            }
        }
    };
}

figures_of_one! {
    /// The figures of the applicants of one kelurahan.
    KelurahanFinancingFigures {
        /// The kelurahan.
        kelurahan: Kelurahan, by KelurahanId
    }
}

figures_of_one! {
    /// The figures of the applicants of one kecamatan.
    KecamatanFinancingFigures {
        /// The kecamatan.
        kecamatan: Kecamatan, by KecamatanId
    }
}

figures_of_one! {
    /// The figures of the applications to one lender.
    LenderFinancingFigures {
        /// The lender.
        lender: Lender, by LenderId
    }
}

figures_of_one! {
    /// The figures of the applications to one scheme.
    SchemeFinancingFigures {
        /// The scheme.
        scheme: Scheme, by SchemeId
    }
}

/// The figures of the applicants whose group works in one sector.
#[derive(SimpleObject)]
pub struct SectorFinancingFigures {
    /// The sector.
    sector: BusinessSector,
    /// The figures.
    figures: Figures,
}

/// The figures of the applications submitted in one month.
#[derive(SimpleObject)]
pub struct MonthFinancingFigures {
    /// The month, "YYYY-MM" (Palu time).
    month: String,
    /// The figures.
    figures: Figures,
}

/// The capital dashboard of the city, for the applications its filter selects.
pub struct FinancingDashboard {
    criteria: FigureCriteria,
}

impl FinancingDashboard {
    async fn group_list(
        &self,
        ctx: &Context<'_>,
        list: GroupList,
        page: PageRequest,
    ) -> async_graphql::Result<Option<ListConnection<Group>>> {
        let Some(kelurahans) = ctx.allowed(ctx.viewer().dashboard_group_scope()) else { return Ok(None) };
        let kelurahans = kelurahans.as_deref();
        list_connection(
            ctx,
            &page,
            &self.criteria,
            async |conn, criteria, page| model::group_page(conn, list, criteria, kelurahans, page).await,
            async |conn, criteria| model::group_count(conn, list, criteria, kelurahans).await,
            |g| g.id.0,
        )
        .await
        .map(Some)
    }

    async fn public_count(&self, ctx: &Context<'_>, list: GroupList) -> async_graphql::Result<i32> {
        Ok(count_to_int(
            model::group_count(&mut ctx.conn().await?, list, &self.criteria, None).await.map_err(AppError::from)?,
        ))
    }
}

/// The capital figures of the city: requested, approved and paid out, in total and per
/// kelurahan, sector, lender, scheme and month, with the approval rate, and the groups that
/// never received capital or applied without any coaching. Public: aggregates only.
#[paging]
#[Object]
impl FinancingDashboard {
    /// The figures of every application selected.
    async fn total(&self, ctx: &Context<'_>) -> async_graphql::Result<Figures> {
        Ok(model::total(&mut ctx.conn().await?, &self.criteria).await.map_err(AppError::from)?)
    }

    /// Per kelurahan of the applicant (a member counts in the kelurahan of their group), by
    /// kelurahan id; kelurahan without applications are left out.
    #[graphql(complexity = "crate::graphql::cost::list(crate::graphql::cost::KELURAHANS, child_complexity)")]
    async fn by_kelurahan(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<KelurahanFinancingFigures>> {
        let rows = model::by_kelurahan(&mut ctx.conn().await?, &self.criteria).await.map_err(AppError::from)?;
        Ok(rows.into_iter().map(KelurahanFinancingFigures::from).collect())
    }

    /// Per kecamatan of the applicant (a member counts in the kecamatan of their group), by
    /// kecamatan id, counted in SQL: each equals the sum of its kelurahan in `byKelurahan`.
    /// Kecamatan without applications are left out. Public, like every figure here.
    #[graphql(complexity = "crate::graphql::cost::list(crate::graphql::cost::KECAMATANS, child_complexity)")]
    async fn by_kecamatan(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<KecamatanFinancingFigures>> {
        let rows = model::by_kecamatan(&mut ctx.conn().await?, &self.criteria).await.map_err(AppError::from)?;
        Ok(rows.into_iter().map(KecamatanFinancingFigures::from).collect())
    }

    /// Per sector of the applicant's group, by sector.
    #[graphql(complexity = "crate::graphql::cost::per_enum_value::<crate::sector::BusinessSector>(child_complexity)")]
    async fn by_sector(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<SectorFinancingFigures>> {
        let rows = model::by_sector(&mut ctx.conn().await?, &self.criteria).await.map_err(AppError::from)?;
        Ok(rows.into_iter().map(|(sector, figures)| SectorFinancingFigures { sector, figures }).collect())
    }

    /// Per lender, oldest lender first.
    #[graphql(complexity = "crate::graphql::cost::list(crate::graphql::cost::LIST_BOUND, child_complexity)")]
    async fn by_lender(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<LenderFinancingFigures>> {
        let rows = model::by_lender(&mut ctx.conn().await?, &self.criteria).await.map_err(AppError::from)?;
        Ok(bounded(rows, LIST_BOUND).into_iter().map(LenderFinancingFigures::from).collect())
    }

    /// Per scheme, oldest scheme first.
    #[graphql(complexity = "crate::graphql::cost::list(crate::graphql::cost::LIST_BOUND, child_complexity)")]
    async fn by_scheme(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<SchemeFinancingFigures>> {
        let rows = model::by_scheme(&mut ctx.conn().await?, &self.criteria).await.map_err(AppError::from)?;
        Ok(bounded(rows, LIST_BOUND).into_iter().map(SchemeFinancingFigures::from).collect())
    }

    /// Per month of submission (Palu time), oldest first.
    #[graphql(complexity = "crate::graphql::cost::list(crate::graphql::cost::LIST_BOUND, child_complexity)")]
    async fn by_month(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<MonthFinancingFigures>> {
        let rows = model::by_month(&mut ctx.conn().await?, &self.criteria).await.map_err(AppError::from)?;
        Ok(bounded(rows, LIST_BOUND)
            .into_iter()
            .map(|(month, figures)| MonthFinancingFigures { month: month.unwrap_or_default(), figures })
            .collect())
    }

    /// How many ACTIVE groups (of the filter's kecamatan, kelurahan and sector) never had
    /// capital paid out on an application of their own (in the period, by the lender, when
    /// the filter says so). Members' own loans do not count: they are personal.
    async fn groups_without_capital_count(&self, ctx: &Context<'_>) -> async_graphql::Result<i32> {
        self.public_count(ctx, GroupList::WithoutCapital).await
    }

    /// How many groups (of the filter's area and sector) submitted an application of their
    /// own (in the period, to the lender) and have no mentoring session on record.
    async fn groups_applied_without_coaching_count(&self, ctx: &Context<'_>) -> async_graphql::Result<i32> {
        self.public_count(ctx, GroupList::AppliedWithoutCoaching).await
    }

    /// The groups counted by `groupsWithoutCapitalCount`, oldest first. ADMIN; an OFFICER sees
    /// those of its kelurahan; null with an error for others.
    async fn groups_without_capital(
        &self,
        ctx: &Context<'_>,
        order_by: Option<GroupOrder>,
        page: PageArgs,
    ) -> async_graphql::Result<Option<ListConnection<Group>>> {
        let page = ordered_page_request(ctx, order_by, page)?;
        self.group_list(ctx, GroupList::WithoutCapital, page).await
    }

    /// The groups counted by `groupsAppliedWithoutCoachingCount`, oldest first. ADMIN; an
    /// OFFICER sees those of its kelurahan; null with an error for others.
    async fn groups_applied_without_coaching(
        &self,
        ctx: &Context<'_>,
        order_by: Option<GroupOrder>,
        page: PageArgs,
    ) -> async_graphql::Result<Option<ListConnection<Group>>> {
        let page = ordered_page_request(ctx, order_by, page)?;
        self.group_list(ctx, GroupList::AppliedWithoutCoaching, page).await
    }
}

#[derive(Default)]
pub struct DashboardQuery;

#[Object]
impl DashboardQuery {
    /// The capital figures of the city. Public: aggregates only, never an individual
    /// application. Members' own loans (personal financial data) count only for ADMIN; every
    /// other caller sees the figures of groups' applications.
    async fn financing_dashboard(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "What the figures cover (area, sector, lender, months); omitted: every \
                          submitted application of the city.")]
        filter: Option<FinancingDashboardFilter>,
    ) -> async_graphql::Result<FinancingDashboard> {
        let groups_only = ctx.viewer().role != Role::Admin;
        Ok(FinancingDashboard { criteria: filter.unwrap_or_default().into_criteria(groups_only)? })
    }
}
