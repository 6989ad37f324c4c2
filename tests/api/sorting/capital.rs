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

const RECORD_SESSION: &str = "mutation($input: RecordMentoringSessionInput!) { recordMentoringSession(input: $input) {
    session { id } userErrors { code } } }";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn groups_applied_without_coaching_page_in_every_order() {
    let app = TestApp::new().await;
    let capital = Capital::new(&app).await;
    let admin = &capital.admin;
    // (name, founded, what the group does): 'A' applies, 'C' applies and is coached, 'D' only
    // drafts, '-' never applies. Capital's own group ("KUB Abon Tuna", no founding date) applies.
    let plan = [
        ("kub Bawang", Some("2020-01-01"), 'A'),
        ("KUB bawang", None, 'A'),
        ("KUB Cengkeh", Some("2019-05-05"), 'C'),
        ("kub abon tuna", Some("2020-01-01"), 'A'),
        ("KUB Dodol", Some("2018-03-03"), 'D'),
        ("Kub Apel", Some("2019-05-05"), 'A'),
        ("KUB Zeta", None, '-'),
        ("KUB_Ekor", Some("2021-01-01"), 'A'),
    ];
    submit_ok(&app, admin, capital.group_application(20_000_000)).await;
    let keys = |name: &str, founded: Option<&str>| {
        vec![("NAME", text(name)), ("FOUNDED_ON", date_or_missing(founded)), ("REGISTRATION", Key::Missing)]
    };
    let mut groups = vec![Item { id: capital.group.clone(), keys: keys("KUB Abon Tuna", None) }];
    let mut uncoached = vec![capital.group.clone()];
    for (serial, (name, founded, does)) in plan.into_iter().enumerate() {
        let id = super::registry::group(&app, admin, BESUSU_BARAT, name, founded).await;
        add_member(&app, admin, &id, "Ketua", "CHAIR", 10 + serial as u32).await;
        let mut application = capital.group_application(15_000_000);
        application["groupId"] = json!(id);
        application["draft"] = json!(does == 'D');
        if does != '-' {
            submit_ok(&app, admin, application).await;
        }
        if does == 'C' {
            let session = json!({ "groupId": id, "provider": "Dinas", "topic": "FINANCIAL_ADMINISTRATION", "heldOn": "2026-01-20" });
            let data = app.ok(Some(admin), RECORD_SESSION, json!({ "input": session })).await;
            assert_eq!(data["recordMentoringSession"]["userErrors"], json!([]), "{data:#}");
        }
        if does == 'A' {
            uncoached.push(id.clone());
        }
        groups.push(Item { id, keys: keys(name, founded) });
    }
    let mut list = top_level("groupsAppliedWithoutCoaching", "GroupOrder", "");
    list.query =
        list.query.replacen("groupsAppliedWithoutCoaching(", "financingDashboard { groupsAppliedWithoutCoaching(", 1)
            + " }";
    list.path = vec!["financingDashboard", "groupsAppliedWithoutCoaching"];
    let expected = only(&registered(groups), &uncoached);
    assert_eq!(expected.len(), 6);
    check_orders(&app, admin, &list, &expected, &["NAME", "FOUNDED_ON", "REGISTRATION"]).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_lenders_mentoring_sessions_page_in_every_order() {
    let app = TestApp::new().await;
    let capital = Capital::new(&app).await;
    let other = crate::financing::register_lender(&app, &capital.admin, "BPR Nusa", "RURAL_BANK").await;
    let plan = [
        ("Bank Sulteng Cabang Palu", "2026-02-10", true),
        ("bank sulteng cabang palu", "2026-01-05", true),
        ("BPR Nusa", "2026-02-10", false),
        ("Analis Kredit", "2026-02-10", true),
        ("Bank Sulteng Cabang Palu", "2025-11-30", true),
        ("analis kredit", "2026-01-05", true),
    ];
    let mut sessions = Vec::new();
    for (provider, held_on, ours) in plan {
        let mut input = json!({ "groupId": capital.group, "provider": provider, "topic": "FINANCIAL_ADMINISTRATION", "heldOn": held_on });
        // Bank Sulteng records its own; ADMIN records the other lender's.
        let token = if ours { &capital.lender_token } else { &capital.admin };
        if !ours {
            input["lenderId"] = json!(other);
        }
        let data = app.ok(Some(token), RECORD_SESSION, json!({ "input": input })).await;
        assert_eq!(data["recordMentoringSession"]["userErrors"], json!([]), "{data:#}");
        if ours {
            let id = data["recordMentoringSession"]["session"]["id"].as_str().unwrap().to_string();
            let keys =
                vec![("PROVIDER", text(provider)), ("HELD_ON", Key::Text(held_on.into())), ("RECORDING", Key::Missing)];
            sessions.push(Item { id, keys });
        }
    }
    let list = nested("Lender", &capital.lender, "mentoringSessions", "MentoringSessionOrder");
    check_orders(
        &app,
        &capital.admin,
        &list,
        &registered_as(sessions, "RECORDING"),
        &["HELD_ON", "PROVIDER", "RECORDING"],
    )
    .await;
}
