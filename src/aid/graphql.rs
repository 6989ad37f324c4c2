//! GraphQL types and queries of aid. Programmes and figures are public; allocations and
//! monitoring are for ADMIN, the aid-granted AGENCY and the OFFICER of the group's kelurahan.

use async_graphql::{Context, ID, InputObject, Object, SimpleObject};
use umkm_graph_macros::paging;

use super::figures::{self, AidFigures};
use super::loader::{AllocationsOfProgram, ItemsOf, ProgramFigures, VisitsOf};
use super::model::{
    self, AidKind, AidProgram, Allocation, AllocationItem, AllocationStatus, EquipmentState, MonitoringVisit,
};
use super::order::AidProgramOrder;
use crate::error::AppError;
use crate::graphql::context::{ContextExt, load_existing};
use crate::graphql::filter::NameAndDates;
use crate::graphql::relay::count_to_int;
use crate::graphql::relay::{ListConnection, PageArgs, list_connection, ordered_page_request};
use crate::graphql::scalars::{Date, Rupiah};
use crate::groups::model::Group;
use crate::sector::BusinessSector;

/// Aid figures of a programme, a kelurahan, a kecamatan or a sector (public aggregates).
#[derive(SimpleObject, Debug, Clone, Copy)]
#[graphql(name = "AidReport")]
pub struct AidReport {
    /// Allocations made.
    pub allocation_count: i32,
    /// Their value together, in whole rupiah.
    pub allocated: Rupiah,
    /// Allocations an ADMIN allowed against the sector guard.
    pub override_count: i32,
    /// Allocations whose latest monitoring visit found the equipment idle or sold.
    pub idle_or_sold_count: i32,
    /// Delivered allocations whose group has had no mentoring session.
    pub delivered_without_mentoring_count: i32,
}

/// The aid allocated for one sector.
#[derive(SimpleObject)]
pub struct SectorAidReport {
    /// The sector the allocations were for (the allocation's own sector, which the sector
    /// guard checked against the group's trade and its members' skills).
    pub sector: BusinessSector,
    /// The figures of those allocations.
    pub report: AidReport,
}

impl From<AidFigures> for AidReport {
    fn from(figures: AidFigures) -> Self {
        AidReport {
            allocation_count: count_to_int(figures.allocations),
            allocated: Rupiah::sum(figures.allocated),
            override_count: count_to_int(figures.overrides),
            idle_or_sold_count: count_to_int(figures.idle_or_sold),
            delivered_without_mentoring_count: count_to_int(figures.delivered_without_mentoring),
        }
    }
}

/// An aid programme, e.g. Dinas Sosial's equipment aid of a year.
#[Object]
impl AidProgram {
    /// Opaque global id; `node(id:)` fetches the programme with it.
    pub async fn id(&self) -> ID {
        self.id.to_global()
    }

    /// The programme's name, e.g. "Bantuan peralatan usaha 2026" (at most 150 characters).
    async fn name(&self) -> &str {
        &self.fields.name
    }

    /// Who runs it, e.g. "Dinas Sosial Kota Palu".
    async fn agency(&self) -> &str {
        &self.fields.agency
    }

    /// The budget year, e.g. 2026.
    async fn year(&self) -> i32 {
        self.fields.year
    }

    /// What the programme gives: equipment, capital grants or training.
    async fn kind(&self) -> AidKind {
        self.fields.kind
    }

    /// The programme's budget, in whole rupiah; its allocations together never exceed it.
    async fn budget(&self) -> Rupiah {
        Rupiah::from(self.fields.budget)
    }

    /// What its allocations are worth together, in whole rupiah.
    async fn allocated(&self, ctx: &Context<'_>) -> async_graphql::Result<Rupiah> {
        Ok(Rupiah::sum(self.figures(ctx).await?.allocated))
    }

    /// The programme's figures.
    async fn report(&self, ctx: &Context<'_>) -> async_graphql::Result<AidReport> {
        Ok(self.figures(ctx).await?.into())
    }

    /// Its allocations, oldest first: all of them for ADMIN and the aid agency, those in its
    /// kelurahan for an OFFICER; null with an error for others.
    #[graphql(
        complexity = "crate::graphql::cost::list(crate::graphql::cost::PROGRAM_ALLOCATIONS_BOUND, child_complexity)"
    )]
    async fn allocations(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Vec<Allocation>>> {
        let viewer = ctx.viewer();
        let Some(()) = ctx.allowed(viewer.require_aid_access()) else { return Ok(None) };
        let key = AllocationsOfProgram { program: self.id, kelurahans: viewer.kelurahan_scope() };
        Ok(Some(crate::graphql::cost::bounded(
            ctx.loader().load_one(key).await?.unwrap_or_default(),
            crate::graphql::cost::PROGRAM_ALLOCATIONS_BOUND,
        )))
    }
}

impl AidProgram {
    async fn figures(&self, ctx: &Context<'_>) -> async_graphql::Result<AidFigures> {
        Ok(ctx.loader().load_one(ProgramFigures(self.id)).await?.unwrap_or_default())
    }
}

/// One line of an allocation.
#[Object(name = "AidItem")]
impl AllocationItem {
    /// What the item is, e.g. "Mesin press plastik".
    async fn name(&self) -> &str {
        &self.name
    }

    /// How many of it, at least 1.
    async fn quantity(&self) -> i32 {
        self.quantity
    }

    /// The value of one, in whole rupiah.
    async fn unit_value(&self) -> Rupiah {
        Rupiah::from(self.unit_value)
    }
}

/// A monitoring visit: what the equipment was found doing.
#[Object(name = "AidMonitoringVisit")]
impl MonitoringVisit {
    /// The day of the visit (not before delivery).
    async fn visited_on(&self) -> Date {
        Date(self.visited_on)
    }

