//! Financing applications in every order, top-level and through their group.

use serde_json::{Value, json};

use super::*;
use crate::common::*;
use crate::financing::{Capital, move_ok, submit_ok};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn financing_applications_page_in_every_order() {
    let app = TestApp::new().await;
    let capital = Capital::new(&app).await;
    let admin = &capital.admin;
    let mut applications = Vec::new();
    let submitted_at = |payload: &Value| date_or_missing(payload["submittedAt"].as_str());
    // A draft sent on later: its submission comes after those of applications made after it.
    let mut late = capital.group_application(50_000_000);
    late["draft"] = json!(true);
    let late = submit_ok(&app, admin, late).await;
    for amount in [20_000_000, 50_000_000] {
        submit_ok(&app, admin, capital.group_application(amount)).await;
    }
    let mut draft = capital.group_application(30_000_000);
    draft["draft"] = json!(true);
    submit_ok(&app, admin, draft).await;
    let own_member = submit_ok(&app, admin, capital.member_application(5_000_000)).await;
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    move_ok(&app, admin, &late, "SUBMITTED", 0).await;

    // Read back what was stored, in the order of ids.
    let query = "{ financingApplications(first: 100) { nodes { id amountRequested submittedAt } } }";
    let data = app.ok(Some(admin), query, json!({})).await;
    for node in data["financingApplications"]["nodes"].as_array().unwrap() {
        let amount =
            node["amountRequested"].as_i64().or_else(|| node["amountRequested"].as_str().and_then(|s| s.parse().ok()));
        let keys =
            vec![("AMOUNT_REQUESTED", Key::Num(amount.expect("an amount"))), ("SUBMITTED_AT", submitted_at(node))];
        applications.push(Item { id: node["id"].as_str().unwrap().to_string(), keys });
    }
    assert_eq!(applications.len(), 5);
    assert_eq!(applications[0].id, late);
    assert!(applications[0].key("SUBMITTED_AT") > applications[1].key("SUBMITTED_AT"), "the late one was sent last");
    let fields = ["AMOUNT_REQUESTED", "SUBMITTED_AT"];
    let list = top_level("financingApplications", "FinancingApplicationOrder", "");
    check_orders(&app, admin, &list, &applications, &fields).await;
    // The group's own (not its member's) through the group.
    let own: Vec<String> = applications.iter().map(|a| a.id.clone()).filter(|id| *id != own_member).collect();
    let list = nested("BusinessGroup", &capital.group, "financingApplications", "FinancingApplicationOrder");
    check_orders(&app, admin, &list, &only(&applications, &own), &fields).await;
}
