//! The public edge: requests an outsider can send that must neither crash, starve nor fool
//! the server. Each attack is refused with a clear code and the server answers afterwards.

use std::time::Duration;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use umkm_graph::access::Role;
use umkm_graph::server::config::EdgeConfig;

use crate::common::*;

fn unlimited() -> EdgeConfig {
    EdgeConfig { rate_limit_per_minute: 0, public_rate_limit_per_minute: 0, ..EdgeConfig::default() }
}

fn parse(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|_| panic!("not JSON: {text}"))
}

fn first_code(body: &Value) -> &str {
    body["errors"][0]["extensions"]["code"].as_str().unwrap_or_default()
}

/// POSTs `body` as it is, with `content_type` (if any).
async fn post_raw(app: &TestApp, content_type: Option<&str>, body: impl Into<Body>) -> (StatusCode, String) {
    let mut request = Request::post("/graphql");
    if let Some(content_type) = content_type {
        request = request.header(header::CONTENT_TYPE, content_type);
    }
    app.http(request.body(body.into()).unwrap()).await
}

/// A POST of `query` as a JSON GraphQL request.
fn graphql_post(query: &str) -> Request<Body> {
    Request::post("/graphql")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(json!({ "query": query }).to_string()))
        .unwrap()
}

/// The JSON body of a response.
async fn json_of(response: axum::response::Response) -> Value {
    let bytes = http_body_util::BodyExt::collect(response.into_body()).await.unwrap().to_bytes();
    parse(&String::from_utf8_lossy(&bytes))
}

