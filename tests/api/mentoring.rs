//! Coaching: mentoring sessions recorded by ADMIN, an OFFICER (its kelurahan) or a LENDER (as
//! itself), read by anyone through the group, the lender and the node.

use serde_json::{Value, json};
use umkm_graph::access::Role;
use umkm_graph::ids::LenderId;

use crate::common::*;
use crate::financing::register_lender;

const RECORD: &str = "mutation($input: RecordMentoringSessionInput!) { recordMentoringSession(input: $input) {
    session { id provider providerKind topic heldOn notes group { id } lender { id name } }
    userErrors { field message code } } }";

const GROUP_SESSIONS: &str = "query($id: ID!) { node(id: $id) { ... on BusinessGroup {
    mentoringSessions { provider providerKind topic heldOn notes lender { name } } } } }";

fn session(group: &str, provider: &str, topic: &str, held_on: &str) -> Value {
    json!({ "groupId": group, "provider": provider, "topic": topic, "heldOn": held_on })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sessions_are_recorded_by_admin_officers_and_lenders() {
    let app = TestApp::new().await;
    let admin = app.admin().await;
    let group = register_group(&app, &admin, BESUSU_BARAT, "KUB Bawang Goreng").await;
    let lender = register_lender(&app, &admin, "Bank Sulteng", "BANK").await;
    let other = register_lender(&app, &admin, "BPR Nusa", "RURAL_BANK").await;
    let lender_token = app.lender_token(LenderId::from_global(&lender).unwrap(), "Analis Bank Sulteng").await;
    let officer = app.token(Role::Officer, "Fasilitator Besusu Barat", &[BESUSU_BARAT]).await;
    let tengah = app.token(Role::Officer, "Fasilitator Besusu Tengah", &[BESUSU_TENGAH]).await;
    let agency = app.token(Role::Agency, "Dinas Sosial", &[]).await;

    let input = session(&group, "Dinas Koperasi dan UMKM", "LICENSING", "2026-03-02");
    for (who, token, code) in [
        ("PUBLIC", None, "UNAUTHENTICATED"),
        ("AGENCY", Some(&agency), "FORBIDDEN"),
        ("OFFICER of Besusu Tengah", Some(&tengah), "FORBIDDEN"),
    ] {
        let body = app.gql(token.map(String::as_str), RECORD, json!({ "input": input })).await;
        assert_eq!(error_codes(&body), [code], "{who}: {body:#}");
    }

    let data = app.ok(Some(&admin), RECORD, json!({ "input": input })).await;
    let recorded = &data["recordMentoringSession"]["session"];
    assert_eq!(recorded["providerKind"], "DINAS", "{data:#}");
    assert!(recorded["lender"].is_null());
    let mut by_officer = session(&group, "Universitas Tadulako", "DIGITAL", "2026-01-15");
    by_officer["providerKind"] = json!("PARTNER");
    by_officer["notes"] = json!("Pelatihan QRIS\ndan toko daring");
    let data = app.ok(Some(&officer), RECORD, json!({ "input": by_officer })).await;
    assert_eq!(data["recordMentoringSession"]["userErrors"], json!([]), "{data:#}");
    // A lender records its own session: the kind and the lender follow from the token.
    let by_lender = session(&group, "Bank Sulteng Cabang Palu", "FINANCIAL_ADMINISTRATION", "2026-02-10");
    let data = app.ok(Some(&lender_token), RECORD, json!({ "input": by_lender })).await;
    let recorded = &data["recordMentoringSession"]["session"];
    assert_eq!(recorded["providerKind"], "LENDER", "{data:#}");
    assert_eq!(recorded["lender"]["id"], lender.as_str());
    let session_id = recorded["id"].as_str().unwrap().to_string();
    // ADMIN records a session another lender gave.
    let mut for_other = session(&group, "BPR Nusa", "MARKETING", "2026-02-11");
    for_other["lenderId"] = json!(other);
    let data = app.ok(Some(&admin), RECORD, json!({ "input": for_other })).await;
    assert_eq!(data["recordMentoringSession"]["session"]["providerKind"], "LENDER", "{data:#}");

    // Refusals, each at its field.
    let tomorrow = (umkm_graph::clock::today() + chrono::Duration::days(1)).format("%Y-%m-%d").to_string();
    let cases: [(Value, &str, &str); 5] = [
        (json!({ "heldOn": tomorrow }), "heldOn", "DATE_IN_FUTURE"),
        (json!({ "provider": " " }), "provider", "REQUIRED"),
        (json!({ "providerKind": "LENDER" }), "lenderId", "LENDER_REQUIRED"),
        (json!({ "providerKind": "PARTNER", "lenderId": lender }), "lenderId", "INVALID_PROVIDER"),
        (json!({ "groupId": "QnVzaW5lc3NHcm91cDo5OTk" }), "groupId", "NOT_FOUND"),
    ];
    for (change, field, code) in cases {
        let mut input = session(&group, "Dinas", "PRODUCTION", "2026-01-01");
        input.as_object_mut().unwrap().extend(change.as_object().unwrap().clone());
        let data = app.ok(Some(&admin), RECORD, json!({ "input": input })).await;
        let payload = &data["recordMentoringSession"];
        assert_eq!(user_error_codes(payload), [code], "{change}: {data:#}");
        assert_eq!(payload["userErrors"][0]["field"], json!(["input", field]));
    }
    let mut as_other = session(&group, "BPR Nusa", "MARKETING", "2026-02-11");
    as_other["lenderId"] = json!(other);
    let body = app.gql(Some(&lender_token), RECORD, json!({ "input": as_other })).await;
    assert_eq!(error_codes(&body), ["FORBIDDEN"], "a lender records for another lender: {body:#}");
    let mut not_lender = session(&group, "Dinas", "MARKETING", "2026-02-11");
    not_lender["providerKind"] = json!("DINAS");
    let data = app.ok(Some(&lender_token), RECORD, json!({ "input": not_lender })).await;
    assert_eq!(user_error_codes(&data["recordMentoringSession"]), ["INVALID_PROVIDER"], "{data:#}");

    // Anyone reads them: through the group by date held, through the lender, as a node.
    let data = app.ok(None, GROUP_SESSIONS, json!({ "id": group })).await;
    assert_eq!(
        data["node"]["mentoringSessions"],
        json!([
            { "provider": "Universitas Tadulako", "providerKind": "PARTNER", "topic": "DIGITAL", "heldOn": "2026-01-15",
              "notes": "Pelatihan QRIS\ndan toko daring", "lender": null },
            { "provider": "Bank Sulteng Cabang Palu", "providerKind": "LENDER", "topic": "FINANCIAL_ADMINISTRATION",
              "heldOn": "2026-02-10", "notes": null, "lender": { "name": "Bank Sulteng" } },
            { "provider": "BPR Nusa", "providerKind": "LENDER", "topic": "MARKETING", "heldOn": "2026-02-11",
              "notes": null, "lender": { "name": "BPR Nusa" } },
            { "provider": "Dinas Koperasi dan UMKM", "providerKind": "DINAS", "topic": "LICENSING", "heldOn": "2026-03-02",
              "notes": null, "lender": null },
        ])
    );
    let query = "{ lenders { nodes { name mentoringSessions(first: 1) { totalCount pageInfo { hasNextPage } nodes { topic group { name } } } } } }";
    let data = app.ok(None, query, json!({})).await;
    assert_eq!(
        data["lenders"]["nodes"],
        json!([
            { "name": "Bank Sulteng", "mentoringSessions": { "totalCount": 1, "pageInfo": { "hasNextPage": false },
              "nodes": [{ "topic": "FINANCIAL_ADMINISTRATION", "group": { "name": "KUB Bawang Goreng" } }] } },
            { "name": "BPR Nusa", "mentoringSessions": { "totalCount": 1, "pageInfo": { "hasNextPage": false },
              "nodes": [{ "topic": "MARKETING", "group": { "name": "KUB Bawang Goreng" } }] } },
        ])
    );
    let node = "query($id: ID!) { node(id: $id) { ... on MentoringSession { topic provider group { name } } } }";
    let data = app.ok(None, node, json!({ "id": session_id })).await;
    assert_eq!(data["node"]["provider"], "Bank Sulteng Cabang Palu");
}
