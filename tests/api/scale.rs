//! EnterpriseScale (PP 7/2021 art. 35) of a group from its declared annual turnover or, failing
//! that, its business capital: the class bounds, corrections, the filter, who sees the
//! amounts, and amounts that are refused.

use serde_json::{Value, json};
use umkm_graph::access::Role;

use crate::common::*;

const REGISTER: &str = "mutation($input: RegisterGroupInput!) { registerGroup(input: $input) {
    group { id scale annualTurnover businessCapital } userErrors { field code } } }";
const UPDATE: &str = "mutation($input: UpdateGroupInput!) { updateGroup(input: $input) {
    group { id scale annualTurnover businessCapital } userErrors { field code } } }";
const GROUP: &str =
    "query($id: ID!) { node(id: $id) { ... on BusinessGroup { scale annualTurnover businessCapital } } }";

const MILIAR: i64 = 1_000_000_000;

/// Registers a group declaring `turnover` and `capital` (null: not declared); returns the
/// group as the payload gives it.
async fn declare(app: &TestApp, admin: &str, turnover: Value, capital: Value) -> Value {
    let input = json!({ "kelurahanCode": BESUSU_BARAT, "name": "KUB Skala", "sector": "FOOD_BEVERAGE",
                        "annualTurnover": turnover, "businessCapital": capital });
    let data = app.ok(Some(admin), REGISTER, json!({ "input": input })).await;
    assert_eq!(data["registerGroup"]["userErrors"], json!([]), "{data:#}");
    data["registerGroup"]["group"].clone()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_scale_follows_turnover_else_capital_at_the_exact_bounds() {
    let app = TestApp::new().await;
    let admin = app.admin().await;
    let by_turnover = [
        (0, "MICRO"),
        (2 * MILIAR, "MICRO"),
        (2 * MILIAR + 1, "SMALL"),
        (15 * MILIAR, "SMALL"),
        (15 * MILIAR + 1, "MEDIUM"),
        (50 * MILIAR, "MEDIUM"),
        (50 * MILIAR + 1, "LARGE"),
        (100_000 * MILIAR, "LARGE"),
    ];
    for (turnover, scale) in by_turnover {
        let group = declare(&app, &admin, json!(turnover), Value::Null).await;
        assert_eq!(group["scale"], scale, "turnover {turnover}");
        assert_eq!(group["annualTurnover"], turnover);
    }
    let by_capital = [
        (MILIAR, "MICRO"),
        (MILIAR + 1, "SMALL"),
        (5 * MILIAR, "SMALL"),
        (5 * MILIAR + 1, "MEDIUM"),
        (10 * MILIAR, "MEDIUM"),
        (10 * MILIAR + 1, "LARGE"),
    ];
    for (capital, scale) in by_capital {
        // Amounts may come as strings of digits too.
        let group = declare(&app, &admin, Value::Null, json!(capital.to_string())).await;
        assert_eq!(group["scale"], scale, "capital {capital}");
        assert_eq!(group["businessCapital"], capital);
    }
    // Turnover decides when declared, whatever the capital.
    let group = declare(&app, &admin, json!(MILIAR), json!(20 * MILIAR)).await;
    assert_eq!(group["scale"], "MICRO");
    let group = declare(&app, &admin, json!(20 * MILIAR), json!(MILIAR)).await;
    assert_eq!(group["scale"], "MEDIUM");
    let group = declare(&app, &admin, Value::Null, Value::Null).await;
    assert_eq!(group["scale"], json!(null));
    assert_eq!(group["annualTurnover"], json!(null));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn corrections_move_the_scale_and_the_filter_follows() {
    let app = TestApp::new().await;
    let admin = app.admin().await;
    let group = declare(&app, &admin, json!(3 * MILIAR), json!(800_000_000)).await;
    let id = group["id"].as_str().unwrap().to_string();
    let micro = declare(&app, &admin, json!(500_000_000), Value::Null).await["id"].clone();
    declare(&app, &admin, Value::Null, Value::Null).await;
    let update = |input: Value| {
        let (app, admin, id) = (&app, &admin, &id);
        async move {
            let mut input = input;
            input["id"] = json!(id);
            let data = app.ok(Some(admin), UPDATE, json!({ "input": input })).await;
            assert_eq!(data["updateGroup"]["userErrors"], json!([]), "{data:#}");
            data["updateGroup"]["group"].clone()
        }
    };
    assert_eq!(update(json!({ "annualTurnover": 20 * MILIAR })).await["scale"], "MEDIUM");
    assert_eq!(update(json!({ "name": "KUB Skala Baru" })).await["scale"], "MEDIUM", "untouched amounts stay");
    // Withdrawing the turnover leaves the capital (Rp800 juta) to decide.
    let group = update(json!({ "annualTurnover": null })).await;
    assert_eq!((group["scale"].clone(), group["annualTurnover"].clone()), (json!("MICRO"), json!(null)));
    assert_eq!(update(json!({ "businessCapital": 6 * MILIAR })).await["scale"], "MEDIUM");
    let scales = |filter: Value| {
        let app = &app;
        async move {
            let query = "query($filter: GroupFilter) { groups(filter: $filter) { totalCount nodes { id scale } } }";
            let data = app.ok(None, query, json!({ "filter": filter })).await;
            data["groups"]["nodes"].as_array().unwrap().iter().map(|n| n["id"].clone()).collect::<Vec<_>>()
        }
    };
    assert_eq!(scales(json!({ "scales": ["MEDIUM"] })).await, [json!(id)]);
    assert_eq!(scales(json!({ "scales": ["MICRO"] })).await, std::slice::from_ref(&micro));
    assert_eq!(scales(json!({ "scales": ["MICRO", "MEDIUM"] })).await, [json!(id), micro]);
    assert!(scales(json!({ "scales": ["LARGE", "SMALL"] })).await.is_empty());
    let group = update(json!({ "businessCapital": null })).await;
    assert_eq!(group["scale"], json!(null), "nothing declared any more");
    assert!(scales(json!({ "scales": ["MEDIUM"] })).await.is_empty());
    assert_eq!(app.ok(None, "{ groups { totalCount } }", json!({})).await["groups"]["totalCount"], 3);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_amounts_are_for_admin_and_the_officer_of_the_kelurahan_the_scale_for_all() {
    let app = TestApp::new().await;
    let admin = app.admin().await;
    let group = declare(&app, &admin, json!(4 * MILIAR), json!(MILIAR)).await;
    let variables = json!({ "id": group["id"] });
    let here = app.token(Role::Officer, "Fasilitator Besusu Barat", &[BESUSU_BARAT]).await;
    let elsewhere = app.token(Role::Officer, "Fasilitator Talise", &[TALISE]).await;
    let agency = app.token(Role::Agency, "OJK Sulteng", &[]).await;
    for token in [&admin, &here] {
        let data = app.ok(Some(token), GROUP, variables.clone()).await;
        assert_eq!(data["node"], json!({ "scale": "SMALL", "annualTurnover": 4 * MILIAR, "businessCapital": MILIAR }));
    }
    for (token, code) in [(Some(&elsewhere), "FORBIDDEN"), (Some(&agency), "FORBIDDEN"), (None, "UNAUTHENTICATED")] {
        let body = app.gql(token.map(|t| t.as_str()), GROUP, variables.clone()).await;
        assert_eq!(body["data"]["node"], json!({ "scale": "SMALL", "annualTurnover": null, "businessCapital": null }));
        assert_eq!(error_codes(&body), [code, code], "{body:#}");
        let paths: Vec<&Value> = body["errors"].as_array().unwrap().iter().map(|e| &e["path"]).collect();
        assert_eq!(paths, [&json!(["node", "annualTurnover"]), &json!(["node", "businessCapital"])]);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_amounts_are_refused_and_nothing_is_saved() {
    let app = TestApp::new().await;
    let admin = app.admin().await;
    let group = declare(&app, &admin, json!(MILIAR), Value::Null).await;
    let bad = [json!(-1), json!(100_000_000_000_001i64), json!(1.5), json!("-5"), json!("12a"), json!(true)];
    for field in ["annualTurnover", "businessCapital"] {
        for amount in &bad {
            let mut input = json!({ "kelurahanCode": BESUSU_BARAT, "name": "KUB Salah", "sector": "CRAFT" });
            input[field] = amount.clone();
            let body = app.gql(Some(&admin), REGISTER, json!({ "input": input })).await;
            assert_eq!(error_codes(&body), ["BAD_USER_INPUT"], "{field} {amount}: {body:#}");
            assert!(body["data"].is_null(), "{body:#}");
            let update = json!({ "id": group["id"], "name": "Berubah", field: amount });
            let body = app.gql(Some(&admin), UPDATE, json!({ "input": update })).await;
            assert_eq!(error_codes(&body), ["BAD_USER_INPUT"], "{field} {amount}: {body:#}");
        }
    }
    let data = app.ok(None, "{ groups { totalCount nodes { name scale } } }", json!({})).await;
    assert_eq!(data["groups"]["totalCount"], 1, "no group registered");
    assert_eq!(data["groups"]["nodes"][0], json!({ "name": "KUB Skala", "scale": "MICRO" }), "nothing changed");
    // The largest amount accepted is 10^14.
    assert_eq!(declare(&app, &admin, json!(100_000_000_000_000i64), Value::Null).await["scale"], "LARGE");
}
