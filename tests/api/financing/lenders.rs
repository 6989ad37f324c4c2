//! Lenders and schemes: public to read; registered by ADMIN; corrected, extended and
//! deactivated by ADMIN or the lender's own token; and the LENDER token's lender.

use serde_json::{Value, json};
use umkm_graph::access::Role;
use umkm_graph::ids::LenderId;

use super::*;

const LENDERS: &str = "{ lenders { totalCount nodes { id name kind ojkLicenseNumber contactPhone contactEmail address
    schemes { name minAmount maxAmount annualRatePercent maxTenorMonths acceptsGroups active lender { name } } } } }";

const UPDATE_LENDER: &str = "mutation($input: UpdateLenderInput!) { updateLender(input: $input) {
    lender { id name kind ojkLicenseNumber contactPhone contactEmail } userErrors { field message code } } }";

fn scheme_input(lender: &str, name: &str) -> Value {
    json!({ "lenderId": lender, "name": name, "minAmount": 10_000_001i64, "maxAmount": 100_000_000i64,
            "annualRatePercent": 6, "maxTenorMonths": 60, "acceptsGroups": true })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lenders_are_registered_by_admin_and_read_by_anyone() {
    let app = TestApp::new().await;
    let admin = app.admin().await;
    let officer = app.token(Role::Officer, "Fasilitator", &[BESUSU_BARAT]).await;
    let agency = app.token(Role::Agency, "OJK Sulteng", &[]).await;
    let lender_token = app.token(Role::Lender, "Bank Lain", &[]).await;
    let input = json!({ "name": "  Bank Sulteng Cabang Palu ", "kind": "BANK", "ojkLicenseNumber": "KEP-123/D.03/2020",
                        "contactPhone": "0451-421234", "contactEmail": "kur@banksulteng.example", "address": "Jl. Sam Ratulangi, Palu" });
    for (who, token, code) in [
        ("PUBLIC", None, "UNAUTHENTICATED"),
        ("OFFICER", Some(&officer), "FORBIDDEN"),
        ("AGENCY", Some(&agency), "FORBIDDEN"),
        ("LENDER", Some(&lender_token), "FORBIDDEN"),
    ] {
        let body = app.gql(token.map(String::as_str), REGISTER_LENDER, json!({ "input": input })).await;
        assert_eq!(error_codes(&body), [code], "registerLender as {who}: {body:#}");
        assert!(body["data"]["registerLender"].is_null(), "{who}: {body:#}");
    }
    let data = app.ok(Some(&admin), REGISTER_LENDER, json!({ "input": input })).await;
    let payload = &data["registerLender"];
    assert_eq!(payload["userErrors"], json!([]), "{data:#}");
    assert_eq!(
        payload["lender"],
        json!({ "id": payload["lender"]["id"], "name": "Bank Sulteng Cabang Palu", "kind": "BANK",
                "ojkLicenseNumber": "KEP-123/D.03/2020", "contactPhone": "+62451421234",
                "contactEmail": "kur@banksulteng.example", "address": "Jl. Sam Ratulangi, Palu" })
    );

    // The same name again, and malformed contacts: refused with the field and code, nothing written.
    let bad =
        json!({ "name": "Bank Sulteng Cabang Palu", "kind": "BANK", "contactPhone": "12", "contactEmail": "no at" });
    let data = app.ok(Some(&admin), REGISTER_LENDER, json!({ "input": bad })).await;
    assert_eq!(user_error_codes(&data["registerLender"]), ["INVALID_PHONE", "INVALID_EMAIL"], "{data:#}");
    assert_eq!(data["registerLender"]["userErrors"][1]["field"], json!(["input", "contactEmail"]));
    let dup = json!({ "name": "Bank Sulteng Cabang Palu", "kind": "RURAL_BANK" });
    let data = app.ok(Some(&admin), REGISTER_LENDER, json!({ "input": dup })).await;
    assert_eq!(user_error_codes(&data["registerLender"]), ["DUPLICATE_NAME"], "{data:#}");
    let p2p = json!({ "name": "Pinjaman Online Sulteng", "kind": "P2P_LENDING" });
    let data = app.ok(Some(&admin), REGISTER_LENDER, json!({ "input": p2p })).await;
    assert_eq!(data["registerLender"]["lender"]["kind"], "P2P_LENDING", "{data:#}");

    // Public: the list and the node, without a token.
    let data = app.ok(None, LENDERS, json!({})).await;
    // "Bank Lain" was made for the LENDER token above.
    assert_eq!(data["lenders"]["totalCount"], 3, "{data:#}");
    let names: Vec<&str> =
        data["lenders"]["nodes"].as_array().unwrap().iter().map(|l| l["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["Bank Lain", "Bank Sulteng Cabang Palu", "Pinjaman Online Sulteng"]);
    let id = payload["lender"]["id"].as_str().unwrap();
    let node =
        app.ok(None, "query($id: ID!) { node(id: $id) { ... on Lender { name kind } } }", json!({ "id": id })).await;
    assert_eq!(node["node"], json!({ "name": "Bank Sulteng Cabang Palu", "kind": "BANK" }));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn schemes_are_checked_and_managed_by_admin_or_their_own_lender() {
    let app = TestApp::new().await;
    let admin = app.admin().await;
    let lender = register_lender(&app, &admin, "BPR Nusa Palu", "RURAL_BANK").await;
    let other = register_lender(&app, &admin, "Koperasi Sintuvu", "COOPERATIVE").await;
    let own_token = app.lender_token(LenderId::from_global(&lender).unwrap(), "Analis BPR").await;
    let other_token = app.lender_token(LenderId::from_global(&other).unwrap(), "Analis Koperasi").await;
    let officer = app.token(Role::Officer, "Fasilitator", &[BESUSU_BARAT]).await;

    // Bad ranges, rates and terms, each at its field.
    let cases: [(Value, &str, &str); 9] = [
        (json!({ "minAmount": 0 }), "minAmount", "INVALID_RANGE"),
        (json!({ "minAmount": 100_000_000i64, "maxAmount": 10_000_000i64 }), "maxAmount", "INVALID_RANGE"),
        (json!({ "annualRatePercent": 100.5 }), "annualRatePercent", "INVALID_RATE"),
        (json!({ "annualRatePercent": -1 }), "annualRatePercent", "INVALID_RATE"),
        (json!({ "annualRatePercent": 6.125 }), "annualRatePercent", "INVALID_RATE"),
        (json!({ "maxTenorMonths": 0 }), "maxTenorMonths", "INVALID_TENOR"),
        (json!({ "maxTenorMonths": 361 }), "maxTenorMonths", "INVALID_TENOR"),
        (json!({ "name": "  " }), "name", "REQUIRED"),
        (json!({ "lenderId": "TGVuZGVyOjk5OQ" }), "lenderId", "NOT_FOUND"),
    ];
    for (change, field, code) in cases {
        let mut input = scheme_input(&lender, "KUR Mikro");
        input.as_object_mut().unwrap().extend(change.as_object().unwrap().clone());
        let data = app.ok(Some(&admin), ADD_SCHEME, json!({ "input": input })).await;
        let payload = &data["addFinancingScheme"];
        assert_eq!(user_error_codes(payload), [code], "{change}: {data:#}");
        assert_eq!(payload["userErrors"][0]["field"], json!(["input", field]), "{change}: {data:#}");
        assert!(payload["scheme"].is_null());
    }

    // Amounts are whole, non-negative rupiah up to 10^14, as JSON numbers or strings of
    // digits: anything else is refused before it runs.
    for amount in [json!(1.5), json!(-1), json!("10.000.000"), json!("-1"), json!(100_000_000_000_001u64)] {
        let mut input = scheme_input(&lender, "KUR Mikro");
        input["maxAmount"] = amount.clone();
        let body = app.gql(Some(&admin), ADD_SCHEME, json!({ "input": input })).await;
        assert!(body["errors"].as_array().is_some_and(|e| !e.is_empty()), "{amount} accepted: {body:#}");
        assert!(body["data"].is_null(), "{amount}: {body:#}");
    }

    // The lender's own token may add; another lender's or an officer's may not.
    let body = app.gql(Some(&other_token), ADD_SCHEME, json!({ "input": scheme_input(&lender, "KUR Mikro") })).await;
    assert_eq!(error_codes(&body), ["FORBIDDEN"], "{body:#}");
    let body = app.gql(Some(&officer), ADD_SCHEME, json!({ "input": scheme_input(&lender, "KUR Mikro") })).await;
    assert_eq!(error_codes(&body), ["FORBIDDEN"], "{body:#}");
    let body = app.gql(None, ADD_SCHEME, json!({ "input": scheme_input(&lender, "KUR Mikro") })).await;
    assert_eq!(error_codes(&body), ["UNAUTHENTICATED"], "{body:#}");
    let mut input = scheme_input(&lender, "KUR Kecil");
    input["minAmount"] = json!(100_000_001i64);
    input["maxAmount"] = json!(500_000_000i64);
    input["annualRatePercent"] = json!(5.75);
    input["maxTenorMonths"] = json!(120);
    let data = app.ok(Some(&own_token), ADD_SCHEME, json!({ "input": input })).await;
    let scheme = data["addFinancingScheme"]["scheme"].clone();
    assert_eq!(
        scheme,
        json!({ "id": scheme["id"], "name": "KUR Kecil", "minAmount": 100_000_001i64, "maxAmount": 500_000_000i64,
                "annualRatePercent": 5.75, "maxTenorMonths": 120, "acceptsGroups": true, "active": true,
                "lender": { "id": lender } }),
        "{data:#}"
    );
    let data = app.ok(Some(&own_token), ADD_SCHEME, json!({ "input": scheme_input(&lender, "KUR Kecil") })).await;
    assert_eq!(user_error_codes(&data["addFinancingScheme"]), ["DUPLICATE_NAME"], "{data:#}");
    // Another lender may use the same name.
    add_scheme(&app, &other_token, &other, "KUR Kecil", (1_000_000, 25_000_000), true).await;

    // Changes: a range checked against the stored bound, deactivation, by the right callers only.
    let id = scheme["id"].as_str().unwrap();
    let update = |change: Value| {
        let mut input = json!({ "id": id });
        input.as_object_mut().unwrap().extend(change.as_object().unwrap().clone());
        json!({ "input": input })
    };
    let data = app.ok(Some(&own_token), UPDATE_SCHEME, update(json!({ "maxAmount": 50_000_000 }))).await;
    assert_eq!(user_error_codes(&data["updateFinancingScheme"]), ["INVALID_RANGE"], "{data:#}");
    let body = app.gql(Some(&other_token), UPDATE_SCHEME, update(json!({ "active": false }))).await;
    assert_eq!(error_codes(&body), ["FORBIDDEN"], "{body:#}");
    let data =
        app.ok(Some(&own_token), UPDATE_SCHEME, update(json!({ "active": false, "annualRatePercent": 6 }))).await;
    assert_eq!(data["updateFinancingScheme"]["scheme"]["active"], false, "{data:#}");
    assert_eq!(data["updateFinancingScheme"]["scheme"]["annualRatePercent"], 6.0, "{data:#}");
    let data = app.ok(Some(&admin), UPDATE_SCHEME, update(json!({ "active": true, "name": "KUR Kecil 2027" }))).await;
    assert_eq!(data["updateFinancingScheme"]["scheme"]["active"], true, "{data:#}");
    assert_eq!(data["updateFinancingScheme"]["scheme"]["name"], "KUR Kecil 2027", "{data:#}");

    // Everyone reads them, through the lender and as nodes.
    let data = app.ok(None, LENDERS, json!({})).await;
    let schemes = &data["lenders"]["nodes"][0]["schemes"];
    assert_eq!(schemes.as_array().unwrap().len(), 1, "{data:#}");
    assert_eq!(schemes[0]["lender"]["name"], "BPR Nusa Palu");
    let node = "query($id: ID!) { node(id: $id) { ... on FinancingScheme { name active } } }";
    let data = app.ok(None, node, json!({ "id": id })).await;
    assert_eq!(data["node"], json!({ "name": "KUR Kecil 2027", "active": true }));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_lender_corrects_itself_and_its_token_names_it() {
    let app = TestApp::new().await;
    let admin = app.admin().await;
    let lender = register_lender(&app, &admin, "Pegadaian Palu", "PAWNSHOP").await;
    let other = register_lender(&app, &admin, "Bank Lain", "BANK").await;
    let token = app.lender_token(LenderId::from_global(&lender).unwrap(), "Kepala Cabang Pegadaian").await;

    let data = app.ok(Some(&token), "{ viewer { role name lender { id name } } }", json!({})).await;
    assert_eq!(
        data["viewer"],
        json!({ "role": "LENDER", "name": "Kepala Cabang Pegadaian", "lender": { "id": lender, "name": "Pegadaian Palu" } })
    );
    let data = app.ok(Some(&admin), "{ viewer { lender { id } } }", json!({})).await;
    assert!(data["viewer"]["lender"].is_null(), "{data:#}");

    let input = json!({ "id": lender, "ojkLicenseNumber": "S-99/NB.1/2025", "contactPhone": "+62 451 400 100" });
    let data = app.ok(Some(&token), UPDATE_LENDER, json!({ "input": input })).await;
    assert_eq!(data["updateLender"]["userErrors"], json!([]), "{data:#}");
    assert_eq!(data["updateLender"]["lender"]["ojkLicenseNumber"], "S-99/NB.1/2025");
    assert_eq!(data["updateLender"]["lender"]["contactPhone"], "+62451400100");
    let data =
        app.ok(Some(&token), UPDATE_LENDER, json!({ "input": { "id": lender, "ojkLicenseNumber": null } })).await;
    assert!(data["updateLender"]["lender"]["ojkLicenseNumber"].is_null(), "{data:#}");
    let data = app.ok(Some(&token), UPDATE_LENDER, json!({ "input": { "id": lender, "name": "Bank Lain" } })).await;
    assert_eq!(user_error_codes(&data["updateLender"]), ["DUPLICATE_NAME"], "{data:#}");
    let body = app.gql(Some(&token), UPDATE_LENDER, json!({ "input": { "id": other, "name": "Diambil alih" } })).await;
    assert_eq!(error_codes(&body), ["FORBIDDEN"], "{body:#}");
    let data =
        app.ok(None, "query($id: ID!) { node(id: $id) { ... on Lender { name } } }", json!({ "id": other })).await;
    assert_eq!(data["node"]["name"], "Bank Lain", "a refused update changed nothing");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lender_tokens_need_an_existing_lender() {
    let app = TestApp::new().await;
    let admin = app.admin().await;
    register_lender(&app, &admin, "Bank Sulteng", "BANK").await;
    let output = umkm_graph(&app.url, &["lender", "list"]).await;
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "lender list failed: {stdout}");
    assert_eq!(stdout.trim(), "1\tBANK\tBank Sulteng");

    let create = ["token", "create", "--role", "LENDER", "--name", "Analis", "--lender"];
    let output = umkm_graph(&app.url, &[&create[..], &["2"]].concat()).await;
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "a token for lender 2, which does not exist, was made");
    assert!(stderr.contains("no lender has the number 2"), "{stderr}");
    let output = umkm_graph(&app.url, &["token", "create", "--role", "ADMIN", "--name", "x", "--lender", "1"]).await;
    assert!(!output.status.success(), "an ADMIN token acting for a lender was made");

    let output = umkm_graph(&app.url, &[&create[..], &["1"]].concat()).await;
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{stdout}{}", String::from_utf8_lossy(&output.stderr));
    let secret = stdout.lines().last().unwrap().trim();
    let data = app.ok(Some(secret), "{ viewer { role lender { name } } }", json!({})).await;
    assert_eq!(data["viewer"], json!({ "role": "LENDER", "lender": { "name": "Bank Sulteng" } }));
}
