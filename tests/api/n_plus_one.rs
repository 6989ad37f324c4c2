//! A nested query costs the same number of SQL statements however many parents it has.

use serde_json::json;

use crate::common::*;

const NESTED: &str = "{ kelurahans(first: 46) { totalCount nodes { code groupCount kecamatan { name }
    groups(first: 10) { totalCount nodes { name memberCount kelurahan { code }
        members(first: 10) { totalCount nodes { fullName skills nik group { name } } } } } } } }";

/// Registers `groups` groups of `members` members in each of the first `kelurahan` kelurahan.
async fn fill(app: &TestApp, admin: &str, kelurahan: usize, groups: usize, members: usize) {
    let data = app.ok(None, "{ kelurahans(first: 46) { nodes { code } } }", json!({})).await;
    let codes: Vec<String> = data["kelurahans"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["code"].as_str().unwrap().to_string())
        .collect();
    let mut serial = 1;
    for code in codes.iter().take(kelurahan) {
        for g in 0..groups {
            let group = register_group(app, admin, code, &format!("KUB {code} {g}")).await;
            for _ in 0..members {
                add_member(app, admin, &group, "Anggota", "MEMBER", serial).await;
                serial += 1;
            }
        }
    }
}

async fn statements_for_nested_query(app: &TestApp, admin: &str) -> u64 {
    let before = app.statements();
    let data = app.ok(Some(admin), NESTED, json!({})).await;
    assert_eq!(data["kelurahans"]["totalCount"], 46);
    app.statements() - before
}

// Loads run in the request's own task once the executor waits (see `graphql::batch`): every
// resolver of a level has asked before its batch runs, so the count is exact on any number
// of worker threads and with no timer.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nested_connections_cost_a_fixed_number_of_statements() {
    let small = TestApp::new().await;
    let admin = small.admin().await;
    fill(&small, &admin, 1, 1, 1).await;
    let small_cost = statements_for_nested_query(&small, &admin).await;

    let large = TestApp::new().await;
    let admin = large.admin().await;
    fill(&large, &admin, 4, 3, 4).await;
    let large_cost = statements_for_nested_query(&large, &admin).await;

    assert_eq!(small_cost, large_cost, "statements grew with the number of parents");
    // token (2); kelurahans page with its count; kecamatans; active-group counts; groups pages
    // with their counts; kelurahans of groups; member counts; members pages with their counts;
    // skills; groups of members; and the personal-data log of the NIKs read (BEGIN, one
    // INSERT … SELECT, COMMIT).
    assert_eq!(large_cost, 14, "statements for one nested query");

    let data = large.ok(Some(&admin), NESTED, json!({})).await;
    let first = &data["kelurahans"]["nodes"][0];
    assert_eq!(first["groupCount"], 3);
    assert_eq!(first["groups"]["totalCount"], 3);
    assert_eq!(first["groups"]["nodes"][0]["members"]["totalCount"], 4);
    assert_eq!(first["groups"]["nodes"][0]["members"]["nodes"].as_array().unwrap().len(), 4);
    assert_eq!(data["kelurahans"]["nodes"][4]["groups"]["totalCount"], 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nested_pages_are_cut_per_parent() {
    let app = TestApp::new().await;
    let admin = app.admin().await;
    fill(&app, &admin, 2, 3, 3).await;
    let query = "{ kelurahans(first: 2) { nodes { groups(first: 2) { totalCount pageInfo { hasNextPage }
        nodes { members(last: 2) { totalCount pageInfo { hasPreviousPage } nodes { fullName } } } } } } }";
    let data = app.ok(Some(&admin), query, json!({})).await;
    for kelurahan in data["kelurahans"]["nodes"].as_array().unwrap() {
        assert_eq!(kelurahan["groups"]["totalCount"], 3);
        assert_eq!(kelurahan["groups"]["pageInfo"]["hasNextPage"], true);
        assert_eq!(kelurahan["groups"]["nodes"].as_array().unwrap().len(), 2);
        for group in kelurahan["groups"]["nodes"].as_array().unwrap() {
            assert_eq!(group["members"]["totalCount"], 3);
            assert_eq!(group["members"]["pageInfo"]["hasPreviousPage"], true);
            assert_eq!(group["members"]["nodes"].as_array().unwrap().len(), 2);
        }
    }
}
