//! Who may see and do what: the privacy matrix of members' personal data (UU PDP 27/2022),
//! the registry mutations per role, bearer tokens that must not authenticate, and the
//! `token` command of the real binary.

use axum::body::Body;
use axum::http::{HeaderValue, Request, StatusCode, header};
use serde_json::{Value, json};
use umkm_graph::access::{Role, token};

use crate::common::{
    ADD_MEMBER, BESUSU_BARAT, BESUSU_TENGAH, REGISTER_GROUP, TestApp, add_member, error_codes, nik, register_group,
    umkm_graph, user_error_codes,
};

const PERSONAL_FIELDS: [&str; 4] = ["nik", "phone", "address", "birthDate"];

const MEMBER_NODE: &str =
    "query($id: ID!) { node(id: $id) { ... on Member { fullName nik phone address birthDate } } }";
const GROUP_MEMBERS: &str = "{ groups { nodes { members { nodes { fullName nik phone address birthDate } } } } }";
const MEMBERS: &str = "{ members { nodes { fullName nik phone address birthDate } } }";
const VIEWER: &str = "{ viewer { role name kelurahanCodes } }";

const UPDATE_MEMBER: &str = "mutation($input: UpdateMemberInput!) { updateMember(input: $input) {
    member { id fullName phone } userErrors { field message code } } }";
const REMOVE_MEMBER: &str = "mutation($input: RemoveMemberInput!) { removeMember(input: $input) {
    removedMemberId userErrors { field message code } } }";

/// `value` at a JSON pointer, `null` when absent (a parent nulled by an error counts as null).
fn at<'a>(value: &'a Value, pointer: &str) -> &'a Value {
    value.pointer(pointer).unwrap_or(&Value::Null)
}

/// One caller of the matrix: a role, and its token (none for PUBLIC).
struct Caller {
    label: &'static str,
    token: Option<String>,
    sees: Sees,
}

