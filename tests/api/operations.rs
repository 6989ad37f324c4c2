//! Operations: the access log and its request ids, Prometheus metrics, readiness and
//! liveness, and SQL traces that never hold a bound value.

use std::io::Write;
use std::sync::{Arc, Mutex, OnceLock};

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use axum::response::Response;
use http_body_util::BodyExt;
use serde_json::json;
use umkm_graph::server::config::EdgeConfig;

use crate::common::*;

const METRICS_TOKEN: &str = "scrape-3f9a1c";

fn with_metrics() -> EdgeConfig {
    EdgeConfig {
        rate_limit_per_minute: 0,
        public_rate_limit_per_minute: 0,
        metrics_token: Some(METRICS_TOKEN.into()),
        ..EdgeConfig::default()
    }
}

async fn send(app: &TestApp, request: Request<Body>) -> Response {
    tower::ServiceExt::oneshot(app.app.clone().router(), request).await.unwrap()
}

async fn text_of(response: Response) -> String {
    String::from_utf8(response.into_body().collect().await.unwrap().to_bytes().to_vec()).unwrap()
}

fn graphql_post() -> axum::http::request::Builder {
    Request::post("/graphql").header(header::CONTENT_TYPE, "application/json")
}

async fn scrape(app: &TestApp) -> String {
    let request = Request::get("/metrics").header(header::AUTHORIZATION, format!("Bearer {METRICS_TOKEN}"));
    let response = send(app, request.body(Body::empty()).unwrap()).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(response.headers()[header::CONTENT_TYPE].to_str().unwrap().starts_with("text/plain; version=0.0.4"));
    text_of(response).await
}

