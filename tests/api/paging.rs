//! Relay paging (forwards and backwards) and global object identification.

use serde_json::{Value, json};

use crate::common::*;

const PAGE: &str = "query($first: Int, $after: String, $last: Int, $before: String) {
    groups(first: $first, after: $after, last: $last, before: $before) {
        totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
        edges { cursor node { name } } nodes { name } } }";

fn names(connection: &Value) -> Vec<String> {
    connection["nodes"].as_array().unwrap().iter().map(|n| n["name"].as_str().unwrap().to_string()).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_go_forwards_and_backwards_with_cursors() {
    let app = TestApp::new().await;
    let admin = app.admin().await;
    for n in 1..=5 {
        register_group(&app, &admin, BESUSU_BARAT, &format!("KUB {n}")).await;
    }
    let first = app.ok(None, PAGE, json!({ "first": 2 })).await["groups"].clone();
    assert_eq!(names(&first), ["KUB 1", "KUB 2"]);
    assert_eq!(first["totalCount"], 5);
    assert_eq!(first["pageInfo"]["hasNextPage"], true);
    assert_eq!(first["pageInfo"]["hasPreviousPage"], false);
    assert_eq!(first["edges"][0]["cursor"], first["pageInfo"]["startCursor"]);
    assert_eq!(first["edges"][1]["cursor"], first["pageInfo"]["endCursor"]);

    let second =
        app.ok(None, PAGE, json!({ "first": 2, "after": first["pageInfo"]["endCursor"] })).await["groups"].clone();
    assert_eq!(names(&second), ["KUB 3", "KUB 4"]);
    assert_eq!(second["pageInfo"]["hasPreviousPage"], true);
    let third =
        app.ok(None, PAGE, json!({ "first": 2, "after": second["pageInfo"]["endCursor"] })).await["groups"].clone();
    assert_eq!(names(&third), ["KUB 5"]);
    assert_eq!(third["pageInfo"]["hasNextPage"], false);
    assert_eq!(third["totalCount"], 5);

    let last = app.ok(None, PAGE, json!({ "last": 2 })).await["groups"].clone();
    assert_eq!(names(&last), ["KUB 4", "KUB 5"]);
    assert_eq!(last["pageInfo"]["hasPreviousPage"], true);
    assert_eq!(last["pageInfo"]["hasNextPage"], false);
    let before =
        app.ok(None, PAGE, json!({ "last": 2, "before": last["pageInfo"]["startCursor"] })).await["groups"].clone();
    assert_eq!(names(&before), ["KUB 2", "KUB 3"]);
    assert_eq!(before["pageInfo"]["hasNextPage"], true);
    let start =
        app.ok(None, PAGE, json!({ "last": 5, "before": before["pageInfo"]["startCursor"] })).await["groups"].clone();
    assert_eq!(names(&start), ["KUB 1"]);
    assert_eq!(start["pageInfo"]["hasPreviousPage"], false);

    // Default page size is 20.
    let all = app.ok(None, PAGE, json!({})).await["groups"].clone();
    assert_eq!(names(&all).len(), 5);
}

/// Groups of two kelurahan, nested: the counts that come with a first page and those loaded
/// beside a later page agree, in every direction and page size, including an empty list.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nested_counts_agree_on_every_page() {
    let app = TestApp::new().await;
    let admin = app.admin().await;
    for n in 1..=5 {
        register_group(&app, &admin, BESUSU_BARAT, &format!("KUB {n}")).await;
    }
    let nested = "query($first: Int, $after: String, $last: Int, $before: String) { kelurahans(first: 46) { totalCount nodes { code
        groups(first: $first, after: $after, last: $last, before: $before) {
            totalCount pageInfo { hasNextPage endCursor } nodes { name } } } } }";
    let of = |data: &Value, code: &str| -> Value {
        assert_eq!(data["kelurahans"]["totalCount"], 46);
        data["kelurahans"]["nodes"].as_array().unwrap().iter().find(|k| k["code"] == code).unwrap()["groups"].clone()
    };
    let first = app.ok(None, nested, json!({ "first": 2 })).await;
    let besusu = of(&first, BESUSU_BARAT);
    assert_eq!(
        (names(&besusu), besusu["totalCount"].clone()),
        (vec!["KUB 1".to_string(), "KUB 2".to_string()], json!(5))
    );
    assert_eq!(of(&first, "72.71.02.1005")["totalCount"], 0, "a kelurahan without groups");
    let after = besusu["pageInfo"]["endCursor"].clone();
    for (variables, expected) in [
        (json!({ "first": 0 }), vec![]),
        (json!({ "last": 2 }), vec!["KUB 4", "KUB 5"]),
        (json!({ "first": 2, "after": after }), vec!["KUB 3", "KUB 4"]),
        (json!({ "last": 1, "before": after }), vec!["KUB 1"]),
    ] {
        let data = app.ok(None, nested, variables.clone()).await;
        let besusu = of(&data, BESUSU_BARAT);
        assert_eq!(names(&besusu), expected, "{variables}");
        assert_eq!(besusu["totalCount"], 5, "{variables}");
    }
    // Past the end: no rows, the count still stands.
    let end = app.ok(None, PAGE, json!({ "first": 5 })).await["groups"]["pageInfo"]["endCursor"].clone();
    let past = app.ok(None, PAGE, json!({ "first": 2, "after": end })).await["groups"].clone();
    assert_eq!((names(&past).len(), past["totalCount"].clone()), (0, json!(5)));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_paging_arguments_are_client_errors() {
    let app = TestApp::new().await;
    for variables in [
        json!({ "first": 101 }),
        json!({ "first": -1 }),
        json!({ "last": 1000 }),
        json!({ "first": 2, "last": 2 }),
        json!({ "after": "not a cursor" }),
        json!({ "before": "Zm9vOjE" }),
    ] {
        let body = app.gql(None, PAGE, variables.clone()).await;
        assert_eq!(error_codes(&body), ["BAD_USER_INPUT"], "{variables}: {body}");
    }
    let body = app.gql(None, "{ kelurahans(first: 100) { totalCount } }", json!({})).await;
    assert!(body.get("errors").is_none());
    // A NUL character in a text argument is the caller's mistake, never an internal error
    // (PostgreSQL refuses it, SQLite finds nothing).
    let query = "query($s: String!) { groups(filter: {search: $s}) { totalCount } kelurahan(code: $s) { name } }";
    let body = app.gql(None, query, json!({ "s": "a\u{0}b" })).await;
    assert!(!error_codes(&body).contains(&"INTERNAL".to_string()), "{body}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn node_and_nodes_resolve_global_ids_of_every_kind() {
    let app = TestApp::new().await;
    let admin = app.admin().await;
    let group = register_group(&app, &admin, BESUSU_BARAT, "KUB Abon").await;
    let member = add_member(&app, &admin, &group, "Siti", "CHAIR", 2).await;
    let data = app.ok(None, "{ kecamatans { id kelurahans { id code } } }", json!({})).await;
    let kecamatan = data["kecamatans"][0]["id"].clone();
    let kelurahan = data["kecamatans"][0]["kelurahans"][0]["id"].clone();
    let query = "query($ids: [ID!]!) { nodes(ids: $ids) { __typename id
        ... on Kecamatan { code } ... on Kelurahan { code } ... on BusinessGroup { name } ... on Member { fullName } } }";
    let missing = "S2VsdXJhaGFuOjk5OTk"; // Kelurahan:9999
    let data = app.ok(Some(&admin), query, json!({ "ids": [kecamatan, kelurahan, group, member, missing] })).await;
    assert_eq!(
        data["nodes"],
        json!([
            { "__typename": "Kecamatan", "id": kecamatan, "code": "72.71.01" },
            { "__typename": "Kelurahan", "id": kelurahan, "code": BESUSU_BARAT },
            { "__typename": "BusinessGroup", "id": group, "name": "KUB Abon" },
            { "__typename": "Member", "id": member, "fullName": "Siti" },
            null
        ])
    );
    let data = app.ok(None, "query($id: ID!) { node(id: $id) { id } }", json!({ "id": group })).await;
    assert_eq!(data["node"]["id"], group);
    let body = app.gql(None, "{ node(id: \"garbage\") { id } }", json!({})).await;
    assert_eq!(error_codes(&body), ["BAD_USER_INPUT"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_search_longer_than_100_characters_is_bad_input_not_internal() {
    let app = TestApp::new().await;
    let admin = app.admin().await;
    let group = register_group(&app, &admin, BESUSU_BARAT, "KUB Abon").await;
    add_member(&app, &admin, &group, "Siti", "CHAIR", 2).await;
    let queries = [
        "query($s: String!) { groups(filter: {search: $s}) { totalCount } }",
        "query($s: String!) { kelurahan(code: \"72.71.01.1004\") { groups(filter: {search: $s}) { totalCount } } }",
        "query($s: String!) { products(filter: {search: $s}) { totalCount } }",
        "query($s: String!) { members(filter: {search: $s}) { totalCount } }",
    ];
    for query in queries {
        for long in ["%".repeat(50_000), "a".repeat(50_000), "é".repeat(101)] {
            let body = app.gql(Some(&admin), query, json!({ "s": long })).await;
            assert_eq!(error_codes(&body), ["BAD_USER_INPUT"], "{query}: {body}");
        }
        // 100 characters, wildcards and escapes included, are a search like any other.
        let body = app.gql(Some(&admin), query, json!({ "s": "%_\\".repeat(33) + "x" })).await;
        assert!(body.get("errors").is_none(), "{query}: {body}");
    }
}
