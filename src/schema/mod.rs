//! The schema: every domain's queries and mutations assembled into [`Query`] and [`Mutation`],
//! with `node`, `viewer` and the descriptions of the connection types, behind the request
//! guard ([`GuardedSchema`]).

mod connections;
mod node;
pub mod subscription;
mod viewer;

use async_graphql::{MergedObject, Schema};
use futures_util::stream::BoxStream;

use self::subscription::Subscription;
use crate::aid::graphql::AidQuery;
use crate::aid::mutations::AidMutation;
use crate::audit::graphql::AuditQuery;
use crate::events::graphql::EventQuery;
use crate::events::mutations::EventMutation;
use crate::financing::applications::graphql::ApplicationQuery;
use crate::financing::applications::mutations::ApplicationMutation;
use crate::financing::dashboard::graphql::DashboardQuery;
use crate::financing::lenders::graphql::LenderQuery;
use crate::financing::lenders::mutations::LenderMutation;
use crate::geography::graphql::GeographyQuery;
use crate::groups::graphql::GroupQuery;
use crate::groups::mutations::GroupMutation;
use crate::import::graphql::ImportMutation;
use crate::members::graphql::MemberQuery;
use crate::members::mutations::MemberMutation;
use crate::mentoring::mutations::MentoringMutation;
use crate::products::graphql::ProductQuery;
use crate::products::mutations::ProductMutation;

use self::viewer::ViewerQuery;
use crate::graphql::persisted::{self, PersistedQueries};
use crate::graphql::{MAX_DEPTH, guard};

/// Every query of the API.
#[derive(MergedObject, Default)]
pub struct Query(
    node::NodeQuery,
    ViewerQuery,
    GeographyQuery,
    GroupQuery,
    MemberQuery,
    ProductQuery,
    AidQuery,
    EventQuery,
    LenderQuery,
    ApplicationQuery,
    DashboardQuery,
    AuditQuery,
);

/// Every mutation of the API.
#[derive(MergedObject, Default)]
pub struct Mutation(
    GroupMutation,
    MemberMutation,
    ProductMutation,
    AidMutation,
    EventMutation,
    LenderMutation,
    ApplicationMutation,
    MentoringMutation,
    ImportMutation,
);

pub type AppSchema = Schema<Query, Mutation, Subscription>;

/// Builds the schema. It needs no database: requests bring theirs in a `RequestContext`.
/// Clients reach it through a [`GuardedSchema`].
pub fn build_schema() -> AppSchema {
    schema_builder().finish()
}

fn schema_builder() -> async_graphql::SchemaBuilder<Query, Mutation, Subscription> {
    connections::describe(Schema::build(Query::default(), Mutation::default(), Subscription))
        .limit_depth(MAX_DEPTH)
        .limit_recursive_depth(guard::MAX_NESTING)
        .limit_directives(guard::MAX_DIRECTIVES_PER_FIELD)
}

/// The schema behind the request guard (see [`guard::execute`]): one copy checks a request,
/// with the guard installed; the other executes it.
///
/// The cost limit is the guard's ([`guard::MAX_COST`]), so that a refusal can say what the
/// query cost; the parser's own limits stay as a second line.
#[derive(Clone)]
pub struct GuardedSchema {
    checker: AppSchema,
    schema: AppSchema,
    persisted: PersistedQueries,
}

impl GuardedSchema {
    /// The schema, remembering at most [`persisted::DEFAULT_CACHE_SIZE`] persisted queries.
    pub fn new() -> Self {
        Self::with_persisted_queries(persisted::DEFAULT_CACHE_SIZE)
    }

    /// The schema, remembering at most `capacity` persisted queries. The guard comes first
    /// in the checker's chain, so that it sees every text before the persisted-query
    /// extension parses it, and every remembered document it hands back.
    pub fn with_persisted_queries(capacity: usize) -> Self {
        let persisted = PersistedQueries::new(capacity);
        let checker = schema_builder().extension(guard::QueryGuard).extension(persisted.extension()).finish();
        GuardedSchema { checker, schema: build_schema(), persisted }
    }

    /// The SDL of the schema that requests execute on.
    pub fn sdl(&self) -> String {
        self.schema.sdl()
    }

    /// Checks and executes one request.
    pub async fn execute(&self, request: async_graphql::Request) -> async_graphql::Response {
        self.run(request).await.response
    }

    /// Checks and executes one request; tells which operation it ran.
    pub async fn run(&self, request: async_graphql::Request) -> guard::Checked {
        guard::execute(&self.checker, &self.schema, request).await
    }

    /// Checks a request under the guard (size, depth, cost, validation) without executing
    /// it: `Err` with the refusal. For subscriptions, which [`GuardedSchema::run`] cannot run.
    pub async fn check(&self, request: &async_graphql::Request) -> Result<(), async_graphql::Response> {
        let mut check = async_graphql::Request::new(request.query.clone()).variables(request.variables.clone());
        check.operation_name = request.operation_name.clone();
        check.extensions = request.extensions.clone();
        let response = self.checker.execute(check).await;
        if response.errors.is_empty() { Ok(()) } else { Err(response) }
    }

    /// Starts a subscription that [`GuardedSchema::check`] let through.
    pub async fn subscribe(&self, mut request: async_graphql::Request) -> BoxStream<'static, async_graphql::Response> {
        if let Some(document) = self.persisted.document_of(&request).await {
            request.set_parsed_query(document);
        }
        self.schema.execute_stream(request)
    }

    /// The registered document a request names by its hash alone, if any.
    pub async fn persisted_document(
        &self,
        request: &async_graphql::Request,
    ) -> Option<async_graphql::parser::types::ExecutableDocument> {
        self.persisted.document_of(request).await
    }
}

impl Default for GuardedSchema {
    fn default() -> Self {
        Self::new()
    }
}