    /// What the equipment was found doing.
    async fn state(&self) -> EquipmentState {
        self.state
    }

    /// Found idle or sold: the aid is not doing its work.
    async fn flagged(&self) -> bool {
        self.state.is_flagged()
    }

    /// What the visitor noted; null when nothing was noted.
    async fn notes(&self) -> Option<&str> {
        self.notes.as_deref()
    }

    /// The token name of whoever recorded the visit.
    async fn recorded_by(&self) -> &str {
        &self.recorded_by
    }
}

/// A programme's items given to a group, for a trade.
#[Object(name = "AidAllocation")]
impl Allocation {
    /// Opaque global id; `node(id:)` fetches the allocation with it (for ADMIN, the aid agency
    /// and the OFFICER of the group's kelurahan).
    pub async fn id(&self) -> ID {
        self.id.to_global()
    }

    /// The programme the items come from.
    async fn program(&self, ctx: &Context<'_>) -> async_graphql::Result<AidProgram> {
        load_existing(ctx, self.fields.program_id).await
    }

    /// The group that receives the items.
    async fn group(&self, ctx: &Context<'_>) -> async_graphql::Result<Group> {
        load_existing(ctx, self.fields.group_id).await
    }

    /// The trade the items serve.
    async fn sector(&self) -> BusinessSector {
        self.fields.sector
    }

    /// The items' quantity times unit value, together, in whole rupiah.
    async fn value(&self) -> Rupiah {
        Rupiah::from(self.fields.value)
    }

    /// The items given (1 to 50 lines).
    #[graphql(complexity = "crate::graphql::cost::list(crate::graphql::cost::LIST_BOUND, child_complexity)")]
    async fn items(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<AllocationItem>> {
        Ok(crate::graphql::cost::bounded(
            ctx.loader().load_one(ItemsOf(self.id)).await?.unwrap_or_default(),
            crate::graphql::cost::LIST_BOUND,
        ))
    }

    /// Who accompanies the group with the items; needed before delivery.
    async fn mentor(&self) -> Option<&str> {
        self.fields.mentor.as_deref()
    }

    /// Where the allocation stands: PLANNED, DELIVERED or MONITORED.
    async fn status(&self) -> AllocationStatus {
        self.fields.status
    }

    /// The day the items were handed over; null while PLANNED.
    async fn delivered_on(&self) -> Option<Date> {
        self.delivered_on.map(Date)
    }

    /// Set when an ADMIN allowed a sector that fits neither the group nor its members.
    async fn override_reason(&self) -> Option<&str> {
        self.fields.override_reason.as_deref()
    }

    /// What the latest monitoring visit found; null before the first visit.
    async fn last_known_state(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<EquipmentState>> {
        Ok(self.visits(ctx).await?.first().map(|visit| visit.state))
    }

    /// The latest visit found the equipment idle or sold.
    async fn flagged(&self, ctx: &Context<'_>) -> async_graphql::Result<bool> {
        Ok(self.visits(ctx).await?.first().is_some_and(|visit| visit.state.is_flagged()))
    }

    /// Monitoring visits, newest first.
    #[graphql(complexity = "crate::graphql::cost::list(crate::graphql::cost::LIST_BOUND, child_complexity)")]
    async fn monitoring(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<MonitoringVisit>> {
        Ok(crate::graphql::cost::bounded(self.visits(ctx).await?, crate::graphql::cost::LIST_BOUND))
    }
}

impl Allocation {
    async fn visits(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<MonitoringVisit>> {
        Ok(ctx.loader().load_one(VisitsOf(self.id)).await?.unwrap_or_default())
    }
}

/// Which aid programmes to list. Every condition given must hold. A programme runs through
/// its year (1 January to 31 December): `from`/`to` keep the programmes running on at least
/// one day of the range.
#[derive(InputObject, Default)]
pub struct AidProgramFilter {
    /// Part of the programme's name, case-insensitive; at most 100 characters (longer:
    /// BAD_USER_INPUT).
    pub search: Option<String>,
    /// Only programmes still running on this day or later (year ≥ this day's year).
    pub from: Option<Date>,
    /// Only programmes started on this day or earlier (year ≤ this day's year).
    pub to: Option<Date>,
}

#[derive(Default)]
pub struct AidQuery;

#[paging]
#[Object]
impl AidQuery {
    /// Aid per sector, city-wide: for each sector that allocations were made for, by sector,
    /// the same figures as a kelurahan's or kecamatan's `aidReport` (public figures; sectors
    /// without allocations are left out).
    #[graphql(complexity = "crate::graphql::cost::per_enum_value::<BusinessSector>(child_complexity)")]
    async fn aid_by_sector(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<SectorAidReport>> {
        let rows = figures::figures_per_sector(&mut ctx.conn().await?).await.map_err(AppError::from)?;
        Ok(rows.into_iter().map(|(sector, f)| SectorAidReport { sector, report: f.into() }).collect())
    }

    /// Aid programmes, in order of creation.
    async fn aid_programs(
        &self,
        ctx: &Context<'_>,
        filter: Option<AidProgramFilter>,
        order_by: Option<AidProgramOrder>,
        page: PageArgs,
    ) -> async_graphql::Result<ListConnection<AidProgram>> {
        let page = ordered_page_request(ctx, order_by, page)?;
        let filter = filter.unwrap_or_default();
        let criteria = NameAndDates::new(filter.search, filter.from, filter.to)?;
        list_connection(ctx, &page, &criteria, model::programs_page, model::programs_count, |p| p.id.0).await
    }
}
