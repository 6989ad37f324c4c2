//! Products, permits, assessments, retail readiness and listings.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Duration, NaiveDate, Utc};
use serde_json::{Value, json};
use umkm_graph::access::Role;

use crate::common::*;

/// Today in Palu (UTC+8), as the server judges readiness.
fn today() -> NaiveDate {
    (Utc::now() + Duration::hours(8)).date_naive()
}

fn day(offset: i64) -> String {
    (today() + Duration::days(offset)).format("%Y-%m-%d").to_string()
}

/// An EAN-13 with a valid check digit, from 12 digits.
fn ean13(first12: &str) -> String {
    let sum: u32 = first12.bytes().enumerate().map(|(i, b)| u32::from(b - b'0') * if i % 2 == 0 { 1 } else { 3 }).sum();
    format!("{first12}{}", (10 - sum % 10) % 10)
}

const REGISTER_PRODUCT: &str = "mutation($input: RegisterProductInput!) { registerProduct(input: $input) {
    product { id name sector priceRupiah unit monthlyCapacity barcode marketRegions group { id } kelurahan { code } }
    userErrors { field message code } } }";
const ADD_PERMIT: &str = "mutation($input: AddProductPermitInput!) { addProductPermit(input: $input) {
    product { permits { kind number issuedOn validUntil } } userErrors { field message code } } }";
const RECORD_ASSESSMENT: &str = "mutation($input: RecordAssessmentInput!) { recordAssessment(input: $input) {
    assessment { id outcome labelComplete packagingOk validUntil assessedOn } userErrors { field message code } } }";
const PROPOSE: &str = "mutation($input: ProposeRetailListingInput!) { proposeRetailListing(input: $input) {
    listing { id retailer outlet status proposedOn listedOn product { id } } userErrors { field message code } } }";
const MOVE: &str = "mutation($input: MoveRetailListingInput!) { moveRetailListing(input: $input) {
    listing { id status listedOn delistedOn } userErrors { field message code } } }";
const READINESS: &str = "query($id: ID!) { node(id: $id) { ... on Product { retailReady retailReadiness { ready gaps { code message } } } } }";

/// A group with an NIB in `kelurahan`; returns its id.
pub async fn group_with_nib(app: &TestApp, admin: &str, kelurahan: &str, name: &str) -> String {
    let input = json!({ "kelurahanCode": kelurahan, "name": name, "sector": "FOOD_BEVERAGE", "nib": "9120001234567" });
    let data = app.ok(Some(admin), REGISTER_GROUP, json!({ "input": input })).await;
    data["registerGroup"]["group"]["id"].as_str().unwrap().to_string()
}

async fn register_product(app: &TestApp, admin: &str, input: Value) -> String {
    let data = app.ok(Some(admin), REGISTER_PRODUCT, json!({ "input": input })).await;
    assert_eq!(data["registerProduct"]["userErrors"], json!([]), "{data:#}");
    data["registerProduct"]["product"]["id"].as_str().unwrap().to_string()
}

async fn add_permit(app: &TestApp, admin: &str, product: &str, kind: &str, number: &str, valid_until: Option<String>) {
    let input = json!({ "productId": product, "kind": kind, "number": number, "validUntil": valid_until });
    let data = app.ok(Some(admin), ADD_PERMIT, json!({ "input": input })).await;
    assert_eq!(data["addProductPermit"]["userErrors"], json!([]), "{data:#}");
}

async fn assess(
    app: &TestApp,
    admin: &str,
    product: &str,
    outcome: &str,
    label: bool,
    packaging: bool,
    valid_until: &str,
) {
    let input = json!({ "productId": product, "assessedOn": day(-30), "assessor": "Tim Kurasi", "outcome": outcome,
                        "labelComplete": label, "packagingOk": packaging, "validUntil": valid_until, "notes": "catatan" });
    let data = app.ok(Some(admin), RECORD_ASSESSMENT, json!({ "input": input })).await;
    assert_eq!(data["recordAssessment"]["userErrors"], json!([]), "{data:#}");
}

/// A food product that meets every condition; returns its id.
pub async fn ready_food_product(app: &TestApp, admin: &str, group: &str, serial: u32) -> String {
    let product = register_product(
        app,
        admin,
        json!({ "groupId": group, "name": format!("Abon Ikan {serial}"), "sector": "FOOD_BEVERAGE",
                "barcode": ean13(&format!("899{serial:09}")), "priceRupiah": 25000 }),
    )
    .await;
    add_permit(app, admin, &product, "PIRT", &format!("2{serial:012}30"), None).await;
    add_permit(app, admin, &product, "HALAL", &format!("ID3111000{serial:08}"), Some(day(365))).await;
    assess(app, admin, &product, "PASSED", true, true, &day(180)).await;
    product
}

