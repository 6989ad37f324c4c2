//! Registering, correcting, finding business groups.

use serde_json::{Value, json};

use crate::common::*;

const UPDATE_GROUP: &str = "mutation($input: UpdateGroupInput!) { updateGroup(input: $input) {
    group { id name sector status foundedOn nib } userErrors { field message code } } }";

async fn group_count(app: &TestApp) -> i64 {
    app.ok(None, "{ groups { totalCount } }", json!({})).await["groups"]["totalCount"].as_i64().unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn registering_assigns_a_unique_registration_number_per_kelurahan() {
    let app = TestApp::new().await;
    let admin = app.admin().await;
    let input = json!({ "kelurahanCode": BESUSU_BARAT, "name": "  KUB Sambal Roa  ", "sector": "FOOD_BEVERAGE",
                        "foundedOn": "2018-04-09", "nib": "9120001234567" });
    let data = app.ok(Some(&admin), REGISTER_GROUP, json!({ "input": input })).await;
    let group = &data["registerGroup"]["group"];
    assert_eq!(data["registerGroup"]["userErrors"], json!([]));
    assert_eq!(group["registrationNumber"], "72.71.01.1004-KUB-001");
    assert_eq!(group["name"], "KUB Sambal Roa");
    assert_eq!(group["status"], "ACTIVE");
    assert_eq!(group["foundedOn"], "2018-04-09");
    assert_eq!(group["nib"], "9120001234567");
    assert_eq!(group["kelurahan"]["code"], BESUSU_BARAT);

    register_group(&app, &admin, BESUSU_BARAT, "KUB Dua").await;
    register_group(&app, &admin, TALISE, "KUB Talise").await;
    let data = app.ok(None, "{ groups { nodes { registrationNumber } } }", json!({})).await;
    let numbers: Vec<&str> =
        data["groups"]["nodes"].as_array().unwrap().iter().map(|g| g["registrationNumber"].as_str().unwrap()).collect();
    assert_eq!(numbers, ["72.71.01.1004-KUB-001", "72.71.01.1004-KUB-002", "72.71.08.1003-KUB-001"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn invalid_registrations_are_refused_with_codes_and_write_nothing() {
    let app = TestApp::new().await;
    let admin = app.admin().await;
    let cases: Vec<(Value, &str, &str)> = vec![
        (json!({ "kelurahanCode": "72.71.99.9999", "name": "KUB", "sector": "CRAFT" }), "kelurahanCode", "NOT_FOUND"),
        (json!({ "kelurahanCode": BESUSU_BARAT, "name": "   ", "sector": "CRAFT" }), "name", "REQUIRED"),
        (json!({ "kelurahanCode": BESUSU_BARAT, "name": "x".repeat(151), "sector": "CRAFT" }), "name", "TOO_LONG"),
        (
            json!({ "kelurahanCode": BESUSU_BARAT, "name": "KUB", "sector": "CRAFT", "nib": "12345" }),
            "nib",
            "INVALID_NIB",
        ),
        (
            json!({ "kelurahanCode": BESUSU_BARAT, "name": "KUB", "sector": "CRAFT", "nib": "91200012345AB" }),
            "nib",
            "INVALID_NIB",
        ),
        (
            json!({ "kelurahanCode": BESUSU_BARAT, "name": "KUB", "sector": "CRAFT", "foundedOn": "2999-01-01" }),
            "foundedOn",
            "DATE_IN_FUTURE",
        ),
    ];
    for (input, field, code) in cases {
        let data = app.ok(Some(&admin), REGISTER_GROUP, json!({ "input": input })).await;
        let payload = &data["registerGroup"];
        assert_eq!(payload["group"], json!(null), "{input}");
        assert_eq!(user_error_codes(payload), [code], "{input}");
        assert_eq!(payload["userErrors"][0]["field"], json!(["input", field]), "{input}");
        assert!(!payload["userErrors"][0]["message"].as_str().unwrap().is_empty());
    }
    assert_eq!(group_count(&app).await, 0);
    // A refused registration did not use up a registration number.
    register_group(&app, &admin, BESUSU_BARAT, "KUB Pertama").await;
    let data = app.ok(None, "{ groups { nodes { registrationNumber } } }", json!({})).await;
    assert_eq!(data["groups"]["nodes"][0]["registrationNumber"], "72.71.01.1004-KUB-001");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_group_is_corrected_field_by_field() {
    let app = TestApp::new().await;
    let admin = app.admin().await;
    let id = register_group(&app, &admin, BESUSU_BARAT, "KUB Lama").await;
    let data = app
        .ok(Some(&admin), UPDATE_GROUP, json!({ "input": { "id": id, "name": "KUB Baru", "sector": "CRAFT", "nib": "9120001234567", "foundedOn": "2020-01-31" } }))
        .await;
    assert_eq!(
        data["updateGroup"]["group"],
        json!({ "id": id, "name": "KUB Baru", "sector": "CRAFT", "status": "ACTIVE", "foundedOn": "2020-01-31", "nib": "9120001234567" })
    );
    // Omitted fields stay; null clears.
    let data =
        app.ok(Some(&admin), UPDATE_GROUP, json!({ "input": { "id": id, "nib": null, "status": "DISSOLVED" } })).await;
    assert_eq!(data["updateGroup"]["group"]["nib"], json!(null));
    assert_eq!(data["updateGroup"]["group"]["foundedOn"], "2020-01-31");
    assert_eq!(data["updateGroup"]["group"]["status"], "DISSOLVED");
    // Bad input changes nothing, even the valid parts.
    let data =
        app.ok(Some(&admin), UPDATE_GROUP, json!({ "input": { "id": id, "name": "KUB Lain", "nib": "1" } })).await;
    assert_eq!(user_error_codes(&data["updateGroup"]), ["INVALID_NIB"]);
    let data =
        app.ok(None, "query($id: ID!) { node(id: $id) { ... on BusinessGroup { name } } }", json!({ "id": id })).await;
    assert_eq!(data["node"]["name"], "KUB Baru");
    // An unknown group is a user error.
    let unknown =
        app.ok(Some(&admin), UPDATE_GROUP, json!({ "input": { "id": "QnVzaW5lc3NHcm91cDo5OTk", "name": "x" } })).await;
    assert_eq!(user_error_codes(&unknown["updateGroup"]), ["NOT_FOUND"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn groups_are_filtered_by_place_sector_status_and_search() {
    let app = TestApp::new().await;
    let admin = app.admin().await;
    let register = async |kelurahan: &str, name: &str, sector: &str| {
        let input = json!({ "kelurahanCode": kelurahan, "name": name, "sector": sector });
        app.ok(Some(&admin), REGISTER_GROUP, json!({ "input": input })).await;
    };
    register(BESUSU_BARAT, "KUB Sambal Roa 100%", "FOOD_BEVERAGE").await;
    register(BESUSU_TENGAH, "KUB Tenun Donggala", "FASHION_TEXTILE").await;
    register(TALISE, "KUB Kayu Eboni", "CRAFT").await;
    register(TALISE, "KUB Bawang Goreng", "FOOD_BEVERAGE").await;
    let names = async |filter: Value| -> Vec<String> {
        let data = app
            .ok(
                None,
                "query($f: GroupFilter) { groups(filter: $f) { totalCount nodes { name } } }",
                json!({ "f": filter }),
            )
            .await;
        let names: Vec<String> = data["groups"]["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|g| g["name"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(data["groups"]["totalCount"], names.len(), "{filter}");
        names
    };
    assert_eq!(names(json!({ "kelurahanCode": TALISE })).await, ["KUB Kayu Eboni", "KUB Bawang Goreng"]);
    assert_eq!(names(json!({ "kecamatanCode": "72.71.01" })).await, ["KUB Sambal Roa 100%", "KUB Tenun Donggala"]);
    assert_eq!(
        names(json!({ "sectors": ["CRAFT", "FASHION_TEXTILE"] })).await,
        ["KUB Tenun Donggala", "KUB Kayu Eboni"]
    );
    assert_eq!(names(json!({ "search": "SAMBAL" })).await, ["KUB Sambal Roa 100%"]);
    assert_eq!(names(json!({ "search": "0%" })).await, ["KUB Sambal Roa 100%"]);
    assert_eq!(names(json!({ "search": "%" })).await, ["KUB Sambal Roa 100%"]);
    assert_eq!(names(json!({ "search": "zzz" })).await, Vec::<String>::new());
    assert_eq!(names(json!({ "search": "1003-KUB-002" })).await, ["KUB Bawang Goreng"]);
    assert_eq!(
        names(json!({ "kecamatanCode": "72.71.08", "sectors": ["FOOD_BEVERAGE"] })).await,
        ["KUB Bawang Goreng"]
    );
    assert_eq!(names(json!({ "status": "INACTIVE" })).await, Vec::<String>::new());
    // The same filter on a kelurahan's own list.
    let data = app
        .ok(None, "{ kelurahan(code: \"72.71.08.1003\") { groups(filter: {sectors: [CRAFT]}) { totalCount nodes { name } } } }", json!({}))
        .await;
    assert_eq!(data["kelurahan"]["groups"], json!({ "totalCount": 1, "nodes": [{ "name": "KUB Kayu Eboni" }] }));
}
