//! HTTP caching of GraphQL answers.
//!
//! A public answer (a GET query without `Authorization` that ran without errors) may be kept
//! by browsers and shared caches for the configured time, and carries a weak ETag, so that a
//! client revalidating with `If-None-Match` gets `304 Not Modified` without the body. Every
//! other answer (POST, a token, an error) is `no-store`, `private` as well with a token.

use axum::body::Body;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::Response;
use sha2::{Digest, Sha256};

/// Why an answer may or may not be kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Policy {
    /// Anyone may keep it this many seconds.
    Public(u64),
    /// The caller's own: never stored.
    Private,
    /// Not to be stored (POST, errors).
    NoStore,
}

impl Policy {
    /// The policy of an answer to a request with `headers` over `method`.
    pub fn of(method: &Method, headers: &HeaderMap, status: StatusCode, has_errors: bool, max_age: u64) -> Self {
        if headers.contains_key(header::AUTHORIZATION) {
            Policy::Private
        } else if method == Method::GET && status == StatusCode::OK && !has_errors && max_age > 0 {
            Policy::Public(max_age)
        } else {
            Policy::NoStore
        }
    }
}

/// `answer` with the headers of `policy`, or a 304 when the client already holds it.
pub async fn apply(answer: Response, policy: Policy, request: &HeaderMap) -> Response {
    let (mut parts, body) = answer.into_parts();
    // The answer differs by media type (Accept), language and caller.
    parts.headers.append(header::VARY, HeaderValue::from_static("Accept, Accept-Language, Authorization"));
    let max_age = match policy {
        Policy::Private => {
            parts.headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
            return Response::from_parts(parts, body);
        }
        Policy::NoStore => {
            parts.headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            return Response::from_parts(parts, body);
        }
        Policy::Public(max_age) => max_age,
    };
    // The body is already whole in memory: collecting it copies nothing.
    let Ok(bytes) = axum::body::to_bytes(body, usize::MAX).await else {
        parts.headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        return Response::from_parts(parts, Body::empty());
    };
    let content_type = parts.headers.get(header::CONTENT_TYPE).map_or(&b""[..], |v| v.as_bytes());
    let etag = etag_of(content_type, &bytes);
    if let Ok(value) = HeaderValue::from_str(&format!("public, max-age={max_age}")) {
        parts.headers.insert(header::CACHE_CONTROL, value);
    }
    if let Ok(value) = HeaderValue::from_str(&etag) {
        parts.headers.insert(header::ETAG, value);
    }
    if matches_etag(request, &etag) {
        parts.status = StatusCode::NOT_MODIFIED;
        parts.headers.remove(header::CONTENT_TYPE);
        parts.headers.remove(header::CONTENT_LENGTH);
        return Response::from_parts(parts, Body::empty());
    }
    Response::from_parts(parts, Body::from(bytes))
}

/// A weak validator of the answer: its media type and body.
fn etag_of(content_type: &[u8], body: &[u8]) -> String {
    let mut hasher = Sha256::new();
    hasher.update(content_type);
    hasher.update([0]);
    hasher.update(body);
    let digest = hasher.finalize();
    let hex: String = digest[..16].iter().map(|byte| format!("{byte:02x}")).collect();
    format!("W/\"{hex}\"")
}

/// Whether `If-None-Match` names `etag` (weak comparison) or is `*`.
fn matches_etag(request: &HeaderMap, etag: &str) -> bool {
    let bare = |tag: &str| tag.trim().trim_start_matches("W/").to_string();
    request
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .any(|list| list.split(',').any(|tag| tag.trim() == "*" || bare(tag) == bare(etag)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn if_none_match_compares_weakly() {
        let etag = etag_of(b"application/json", b"{}");
        let mut headers = HeaderMap::new();
        assert!(!matches_etag(&headers, &etag));
        headers.insert(header::IF_NONE_MATCH, HeaderValue::from_str(&format!("\"x\", {}", &etag[2..])).unwrap());
        assert!(matches_etag(&headers, &etag));
        assert_ne!(etag, etag_of(b"application/graphql-response+json", b"{}"));
    }
}
