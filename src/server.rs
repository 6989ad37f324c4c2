//! The HTTP edge: the application state, the axum router, authentication of each request.

use std::time::Duration;

use async_graphql::http::GraphiQLSource;
use async_graphql_axum::{GraphQLRequest, GraphQLResponse};
use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;

use crate::access::{Viewer, token};
use crate::audit::model::{self as audit, PersonalDataAction, Reads};
use crate::db::{ConnectError, Database, PoolError};
use crate::error::{AppError, AppResult};

use crate::graphql::context::RequestContext;
use crate::graphql::loader::DEFAULT_BATCH_WINDOW;
use crate::graphql::{AppSchema, build_schema};

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
    pub schema: AppSchema,
    /// How long the DataLoader of a request waits to batch keys.
    pub batch_window: Duration,
}

impl App {
    /// Connects to `database_url`, applies migrations and loads Palu's geography.
    pub async fn start(database_url: &str) -> Result<Self, StartError> {
        let db = Database::connect(database_url).await?;
        db.migrate().await?;
        let mut conn = db.conn().await?;
        crate::geography::seed::load_palu(&mut conn).await.map_err(|e| StartError::Seed(format!("{e:?}")))?;
        Ok(App { db, schema: build_schema(), batch_window: DEFAULT_BATCH_WINDOW })
    }

    /// The routes: `/graphql` (GET and POST), `/graphiql`, `/healthz`.
    pub fn router(self) -> Router {
        Router::new()
            .route("/graphql", get(graphql).post(graphql))
            .route("/graphiql", get(graphiql))
            .route("/healthz", get(healthz))
            .with_state(self)
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
        let unauthenticated = || AppError::Unauthenticated("the bearer token is malformed, unknown or revoked".into());
        let secret = value.to_str().ok().and_then(token::bearer_secret).ok_or_else(unauthenticated)?;
        let mut conn = self.db.conn().await?;
        token::viewer_for_secret(&mut conn, secret).await?.ok_or_else(unauthenticated)
    }
}

async fn graphql(State(app): State<App>, method: Method, headers: HeaderMap, request: GraphQLRequest) -> Response {
    let request = request.into_inner();
    if method == Method::GET && is_mutation(&request) {
        // GET must stay safe: a link or an <img> must never change the registry.
        let mut response = (StatusCode::METHOD_NOT_ALLOWED, "mutations must be sent with POST\n").into_response();
        response.headers_mut().insert(header::ALLOW, HeaderValue::from_static("POST"));
        return response;
    }
    let mut response = match app.viewer(&headers).await {
        Ok(viewer) => {
            let context = RequestContext::new(app.db.clone(), viewer.clone(), app.batch_window);
            let reads = context.personal_reads.clone();
            let response = app.schema.execute(request.data(context)).await;
            let reads = std::mem::take(&mut *reads.lock().unwrap_or_else(|poisoned| poisoned.into_inner()));
            if let Err(error) = app.log_personal_reads(&viewer, &reads).await {
                // Personal data must not leave unlogged.
                let error: async_graphql::Error = error.into();
                let response = async_graphql::Response::from_errors(vec![error.into_server_error(Default::default())]);
                return (StatusCode::INTERNAL_SERVER_ERROR, GraphQLResponse::from(response)).into_response();
            }
            GraphQLResponse::from(response).into_response()
        }
        Err(error) => {
            let status = match error {
                AppError::Unauthenticated(_) => StatusCode::UNAUTHORIZED,
                _ => StatusCode::INTERNAL_SERVER_ERROR,
            };
            let error: async_graphql::Error = error.into();
            let response = async_graphql::Response::from_errors(vec![error.into_server_error(Default::default())]);
            (status, GraphQLResponse::from(response)).into_response()
        }
    };
    response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(response_media_type(&headers)));
    response
}

/// GraphQL over HTTP: `application/graphql-response+json` only for clients that ask for it;
/// plain `application/json` for the rest (legacy clients, `*/*`, no Accept header).
fn response_media_type(headers: &HeaderMap) -> &'static str {
    const GRAPHQL_RESPONSE: &str = "application/graphql-response+json";
    let accept = headers.get(header::ACCEPT).and_then(|v| v.to_str().ok()).unwrap_or("");
    if accept.contains(GRAPHQL_RESPONSE) && !accept.contains("application/json") {
        GRAPHQL_RESPONSE
    } else {
        "application/json"
    }
}

/// Whether the operation a request would run is a mutation.
fn is_mutation(request: &async_graphql::Request) -> bool {
    use async_graphql::parser::types::{DocumentOperations, OperationType};
    let Ok(document) = async_graphql::parser::parse_query(&request.query) else { return false };
    let is_mutation = |ty: OperationType| ty == OperationType::Mutation;
    match &document.operations {
        DocumentOperations::Single(operation) => is_mutation(operation.node.ty),
        DocumentOperations::Multiple(operations) => match &request.operation_name {
            Some(name) => operations.get(name.as_str()).is_some_and(|op| is_mutation(op.node.ty)),
            None => operations.values().any(|op| is_mutation(op.node.ty)),
        },
    }
}

async fn graphiql() -> Html<String> {
    Html(GraphiQLSource::build().endpoint("/graphql").title("umkm-graph · Kota Palu").finish())
}

/// 200 when the database answers, 503 otherwise.
async fn healthz(State(app): State<App>) -> (StatusCode, &'static str) {
    let healthy = match app.db.conn().await {
        Ok(mut conn) => conn.ping().await.is_ok(),
        Err(_) => false,
    };
    if healthy { (StatusCode::OK, "ok\n") } else { (StatusCode::SERVICE_UNAVAILABLE, "database unavailable\n") }
}
