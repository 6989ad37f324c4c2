//! Races: a financing submission against a concurrent removal of its member, a
//! concurrent deactivation of its scheme, and two concurrent changes of a scheme's range. Each
//! mutation checks its rules on rows locked inside the transaction that writes, so that of
//! two concurrent mutations the second sees the first's outcome: never INTERNAL, never an
//! application deleted by the removal of its member, never a range with min above max.

use serde_json::{Value, json};
use umkm_graph::ids::MemberId;

use super::*;

const ROUNDS: u32 = 10;

const REMOVE: &str = "mutation($input: RemoveMemberInput!) { removeMember(input: $input) { removedMemberId userErrors { field code } } }";

const APPLICATION_COUNT: &str = "{ financingApplications { totalCount } }";

const MEMBER_NODE: &str = "query($id: ID!) { node(id: $id) { ... on Member { id } } }";

/// The payload of a mutation whose response must have no top-level error (no INTERNAL).
fn payload(body: &Value, field: &str) -> Value {
    assert!(body.get("errors").is_none(), "{field}: {body:#}");
    body["data"][field].clone()
}

async fn application_count(app: &TestApp, admin: &str) -> i64 {
    app.ok(Some(admin), APPLICATION_COUNT, json!({})).await["financingApplications"]["totalCount"].as_i64().unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_removal_and_a_concurrent_application_of_the_member_never_lose_the_application() {
    let app = TestApp::new().await;
    let capital = Capital::new(&app).await;
    let admin = &capital.admin;
    let (mut removed, mut applied) = (0, 0);
    for round in 0..ROUNDS {
        let member = add_member(&app, admin, &capital.group, "Anggota Baru", "MEMBER", 10 + round).await;
        let before = application_count(&app, admin).await;
        let input = json!({ "schemeId": capital.super_mikro, "memberId": member, "amountRequested": 5_000_000,
                            "purpose": "Gerobak dagang" });
        let (submitted, removal) = tokio::join!(
            app.gql(Some(&capital.officer), SUBMIT, json!({ "input": input })),
            app.gql(Some(admin), REMOVE, json!({ "input": { "id": member } })),
        );
        let submitted = payload(&submitted, "submitFinancingApplication");
        let removal = payload(&removal, "removeMember");
        let member_now = app.ok(Some(admin), MEMBER_NODE, json!({ "id": member })).await["node"].clone();
        let after = application_count(&app, admin).await;
        match (user_error_codes(&submitted).as_slice(), user_error_codes(&removal).as_slice()) {
            // The application came first: the member stays, and so does the application.
            ([], [code]) if code == "OPEN_FINANCING" => {
                let id = submitted["application"]["id"].as_str().unwrap();
                assert_eq!(status_of(&app, admin, id).await["status"], "SUBMITTED", "round {round}");
                assert_eq!(member_now["id"], member.as_str(), "round {round}");
                assert_eq!(after, before + 1, "round {round}");
                applied += 1;
            }
            // The removal came first: the application finds no member, and nothing is written.
            ([code], []) if code == "NOT_FOUND" => {
                assert_eq!(submitted["userErrors"][0]["field"], json!(["input", "memberId"]), "round {round}");
                assert_eq!(removal["removedMemberId"], member.as_str(), "round {round}");
                assert!(member_now.is_null(), "round {round}");
                assert_eq!(after, before, "round {round}");
                removed += 1;
            }
            other => panic!("round {round}: not one of the allowed outcomes: {other:?}\n{submitted:#}\n{removal:#}"),
        }
    }
    assert_eq!(removed + applied, ROUNDS);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_application_of_a_removed_member_is_not_found() {
    let app = TestApp::new().await;
    let capital = Capital::new(&app).await;
    let data = app.ok(Some(&capital.admin), REMOVE, json!({ "input": { "id": capital.member } })).await;
    assert_eq!(data["removeMember"]["removedMemberId"], capital.member.as_str(), "{data:#}");
    let payload = submit(&app, &capital.officer, capital.member_application(5_000_000)).await;
    assert_eq!(user_error_codes(&payload), ["NOT_FOUND"], "{payload:#}");
    assert_eq!(payload["userErrors"][0]["field"], json!(["input", "memberId"]));
    assert_eq!(application_count(&app, &capital.admin).await, 0);
}

/// Sleeps without the tokio `time` feature.
async fn pause(millis: u64) {
    tokio::task::spawn_blocking(move || std::thread::sleep(std::time::Duration::from_millis(millis))).await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn an_application_waiting_on_a_removal_in_progress_finds_no_member() {
    let app = TestApp::new().await;
    let capital = Capital::new(&app).await;
    let member = MemberId::from_global(&capital.member).unwrap();
    let (group, now) = (umkm_graph::ids::GroupId::from_global(&capital.group).unwrap(), umkm_graph::clock::now_utc());
    let (removing, go) = tokio::sync::oneshot::channel::<()>();
    let mut conn = app.app.db.conn().await.unwrap();
    // Another writer removes the member (locking the group first, as removeMember does) and
    // holds its transaction open while the request reads the member and then waits to write.
    let writer = conn.transaction(async |conn| {
        umkm_graph::groups::model::lock(conn, group, now).await?;
        assert_eq!(umkm_graph::members::model::delete(conn, member).await?, 1);
        let before = app.statements();
        removing.send(()).unwrap();
        // The request authenticates, reads the member, its group and the scheme, and starts
        // its transaction, which waits for this one.
        for _ in 0..100 {
            if app.statements() >= before + 5 {
                break;
            }
            pause(20).await;
        }
        pause(200).await;
        Ok::<_, diesel::result::Error>(())
    });
    let request = async {
        go.await.unwrap();
        app.gql(Some(&capital.officer), SUBMIT, json!({ "input": capital.member_application(5_000_000) })).await
    };
    let (written, body) = tokio::join!(writer, request);
    written.expect("the removal commits");
    let payload = payload(&body, "submitFinancingApplication");
    assert_eq!(user_error_codes(&payload), ["NOT_FOUND"], "{payload:#}");
    assert_eq!(application_count(&app, &capital.admin).await, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_deactivation_and_a_concurrent_application_agree() {
    let app = TestApp::new().await;
    let capital = Capital::new(&app).await;
    let admin = &capital.admin;
    for round in 0..ROUNDS {
        let scheme = add_scheme(&app, admin, &capital.lender, &format!("KUR Putaran {round}"), MIKRO, true).await;
        let before = application_count(&app, admin).await;
        let input = json!({ "schemeId": scheme, "groupId": capital.group, "amountRequested": 30_000_000,
                            "purpose": "Modal kerja" });
        let (submitted, update) = tokio::join!(
            app.gql(Some(&capital.officer), SUBMIT, json!({ "input": input })),
            app.gql(Some(&capital.lender_token), UPDATE_SCHEME, json!({ "input": { "id": scheme, "active": false } })),
        );
        let submitted = payload(&submitted, "submitFinancingApplication");
        let update = payload(&update, "updateFinancingScheme");
        assert_eq!(update["userErrors"], json!([]), "round {round}");
        assert_eq!(update["scheme"]["active"], false, "round {round}");
        let after = application_count(&app, admin).await;
        match user_error_codes(&submitted).as_slice() {
            [] => assert_eq!(after, before + 1, "round {round}"),
            [code] if code == "SCHEME_INACTIVE" => assert_eq!(after, before, "round {round}"),
            other => panic!("round {round}: {other:?}: {submitted:#}"),
        }
        // Once deactivated, the scheme takes nothing more.
        let late = submit(&app, &capital.officer, input_for(&scheme, &capital.group)).await;
        assert_eq!(user_error_codes(&late), ["SCHEME_INACTIVE"], "round {round}");
    }
}

fn input_for(scheme: &str, group: &str) -> Value {
    json!({ "schemeId": scheme, "groupId": group, "amountRequested": 30_000_000, "purpose": "Modal kerja" })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_concurrent_changes_of_a_range_never_cross_its_bounds() {
    let app = TestApp::new().await;
    let capital = Capital::new(&app).await;
    let admin = &capital.admin;
    for round in 0..ROUNDS {
        let scheme = add_scheme(&app, admin, &capital.lender, &format!("KUR Rentang {round}"), MIKRO, true).await;
        // Each change is valid against the range both read first; together they cross.
        let (raise_min, lower_max) = tokio::join!(
            app.gql(Some(admin), UPDATE_SCHEME, json!({ "input": { "id": scheme, "minAmount": 60_000_000 } })),
            app.gql(
                Some(&capital.lender_token),
                UPDATE_SCHEME,
                json!({ "input": { "id": scheme, "maxAmount": 50_000_000 } })
            ),
        );
        let (raise_min, lower_max) =
            (payload(&raise_min, "updateFinancingScheme"), payload(&lower_max, "updateFinancingScheme"));
        let codes = [user_error_codes(&raise_min), user_error_codes(&lower_max)];
        let refused = codes.iter().filter(|c| c.as_slice() == ["INVALID_RANGE"]).count();
        let done = codes.iter().filter(|c| c.is_empty()).count();
        assert_eq!((done, refused), (1, 1), "round {round}: {raise_min:#} {lower_max:#}");
        let range = app
            .ok(
                Some(admin),
                "query($id: ID!) { node(id: $id) { ... on FinancingScheme { minAmount maxAmount } } }",
                json!({ "id": scheme }),
            )
            .await["node"]
            .clone();
        let expected = if codes[0].is_empty() { (60_000_000, 100_000_000) } else { (10_000_001, 50_000_000) };
        assert_eq!((range["minAmount"].as_i64(), range["maxAmount"].as_i64()), (Some(expected.0), Some(expected.1)));
    }
}
