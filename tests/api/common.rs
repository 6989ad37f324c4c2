//! The test harness: the real router, in process, over a database of its own per test.
//!
//! `TEST_DATABASE=postgres` runs the suite on PostgreSQL (a fresh database per test, made
//! through `TEST_POSTGRES_URL`, default the local server's unix socket); anything else, or
//! nothing, runs it on a fresh SQLite file per test. Either way each test's database is a
//! copy of a template migrated once per run (see [`template`]).

#![allow(dead_code)]

mod reaper;
mod template;

use std::sync::atomic::{AtomicU32, Ordering};

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode, header};
use diesel_async::{AsyncConnection, AsyncPgConnection, SimpleAsyncConnection};
use http_body_util::BodyExt;
use serde_json::{Value, json};
use tower::ServiceExt;
use umkm_graph::access::Role;
use umkm_graph::access::token::{self, TokenSpec};
use umkm_graph::financing::lenders::model as lenders;
use umkm_graph::ids::LenderId;
use umkm_graph::server::App;
use umkm_graph::server::config::EdgeConfig;

const DEFAULT_POSTGRES: &str = "postgres://postgres@localhost/postgres?host=/var/run/postgresql";

static NEXT: AtomicU32 = AtomicU32::new(0);

enum Store {
    Sqlite(std::path::PathBuf),
    Postgres { admin_url: String, name: String },
}

/// One test's application and database.
pub struct TestApp {
    pub app: App,
    pub url: String,
    pub router: Router,
    store: Store,
}

pub fn on_postgres() -> bool {
    std::env::var("TEST_DATABASE").is_ok_and(|v| v.eq_ignore_ascii_case("postgres"))
}

fn unique_name() -> String {
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.subsec_nanos());
    format!("umkm_test_{}_{}_{}", std::process::id(), NEXT.fetch_add(1, Ordering::Relaxed), nanos)
}

/// `admin_url` with its database name replaced by `name`.
fn with_database(admin_url: &str, name: &str) -> String {
    let (base, params) = admin_url.split_once('?').map_or((admin_url, None), |(b, p)| (b, Some(p)));
    let root = base.rsplit_once('/').map_or(base, |(root, _)| root);
    match params {
        Some(params) => format!("{root}/{name}?{params}"),
        None => format!("{root}/{name}"),
    }
}

impl TestApp {
    /// A started application (migrated, geography loaded) over a fresh database, with the
    /// default edge settings but no rate limits (tests send many requests from one place).
    pub async fn new() -> Self {
        Self::with_config(EdgeConfig {
            rate_limit_per_minute: 0,
            public_rate_limit_per_minute: 0,
            ..EdgeConfig::default()
        })
        .await
    }

    /// Like [`TestApp::new`], with these edge settings.
    pub async fn with_config(config: EdgeConfig) -> Self {
        let name = unique_name();
        let (url, store) = if on_postgres() {
            let admin_url = std::env::var("TEST_POSTGRES_URL").unwrap_or_else(|_| DEFAULT_POSTGRES.to_string());
            let template = template::postgres(&admin_url);
            let mut admin = AsyncPgConnection::establish(&admin_url).await.expect("connect to PostgreSQL for tests");
            let create = format!("CREATE DATABASE {name} TEMPLATE {template}");
            admin.batch_execute(&create).await.expect("create test database");
            (with_database(&admin_url, &name), Store::Postgres { admin_url, name })
        } else {
            let path = std::env::temp_dir().join(format!("{name}.db"));
            std::fs::copy(template::sqlite(), &path).expect("copy the template database");
            (format!("sqlite://{}", path.display()), Store::Sqlite(path))
        };
        let app = App::start_with(&url, config).await.expect("start the application");
        let router = app.clone().router();
        TestApp { app, url, router, store }
    }

