//! What operators and their tools ask the server: `/healthz` (the process answers),
//! `/readyz` (it can serve: the database answers and is migrated), `/metrics` (Prometheus).

use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

use super::App;
use crate::access::token;

/// 200 while the process serves HTTP; asks nothing of the database, so that a liveness
/// probe never restarts a server for its database's sake.
pub async fn healthz() -> (StatusCode, &'static str) {
    (StatusCode::OK, "ok\n")
}

/// 200 when the database answers and every migration of this build is applied; 503
/// otherwise, so that a load balancer sends no traffic here meanwhile.
pub async fn readyz(State(app): State<App>) -> (StatusCode, &'static str) {
    match app.db.is_migrated().await {
        Ok(true) => (StatusCode::OK, "ready\n"),
        Ok(false) => (StatusCode::SERVICE_UNAVAILABLE, "database not migrated\n"),
        Err(_) => (StatusCode::SERVICE_UNAVAILABLE, "database unavailable\n"),
    }
}

/// The metrics, to the holder of `METRICS_TOKEN`; 404 when no token is configured, 401
/// without the right one.
pub async fn metrics(State(app): State<App>, headers: HeaderMap) -> Response {
    let Some(expected) = app.config.metrics_token.as_deref().filter(|t| !t.is_empty()) else {
        return (StatusCode::NOT_FOUND, "metrics are off: set METRICS_TOKEN to serve them\n").into_response();
    };
    let given = headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).and_then(token::bearer_secret);
    // Digests compared, so that the comparison's time tells nothing of the token.
    if given.map(|given| Sha256::digest(given.as_bytes())) != Some(Sha256::digest(expected.as_bytes())) {
        let mut response = (StatusCode::UNAUTHORIZED, "send 'Authorization: Bearer <METRICS_TOKEN>'\n").into_response();
        response.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        return response;
    }
    let mut response = app.metrics.render(&app.db).into_response();
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"));
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}
