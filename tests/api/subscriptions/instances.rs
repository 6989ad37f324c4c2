//! Several instances over one PostgreSQL database: each tells its subscribers the events
//! caused through any of them (LISTEN/NOTIFY).

use serde_json::json;
use umkm_graph::server::App;

use super::client::{Socket, post, serve};
use super::{AMOUNT, APPLICATIONS, REGISTRATIONS};
use crate::common::*;
use crate::financing::Capital;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_instances_tell_each_others_events() {
    if !on_postgres() {
        // One process owns a SQLite file: its in-process channel is the whole story there.
        return;
    }
    let first = TestApp::new().await;
    let second = App::start_with(&first.url, (*first.app.config).clone()).await.expect("a second instance");
    let capital = Capital::new(&first).await;
    let (served_first, served_second) = (serve(&first.app).await, serve(&second).await);
    let mut on_first = Socket::open(served_first.address, Some(&capital.officer)).await;
    let mut on_second = Socket::open(served_second.address, Some(&capital.lender_token)).await;
    on_first.subscribe("1", APPLICATIONS, json!({})).await;
    on_second.subscribe("1", APPLICATIONS, json!({})).await;

    // Submitted through the first instance: both tell it.
    let submit = "mutation($input: SubmitFinancingApplicationInput!) { submitFinancingApplication(input: $input) {
        application { id } userErrors { code } } }";
    let body = post(&first.app, &capital.admin, submit, json!({ "input": capital.group_application(AMOUNT) })).await;
    let id = body["data"]["submitFinancingApplication"]["application"]["id"].as_str().expect("submitted").to_string();
    for socket in [&mut on_first, &mut on_second] {
        let payload = socket.next_of("1").await;
        assert_eq!(payload["data"]["financingApplicationStatusChanged"]["id"], id.as_str());
        assert_eq!(payload["data"]["financingApplicationStatusChanged"]["status"], "SUBMITTED");
    }
    // Moved through the second instance: both tell that too.
    let move_ = "mutation($input: MoveFinancingApplicationInput!) { moveFinancingApplication(input: $input) {
        userErrors { code } } }";
    let input = json!({ "applicationId": id, "to": "UNDER_REVIEW" });
    let body = post(&second, &capital.lender_token, move_, json!({ "input": input })).await;
    assert_eq!(body["data"]["moveFinancingApplication"]["userErrors"], json!([]), "{body:#}");
    for socket in [&mut on_first, &mut on_second] {
        let payload = socket.next_of("1").await;
        assert_eq!(payload["data"]["financingApplicationStatusChanged"]["status"], "UNDER_REVIEW");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_public_subscriber_of_another_instance_hears_of_registrations() {
    if !on_postgres() {
        return;
    }
    let first = TestApp::new().await;
    let second = App::start_with(&first.url, (*first.app.config).clone()).await.expect("a second instance");
    let admin = first.admin().await;
    let event = crate::events::event(&first, &admin, 30, 30, 30).await;
    let group = register_group(&first, &admin, BESUSU_BARAT, "KUB Abon").await;
    let member = add_member(&first, &admin, &group, "Siti", "CHAIR", 1).await;
    let served = serve(&second).await;
    let mut socket = Socket::open(served.address, None).await;
    socket.subscribe("1", REGISTRATIONS, json!({ "id": event })).await;
    let register =
        "mutation($input: RegisterForEventInput!) { registerForEvent(input: $input) { userErrors { code } } }";
    first.ok(Some(&admin), register, json!({ "input": { "eventId": event, "memberId": member } })).await;
    let payload = socket.next_of("1").await;
    assert_eq!(payload["data"]["eventRegistrationCountChanged"]["registeredCount"], 1);
}
