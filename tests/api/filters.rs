//! The shared filter vocabulary (`kecamatanCode`, `kelurahanCode`, `sectors`, `statuses`,
//! `from`/`to`, `search`) on every list, against the demo registry: each filter keeps exactly
//! the rows a client would pick out of the whole list by hand, the deprecated names keep
//! working, and an old and a new name that disagree are refused.

use serde_json::{Value, json};

use crate::common::*;

/// A day in Palu (UTC+8), `offset` days from today, "YYYY-MM-DD".
pub fn palu_day(offset: i64) -> String {
    (chrono::Utc::now() + chrono::Duration::hours(8) + chrono::Duration::days(offset)).format("%Y-%m-%d").to_string()
}

/// Loads the demo registry (groups, members, products, listings, aid, an event) and the
/// demo capital (lenders, applications over several months).
pub async fn demo(app: &TestApp) {
    let mut conn = app.app.db.conn().await.unwrap();
    assert!(umkm_graph::demo::fill_if_empty(&mut conn).await.unwrap() > 100);
    umkm_graph::demo::capital::fill_if_empty(&mut conn).await.unwrap();
}

/// One list: its field, its filter type and the fields of a node to fetch.
pub struct List {
    pub field: &'static str,
    pub filter_type: &'static str,
    pub fields: &'static str,
}

impl List {
    /// Every node under `filter`, page by page.
    pub async fn all(&self, app: &TestApp, token: Option<&str>, filter: Value) -> Vec<Value> {
        let query = format!(
            "query($filter: {}, $after: String) {{ {}(filter: $filter, first: 100, after: $after) {{
                pageInfo {{ hasNextPage endCursor }} totalCount nodes {{ id {} }} }} }}",
            self.filter_type, self.field, self.fields
        );
        let (mut nodes, mut after, mut total) = (Vec::new(), Value::Null, None);
        loop {
            let data = app.ok(token, &query, json!({ "filter": filter, "after": after })).await;
            let list = &data[self.field];
            total = total.or(list["totalCount"].as_u64());
            nodes.extend(list["nodes"].as_array().unwrap().iter().cloned());
            if list["pageInfo"]["hasNextPage"] != json!(true) {
                break;
            }
            after = list["pageInfo"]["endCursor"].clone();
        }
        assert_eq!(total, Some(nodes.len() as u64), "{}: totalCount agrees with the nodes", self.field);
        nodes
    }

    /// Asserts that `filter` keeps exactly the nodes of `everything` that `keep` picks, and
    /// some but not all of them (so that the filter is seen to narrow).
    pub async fn narrows(
        &self,
        app: &TestApp,
        token: Option<&str>,
        everything: &[Value],
        filter: Value,
        keep: impl Fn(&Value) -> bool,
    ) {
        let ids = |nodes: &[Value]| nodes.iter().map(|n| n["id"].as_str().unwrap().to_string()).collect::<Vec<_>>();
        let wanted: Vec<Value> = everything.iter().filter(|n| keep(n)).cloned().collect();
        let got = self.all(app, token, filter.clone()).await;
        assert_eq!(ids(&got), ids(&wanted), "{} with {filter}", self.field);
        assert!(!wanted.is_empty() && wanted.len() < everything.len(), "{} with {filter} narrows", self.field);
    }

    /// Asserts that `filter` is refused with BAD_USER_INPUT.
    pub async fn refuses(&self, app: &TestApp, token: Option<&str>, filter: Value) {
        let query =
            format!("query($filter: {}) {{ {}(filter: $filter) {{ totalCount }} }}", self.filter_type, self.field);
        let body = app.gql(token, &query, json!({ "filter": filter })).await;
        assert_eq!(error_codes(&body), ["BAD_USER_INPUT"], "{} with {filter}: {body:#}", self.field);
    }
}

fn text(node: &Value, path: &[&str]) -> String {
    path.iter().fold(node, |v, key| &v[*key]).as_str().unwrap_or_default().to_string()
}

fn has(node: &Value, key: &str, value: &str) -> bool {
    node[key].as_array().unwrap().iter().any(|v| v == value)
}