async fn gaps(app: &TestApp, product: &str) -> Vec<String> {
    let data = app.ok(None, READINESS, json!({ "id": product })).await;
    let readiness = &data["node"]["retailReadiness"];
    assert_eq!(readiness["ready"], data["node"]["retailReady"]);
    readiness["gaps"].as_array().unwrap().iter().map(|g| g["code"].as_str().unwrap().to_string()).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_product_is_registered_and_corrected() {
    let app = TestApp::new().await;
    let admin = app.admin().await;
    let group = register_group(&app, &admin, BESUSU_BARAT, "KUB Abon").await;
    let barcode = ean13("899123456789");
    let input = json!({ "groupId": group, "name": " Abon Tuna ", "sector": "FOOD_BEVERAGE", "priceRupiah": 3_500_000_000i64,
                        "unit": "pack 250 g", "monthlyCapacity": 400, "barcode": barcode,
                        "marketRegions": ["Kota Palu", "Kabupaten Sigi", "Kota Palu"] });
    let data = app.ok(Some(&admin), REGISTER_PRODUCT, json!({ "input": input })).await;
    let product = &data["registerProduct"]["product"];
    assert_eq!(product["name"], "Abon Tuna");
    assert_eq!(product["priceRupiah"], 3_500_000_000i64);
    assert_eq!(product["barcode"], barcode);
    assert_eq!(product["marketRegions"], json!(["Kabupaten Sigi", "Kota Palu"]));
    assert_eq!(product["kelurahan"]["code"], BESUSU_BARAT);
    let id = product["id"].clone();

    let update = "mutation($input: UpdateProductInput!) { updateProduct(input: $input) {
        product { name priceRupiah barcode unit marketRegions } userErrors { code field } } }";
    let data = app
        .ok(
            Some(&admin),
            update,
            json!({ "input": { "id": id, "priceRupiah": null, "barcode": null, "marketRegions": ["Kota Makassar"] } }),
        )
        .await;
    assert_eq!(
        data["updateProduct"]["product"],
        json!({ "name": "Abon Tuna", "priceRupiah": null, "barcode": null, "unit": "pack 250 g", "marketRegions": ["Kota Makassar"] })
    );
    let data =
        app.ok(Some(&admin), update, json!({ "input": { "id": id, "name": "X", "barcode": "8991234567890" } })).await;
    assert_eq!(user_error_codes(&data["updateProduct"]), ["INVALID_BARCODE"]);
    let data = app.ok(None, "query($id: ID!) { node(id: $id) { ... on Product { name } } }", json!({ "id": id })).await;
    assert_eq!(data["node"]["name"], "Abon Tuna");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn invalid_products_are_refused_and_write_nothing() {
    let app = TestApp::new().await;
    let admin = app.admin().await;
    let group = register_group(&app, &admin, BESUSU_BARAT, "KUB Abon").await;
    let base = json!({ "groupId": group, "name": "Abon", "sector": "FOOD_BEVERAGE" });
    let with = |key: &str, value: Value| {
        let mut input = base.clone();
        input[key] = value;
        input
    };
    for (input, field, code) in [
        (with("barcode", json!("8991234567890")), "barcode", "INVALID_BARCODE"),
        (with("barcode", json!("12345")), "barcode", "INVALID_BARCODE"),
        (with("monthlyCapacity", json!(-1)), "monthlyCapacity", "INVALID_CAPACITY"),
        (with("name", json!("  ")), "name", "REQUIRED"),
        (with("marketRegions", json!(["Kota Palu", " "])), "marketRegions", "REQUIRED"),
        (with("groupId", json!("QnVzaW5lc3NHcm91cDo5OTk")), "groupId", "NOT_FOUND"),
    ] {
        let data = app.ok(Some(&admin), REGISTER_PRODUCT, json!({ "input": input })).await;
        assert_eq!(user_error_codes(&data["registerProduct"]), [code], "{input}");
        assert_eq!(data["registerProduct"]["userErrors"][0]["field"], json!(["input", field]), "{input}");
    }
    // Rupiah is whole, not negative and at most 10^14: refused before anything runs.
    for price in [json!(-5), json!(1500.5), json!("15.000"), json!("100000000000001")] {
        let body =
            app.gql(Some(&admin), REGISTER_PRODUCT, json!({ "input": with("priceRupiah", price.clone()) })).await;
        assert!(body["errors"][0]["message"].as_str().is_some(), "{price}: {body}");
        assert!(body["data"].is_null(), "{price}: {body}");
    }
    let data = app.ok(None, "{ products { totalCount } }", json!({})).await;
    assert_eq!(data["products"]["totalCount"], 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn permits_are_checked_by_kind_and_can_be_removed() {
    let app = TestApp::new().await;
    let admin = app.admin().await;
    let group = register_group(&app, &admin, BESUSU_BARAT, "KUB Abon").await;
    let product =
        register_product(&app, &admin, json!({ "groupId": group, "name": "Abon", "sector": "FOOD_BEVERAGE" })).await;
    for (kind, number, code) in [
        ("PIRT", "12345", "INVALID_PIRT"),
        ("PIRT", "2072710120012AB", "INVALID_PIRT"),
        ("BPOM_MD", "ML123456789012", "INVALID_BPOM"),
        ("BPOM_ML", "ML1234567", "INVALID_BPOM"),
        ("HALAL", "?", "INVALID_PERMIT_NUMBER"),
        ("SNI", "", "INVALID_PERMIT_NUMBER"),
    ] {
        let input = json!({ "productId": product, "kind": kind, "number": number });
        let data = app.ok(Some(&admin), ADD_PERMIT, json!({ "input": input })).await;
        assert_eq!(user_error_codes(&data["addProductPermit"]), [code], "{kind} {number}");
        assert_eq!(data["addProductPermit"]["userErrors"][0]["field"], json!(["input", "number"]));
    }
    let input = json!({ "productId": product, "kind": "HALAL", "number": "ID31110000123450722", "issuedOn": day(10) });
    let data = app.ok(Some(&admin), ADD_PERMIT, json!({ "input": input })).await;
    assert_eq!(user_error_codes(&data["addProductPermit"]), ["DATE_IN_FUTURE"]);
    let input = json!({ "productId": product, "kind": "HALAL", "number": "ID31110000123450722", "issuedOn": day(-10), "validUntil": day(-20) });
    let data = app.ok(Some(&admin), ADD_PERMIT, json!({ "input": input })).await;
    assert_eq!(user_error_codes(&data["addProductPermit"]), ["INVALID_DATE_RANGE"]);

    // A PIRT without a date expires on 31 December of the year its last two digits give.
    add_permit(&app, &admin, &product, "PIRT", "207271012001229", None).await;
    add_permit(&app, &admin, &product, "BPOM_MD", " md123456789012345 ", None).await;
    let input = json!({ "productId": product, "kind": "PIRT", "number": "207271012001229" });
    let data = app.ok(Some(&admin), ADD_PERMIT, json!({ "input": input })).await;
    assert_eq!(user_error_codes(&data["addProductPermit"]), ["DUPLICATE_PERMIT"]);
    let data = app
        .ok(
            None,
            "query($id: ID!) { node(id: $id) { ... on Product { permits { kind number validUntil } } } }",
            json!({ "id": product }),
        )
        .await;
    assert_eq!(
        data["node"]["permits"],
        json!([
            { "kind": "BPOM_MD", "number": "MD123456789012345", "validUntil": null },
            { "kind": "PIRT", "number": "207271012001229", "validUntil": "2029-12-31" }
        ])
    );
    let remove = "mutation($input: RemoveProductPermitInput!) { removeProductPermit(input: $input) {
        product { permits { kind } } userErrors { code } } }";
    let data = app
        .ok(
            Some(&admin),
            remove,
            json!({ "input": { "productId": product, "kind": "BPOM_MD", "number": "MD123456789012345" } }),
        )
        .await;
    assert_eq!(data["removeProductPermit"]["product"]["permits"], json!([{ "kind": "PIRT" }]));
    let data = app
        .ok(
            Some(&admin),
            remove,
            json!({ "input": { "productId": product, "kind": "BPOM_MD", "number": "MD123456789012345" } }),
        )
        .await;
    assert_eq!(user_error_codes(&data["removeProductPermit"]), ["NOT_FOUND"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_gap_is_reported_with_advice() {
    let app = TestApp::new().await;
    let admin = app.admin().await;
    let group = group_with_nib(&app, &admin, BESUSU_BARAT, "KUB Siap").await;
    let ready = ready_food_product(&app, &admin, &group, 1).await;
    assert_eq!(gaps(&app, &ready).await, Vec::<String>::new());

    // A new food product without anything lacks all it can lack.
    let bare =
        register_product(&app, &admin, json!({ "groupId": group, "name": "Baru", "sector": "FOOD_BEVERAGE" })).await;
    assert_eq!(gaps(&app, &bare).await, ["MISSING_FOOD_PERMIT", "MISSING_HALAL", "MISSING_BARCODE", "NOT_ASSESSED"]);
    // Crafts need no food permit or halal certificate.
    let craft = register_product(&app, &admin, json!({ "groupId": group, "name": "Kayu", "sector": "CRAFT" })).await;
    assert_eq!(gaps(&app, &craft).await, ["MISSING_BARCODE", "NOT_ASSESSED"]);

    // Expired permits, and the latest assessment deciding.
    let product = register_product(
        &app,
        &admin,
        json!({ "groupId": group, "name": "Lama", "sector": "FOOD_BEVERAGE", "barcode": ean13("899000000002") }),
    )
    .await;
    add_permit(&app, &admin, &product, "PIRT", "200000000000224", Some(day(-1))).await;
    add_permit(&app, &admin, &product, "HALAL", "ID311100000002", Some(day(-1))).await;
    assess(&app, &admin, &product, "PASSED", true, true, &day(-1)).await;
    assert_eq!(gaps(&app, &product).await, ["FOOD_PERMIT_EXPIRED", "HALAL_EXPIRED", "ASSESSMENT_EXPIRED"]);
    assess(&app, &admin, &product, "NEEDS_IMPROVEMENT", false, true, &day(30)).await;
    assert_eq!(
        gaps(&app, &product).await,
        ["FOOD_PERMIT_EXPIRED", "HALAL_EXPIRED", "LABEL_INCOMPLETE", "ASSESSMENT_NOT_PASSED"]
    );
    assess(&app, &admin, &product, "PASSED", true, false, &day(30)).await;
    assert_eq!(gaps(&app, &product).await, ["FOOD_PERMIT_EXPIRED", "HALAL_EXPIRED", "ASSESSMENT_NOT_PASSED"]);
    // Valid until today still counts today.
    add_permit(&app, &admin, &product, "BPOM_MD", "MD000000000002", Some(day(0))).await;
    add_permit(&app, &admin, &product, "HALAL", "ID311100000003", Some(day(0))).await;
    assess(&app, &admin, &product, "PASSED", true, true, &day(0)).await;
    assert_eq!(gaps(&app, &product).await, Vec::<String>::new());

    // The group's state: no NIB, then inactive.
    let update = "mutation($input: UpdateGroupInput!) { updateGroup(input: $input) { userErrors { code } } }";
    app.ok(Some(&admin), update, json!({ "input": { "id": group, "nib": null } })).await;
    assert_eq!(gaps(&app, &ready).await, ["MISSING_NIB"]);
    app.ok(Some(&admin), update, json!({ "input": { "id": group, "status": "INACTIVE" } })).await;
    assert_eq!(gaps(&app, &ready).await, ["GROUP_INACTIVE", "MISSING_NIB"]);

    let data = app.ok(None, READINESS, json!({ "id": ready })).await;
    for gap in data["node"]["retailReadiness"]["gaps"].as_array().unwrap() {
        assert!(gap["message"].as_str().unwrap().len() > 20, "{gap}");
    }
}

/// What the test expects of one generated product.
#[derive(Debug)]
struct Scenario {
    id: String,
    expected: BTreeSet<&'static str>,
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_ready_filter_always_agrees_with_the_gaps() {
    let app = TestApp::new().await;
    let admin = app.admin().await;
    let active = group_with_nib(&app, &admin, BESUSU_BARAT, "KUB Aktif").await;
    let no_nib = register_group(&app, &admin, BESUSU_BARAT, "KUB Tanpa NIB").await;
    let mut scenarios = Vec::new();
    let mut seed: u64 = 2018;
    let mut next = |n: u64| {
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (seed >> 33) % n
    };
    // Offsets around today: yesterday, today, tomorrow, none (no expiry) or absent.
    let offsets = [Some(-1), Some(0), Some(1), None];
    for serial in 0..48u32 {
        let food = next(4) != 0;
        let with_nib = next(5) != 0;
        let barcode = next(5) != 0;
        let group = if with_nib { &active } else { &no_nib };
        let mut input = json!({ "groupId": group, "name": format!("Produk {serial}"), "sector": if food { "FOOD_BEVERAGE" } else { "CRAFT" } });
        if barcode {
            input["barcode"] = json!(ean13(&format!("899{:09}", 500 + serial)));
        }
        let id = register_product(&app, &admin, input).await;
        let mut expected = BTreeSet::new();
        if !with_nib {
            expected.insert("MISSING_NIB");
        }
        if !barcode {
            expected.insert("MISSING_BARCODE");
        }
        for (kind, missing, expired, number) in [
            ("PIRT", "MISSING_FOOD_PERMIT", "FOOD_PERMIT_EXPIRED", format!("2{:012}30", 900 + serial)),
            ("HALAL", "MISSING_HALAL", "HALAL_EXPIRED", format!("ID3111{:08}", 900 + serial)),
        ] {
            let choice = next(5);
            if choice == 4 {
                if food {
                    expected.insert(missing);
                }
                continue;
            }
            let valid_until = offsets[choice as usize].map(day);
            add_permit(&app, &admin, &id, kind, &number, valid_until.clone()).await;
            if food && choice == 0 {
                expected.insert(expired);
            }
        }
        match next(6) {
            0 => {
                expected.insert("NOT_ASSESSED");
            }
            n => {
                // An older, failed assessment first: only the latest counts.
                assess(&app, &admin, &id, "FAILED", false, false, &day(100)).await;
                let (outcome, label, packaging) = [
                    ("PASSED", true, true),
                    ("NEEDS_IMPROVEMENT", true, true),
                    ("PASSED", false, true),
                    ("PASSED", true, false),
                    ("PASSED", true, true),
                ][n as usize - 1];
                let valid = offsets[next(3) as usize].unwrap();
                let input = json!({ "productId": id, "assessedOn": day(-1), "assessor": "Tim", "outcome": outcome,
                                    "labelComplete": label, "packagingOk": packaging, "validUntil": day(valid.max(-1)) });
                let data = app.ok(Some(&admin), RECORD_ASSESSMENT, json!({ "input": input })).await;
                assert_eq!(data["recordAssessment"]["userErrors"], json!([]), "{data:#}");
                if !label {
                    expected.insert("LABEL_INCOMPLETE");
                }
                if outcome != "PASSED" || !packaging {
                    expected.insert("ASSESSMENT_NOT_PASSED");
                }
                if valid < 0 {
                    expected.insert("ASSESSMENT_EXPIRED");
                }
            }
        }
        scenarios.push(Scenario { id, expected });
    }
    let all = "{ products(first: 100) { totalCount nodes { id retailReady retailReadiness { gaps { code } } } } }";
    let data = app.ok(None, all, json!({})).await;
    let reported: BTreeMap<String, BTreeSet<String>> = data["products"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            let gaps = p["retailReadiness"]["gaps"]
                .as_array()
                .unwrap()
                .iter()
                .map(|g| g["code"].as_str().unwrap().to_string())
                .collect();
            (p["id"].as_str().unwrap().to_string(), gaps)
        })
        .collect();
    for scenario in &scenarios {
        let expected: BTreeSet<String> = scenario.expected.iter().map(|s| s.to_string()).collect();
        assert_eq!(reported[&scenario.id], expected, "{scenario:?}");
    }
    let ids = async |ready: bool| -> BTreeSet<String> {
        let query = "query($ready: Boolean) { products(first: 100, filter: {retailReady: $ready}) { totalCount nodes { id } } }";
        let data = app.ok(None, query, json!({ "ready": ready })).await;
        let ids: BTreeSet<String> = data["products"]["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["id"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(data["products"]["totalCount"], ids.len());
        ids
    };
    let ready_by_gaps: BTreeSet<String> =
        reported.iter().filter(|(_, gaps)| gaps.is_empty()).map(|(id, _)| id.clone()).collect();
    let not_ready_by_gaps: BTreeSet<String> =
        reported.iter().filter(|(_, gaps)| !gaps.is_empty()).map(|(id, _)| id.clone()).collect();
    assert_eq!(ids(true).await, ready_by_gaps);
    assert_eq!(ids(false).await, not_ready_by_gaps);
    assert!(!ready_by_gaps.is_empty() && !not_ready_by_gaps.is_empty(), "the scenarios cover both");
    // The maintained state also agrees with the rule on the days to come, as permits and
    // assessments valid until today or tomorrow run out, without any write.
    assert_maintained_readiness_agrees(&app).await;
}

/// The maintained readiness agrees with the rule, evaluated afresh, from yesterday to a
/// year ahead.
async fn assert_maintained_readiness_agrees(app: &TestApp) {
    let mut conn = app.app.db.conn().await.unwrap();
    let today = umkm_graph::clock::today();
    for offset in [-1, 0, 1, 2, 3, 101, 366] {
        let day = today + chrono::TimeDelta::days(offset);
        let wrong = umkm_graph::products::readiness::disagreements_on(&mut conn, day).await.unwrap();
        assert_eq!(wrong, 0, "products whose maintained readiness disagrees with the rule on {day}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_maintained_readiness_follows_every_write() {
    let app = TestApp::new().await;
    let admin = app.admin().await;
    let group = group_with_nib(&app, &admin, BESUSU_BARAT, "KUB Siap").await;
    let product = ready_food_product(&app, &admin, &group, 41).await;
    let listed = async || -> bool {
        let query = "{ products(first: 100, filter: {retailReady: true}) { nodes { id } } }";
        let data = app.ok(None, query, json!({})).await;
        data["products"]["nodes"].as_array().unwrap().iter().any(|p| p["id"] == product.as_str())
    };
    let check = async |step: &str, ready: bool| {
        assert_eq!(listed().await, ready, "after {step}: the ready filter");
        assert_eq!(gaps(&app, &product).await.is_empty(), ready, "after {step}: the rule");
        assert_maintained_readiness_agrees(&app).await;
    };
    check("registration", true).await;
    let remove =
        "mutation($input: RemoveProductPermitInput!) { removeProductPermit(input: $input) { userErrors { code } } }";
    let input = json!({ "productId": product, "kind": "HALAL", "number": "ID311100000000041" });
    assert_eq!(
        app.ok(Some(&admin), remove, json!({ "input": input })).await["removeProductPermit"]["userErrors"],
        json!([])
    );
    check("removing the halal certificate", false).await;
    add_permit(&app, &admin, &product, "HALAL", "ID311100000000042", Some(day(30))).await;
    check("a new halal certificate", true).await;
    let update_group = "mutation($input: UpdateGroupInput!) { updateGroup(input: $input) { userErrors { code } } }";
    for (status, ready) in [("INACTIVE", false), ("ACTIVE", true)] {
        let data = app.ok(Some(&admin), update_group, json!({ "input": { "id": group, "status": status } })).await;
        assert_eq!(data["updateGroup"]["userErrors"], json!([]), "{data:#}");
        check(&format!("the group becoming {status}"), ready).await;
    }
    let data = app.ok(Some(&admin), update_group, json!({ "input": { "id": group, "nib": null } })).await;
    assert_eq!(data["updateGroup"]["userErrors"], json!([]), "{data:#}");
    check("the group losing its NIB", false).await;
    let data = app.ok(Some(&admin), update_group, json!({ "input": { "id": group, "nib": "9120001234567" } })).await;
    assert_eq!(data["updateGroup"]["userErrors"], json!([]), "{data:#}");
    check("the group regaining its NIB", true).await;
    let update_product =
        "mutation($input: UpdateProductInput!) { updateProduct(input: $input) { userErrors { code } } }";
    let data = app.ok(Some(&admin), update_product, json!({ "input": { "id": product, "barcode": null } })).await;
    assert_eq!(data["updateProduct"]["userErrors"], json!([]), "{data:#}");
    check("removing the barcode", false).await;
    let data = app.ok(Some(&admin), update_product, json!({ "input": { "id": product, "sector": "CRAFT" } })).await;
    assert_eq!(data["updateProduct"]["userErrors"], json!([]), "{data:#}");
    let data = app
        .ok(Some(&admin), update_product, json!({ "input": { "id": product, "barcode": ean13("899000000041") } }))
        .await;
    assert_eq!(data["updateProduct"]["userErrors"], json!([]), "{data:#}");
    check("a new barcode, as a craft", true).await;
    assess(&app, &admin, &product, "NEEDS_IMPROVEMENT", true, true, &day(180)).await;
    check("a later assessment that did not pass", false).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_flagship_query_answers_in_a_fixed_number_of_statements() {
    let flagship = "query($code: String!) { kelurahan(code: $code) { productCount readyProductCount
        readinessGaps { code count }
        products(filter: {retailReady: true}) { totalCount nodes { name group { name } permits { kind number validUntil } } } } }";
    let mut costs = Vec::new();
    for groups in [1, 3] {
        let app = TestApp::new().await;
        let admin = app.admin().await;
        let mut serial = 1;
        for g in 0..groups {
            let group = group_with_nib(&app, &admin, BESUSU_BARAT, &format!("KUB {g}")).await;
            for _ in 0..groups {
                ready_food_product(&app, &admin, &group, serial).await;
                serial += 1;
            }
            register_product(&app, &admin, json!({ "groupId": group, "name": "Belum", "sector": "FOOD_BEVERAGE" }))
                .await;
        }
        let before = app.statements();
        let data = app.ok(None, flagship, json!({ "code": BESUSU_BARAT })).await;
        costs.push(app.statements() - before);
        let kelurahan = &data["kelurahan"];
        let ready = groups * groups;
        assert_eq!(kelurahan["products"]["totalCount"], ready);
        assert_eq!(kelurahan["productCount"], ready + groups);
        assert_eq!(kelurahan["readyProductCount"], ready);
        assert_eq!(
            kelurahan["readinessGaps"],
            json!([
                { "code": "MISSING_FOOD_PERMIT", "count": groups }, { "code": "MISSING_HALAL", "count": groups },
                { "code": "MISSING_BARCODE", "count": groups }, { "code": "NOT_ASSESSED", "count": groups }
            ])
        );
        let first = &kelurahan["products"]["nodes"][0];
        assert_eq!(first["group"]["name"], "KUB 0");
        assert_eq!(first["permits"].as_array().unwrap().len(), 2);
        // The same through the city-wide list.
        let data = app
            .ok(None, "{ products(filter: {retailReady: true, kecamatanCode: \"72.71.01\", sectors: [FOOD_BEVERAGE], search: \"abon\"}) { totalCount } }", json!({}))
            .await;
        assert_eq!(data["products"]["totalCount"], ready);
    }
    assert_eq!(costs[0], costs[1], "statements grew with the number of products");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_ready_products_are_put_forward_and_listings_move_in_order() {
    let app = TestApp::new().await;
    let admin = app.admin().await;
    let group = group_with_nib(&app, &admin, BESUSU_BARAT, "KUB Siap").await;
    let ready = ready_food_product(&app, &admin, &group, 7).await;
    let not_ready =
        register_product(&app, &admin, json!({ "groupId": group, "name": "Belum", "sector": "FOOD_BEVERAGE" })).await;
    let outlet = "Alfamidi Jl. Moh. Hatta Palu";

    let data = app
        .ok(
            Some(&admin),
            PROPOSE,
            json!({ "input": { "productId": not_ready, "retailer": "Alfamidi", "outlet": outlet } }),
        )
        .await;
    assert_eq!(user_error_codes(&data["proposeRetailListing"]), ["NOT_RETAIL_READY"]);
    let message = data["proposeRetailListing"]["userErrors"][0]["message"].as_str().unwrap();
    assert!(message.contains("MISSING_HALAL") && message.contains("NOT_ASSESSED"), "{message}");

    let data = app
        .ok(Some(&admin), PROPOSE, json!({ "input": { "productId": ready, "retailer": "Alfamidi", "outlet": outlet } }))
        .await;
    let listing = data["proposeRetailListing"]["listing"].clone();
    assert_eq!(listing["status"], "PROPOSED");
    assert_eq!(listing["proposedOn"], day(0));
    let data = app
        .ok(Some(&admin), PROPOSE, json!({ "input": { "productId": ready, "retailer": "Alfamidi", "outlet": outlet } }))
        .await;
    assert_eq!(user_error_codes(&data["proposeRetailListing"]), ["ALREADY_PROPOSED"]);

    let id = listing["id"].clone();
    let data = app.ok(Some(&admin), MOVE, json!({ "input": { "listingId": id, "to": "PROPOSED" } })).await;
    assert_eq!(user_error_codes(&data["moveRetailListing"]), ["INVALID_TRANSITION"]);
    let data = app.ok(Some(&admin), MOVE, json!({ "input": { "listingId": id, "to": "LISTED", "on": day(1) } })).await;
    assert_eq!(user_error_codes(&data["moveRetailListing"]), ["DATE_IN_FUTURE"]);
    let data = app.ok(Some(&admin), MOVE, json!({ "input": { "listingId": id, "to": "LISTED" } })).await;
    assert_eq!(
        data["moveRetailListing"]["listing"],
        json!({ "id": id, "status": "LISTED", "listedOn": day(0), "delistedOn": null })
    );
    let data = app.ok(Some(&admin), MOVE, json!({ "input": { "listingId": id, "to": "LISTED" } })).await;
    assert_eq!(user_error_codes(&data["moveRetailListing"]), ["INVALID_TRANSITION"]);

    // What one retailer lists, for anyone.
    let query = "{ retailListings(filter: {retailer: \"alfamidi\", status: LISTED}) { totalCount nodes { outlet product { name retailReady } } } }";
    let data = app.ok(None, query, json!({})).await;
    assert_eq!(data["retailListings"]["totalCount"], 1);
    assert_eq!(data["retailListings"]["nodes"][0]["outlet"], outlet);
    let data = app
        .ok(
            None,
            "query($id: ID!) { node(id: $id) { ... on Product { listings { status retailer } } } }",
            json!({ "id": ready }),
        )
        .await;
    assert_eq!(data["node"]["listings"], json!([{ "status": "LISTED", "retailer": "Alfamidi" }]));

    let data = app.ok(Some(&admin), MOVE, json!({ "input": { "listingId": id, "to": "DELISTED" } })).await;
    assert_eq!(data["moveRetailListing"]["listing"]["status"], "DELISTED");
    // Once delisted it may be put forward again.
    let data = app
        .ok(Some(&admin), PROPOSE, json!({ "input": { "productId": ready, "retailer": "Alfamidi", "outlet": outlet } }))
        .await;
    assert_eq!(data["proposeRetailListing"]["userErrors"], json!([]));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_catalogue_is_public_and_assessment_notes_are_for_staff() {
    let app = TestApp::new().await;
    let admin = app.admin().await;
    let group = group_with_nib(&app, &admin, BESUSU_BARAT, "KUB Siap").await;
    let product = ready_food_product(&app, &admin, &group, 3).await;
    let officer_here = app.token(Role::Officer, "Fasilitator Besusu Barat", &[BESUSU_BARAT]).await;
    let officer_elsewhere = app.token(Role::Officer, "Fasilitator Talise", &[TALISE]).await;
    let agency = app.token(Role::Agency, "Dinas Sosial", &[]).await;
    let lender = app.token(Role::Lender, "Bank", &[]).await;
    let query = "query($id: ID!) { node(id: $id) { ... on Product { name retailReady permits { number }
        assessments { outcome assessor notes } } } }";
    for (who, token, sees_notes) in [
        ("ADMIN", Some(admin.as_str()), true),
        ("own OFFICER", Some(officer_here.as_str()), true),
        ("AGENCY", Some(agency.as_str()), true),
        ("other OFFICER", Some(officer_elsewhere.as_str()), false),
        ("LENDER", Some(lender.as_str()), false),
        ("PUBLIC", None, false),
    ] {
        let body = app.gql(token, query, json!({ "id": product })).await;
        let node = &body["data"]["node"];
        assert_eq!(node["retailReady"], true, "{who}: {body}");
        assert_eq!(node["permits"].as_array().unwrap().len(), 2, "{who}");
        let assessment = &node["assessments"][0];
        assert_eq!(assessment["outcome"], "PASSED", "{who}");
        if sees_notes {
            assert_eq!(
                (assessment["assessor"].as_str(), assessment["notes"].as_str()),
                (Some("Tim Kurasi"), Some("catatan")),
                "{who}"
            );
            assert!(body.get("errors").is_none(), "{who}: {body}");
        } else {
            // `assessor` is non-null in the contract: refused with its error (async-graphql
            // then leaves the key out); `notes` is an explicit null.
            assert!(assessment["assessor"].is_null(), "{who}: {body}");
            assert_eq!(assessment.get("notes"), Some(&Value::Null), "{who}: {body}");
            assert_eq!(error_codes(&body), ["FORBIDDEN", "FORBIDDEN"], "{who}: {body}");
        }
    }
    // Assessments are the Dinas's: ADMIN only.
    let input = json!({ "productId": product, "assessedOn": day(0), "assessor": "x", "outcome": "PASSED",
                        "labelComplete": true, "packagingOk": true, "validUntil": day(10) });
    for (token, code) in
        [(Some(officer_here.as_str()), "FORBIDDEN"), (Some(agency.as_str()), "FORBIDDEN"), (None, "UNAUTHENTICATED")]
    {
        let body = app.gql(token, RECORD_ASSESSMENT, json!({ "input": input })).await;
        assert_eq!(error_codes(&body), [code]);
    }
    // Product writes: the officer of the kelurahan yes, another no.
    let input = json!({ "groupId": group, "name": "Baru", "sector": "CRAFT" });
    let body = app.gql(Some(&officer_elsewhere), REGISTER_PRODUCT, json!({ "input": input })).await;
    assert_eq!(error_codes(&body), ["FORBIDDEN"]);
    let data = app.ok(Some(&officer_here), REGISTER_PRODUCT, json!({ "input": input })).await;
    assert_eq!(data["registerProduct"]["userErrors"], json!([]));
    let body = app
        .gql(None, PROPOSE, json!({ "input": { "productId": product, "retailer": "Alfamidi", "outlet": "x" } }))
        .await;
    assert_eq!(error_codes(&body), ["UNAUTHENTICATED"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dashboards_count_products_per_kelurahan_and_kecamatan() {
    let app = TestApp::new().await;
    let admin = app.admin().await;
    let barat = group_with_nib(&app, &admin, BESUSU_BARAT, "KUB Barat").await;
    let tengah = group_with_nib(&app, &admin, BESUSU_TENGAH, "KUB Tengah").await;
    ready_food_product(&app, &admin, &barat, 1).await;
    ready_food_product(&app, &admin, &tengah, 2).await;
    register_product(
        &app,
        &admin,
        json!({ "groupId": tengah, "name": "Kayu", "sector": "CRAFT", "barcode": ean13("899000000077") }),
    )
    .await;
    let query = "{ kecamatans { code productCount readyProductCount readinessGaps { code count message } }
        kelurahans(filter: {kecamatanCode: \"72.71.01\"}, first: 3) { nodes { code productCount readyProductCount readinessGaps { code count } } } }";
    let data = app.ok(None, query, json!({})).await;
    let timur = &data["kecamatans"][0];
    assert_eq!(
        (timur["code"].as_str(), timur["productCount"].as_i64(), timur["readyProductCount"].as_i64()),
        (Some("72.71.01"), Some(3), Some(2))
    );
    assert_eq!(timur["readinessGaps"][0]["code"], "NOT_ASSESSED");
    assert_eq!(timur["readinessGaps"][0]["count"], 1);
    assert!(timur["readinessGaps"][0]["message"].as_str().unwrap().contains("assess"));
    assert_eq!(data["kecamatans"][1]["productCount"], 0);
    let kelurahans = &data["kelurahans"]["nodes"];
    assert_eq!(
        kelurahans[0],
        json!({ "code": BESUSU_BARAT, "productCount": 1, "readyProductCount": 1, "readinessGaps": [] })
    );
    assert_eq!(
        kelurahans[1],
        json!({ "code": BESUSU_TENGAH, "productCount": 2, "readyProductCount": 1, "readinessGaps": [{ "code": "NOT_ASSESSED", "count": 1 }] })
    );
    assert_eq!(kelurahans[2]["productCount"], 0);
}

/// A kelurahan's and a group's products, nested: the count that comes with a first page and
/// the one loaded beside a later page agree.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nested_product_counts_agree_on_later_pages() {
    let app = TestApp::new().await;
    let admin = app.admin().await;
    let group = register_group(&app, &admin, BESUSU_BARAT, "KUB Hitung").await;
    for n in 0..3 {
        register_product(&app, &admin, json!({ "groupId": group, "name": format!("Produk {n}"), "sector": "CRAFT" }))
            .await;
    }
    let query = "query($code: String!, $after: String) { kelurahan(code: $code) {
        products(first: 1, after: $after) { totalCount pageInfo { endCursor } nodes { name } }
        groups(first: 1) { nodes { products(first: 1, after: $after) { totalCount nodes { name } } } } } }";
    let first = app.ok(None, query, json!({ "code": BESUSU_BARAT })).await;
    let after = first["kelurahan"]["products"]["pageInfo"]["endCursor"].clone();
    let later = app.ok(None, query, json!({ "code": BESUSU_BARAT, "after": after })).await;
    for data in [&first, &later] {
        assert_eq!(data["kelurahan"]["products"]["totalCount"], 3, "{data:#}");
        assert_eq!(data["kelurahan"]["groups"]["nodes"][0]["products"]["totalCount"], 3, "{data:#}");
    }
    assert_eq!(later["kelurahan"]["products"]["nodes"][0]["name"], "Produk 1");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn product_lists_load_the_details_whenever_a_node_selects_them() {
    let app = TestApp::new().await;
    let admin = app.admin().await;
    let group = register_group(&app, &admin, BESUSU_BARAT, "KUB Abon").await;
    let barcode = ean13("899123456789");
    let input = json!({ "groupId": group, "name": "Abon Tuna", "description": "Abon ikan tuna asli Palu",
                        "sector": "FOOD_BEVERAGE", "priceRupiah": 25000, "unit": "pack 250 g",
                        "monthlyCapacity": 400, "barcode": barcode });
    register_product(&app, &admin, input).await;
    let details = json!({ "description": "Abon ikan tuna asli Palu", "priceRupiah": 25000, "unit": "pack 250 g",
                          "monthlyCapacity": 400, "barcode": barcode });
    // The same details through each list of products and each way a selection reaches a node.
    let lists = [
        format!(r#"kelurahan(code: "{BESUSU_BARAT}") {{ products(first: 5) {{ LIST }} }}"#),
        format!(r#"node(id: "{group}") {{ ... on BusinessGroup {{ products(first: 5) {{ LIST }} }} }}"#),
        "products(first: 5) { LIST }".to_string(),
    ];
    const FIELDS: &str = "description priceRupiah unit monthlyCapacity barcode";
    let fragment = format!("fragment Details on Product {{ {FIELDS} }}");
    // (how the list's nodes are selected, the fragment the query needs, where the node is)
    let selections = [
        (format!("nodes {{ {FIELDS} }}"), "", "/nodes/0"),
        (format!("edges {{ node {{ {FIELDS} }} }}"), "", "/edges/0/node"),
        ("nodes { ...Details }".to_string(), fragment.as_str(), "/nodes/0"),
        (format!("nodes {{ ... on Product {{ {FIELDS} }} }}"), "", "/nodes/0"),
    ];
    for list in &lists {
        for (selection, fragment, node) in &selections {
            let query = format!("{{ {} }} {fragment}", list.replace("LIST", selection));
            let data = app.ok(None, &query, json!({})).await;
            let connection = data.as_object().unwrap().values().next().unwrap();
            let connection = if connection.get("products").is_some() { &connection["products"] } else { connection };
            assert_eq!(connection.pointer(node), Some(&details), "{query}");
        }
    }
    // An alias and a page of names only, side by side in one request.
    let data = app
        .ok(
            None,
            "{ names: products(first: 5) { nodes { name } } full: products(first: 5) { nodes { name price: priceRupiah barcode } } }",
            json!({}),
        )
        .await;
    assert_eq!(data["names"]["nodes"][0], json!({ "name": "Abon Tuna" }));
    assert_eq!(data["full"]["nodes"][0], json!({ "name": "Abon Tuna", "price": 25000, "barcode": barcode }));
}
