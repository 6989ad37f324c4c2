//! Relay global object identification: `node(id)` and `nodes(ids)`.

use async_graphql::{Context, ID, Interface, Object};

use crate::aid::model::{AidProgram, Allocation};
use crate::error::AppError;
use crate::events::model::Event;
use crate::geography::model::{Kecamatan, Kelurahan};
use crate::graphql::context::ContextExt;
use crate::graphql::language::Text;
use crate::groups::model::Group;
use crate::ids::{
    self, AidProgramId, AllocationId, AssessmentId, EventId, GroupId, KecamatanId, KelurahanId, ListingId, MemberId,
    ProductId,
};
use crate::members::model::Member;
use crate::products::assessments::Assessment;
use crate::products::listings::Listing;
use crate::products::model::Product;
// Capital
use crate::financing::applications::VisibleApplication;
use crate::financing::applications::model::Application;
use crate::financing::lenders::model::{Lender, Scheme};
use crate::ids::{ApplicationId, LenderId, MentoringSessionId, SchemeId};
use crate::mentoring::model::MentoringSession;

/// An object with a global id, fetchable with `node(id:)`.
#[derive(Interface)]
#[graphql(field(
    name = "id",
    ty = "ID",
    desc = "Opaque global id, unique across all types; `node(id:)` fetches the object with it."
))]
pub enum Node {
    Kecamatan(Kecamatan),
    Kelurahan(Kelurahan),
    BusinessGroup(Group),
    Member(Member),
    Product(Product),
    FeasibilityAssessment(Assessment),
    RetailListing(Listing),
    AidProgram(AidProgram),
    AidAllocation(Allocation),
    Event(Event),
    // Capital
    Lender(Lender),
    FinancingScheme(Scheme),
    FinancingApplication(Application),
    MentoringSession(MentoringSession),
}

async fn load_node(ctx: &Context<'_>, id: &ID) -> async_graphql::Result<Option<Node>> {
    let (kind, number) = ids::decode_global(id).ok_or_else(|| {
        AppError::bad_input(Text::new(
            format!("{:?} is not an id of this API", id.as_str()),
            format!("{:?} bukan id API ini", id.as_str()),
        ))
    })?;
    let loader = ctx.loader();
    Ok(match kind.as_str() {
        KecamatanId::KIND => loader.load_one(KecamatanId(number)).await?.map(Node::Kecamatan),
        KelurahanId::KIND => loader.load_one(KelurahanId(number)).await?.map(Node::Kelurahan),
        GroupId::KIND => loader.load_one(GroupId(number)).await?.map(Node::BusinessGroup),
        MemberId::KIND => {
            ctx.viewer().require_member_access()?;
            loader.load_one(MemberId(number)).await?.map(Node::Member)
        }
        ProductId::KIND => loader.load_one(ProductId(number)).await?.map(Node::Product),
        AssessmentId::KIND => loader.load_one(AssessmentId(number)).await?.map(Node::FeasibilityAssessment),
        ListingId::KIND => loader.load_one(ListingId(number)).await?.map(Node::RetailListing),
        AidProgramId::KIND => loader.load_one(AidProgramId(number)).await?.map(Node::AidProgram),
        AllocationId::KIND => {
            let viewer = ctx.viewer();
            viewer.require_aid_access()?;
            let Some(allocation) = loader.load_one(AllocationId(number)).await? else { return Ok(None) };
            let group = loader.load_one(allocation.fields.group_id).await?;
            if !group.is_some_and(|g| viewer.can_see_aid_of(g.fields.kelurahan_id)) {
                return Err(crate::access::aid_of_other_kelurahan().into());
            }
            Some(Node::AidAllocation(allocation))
        }
        EventId::KIND => loader.load_one(EventId(number)).await?.map(Node::Event),
        // Capital: an application only for those who may see it (null otherwise).
        LenderId::KIND => loader.load_one(LenderId(number)).await?.map(Node::Lender),
        SchemeId::KIND => loader.load_one(SchemeId(number)).await?.map(Node::FinancingScheme),
        ApplicationId::KIND => {
            let scope = ctx.viewer().application_scope()?;
            loader
                .load_one(VisibleApplication { id: ApplicationId(number), scope })
                .await?
                .map(Node::FinancingApplication)
        }
        MentoringSessionId::KIND => loader.load_one(MentoringSessionId(number)).await?.map(Node::MentoringSession),
        _ => None,
    })
}

#[derive(Default)]
pub struct NodeQuery;

#[Object]
impl NodeQuery {
    /// Any object by its global id; null when there is none (and a financing application the
    /// caller may not see). A malformed id is BAD_USER_INPUT. Members, aid allocations and
    /// financing applications keep their access rules: null with UNAUTHENTICATED or FORBIDDEN
    /// for callers who may not see them at all.
    async fn node(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "A global id, as an object's `id` field gives it.")] id: ID,
    ) -> Option<Node> {
        load_node(ctx, &id).await.unwrap_or_else(|error| ctx.deny(error))
    }

    /// Several objects by global id, in the order asked (null where there is none). Loaded
    /// in batches.
    #[graphql(complexity = "crate::graphql::cost::list(ids.len(), child_complexity)")]
    async fn nodes(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Global ids, at most 100 (more: BAD_USER_INPUT).")] ids: Vec<ID>,
    ) -> async_graphql::Result<Vec<Option<Node>>> {
        if ids.len() > crate::graphql::relay::MAX_PAGE_SIZE as usize {
            return Err(AppError::bad_input(Text::new(
                format!("at most {} ids at once", crate::graphql::relay::MAX_PAGE_SIZE),
                format!("paling banyak {} id sekaligus", crate::graphql::relay::MAX_PAGE_SIZE),
            ))
            .into());
        }
        let loaded = futures_util::future::join_all(ids.iter().map(|id| load_node(ctx, id))).await;
        Ok(loaded
            .into_iter()
            .enumerate()
            .map(|(i, node)| node.unwrap_or_else(|error| ctx.deny_item(error, i)))
            .collect())
    }
}
