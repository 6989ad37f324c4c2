//! A GraphQL response as HTTP, by the GraphQL over HTTP spec: the media type the client
//! accepts, and the status that goes with it.
//!
//! - `application/json` (legacy clients, `*/*`, no Accept header): 200 whatever the errors,
//!   `"data": null` when the request never ran.
//! - `application/graphql-response+json` (clients that ask for it): a request error (the
//!   document does not parse or validate, a variable cannot be coerced, the guard refuses
//!   it) is 400 with no `data` entry, so a client tells it from a field error without
//!   reading the body.
//! - Either way, 503 with Retry-After when the database was unavailable.

use std::time::Duration;

use async_graphql_axum::GraphQLResponse;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::reply;
use crate::error::UNAVAILABLE;

const GRAPHQL_RESPONSE: &str = "application/graphql-response+json";

/// The HTTP answer to a request with these headers.
pub fn graphql_answer(response: async_graphql::Response, headers: &HeaderMap) -> Response {
    let media_type = response_media_type(headers);
    let unavailable = response.errors.iter().any(|error| {
        error.extensions.as_ref().and_then(|e| e.get("code")) == Some(&async_graphql::Value::from(UNAVAILABLE))
    });
    let mut answer = if media_type == GRAPHQL_RESPONSE && is_request_error(&response) {
        without_data(&response)
    } else {
        GraphQLResponse::from(response).into_response()
    };
    if unavailable {
        *answer.status_mut() = StatusCode::SERVICE_UNAVAILABLE;
        answer = reply::retry_after(answer, Duration::from_secs(1));
    }
    answer.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(media_type));
    answer
}

/// `application/graphql-response+json` only for clients that ask for it; plain
/// `application/json` for the rest.
fn response_media_type(headers: &HeaderMap) -> &'static str {
    let accept = headers.get(header::ACCEPT).and_then(|v| v.to_str().ok()).unwrap_or("");
    if accept.contains(GRAPHQL_RESPONSE) && !accept.contains("application/json") {
        GRAPHQL_RESPONSE
    } else {
        "application/json"
    }
}

/// Whether the request failed before execution began: no data, and no error belongs to a
/// field (a field error carries the path of its field, even when it nulls the whole data).
fn is_request_error(response: &async_graphql::Response) -> bool {
    response.data == async_graphql::Value::Null
        && !response.errors.is_empty()
        && response.errors.iter().all(|error| error.path.is_empty())
}

/// 400 with the errors and extensions, and no `data` entry.
fn without_data(response: &async_graphql::Response) -> Response {
    let mut body = serde_json::json!({ "errors": response.errors });
    if !response.extensions.is_empty() {
        body["extensions"] = serde_json::json!(response.extensions);
    }
    (StatusCode::BAD_REQUEST, body.to_string()).into_response()
}