/// The value of the sample whose line starts with `series` (name and labels).
fn sample(metrics: &str, series: &str) -> f64 {
    let line =
        metrics.lines().find(|line| line.starts_with(series)).unwrap_or_else(|| panic!("no {series}:\n{metrics}"));
    line.rsplit(' ').next().unwrap().parse().unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metrics_count_requests_by_operation_and_outcome_with_latency_pool_batches_and_statements() {
    let app = TestApp::with_config(with_metrics()).await;
    let admin = app.admin().await;
    let group = register_group(&app, &admin, BESUSU_BARAT, "KUB Metrik").await;
    let named = "query KelurahanCodes { kecamatans { code kelurahans { code } } }";
    for _ in 0..2 {
        app.ok(None, named, json!({})).await;
    }
    let body = app.gql(None, "query Broken { noSuchField }", json!({})).await;
    assert_eq!(body["errors"][0]["extensions"]["code"], "GRAPHQL_VALIDATION_FAILED");
    let input = json!({ "groupId": group, "fullName": "X", "nik": "12345", "gender": "FEMALE", "role": "MEMBER",
        "skills": [] });
    let added = app.gql(Some(&admin), ADD_MEMBER, json!({ "input": input })).await;
    assert_eq!(added["data"]["addMember"]["userErrors"][0]["code"], "INVALID_NIK", "{added}");

    let metrics = scrape(&app).await;
    let requests = "umkm_graphql_requests_total";
    assert_eq!(sample(&metrics, &format!("{requests}{{operation=\"KelurahanCodes\",outcome=\"ok\"}}")), 2.0);
    assert_eq!(
        sample(&metrics, &format!("{requests}{{operation=\"anonymous\",outcome=\"ok\"}}")),
        1.0,
        "registerGroup"
    );
    let broken = format!("{requests}{{operation=\"Broken\",outcome=\"GRAPHQL_VALIDATION_FAILED\"}}");
    assert_eq!(sample(&metrics, &broken), 1.0);
    assert_eq!(sample(&metrics, &format!("{requests}{{operation=\"anonymous\",outcome=\"user_error\"}}")), 1.0);
    assert_eq!(sample(&metrics, "umkm_graphql_request_duration_seconds_count"), 5.0);
    assert_eq!(sample(&metrics, "umkm_graphql_request_duration_seconds_bucket{le=\"+Inf\"}"), 5.0);
    assert_eq!(sample(&metrics, "umkm_db_pool_connections{state=\"max\"}"), 10.0);
    assert_eq!(sample(&metrics, "umkm_db_pool_connections{state=\"in_use\"}"), 0.0);
    assert_eq!(sample(&metrics, "umkm_db_pool_connections{state=\"waiting\"}"), 0.0);
    assert!(sample(&metrics, "umkm_db_pool_connections{state=\"open\"}") >= 1.0);
    // The nested kelurahans of 8 kecamatans load in batches of 8 keys.
    assert!(sample(&metrics, "umkm_dataloader_batch_size_count") >= 2.0, "{metrics}");
    assert!(
        sample(&metrics, "umkm_dataloader_batch_size_bucket{le=\"5\"}")
            < sample(&metrics, "umkm_dataloader_batch_size_bucket{le=\"10\"}")
    );
    // Each request's statements are its own (a handful each), not the pool's running total.
    assert_eq!(sample(&metrics, "umkm_sql_statements_per_request_count"), 5.0);
    let statements = sample(&metrics, "umkm_sql_statements_per_request_sum");
    assert!((3.0..40.0).contains(&statements), "{statements}");
    assert_eq!(sample(&metrics, "umkm_http_responses_total{route=\"/graphql\",status=\"200\"}"), 5.0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metrics_need_their_own_token_and_are_off_without_one() {
    let app = TestApp::with_config(with_metrics()).await;
    let admin = app.admin().await;
    for token in [None, Some(admin.as_str()), Some("wrong")] {
        let mut request = Request::get("/metrics");
        if let Some(token) = token {
            request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
        }
        let response = send(&app, request.body(Body::empty()).unwrap()).await;
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
        assert_eq!(response.headers()[header::WWW_AUTHENTICATE], "Bearer");
    }
    let off = TestApp::new().await;
    let request = Request::get("/metrics").header(header::AUTHORIZATION, format!("Bearer {METRICS_TOKEN}"));
    assert_eq!(send(&off, request.body(Body::empty()).unwrap()).await.status(), StatusCode::NOT_FOUND);
}

/// Every log line of this test binary from here on, at TRACE for the crate's own targets.
fn captured_logs() -> Arc<Mutex<Vec<u8>>> {
    static LOGS: OnceLock<Arc<Mutex<Vec<u8>>>> = OnceLock::new();
    LOGS.get_or_init(|| {
        let logs = Arc::new(Mutex::new(Vec::new()));
        let sink = logs.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_env_filter(tracing_subscriber::EnvFilter::new(
                "umkm_graph=trace,diesel=trace,diesel_async=trace,deadpool=trace",
            ))
            .with_ansi(false)
            .with_writer(move || Sink(sink.clone()))
            .finish();
        tracing::subscriber::set_global_default(subscriber).expect("the only global subscriber");
        logs
    })
    .clone()
}

struct Sink(Arc<Mutex<Vec<u8>>>);

impl Write for Sink {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_request_logs_one_access_line_with_its_id_and_no_secret_or_personal_value() {
    let logs = captured_logs();
    let app = TestApp::new().await;
    let admin = app.admin().await;
    let group = register_group(&app, &admin, BESUSU_BARAT, "KUB Log").await;
    let nik = nik(3, 4, 88, true, 7391);
    let input = json!({ "groupId": group, "fullName": "Rahmawati Lamasitudju", "nik": nik, "gender": "FEMALE",
        "role": "CHAIR", "skills": ["CRAFT"], "phone": "0813 9988 7766", "address": "Jl. Rajamoli 9" });
    let request_id = format!("ops-{}", std::process::id());
    let body = json!({ "query": ADD_MEMBER, "variables": { "input": input }, "operationName": null }).to_string();
    let request = graphql_post()
        .header(header::AUTHORIZATION, format!("Bearer {admin}"))
        .header("x-request-id", &request_id)
        .body(Body::from(body))
        .unwrap();
    let response = send(&app, request).await;
    assert_eq!(response.headers()["x-request-id"], request_id.as_str(), "the id is echoed");
    let answer: serde_json::Value = serde_json::from_str(&text_of(response).await).unwrap();
    assert_eq!(answer["data"]["addMember"]["userErrors"], json!([]), "{answer}");
    let member = answer["data"]["addMember"]["member"]["id"].as_str().unwrap().to_string();
    let read = app
        .ok(
            Some(&admin),
            "query MemberNik($id: ID!) { node(id: $id) { ... on Member { nik phone } } }",
            json!({ "id": member }),
        )
        .await;
    assert_eq!(read["node"]["nik"], nik.as_str());

    // An id that could forge a log line is replaced by one of the server's own.
    let request = Request::get("/healthz").header("x-request-id", "evil id\" status=200").body(Body::empty()).unwrap();
    let response = send(&app, request).await;
    let fresh = response.headers()["x-request-id"].to_str().unwrap();
    assert!(fresh.len() == 32 && fresh.bytes().all(|b| b.is_ascii_hexdigit()), "{fresh}");

    let text = String::from_utf8_lossy(&logs.lock().unwrap()).into_owned();
    let lines: Vec<&str> = text.lines().filter(|line| line.contains(&format!("request_id={request_id} "))).collect();
    assert_eq!(lines.len(), 1, "one access line per request: {lines:#?}");
    let line = lines[0];
    for part in
        ["umkm_graph::access", "method=POST", "path=/graphql", "status=200", "role=ADMIN", "outcome=ok", "cost="]
    {
        assert!(line.contains(part), "{part} missing from {line}");
    }
    assert!(text.contains("operation=MemberNik"), "a named operation is logged by name");
    assert!(text.contains("umkm_graph::sql"), "SQL statements are traced");
    for secret in [nik.as_str(), admin.as_str(), "0813 9988 7766", "Rajamoli", "Lamasitudju"] {
        assert!(!text.contains(secret), "{secret} reached the log");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn readiness_needs_a_migrated_database_while_liveness_needs_only_the_process() {
    let app = TestApp::new().await;
    let get = |path: &str| Request::get(path).body(Body::empty()).unwrap();
    assert_eq!(app.http(get("/readyz")).await.0, StatusCode::OK);
    assert_eq!(app.http(get("/healthz")).await.0, StatusCode::OK);
    // A database that lacks this build's newest migration is not ready.
    let mut held = app.app.db.conn().await.unwrap();
    let conn = &mut held;
    let newest = "(SELECT MAX(version) FROM __diesel_schema_migrations)";
    let sql = format!("DELETE FROM __diesel_schema_migrations WHERE version = {newest}");
    let removed = umkm_graph::db_run!(conn: {
        diesel_async::RunQueryDsl::execute(diesel::sql_query(sql.as_str()), conn).await
    });
    assert_eq!(removed.unwrap(), 1);
    drop(held);
    let (status, body) = app.http(get("/readyz")).await;
    assert_eq!((status, body.as_str()), (StatusCode::SERVICE_UNAVAILABLE, "database not migrated\n"));
    assert_eq!(app.http(get("/healthz")).await.0, StatusCode::OK);
}