const GROUPS: List = List {
    field: "groups",
    filter_type: "GroupFilter",
    fields: "name status sector scale kelurahan { code kecamatan { code } }",
};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn group_filters_narrow_and_old_names_still_work() {
    let app = TestApp::new().await;
    demo(&app).await;
    let all = GROUPS.all(&app, None, json!({})).await;
    let kecamatan = |n: &Value| text(n, &["kelurahan", "kecamatan", "code"]);
    let status = |s: &'static str| move |n: &Value| n["status"] == s;
    GROUPS.narrows(&app, None, &all, json!({ "statuses": ["INACTIVE"] }), status("INACTIVE")).await;
    GROUPS.narrows(&app, None, &all, json!({ "status": "INACTIVE" }), status("INACTIVE")).await;
    GROUPS.narrows(&app, None, &all, json!({ "status": "ACTIVE", "statuses": ["ACTIVE"] }), status("ACTIVE")).await;
    GROUPS
        .narrows(&app, None, &all, json!({ "sectors": ["CRAFT", "FISHERY"] }), |n| {
            n["sector"] == "CRAFT" || n["sector"] == "FISHERY"
        })
        .await;
    GROUPS.narrows(&app, None, &all, json!({ "kecamatanCode": "72.71.08" }), |n| kecamatan(n) == "72.71.08").await;
    let besusu = |n: &Value| text(n, &["name"]).to_lowercase().contains("besusu");
    GROUPS.narrows(&app, None, &all, json!({ "search": "BESUSU" }), besusu).await;
    GROUPS
        .narrows(&app, None, &all, json!({ "scales": ["SMALL", "MEDIUM"], "kecamatanCode": "72.71.01" }), |n| {
            (n["scale"] == "SMALL" || n["scale"] == "MEDIUM") && kecamatan(n) == "72.71.01"
        })
        .await;
    // Registered today (Palu time): every demo group; tomorrow or up to yesterday: none.
    let today = GROUPS.all(&app, None, json!({ "from": palu_day(0), "to": palu_day(0) })).await;
    assert_eq!(today.len(), all.len());
    assert!(GROUPS.all(&app, None, json!({ "from": palu_day(1) })).await.is_empty());
    assert!(GROUPS.all(&app, None, json!({ "to": palu_day(-1) })).await.is_empty());
    // The nested list of a kelurahan takes the same filter.
    let code = text(&all[0], &["kelurahan", "code"]);
    let query = "query($code: String, $filter: GroupFilter) { kelurahan(code: $code) {
        groups(filter: $filter, first: 100) { nodes { id status } } } }";
    let nested = app.ok(None, query, json!({ "code": code, "filter": { "statuses": ["ACTIVE"] } })).await;
    let nested: Vec<&Value> = nested["kelurahan"]["groups"]["nodes"].as_array().unwrap().iter().collect();
    let wanted: Vec<&Value> =
        all.iter().filter(|n| text(n, &["kelurahan", "code"]) == code && n["status"] == "ACTIVE").collect();
    assert_eq!(nested.len(), wanted.len());
    assert!(nested.iter().all(|n| n["status"] == "ACTIVE"));

    GROUPS.refuses(&app, None, json!({ "status": "ACTIVE", "statuses": ["INACTIVE"] })).await;
    GROUPS.refuses(&app, None, json!({ "status": "ACTIVE", "statuses": ["ACTIVE", "INACTIVE"] })).await;
    GROUPS.refuses(&app, None, json!({ "from": palu_day(1), "to": palu_day(0) })).await;
    GROUPS.refuses(&app, None, json!({ "search": "x".repeat(101) })).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn member_filters_narrow_and_skill_is_sectors() {
    let app = TestApp::new().await;
    demo(&app).await;
    let admin = app.admin().await;
    let members = List {
        field: "members",
        filter_type: "MemberFilter",
        fields: "skills group { kelurahan { kecamatan { code } } }",
    };
    let all = members.all(&app, Some(&admin), json!({ "kecamatanCode": "72.71.01" })).await;
    assert!(all.iter().all(|n| text(n, &["group", "kelurahan", "kecamatan", "code"]) == "72.71.01"));
    let everyone = members.all(&app, Some(&admin), json!({})).await;
    assert!(all.len() < everyone.len());
    let craft = |n: &Value| has(n, "skills", "CRAFT");
    let base = json!({ "kecamatanCode": "72.71.01" });
    let with = |extra: Value| {
        let mut filter = base.clone();
        filter.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
        filter
    };
    members.narrows(&app, Some(&admin), &all, with(json!({ "sectors": ["CRAFT"] })), craft).await;
    members.narrows(&app, Some(&admin), &all, with(json!({ "skill": "CRAFT" })), craft).await;
    members
        .narrows(&app, Some(&admin), &all, with(json!({ "sectors": ["CRAFT", "FISHERY"] })), |n| {
            craft(n) || has(n, "skills", "FISHERY")
        })
        .await;
    assert!(members.all(&app, Some(&admin), with(json!({ "from": palu_day(1) }))).await.is_empty());
    assert_eq!(members.all(&app, Some(&admin), with(json!({ "to": palu_day(0) }))).await.len(), all.len());
    members.refuses(&app, Some(&admin), json!({ "skill": "CRAFT", "sectors": ["FISHERY"] })).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn product_and_listing_filters_narrow() {
    let app = TestApp::new().await;
    demo(&app).await;
    let products = List { field: "products", filter_type: "ProductFilter", fields: "name" };
    let all_products = products.all(&app, None, json!({})).await;
    assert_eq!(products.all(&app, None, json!({ "from": palu_day(0) })).await.len(), all_products.len());
    assert!(products.all(&app, None, json!({ "from": palu_day(1) })).await.is_empty());

    let listings = List {
        field: "retailListings",
        filter_type: "RetailListingFilter",
        fields: "status proposedOn product { name sector kelurahan { code kecamatan { code } } }",
    };
    let all = listings.all(&app, None, json!({})).await;
    let status = |s: &'static str| move |n: &Value| n["status"] == s;
    listings.narrows(&app, None, &all, json!({ "statuses": ["LISTED"] }), status("LISTED")).await;
    listings.narrows(&app, None, &all, json!({ "status": "PROPOSED" }), status("PROPOSED")).await;
    let kecamatan = text(&all[0], &["product", "kelurahan", "kecamatan", "code"]);
    listings
        .narrows(&app, None, &all, json!({ "kecamatanCode": kecamatan }), |n| {
            text(n, &["product", "kelurahan", "kecamatan", "code"]) == kecamatan
        })
        .await;
    let kelurahan = text(&all[0], &["product", "kelurahan", "code"]);
    listings
        .narrows(&app, None, &all, json!({ "kelurahanCode": kelurahan }), |n| {
            text(n, &["product", "kelurahan", "code"]) == kelurahan
        })
        .await;
    let sector = all[0]["product"]["sector"].clone();
    listings.narrows(&app, None, &all, json!({ "sectors": [sector] }), |n| n["product"]["sector"] == sector).await;
    let word = text(&all[0], &["product", "name"]).split_whitespace().last().unwrap().to_lowercase();
    listings
        .narrows(&app, None, &all, json!({ "search": word.to_uppercase() }), |n| {
            text(n, &["product", "name"]).to_lowercase().contains(&word)
        })
        .await;
    let proposed = text(&all[0], &["proposedOn"]);
    assert_eq!(listings.all(&app, None, json!({ "from": proposed, "to": proposed })).await.len(), all.len());
    assert!(listings.all(&app, None, json!({ "to": palu_day(-400) })).await.is_empty());
    listings.refuses(&app, None, json!({ "status": "LISTED", "statuses": ["PROPOSED"] })).await;
}

const CREATE_PROGRAM: &str = "mutation($input: CreateAidProgramInput!) { createAidProgram(input: $input) {
    program { id } userErrors { code } } }";
