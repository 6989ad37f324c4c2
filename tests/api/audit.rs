//! The personal-data log: every read and change of a member's NIK, phone, address and birth
//! date is recorded, with who did it; only Dinas staff read the log.

use serde_json::json;
use umkm_graph::access::Role;

use crate::common::*;

const LOG: &str = "query($member: ID) { personalDataLog(filter: {memberId: $member}) {
    totalCount nodes { actor role action memberId fields at } } }";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reads_and_changes_of_personal_data_are_logged() {
    let app = TestApp::new().await;
    let admin = app.admin().await;
    let officer = app.token(Role::Officer, "Fasilitator Besusu Barat", &[BESUSU_BARAT]).await;
    let other_officer = app.token(Role::Officer, "Fasilitator Talise", &[TALISE]).await;
    let group = register_group(&app, &admin, BESUSU_BARAT, "KUB Abon").await;
    let siti = add_member(&app, &admin, &group, "Siti", "CHAIR", 2).await;
    let ahmad = add_member(&app, &admin, &group, "Ahmad", "MEMBER", 3).await;

    // One request reading two members' data logs one entry for each, with what was read.
    app.ok(Some(&officer), "{ members { nodes { fullName nik phone } } }", json!({})).await;
    // A denied read and a read of no personal field log nothing.
    app.gql(Some(&other_officer), "{ members { nodes { nik } } }", json!({})).await;
    app.ok(Some(&admin), "{ members { nodes { fullName role } } }", json!({})).await;
    let update = "mutation($input: UpdateMemberInput!) { updateMember(input: $input) { userErrors { code } } }";
    app.ok(
        Some(&officer),
        update,
        json!({ "input": { "id": siti, "phone": "0813 1111 2222", "fullName": "Siti A." } }),
    )
    .await;
    app.ok(Some(&officer), update, json!({ "input": { "id": siti, "fullName": "Siti Aminah" } })).await;
    let remove = "mutation($input: RemoveMemberInput!) { removeMember(input: $input) { userErrors { code } } }";
    app.ok(Some(&admin), remove, json!({ "input": { "id": siti } })).await;

    let data = app.ok(Some(&admin), LOG, json!({ "member": siti })).await;
    let entries: Vec<(String, String, String, Vec<String>)> = data["personalDataLog"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            assert_eq!(e["memberId"], siti);
            assert!(e["at"].as_str().unwrap().ends_with('Z'));
            let fields = e["fields"].as_array().unwrap().iter().map(|f| f.as_str().unwrap().to_string()).collect();
            (
                e["actor"].as_str().unwrap().into(),
                e["role"].as_str().unwrap().into(),
                e["action"].as_str().unwrap().into(),
                fields,
            )
        })
        .collect();
    let strings = |fields: &[&str]| fields.iter().map(|f| f.to_string()).collect::<Vec<_>>();
    assert_eq!(
        entries,
        vec![
            (
                "Dinas test admin".into(),
                "ADMIN".into(),
                "CREATE".into(),
                strings(&["address", "birthDate", "nik", "phone"])
            ),
            ("Fasilitator Besusu Barat".into(), "OFFICER".into(), "READ".into(), strings(&["nik", "phone"])),
            ("Fasilitator Besusu Barat".into(), "OFFICER".into(), "CHANGE".into(), strings(&["phone"])),
            (
                "Dinas test admin".into(),
                "ADMIN".into(),
                "ERASE".into(),
                strings(&["address", "birthDate", "nik", "phone"])
            ),
        ]
    );
    let data = app.ok(Some(&admin), LOG, json!({ "member": ahmad })).await;
    assert_eq!(data["personalDataLog"]["totalCount"], 2, "{data:#}");
    let data = app.ok(Some(&admin), LOG, json!({})).await;
    assert_eq!(data["personalDataLog"]["totalCount"], 6);

    // The log is for Dinas staff.
    for (token, code) in [(Some(officer.as_str()), "FORBIDDEN"), (None, "UNAUTHENTICATED")] {
        assert_eq!(error_codes(&app.gql(token, LOG, json!({})).await), [code]);
    }
}