    /// Sends one HTTP request to the router.
    pub async fn http(&self, request: Request<Body>) -> (StatusCode, String) {
        let response = self.router.clone().oneshot(request).await.expect("router answers");
        let status = response.status();
        let bytes = response.into_body().collect().await.expect("body").to_bytes();
        (status, String::from_utf8_lossy(&bytes).into_owned())
    }

    /// POSTs a GraphQL request as a client would; returns the HTTP status and the JSON body.
    pub async fn post(&self, token: Option<&str>, query: &str, variables: Value) -> (StatusCode, Value) {
        let mut request = Request::post("/graphql").header(header::CONTENT_TYPE, "application/json");
        if let Some(token) = token {
            request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
        }
        let body = json!({ "query": query, "variables": variables }).to_string();
        let (status, text) = self.http(request.body(Body::from(body)).unwrap()).await;
        let json = serde_json::from_str(&text).unwrap_or_else(|_| panic!("not JSON ({status}): {text}"));
        (status, json)
    }

    /// POSTs a GraphQL request with extra headers; returns the status, the answer's headers
    /// and the JSON body.
    pub async fn post_with(
        &self,
        headers: &[(&str, &str)],
        query: &str,
        variables: Value,
    ) -> (StatusCode, HeaderMap, Value) {
        let mut request = Request::post("/graphql").header(header::CONTENT_TYPE, "application/json");
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let body = json!({ "query": query, "variables": variables }).to_string();
        let response = self.router.clone().oneshot(request.body(Body::from(body)).unwrap()).await.expect("answer");
        let (status, headers) = (response.status(), response.headers().clone());
        let bytes = response.into_body().collect().await.expect("body").to_bytes();
        let json = serde_json::from_slice(&bytes).unwrap_or_else(|_| panic!("not JSON ({status}): {bytes:?}"));
        (status, headers, json)
    }

    /// The JSON body of a GraphQL request.
    pub async fn gql(&self, token: Option<&str>, query: &str, variables: Value) -> Value {
        self.post(token, query, variables).await.1
    }

    /// The `data` of a request that must not fail.
    pub async fn ok(&self, token: Option<&str>, query: &str, variables: Value) -> Value {
        let body = self.gql(token, query, variables).await;
        assert!(body.get("errors").is_none(), "unexpected errors: {body:#}");
        body["data"].clone()
    }

    /// Makes a token as `umkm-graph token create` does and returns its secret. A LENDER
    /// token acts for a lender of its own name, registered here.
    pub async fn token(&self, role: Role, name: &str, kelurahans: &[&str]) -> String {
        let lender = match role {
            Role::Lender => Some(self.lender(name).await),
            _ => None,
        };
        self.token_for(role, name, kelurahans, lender).await
    }

    /// A LENDER token acting for `lender`.
    pub async fn lender_token(&self, lender: LenderId, name: &str) -> String {
        self.token_for(Role::Lender, name, &[], Some(lender)).await
    }

    async fn token_for(&self, role: Role, name: &str, kelurahans: &[&str], lender_id: Option<LenderId>) -> String {
        let spec = TokenSpec {
            role,
            name: name.to_string(),
            kelurahan_codes: kelurahans.iter().map(|c| c.to_string()).collect(),
            lender_id,
            grants: Vec::new(),
        };
        let mut conn = self.app.db.conn().await.unwrap();
        token::create(&mut conn, &spec).await.expect("token").1
    }

    /// The lender named `name`, registered as a BANK (straight into the database) when there
    /// is none yet.
    pub async fn lender(&self, name: &str) -> LenderId {
        let mut conn = self.app.db.conn().await.unwrap();
        if let Some(id) = lenders::lender_id_by_name(&mut conn, name).await.expect("look up lender") {
            return id;
        }
        let now = umkm_graph::clock::now_utc();
        let new = lenders::NewLender {
            fields: lenders::LenderFields {
                name: name.to_string(),
                kind: lenders::LenderKind::Bank,
                ojk_license_number: None,
                contact_phone: None,
                contact_email: None,
                address: None,
            },
            created_at: now,
            updated_at: now,
        };
        lenders::insert_lender(&mut conn, &new).await.expect("lender").id
    }

