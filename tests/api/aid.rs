//! Aid programmes: the sector guard and its override, the budget, mentor before delivery,
//! monitoring flags, reports and who sees allocations.

use serde_json::{Value, json};
use umkm_graph::access::token::{self, TokenSpec};
use umkm_graph::access::{Grant, Role};

use crate::common::*;

const CREATE_PROGRAM: &str = "mutation($input: CreateAidProgramInput!) { createAidProgram(input: $input) {
    program { id name agency year kind budget allocated } userErrors { field code message } } }";
pub(crate) const ALLOCATE: &str = "mutation($input: AllocateAidInput!) { allocateAid(input: $input) {
    allocation { id sector value status mentor overrideReason items { name quantity unitValue } group { id } program { id } }
    userErrors { field code message } } }";
const DELIVER: &str = "mutation($input: DeliverAidAllocationInput!) { deliverAidAllocation(input: $input) {
    allocation { id status mentor deliveredOn } userErrors { field code message } } }";
const MONITOR: &str = "mutation($input: RecordAidMonitoringInput!) { recordAidMonitoring(input: $input) {
    allocation { id status lastKnownState flagged monitoring { visitedOn state flagged recordedBy } } userErrors { field code message } } }";

fn day(offset: i64) -> String {
    (chrono::Utc::now() + chrono::Duration::hours(8) + chrono::Duration::days(offset)).format("%Y-%m-%d").to_string()
}

async fn aid_agency(app: &TestApp) -> String {
    let spec = TokenSpec {
        role: Role::Agency,
        name: "Dinas Sosial Kota Palu".into(),
        kelurahan_codes: vec![],
        lender_id: None,
        grants: vec![Grant::Aid],
    };
    token::create(&mut app.app.db.conn().await.unwrap(), &spec).await.unwrap().1
}

pub(crate) async fn program(app: &TestApp, token: &str, budget: i64) -> String {
    let input = json!({ "name": "Bantuan Peralatan 2026", "agency": "Dinas Sosial Kota Palu", "year": 2026, "kind": "EQUIPMENT", "budget": budget });
    let data = app.ok(Some(token), CREATE_PROGRAM, json!({ "input": input })).await;
    assert_eq!(data["createAidProgram"]["userErrors"], json!([]), "{data:#}");
    data["createAidProgram"]["program"]["id"].as_str().unwrap().to_string()
}

pub(crate) fn allocation(program: &str, group: &str, sector: &str, quantity: i64, unit_value: i64) -> Value {
    json!({ "programId": program, "groupId": group, "sector": sector,
            "items": [{ "name": "Mesin", "quantity": quantity, "unitValue": unit_value }] })
}

