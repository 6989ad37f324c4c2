//! Submitting applications: the applicant, scheme, amount and chair rules, drafts, who may
//! submit, and that a refused submission writes nothing.

use serde_json::{Value, json};
use umkm_graph::access::Role;

use super::*;

const UPDATE_GROUP: &str = "mutation($input: UpdateGroupInput!) { updateGroup(input: $input) { userErrors { code } } }";

async fn application_count(app: &TestApp, admin: &str) -> i64 {
    let data = app.ok(Some(admin), "{ financingApplications { totalCount } }", json!({})).await;
    data["financingApplications"]["totalCount"].as_i64().unwrap()
}

/// Asserts that a submission was refused with exactly these (field, code) user errors.
fn assert_refused(payload: &Value, expected: &[(&str, &str)], what: &str) {
    let got: Vec<(String, String)> = payload["userErrors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["field"][1].as_str().unwrap_or("").to_string(), e["code"].as_str().unwrap().to_string()))
        .collect();
    let expected: Vec<(String, String)> = expected.iter().map(|(f, c)| (f.to_string(), c.to_string())).collect();
    assert_eq!(got, expected, "{what}: {payload:#}");
    assert!(payload["application"].is_null(), "{what}: {payload:#}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_group_applies_through_its_chair_for_an_amount_inside_the_range() {
    let app = TestApp::new().await;
    let capital = Capital::new(&app).await;
    let admin = &capital.admin;

    // The bounds of the range are inside it; one rupiah beyond either is not.
    for (amount, refused) in [(MIKRO.0 - 1, true), (MIKRO.1 + 1, true), (0, true), (MIKRO.0, false), (MIKRO.1, false)] {
        let payload = submit(&app, admin, capital.group_application(amount)).await;
        if refused {
            assert_refused(&payload, &[("amountRequested", "AMOUNT_OUT_OF_RANGE")], &format!("Rp{amount}"));
        } else {
            assert_eq!(payload["userErrors"], json!([]), "Rp{amount}: {payload:#}");
        }
    }
    assert_eq!(application_count(&app, admin).await, 2, "only the two amounts inside the range were written");

    let payload = submit(&app, admin, capital.group_application(25_000_000)).await;
    let application = &payload["application"];
    assert_eq!(application["status"], "SUBMITTED");
    assert_eq!(application["amountRequested"], 25_000_000);
    assert!(application["amountApproved"].is_null());
    assert_eq!(application["group"]["id"], capital.group.as_str());
    assert!(application["member"].is_null());
    assert_eq!(application["appliedBy"]["id"], capital.chair.as_str(), "the ketua applies for the group");
    assert_eq!(application["lender"]["id"], capital.lender.as_str());
    assert_eq!(application["nextStatuses"], json!(["UNDER_REVIEW", "WITHDRAWN"]));
    let history = application["history"].as_array().unwrap();
    assert_eq!(history.len(), 1, "{payload:#}");
    assert_eq!(history[0]["from"], Value::Null);
    assert_eq!(history[0]["to"], "SUBMITTED");
    assert_eq!(history[0]["actor"], "Dinas test admin");
    assert_eq!(history[0]["at"], application["submittedAt"]);
    let at = history[0]["at"].as_str().unwrap();
    assert!(at.len() == 20 && at.ends_with('Z') && at.as_bytes()[10] == b'T', "RFC 3339 in UTC to the second: {at}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_scheme_the_applicant_and_the_chair_must_allow_it() {
    let app = TestApp::new().await;
    let capital = Capital::new(&app).await;
    let admin = &capital.admin;

    // A members-only scheme refuses a group; the same scheme takes the member.
    let mut input = capital.group_application(5_000_000);
    input["schemeId"] = json!(capital.super_mikro);
    assert_refused(&submit(&app, admin, input).await, &[("schemeId", "GROUPS_NOT_ACCEPTED")], "group to Super Mikro");
    let payload = submit(&app, admin, capital.member_application(5_000_000)).await;
    assert_eq!(payload["userErrors"], json!([]), "{payload:#}");
    assert_eq!(payload["application"]["member"]["id"], capital.member.as_str());
    assert!(payload["application"]["group"].is_null());
    assert!(payload["application"]["appliedBy"].is_null(), "a member applies for themself");

    // One applicant, not none nor two.
    let mut both = capital.member_application(5_000_000);
    both["groupId"] = json!(capital.group);
    assert_refused(&submit(&app, admin, both).await, &[("memberId", "TOO_MANY_APPLICANTS")], "two applicants");
    let mut none = capital.member_application(5_000_000);
    none.as_object_mut().unwrap().remove("memberId");
    assert_refused(&submit(&app, admin, none).await, &[("groupId", "APPLICANT_REQUIRED")], "no applicant");

    // Ids that name nothing.
    for (field, id) in [("schemeId", "RmluYW5jaW5nU2NoZW1lOjk5"), ("memberId", "TWVtYmVyOjk5"), ("memberId", "garbage")]
    {
        let mut input = capital.member_application(5_000_000);
        input[field] = json!(id);
        assert_refused(&submit(&app, admin, input).await, &[(field, "NOT_FOUND")], id);
    }

    // A term beyond the scheme's, a blank purpose.
    let mut input = capital.group_application(20_000_000);
    input["tenorMonths"] = json!(61);
    input["purpose"] = json!("  ");
    assert_refused(
        &submit(&app, admin, input).await,
        &[("tenorMonths", "TENOR_OUT_OF_RANGE"), ("purpose", "REQUIRED")],
        "long term, no purpose",
    );

    // A deactivated scheme takes nothing.
    let off = json!({ "input": { "id": capital.mikro, "active": false } });
    app.ok(Some(admin), UPDATE_SCHEME, off).await;
    assert_refused(
        &submit(&app, admin, capital.group_application(20_000_000)).await,
        &[("schemeId", "SCHEME_INACTIVE")],
        "inactive scheme",
    );
    app.ok(Some(admin), UPDATE_SCHEME, json!({ "input": { "id": capital.mikro, "active": true } })).await;

    // A group without a ketua cannot apply, nor can an inactive group.
    let headless = register_group(&app, admin, BESUSU_BARAT, "KUB Tanpa Ketua").await;
    add_member(&app, admin, &headless, "Anggota Saja", "MEMBER", 7).await;
    let mut input = capital.group_application(20_000_000);
    input["groupId"] = json!(headless);
    assert_refused(&submit(&app, admin, input.clone()).await, &[("groupId", "NO_CHAIR")], "no chair");
    let chair = add_member(&app, admin, &headless, "Ketua Baru", "CHAIR", 8).await;
    let payload = submit(&app, admin, input.clone()).await;
    assert_eq!(payload["application"]["appliedBy"]["id"], chair.as_str(), "{payload:#}");
    app.ok(Some(admin), UPDATE_GROUP, json!({ "input": { "id": headless, "status": "INACTIVE" } })).await;
    assert_refused(&submit(&app, admin, input).await, &[("groupId", "GROUP_NOT_ACTIVE")], "inactive group");

    assert_eq!(application_count(&app, admin).await, 2, "only the two accepted submissions were written");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn admin_and_the_officer_of_the_kelurahan_submit_drafts_and_applications() {
    let app = TestApp::new().await;
    let capital = Capital::new(&app).await;
    let tengah = app.token(Role::Officer, "Fasilitator Besusu Tengah", &[BESUSU_TENGAH]).await;
    let agency = app.token(Role::Agency, "Dinas Sosial", &[]).await;
    let input = json!({ "input": capital.group_application(20_000_000) });
    for (who, token, code) in [
        ("PUBLIC", None, "UNAUTHENTICATED"),
        ("AGENCY", Some(&agency), "FORBIDDEN"),
        ("LENDER", Some(&capital.lender_token), "FORBIDDEN"),
        ("OFFICER of Besusu Tengah", Some(&tengah), "FORBIDDEN"),
    ] {
        let body = app.gql(token.map(String::as_str), SUBMIT, input.clone()).await;
        assert_eq!(error_codes(&body), [code], "submit as {who}: {body:#}");
        assert!(body["data"]["submitFinancingApplication"].is_null(), "{who}: {body:#}");
    }
    assert_eq!(application_count(&app, &capital.admin).await, 0);

    // The officer of Besusu Barat keeps a draft, then sends it.
    let mut draft = capital.member_application(4_000_000);
    draft["draft"] = json!(true);
    let payload = submit(&app, &capital.officer, draft).await;
    let application = &payload["application"];
    assert_eq!(application["status"], "DRAFT", "{payload:#}");
    assert!(application["submittedAt"].is_null(), "a draft was not sent");
    assert_eq!(application["nextStatuses"], json!(["SUBMITTED", "WITHDRAWN"]));
    assert_eq!(application["history"][0]["actor"], "Fasilitator Besusu Barat");
    let id = application["id"].as_str().unwrap();
    let sent = move_ok(&app, &capital.officer, id, "SUBMITTED", 0).await;
    assert!(sent["submittedAt"].is_string(), "{sent:#}");
    assert_eq!(
        sent["history"].as_array().unwrap().iter().map(|e| (&e["from"], &e["to"])).collect::<Vec<_>>(),
        [(&Value::Null, &json!("DRAFT")), (&json!("DRAFT"), &json!("SUBMITTED"))]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_draft_is_held_to_the_rules_when_it_is_sent() {
    let app = TestApp::new().await;
    let capital = Capital::new(&app).await;
    let admin = &capital.admin;
    let draft = capital.application_in(&app, "DRAFT", 20_000_000).await;
    // Meanwhile the scheme closes and its range moves away from the amount.
    let change = json!({ "input": { "id": capital.mikro, "active": false, "minAmount": 30_000_000 } });
    app.ok(Some(admin), UPDATE_SCHEME, change).await;
    let body = move_application(&app, admin, &draft, "SUBMITTED", json!({})).await;
    let payload = &body["data"]["moveFinancingApplication"];
    let errors: Vec<(&Value, &Value)> =
        payload["userErrors"].as_array().unwrap().iter().map(|e| (&e["field"], &e["code"])).collect();
    let at = json!(["input", "applicationId"]);
    assert_eq!(errors, [(&at, &json!("SCHEME_INACTIVE")), (&at, &json!("AMOUNT_OUT_OF_RANGE"))], "{body:#}");
    assert_eq!(status_of(&app, admin, &draft).await["status"], "DRAFT");
    // It can still be withdrawn.
    move_ok(&app, admin, &draft, "WITHDRAWN", 0).await;
}
