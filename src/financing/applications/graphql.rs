//! GraphQL types and queries of financing applications. Only ADMIN, the OFFICER of the
//! applicant's kelurahan and the LENDER the application was sent to ever see one; PUBLIC
//! and AGENCY callers see the figures of [`crate::financing::dashboard`] only.

use async_graphql::{Context, ID, InputObject, Object};
use umkm_graph_macros::paging;

use super::model::{self, Application, ApplicationCriteria, ApplicationStatus, Event};
use super::order::FinancingApplicationOrder;
use super::{ApplicationCountOfGroup, ApplicationsOfGroup, HistoryOf};
use crate::error::AppResult;
use crate::financing::lenders::model::{Lender, Scheme};
use crate::graphql::context::{ContextExt, load_existing};
use crate::graphql::filter::{DateRange, id_argument, renamed_set};
use crate::graphql::relay::{ListConnection, PageArgs, list_connection, nested_connection, ordered_page_request};
use crate::graphql::scalars::{Date, DateTime, Rupiah};
use crate::groups::model::{Group, GroupFilter};
use crate::ids::{GroupId, LenderId, MemberId, SchemeId};
use crate::members::model::Member;
use crate::sector::BusinessSector;

/// A request for capital from a group (made by its ketua) or from a member, to one scheme of a
/// lender. A member's application is personal financial data.
#[Object(name = "FinancingApplication")]
impl Application {
    /// The application's global id.
    pub async fn id(&self) -> ID {
        self.id.to_global()
    }

    /// The scheme applied to.
    async fn scheme(&self, ctx: &Context<'_>) -> async_graphql::Result<Scheme> {
        load_existing(ctx, self.fields.scheme_id).await
    }

    /// The scheme's lender.
    async fn lender(&self, ctx: &Context<'_>) -> async_graphql::Result<Lender> {
        load_existing(ctx, self.fields.lender_id).await
    }