/// What a caller is entitled to see of a member of a BESUSU_BARAT group.
#[derive(Clone, Copy)]
enum Sees {
    /// The record and its personal data.
    Everything,
    /// The record, with each personal field null and FORBIDDEN.
    NoPersonalData,
    /// Not even the record: the member list or node is refused with this code.
    Nothing(&'static str),
}

/// The tokens of every role, as the tests here use them.
struct Tokens {
    admin: String,
    officer_barat: String,
    officer_tengah: String,
    lender: String,
    agency: String,
}

impl Tokens {
    async fn new(app: &TestApp) -> Self {
        Tokens {
            admin: app.admin().await,
            officer_barat: app.token(Role::Officer, "Fasilitator Besusu Barat", &[BESUSU_BARAT]).await,
            officer_tengah: app.token(Role::Officer, "Fasilitator Besusu Tengah", &[BESUSU_TENGAH]).await,
            lender: app.token(Role::Lender, "Bank Sulteng", &[]).await,
            agency: app.token(Role::Agency, "Dinas Sosial", &[]).await,
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn personal_data_is_shown_only_to_admin_and_the_officer_of_the_kelurahan() {
    let app = TestApp::new().await;
    let tokens = Tokens::new(&app).await;
    let group = register_group(&app, &tokens.admin, BESUSU_BARAT, "KUBE Sagu Lemba").await;
    // A woman born 17 August 1985: the NIK carries the day plus 40.
    let member_nik = nik(17, 8, 1985, true, 7);
    let input = json!({
        "groupId": group, "fullName": "Siti Aminah", "nik": member_nik, "gender": "FEMALE", "role": "CHAIR",
        "skills": ["FOOD_BEVERAGE"], "phone": "0812-3456-7890", "address": "Jl. Sisingamangaraja No. 1, Palu"
    });
    let data = app.ok(Some(&tokens.admin), ADD_MEMBER, json!({ "input": input })).await;
    assert_eq!(data["addMember"]["userErrors"], json!([]), "{data:#}");
    let member = data["addMember"]["member"]["id"].as_str().unwrap().to_string();

    let expected = json!({
        "fullName": "Siti Aminah", "nik": member_nik, "phone": "+6281234567890",
        "address": "Jl. Sisingamangaraja No. 1, Palu", "birthDate": "1985-08-17"
    });
    let callers = [
        Caller { label: "ADMIN", token: Some(tokens.admin.clone()), sees: Sees::Everything },
        Caller { label: "OFFICER of Besusu Barat", token: Some(tokens.officer_barat), sees: Sees::Everything },
        Caller { label: "OFFICER of Besusu Tengah", token: Some(tokens.officer_tengah), sees: Sees::NoPersonalData },
        Caller { label: "LENDER", token: Some(tokens.lender), sees: Sees::NoPersonalData },
        Caller { label: "AGENCY", token: Some(tokens.agency), sees: Sees::Nothing("FORBIDDEN") },
        Caller { label: "PUBLIC", token: None, sees: Sees::Nothing("UNAUTHENTICATED") },
    ];
    // The same member reached three ways: by node, through its group, through `members`.
    let reads = [
        Read { label: "node", query: MEMBER_NODE, record: "/data/node", path: json!(["node"]), refused: "node" },
        Read {
            label: "groups.members",
            query: GROUP_MEMBERS,
            record: "/data/groups/nodes/0/members/nodes/0",
            path: json!(["groups", "nodes", 0, "members", "nodes", 0]),
            refused: "members",
        },
        Read {
            label: "members",
            query: MEMBERS,
            record: "/data/members/nodes/0",
            path: json!(["members", "nodes", 0]),
            refused: "members",
        },
    ];
    for caller in &callers {
        for read in &reads {
            let body = app.gql(caller.token.as_deref(), read.query, json!({ "id": member })).await;
            check_read(&body, &format!("{} reading {}", caller.label, read.label), caller.sees, read, &expected);
        }
    }
}

/// One way of reading the member.
struct Read {
    label: &'static str,
    query: &'static str,
    /// JSON pointer of the member's record in the response.
    record: &'static str,
    /// The GraphQL `path` of the record.
    path: Value,
    /// The last element of the error `path` when the caller may not see members at all.
    refused: &'static str,
}

fn check_read(body: &Value, who: &str, sees: Sees, read: &Read, expected: &Value) {
    let record = read.record;
    match sees {
        Sees::Everything => {
            assert!(body.get("errors").is_none(), "{who}: unexpected errors: {body:#}");
            for field in ["fullName"].into_iter().chain(PERSONAL_FIELDS) {
                assert_eq!(at(body, &format!("{record}/{field}")), &expected[field], "{who}, {field}: {body:#}");
            }
        }
        Sees::NoPersonalData => {
            assert_eq!(at(body, &format!("{record}/fullName")), "Siti Aminah", "{who}, fullName: {body:#}");
            let errors = body["errors"].as_array().cloned().unwrap_or_default();
            assert_eq!(errors.len(), PERSONAL_FIELDS.len(), "{who}: one error per personal field: {body:#}");
            for field in PERSONAL_FIELDS {
                // Present and null, as the contract says, not left out.
                let value = body.pointer(&format!("{record}/{field}"));
                assert_eq!(value, Some(&Value::Null), "{who}, {field} not an explicit null: {body:#}");
                let mut path = read.path.as_array().unwrap().clone();
                path.push(json!(field));
                let path = Value::Array(path);
                let error = errors.iter().find(|e| e["path"] == path);
                let error = error.unwrap_or_else(|| panic!("{who}, {field}: no error at {path}: {body:#}"));
                assert_eq!(error["extensions"]["code"], "FORBIDDEN", "{who}, {field}: {body:#}");
            }
        }
        Sees::Nothing(code) => {
            assert_eq!(error_codes(body), [code], "{who}: {body:#}");
            let path = body["errors"][0]["path"].as_array().cloned().unwrap_or_default();
            assert_eq!(path.last(), Some(&json!(read.refused)), "{who}: error path: {body:#}");
            // async-graphql nulls the refused field's nearest object rather than bubbling the
            // null up through non-null parents; either way there is nothing at the error's path.
            let pointer: String =
                path.iter().map(|p| format!("/{}", p.as_str().map_or(p.to_string(), str::to_string))).collect();
            assert!(at(body, &format!("/data{pointer}")).is_null(), "{who}: data at {pointer}: {body:#}");
            assert!(!body.to_string().contains("Siti Aminah"), "{who}: name leaked: {body:#}");
        }
    }
}

/// Asserts that a mutation was refused with a top-level error of `code` and wrote no payload.
fn assert_refused(body: &Value, mutation: &str, code: &str, who: &str) {
    assert_eq!(error_codes(body), [code], "{mutation} as {who}: {body:#}");
    assert!(at(body, &format!("/data/{mutation}")).is_null(), "{mutation} as {who}: payload returned: {body:#}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn register_group_is_for_admin_and_the_officer_of_the_kelurahan() {
    let app = TestApp::new().await;
    let tokens = Tokens::new(&app).await;
    let cases = [
        ("PUBLIC", None, Some("UNAUTHENTICATED")),
        ("LENDER", Some(&tokens.lender), Some("FORBIDDEN")),
        ("AGENCY", Some(&tokens.agency), Some("FORBIDDEN")),
        ("OFFICER of Besusu Tengah", Some(&tokens.officer_tengah), Some("FORBIDDEN")),
        ("OFFICER of Besusu Barat", Some(&tokens.officer_barat), None),
        ("ADMIN", Some(&tokens.admin), None),
    ];
    for (who, token, refused) in cases {
        let input = json!({ "kelurahanCode": BESUSU_BARAT, "name": format!("KUBE of {who}"), "sector": "CRAFT" });
        let body = app.gql(token.map(String::as_str), REGISTER_GROUP, json!({ "input": input })).await;
        match refused {
            Some(code) => assert_refused(&body, "registerGroup", code, who),
            None => {
                assert!(body.get("errors").is_none(), "registerGroup as {who}: {body:#}");
                let payload = &body["data"]["registerGroup"];
                assert_eq!(user_error_codes(payload), Vec::<String>::new(), "registerGroup as {who}: {body:#}");
                assert_eq!(payload["group"]["kelurahan"]["code"], BESUSU_BARAT, "registerGroup as {who}: {body:#}");
            }
        }
    }

    let data = app.ok(None, "{ groups { totalCount nodes { name } } }", json!({})).await;
    assert_eq!(data["groups"]["totalCount"], 2, "only the allowed registrations were written: {data:#}");
    assert_eq!(
        data["groups"]["nodes"],
        json!([{ "name": "KUBE of OFFICER of Besusu Barat" }, { "name": "KUBE of ADMIN" }]),
        "{data:#}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn add_member_is_for_admin_and_the_officer_of_the_kelurahan() {
    let app = TestApp::new().await;
    let tokens = Tokens::new(&app).await;
    let group = register_group(&app, &tokens.admin, BESUSU_BARAT, "KUBE Tenun Donggala").await;
    let cases = [
        ("PUBLIC", None, Some("UNAUTHENTICATED")),
        ("LENDER", Some(&tokens.lender), Some("FORBIDDEN")),
        ("AGENCY", Some(&tokens.agency), Some("FORBIDDEN")),
        ("OFFICER of Besusu Tengah", Some(&tokens.officer_tengah), Some("FORBIDDEN")),
        ("OFFICER of Besusu Barat", Some(&tokens.officer_barat), None),
    ];
    for (serial, (who, token, refused)) in (1..).zip(cases) {
        // A distinct valid NIK each time, so that only the caller's role can refuse it.
        let input = json!({
            "groupId": group, "fullName": format!("Anggota of {who}"), "nik": nik(3, 4, 1990, false, serial),
            "gender": "MALE", "role": "MEMBER", "skills": ["FASHION_TEXTILE"]
        });
        let body = app.gql(token.map(String::as_str), ADD_MEMBER, json!({ "input": input })).await;
        match refused {
            Some(code) => assert_refused(&body, "addMember", code, who),
            None => {
                assert!(body.get("errors").is_none(), "addMember as {who}: {body:#}");
                let payload = &body["data"]["addMember"];
                assert_eq!(user_error_codes(payload), Vec::<String>::new(), "addMember as {who}: {body:#}");
                assert_eq!(payload["member"]["group"]["id"], group.as_str(), "addMember as {who}: {body:#}");
            }
        }
    }

    let data = app.ok(Some(&tokens.admin), "{ members { totalCount nodes { fullName } } }", json!({})).await;
    assert_eq!(
        data["members"],
        json!({ "totalCount": 1, "nodes": [{ "fullName": "Anggota of OFFICER of Besusu Barat" }] }),
        "only the allowed addition was written"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn members_of_another_kelurahan_cannot_be_changed_or_removed() {
    let app = TestApp::new().await;
    let tokens = Tokens::new(&app).await;
    let group = register_group(&app, &tokens.admin, BESUSU_BARAT, "KUBE Ikan Asap").await;
    let member = add_member(&app, &tokens.admin, &group, "Rahmat Lamaranggi", "CHAIR", 3).await;
    let record = "query($id: ID!) { node(id: $id) { ... on Member { fullName phone address } } }";
    let before = app.ok(Some(&tokens.admin), record, json!({ "id": member })).await;

    let cases = [
        ("PUBLIC", None, "UNAUTHENTICATED"),
        ("LENDER", Some(&tokens.lender), "FORBIDDEN"),
        ("AGENCY", Some(&tokens.agency), "FORBIDDEN"),
        ("OFFICER of Besusu Tengah", Some(&tokens.officer_tengah), "FORBIDDEN"),
    ];
    for (who, token, code) in cases {
        let token = token.map(String::as_str);
        let update = json!({ "input": { "id": member, "fullName": "Diganti", "phone": null, "address": null } });
        assert_refused(&app.gql(token, UPDATE_MEMBER, update).await, "updateMember", code, who);
        let remove = json!({ "input": { "id": member } });
        assert_refused(&app.gql(token, REMOVE_MEMBER, remove).await, "removeMember", code, who);
    }
    let after = app.ok(Some(&tokens.admin), record, json!({ "id": member })).await;
    assert_eq!(after, before, "a refused update or removal changed the member");

    // The same requests from the member's own officer go through: the refusals above were
    // about the caller, not about the input.
    let update = json!({ "input": { "id": member, "fullName": "Rahmat L.", "phone": null } });
    let data = app.ok(Some(&tokens.officer_barat), UPDATE_MEMBER, update).await;
    assert_eq!(user_error_codes(&data["updateMember"]), Vec::<String>::new(), "{data:#}");
    assert_eq!(data["updateMember"]["member"]["fullName"], "Rahmat L.", "{data:#}");
    assert!(data["updateMember"]["member"]["phone"].is_null(), "{data:#}");
    let data = app.ok(Some(&tokens.officer_barat), REMOVE_MEMBER, json!({ "input": { "id": member } })).await;
    assert_eq!(data["removeMember"]["removedMemberId"], member.as_str(), "{data:#}");
    let data = app.ok(Some(&tokens.admin), "{ members { totalCount } }", json!({})).await;
    assert_eq!(data["members"]["totalCount"], 0, "{data:#}");
}

/// Sends `query` with a raw `Authorization` header value.
async fn post_with_authorization(app: &TestApp, authorization: HeaderValue, query: &str) -> (StatusCode, Value) {
    let request = Request::post("/graphql")
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::AUTHORIZATION, authorization)
        .body(Body::from(json!({ "query": query }).to_string()))
        .unwrap();
    let (status, text) = app.http(request).await;
    (status, serde_json::from_str(&text).unwrap_or_else(|_| panic!("not JSON ({status}): {text}")))
}

/// A request with bad credentials is refused whole; it is never answered as PUBLIC.
fn assert_unauthenticated(status: StatusCode, body: &Value, what: &str) {
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{what}: {body:#}");
    assert_eq!(error_codes(body), ["UNAUTHENTICATED"], "{what}: {body:#}");
    assert!(body["data"].is_null(), "{what}: answered anyway: {body:#}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_bearer_tokens_are_refused_not_treated_as_public() {
    let app = TestApp::new().await;
    // Every field here is open to PUBLIC, so an answer at all would mean a silent downgrade.
    let query = "{ viewer { role } groups { totalCount } }";

    let (status, body) = app.post(Some("%%% not a token %%%"), query, json!({})).await;
    assert_unauthenticated(status, &body, "garbage bearer token");
    let unknown = format!("umkm_{}", "A".repeat(43));
    let (status, body) = app.post(Some(&unknown), query, json!({})).await;
    assert_unauthenticated(status, &body, "unknown token");

    let malformed: [(&str, HeaderValue); 4] = [
        ("Bearer without a secret", HeaderValue::from_static("Bearer ")),
        ("scheme only", HeaderValue::from_static("Bearer")),
        ("Basic scheme", HeaderValue::from_static("Basic dXNlcjpwYXNz")),
        ("non-ASCII header", HeaderValue::from_bytes(b"Bearer umkm_\xff\xfe").unwrap()),
    ];
    for (what, value) in malformed {
        let (status, body) = post_with_authorization(&app, value, query).await;
        assert_unauthenticated(status, &body, what);
    }

    let secret = app.token(Role::Officer, "Fasilitator pindah tugas", &[BESUSU_BARAT]).await;
    let (status, body) = app.post(Some(&secret), query, json!({})).await;
    assert_eq!((status, &body["data"]["viewer"]["role"]), (StatusCode::OK, &json!("OFFICER")), "{body:#}");
    let mut conn = app.app.db.conn().await.unwrap();
    let tokens = token::list(&mut conn).await.expect("list tokens");
    let (row, codes) = tokens.iter().find(|(row, _)| row.name == "Fasilitator pindah tugas").expect("token listed");
    assert_eq!(codes, &[BESUSU_BARAT], "{tokens:?}");
    assert!(token::revoke(&mut conn, row.id).await.expect("revoke"), "first revocation");
    assert!(!token::revoke(&mut conn, row.id).await.expect("revoke again"), "a revoked token revokes once");
    drop(conn);
    let (status, body) = app.post(Some(&secret), query, json!({})).await;
    assert_unauthenticated(status, &body, "revoked token");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn viewer_says_who_is_calling() {
    let app = TestApp::new().await;
    let admin = app.admin().await;
    // Given out of order: the codes come back sorted.
    let officer = app.token(Role::Officer, "Fasilitator Besusu", &[BESUSU_TENGAH, BESUSU_BARAT]).await;
    let agency = app.token(Role::Agency, "OJK Sulteng", &[]).await;
    let cases = [
        ("ADMIN", Some(admin), json!({ "role": "ADMIN", "name": "Dinas test admin", "kelurahanCodes": [] })),
        (
            "OFFICER",
            Some(officer),
            json!({ "role": "OFFICER", "name": "Fasilitator Besusu", "kelurahanCodes": [BESUSU_BARAT, BESUSU_TENGAH] }),
        ),
        ("AGENCY", Some(agency), json!({ "role": "AGENCY", "name": "OJK Sulteng", "kelurahanCodes": [] })),
        ("PUBLIC", None, json!({ "role": "PUBLIC", "name": null, "kelurahanCodes": [] })),
    ];
    for (who, token, expected) in cases {
        let (status, body) = app.post(token.as_deref(), VIEWER, json!({})).await;
        assert_eq!(status, StatusCode::OK, "viewer as {who}: {body:#}");
        assert!(body.get("errors").is_none(), "viewer as {who}: {body:#}");
        assert_eq!(body["data"]["viewer"], expected, "viewer as {who}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_token_command_makes_working_officer_tokens() {
    let app = TestApp::new().await;
    let args = ["token", "create", "--role", "OFFICER", "--name", "Fasilitator", "--kelurahan", BESUSU_BARAT];
    let output = umkm_graph(&app.url, &args).await;
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "token create failed: {stdout}{}", String::from_utf8_lossy(&output.stderr));
    let secret = stdout.lines().last().expect("the secret, on the last line").trim();

    let (status, body) = app.post(Some(secret), VIEWER, json!({})).await;
    assert_eq!(status, StatusCode::OK, "{body:#}");
    assert_eq!(
        body["data"]["viewer"],
        json!({ "role": "OFFICER", "name": "Fasilitator", "kelurahanCodes": [BESUSU_BARAT] }),
        "{body:#}"
    );

    // An officer without a kelurahan would be an officer of nowhere: refused, and not stored.
    let output = umkm_graph(&app.url, &["token", "create", "--role", "OFFICER", "--name", "x"]).await;
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "an OFFICER token without --kelurahan was made: {stderr}");
    assert!(stderr.contains("--kelurahan"), "the refusal says what is missing: {stderr}");
    let mut conn = app.app.db.conn().await.unwrap();
    let names: Vec<String> = token::list(&mut conn).await.expect("list").into_iter().map(|(row, _)| row.name).collect();
    assert_eq!(names, ["Fasilitator"], "only the valid token was stored");
}
