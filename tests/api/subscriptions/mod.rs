//! Subscriptions over graphql-transport-ws on a real socket: events caused through HTTP, the
//! access rules of queries, the limits, refusals as protocol messages, nothing told of a
//! change that did not commit, and (on PostgreSQL) two instances telling each other's events.

mod client;
mod instances;
mod personal;

use serde_json::json;
use umkm_graph::access::Role;
use umkm_graph::live::{LiveEvent, outbox, publish};
use umkm_graph::server::config::EdgeConfig;

use self::client::{Socket, serve, settle};
use crate::common::*;
use crate::financing::{Capital, move_application, move_ok, submit_ok};

const APPLICATIONS: &str = "subscription($id: ID) { financingApplicationStatusChanged(id: $id) {
    id status amountApproved purpose } }";
const REGISTRATIONS: &str =
    "subscription($id: ID!) { eventRegistrationCountChanged(eventId: $id) { id registeredCount seatsLeft } }";
const READINESS: &str = "subscription($code: String!) { productReadinessChanged(kelurahanCode: $code) {
    id name retailReady kelurahan { code } } }";
const AMOUNT: i64 = 40_000_000;

fn error_code(message: &serde_json::Value) -> &str {
    assert_eq!(message["type"], "error", "{message:#}");
    message["payload"][0]["extensions"]["code"].as_str().unwrap_or_default()
}

/// A group of `kelurahan` with a ketua and a member (NIK serials from `serial`).
async fn group_with_chair(app: &TestApp, admin: &str, kelurahan: &str, name: &str, serial: u32) -> String {
    let group = register_group(app, admin, kelurahan, name).await;
    add_member(app, admin, &group, "Nur Ketua", "CHAIR", serial).await;
    add_member(app, admin, &group, "Ani Anggota", "MEMBER", serial + 1).await;
    group
}