    /// The applicant group, when a group applied (exactly one of `group` and `member` is set).
    async fn group(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Group>> {
        match self.fields.group_id {
            Some(id) => Ok(ctx.loader().load_one(id).await?),
            None => Ok(None),
        }
    }

    /// The applicant member, when a member applied on their own.
    async fn member(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Member>> {
        match self.fields.member_id {
            Some(id) => Ok(ctx.loader().load_one(id).await?),
            None => Ok(None),
        }
    }

    /// The ketua who applied on the group's behalf (null for a member's own application, or
    /// when that member has since been removed from the registry).
    async fn applied_by(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Member>> {
        match self.fields.applied_by_member_id {
            Some(id) => Ok(ctx.loader().load_one(id).await?),
            None => Ok(None),
        }
    }

    /// The amount asked for, in whole rupiah.
    async fn amount_requested(&self) -> Rupiah {
        Rupiah::from(self.fields.amount_requested)
    }

    /// The amount the lender approved, in whole rupiah; null until approved.
    async fn amount_approved(&self) -> Option<Rupiah> {
        self.amount_approved.map(Rupiah::from)
    }

    /// The term asked for, in months, when given.
    async fn tenor_months(&self) -> Option<i32> {
        self.fields.tenor_months
    }

    /// What the money is for.
    async fn purpose(&self) -> &str {
        &self.fields.purpose
    }

    /// Where the application stands.
    async fn status(&self) -> ApplicationStatus {
        self.fields.status
    }

    /// The statuses it can move to next (empty once it is closed).
    #[graphql(
        complexity = "crate::graphql::cost::per_enum_value::<crate::financing::applications::model::ApplicationStatus>(child_complexity)"
    )]
    async fn next_statuses(&self) -> Vec<ApplicationStatus> {
        self.fields.status.next()
    }

    /// When it was sent to the lender; null while a draft.
    async fn submitted_at(&self) -> Option<DateTime> {
        self.fields.submitted_at.map(DateTime)
    }

    /// Every move, oldest first, from its creation (`from` null) on.
    /// (The workflow only moves forward, so there is at most one entry per status.)
    #[graphql(complexity = "crate::graphql::cost::per_enum_value::<ApplicationStatus>(child_complexity)")]
    async fn history(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Event>> {
        Ok(ctx.loader().load_one(HistoryOf(self.id)).await?.unwrap_or_default())
    }
}

/// One move of a financing application, as recorded: nothing in the history is ever changed.
#[Object(name = "ApplicationEvent")]
impl Event {
    /// The status it left; null for its creation.
    async fn from(&self) -> Option<ApplicationStatus> {
        self.entry.from_status
    }

    /// The status it reached.
    async fn to(&self) -> ApplicationStatus {
        self.entry.to_status
    }

    /// When, in UTC.
    async fn at(&self) -> DateTime {
        DateTime(self.entry.at)
    }

    /// Who: the name of the API token that made the move.
    async fn actor(&self) -> &str {
        &self.entry.actor
    }

    /// The note given with the move.
    async fn note(&self) -> Option<&str> {
        self.entry.note.as_deref()
    }
}

/// Which applications to list (always only those the caller may see). Every condition given
/// must hold.
#[derive(InputObject, Default)]
pub struct FinancingApplicationFilter {
    /// Only applications to this lender's schemes.
    pub lender_id: Option<ID>,
    /// Only applications of this group itself (not of its members).
    pub group_id: Option<ID>,
    /// Only applications in one of these statuses. Deprecated: the same as `statuses`;
    /// giving both for different sets is refused (BAD_USER_INPUT).
    #[graphql(deprecation = "Use `statuses`.")]
    pub status: Option<Vec<ApplicationStatus>>,
    /// Only applications in one of these statuses.
    pub statuses: Option<Vec<ApplicationStatus>>,
    /// Only applications of this member on their own.
    pub member_id: Option<ID>,
    /// Only applications to this scheme.
    pub scheme_id: Option<ID>,
    /// Only applications whose applicant belongs to a group of this kelurahan, e.g. "72.71.01.1004".
    pub kelurahan_code: Option<String>,
    /// Only applications whose applicant belongs to a group of this kecamatan, e.g. "72.71.01".
    pub kecamatan_code: Option<String>,
    /// Only applications whose applicant's group works in one of these sectors.
    pub sectors: Option<Vec<BusinessSector>>,
    /// Only applications submitted on this day (Palu time) or later (drafts, never
    /// submitted, are then left out).
    pub from: Option<Date>,
    /// Only applications submitted on this day (Palu time) or earlier (drafts are then left
    /// out).
    pub to: Option<Date>,
}

impl FinancingApplicationFilter {
    fn into_criteria(self) -> AppResult<ApplicationCriteria> {
        Ok(ApplicationCriteria {
            lender_id: id_argument::<LenderId>(self.lender_id)?,
            scheme_id: id_argument::<SchemeId>(self.scheme_id)?,
            group_id: id_argument::<GroupId>(self.group_id)?,
            member_id: id_argument::<MemberId>(self.member_id)?,
            applicant_area: applicant_area(self.kelurahan_code, self.kecamatan_code, self.sectors),
            statuses: renamed_set(self.status, self.statuses, "status", "statuses")?,
            submitted: DateRange::new(self.from, self.to)?,
        })
    }
}

/// The applicant groups an application filter names, if it names any.
fn applicant_area(
    kelurahan_code: Option<String>,
    kecamatan_code: Option<String>,
    sectors: Option<Vec<BusinessSector>>,
) -> Option<GroupFilter> {
    let area = GroupFilter { kelurahan_code, kecamatan_code, sectors, ..GroupFilter::default() };
    (area != GroupFilter::default()).then_some(area)
}

/// `BusinessGroup.financingApplications`: the group's own applications that the caller may
/// see, through the DataLoader (one statement for all the groups of a level).
pub async fn applications_of_group(
    ctx: &Context<'_>,
    group: GroupId,
    order_by: Option<FinancingApplicationOrder>,
    page: PageArgs,
) -> async_graphql::Result<Option<ListConnection<Application>>> {
    let Some(scope) = ctx.allowed(ctx.viewer().application_scope()) else { return Ok(None) };
    let page = ordered_page_request(ctx, order_by, page)?;
    let rows = ApplicationsOfGroup { group, scope: scope.clone(), page };
    let count = ApplicationCountOfGroup { group, scope };
    nested_connection(ctx, rows, count, &page, |a: &Application| a.id.0).await.map(Some)
}

#[derive(Default)]
pub struct ApplicationQuery;

#[paging]
#[Object]
impl ApplicationQuery {
    /// Financing applications, oldest first: all of them for ADMIN, those of its kelurahan for
    /// an OFFICER, those sent to its schemes for a LENDER. Not for PUBLIC or AGENCY callers,
    /// who have `financingDashboard` (null for them, with an error at this field).
    async fn financing_applications(
        &self,
        ctx: &Context<'_>,
        filter: Option<FinancingApplicationFilter>,
        order_by: Option<FinancingApplicationOrder>,
        page: PageArgs,
    ) -> async_graphql::Result<Option<ListConnection<Application>>> {
        let Some(scope) = ctx.allowed(ctx.viewer().application_scope()) else { return Ok(None) };
        let page = ordered_page_request(ctx, order_by, page)?;
        let criteria = filter.unwrap_or_default().into_criteria()?;
        list_connection(
            ctx,
            &page,
            &criteria,
            async |conn, criteria, page| model::page(conn, &scope, criteria, page).await,
            async |conn, criteria| model::count(conn, &scope, criteria).await,
            |a| a.id.0,
        )
        .await
        .map(Some)
    }
}
