//! The HTTP edge: the application state, the axum router with its protections (body limit,
//! timeouts, bounded concurrency, CORS, rate limits), authentication of each request.

pub mod access_log;
mod answer;
mod cache;
pub mod config;
mod export;
pub mod listen;
pub mod metrics;
pub mod pages;
mod probes;
mod rate_limit;
pub(crate) mod reply;
mod request;
pub mod socket;

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::error_handling::HandleErrorLayer;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::Response;
use axum::routing::get;
use tower::ServiceBuilder;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::compression::predicate::SizeAbove;
use tower_http::cors::{AllowOrigin, CorsLayer};

use crate::access::{Viewer, token};
use crate::audit::model::{self as audit, PersonalDataAction, Reads};
use crate::db::{ConnectError, Database, PoolError, RequestStatements};
use crate::error::{AppError, AppResult, internal_text};
use crate::graphql::language::{self, Language, Text, localize};

use crate::graphql::batch::{self, LocalTasks};
use crate::graphql::context::RequestContext;
use crate::schema::GuardedSchema;

use self::access_log::Outcome;
use self::cache::Policy;
use self::config::EdgeConfig;
use self::metrics::Metrics;
use self::rate_limit::RateLimits;
use self::request::GraphQLHttpRequest;

/// Why the application could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error(transparent)]
    Connect(#[from] ConnectError),
    #[error(transparent)]
    Pool(#[from] PoolError),
    #[error("cannot load Palu's geography: {0}")]
    Seed(String),
}

/// Everything a request needs, shared by all of them.
#[derive(Clone)]
pub struct App {
    pub db: Database,
    pub schema: GuardedSchema,
    pub config: Arc<EdgeConfig>,
    pub metrics: Arc<Metrics>,
    /// Subscriptions: the instance's event bus and its limits.
    pub live: crate::live::Live,
    rate_limits: Arc<RateLimits>,
}

impl App {
    /// Connects to `database_url` with the default settings, applies migrations and loads
    /// Palu's geography.
    pub async fn start(database_url: &str) -> Result<Self, StartError> {
        Self::start_with(database_url, EdgeConfig::default()).await
    }

    /// Like [`App::start`], with the edge's settings.
    pub async fn start_with(database_url: &str, config: EdgeConfig) -> Result<Self, StartError> {
        let db = Database::connect_with(database_url, config.pool()).await?;
        db.migrate().await?;
        let mut conn = db.conn().await?;
        crate::geography::seed::load_palu(&mut conn).await.map_err(|e| StartError::Seed(format!("{e:?}")))?;
        if crate::products::readiness::ensure_current(&mut conn)
            .await
            .map_err(|e| StartError::Seed(format!("{e:?}")))?
        {
            tracing::info!("recomputed the retail readiness of every product");
        }
        Ok(App::new(db, config))
    }

    /// The application over an open, migrated database.
    pub fn new(db: Database, config: EdgeConfig) -> Self {
        let rate_limits = Arc::new(RateLimits::new(&config));
        let schema = GuardedSchema::with_persisted_queries(config.apq_cache_size);
        let live = crate::live::Live::start(&db, config.max_subscription_sockets, config.max_subscriptions_per_socket);
        App { db, schema, config: Arc::new(config), metrics: Arc::default(), live, rate_limits }
    }

    /// The routes: `/graphql` (GET and POST), the probes `/healthz` and `/readyz`, `/metrics`,
    /// the CSV exports under `/export/`, and the pages (`/`, `/graphiql`, `/schema.graphql` and their assets); every answer
    /// compressed when it is large enough, logged and counted.
    ///
    /// `/graphql` runs under a timeout and a bound on requests in progress; the probes do
    /// not, so that they still answer while GraphQL is saturated.
    pub fn router(self) -> Router {
        let graphql_limits = ServiceBuilder::new()
            .layer(HandleErrorLayer::new(async |error: tower::BoxError| edge_error(&error)))
            .load_shed()
            .concurrency_limit(self.config.max_concurrent_requests.max(1))
            .timeout(self.config.request_timeout());
        let cors = cors_layer(&self.config.cors_allowed_origins);
        let compression = CompressionLayer::new().compress_when(SizeAbove::new(self.config.compress_min_bytes));
        let observe = axum::middleware::from_fn_with_state(self.clone(), access_log::observe);
        let router = Router::new()
            .route(
                "/graphql",
                get(graphql_or_socket)
                    .post(graphql)
                    .fallback(async || reply::method_not_allowed())
                    .layer(graphql_limits),
            )
            .route("/healthz", get(probes::healthz))
            .route("/readyz", get(probes::readyz))
            .route("/metrics", get(probes::metrics))
            .merge(pages::router())
            .merge(export::router(&self))
            .with_state(self);
        let router = match cors {
            Some(cors) => router.layer(cors),
            None => router,
        };
        // The language middleware may rewrite an edge error's body: it runs inside compression.
        router
            .layer(CatchPanicLayer::custom(|_| reply::panicked()))
            .layer(axum::middleware::from_fn(language::negotiate))
            .layer(compression)
            .layer(observe)
    }

    /// Writes the personal-data log entries of one request's reads, if it made any.
    async fn log_personal_reads(&self, viewer: &Viewer, reads: &Reads) -> AppResult<()> {
        if reads.is_empty() {
            return Ok(());
        }
        let mut conn = self.db.conn().await?;
        let at = crate::clock::now_utc();
        conn.transaction(async |conn| audit::record(conn, viewer, PersonalDataAction::Read, reads, at).await).await?;
        Ok(())
    }

    /// The caller behind an `Authorization` header (PUBLIC without one).
    pub async fn viewer(&self, headers: &HeaderMap) -> AppResult<Viewer> {
        let Some(value) = headers.get(header::AUTHORIZATION) else { return Ok(Viewer::public()) };
        let unauthenticated = || {
            AppError::Unauthenticated(Text::new(
                "the bearer token is malformed, unknown or revoked",
                "token bearer tidak valid, tidak dikenal, atau sudah dicabut",
            ))
        };
        let secret = value.to_str().ok().and_then(token::bearer_secret).ok_or_else(unauthenticated)?;
        let mut conn = self.db.conn().await?;
        token::viewer_for_secret(&mut conn, secret).await?.ok_or_else(unauthenticated)
    }
}

/// CORS for the configured origins: none configured, no CORS headers at all (same-origin
/// pages only); `*`, any origin (bearer tokens are headers, not cookies, so this shares
/// nothing a page could not already send).
fn cors_layer(origins: &[String]) -> Option<CorsLayer> {
    let origins: Vec<&str> = origins.iter().map(|o| o.trim()).filter(|o| !o.is_empty()).collect();
    if origins.is_empty() {
        return None;
    }
    let allow_origin = if origins.contains(&"*") {
        AllowOrigin::any()
    } else {
        AllowOrigin::list(origins.iter().filter_map(|origin| HeaderValue::from_str(origin).ok()))
    };
    Some(
        CorsLayer::new()
            .allow_origin(allow_origin)
            .allow_methods([Method::GET, Method::POST])
            .allow_headers([header::AUTHORIZATION, header::CONTENT_TYPE, header::ACCEPT])
            .max_age(Duration::from_secs(3600)),
    )
}

/// The answer when the timeout or the bound on requests in progress stops a request.
fn edge_error(error: &tower::BoxError) -> Response {
    if error.is::<tower::timeout::error::Elapsed>() {
        reply::timed_out()
    } else if error.is::<tower::load_shed::error::Overloaded>() {
        reply::overloaded()
    } else {
        tracing::error!(%error, "edge error");
        reply::panicked()
    }
}

/// The response for an error met before GraphQL ran (authentication, the database).
fn refused(error: AppError) -> Response {
    let (status, code) = (
        match &error {
            AppError::Unauthenticated(_) => StatusCode::UNAUTHORIZED,
            AppError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            _ => StatusCode::INTERNAL_SERVER_ERROR,
        },
        error.code(),
    );
    // Through the GraphQL error, so that an INTERNAL one is logged the same way.
    let error = async_graphql::Error::from(error);
    let message = error.source.and_then(|source| source.downcast_ref::<Text>().cloned()).unwrap_or_else(internal_text);
    let response = reply::error_response(status, code, message);
    match status {
        StatusCode::UNAUTHORIZED => {
            let mut response = response;
            response.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
            response
        }
        StatusCode::SERVICE_UNAVAILABLE => reply::retry_after(response, Duration::from_secs(1)),
        _ => response,
    }
}

/// GET `/graphql`: a WebSocket upgrade for subscriptions (see [`socket`]), or
/// a query in the URL.
async fn graphql_or_socket(State(app): State<App>, request: axum::extract::Request) -> Response {
    use axum::extract::FromRequest;
    use axum::response::IntoResponse;
    if socket::is_upgrade(request.headers()) {
        return socket::upgrade(app, request).await;
    }
    let headers = request.headers().clone();
    match GraphQLHttpRequest::from_request(request, &app).await {
        Ok(http) => graphql(State(app), headers, http).await,
        Err(refused) => refused.into_response(),
    }
}

async fn graphql(State(app): State<App>, headers: HeaderMap, http: GraphQLHttpRequest) -> Response {
    let GraphQLHttpRequest { method, request, peer } = http;
    let address = listen::client_address(&headers, peer, app.config.trust_forwarded_for);
    // Without a token, the address pays before the database is asked anything.
    if !headers.contains_key(header::AUTHORIZATION)
        && let Err(wait) = app.rate_limits.check(None, address)
    {
        return reply::rate_limited(wait);
    }
    let viewer = match app.viewer(&headers).await {
        Ok(viewer) => viewer,
        Err(error) => {
            // Guessing tokens costs the address too.
            if let Err(wait) = app.rate_limits.check(None, address) {
                return reply::rate_limited(wait);
            }
            return refused(error);
        }
    };
    if viewer.token_id.is_some()
        && let Err(wait) = app.rate_limits.check(Some(&viewer), address)
    {
        return reply::rate_limited(wait);
    }
    if method == Method::GET && is_mutation(&app, &request).await {
        return reply::mutation_over_get();
    }
    run(&app, viewer, &method, &headers, request).await
}

/// Runs a request the edge let through, and writes what it read of personal data.
async fn run(
    app: &App,
    viewer: Viewer,
    method: &Method,
    headers: &HeaderMap,
    request: async_graphql::Request,
) -> Response {
    let tasks = Arc::new(LocalTasks::default());
    let language = Language::from_headers(headers);
    let statements = RequestStatements::default();
    let db = app.db.for_request(statements.clone());
    let batches = Some(app.metrics.batch_observer());
    let context = RequestContext::observed(db, viewer.clone(), tasks.clone(), batches).in_language(language);
    let reads = context.personal_reads.clone();
    let execution = batch::drive(app.schema.run(request.data(context)), tasks);
    let checked = crate::live::outbox::deliver_after(&app.live.bus, execution).await;
    let reads = std::mem::take(&mut *reads.lock().unwrap_or_else(|poisoned| poisoned.into_inner()));
    if let Err(error) = app.log_personal_reads(&viewer, &reads).await {
        // Personal data must not leave unlogged.
        return refused(error);
    }
    let response = localize(checked.response, language);
    let mut outcome = Outcome::of_answer(&response, checked.operation, viewer.role.as_str());
    outcome.statements = statements.load(std::sync::atomic::Ordering::Relaxed);
    let has_errors = !response.errors.is_empty();
    let answer = answer::graphql_answer(response, headers);
    let policy = Policy::of(method, headers, answer.status(), has_errors, app.config.cache_max_age_secs);
    let mut answer = cache::apply(answer, policy, headers).await;
    answer.extensions_mut().insert(outcome);
    answer
}

/// Whether the operation a request would run is a mutation, whether it sends its text or
/// the hash of a persisted one. A query the guard refuses is none: executing it then
/// reports why.
async fn is_mutation(app: &App, request: &async_graphql::Request) -> bool {
    use async_graphql::parser::types::{DocumentOperations, OperationType};
    let document = match app.schema.persisted_document(request).await {
        Some(document) => document,
        None => match crate::graphql::guard::parse_guarded(&request.query) {
            Ok(document) => document,
            Err(_) => return false,
        },
    };
    let is_mutation = |ty: OperationType| ty == OperationType::Mutation;
    match &document.operations {
        DocumentOperations::Single(operation) => is_mutation(operation.node.ty),
        DocumentOperations::Multiple(operations) => match &request.operation_name {
            Some(name) => operations.get(name.as_str()).is_some_and(|op| is_mutation(op.node.ty)),
            None => operations.values().any(|op| is_mutation(op.node.ty)),
        },
    }
}
