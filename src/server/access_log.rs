//! One access log line per request (target `umkm_graph::access`, INFO; health checks and
//! scrapes at DEBUG), its request id, and the request's metrics.
//!
//! The line holds the request id, method, path (never the query string: a GET carries its
//! variables there), status, duration, and for GraphQL the operation name, cost, caller role
//! and error codes. Never a token, a variable's value or a query's text.

use std::time::Instant;

use axum::extract::{Request, State};
use axum::http::{HeaderName, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;

use super::App;

/// The header that carries a request's id, both ways.
pub static REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// Longest part of a path that is logged.
const MAX_LOGGED_PATH: usize = 200;

/// Longest request id taken from a client.
const MAX_REQUEST_ID: usize = 128;

/// A request's id: the client's `X-Request-Id` when it is a sane token, else a new one.
#[derive(Clone, Debug)]
pub struct RequestId(pub String);

/// What the GraphQL handler (or an edge refusal) learned of a request, for its log line and
/// metrics; carried in the response's extensions.
#[derive(Clone, Debug, Default)]
pub struct Outcome {
    /// The operation run (a GraphQL name), if it has one.
    pub operation: Option<String>,
    /// The caller's role.
    pub role: Option<&'static str>,
    /// `extensions.cost.requested` of the answer.
    pub cost: Option<u64>,
    /// The distinct `extensions.code`s of the answer's errors.
    pub codes: Vec<String>,
    /// Whether a mutation answered with `userErrors`.
    pub user_errors: bool,
    /// SQL statements the request sent.
    pub statements: u64,
}

impl Outcome {
    /// An answer refused with one code.
    pub fn refused(code: &str) -> Self {
        Outcome { codes: vec![code.to_string()], ..Outcome::default() }
    }

    /// What a GraphQL answer tells of its request.
    pub fn of_answer(response: &async_graphql::Response, operation: Option<String>, role: &'static str) -> Self {
        let mut codes: Vec<String> = Vec::new();
        for error in &response.errors {
            let code = error.extensions.as_ref().and_then(|e| e.get("code"));
            if let Some(async_graphql::Value::String(code)) = code
                && !codes.contains(code)
            {
                codes.push(code.clone());
            }
        }
        let cost = match response.extensions.get("cost") {
            Some(async_graphql::Value::Object(cost)) => match cost.get("requested") {
                Some(async_graphql::Value::Number(n)) => n.as_u64(),
                _ => None,
            },
            _ => None,
        };
        Outcome {
            operation,
            role: Some(role),
            cost,
            codes,
            user_errors: has_user_errors(&response.data),
            statements: 0,
        }
    }

    /// The metric label: `ok`, `user_error`, or the first error code.
    pub fn label(&self) -> &str {
        match self.codes.first() {
            Some(code) => code,
            None if self.user_errors => "user_error",
            None => "ok",
        }
    }
}

/// Whether a top-level field of `data` (a mutation's payload) has a non-empty `userErrors`.
fn has_user_errors(data: &async_graphql::Value) -> bool {
    let async_graphql::Value::Object(fields) = data else { return false };
    fields.values().any(|payload| match payload {
        async_graphql::Value::Object(payload) => {
            matches!(payload.get("userErrors"), Some(async_graphql::Value::List(errors)) if !errors.is_empty())
        }
        _ => false,
    })
}

/// The middleware: gives the request its id, times it, logs it and counts it.
pub async fn observe(State(app): State<App>, mut request: Request, next: Next) -> Response {
    let started = Instant::now();
    let id = request_id(&request);
    request.extensions_mut().insert(id.clone());
    let method = request.method().clone();
    let route = route_of(request.uri().path());
    let path: String = request.uri().path().chars().take(MAX_LOGGED_PATH).collect();
    let mut response = next.run(request).await;
    let elapsed = started.elapsed();
    let status = response.status().as_u16();
    if let Ok(value) = HeaderValue::from_str(&id.0) {
        response.headers_mut().insert(REQUEST_ID.clone(), value);
    }
    app.metrics.response(route, status);
    let outcome = response.extensions().get::<Outcome>().cloned().unwrap_or_default();
    let duration_ms = elapsed.as_secs_f64() * 1000.0;
    if route == "/graphql" {
        let label = if response.extensions().get::<Outcome>().is_some() {
            outcome.label().to_string()
        } else {
            format!("http_{status}")
        };
        app.metrics.graphql_request(outcome.operation.as_deref(), &label, elapsed.as_secs_f64(), outcome.statements);
        tracing::info!(
            target: "umkm_graph::access",
            request_id = %id.0,
            %method,
            %path,
            status,
            duration_ms,
            operation = %outcome.operation.as_deref().unwrap_or("-"),
            role = %outcome.role.unwrap_or("-"),
            cost = outcome.cost,
            outcome = %label,
            codes = %outcome.codes.join(","),
        );
    } else if matches!(route, "/healthz" | "/readyz" | "/metrics") {
        tracing::debug!(target: "umkm_graph::access", request_id = %id.0, %method, %path, status, duration_ms);
    } else {
        tracing::info!(target: "umkm_graph::access", request_id = %id.0, %method, %path, status, duration_ms);
    }
    response
}

/// The client's id when it is 1 to 128 characters of letters, digits and `-_.:`; a new
/// random one otherwise (so a log line can never be forged through it).
fn request_id(request: &Request) -> RequestId {
    let given = request.headers().get(&REQUEST_ID).and_then(|value| value.to_str().ok());
    match given {
        Some(id) if is_sane(id) => RequestId(id.to_string()),
        _ => RequestId(format!("{:032x}", rand::random::<u128>())),
    }
}

fn is_sane(id: &str) -> bool {
    (1..=MAX_REQUEST_ID).contains(&id.len())
        && id.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':'))
}

/// The route a path belongs to, for logs and metric labels: a known route, or `other` (a
/// path is the client's text, and unbounded).
fn route_of(path: &str) -> &'static str {
    const ROUTES: [&str; 7] = ["/graphql", "/graphiql", "/healthz", "/readyz", "/metrics", "/", "/favicon.ico"];
    ROUTES.into_iter().find(|route| *route == path).unwrap_or("other")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_sane_request_ids_are_taken() {
        assert!(is_sane("0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"));
        assert!(is_sane("trace:abc.def_1"));
        assert!(!is_sane(""));
        assert!(!is_sane("a b"));
        assert!(!is_sane("x\ny"));
        assert!(!is_sane(&"x".repeat(129)));
    }
}
