//! GraphQL types and queries of lenders and financing schemes (public).

use async_graphql::{Context, ID, InputObject, Object};
use umkm_graph_macros::paging;

use super::SchemesOf;
use super::model::{self, Lender, LenderKind, Scheme};
use super::order::LenderOrder;
use crate::graphql::context::{ContextExt, load_existing};
use crate::graphql::filter::NameAndDates;
use crate::graphql::relay::{ListConnection, PageArgs, list_connection, nested_connection, ordered_page_request};
use crate::graphql::scalars::{Date, Rupiah};
use crate::mentoring::model::MentoringSession;
use crate::mentoring::order::MentoringSessionOrder;
use crate::mentoring::{SessionCountOfLender, SessionsOfLender};

/// A lender: a bank, BPR, koperasi, pawnshop, P2P platform or government programme that
/// finances UMKM. Public.
#[paging]
#[Object]
impl Lender {
    /// The lender's global id.
    pub async fn id(&self) -> ID {
        self.id.to_global()
    }

    /// The lender's name, e.g. "Bank Sulteng Cabang Palu".
    async fn name(&self) -> &str {
        &self.fields.name
    }

    /// What kind of institution it is.
    async fn kind(&self) -> LenderKind {
        self.fields.kind
    }

    /// Its licence number from OJK (Otoritas Jasa Keuangan), where it has one.
    async fn ojk_license_number(&self) -> Option<&str> {
        self.fields.ojk_license_number.as_deref()
    }

    /// The office's phone number, "+62…".
    async fn contact_phone(&self) -> Option<&str> {
        self.fields.contact_phone.as_deref()
    }

    /// The office's e-mail address.
    async fn contact_email(&self) -> Option<&str> {
        self.fields.contact_email.as_deref()
    }

    /// The office's address.
    async fn address(&self) -> Option<&str> {
        self.fields.address.as_deref()
    }

    /// The lender's financing schemes, active or not, oldest first.
    #[graphql(complexity = "crate::graphql::cost::list(crate::graphql::cost::LIST_BOUND, child_complexity)")]
    async fn schemes(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Scheme>> {
        Ok(crate::graphql::cost::bounded(
            ctx.loader().load_one(SchemesOf(self.id)).await?.unwrap_or_default(),
            crate::graphql::cost::LIST_BOUND,
        ))
    }

    /// The mentoring sessions the lender has given, in order of recording unless `orderBy`
    /// says otherwise.
    async fn mentoring_sessions(
        &self,
        ctx: &Context<'_>,
        order_by: Option<MentoringSessionOrder>,
        page: PageArgs,
    ) -> async_graphql::Result<ListConnection<MentoringSession>> {
        let page = ordered_page_request(ctx, order_by, page)?;
        let rows = SessionsOfLender { lender: self.id, page };
        let count = SessionCountOfLender(self.id);
        nested_connection(ctx, rows, count, &page, |s: &MentoringSession| s.id.0).await
    }
}

/// A financing scheme of a lender, such as KUR Mikro. Public.
#[Object(name = "FinancingScheme")]
impl Scheme {
    /// The scheme's global id.
    pub async fn id(&self) -> ID {
        self.id.to_global()
    }

    /// The lender offering it.
    async fn lender(&self, ctx: &Context<'_>) -> async_graphql::Result<Lender> {
        load_existing(ctx, self.fields.lender_id).await
    }

    /// The scheme's name, e.g. "KUR Mikro".
    async fn name(&self) -> &str {
        &self.fields.name
    }

    /// The smallest amount one may apply for, in whole rupiah.
    async fn min_amount(&self) -> Rupiah {
        Rupiah::from(self.fields.min_amount)
    }

    /// The largest amount one may apply for, in whole rupiah.
    async fn max_amount(&self) -> Rupiah {
        Rupiah::from(self.fields.max_amount)
    }

    /// Interest a year, in percent with at most two decimals (KUR from 2026: 6).
    async fn annual_rate_percent(&self) -> f64 {
        f64::from(self.fields.annual_rate_bp) / 100.0
    }

    /// The longest term of a loan, in months.
    async fn max_tenor_months(&self) -> i32 {
        self.fields.max_tenor_months
    }

    /// Whether groups may apply (through their ketua), not only members.
    async fn accepts_groups(&self) -> bool {
        self.fields.accepts_groups
    }

    /// Whether the scheme takes new applications. Applications already made carry on.
    async fn active(&self) -> bool {
        self.fields.active
    }
}

/// Which lenders to list. Every condition given must hold.
#[derive(InputObject, Default)]
pub struct LenderFilter {
    /// Part of the lender's name, case-insensitive; at most 100 characters (longer:
    /// BAD_USER_INPUT).
    pub search: Option<String>,
    /// Only lenders registered in the system on this day (Palu time) or later.
    pub from: Option<Date>,
    /// Only lenders registered in the system on this day (Palu time) or earlier.
    pub to: Option<Date>,
}

#[derive(Default)]
pub struct LenderQuery;

#[paging]
#[Object]
impl LenderQuery {
    /// Every lender, oldest first. Public.
    async fn lenders(
        &self,
        ctx: &Context<'_>,
        filter: Option<LenderFilter>,
        order_by: Option<LenderOrder>,
        page: PageArgs,
    ) -> async_graphql::Result<ListConnection<Lender>> {
        let page = ordered_page_request(ctx, order_by, page)?;
        let filter = filter.unwrap_or_default();
        let criteria = NameAndDates::new(filter.search, filter.from, filter.to)?;
        list_connection(ctx, &page, &criteria, model::lender_page, model::lender_count, |l| l.id.0).await
    }
}
