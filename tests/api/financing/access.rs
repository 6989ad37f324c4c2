//! Who sees which application: ADMIN all; an OFFICER its kelurahan's; a LENDER those sent to
//! its own schemes (never drafts), with the personal data of those applicants only; PUBLIC
//! and AGENCY none at all. A member's loans are personal financial data.

use serde_json::{Value, json};
use umkm_graph::access::Role;
use umkm_graph::ids::LenderId;

use super::*;

const APPLICATIONS: &str = "query($filter: FinancingApplicationFilter) { financingApplications(filter: $filter) {
    totalCount nodes { id status } } }";
const GROUP_APPLICATIONS: &str = "{ groups { nodes { name financingApplications { totalCount nodes { id } } } } }";
const MEMBER_PERSONAL: &str =
    "query($id: ID!) { node(id: $id) { ... on Member { fullName nik phone address birthDate } } }";

fn ids(data: &Value) -> Vec<String> {
    let mut ids: Vec<String> = data["financingApplications"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["id"].as_str().unwrap().to_string())
        .collect();
    ids.sort();
    ids
}

fn sorted(list: &[&String]) -> Vec<String> {
    let mut list: Vec<String> = list.iter().map(|s| s.to_string()).collect();
    list.sort();
    list
}

/// Two lenders with a scheme each, and applications of groups in two kelurahan.
struct Scene {
    capital: Capital,
    other_lender: String,
    other_token: String,
    /// Besusu Barat's group to Bank Sulteng; its member to Bank Sulteng; a draft of the member
    /// to Bank Sulteng; the group to the other lender; a Besusu Tengah group to Bank Sulteng.
    group_to_a: String,
    member_to_a: String,
    draft_to_a: String,
    group_to_b: String,
    tengah_to_a: String,
    tengah_chair: String,
    drafting_member: String,
}

