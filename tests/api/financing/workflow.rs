//! The workflow: every one of the 9 × 9 moves is allowed or refused as the workflow rules say, each
//! allowed move recorded once in the history; who makes which move; the approval amount.

use serde_json::{Value, json};

use super::*;

const AMOUNT: i64 = 40_000_000;

fn history_pairs(application: &Value) -> Vec<(String, String)> {
    application["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["from"].as_str().unwrap_or("-").to_string(), e["to"].as_str().unwrap().to_string()))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_move_of_the_workflow_is_allowed_and_every_other_refused() {
    let app = TestApp::new().await;
    let capital = Capital::new(&app).await;
    let admin = &capital.admin;
    let mut allowed_seen = 0;
    for from in STATUSES {
        // One application in `from` for the refusals; a fresh one for each allowed move.
        let refused_one = capital.application_in(&app, from, AMOUNT).await;
        let before = status_of(&app, admin, &refused_one).await;
        for to in STATUSES {
            let allowed = ALLOWED_MOVES.contains(&(from, to));
            let id = if allowed { capital.application_in(&app, from, AMOUNT).await } else { refused_one.clone() };
            let extra = if to == "APPROVED" { json!({ "amountApproved": AMOUNT, "note": "ok" }) } else { json!({}) };
            let body = move_application(&app, admin, &id, to, extra).await;
            assert!(body.get("errors").is_none(), "{from} -> {to}: {body:#}");
            let payload = &body["data"]["moveFinancingApplication"];
            if allowed {
                allowed_seen += 1;
                assert_eq!(payload["userErrors"], json!([]), "{from} -> {to}: {body:#}");
                let application = &payload["application"];
                assert_eq!(application["status"], to, "{from} -> {to}");
                let history = history_pairs(application);
                assert_eq!(history.last(), Some(&(from.to_string(), to.to_string())), "{from} -> {to}: {history:?}");
                assert_eq!(history.len(), path_to(from).len() + 2, "one entry per move: {history:?}");
                let last = application["history"].as_array().unwrap().last().unwrap().clone();
                assert_eq!(last["actor"], "Dinas test admin");
                assert_eq!(last["note"], if to == "APPROVED" { json!("ok") } else { Value::Null });
            } else {
                assert_eq!(user_error_codes(payload), ["INVALID_TRANSITION"], "{from} -> {to}: {body:#}");
                assert_eq!(payload["userErrors"][0]["field"], json!(["input", "to"]));
                assert!(payload["application"].is_null());
                assert_eq!(status_of(&app, admin, &id).await, before, "a refused {from} -> {to} changed it");
            }
        }
        let expected_next: Vec<&str> = ALLOWED_MOVES.iter().filter(|(f, _)| *f == from).map(|(_, t)| *t).collect();
        let data = app
            .ok(
                Some(admin),
                "query($id: ID!) { node(id: $id) { ... on FinancingApplication { nextStatuses } } }",
                json!({ "id": refused_one }),
            )
            .await;
        assert_eq!(data["node"]["nextStatuses"], json!(expected_next), "next statuses of {from}");
    }
    assert_eq!(allowed_seen, ALLOWED_MOVES.len());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn approving_needs_an_amount_inside_the_request_and_the_range() {
    let app = TestApp::new().await;
    let capital = Capital::new(&app).await;
    let id = capital.application_in(&app, "UNDER_REVIEW", 30_000_000).await;
    let lender = &capital.lender_token;
    for (extra, code) in [
        (json!({}), "AMOUNT_APPROVED_REQUIRED"),
        (json!({ "amountApproved": 30_000_001 }), "AMOUNT_OUT_OF_RANGE"),
        (json!({ "amountApproved": 10_000_000 }), "AMOUNT_OUT_OF_RANGE"),
    ] {
        let body = move_application(&app, lender, &id, "APPROVED", extra.clone()).await;
        let payload = &body["data"]["moveFinancingApplication"];
        assert_eq!(user_error_codes(payload), [code], "{extra}: {body:#}");
        assert_eq!(payload["userErrors"][0]["field"], json!(["input", "amountApproved"]));
    }
    let body = move_application(&app, lender, &id, "REJECTED", json!({ "amountApproved": 20_000_000 })).await;
    assert_eq!(user_error_codes(&body["data"]["moveFinancingApplication"]), ["AMOUNT_APPROVED_NOT_ALLOWED"]);
    let body = move_application(
        &app,
        lender,
        &id,
        "APPROVED",
        json!({ "amountApproved": 25_000_000, "note": "Agunan cukup;\nplafon 25 juta" }),
    )
    .await;
    let application = &body["data"]["moveFinancingApplication"]["application"];
    assert_eq!(application["amountApproved"], 25_000_000, "{body:#}");
    assert_eq!(application["history"][2]["note"], "Agunan cukup;\nplafon 25 juta");
    assert_eq!(application["history"][2]["actor"], "Analis Bank Sulteng");
    // The approved amount stays through disbursement and repayment.
    move_ok(&app, lender, &id, "DISBURSED", 0).await;
    let repaid = move_ok(&app, lender, &id, "REPAID", 0).await;
    assert_eq!(repaid["amountApproved"], 25_000_000);
    assert_eq!(repaid["nextStatuses"], json!([]));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_applicant_side_and_the_lender_side_make_their_own_moves() {
    let app = TestApp::new().await;
    let capital = Capital::new(&app).await;
    let (officer, lender) = (&capital.officer, &capital.lender_token);
    let id = capital.application_in(&app, "SUBMITTED", 30_000_000).await;

    // The officer may not review or decide; the lender may not withdraw for the applicant.
    let body = move_application(&app, officer, &id, "UNDER_REVIEW", json!({})).await;
    assert_eq!(error_codes(&body), ["FORBIDDEN"], "{body:#}");
    move_ok(&app, lender, &id, "UNDER_REVIEW", 0).await;
    let body = move_application(&app, officer, &id, "APPROVED", json!({ "amountApproved": 30_000_000 })).await;
    assert_eq!(error_codes(&body), ["FORBIDDEN"], "{body:#}");
    let body = move_application(&app, lender, &id, "WITHDRAWN", json!({})).await;
    assert_eq!(error_codes(&body), ["FORBIDDEN"], "{body:#}");
    move_ok(&app, lender, &id, "APPROVED", 30_000_000).await;
    let withdrawn = move_ok(&app, officer, &id, "WITHDRAWN", 0).await;
    assert_eq!(
        history_pairs(&withdrawn),
        [("-", "SUBMITTED"), ("SUBMITTED", "UNDER_REVIEW"), ("UNDER_REVIEW", "APPROVED"), ("APPROVED", "WITHDRAWN")]
            .map(|(a, b)| (a.to_string(), b.to_string()))
    );
    let actors: Vec<&str> =
        withdrawn["history"].as_array().unwrap().iter().map(|e| e["actor"].as_str().unwrap()).collect();
    assert_eq!(actors, ["Dinas test admin", "Analis Bank Sulteng", "Analis Bank Sulteng", "Fasilitator Besusu Barat"]);

    // A stale expectation is a conflict, even for a move that would be valid now.
    let id = capital.application_in(&app, "UNDER_REVIEW", 30_000_000).await;
    let body = move_application(&app, officer, &id, "WITHDRAWN", json!({ "expectedStatus": "SUBMITTED" })).await;
    assert_eq!(error_codes(&body), ["CONFLICT"], "{body:#}");
    assert!(body["data"]["moveFinancingApplication"].is_null(), "{body:#}");
    assert_eq!(status_of(&app, &capital.admin, &id).await["status"], "UNDER_REVIEW");
    let body = move_application(&app, officer, &id, "WITHDRAWN", json!({ "expectedStatus": "UNDER_REVIEW" })).await;
    assert_eq!(body["data"]["moveFinancingApplication"]["application"]["status"], "WITHDRAWN", "{body:#}");

    // Unknown ids and notes with control characters.
    let body = move_application(&app, officer, "RmluYW5jaW5nQXBwbGljYXRpb246OTk5", "WITHDRAWN", json!({})).await;
    assert_eq!(user_error_codes(&body["data"]["moveFinancingApplication"]), ["NOT_FOUND"], "{body:#}");
    let id = capital.application_in(&app, "SUBMITTED", 30_000_000).await;
    let body = move_application(&app, officer, &id, "WITHDRAWN", json!({ "note": "bad \u{1b}[2J" })).await;
    assert_eq!(user_error_codes(&body["data"]["moveFinancingApplication"]), ["INVALID_TEXT"], "{body:#}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_member_with_an_open_application_is_not_removed() {
    let app = TestApp::new().await;
    let capital = Capital::new(&app).await;
    let admin = &capital.admin;
    let remove =
        "mutation($input: RemoveMemberInput!) { removeMember(input: $input) { removedMemberId userErrors { code } } }";
    let id = submit_ok(&app, admin, capital.member_application(5_000_000)).await;
    let data = app.ok(Some(admin), remove, json!({ "input": { "id": capital.member } })).await;
    assert_eq!(user_error_codes(&data["removeMember"]), ["OPEN_FINANCING"], "{data:#}");
    move_ok(&app, admin, &id, "WITHDRAWN", 0).await;
    let data = app.ok(Some(admin), remove, json!({ "input": { "id": capital.member } })).await;
    assert_eq!(data["removeMember"]["removedMemberId"], capital.member.as_str(), "{data:#}");
    // Erased with the person: their closed application too.
    assert!(status_of(&app, admin, &id).await.is_null());
}
