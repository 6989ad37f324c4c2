//! `importFile` through the GraphQL multipart request spec over the real router, with the
//! sample files of `examples/`, and the `import` command.

mod cli;
mod groups;
mod products;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use serde_json::{Value, json};

use crate::common::TestApp;

pub const IMPORT: &str = "mutation($kind: ImportKind!, $file: Upload!, $dryRun: Boolean, $partial: Boolean) {
    importFile(kind: $kind, file: $file, dryRun: $dryRun, partial: $partial) {
        rows created unchanged refused recordsCreated written encoding errorCount
        errors { row column code message } reportCsv } }";

const BOUNDARY: &str = "umkm-graph-test-boundary";

/// A sample file of `examples/`.
pub fn example(name: &str) -> Vec<u8> {
    std::fs::read(format!("{}/examples/{name}", env!("CARGO_MANIFEST_DIR"))).expect("sample file")
}

/// A GraphQL multipart request body (operations, map, one file) for `query`, with the file
/// at `variables.file`.
pub fn multipart_body(query: &str, variables: Value, file: &[u8]) -> Vec<u8> {
    let operations = json!({ "query": query, "variables": variables }).to_string();
    let mut body = Vec::new();
    let part = |body: &mut Vec<u8>, headers: &str, content: &[u8]| {
        body.extend_from_slice(format!("--{BOUNDARY}\r\n{headers}\r\n\r\n").as_bytes());
        body.extend_from_slice(content);
        body.extend_from_slice(b"\r\n");
    };
    part(&mut body, "Content-Disposition: form-data; name=\"operations\"", operations.as_bytes());
    part(&mut body, "Content-Disposition: form-data; name=\"map\"", br#"{"0": ["variables.file"]}"#);
    part(
        &mut body,
        "Content-Disposition: form-data; name=\"0\"; filename=\"data.csv\"\r\nContent-Type: text/csv",
        file,
    );
    body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    body
}

/// Sends a multipart request as a client would; the status and the body as JSON.
pub async fn send_multipart(app: &TestApp, token: Option<&str>, language: &str, body: Vec<u8>) -> (StatusCode, Value) {
    let mut request = Request::post("/graphql")
        .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={BOUNDARY}"))
        .header(header::ACCEPT_LANGUAGE, language);
    if let Some(token) = token {
        request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
    }
    let (status, text) = app.http(request.body(Body::from(body)).unwrap()).await;
    (status, serde_json::from_str(&text).unwrap_or_else(|_| panic!("not JSON ({status}): {text}")))
}

/// Imports a file through `importFile`; the whole answer.
pub async fn import_with(app: &TestApp, token: Option<&str>, kind: &str, file: &[u8], extra: Value) -> Value {
    let mut variables = json!({ "kind": kind, "file": null });
    if let (Some(variables), Some(extra)) = (variables.as_object_mut(), extra.as_object()) {
        variables.extend(extra.clone());
    }
    let (status, body) = send_multipart(app, token, "en", multipart_body(IMPORT, variables, file)).await;
    assert_eq!(status, StatusCode::OK, "{body:#}");
    body
}

/// Imports a file as `token` (all or nothing); the payload.
pub async fn import(app: &TestApp, token: &str, kind: &str, file: &[u8]) -> Value {
    let body = import_with(app, Some(token), kind, file, json!({})).await;
    assert!(body["errors"].is_null(), "{body:#}");
    body["data"]["importFile"].clone()
}

/// Asserts that a payload refuses exactly `expected`, as (row, column, code), in order.
#[track_caller]
pub fn assert_refusals(payload: &Value, expected: &[(i64, &str, &str)]) {
    let expected: Vec<(i64, String, String)> =
        expected.iter().map(|(row, column, code)| (*row, column.to_string(), code.to_string())).collect();
    assert_eq!(refusals(payload), expected, "{payload:#}");
}

/// The (row, column, code) of a payload's refusals.
pub fn refusals(payload: &Value) -> Vec<(i64, String, String)> {
    payload["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .map(|e| {
            (
                e["row"].as_i64().unwrap(),
                e["column"].as_str().unwrap_or("").to_string(),
                e["code"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn multipart_needs_a_token_a_well_formed_body_and_a_size_within_the_limit() {
    let app = TestApp::with_config(umkm_graph::server::config::EdgeConfig {
        max_upload_bytes: 4096,
        rate_limit_per_minute: 0,
        public_rate_limit_per_minute: 0,
        ..Default::default()
    })
    .await;
    let admin = app.admin().await;
    let file = example("groups-valid.csv");
    let body = multipart_body(IMPORT, json!({ "kind": "GROUPS", "file": null }), &file);
    // A browser may send a form anywhere without a preflight: never without a token.
    let (status, answer) = send_multipart(&app, None, "id", body.clone()).await;
    assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE, "{answer:#}");
    assert_eq!(answer["errors"][0]["extensions"]["code"], "UNSUPPORTED_MEDIA_TYPE");
    assert!(answer["errors"][0]["message"].as_str().unwrap().contains("Authorization"));

    let (status, answer) = send_multipart(&app, Some(&admin), "en", b"--nothing here".to_vec()).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{answer:#}");
    assert_eq!(answer["errors"][0]["extensions"]["code"], "BAD_REQUEST");

    let big = multipart_body(IMPORT, json!({ "kind": "GROUPS", "file": null }), &vec![b'a'; 5000]);
    let (status, answer) = send_multipart(&app, Some(&admin), "en", big).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{answer:#}");
    assert_eq!(answer["errors"][0]["extensions"]["code"], "PAYLOAD_TOO_LARGE");

    // Within the limit, with a token: imported.
    let (status, answer) = send_multipart(&app, Some(&admin), "en", body).await;
    assert_eq!(status, StatusCode::OK, "{answer:#}");
    assert_eq!(answer["data"]["importFile"]["created"], 11, "{answer:#}");
}

#[tokio::test(flavor = "multi_thread")]
async fn only_admin_and_officers_import() {
    use umkm_graph::access::Role;
    let app = TestApp::new().await;
    let file = example("groups-valid.csv");
    // Without a token the edge refuses the request (above); a role that may not write: FORBIDDEN.
    let agency = app.token(Role::Agency, "OJK", &[]).await;
    let answer = import_with(&app, Some(&agency), "GROUPS", &file, json!({})).await;
    assert_eq!(crate::common::error_codes(&answer), ["FORBIDDEN"], "{answer:#}");
    assert!(answer["data"].is_null(), "{answer:#}");
}