/// A FOOD_BEVERAGE group with four members: two skilled in CRAFT, one in FASHION_TEXTILE.
async fn food_group(app: &TestApp, admin: &str) -> String {
    let group = register_group(app, admin, BESUSU_BARAT, "KUB Abon").await;
    for (serial, skills) in
        [(1, vec!["CRAFT"]), (2, vec!["CRAFT", "FOOD_BEVERAGE"]), (3, vec!["FASHION_TEXTILE"]), (4, vec![])]
    {
        let female = serial % 2 == 0;
        let input = json!({ "groupId": group, "fullName": format!("Anggota {serial}"), "nik": nik(serial, 3, 85, female, serial),
                            "gender": if female { "FEMALE" } else { "MALE" }, "role": if serial == 1 { "CHAIR" } else { "MEMBER" }, "skills": skills });
        let data = app.ok(Some(admin), ADD_MEMBER, json!({ "input": input })).await;
        assert_eq!(data["addMember"]["userErrors"], json!([]), "{data:#}");
    }
    group
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_sector_guard_refuses_the_wrong_trade_unless_an_admin_overrides() {
    let app = TestApp::new().await;
    let admin = app.admin().await;
    let agency = aid_agency(&app).await;
    let program = program(&app, &agency, 100_000_000).await;
    let group = food_group(&app, &admin).await;

    // The group's own trade, and a skill of half of its members, pass.
    for sector in ["FOOD_BEVERAGE", "CRAFT"] {
        let data = app
            .ok(Some(&agency), ALLOCATE, json!({ "input": allocation(&program, &group, sector, 1, 1_000_000) }))
            .await;
        assert_eq!(data["allocateAid"]["userErrors"], json!([]), "{sector}: {data:#}");
        assert_eq!(data["allocateAid"]["allocation"]["overrideReason"], json!(null));
    }
    // One member in four is not enough.
    let data = app
        .ok(Some(&agency), ALLOCATE, json!({ "input": allocation(&program, &group, "FASHION_TEXTILE", 1, 1_000_000) }))
        .await;
    assert_eq!(user_error_codes(&data["allocateAid"]), ["SECTOR_MISMATCH"]);
    let error = &data["allocateAid"]["userErrors"][0];
    assert_eq!(error["field"], json!(["input", "sector"]));
    let message = error["message"].as_str().unwrap();
    assert!(
        message.contains("FOOD_BEVERAGE") && message.contains("CRAFT (2)") && message.contains("FASHION_TEXTILE (1)"),
        "{message}"
    );
    // Only an ADMIN may override.
    let mut input = allocation(&program, &group, "FASHION_TEXTILE", 1, 1_000_000);
    input["overrideReason"] = json!("the group is starting a tenun line with a trainer");
    let data = app.ok(Some(&agency), ALLOCATE, json!({ "input": input })).await;
    assert_eq!(user_error_codes(&data["allocateAid"]), ["OVERRIDE_NOT_ALLOWED"]);
    let data = app.ok(Some(&admin), ALLOCATE, json!({ "input": input })).await;
    assert_eq!(data["allocateAid"]["userErrors"], json!([]));
    assert_eq!(
        data["allocateAid"]["allocation"]["overrideReason"],
        "the group is starting a tenun line with a trainer"
    );
    assert_eq!(data["allocateAid"]["allocation"]["status"], "PLANNED");

    let report = "query($id: ID!) { node(id: $id) { ... on AidProgram { allocated report { allocationCount overrideCount allocated } } } }";
    let data = app.ok(None, report, json!({ "id": program })).await;
    assert_eq!(
        data["node"],
        json!({ "allocated": 3_000_000, "report": { "allocationCount": 3, "overrideCount": 1, "allocated": 3_000_000 } })
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_budget_cannot_be_exceeded_and_nothing_is_half_saved() {
    let app = TestApp::new().await;
    let admin = app.admin().await;
    let program = program(&app, &admin, 10_000_000).await;
    let group = food_group(&app, &admin).await;
    let data = app
        .ok(Some(&admin), ALLOCATE, json!({ "input": allocation(&program, &group, "FOOD_BEVERAGE", 3, 2_500_000) }))
        .await;
    assert_eq!(data["allocateAid"]["allocation"]["value"], 7_500_000);
    assert_eq!(
        data["allocateAid"]["allocation"]["items"],
        json!([{ "name": "Mesin", "quantity": 3, "unitValue": 2_500_000 }])
    );
    let data = app
        .ok(Some(&admin), ALLOCATE, json!({ "input": allocation(&program, &group, "FOOD_BEVERAGE", 2, 1_500_000) }))
        .await;
    assert_eq!(user_error_codes(&data["allocateAid"]), ["BUDGET_EXCEEDED"]);
    assert!(data["allocateAid"]["userErrors"][0]["message"].as_str().unwrap().contains("2500000"));
    // Exactly what is left fits.
    let data = app
        .ok(Some(&admin), ALLOCATE, json!({ "input": allocation(&program, &group, "FOOD_BEVERAGE", 1, 2_500_000) }))
        .await;
    assert_eq!(data["allocateAid"]["userErrors"], json!([]));
    for (input, code) in [
        (json!({ "programId": program, "groupId": group, "sector": "FOOD_BEVERAGE", "items": [] }), "INVALID_ITEMS"),
        (allocation(&program, &group, "FOOD_BEVERAGE", 0, 1), "INVALID_QUANTITY"),
        (allocation(&program, &group, "FOOD_BEVERAGE", 2_000_000_000, 100_000_000_000_000), "VALUE_TOO_LARGE"),
        (allocation("QWlkUHJvZ3JhbTo5OTk", &group, "FOOD_BEVERAGE", 1, 1), "NOT_FOUND"),
    ] {
        let data = app.ok(Some(&admin), ALLOCATE, json!({ "input": input })).await;
        assert_eq!(user_error_codes(&data["allocateAid"]), [code], "{input}");
    }
    let data = app
        .ok(
            None,
            "query($id: ID!) { node(id: $id) { ... on AidProgram { allocated report { allocationCount } } } }",
            json!({ "id": program }),
        )
        .await;
    assert_eq!(data["node"], json!({ "allocated": 10_000_000, "report": { "allocationCount": 2 } }));
    // The budget cannot be cut below what is allocated.
    let update = "mutation($input: UpdateAidProgramInput!) { updateAidProgram(input: $input) { program { budget } userErrors { code } } }";
    let data = app.ok(Some(&admin), update, json!({ "input": { "id": program, "budget": 9_999_999 } })).await;
    assert_eq!(user_error_codes(&data["updateAidProgram"]), ["BUDGET_EXCEEDED"]);
    let data = app.ok(Some(&admin), update, json!({ "input": { "id": program, "budget": 20_000_000 } })).await;
    assert_eq!(data["updateAidProgram"]["program"]["budget"], 20_000_000);
}

/// 10^14 - 1 rupiah: odd, so that a sum of them is no JavaScript number (above 2^53 these
/// are all even).
const NEAR_CAP: i64 = 99_999_999_999_999;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn aid_figures_beyond_2_53_are_exact_decimal_strings() {
    let app = TestApp::new().await;
    let admin = app.admin().await;
    let group = food_group(&app, &admin).await;
    // A programme's allocations stay within its budget (at most 10^14), so only a
    // kelurahan's figures, over many programmes, pass 2^53 (9,007,199,254,740,992).
    let mut first = None;
    for n in 0..91 {
        let program = program(&app, &admin, NEAR_CAP).await;
        // Amounts may come as strings of digits too.
        let input = json!({ "programId": program, "groupId": group, "sector": "FOOD_BEVERAGE",
                            "items": [{ "name": "Mesin", "quantity": 1, "unitValue": NEAR_CAP.to_string() }] });
        let data = app.ok(Some(&admin), ALLOCATE, json!({ "input": input })).await;
        assert_eq!(data["allocateAid"]["userErrors"], json!([]), "{n}: {data:#}");
        assert_eq!(data["allocateAid"]["allocation"]["value"], NEAR_CAP);
        first.get_or_insert(program);
    }
    let program = first.unwrap();
    // A full programme refuses one rupiah more, whatever the sums elsewhere.
    let data =
        app.ok(Some(&admin), ALLOCATE, json!({ "input": allocation(&program, &group, "FOOD_BEVERAGE", 1, 1) })).await;
    assert_eq!(user_error_codes(&data["allocateAid"]), ["BUDGET_EXCEEDED"]);
    assert!(data["allocateAid"]["userErrors"][0]["message"].as_str().unwrap().contains("only Rp0 of the budget"));

    let query = "query($id: ID!) { node(id: $id) { ... on AidProgram { budget allocated report { allocated } } }
        kelurahan(code: \"72.71.01.1004\") { aidReport { allocationCount allocated } } }";
    let data = app.ok(None, query, json!({ "id": program })).await;
    // Below 2^53 a JSON number, above it the exact sum as a string.
    assert_eq!(data["node"], json!({ "budget": NEAR_CAP, "allocated": NEAR_CAP, "report": { "allocated": NEAR_CAP } }));
    assert_eq!(data["kelurahan"]["aidReport"], json!({ "allocationCount": 91, "allocated": "9099999999999909" }));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn aid_sums_beyond_a_bigint_do_not_overflow() {
    let app = TestApp::new().await;
    let admin = app.admin().await;
    let group = food_group(&app, &admin).await;
    let program = program(&app, &admin, NEAR_CAP).await;
    let data = app
        .ok(Some(&admin), ALLOCATE, json!({ "input": allocation(&program, &group, "FOOD_BEVERAGE", 1, NEAR_CAP) }))
        .await;
    assert_eq!(data["allocateAid"]["userErrors"], json!([]), "{data:#}");
    // Passing a BIGINT takes 92,234 amounts of 10^14; the API, which keeps each programme
    // within its budget, would need as many programmes. The allocation is copied in SQL
    // instead (bypassing the budget, which the figures do not read): 92,301 in all.
    let copies = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 92300) \
        INSERT INTO aid_allocations (program_id, group_id, sector, value, mentor, status, override_reason, delivered_on, created_at, updated_at) \
        SELECT program_id, group_id, sector, value, mentor, status, override_reason, delivered_on, created_at, updated_at \
        FROM aid_allocations, n";
    {
        let mut conn = app.app.db.conn().await.unwrap();
        let conn = &mut conn;
        umkm_graph::db_run!(conn: { diesel_async::SimpleAsyncConnection::batch_execute(conn, copies).await }).unwrap();
    }
    let query = "query($id: ID!) { node(id: $id) { ... on AidProgram { allocated } }
        kelurahan(code: \"72.71.01.1004\") { aidReport { allocationCount allocated } } }";
    let data = app.ok(None, query, json!({ "id": program })).await;
    // 92,301 × 99,999,999,999,999, beyond 2^63 - 1 (9,223,372,036,854,775,807).
    let total = "9230099999999907699";
    assert_eq!(data["node"]["allocated"], total);
    assert_eq!(data["kelurahan"]["aidReport"], json!({ "allocationCount": 92_301, "allocated": total }));
    // The budget check reads the same sum, and still refuses.
    let data =
        app.ok(Some(&admin), ALLOCATE, json!({ "input": allocation(&program, &group, "FOOD_BEVERAGE", 1, 1) })).await;
    assert_eq!(user_error_codes(&data["allocateAid"]), ["BUDGET_EXCEEDED"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn single_amounts_are_capped_at_10_14_rupiah() {
    let app = TestApp::new().await;
    let admin = app.admin().await;
    let input = |budget: Value| {
        json!({ "input": { "name": "Bantuan Peralatan 2026", "agency": "Dinas Sosial Kota Palu", "year": 2026,
                           "kind": "EQUIPMENT", "budget": budget } })
    };
    for budget in [json!(100_000_000_000_000i64), json!("100000000000000")] {
        let data = app.ok(Some(&admin), CREATE_PROGRAM, input(budget)).await;
        assert_eq!(data["createAidProgram"]["program"]["budget"], 100_000_000_000_000i64);
    }
    for budget in [json!(100_000_000_000_001i64), json!("100000000000001"), json!(-1), json!("1.5"), json!("")] {
        let body = app.gql(Some(&admin), CREATE_PROGRAM, input(budget.clone())).await;
        assert_eq!(body["data"], Value::Null, "{budget}: {body:#}");
        let message = body["errors"][0]["message"].as_str().unwrap();
        assert!(message.contains("at most 100000000000000"), "{budget}: {message}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn delivery_needs_a_mentor_and_monitoring_flags_idle_or_sold_equipment() {
    let app = TestApp::new().await;
    let admin = app.admin().await;
    let program = program(&app, &admin, 100_000_000).await;
    let group = food_group(&app, &admin).await;
    let data = app
        .ok(Some(&admin), ALLOCATE, json!({ "input": allocation(&program, &group, "FOOD_BEVERAGE", 1, 5_000_000) }))
        .await;
    let id = data["allocateAid"]["allocation"]["id"].clone();

    let data = app
        .ok(Some(&admin), MONITOR, json!({ "input": { "allocationId": id, "visitedOn": day(0), "state": "IN_USE" } }))
        .await;
    assert_eq!(user_error_codes(&data["recordAidMonitoring"]), ["NOT_DELIVERED"]);
    let data = app.ok(Some(&admin), DELIVER, json!({ "input": { "allocationId": id } })).await;
    assert_eq!(user_error_codes(&data["deliverAidAllocation"]), ["MENTOR_REQUIRED"]);
    let data = app
        .ok(
            Some(&admin),
            DELIVER,
            json!({ "input": { "allocationId": id, "mentor": "Ibu Rahma (PKH)", "deliveredOn": day(-20) } }),
        )
        .await;
    assert_eq!(
        data["deliverAidAllocation"]["allocation"],
        json!({ "id": id, "status": "DELIVERED", "mentor": "Ibu Rahma (PKH)", "deliveredOn": day(-20) })
    );
    let data = app.ok(Some(&admin), DELIVER, json!({ "input": { "allocationId": id, "mentor": "x" } })).await;
    assert_eq!(user_error_codes(&data["deliverAidAllocation"]), ["INVALID_TRANSITION"]);

    let data = app
        .ok(Some(&admin), MONITOR, json!({ "input": { "allocationId": id, "visitedOn": day(-30), "state": "IN_USE" } }))
        .await;
    assert_eq!(user_error_codes(&data["recordAidMonitoring"]), ["INVALID_DATE_RANGE"]);
    let data = app
        .ok(Some(&admin), MONITOR, json!({ "input": { "allocationId": id, "visitedOn": day(-10), "state": "IN_USE" } }))
        .await;
    let allocation = &data["recordAidMonitoring"]["allocation"];
    assert_eq!((allocation["status"].as_str(), allocation["flagged"].as_bool()), (Some("MONITORED"), Some(false)));
    let officer = app.token(Role::Officer, "Fasilitator Besusu Barat", &[BESUSU_BARAT]).await;
    let data = app
        .ok(
            Some(&officer),
            MONITOR,
            json!({ "input": { "allocationId": id, "visitedOn": day(-1), "state": "SOLD", "notes": "dijual" } }),
        )
        .await;
    let allocation = &data["recordAidMonitoring"]["allocation"];
    assert_eq!(allocation["lastKnownState"], "SOLD");
    assert_eq!(allocation["flagged"], true);
    assert_eq!(
        allocation["monitoring"][0],
        json!({ "visitedOn": day(-1), "state": "SOLD", "flagged": true, "recordedBy": "Fasilitator Besusu Barat" })
    );
    assert_eq!(allocation["monitoring"][1]["flagged"], false);

    // The figures count it, per programme and per kelurahan.
    let data = app
        .ok(
            None,
            "query($id: ID!) { node(id: $id) { ... on AidProgram { report { idleOrSoldCount } } }
        kelurahan(code: \"72.71.01.1004\") { aidReport { allocationCount allocated idleOrSoldCount overrideCount } } }",
            json!({ "id": program }),
        )
        .await;
    assert_eq!(data["node"]["report"]["idleOrSoldCount"], 1);
    assert_eq!(
        data["kelurahan"]["aidReport"],
        json!({ "allocationCount": 1, "allocated": 5_000_000, "idleOrSoldCount": 1, "overrideCount": 0 })
    );

    // Delivered without any mentoring session of the group, until one is recorded.
    let without = "query($id: ID!) { node(id: $id) { ... on AidProgram { report { deliveredWithoutMentoringCount } } }
        kelurahan(code: \"72.71.01.1004\") { aidReport { deliveredWithoutMentoringCount } } }";
    let data = app.ok(None, without, json!({ "id": program })).await;
    assert_eq!(data["node"]["report"]["deliveredWithoutMentoringCount"], 1);
    assert_eq!(data["kelurahan"]["aidReport"]["deliveredWithoutMentoringCount"], 1);
    let record = "mutation($input: RecordMentoringSessionInput!) { recordMentoringSession(input: $input) { userErrors { code } } }";
    let input = json!({ "groupId": group, "provider": "Dinas Sosial", "topic": "PRODUCTION", "heldOn": day(-5) });
    let data = app.ok(Some(&admin), record, json!({ "input": input })).await;
    assert_eq!(data["recordMentoringSession"]["userErrors"], json!([]));
    let data = app.ok(None, without, json!({ "id": program })).await;
    assert_eq!(data["node"]["report"]["deliveredWithoutMentoringCount"], 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn allocations_are_for_aid_managers_and_the_kelurahan_officer() {
    let app = TestApp::new().await;
    let admin = app.admin().await;
    let agency = aid_agency(&app).await;
    let plain_agency = app.token(Role::Agency, "OJK", &[]).await;
    let officer_here = app.token(Role::Officer, "Fasilitator Besusu Barat", &[BESUSU_BARAT]).await;
    let officer_elsewhere = app.token(Role::Officer, "Fasilitator Talise", &[TALISE]).await;
    let lender = app.token(Role::Lender, "Bank", &[]).await;
    let program = program(&app, &agency, 100_000_000).await;
    let group = food_group(&app, &admin).await;
    app.ok(Some(&agency), ALLOCATE, json!({ "input": allocation(&program, &group, "FOOD_BEVERAGE", 1, 1_000_000) }))
        .await;

    let query = "query($id: ID!) { node(id: $id) { ... on AidProgram { name budget allocations { sector value } } } }";
    for (who, token, expected) in [
        ("ADMIN", Some(admin.as_str()), Ok(1)),
        ("aid AGENCY", Some(agency.as_str()), Ok(1)),
        ("own OFFICER", Some(officer_here.as_str()), Ok(1)),
        ("other OFFICER", Some(officer_elsewhere.as_str()), Ok(0)),
        ("AGENCY without grant", Some(plain_agency.as_str()), Err("FORBIDDEN")),
        ("LENDER", Some(lender.as_str()), Err("FORBIDDEN")),
        ("PUBLIC", None, Err("UNAUTHENTICATED")),
    ] {
        let body = app.gql(token, query, json!({ "id": program })).await;
        assert_eq!(body["data"]["node"]["budget"], 100_000_000, "{who}: the programme is public: {body}");
        match expected {
            Ok(count) => {
                assert_eq!(body["data"]["node"]["allocations"].as_array().map(Vec::len), Some(count), "{who}: {body}")
            }
            Err(code) => assert_eq!(error_codes(&body), [code], "{who}: {body}"),
        }
    }
    // Managing aid: ADMIN and the granted agency only.
    let input = json!({ "name": "x", "agency": "y", "year": 2026, "kind": "TRAINING", "budget": 1 });
    for (token, code) in [
        (Some(plain_agency.as_str()), "FORBIDDEN"),
        (Some(officer_here.as_str()), "FORBIDDEN"),
        (None, "UNAUTHENTICATED"),
    ] {
        assert_eq!(error_codes(&app.gql(token, CREATE_PROGRAM, json!({ "input": input })).await), [code]);
    }
    let body = app
        .gql(Some(&officer_here), ALLOCATE, json!({ "input": allocation(&program, &group, "FOOD_BEVERAGE", 1, 1) }))
        .await;
    assert_eq!(error_codes(&body), ["FORBIDDEN"]);
    let data = app.ok(Some(&agency), "{ viewer { role grants } }", json!({})).await;
    assert_eq!(data["viewer"], json!({ "role": "AGENCY", "grants": ["AID"] }));
    let data = app
        .ok(
            Some(&officer_here),
            "query($id: ID!) { node(id: $id) { ... on BusinessGroup { aidAllocations { value } } } }",
            json!({ "id": group }),
        )
        .await;
    assert_eq!(data["node"]["aidAllocations"], json!([{ "value": 1_000_000 }]));
    let body = app
        .gql(
            Some(&officer_elsewhere),
            "query($id: ID!) { node(id: $id) { ... on BusinessGroup { aidAllocations { value } } } }",
            json!({ "id": group }),
        )
        .await;
    assert_eq!(error_codes(&body), ["FORBIDDEN"]);
}