    pub async fn admin(&self) -> String {
        self.token(Role::Admin, "Dinas test admin", &[]).await
    }

    /// SQL statements sent so far by this application.
    pub fn statements(&self) -> u64 {
        self.app.db.statements_executed()
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        match &self.store {
            Store::Sqlite(path) => {
                for suffix in ["", "-wal", "-shm"] {
                    let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
                }
            }
            Store::Postgres { admin_url, name } => reaper::drop_later(admin_url, name.clone()),
        }
    }
}

/// The `extensions.code` of every top-level error.
pub fn error_codes(body: &Value) -> Vec<String> {
    body["errors"]
        .as_array()
        .map(|errors| errors.iter().map(|e| e["extensions"]["code"].as_str().unwrap_or("").to_string()).collect())
        .unwrap_or_default()
}

/// The `code`s of a payload's `userErrors`.
pub fn user_error_codes(payload: &Value) -> Vec<String> {
    payload["userErrors"]
        .as_array()
        .expect("userErrors")
        .iter()
        .map(|e| e["code"].as_str().unwrap().to_string())
        .collect()
}

/// A NIK valid in form: region 727101, the birth date (day + 40 for women), a serial.
pub fn nik(day: u32, month: u32, year: u32, female: bool, serial: u32) -> String {
    let day = if female { day + 40 } else { day };
    format!("727101{day:02}{month:02}{:02}{serial:04}", year % 100)
}

pub const BESUSU_BARAT: &str = "72.71.01.1004";
pub const BESUSU_TENGAH: &str = "72.71.01.1006";
pub const TALISE: &str = "72.71.08.1003";

pub const REGISTER_GROUP: &str = "mutation($input: RegisterGroupInput!) { registerGroup(input: $input) {
    group { id registrationNumber name sector status foundedOn nib kelurahan { code } }
    userErrors { field message code } } }";

pub const ADD_MEMBER: &str = "mutation($input: AddMemberInput!) { addMember(input: $input) {
    member { id fullName gender role skills group { id } }
    userErrors { field message code } } }";

/// Registers a group (as `token`) and returns its global id.
pub async fn register_group(app: &TestApp, token: &str, kelurahan: &str, name: &str) -> String {
    let data = app
        .ok(
            Some(token),
            REGISTER_GROUP,
            json!({ "input": { "kelurahanCode": kelurahan, "name": name, "sector": "FOOD_BEVERAGE" } }),
        )
        .await;
    assert_eq!(data["registerGroup"]["userErrors"], json!([]), "{data:#}");
    data["registerGroup"]["group"]["id"].as_str().unwrap().to_string()
}

/// Adds a member (as `token`) and returns its global id.
pub async fn add_member(app: &TestApp, token: &str, group: &str, name: &str, role: &str, serial: u32) -> String {
    let female = serial.is_multiple_of(2);
    let input = json!({
        "groupId": group, "fullName": name, "nik": nik(1 + serial % 28, 1 + serial % 12, 80 + serial % 20, female, serial),
        "gender": if female { "FEMALE" } else { "MALE" }, "role": role, "skills": ["FOOD_BEVERAGE"],
        "phone": "0812-3456-7890", "address": "Jl. Sisingamangaraja No. 1, Palu"
    });
    let data = app.ok(Some(token), ADD_MEMBER, json!({ "input": input })).await;
    assert_eq!(data["addMember"]["userErrors"], json!([]), "{data:#}");
    data["addMember"]["member"]["id"].as_str().unwrap().to_string()
}

/// Runs the real `umkm-graph` binary against the test's database.
pub async fn umkm_graph(url: &str, args: &[&str]) -> std::process::Output {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_umkm-graph"));
    command.arg("--database-url").arg(url).args(args).env_remove("DATABASE_URL").env("RUST_LOG", "warn");
    tokio::task::spawn_blocking(move || command.output()).await.expect("join").expect("run umkm-graph")
}
