//! Personal data through a subscription: exactly what the same query shows the subscriber,
//! and every personal field it delivers written to the personal-data log.

use serde_json::json;

use super::AMOUNT;
use super::client::{Socket, serve};
use crate::common::*;
use crate::financing::{Capital, submit_ok};

const SELECTION: &str = "id status group { members { nodes { fullName nik } } }";
const LOG: &str = "query($member: ID) { personalDataLog(filter: {memberId: $member}) { nodes { actor role fields } } }";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_subscriber_gets_the_personal_data_its_queries_would_and_the_reads_are_logged() {
    let app = TestApp::new().await;
    let capital = Capital::new(&app).await;
    let served = serve(&app.app).await;
    let mut lender = Socket::open(served.address, Some(&capital.lender_token)).await;
    let subscription = format!("subscription {{ financingApplicationStatusChanged {{ {SELECTION} }} }}");
    lender.subscribe("1", &subscription, json!({})).await;
    let id = submit_ok(&app, &capital.admin, capital.group_application(AMOUNT)).await;
    let told = lender.next_of("1").await;

    let query = format!("query($id: ID!) {{ node(id: $id) {{ ... on FinancingApplication {{ {SELECTION} }} }} }}");
    let asked = app.gql(Some(&capital.lender_token), &query, json!({ "id": id })).await;
    assert_eq!(told["data"]["financingApplicationStatusChanged"], asked["data"]["node"], "{told:#}\n{asked:#}");
    let codes = |body: &serde_json::Value| error_codes(body);
    assert_eq!(codes(&told), codes(&asked));
    let members = told["data"]["financingApplicationStatusChanged"]["group"]["members"]["nodes"].as_array().unwrap();
    let niks: Vec<bool> = members.iter().map(|member| member["nik"].is_string()).collect();
    // The ketua applied for the group: the lender sees her NIK, not the other member's.
    assert_eq!(niks, [true, false], "{told:#}");

    // The subscription's read and the query's: two entries for the ketua, none for the member.
    let log = app.ok(Some(&capital.admin), LOG, json!({ "member": capital.chair })).await;
    let lender_reads: Vec<&serde_json::Value> =
        log["personalDataLog"]["nodes"].as_array().unwrap().iter().filter(|entry| entry["role"] == "LENDER").collect();
    assert_eq!(lender_reads.len(), 2, "{log:#}");
    assert!(
        lender_reads.iter().all(|entry| entry["fields"] == json!(["nik"]) && entry["actor"] == "Analis Bank Sulteng")
    );
    let log = app.ok(Some(&capital.admin), LOG, json!({ "member": capital.member })).await;
    assert!(
        log["personalDataLog"]["nodes"].as_array().unwrap().iter().all(|entry| entry["role"] != "LENDER"),
        "{log:#}"
    );
}
