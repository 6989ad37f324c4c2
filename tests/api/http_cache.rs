//! Compression, HTTP caching and automatic persisted queries, as clients and caches see them.

use std::io::Read;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use axum::response::Response;
use http_body_util::BodyExt;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::common::*;

const LIST: &str = "query Kelurahans { kelurahans(first: 46) { nodes { code name kecamatan { name } } } }";

async fn send(app: &TestApp, request: Request<Body>) -> Response {
    tower::ServiceExt::oneshot(app.app.clone().router(), request).await.unwrap()
}

async fn bytes_of(response: Response) -> Vec<u8> {
    response.into_body().collect().await.unwrap().to_bytes().to_vec()
}

/// `/graphql?…` with each parameter URL-encoded.
fn get_url(params: &[(&str, &str)]) -> String {
    let encode = |text: &str| -> String {
        text.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
                _ => format!("%{b:02X}"),
            })
            .collect()
    };
    let query: Vec<String> = params.iter().map(|(k, v)| format!("{k}={}", encode(v))).collect();
    format!("/graphql?{}", query.join("&"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn large_answers_are_compressed_with_gzip_or_br_and_decode_to_the_same_json() {
    let app = TestApp::new().await;
    let plain = app.ok(None, LIST, json!({})).await;
    let mut decoded = Vec::new();
    for encoding in ["gzip", "br"] {
        let request = Request::get(get_url(&[("query", LIST)])).header(header::ACCEPT_ENCODING, encoding);
        let response = send(&app, request.body(Body::empty()).unwrap()).await;
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(response.headers()[header::CONTENT_ENCODING], encoding);
        let compressed = bytes_of(response).await;
        let mut text = String::new();
        match encoding {
            "gzip" => flate2::read::GzDecoder::new(&compressed[..]).read_to_string(&mut text).unwrap(),
            _ => brotli_decompressor::Decompressor::new(&compressed[..], 4096).read_to_string(&mut text).unwrap(),
        };
        assert!(compressed.len() * 3 < text.len(), "{encoding}: {} of {} bytes", compressed.len(), text.len());
        let body: Value = serde_json::from_str(&text).unwrap();
        decoded.push(body["data"].clone());
    }
    assert_eq!(decoded, vec![plain.clone(), plain]);
    // A small answer is sent as it is.
    let request = Request::get(get_url(&[("query", "{ kecamatans(first: 1) { code } }")]))
        .header(header::ACCEPT_ENCODING, "gzip, br");
    let response = send(&app, request.body(Body::empty()).unwrap()).await;
    assert!(!response.headers().contains_key(header::CONTENT_ENCODING));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn public_gets_are_cacheable_with_an_etag_and_everything_else_is_not_stored() {
    let app = TestApp::new().await;
    let url = get_url(&[("query", LIST)]);
    let response = send(&app, Request::get(&url).body(Body::empty()).unwrap()).await;
    assert_eq!(response.headers()[header::CACHE_CONTROL], "public, max-age=60");
    let vary = response.headers()[header::VARY].to_str().unwrap().to_string();
    assert!(vary.contains("Authorization") && vary.contains("Accept"), "{vary}");
    let etag = response.headers()[header::ETAG].to_str().unwrap().to_string();
    assert!(etag.starts_with("W/\""), "{etag}");

    let again = Request::get(&url).header(header::IF_NONE_MATCH, &etag).body(Body::empty()).unwrap();
    let response = send(&app, again).await;
    assert_eq!(response.status(), StatusCode::NOT_MODIFIED);
    assert_eq!(response.headers()[header::ETAG], etag.as_str());
    assert!(bytes_of(response).await.is_empty());
    let stale = Request::get(&url).header(header::IF_NONE_MATCH, "W/\"0000\"").body(Body::empty()).unwrap();
    assert_eq!(send(&app, stale).await.status(), StatusCode::OK);

    let admin = app.admin().await;
    let with_token = Request::get(&url).header(header::AUTHORIZATION, format!("Bearer {admin}"));
    let response = send(&app, with_token.body(Body::empty()).unwrap()).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()[header::CACHE_CONTROL], "private, no-store");
    assert!(!response.headers().contains_key(header::ETAG));

    let post = Request::post("/graphql")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(json!({ "query": LIST }).to_string()))
        .unwrap();
    assert_eq!(send(&app, post).await.headers()[header::CACHE_CONTROL], "no-store");
    let error = Request::get(get_url(&[("query", "{ noSuchField }")])).body(Body::empty()).unwrap();
    assert_eq!(send(&app, error).await.headers()[header::CACHE_CONTROL], "no-store");
    let refused = Request::get(&url).header(header::AUTHORIZATION, "Bearer nope").body(Body::empty()).unwrap();
    let response = send(&app, refused).await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(response.headers()[header::CACHE_CONTROL], "no-store");
}

fn sha256_hex(text: &str) -> String {
    Sha256::digest(text.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

fn persisted(hash: &str) -> Value {
    json!({ "persistedQuery": { "version": 1, "sha256Hash": hash } })
}

/// A GET of a persisted query by its hash alone.
async fn get_persisted(app: &TestApp, hash: &str) -> (StatusCode, Value) {
    let url = get_url(&[("extensions", &persisted(hash).to_string())]);
    let response = send(app, Request::get(url).body(Body::empty()).unwrap()).await;
    let status = response.status();
    let bytes = bytes_of(response).await;
    (status, serde_json::from_slice(&bytes).unwrap_or(Value::Null))
}

/// A POST of a GraphQL request body.
async fn post_body(app: &TestApp, body: Value) -> Value {
    let request = Request::post("/graphql").header(header::CONTENT_TYPE, "application/json");
    let response = send(app, request.body(Body::from(body.to_string())).unwrap()).await;
    serde_json::from_slice(&bytes_of(response).await).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn persisted_queries_round_trip_over_get_and_post() {
    let app = TestApp::new().await;
    let hash = sha256_hex(LIST);
    let (status, body) = get_persisted(&app, &hash).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["errors"][0]["message"], "PersistedQueryNotFound", "{body}");
    assert_eq!(body["errors"][0]["extensions"]["code"], "PERSISTED_QUERY_NOT_FOUND", "{body}");
    let body = post_body(&app, json!({ "extensions": persisted(&hash) })).await;
    assert_eq!(body["errors"][0]["extensions"]["code"], "PERSISTED_QUERY_NOT_FOUND", "{body}");

    // Registered with its text, as Apollo Client and urql retry.
    let expected = app.ok(None, LIST, json!({})).await;
    let body = post_body(&app, json!({ "query": LIST, "extensions": persisted(&hash) })).await;
    assert_eq!(body["data"], expected, "{body}");
    let (status, body) = get_persisted(&app, &hash).await;
    assert_eq!((status, &body["data"]), (StatusCode::OK, &expected), "{body}");
    let body = post_body(&app, json!({ "extensions": persisted(&hash), "operationName": "Kelurahans" })).await;
    assert_eq!(body["data"], expected, "{body}");
    assert!(body["extensions"]["cost"]["requested"].as_u64().unwrap() > 46, "{body}");

    // A text that is not the hash's is refused, and registers nothing.
    let other = "{ kecamatans { code } }";
    let body = post_body(&app, json!({ "query": other, "extensions": persisted(&sha256_hex("x")) })).await;
    assert_eq!(body["errors"][0]["extensions"]["code"], "PERSISTED_QUERY_INVALID", "{body}");
    assert_eq!(
        get_persisted(&app, &sha256_hex("x")).await.1["errors"][0]["extensions"]["code"],
        "PERSISTED_QUERY_NOT_FOUND"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_persisted_query_skips_no_limit_and_a_persisted_mutation_never_runs_over_get() {
    let app = TestApp::new().await;
    let costly = "{ kelurahans(first: 100) { nodes { groups(first: 100) { nodes { members(first: 100) { nodes { fullName } } } } } } }";
    let hash = sha256_hex(costly);
    let body = post_body(&app, json!({ "query": costly, "extensions": persisted(&hash) })).await;
    assert_eq!(body["errors"][0]["extensions"]["code"], "QUERY_TOO_COMPLEX", "{body}");
    for (status, body) in [
        get_persisted(&app, &hash).await,
        (StatusCode::OK, post_body(&app, json!({ "extensions": persisted(&hash) })).await),
    ] {
        assert_eq!(status, StatusCode::OK);
        let code = &body["errors"][0]["extensions"]["code"];
        assert!(code == "QUERY_TOO_COMPLEX" || code == "PERSISTED_QUERY_NOT_FOUND", "{body}");
        assert!(body["data"].is_null(), "{body}");
    }
    // A text the guard refuses before parsing is neither parsed nor registered.
    let deep = format!("{{ kelurahan(code: {}\"x\"{}) {{ code }} }}", "[".repeat(200), "]".repeat(200));
    let hash = sha256_hex(&deep);
    let body = post_body(&app, json!({ "query": deep, "extensions": persisted(&hash) })).await;
    assert_eq!(body["errors"][0]["extensions"]["code"], "QUERY_TOO_DEEP", "{body}");
    assert_eq!(get_persisted(&app, &hash).await.1["errors"][0]["extensions"]["code"], "PERSISTED_QUERY_NOT_FOUND");

    let admin = app.admin().await;
    let mutation = "mutation { revokeNothing: __typename }";
    let hash = sha256_hex(mutation);
    let request = Request::post("/graphql")
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::AUTHORIZATION, format!("Bearer {admin}"))
        .body(Body::from(json!({ "query": mutation, "extensions": persisted(&hash) }).to_string()))
        .unwrap();
    let body: Value = serde_json::from_slice(&bytes_of(send(&app, request).await).await).unwrap();
    assert_eq!(body["data"]["revokeNothing"], "Mutation", "{body}");
    let (status, _) = get_persisted(&app, &hash).await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED, "a persisted mutation must not run over GET");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_request_without_a_query_is_a_400() {
    let app = TestApp::new().await;
    for body in [json!({ "qeury": "{ __typename }" }), json!({ "query": "" }), json!({})] {
        let request = Request::post("/graphql").header(header::CONTENT_TYPE, "application/json");
        let response = send(&app, request.body(Body::from(body.to_string())).unwrap()).await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{body}");
        let answer: Value = serde_json::from_slice(&bytes_of(response).await).unwrap();
        assert_eq!(answer["errors"][0]["extensions"]["code"], "BAD_REQUEST", "{answer}");
    }
    assert_eq!(
        send(&app, Request::get("/graphql").body(Body::empty()).unwrap()).await.status(),
        StatusCode::BAD_REQUEST
    );
}
