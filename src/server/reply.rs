//! Answers the edge gives by itself, before or instead of running GraphQL: the same shape
//! as a GraphQL error (`errors[].extensions.code`), so clients handle one format.

use std::time::Duration;

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::access_log::Outcome;
use crate::graphql::language::{EdgeError, Language, Text};

/// `{"errors":[{"message":…,"extensions":{"code":…}}]}` with `status`, in English and never
/// stored by a cache; the language middleware renders it anew for a request that asks for
/// Indonesian.
pub fn error_response(status: StatusCode, code: &'static str, message: Text) -> Response {
    let error = EdgeError { code, text: message };
    let mut response = (status, error.body(Language::English)).into_response();
    response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response.extensions_mut().insert(Outcome::refused(code));
    response.extensions_mut().insert(error);
    response
}

/// `response` with `Retry-After`, in whole seconds (at least 1).
pub fn retry_after(mut response: Response, wait: Duration) -> Response {
    let seconds = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
    response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(seconds.max(1)));
    response
}

/// 429: the caller has used its allowance and may try again after `wait`.
pub fn rate_limited(wait: Duration) -> Response {
    let message = Text::new(
        "too many requests: wait as Retry-After says, then try again",
        "terlalu banyak permintaan: tunggu sesuai Retry-After, lalu coba lagi",
    );
    retry_after(error_response(StatusCode::TOO_MANY_REQUESTS, "RATE_LIMITED", message), wait)
}

/// 503: every request slot is taken.
pub fn overloaded() -> Response {
    let message = Text::new(
        "the server is at its limit of requests in progress; try again shortly",
        "server sedang melayani permintaan sebanyak batasnya; coba lagi sebentar lagi",
    );
    retry_after(error_response(StatusCode::SERVICE_UNAVAILABLE, "OVERLOADED", message), Duration::from_secs(1))
}

/// 503: the request ran out of time; its work was stopped.
pub fn timed_out() -> Response {
    let message = Text::new(
        "the request took longer than the server allows and was stopped",
        "permintaan berjalan lebih lama dari batas server dan dihentikan",
    );
    retry_after(error_response(StatusCode::SERVICE_UNAVAILABLE, "TIMEOUT", message), Duration::from_secs(1))
}

/// 405: a mutation sent over GET, which must stay safe (a link or an `<img>` must never
/// change the registry); `Allow` says what to use instead.
pub fn mutation_over_get() -> Response {
    let message = Text::new("mutations must be sent with POST", "mutasi harus dikirim dengan POST");
    let mut response = error_response(StatusCode::METHOD_NOT_ALLOWED, "METHOD_NOT_ALLOWED", message);
    response.headers_mut().insert(header::ALLOW, HeaderValue::from_static("POST"));
    response
}

/// 405: a method `/graphql` does not serve (PUT, DELETE, a preflight without CORS
/// configured); `Allow` lists those it does.
pub fn method_not_allowed() -> Response {
    let message = Text::new(
        "send GraphQL requests with POST (or GET for queries)",
        "kirim permintaan GraphQL dengan POST (atau GET untuk query)",
    );
    let mut response = error_response(StatusCode::METHOD_NOT_ALLOWED, "METHOD_NOT_ALLOWED", message);
    response.headers_mut().insert(header::ALLOW, HeaderValue::from_static("GET, HEAD, POST"));
    response
}

/// 500 for a request whose handler panicked: the server itself stays up.
pub fn panicked() -> Response {
    error_response(StatusCode::INTERNAL_SERVER_ERROR, "INTERNAL", crate::error::internal_text())
}