/// An application of a new group of Talise: nothing of Besusu Barat's officer's business.
async fn talise_application(app: &TestApp, capital: &Capital) -> String {
    let group = group_with_chair(app, &capital.admin, TALISE, "KUB Bawang Goreng", 11).await;
    let input = json!({ "schemeId": capital.mikro, "groupId": group, "amountRequested": AMOUNT,
                        "purpose": "Modal bawang goreng" });
    submit_ok(app, &capital.admin, input).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn application_moves_reach_those_who_may_see_them_and_nobody_else() {
    let app = TestApp::new().await;
    let capital = Capital::new(&app).await;
    let served = serve(&app.app).await;
    let talise_officer = app.token(Role::Officer, "Fasilitator Talise", &[TALISE]).await;
    let other_lender = app.token(Role::Lender, "BPR Lain", &[]).await;
    let mut admin = Socket::open(served.address, Some(&capital.admin)).await;
    let mut officer = Socket::open(served.address, Some(&capital.officer)).await;
    let mut lender = Socket::open(served.address, Some(&capital.lender_token)).await;
    let mut stranger = Socket::open(served.address, Some(&talise_officer)).await;
    let mut rival = Socket::open(served.address, Some(&other_lender)).await;
    for socket in [&mut admin, &mut officer, &mut lender, &mut stranger, &mut rival] {
        socket.subscribe("a", APPLICATIONS, json!({})).await;
    }

    let besusu = submit_ok(&app, &capital.admin, capital.group_application(AMOUNT)).await;
    for socket in [&mut admin, &mut officer, &mut lender] {
        let payload = socket.next_of("a").await;
        assert_eq!(payload["data"]["financingApplicationStatusChanged"]["id"], besusu.as_str());
        assert_eq!(payload["data"]["financingApplicationStatusChanged"]["status"], "SUBMITTED");
    }
    // The Talise officer hears of Talise's application, and of nothing before it.
    let talise = talise_application(&app, &capital).await;
    let payload = stranger.next_of("a").await;
    assert_eq!(payload["data"]["financingApplicationStatusChanged"]["id"], talise.as_str(), "{payload:#}");
    // The other lender's first event is one of its own scheme's, never Bank Sulteng's.
    let rival_lender = app.lender("BPR Lain").await;
    let admin_token = capital.admin.clone();
    let scheme = crate::financing::add_scheme(
        &app,
        &admin_token,
        &rival_lender.to_global(),
        "Kredit BPR",
        crate::financing::MIKRO,
        true,
    )
    .await;
    let group = group_with_chair(&app, &capital.admin, BESUSU_TENGAH, "KUB Kripik", 21).await;
    let input = json!({ "schemeId": scheme, "groupId": group, "amountRequested": AMOUNT, "purpose": "Modal" });
    let own = submit_ok(&app, &capital.admin, input).await;
    let payload = rival.next_of("a").await;
    assert_eq!(payload["data"]["financingApplicationStatusChanged"]["id"], own.as_str(), "{payload:#}");
    assert_eq!(payload["data"]["financingApplicationStatusChanged"]["purpose"], "Modal");

    // Naming an application one may not see is refused, as a query would be.
    stranger
        .send(json!({ "id": "b", "type": "subscribe",
        "payload": { "query": APPLICATIONS, "variables": { "id": besusu } } }))
        .await;
    assert_eq!(error_code(&stranger.next().await), "NOT_FOUND");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn callers_who_may_not_see_applications_are_refused_in_the_protocol() {
    let app = TestApp::new().await;
    let served = serve(&app.app).await;
    let agency = app.token(Role::Agency, "OJK Sulteng", &[]).await;
    for (token, code) in [(None, "UNAUTHENTICATED"), (Some(agency.as_str()), "FORBIDDEN")] {
        let mut socket = Socket::open(served.address, token).await;
        socket.send(json!({ "id": "1", "type": "subscribe", "payload": { "query": APPLICATIONS } })).await;
        assert_eq!(error_code(&socket.next().await), code);
        // The socket stays open and usable.
        socket.send(json!({ "type": "ping" })).await;
        assert_eq!(socket.next().await["type"], "pong");
    }
    // A token that is not one closes the socket at connection_init.
    let mut socket = client::connect(served.address).await.unwrap();
    socket.init(Some("not-a-token")).await;
    let (code, reason) = socket.closed().await;
    assert_eq!(u16::from(code), 1002);
    assert!(reason.contains("token"), "{reason}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_move_tells_nothing_and_the_next_one_is_told() {
    let app = TestApp::new().await;
    let capital = Capital::new(&app).await;
    let served = serve(&app.app).await;
    let id = capital.application_in(&app, "UNDER_REVIEW", AMOUNT).await;
    settle(&app.app).await;
    let mut socket = Socket::open(served.address, Some(&capital.lender_token)).await;
    socket.subscribe("1", APPLICATIONS, json!({ "id": id })).await;
    // Approving without an amount is refused inside the transaction.
    let refused = move_application(&app, &capital.lender_token, &id, "APPROVED", json!({})).await;
    assert_eq!(user_error_codes(&refused["data"]["moveFinancingApplication"]), ["AMOUNT_APPROVED_REQUIRED"]);
    move_ok(&app, &capital.lender_token, &id, "APPROVED", AMOUNT).await;
    let payload = socket.next_of("1").await;
    let application = &payload["data"]["financingApplicationStatusChanged"];
    assert_eq!(application["status"], "APPROVED");
    assert_eq!(application["amountApproved"].to_string().trim_matches('"'), AMOUNT.to_string());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_event_published_in_a_rolled_back_transaction_is_never_told() {
    let app = TestApp::new().await;
    let admin = app.admin().await;
    let served = serve(&app.app).await;
    let event = crate::events::event(&app, &admin, 30, 30, 50).await;
    let event_id = umkm_graph::ids::EventId::from_global(&event).unwrap();
    let mut socket = Socket::open(served.address, None).await;
    socket.subscribe("1", REGISTRATIONS, json!({ "id": event })).await;
    let bus = app.app.live.bus.clone();
    let mut conn = app.app.db.conn().await.unwrap();
    let rolled_back = outbox::deliver_after(&bus, async {
        conn.transaction(async |conn| {
            publish(conn, LiveEvent::event_registrations(event_id)).await?;
            Err::<(), _>(diesel::result::Error::RollbackTransaction)
        })
        .await
    })
    .await;
    assert!(rolled_back.is_err());
    let committed = outbox::deliver_after(&bus, async {
        conn.transaction(async |conn| {
            publish(conn, LiveEvent::event_registrations(event_id)).await?;
            Ok::<_, diesel::result::Error>(())
        })
        .await
    })
    .await;
    assert!(committed.is_ok());
    drop(conn);
    // Exactly one event: the committed one (the ping after it is answered after it).
    let payload = socket.next_of("1").await;
    assert_eq!(payload["data"]["eventRegistrationCountChanged"]["registeredCount"], 0);
    socket.send(json!({ "type": "ping" })).await;
    assert_eq!(socket.next().await["type"], "pong");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn registrations_and_readiness_are_told_to_the_public() {
    let app = TestApp::new().await;
    let admin = app.admin().await;
    let served = serve(&app.app).await;
    let event = crate::events::event(&app, &admin, 30, 31, 50).await;
    let group = crate::products::group_with_nib(&app, &admin, BESUSU_BARAT, "KUB Abon Tuna").await;
    let chair = add_member(&app, &admin, &group, "Siti", "CHAIR", 1).await;
    settle(&app.app).await;
    let mut socket = Socket::open(served.address, None).await;
    socket.subscribe("reg", REGISTRATIONS, json!({ "id": event })).await;
    socket.subscribe("ready", READINESS, json!({ "code": BESUSU_BARAT })).await;

    let register =
        "mutation($input: RegisterForEventInput!) { registerForEvent(input: $input) { userErrors { code } } }";
    app.ok(Some(&admin), register, json!({ "input": { "eventId": event, "memberId": chair } })).await;
    let payload = socket.next_of("reg").await;
    assert_eq!(
        payload["data"]["eventRegistrationCountChanged"],
        json!({ "id": event, "registeredCount": 1, "seatsLeft": 49 })
    );

    // Only the last step (the passed assessment) makes the product ready: one event.
    let product = crate::products::ready_food_product(&app, &admin, &group, 7).await;
    let payload = socket.next_of("ready").await;
    let told = &payload["data"]["productReadinessChanged"];
    assert_eq!(
        (told["id"].as_str(), told["retailReady"].as_bool()),
        (Some(product.as_str()), Some(true)),
        "{payload:#}"
    );
    assert_eq!(told["kelurahan"]["code"], BESUSU_BARAT);
    // The group stopping its activity takes readiness away: told too.
    let update = "mutation($input: UpdateGroupInput!) { updateGroup(input: $input) { userErrors { code } } }";
    app.ok(Some(&admin), update, json!({ "input": { "id": group, "status": "INACTIVE" } })).await;
    let payload = socket.next_of("ready").await;
    let told = &payload["data"]["productReadinessChanged"];
    assert_eq!(
        (told["id"].as_str(), told["retailReady"].as_bool()),
        (Some(product.as_str()), Some(false)),
        "{payload:#}"
    );

    // An unknown kelurahan or event is refused.
    socket
        .send(json!({ "id": "x", "type": "subscribe",
        "payload": { "query": READINESS, "variables": { "code": "72.71.99.9999" } } }))
        .await;
    let refusal = socket.next().await;
    assert_eq!(error_code(&refusal), "NOT_FOUND");
    // The catalogue's words, as a mutation would say them.
    assert_eq!(refusal["payload"][0]["message"], "no kelurahan of Palu has the code \"72.71.99.9999\"");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn limits_and_the_guard_refuse_in_the_protocol() {
    let config = EdgeConfig {
        rate_limit_per_minute: 0,
        public_rate_limit_per_minute: 0,
        max_subscriptions_per_socket: 2,
        max_subscription_sockets: 1,
        ..EdgeConfig::default()
    };
    let app = TestApp::with_config(config).await;
    let served = serve(&app.app).await;
    let mut socket = Socket::open(served.address, None).await;
    let query = "subscription { productReadinessChanged(kelurahanCode: \"72.71.01.1004\") { id } }";
    socket.subscribe("1", query, json!({})).await;
    socket.subscribe("2", query, json!({})).await;
    socket.send(json!({ "id": "3", "type": "subscribe", "payload": { "query": query } })).await;
    assert_eq!(error_code(&socket.next().await), "TOO_MANY_SUBSCRIPTIONS");
    // Completing one frees its place.
    socket.send(json!({ "id": "1", "type": "complete" })).await;
    assert_eq!(socket.next().await, json!({ "id": "1", "type": "complete" }));
    socket.subscribe("4", query, json!({})).await;
    socket.send(json!({ "id": "5", "type": "subscribe", "payload": { "query": query } })).await;
    assert_eq!(error_code(&socket.next().await), "TOO_MANY_SUBSCRIPTIONS");
    for id in ["2", "4"] {
        socket.send(json!({ "id": id, "type": "complete" })).await;
        assert_eq!(socket.next().await["type"], "complete");
    }

    // The guard of HTTP requests, and subscriptions only.
    let deep = format!("subscription {}{}", "{".repeat(70), "}".repeat(70));
    let unknown = "subscription { productReadinessChanged(kelurahanCode: \"x\") { noSuchField } }";
    let query_op = "{ kecamatans { code } }";
    for (id, text, code) in [
        ("6", deep.as_str(), "QUERY_TOO_DEEP"),
        ("7", unknown, "GRAPHQL_VALIDATION_FAILED"),
        ("8", query_op, "SUBSCRIPTIONS_ONLY"),
    ] {
        socket.send(json!({ "id": id, "type": "subscribe", "payload": { "query": text } })).await;
        assert_eq!(error_code(&socket.next().await), code, "{text}");
    }

    // One socket at most: the next upgrade is refused with 503.
    match client::connect(served.address).await {
        Err(tokio_tungstenite::tungstenite::Error::Http(response)) => assert_eq!(response.status(), 503),
        Err(other) => panic!("expected 503, got {other}"),
        Ok(_) => panic!("a second socket was accepted over the limit"),
    }
}
