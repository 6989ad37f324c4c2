//! Events: capacity, one registration per member, attendance per day, participation per
//! kelurahan, and who sees the names.

use serde_json::json;
use umkm_graph::access::Role;

use crate::common::*;

const CREATE_EVENT: &str = "mutation($input: CreateEventInput!) { createEvent(input: $input) {
    event { id title kind venue startsOn endsOn capacity registeredCount } userErrors { field code } } }";
const REGISTER: &str = "mutation($input: RegisterForEventInput!) { registerForEvent(input: $input) {
    event { registeredCount seatsLeft } userErrors { field code message } } }";
const ATTEND: &str = "mutation($input: RecordEventAttendanceInput!) { recordEventAttendance(input: $input) {
    event { attendance { day attendedCount } } userErrors { field code } } }";

fn day(offset: i64) -> String {
    (chrono::Utc::now() + chrono::Duration::hours(8) + chrono::Duration::days(offset)).format("%Y-%m-%d").to_string()
}

/// A created event from `starts` to `ends` days from today, with `capacity` seats; its global id.
pub async fn event(app: &TestApp, admin: &str, starts: i64, ends: i64, capacity: i32) -> String {
    let input = json!({ "title": "Sosialisasi Permodalan", "kind": "SOCIALIZATION", "venue": "Hotel Sweetama Palu",
                        "startsOn": day(starts), "endsOn": day(ends), "capacity": capacity });
    let data = app.ok(Some(admin), CREATE_EVENT, json!({ "input": input })).await;
    assert_eq!(data["createEvent"]["userErrors"], json!([]), "{data:#}");
    data["createEvent"]["event"]["id"].as_str().unwrap().to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn capacity_and_duplicate_registration_are_refused() {
    let app = TestApp::new().await;
    let admin = app.admin().await;
    let event = event(&app, &admin, 7, 8, 2).await;
    let group = register_group(&app, &admin, BESUSU_BARAT, "KUB Abon").await;
    let members: Vec<String> = {
        let mut ids = Vec::new();
        for serial in 1..=3 {
            ids.push(
                add_member(&app, &admin, &group, "Anggota", if serial == 1 { "CHAIR" } else { "MEMBER" }, serial).await,
            );
        }
        ids
    };
    let data = app.ok(Some(&admin), REGISTER, json!({ "input": { "eventId": event, "memberId": members[0] } })).await;
    assert_eq!(data["registerForEvent"]["event"], json!({ "registeredCount": 1, "seatsLeft": 1 }));
    let data = app.ok(Some(&admin), REGISTER, json!({ "input": { "eventId": event, "memberId": members[0] } })).await;
    assert_eq!(user_error_codes(&data["registerForEvent"]), ["ALREADY_REGISTERED"]);
    app.ok(Some(&admin), REGISTER, json!({ "input": { "eventId": event, "memberId": members[1] } })).await;
    let data = app.ok(Some(&admin), REGISTER, json!({ "input": { "eventId": event, "memberId": members[2] } })).await;
    assert_eq!(user_error_codes(&data["registerForEvent"]), ["EVENT_FULL"]);
    let data = app
        .ok(
            None,
            "query($id: ID!) { node(id: $id) { ... on Event { registeredCount seatsLeft } } }",
            json!({ "id": event }),
        )
        .await;
    assert_eq!(data["node"], json!({ "registeredCount": 2, "seatsLeft": 0 }));

    let over = self::event(&app, &admin, -3, -2, 10).await;
    let data = app.ok(Some(&admin), REGISTER, json!({ "input": { "eventId": over, "memberId": members[2] } })).await;
    assert_eq!(user_error_codes(&data["registerForEvent"]), ["EVENT_OVER"]);
    for (input, code) in [
        (
            json!({ "title": "x", "kind": "TRAINING", "venue": "y", "startsOn": day(2), "endsOn": day(1), "capacity": 5 }),
            "INVALID_DATE_RANGE",
        ),
        (
            json!({ "title": "x", "kind": "TRAINING", "venue": "y", "startsOn": day(1), "endsOn": day(1), "capacity": 0 }),
            "INVALID_CAPACITY",
        ),
        (
            json!({ "title": " ", "kind": "TRAINING", "venue": "y", "startsOn": day(1), "endsOn": day(1), "capacity": 5 }),
            "REQUIRED",
        ),
    ] {
        let data = app.ok(Some(&admin), CREATE_EVENT, json!({ "input": input })).await;
        assert_eq!(user_error_codes(&data["createEvent"]), [code], "{input}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn attendance_is_recorded_per_day_and_participation_per_kelurahan() {
    let app = TestApp::new().await;
    let admin = app.admin().await;
    let event = event(&app, &admin, -1, 0, 50).await;
    let barat = register_group(&app, &admin, BESUSU_BARAT, "KUB Barat").await;
    let talise = register_group(&app, &admin, TALISE, "KUB Talise").await;
    let a = add_member(&app, &admin, &barat, "Siti", "CHAIR", 1).await;
    let b = add_member(&app, &admin, &barat, "Ahmad", "MEMBER", 2).await;
    let c = add_member(&app, &admin, &talise, "Rahma", "CHAIR", 3).await;
    let outsider = add_member(&app, &admin, &talise, "Yusuf", "MEMBER", 4).await;
    for member in [&a, &b, &c] {
        app.ok(Some(&admin), REGISTER, json!({ "input": { "eventId": event, "memberId": member } })).await;
    }
    for (member, offset) in [(&a, -1), (&a, 0), (&b, -1), (&c, 0)] {
        let data = app
            .ok(Some(&admin), ATTEND, json!({ "input": { "eventId": event, "memberId": member, "day": day(offset) } }))
            .await;
        assert_eq!(data["recordEventAttendance"]["userErrors"], json!([]), "{data:#}");
    }
    for (member, offset, code) in
        [(&a, 0, "ALREADY_RECORDED"), (&outsider, 0, "NOT_REGISTERED"), (&a, -2, "DAY_OUTSIDE_EVENT")]
    {
        let data = app
            .ok(Some(&admin), ATTEND, json!({ "input": { "eventId": event, "memberId": member, "day": day(offset) } }))
            .await;
        assert_eq!(user_error_codes(&data["recordEventAttendance"]), [code]);
    }
    let query = "query($id: ID!) { node(id: $id) { ... on Event { registeredCount attendance { day attendedCount }
        participation { kelurahan { code } registeredCount attendedCount } } } }";
    let data = app.ok(None, query, json!({ "id": event })).await;
    assert_eq!(
        data["node"],
        json!({ "registeredCount": 3,
                "attendance": [{ "day": day(-1), "attendedCount": 2 }, { "day": day(0), "attendedCount": 2 }],
                "participation": [{ "kelurahan": { "code": BESUSU_BARAT }, "registeredCount": 2, "attendedCount": 2 },
                                  { "kelurahan": { "code": TALISE }, "registeredCount": 1, "attendedCount": 1 }] })
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn upcoming_events_are_public_and_participant_names_are_not() {
    let app = TestApp::new().await;
    let admin = app.admin().await;
    let past = event(&app, &admin, -10, -9, 5).await;
    let today = event(&app, &admin, -1, 0, 5).await;
    let next = event(&app, &admin, 14, 15, 50).await;
    let data = app
        .ok(None, "{ events(upcoming: true) { totalCount nodes { id } } all: events { totalCount } }", json!({}))
        .await;
    assert_eq!(data["events"]["totalCount"], 2);
    assert_eq!(data["events"]["nodes"], json!([{ "id": today }, { "id": next }]));
    assert_eq!(data["all"]["totalCount"], 3);
    assert!(!past.is_empty());

    let barat = register_group(&app, &admin, BESUSU_BARAT, "KUB Barat").await;
    let talise = register_group(&app, &admin, TALISE, "KUB Talise").await;
    let a = add_member(&app, &admin, &barat, "Siti", "CHAIR", 1).await;
    let c = add_member(&app, &admin, &talise, "Rahma", "CHAIR", 3).await;
    let officer = app.token(Role::Officer, "Fasilitator Besusu Barat", &[BESUSU_BARAT]).await;
    // An officer registers members of its own kelurahan only.
    let data = app.ok(Some(&officer), REGISTER, json!({ "input": { "eventId": next, "memberId": a } })).await;
    assert_eq!(data["registerForEvent"]["userErrors"], json!([]));
    let body = app.gql(Some(&officer), REGISTER, json!({ "input": { "eventId": next, "memberId": c } })).await;
    assert_eq!(error_codes(&body), ["FORBIDDEN"]);
    app.ok(Some(&admin), REGISTER, json!({ "input": { "eventId": next, "memberId": c } })).await;

    let query = "query($id: ID!) { node(id: $id) { ... on Event { registeredCount registrations { member { fullName } attendedDays } } } }";
    let data = app.ok(Some(&admin), query, json!({ "id": next })).await;
    assert_eq!(
        data["node"]["registrations"],
        json!([{ "member": { "fullName": "Siti" }, "attendedDays": [] }, { "member": { "fullName": "Rahma" }, "attendedDays": [] }])
    );
    let data = app.ok(Some(&officer), query, json!({ "id": next })).await;
    assert_eq!(data["node"]["registrations"], json!([{ "member": { "fullName": "Siti" }, "attendedDays": [] }]));
    let agency = app.token(Role::Agency, "Dinas Sosial", &[]).await;
    for (token, code) in [(None, "UNAUTHENTICATED"), (Some(agency.as_str()), "FORBIDDEN")] {
        let body = app.gql(token, query, json!({ "id": next })).await;
        assert_eq!(body["data"]["node"]["registeredCount"], 2, "{body}");
        assert_eq!(error_codes(&body), [code]);
        assert!(!body.to_string().contains("Siti"));
    }
    let body = app.gql(Some(&officer), CREATE_EVENT, json!({ "input": { "title": "x", "kind": "TRAINING", "venue": "y", "startsOn": day(1), "endsOn": day(1), "capacity": 5 } })).await;
    assert_eq!(error_codes(&body), ["FORBIDDEN"]);
}
