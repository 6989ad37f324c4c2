//! Palu's geography and the per-kelurahan group target.

use serde_json::json;

use crate::common::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn palu_has_8_kecamatan_and_46_kelurahan_with_official_codes() {
    let app = TestApp::new().await;
    let data = app
        .ok(None, "{ kecamatans { code name kelurahans { code name } } kelurahans(first: 100) { totalCount nodes { code } } }", json!({}))
        .await;
    let kecamatans = data["kecamatans"].as_array().unwrap();
    assert_eq!(kecamatans.len(), 8);
    assert_eq!(
        kecamatans[0],
        json!({ "code": "72.71.01", "name": "Palu Timur", "kelurahans": kecamatans[0]["kelurahans"] })
    );
    let all: usize = kecamatans.iter().map(|k| k["kelurahans"].as_array().unwrap().len()).sum();
    assert_eq!(all, 46);
    assert_eq!(data["kelurahans"]["totalCount"], 46);
    assert_eq!(data["kelurahans"]["nodes"].as_array().unwrap().len(), 46);
    let mantikulore = kecamatans.iter().find(|k| k["name"] == "Mantikulore").unwrap();
    assert_eq!(mantikulore["kelurahans"].as_array().unwrap().len(), 8);
    assert!(
        mantikulore["kelurahans"].as_array().unwrap().iter().any(|k| k == &json!({ "code": TALISE, "name": "Talise" }))
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_kelurahan_is_found_by_code_with_its_kecamatan() {
    let app = TestApp::new().await;
    let query =
        "query($code: String!) { kelurahan(code: $code) { code name groupTarget groupCount kecamatan { code name } } }";
    let data = app.ok(None, query, json!({ "code": BESUSU_BARAT })).await;
    assert_eq!(
        data["kelurahan"],
        json!({ "code": BESUSU_BARAT, "name": "Besusu Barat", "groupTarget": 5, "groupCount": 0,
                "kecamatan": { "code": "72.71.01", "name": "Palu Timur" } })
    );
    let data = app.ok(None, query, json!({ "code": "72.71.99.9999" })).await;
    assert_eq!(data["kelurahan"], json!(null));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn loading_the_geography_again_adds_nothing() {
    let app = TestApp::new().await;
    let mut conn = app.app.db.conn().await.unwrap();
    let added = umkm_graph::geography::seed::load_palu(&mut conn).await.unwrap();
    assert_eq!(added, 0);
    let data = app.ok(None, "{ kelurahans { totalCount } kecamatans { code } }", json!({})).await;
    assert_eq!(data["kelurahans"]["totalCount"], 46);
    assert_eq!(data["kecamatans"].as_array().unwrap().len(), 8);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn below_target_lists_kelurahan_short_of_five_active_groups() {
    let app = TestApp::new().await;
    let admin = app.admin().await;
    for n in 0..5 {
        register_group(&app, &admin, BESUSU_BARAT, &format!("KUB Abon {n}")).await;
    }
    register_group(&app, &admin, TALISE, "KUB Talise").await;
    let query = "query($below: Boolean) { kelurahans(first: 100, filter: {belowTarget: $below}) {
        totalCount nodes { code groupCount } } }";
    let below = app.ok(None, query, json!({ "below": true })).await;
    assert_eq!(below["kelurahans"]["totalCount"], 45);
    let codes: Vec<&str> =
        below["kelurahans"]["nodes"].as_array().unwrap().iter().map(|k| k["code"].as_str().unwrap()).collect();
    assert!(!codes.contains(&BESUSU_BARAT));
    assert!(codes.contains(&TALISE));
    let met = app.ok(None, query, json!({ "below": false })).await;
    assert_eq!(met["kelurahans"]["nodes"], json!([{ "code": BESUSU_BARAT, "groupCount": 5 }]));

    // An inactive group no longer counts towards the target.
    let first =
        app.ok(None, "{ groups(first: 1) { nodes { id } } }", json!({})).await["groups"]["nodes"][0]["id"].clone();
    let update =
        "mutation($input: UpdateGroupInput!) { updateGroup(input: $input) { group { status } userErrors { code } } }";
    let data = app.ok(Some(&admin), update, json!({ "input": { "id": first, "status": "INACTIVE" } })).await;
    assert_eq!(data["updateGroup"]["group"]["status"], "INACTIVE");
    let below = app.ok(None, query, json!({ "below": true })).await;
    assert_eq!(below["kelurahans"]["totalCount"], 46);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kelurahans_filter_by_kecamatan() {
    let app = TestApp::new().await;
    let data = app
        .ok(None, "{ kelurahans(filter: {kecamatanCode: \"72.71.08\"}) { totalCount nodes { code } } }", json!({}))
        .await;
    assert_eq!(data["kelurahans"]["totalCount"], 8);
    assert!(
        data["kelurahans"]["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .all(|k| k["code"].as_str().unwrap().starts_with("72.71.08."))
    );
}
