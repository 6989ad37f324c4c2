//! A nested query over groups, their applications, the history, scheme, lender and ketua of
//! each, and their mentoring sessions costs the same number of statements however many there
//! are.

use serde_json::json;

use super::*;

// Each loader is reached at one depth only: the same kind of key asked for at two depths may
// be batched once or twice depending on timing, which would make the count flaky.
const NESTED: &str = "{ groups(first: 20) { nodes { name
    financingApplications(first: 10) { totalCount nodes { status amountRequested
        scheme { name } lender { name } appliedBy { fullName nik }
        history { from to actor } } }
    mentoringSessions { topic providerKind } } }
  lenders { nodes { name schemes { name } mentoringSessions { totalCount nodes { topic } } } } }";

const RECORD: &str = "mutation($input: RecordMentoringSessionInput!) { recordMentoringSession(input: $input) {
    userErrors { code } } }";

/// `groups` more groups with a ketua, each with `per_group` applications in several statuses
/// and a session given by the lender.
async fn fill(app: &TestApp, capital: &Capital, groups: usize, per_group: usize) {
    let statuses = ["SUBMITTED", "UNDER_REVIEW", "APPROVED", "REPAID", "WITHDRAWN"];
    let mut serial = 20;
    for g in 0..groups {
        let group = if g == 0 {
            capital.group.clone()
        } else {
            let group = register_group(app, &capital.admin, BESUSU_BARAT, &format!("KUB {g}")).await;
            add_member(app, &capital.admin, &group, "Ketua", "CHAIR", serial).await;
            serial += 1;
            group
        };
        for a in 0..per_group {
            let mut input = capital.group_application(20_000_000);
            input["groupId"] = json!(group);
            let id = submit_ok(app, &capital.admin, input).await;
            for to in path_to(statuses[a % statuses.len()]) {
                move_ok(app, &capital.admin, &id, to, 20_000_000).await;
            }
        }
        let session =
            json!({ "groupId": group, "provider": "Bank Sulteng", "topic": "MARKETING", "heldOn": "2026-02-02" });
        app.ok(Some(&capital.lender_token), RECORD, json!({ "input": session })).await;
    }
}

async fn statements_for_nested_query(app: &TestApp, token: &str) -> u64 {
    let before = app.statements();
    app.ok(Some(token), NESTED, json!({})).await;
    app.statements() - before
}

// As in tests/api/n_plus_one.rs, the DataLoader's batches are exact on any number of threads.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nested_capital_queries_cost_a_fixed_number_of_statements() {
    let small = TestApp::new().await;
    let capital = Capital::new(&small).await;
    fill(&small, &capital, 1, 1).await;
    let small_cost = statements_for_nested_query(&small, &capital.admin).await;

    let large = TestApp::new().await;
    let large_capital = Capital::new(&large).await;
    fill(&large, &large_capital, 4, 5).await;
    let large_cost = statements_for_nested_query(&large, &large_capital.admin).await;
    assert_eq!(small_cost, large_cost, "statements grew with the number of groups and applications");
    // token (2); groups page; applications pages with their counts; schemes; lenders; ketua;
    // ketua's group (for the personal-data rule); history; sessions; lenders page; schemes of
    // lenders; sessions pages with their counts per lender.
    // (including BEGIN, one INSERT … SELECT and COMMIT of the personal-data log)
    assert_eq!(large_cost, 16, "statements for one nested query");
    // A lender's view of the same query costs the same, its applicant check included.
    let lender_cost = statements_for_nested_query(&large, &large_capital.lender_token).await;
    assert_eq!(lender_cost, large_cost + 1, "a lender's view adds one statement: which members applied to it");

    let data = large.ok(Some(&large_capital.admin), NESTED, json!({})).await;
    let first = &data["groups"]["nodes"][0];
    assert_eq!(first["financingApplications"]["totalCount"], 5);
    let history = first["financingApplications"]["nodes"][3]["history"].as_array().unwrap();
    assert_eq!(history.len(), 5, "REPAID: created and four moves");
    assert_eq!(first["mentoringSessions"][0]["providerKind"], "LENDER");
}