async fn assert_healthy(app: &TestApp) {
    let (status, _) = app.http(Request::get("/healthz").body(Body::empty()).unwrap()).await;
    assert_eq!(status, StatusCode::OK, "the server must still answer");
    let data = app.ok(None, "{ kecamatans { code } }", json!({})).await;
    assert_eq!(data["kecamatans"].as_array().unwrap().len(), 8);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deeply_nested_argument_values_are_refused_before_parsing() {
    let app = TestApp::new().await;
    // 1,700 levels of '[' in a 12 KB GET URL used to overflow the parser's stack.
    let query = format!("{{ kelurahan(code: {}\"x\"{}) {{ code }} }}", "[".repeat(1_700), "]".repeat(1_700));
    let encoded: String = query
        .bytes()
        .map(|b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("%{b:02X}") })
        .collect();
    let uri = format!("/graphql?query={encoded}");
    let (status, text) = app.http(Request::get(uri).body(Body::empty()).unwrap()).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(first_code(&parse(&text)), "QUERY_TOO_DEEP", "{text}");

    // The same through variables.
    let mut deep = json!(1);
    for _ in 0..100 {
        deep = json!([deep]);
    }
    let body = app.gql(None, "query($v: [Int]) { kecamatans { code } }", json!({ "v": deep })).await;
    assert_eq!(first_code(&body), "QUERY_TOO_DEEP", "{body}");
    assert_healthy(&app).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn plain_lists_count_in_the_cost_and_every_response_reports_it() {
    let app = TestApp::new().await;
    let body = app.gql(None, "{ kecamatans { code } }", json!({})).await;
    assert_eq!(body["extensions"]["cost"], json!({ "requested": 9, "limit": 50_000 }), "{body}");
    // A kecamatan's kelurahan cost 46 each, whatever the data: 1 + 8 * (1 + 46 * 2).
    let body = app.gql(None, "{ kecamatans { kelurahans { code name } } }", json!({})).await;
    assert_eq!(body["extensions"]["cost"]["requested"], 745, "{body}");

    // Kecamatan.kelurahans <-> Kelurahan.kecamatan: 197 bytes that used to return 20 MB.
    let cycle = "{ kecamatans { kelurahans { kecamatan { kelurahans { kecamatan { kelurahans { kecamatan { \
                 kelurahans { name } } } } } } } } }";
    let (status, body) = app.post(None, cycle, json!({})).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(first_code(&body), "QUERY_TOO_COMPLEX", "{body}");
    assert!(body["errors"][0]["extensions"]["cost"]["requested"].as_u64().unwrap() > 50_000);
    assert!(body["data"].is_null());
    assert!(body.to_string().len() < 1_000, "a refusal is small");

    // The same field under many aliases, through a fragment, costs each time.
    let aliases: String = (0..80).map(|n| format!("k{n}: kecamatans {{ ...K }} ")).collect();
    let query = format!("{{ {aliases} }} fragment K on Kecamatan {{ kelurahans {{ code name }} }}");
    let body = app.gql(None, &query, json!({})).await;
    assert_eq!(first_code(&body), "QUERY_TOO_COMPLEX", "{body}");

    // Fragments that each spread the next twice: a few hundred bytes, 2^14 fields.
    let mut query = String::from("{ ...F0 }\n");
    for level in 0..14 {
        query.push_str(&format!("fragment F{level} on Query {{ a: kecamatans {{ code }} ...F{} }}\n", level + 1));
        query.push_str(&format!("fragment G{level} on Query {{ ...F{} }}\n", level + 1));
    }
    query = query.replace("...F1 }", "...F1 ...G0 }");
    query.push_str("fragment F14 on Query { kecamatans { code } }\n");
    let body = app.gql(None, &query, json!({})).await;
    assert!(body["errors"].as_array().is_some_and(|e| !e.is_empty()), "{body}");
    assert_healthy(&app).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn large_texts_directives_and_error_floods_are_bounded() {
    let app = TestApp::new().await;
    let directives = "@skip(if: false) ".repeat(1_000);
    let body = app.gql(None, &format!("{{ __typename {directives} }}"), json!({})).await;
    assert_eq!(body["errors"].as_array().unwrap().len(), 1, "{body}");
    assert_eq!(first_code(&body), "QUERY_TOO_LARGE");

    let long = format!("{{ kecamatans {{ code }} }} #{}", "x".repeat(40_000));
    let body = app.gql(None, &long, json!({})).await;
    assert_eq!(first_code(&body), "QUERY_TOO_LARGE", "{body}");

    // 60 unknown fields: 60 validation errors, of which 20 come back.
    let unknown: String = (0..60).map(|n| format!("f{n} ")).collect();
    let body = app.gql(None, &format!("{{ {unknown} }}"), json!({})).await;
    let errors = body["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 20, "{body}");
    assert_eq!(errors[19]["extensions"]["code"], "TOO_MANY_ERRORS");
    assert!(errors[..19].iter().all(|e| e["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"), "{body}");
    assert_healthy(&app).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_error_carries_a_code_and_real_locations() {
    let app = TestApp::new().await;
    let admin = app.admin().await;
    let cases: Vec<(Option<&str>, &str, Value, &str)> = vec![
        (None, "{ kecamatans { code }", json!({}), "GRAPHQL_PARSE_FAILED"),
        (None, "{ kecamatans { nope } }", json!({}), "GRAPHQL_VALIDATION_FAILED"),
        (None, "query A { __typename } query B { __typename }", json!({}), "GRAPHQL_VALIDATION_FAILED"),
        (
            Some(&admin),
            "mutation { createAidProgram(input: {name: \"X\", agency: \"Y\", year: 2026, kind: EQUIPMENT, \
             budget: -5}) { userErrors { code } } }",
            json!({}),
            "BAD_USER_INPUT",
        ),
        (
            Some(&admin),
            "mutation($b: Rupiah!) { createAidProgram(input: {name: \"X\", agency: \"Y\", year: 2026, \
             kind: EQUIPMENT, budget: $b}) { userErrors { code } } }",
            json!({ "b": 1.5 }),
            "BAD_USER_INPUT",
        ),
        (
            Some(&admin),
            "mutation($input: RegisterGroupInput!) { registerGroup(input: $input) { userErrors { code } } }",
            json!({ "input": { "kelurahanCode": BESUSU_BARAT, "name": "KUB", "sector": "FOOD_BEVERAGE",
                               "foundedOn": "30/11/2026" } }),
            "BAD_USER_INPUT",
        ),
    ];
    for (token, query, variables, code) in cases {
        let body = app.gql(token, query, variables).await;
        let errors = body["errors"].as_array().unwrap_or_else(|| panic!("no errors for {query}: {body}"));
        for error in errors {
            assert!(error["extensions"]["code"].is_string(), "an error without a code for {query}: {body}");
            for location in error["locations"].as_array().into_iter().flatten() {
                assert!(location["line"].as_u64().unwrap() >= 1, "line 0 for {query}: {body}");
            }
        }
        let codes = error_codes(&body);
        assert!(codes.iter().any(|c| c == code), "{query}: expected {code}, got {body}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_json_posts_within_the_body_limit_are_read() {
    let app = TestApp::with_config(EdgeConfig { max_body_bytes: 64 * 1024, ..unlimited() }).await;
    let query = r#"{"query":"{ __typename }"}"#;
    for content_type in [Some("text/plain"), Some("multipart/form-data; boundary=x"), None] {
        let (status, text) = post_raw(&app, content_type, query).await;
        assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE, "{content_type:?}");
        assert_eq!(first_code(&parse(&text)), "UNSUPPORTED_MEDIA_TYPE");
    }
    let (status, _) = post_raw(&app, Some("application/json; charset=utf-8"), query).await;
    assert_eq!(status, StatusCode::OK);

    let padded = format!(r#"{{"query":"{{ __typename }}","extensions":{{"pad":"{}"}}}}"#, "x".repeat(200 * 1024));
    let (status, text) = post_raw(&app, Some("application/json"), padded).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(first_code(&parse(&text)), "PAYLOAD_TOO_LARGE");

    let (status, text) = post_raw(&app, Some("application/json"), "{not json").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(first_code(&parse(&text)), "BAD_REQUEST");
    assert_healthy(&app).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rate_limits_apply_per_token_and_per_address_but_not_to_admin() {
    let config = EdgeConfig {
        rate_limit_per_minute: 2,
        public_rate_limit_per_minute: 3,
        trust_forwarded_for: true,
        ..EdgeConfig::default()
    };
    let app = TestApp::with_config(config).await;
    let from = |address: &'static str| {
        let mut request = graphql_post("{ __typename }");
        request.headers_mut().insert("x-forwarded-for", axum::http::HeaderValue::from_static(address));
        request
    };
    for _ in 0..3 {
        assert_eq!(app.http(from("203.0.113.7")).await.0, StatusCode::OK);
    }
    let response = tower::ServiceExt::oneshot(app.app.clone().router(), from("203.0.113.7")).await.unwrap();
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    let wait: u64 = response.headers()[header::RETRY_AFTER].to_str().unwrap().parse().unwrap();
    assert!((1..=60).contains(&wait));
    // Another address has its own allowance.
    assert_eq!(app.http(from("198.51.100.9")).await.0, StatusCode::OK);

    let officer = app.token(Role::Officer, "Lurah Besusu Barat", &[BESUSU_BARAT]).await;
    for _ in 0..2 {
        assert_eq!(app.post(Some(&officer), "{ __typename }", json!({})).await.0, StatusCode::OK);
    }
    let (status, body) = app.post(Some(&officer), "{ __typename }", json!({})).await;
    assert_eq!((status, first_code(&body)), (StatusCode::TOO_MANY_REQUESTS, "RATE_LIMITED"));

    let admin = app.admin().await;
    for _ in 0..10 {
        assert_eq!(app.post(Some(&admin), "{ __typename }", json!({})).await.0, StatusCode::OK);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unavailable_database_is_a_retryable_503() {
    let app = TestApp::with_config(EdgeConfig { db_pool_size: 1, db_wait_timeout_secs: 1, ..unlimited() }).await;
    let held = app.app.db.conn().await.unwrap();
    let response =
        tower::ServiceExt::oneshot(app.app.clone().router(), graphql_post("{ kecamatans { code } }")).await.unwrap();
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert!(response.headers().contains_key(header::RETRY_AFTER));
    let (status, _) = app.http(Request::get("/readyz").body(Body::empty()).unwrap()).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "not ready while no connection can be had");
    let (status, _) = app.http(Request::get("/healthz").body(Body::empty()).unwrap()).await;
    assert_eq!(status, StatusCode::OK, "alive all the same");
    let (_, body) = app.post(None, "{ kecamatans { code } }", json!({})).await;
    assert_eq!(first_code(&body), "UNAVAILABLE", "{body}");
    drop(held);
    assert_healthy(&app).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn requests_beyond_the_concurrency_bound_or_the_time_limit_get_503() {
    let config = EdgeConfig {
        db_pool_size: 1,
        db_wait_timeout_secs: 30,
        max_concurrent_requests: 1,
        request_timeout_secs: 5,
        ..unlimited()
    };
    let app = TestApp::with_config(config).await;
    let held = app.app.db.conn().await.unwrap();
    let router = app.app.clone().router();
    // A first request that waits for the database holds the only slot; a second request sent
    // meanwhile is refused at once. (If the probe happens to take the slot first, the slow
    // request is the one refused: start again.)
    let mut attempt = None;
    for _ in 0..5 {
        let waiting = tokio::spawn(tower::ServiceExt::oneshot(router.clone(), graphql_post("{ kecamatans { code } }")));
        tokio::time::sleep(Duration::from_millis(300)).await;
        let response = tower::ServiceExt::oneshot(router.clone(), graphql_post("{ __typename }")).await.unwrap();
        if response.status() == StatusCode::SERVICE_UNAVAILABLE {
            attempt = Some((waiting, json_of(response).await));
            break;
        }
        let _ = waiting.await;
    }
    let (waiting, overloaded) = attempt.expect("a second request was refused while the first held the slot");
    assert_eq!(first_code(&overloaded), "OVERLOADED");
    // The first runs out of time and its work is dropped.
    let timed_out = waiting.await.unwrap().unwrap();
    assert_eq!(timed_out.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(first_code(&json_of(timed_out).await), "TIMEOUT");
    drop(held);
    assert_healthy(&app).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cors_admits_configured_origins_only() {
    let app = TestApp::with_config(EdgeConfig {
        cors_allowed_origins: vec!["https://dashboard.palukota.go.id".into()],
        ..unlimited()
    })
    .await;
    let preflight = |origin: &str| {
        Request::options("/graphql")
            .header(header::ORIGIN, origin)
            .header(header::ACCESS_CONTROL_REQUEST_METHOD, "POST")
            .header(header::ACCESS_CONTROL_REQUEST_HEADERS, "authorization,content-type")
            .body(Body::empty())
            .unwrap()
    };
    let router = app.app.clone().router();
    let allowed =
        tower::ServiceExt::oneshot(router.clone(), preflight("https://dashboard.palukota.go.id")).await.unwrap();
    assert!(allowed.status().is_success());
    assert_eq!(allowed.headers()[header::ACCESS_CONTROL_ALLOW_ORIGIN], "https://dashboard.palukota.go.id");
    let allowed_headers = allowed.headers()[header::ACCESS_CONTROL_ALLOW_HEADERS].to_str().unwrap().to_lowercase();
    assert!(allowed_headers.contains("authorization") && allowed_headers.contains("content-type"));
    let refused = tower::ServiceExt::oneshot(router.clone(), preflight("https://elsewhere.example")).await.unwrap();
    assert!(!refused.headers().contains_key(header::ACCESS_CONTROL_ALLOW_ORIGIN));

    // The real request of the allowed page, with a bearer token.
    let admin = app.admin().await;
    let request = Request::post("/graphql")
        .header(header::ORIGIN, "https://dashboard.palukota.go.id")
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::AUTHORIZATION, format!("Bearer {admin}"))
        .body(Body::from(r#"{"query":"{ viewer { role } }"}"#))
        .unwrap();
    let response = tower::ServiceExt::oneshot(router, request).await.unwrap();
    assert_eq!(response.headers()[header::ACCESS_CONTROL_ALLOW_ORIGIN], "https://dashboard.palukota.go.id");

    // Without configuration, no origin is admitted.
    let same_origin_only = TestApp::new().await;
    let response = tower::ServiceExt::oneshot(same_origin_only.app.clone().router(), preflight("https://x.example"))
        .await
        .unwrap();
    assert!(!response.headers().contains_key(header::ACCESS_CONTROL_ALLOW_ORIGIN));
}

/// The real server on a loopback port, stopped by dropping the returned sender.
async fn serve(
    app: &TestApp,
    config: EdgeConfig,
) -> (std::net::SocketAddr, tokio::sync::oneshot::Sender<()>, tokio::task::JoinHandle<()>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let router = app.app.clone().router();
    let server = tokio::spawn(async move {
        umkm_graph::server::listen::serve(listener, router, &config, async move {
            let _ = stopped.await;
        })
        .await;
    });
    (address, stop, server)
}

/// Whether the server closes `socket` within `within` (reading what it still sends).
async fn closed_within(socket: &mut tokio::net::TcpStream, within: Duration) -> bool {
    let mut buffer = [0u8; 4096];
    let deadline = tokio::time::Instant::now() + within;
    loop {
        match tokio::time::timeout_at(deadline, socket.read(&mut buffer)).await {
            Ok(Ok(0)) | Ok(Err(_)) => return true,
            Ok(Ok(_)) => continue,
            Err(_) => return false,
        }
    }
}

async fn healthz_over_tcp(address: std::net::SocketAddr) -> String {
    let mut socket = tokio::net::TcpStream::connect(address).await.unwrap();
    socket.write_all(b"GET /healthz HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n").await.unwrap();
    let mut answer = String::new();
    tokio::time::timeout(Duration::from_secs(10), socket.read_to_string(&mut answer)).await.unwrap().unwrap();
    answer
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slow_idle_and_surplus_connections_are_closed() {
    let app = TestApp::new().await;
    let config = EdgeConfig {
        header_read_timeout_secs: 1,
        idle_timeout_secs: 2,
        max_connections: 2,
        shutdown_grace_secs: 1,
        ..unlimited()
    };
    let (address, stop, server) = serve(&app, config).await;

    // Headers that never end.
    let mut slow = tokio::net::TcpStream::connect(address).await.unwrap();
    slow.write_all(b"GET /healthz HTTP/1.1\r\nHost: t\r\n").await.unwrap();
    assert!(closed_within(&mut slow, Duration::from_secs(10)).await, "a half-sent request was kept open");

    // A kept-alive connection that goes quiet after its request.
    let mut idle = tokio::net::TcpStream::connect(address).await.unwrap();
    idle.write_all(b"GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n").await.unwrap();
    assert!(closed_within(&mut idle, Duration::from_secs(10)).await, "an idle connection was kept open");

    // Two connections held open: a third is closed at once, and served again once they go.
    let first = tokio::net::TcpStream::connect(address).await.unwrap();
    let second = tokio::net::TcpStream::connect(address).await.unwrap();
    tokio::time::sleep(Duration::from_millis(200)).await;
    let mut third = tokio::net::TcpStream::connect(address).await.unwrap();
    assert!(closed_within(&mut third, Duration::from_millis(900)).await, "a connection over the cap was kept");
    drop((first, second));
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(healthz_over_tcp(address).await.contains("200 OK"));

    // A half-sent request does not hold the server up when it is told to stop.
    let mut pending = tokio::net::TcpStream::connect(address).await.unwrap();
    pending.write_all(b"POST /graphql HTTP/1.1\r\nHost: t\r\nContent-Length: 100\r\n\r\n{").await.unwrap();
    drop(stop);
    tokio::time::timeout(Duration::from_secs(10), server).await.expect("the server stopped").unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_work_of_a_client_that_went_away_is_dropped() {
    let config = EdgeConfig {
        db_pool_size: 1,
        db_wait_timeout_secs: 60,
        request_timeout_secs: 60,
        max_concurrent_requests: 1,
        ..unlimited()
    };
    let app = TestApp::with_config(config.clone()).await;
    // The database is busy: a query waits for it while holding the only request slot.
    let _held = app.app.db.conn().await.unwrap();
    let (address, stop, server) = serve(&app, config).await;
    let body = r#"{"query":"{ kecamatans { code } }"}"#;
    let request = format!(
        "POST /graphql HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    let mut waiting = tokio::net::TcpStream::connect(address).await.unwrap();
    waiting.write_all(request.as_bytes()).await.unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;
    let probe = "POST /graphql HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nContent-Length: 26\r\nConnection: close\r\n\r\n{\"query\":\"{ __typename }\"}";
    let answer = |probe: &'static str| async move {
        let mut socket = tokio::net::TcpStream::connect(address).await.unwrap();
        socket.write_all(probe.as_bytes()).await.unwrap();
        let mut text = String::new();
        tokio::time::timeout(Duration::from_secs(10), socket.read_to_string(&mut text)).await.unwrap().unwrap();
        text
    };
    assert!(answer(probe).await.contains("OVERLOADED"), "the slot is taken while the client waits");
    // The client gives up: its request is dropped and the slot is free long before any timeout.
    drop(waiting);
    let mut freed = false;
    for _ in 0..50 {
        if answer(probe).await.starts_with("HTTP/1.1 200") {
            freed = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(freed, "the request of a client that went away kept its slot");
    drop(stop);
    let _ = tokio::time::timeout(Duration::from_secs(10), server).await;
}