impl Scene {
    async fn new(app: &TestApp) -> Scene {
        let capital = Capital::new(app).await;
        let admin = &capital.admin;
        let other_lender = register_lender(app, admin, "Koperasi Sintuvu", "COOPERATIVE").await;
        let other_token = app.lender_token(LenderId::from_global(&other_lender).unwrap(), "Analis Koperasi").await;
        let other_scheme =
            add_scheme(app, admin, &other_lender, "Pinjaman Kelompok", (1_000_000, 50_000_000), true).await;
        let group_to_a = submit_ok(app, admin, capital.group_application(20_000_000)).await;
        let member_to_a = submit_ok(app, admin, capital.member_application(5_000_000)).await;
        let drafting_member = add_member(app, admin, &capital.group, "Nur Draf", "MEMBER", 3).await;
        let draft = json!({ "schemeId": capital.super_mikro, "memberId": drafting_member, "amountRequested": 3_000_000,
                            "purpose": "Belum dikirim", "draft": true });
        let draft_to_a = submit_ok(app, admin, draft).await;
        let mut to_b = capital.group_application(15_000_000);
        to_b["schemeId"] = json!(other_scheme);
        let group_to_b = submit_ok(app, admin, to_b).await;
        let tengah = register_group(app, admin, BESUSU_TENGAH, "KUB Tenun Tengah").await;
        let tengah_chair = add_member(app, admin, &tengah, "Ketua Tengah", "CHAIR", 4).await;
        let mut input = capital.group_application(60_000_000);
        input["groupId"] = json!(tengah);
        let tengah_to_a = submit_ok(app, admin, input).await;
        Scene {
            capital,
            other_lender,
            other_token,
            group_to_a,
            member_to_a,
            draft_to_a,
            group_to_b,
            tengah_to_a,
            tengah_chair,
            drafting_member,
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_caller_sees_the_applications_of_its_scope_only() {
    let app = TestApp::new().await;
    let s = Scene::new(&app).await;
    let c = &s.capital;
    let tengah_officer = app.token(Role::Officer, "Fasilitator Besusu Tengah", &[BESUSU_TENGAH]).await;
    let agency = app.token(Role::Agency, "OJK Sulteng", &[]).await;
    let all = [&s.group_to_a, &s.member_to_a, &s.draft_to_a, &s.group_to_b, &s.tengah_to_a];
    let cases: [(&str, &str, Vec<String>); 5] = [
        ("ADMIN", &c.admin, sorted(&all)),
        ("OFFICER of Besusu Barat", &c.officer, sorted(&[&s.group_to_a, &s.member_to_a, &s.draft_to_a, &s.group_to_b])),
        ("OFFICER of Besusu Tengah", &tengah_officer, sorted(&[&s.tengah_to_a])),
        // Drafts were never sent: the lender does not see them.
        ("LENDER A", &c.lender_token, sorted(&[&s.group_to_a, &s.member_to_a, &s.tengah_to_a])),
        ("LENDER B", &s.other_token, sorted(&[&s.group_to_b])),
    ];
    for (who, token, expected) in &cases {
        let data = app.ok(Some(token), APPLICATIONS, json!({})).await;
        assert_eq!(&ids(&data), expected, "{who}: {data:#}");
        assert_eq!(data["financingApplications"]["totalCount"], expected.len(), "{who}");
        for id in all {
            let data = app.ok(Some(token), APPLICATION_NODE, json!({ "id": id })).await;
            assert_eq!(!data["node"].is_null(), expected.contains(id), "{who} reading node {id}: {data:#}");
        }
    }

    // Filters narrow the scope, never widen it.
    let data = app.ok(Some(&c.lender_token), APPLICATIONS, json!({ "filter": { "lenderId": s.other_lender } })).await;
    assert_eq!(data["financingApplications"]["totalCount"], 0, "{data:#}");
    let filter = json!({ "filter": { "groupId": c.group, "status": ["SUBMITTED"] } });
    let data = app.ok(Some(&c.admin), APPLICATIONS, filter).await;
    assert_eq!(ids(&data), sorted(&[&s.group_to_a, &s.group_to_b]), "{data:#}");
    let data = app.ok(Some(&c.admin), APPLICATIONS, json!({ "filter": { "memberId": c.member } })).await;
    assert_eq!(ids(&data), sorted(&[&s.member_to_a]));
    let data = app.ok(Some(&c.admin), APPLICATIONS, json!({ "filter": { "kelurahanCode": BESUSU_TENGAH } })).await;
    assert_eq!(ids(&data), sorted(&[&s.tengah_to_a]));
    let data = app.ok(Some(&c.admin), APPLICATIONS, json!({ "filter": { "status": ["DRAFT"] } })).await;
    assert_eq!(ids(&data), sorted(&[&s.draft_to_a]));
    let body = app.gql(Some(&c.admin), APPLICATIONS, json!({ "filter": { "lenderId": "not an id" } })).await;
    assert_eq!(error_codes(&body), ["BAD_USER_INPUT"], "{body:#}");

    // Through the groups: the same scope.
    let data = app.ok(Some(&c.lender_token), GROUP_APPLICATIONS, json!({})).await;
    let groups = data["groups"]["nodes"].as_array().unwrap();
    assert_eq!(groups[0]["financingApplications"]["totalCount"], 1, "the group's own, to lender A: {data:#}");
    assert_eq!(groups[0]["financingApplications"]["nodes"][0]["id"], s.group_to_a.as_str());
    assert_eq!(groups[1]["financingApplications"]["totalCount"], 1, "{data:#}");
    let data = app.ok(Some(&tengah_officer), GROUP_APPLICATIONS, json!({})).await;
    assert_eq!(data["groups"]["nodes"][0]["financingApplications"]["totalCount"], 0, "{data:#}");

    // PUBLIC and AGENCY: no application, by any road.
    for (who, token, code) in [("PUBLIC", None, "UNAUTHENTICATED"), ("AGENCY", Some(&agency), "FORBIDDEN")] {
        let token = token.map(String::as_str);
        let body = app.gql(token, APPLICATIONS, json!({})).await;
        assert_eq!(error_codes(&body), [code], "{who}: {body:#}");
        let body = app.gql(token, APPLICATION_NODE, json!({ "id": s.group_to_a })).await;
        assert_eq!(error_codes(&body), [code], "{who} node: {body:#}");
        assert!(body["data"]["node"].is_null(), "{who}: {body:#}");
        let body = app.gql(token, GROUP_APPLICATIONS, json!({})).await;
        assert_eq!(error_codes(&body)[0], code, "{who} via groups: {body:#}");
        assert!(!body.to_string().contains(&s.group_to_a), "{who}: {body:#}");
        // The figures are theirs.
        let data = app.ok(token, "{ financingDashboard { total { applicationCount } } }", json!({})).await;
        // Drafts never count, nor, for them, a member's own loan (personal financial data).
        assert_eq!(data["financingDashboard"]["total"]["applicationCount"], 3, "{data:#}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_lender_moves_only_the_applications_sent_to_it() {
    let app = TestApp::new().await;
    let s = Scene::new(&app).await;
    let c = &s.capital;
    for (id, token) in
        [(&s.group_to_b, &c.lender_token), (&s.group_to_a, &s.other_token), (&s.draft_to_a, &c.lender_token)]
    {
        let body = move_application(&app, token, id, "UNDER_REVIEW", json!({})).await;
        let payload = &body["data"]["moveFinancingApplication"];
        assert_eq!(user_error_codes(payload), ["NOT_FOUND"], "{body:#}");
        assert_eq!(payload["userErrors"][0]["field"], json!(["input", "applicationId"]));
    }
    assert_eq!(status_of(&app, &c.admin, &s.group_to_b).await["status"], "SUBMITTED");
    assert_eq!(status_of(&app, &c.admin, &s.group_to_a).await["status"], "SUBMITTED");
    // An officer of another kelurahan cannot withdraw either.
    let tengah_officer = app.token(Role::Officer, "Fasilitator Besusu Tengah", &[BESUSU_TENGAH]).await;
    let body = move_application(&app, &tengah_officer, &s.group_to_a, "WITHDRAWN", json!({})).await;
    assert_eq!(user_error_codes(&body["data"]["moveFinancingApplication"]), ["NOT_FOUND"], "{body:#}");
    // PUBLIC and AGENCY are refused before anything is looked up.
    let agency = app.token(Role::Agency, "OJK Sulteng", &[]).await;
    let body = move_application(&app, &agency, &s.group_to_a, "UNDER_REVIEW", json!({})).await;
    assert_eq!(error_codes(&body), ["FORBIDDEN"], "{body:#}");
    let body = app.gql(None, MOVE, json!({ "input": { "applicationId": s.group_to_a, "to": "UNDER_REVIEW" } })).await;
    assert_eq!(error_codes(&body), ["UNAUTHENTICATED"], "{body:#}");
    // Its own, it moves.
    move_ok(&app, &c.lender_token, &s.group_to_a, "UNDER_REVIEW", 0).await;
    move_ok(&app, &s.other_token, &s.group_to_b, "UNDER_REVIEW", 0).await;
}

/// Reads a member's personal data as `token`; `Some(nik)` when shown, `None` when refused
/// with FORBIDDEN at each personal field.
async fn personal_data(app: &TestApp, token: &str, member: &str) -> Option<String> {
    let body = app.gql(Some(token), MEMBER_PERSONAL, json!({ "id": member })).await;
    let node = &body["data"]["node"];
    assert!(node["fullName"].is_string(), "{body:#}");
    match node["nik"].as_str() {
        Some(nik) => {
            assert!(body.get("errors").is_none(), "{body:#}");
            assert!(node["phone"].is_string() && node["birthDate"].is_string(), "{body:#}");
            Some(nik.to_string())
        }
        None => {
            assert_eq!(error_codes(&body), ["FORBIDDEN"; 4], "{body:#}");
            for field in ["nik", "phone", "address", "birthDate"] {
                assert_eq!(node.get(field), Some(&Value::Null), "{field}: {body:#}");
            }
            None
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_lender_reads_the_personal_data_of_its_applicants_only() {
    let app = TestApp::new().await;
    let s = Scene::new(&app).await;
    let c = &s.capital;
    let a = &c.lender_token;
    // The member who applied to A, and the ketua who applied for a group to A: yes.
    assert!(personal_data(&app, a, &c.member).await.is_some());
    assert!(personal_data(&app, a, &c.chair).await.is_some());
    assert!(personal_data(&app, a, &s.tengah_chair).await.is_some());
    // A member who only drafted (nothing sent), and a plain member: no.
    assert!(personal_data(&app, a, &s.drafting_member).await.is_none());
    let plain = add_member(&app, &c.admin, &c.group, "Anggota Biasa", "MEMBER", 5).await;
    assert!(personal_data(&app, a, &plain).await.is_none());
    // Lender B got the group's application (through the same ketua), not the member's.
    assert!(personal_data(&app, &s.other_token, &c.chair).await.is_some());
    assert!(personal_data(&app, &s.other_token, &c.member).await.is_none());
    assert!(personal_data(&app, &s.other_token, &s.tengah_chair).await.is_none());

    // Through the application, the lender reads what it needs to decide.
    let query = "query($id: ID!) { node(id: $id) { ... on FinancingApplication {
        member { fullName nik phone } appliedBy { nik } } } }";
    let body = app.gql(Some(a), query, json!({ "id": s.member_to_a })).await;
    assert!(body.get("errors").is_none(), "{body:#}");
    assert!(body["data"]["node"]["member"]["nik"].is_string(), "{body:#}");
    let body = app.gql(Some(a), query, json!({ "id": s.group_to_a })).await;
    assert!(body["data"]["node"]["appliedBy"]["nik"].is_string(), "{body:#}");
    // Once sent, the draft's member becomes an applicant too.
    move_ok(&app, &c.admin, &s.draft_to_a, "SUBMITTED", 0).await;
    assert!(personal_data(&app, a, &s.drafting_member).await.is_some());
}