const CREATE_EVENT: &str = "mutation($input: CreateEventInput!) { createEvent(input: $input) {
    event { id } userErrors { code } } }";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn programmes_events_lenders_and_kelurahan_take_search_and_dates() {
    let app = TestApp::new().await;
    demo(&app).await;
    let admin = app.admin().await;
    for (name, year) in [("Bantuan Modal Nelayan", 2021), ("Pelatihan Tenun Donggala", 2023)] {
        let input = json!({ "name": name, "agency": "Dinas Sosial Kota Palu", "year": year, "kind": "TRAINING",
                            "budget": 1_000_000 });
        let data = app.ok(Some(&admin), CREATE_PROGRAM, json!({ "input": input })).await;
        assert_eq!(data["createAidProgram"]["userErrors"], json!([]), "{data:#}");
    }
    let programs = List { field: "aidPrograms", filter_type: "AidProgramFilter", fields: "name year" };
    let all = programs.all(&app, None, json!({})).await;
    programs
        .narrows(&app, None, &all, json!({ "search": "nelayan" }), |n| text(n, &["name"]).contains("Nelayan"))
        .await;
    let year = |n: &Value| n["year"].as_i64().unwrap();
    programs.narrows(&app, None, &all, json!({ "to": "2022-06-30" }), |n| year(n) <= 2022).await;
    programs.narrows(&app, None, &all, json!({ "from": "2022-06-30" }), |n| year(n) >= 2022).await;
    programs.narrows(&app, None, &all, json!({ "from": "2023-12-31", "to": "2024-01-01" }), |n| year(n) == 2023).await;

    for (title, starts) in [("Pelatihan Kemasan", 3), ("Temu Bisnis Ritel", 40)] {
        let input = json!({ "title": title, "kind": "TRAINING", "venue": "Aula Dinas", "startsOn": palu_day(starts),
                            "endsOn": palu_day(starts), "capacity": 20 });
        let data = app.ok(Some(&admin), CREATE_EVENT, json!({ "input": input })).await;
        assert_eq!(data["createEvent"]["userErrors"], json!([]), "{data:#}");
    }
    let events = List { field: "events", filter_type: "EventFilter", fields: "title startsOn" };
    let all = events.all(&app, None, json!({})).await;
    assert_eq!(all.len(), 3, "the demo's event and two more");
    let starts = |n: &Value| text(n, &["startsOn"]);
    events.narrows(&app, None, &all, json!({ "search": "ritel" }), |n| text(n, &["title"]).contains("Ritel")).await;
    events.narrows(&app, None, &all, json!({ "to": palu_day(3) }), |n| starts(n) <= palu_day(3)).await;
    events
        .narrows(&app, None, &all, json!({ "from": palu_day(4), "to": palu_day(40) }), |n| starts(n) > palu_day(3))
        .await;

    let lenders = List { field: "lenders", filter_type: "LenderFilter", fields: "name" };
    let all = lenders.all(&app, None, json!({})).await;
    let word = text(&all[0], &["name"]).split_whitespace().last().unwrap().to_string();
    lenders
        .narrows(&app, None, &all, json!({ "search": word.to_lowercase() }), |n| {
            text(n, &["name"]).to_lowercase().contains(&word.to_lowercase())
        })
        .await;
    assert!(lenders.all(&app, None, json!({ "from": palu_day(1) })).await.is_empty());

    let kelurahans = List { field: "kelurahans", filter_type: "KelurahanFilter", fields: "name" };
    let all = kelurahans.all(&app, None, json!({})).await;
    assert_eq!(all.len(), 46);
    kelurahans
        .narrows(&app, None, &all, json!({ "search": " besusu " }), |n| text(n, &["name"]).starts_with("Besusu"))
        .await;
    for list in [&programs, &events, &lenders, &kelurahans] {
        list.refuses(&app, None, json!({ "search": "x".repeat(101) })).await;
    }
    for list in [&programs, &events, &lenders] {
        list.refuses(&app, None, json!({ "from": "2026-02-02", "to": "2026-02-01" })).await;
    }
}

