//! Cursors belong to their order; sorted nested lists cost one statement per level.

use serde_json::{Value, json};

use super::registry::{Registry, registry};
use crate::common::*;

/// The `endCursor` of the first page of one item of `list` (a field of the query root).
async fn end_cursor(app: &TestApp, admin: &str, list: &str, args: &str) -> String {
    let data =
        app.ok(Some(admin), &format!("{{ {list}(first: 1{args}) {{ pageInfo {{ endCursor }} }} }}"), json!({})).await;
    data[list]["pageInfo"]["endCursor"].as_str().unwrap().to_string()
}

/// The error codes of `groups` paged after `cursor` in `order` (none: id order).
async fn groups_after(app: &TestApp, admin: &str, cursor: &str, order: &str) -> Vec<String> {
    let query = format!("query($after: String) {{ groups(first: 2, after: $after{order}) {{ nodes {{ name }} }} }}");
    let body = app.gql(Some(admin), &query, json!({ "after": cursor })).await;
    error_codes(&body)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cursor_of_another_order_is_refused() {
    let app = TestApp::new().await;
    let Registry { admin, .. } = registry(&app).await;
    let by_name = end_cursor(&app, &admin, "groups", ", orderBy: {field: NAME}").await;
    let by_id = end_cursor(&app, &admin, "groups", "").await;
    let products_by_name = end_cursor(&app, &admin, "products", ", orderBy: {field: NAME}").await;

    // Each cursor works in its own order.
    assert_eq!(
        groups_after(&app, &admin, &by_name, ", orderBy: {field: NAME, direction: ASC}").await,
        Vec::<String>::new()
    );
    assert_eq!(groups_after(&app, &admin, &by_id, "").await, Vec::<String>::new());
    // And nowhere else: another direction, field or list, or id order and a sorted one.
    for (cursor, order) in [
        (&by_name, ", orderBy: {field: NAME, direction: DESC}"),
        (&by_name, ", orderBy: {field: FOUNDED_ON}"),
        (&by_name, ""),
        (&by_id, ", orderBy: {field: NAME}"),
        (&by_id, ", orderBy: {field: REGISTRATION}"),
        (&products_by_name, ", orderBy: {field: NAME}"),
    ] {
        assert_eq!(groups_after(&app, &admin, cursor, order).await, ["BAD_USER_INPUT"], "{order}");
    }
}

const SORTED: &str = "{ kelurahans(first: 46, orderBy: {field: NAME}) { totalCount nodes { code
    groups(first: 2, orderBy: {field: NAME, direction: DESC}) { totalCount nodes { id name
        members(first: 2, orderBy: {field: NAME}) { totalCount nodes { fullName } }
        products(last: 2, orderBy: {field: PRICE, direction: DESC}) { totalCount nodes { name } } } } } } }";

/// Registers `groups` groups, each with `members` members and as many products, in each of
/// the first `kelurahan` kelurahan.
async fn fill(app: &TestApp, admin: &str, kelurahan: usize, groups: usize, members: usize) {
    let data = app.ok(None, "{ kelurahans(first: 46) { nodes { code } } }", json!({})).await;
    let codes: Vec<&Value> = data["kelurahans"]["nodes"].as_array().unwrap().iter().take(kelurahan).collect();
    let mut serial = 1;
    for code in codes {
        let code = code["code"].as_str().unwrap();
        for g in 0..groups {
            let name = if g % 2 == 0 { format!("kub {g}") } else { format!("KUB {g}") };
            let group = register_group(app, admin, code, &name).await;
            for m in 0..members {
                let role = if m == 0 { "CHAIR" } else { "MEMBER" };
                add_member(app, admin, &group, &format!("Anggota {}", members - m), role, serial).await;
                let input = json!({ "groupId": group, "name": format!("Produk {m}"), "sector": "FOOD_BEVERAGE",
                                    "priceRupiah": if m % 2 == 0 { Value::Null } else { json!(1000 * m) } });
                let data = app.ok(Some(admin), "mutation($input: RegisterProductInput!) { registerProduct(input: $input) { userErrors { code } } }", json!({ "input": input })).await;
                assert_eq!(data["registerProduct"]["userErrors"], json!([]));
                serial += 1;
            }
        }
    }
}

async fn cost(app: &TestApp, admin: &str, query: &str) -> (u64, Value) {
    let before = app.statements();
    let data = app.ok(Some(admin), query, json!({})).await;
    (app.statements() - before, data)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sorted_nested_connections_cost_one_statement_per_level() {
    let small = TestApp::new().await;
    let admin = small.admin().await;
    fill(&small, &admin, 1, 1, 1).await;
    let (small_cost, _) = cost(&small, &admin, SORTED).await;

    let large = TestApp::new().await;
    let admin = large.admin().await;
    fill(&large, &admin, 3, 3, 3).await;
    let (large_cost, data) = cost(&large, &admin, SORTED).await;
    assert_eq!(small_cost, large_cost, "statements grew with the number of parents");
    // The same query in id order costs the same: the order changes statements, not their number.
    let (default_cost, _) =
        cost(&large, &admin, &SORTED.replace(", orderBy: {field: NAME, direction: DESC}", "")).await;
    assert_eq!(large_cost, default_cost);

    // Every parent got its own page in its order.
    let kelurahans = data["kelurahans"]["nodes"].as_array().unwrap();
    let names: Vec<&str> = kelurahans.iter().map(|k| k["code"].as_str().unwrap()).collect();
    let filled: Vec<&Value> = kelurahans.iter().filter(|k| k["groups"]["totalCount"] == 3).collect();
    assert_eq!(filled.len(), 3, "{names:?}");
    for kelurahan in filled {
        let groups = &kelurahan["groups"]["nodes"];
        // "kub 2" and "KUB 1" are the largest names: descending, the id breaks no tie here.
        assert_eq!(
            groups.as_array().unwrap().iter().map(|g| g["name"].clone()).collect::<Vec<_>>(),
            [json!("kub 2"), json!("KUB 1")]
        );
        for group in groups.as_array().unwrap() {
            assert_eq!(group["members"]["totalCount"], 3);
            assert_eq!(group["members"]["nodes"], json!([{ "fullName": "Anggota 1" }, { "fullName": "Anggota 2" }]));
            // By price descending, the unpriced last: Produk 1 (1000), Produk 0 and Produk 2
            // (none, by id descending); the last two of those.
            assert_eq!(group["products"]["nodes"], json!([{ "name": "Produk 2" }, { "name": "Produk 0" }]));
        }
    }
}