const KELURAHAN: &str = "query($code: String, $name: String) { kelurahan(code: $code, name: $name) { code name } }";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_kelurahan_is_found_by_code_or_by_name() {
    let app = TestApp::new().await;
    let by_code = app.ok(None, KELURAHAN, json!({ "code": BESUSU_BARAT })).await;
    assert_eq!(by_code["kelurahan"]["name"], "Besusu Barat");
    for name in ["Besusu Barat", "  besusu barat ", "BESUSU BARAT"] {
        let data = app.ok(None, KELURAHAN, json!({ "name": name })).await;
        assert_eq!(data["kelurahan"], by_code["kelurahan"], "{name:?}");
    }
    assert_eq!(app.ok(None, KELURAHAN, json!({ "name": "Talise" })).await["kelurahan"]["code"], TALISE);
    assert_eq!(app.ok(None, KELURAHAN, json!({ "name": "Besusu" })).await["kelurahan"], json!(null));
    for variables in [json!({}), json!({ "code": BESUSU_BARAT, "name": "Besusu Barat" })] {
        let body = app.gql(None, KELURAHAN, variables.clone()).await;
        assert_eq!(error_codes(&body), ["BAD_USER_INPUT"], "{variables}: {body:#}");
    }
    // Every kelurahan of Palu is found by its own name.
    let all = app.ok(None, "{ kelurahans(first: 46) { nodes { code name } } }", json!({})).await;
    for node in all["kelurahans"]["nodes"].as_array().unwrap() {
        let found = app.ok(None, KELURAHAN, json!({ "name": node["name"] })).await;
        assert_eq!(found["kelurahan"]["code"], node["code"]);
    }
}
