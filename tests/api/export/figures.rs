//! `/export/figures.csv`: one row per kelurahan or kecamatan with the public figures the
//! schema gives for it.

use std::collections::HashMap;

use axum::http::{StatusCode, header};
use serde_json::{Value, json};

use super::*;
use crate::aid::{ALLOCATE, allocation, program};

const FIGURES: &str = "code name groupCount productCount readyProductCount readinessGaps { code count }
    aidReport { allocationCount allocated overrideCount idleOrSoldCount deliveredWithoutMentoringCount }";

const AID_COLUMNS: [(&str, &str); 5] = [
    ("aid_allocations", "allocationCount"),
    ("aid_allocated_rupiah", "allocated"),
    ("aid_overrides", "overrideCount"),
    ("aid_idle_or_sold", "idleOrSoldCount"),
    ("aid_delivered_without_mentoring", "deliveredWithoutMentoringCount"),
];

/// The figures of an area as the export names them, from a GraphQL area object.
fn expected(area: &Value, gap_columns: &[String]) -> HashMap<String, String> {
    let text = |v: &Value| v.as_str().map_or_else(|| v.to_string(), String::from);
    let mut row: HashMap<String, String> = HashMap::from([
        ("active_groups".to_string(), text(&area["groupCount"])),
        ("products".to_string(), text(&area["productCount"])),
        ("ready_products".to_string(), text(&area["readyProductCount"])),
    ]);
    for column in gap_columns {
        row.insert(column.clone(), "0".into());
    }
    for gap in area["readinessGaps"].as_array().unwrap() {
        let column = format!("gap_{}", gap["code"].as_str().unwrap().to_lowercase());
        assert!(row.contains_key(&column), "{column} is a column");
        row.insert(column, text(&gap["count"]));
    }
    for (column, field) in AID_COLUMNS {
        row.insert(column.into(), text(&area["aidReport"][field]));
    }
    row
}

fn figures_only(row: &HashMap<String, String>, names: &[&str]) -> HashMap<String, String> {
    row.iter().filter(|(k, _)| !names.contains(&k.as_str())).map(|(k, v)| (k.clone(), v.clone())).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_figures_of_every_area_are_those_of_the_schema() {
    let app = TestApp::new().await;
    let filled = fill(&app).await;
    let program = program(&app, &filled.admin, 1_000_000_000).await;
    let group =
        app.ok(None, "{ groups(first: 1) { nodes { id } } }", json!({})).await["groups"]["nodes"][0]["id"].clone();
    let data = app
        .ok(
            Some(&filled.admin),
            ALLOCATE,
            json!({ "input": allocation(&program, group.as_str().unwrap(), "FOOD_BEVERAGE", 2, 3_500_000) }),
        )
        .await;
    assert_eq!(data["allocateAid"]["userErrors"], json!([]), "{data:#}");

    // Per kelurahan, the default: all 46, in order of code.
    let fetched = fetch(&app, "/export/figures.csv", None, &[]).await;
    assert_eq!(fetched.status, StatusCode::OK, "{}", fetched.text());
    assert_eq!(fetched.header(header::CONTENT_TYPE), "text/csv; charset=utf-8");
    let today = umkm_graph::clock::today();
    assert_eq!(
        fetched.header(header::CONTENT_DISPOSITION),
        format!("attachment; filename=\"figures_kelurahan_{today}.csv\"")
    );
    assert_eq!(fetched.header(header::CACHE_CONTROL), "public, max-age=60");
    let (columns, rows) = parse_csv(&fetched.body, b',');
    let names = ["kecamatan_code", "kecamatan_name", "kelurahan_code", "kelurahan_name", "group_target"];
    assert_eq!(&columns[..5], names);
    let gap_columns: Vec<String> = columns.iter().filter(|c| c.starts_with("gap_")).cloned().collect();
    assert_eq!(gap_columns.len(), 11, "one column per readiness gap");
    let query =
        format!("{{ kelurahans(first: 46) {{ nodes {{ {FIGURES} groupTarget kecamatan {{ code name }} }} }} }}");
    let data = app.ok(None, &query, json!({})).await;
    let mut kelurahans: Vec<Value> = data["kelurahans"]["nodes"].as_array().unwrap().clone();
    kelurahans.sort_by_key(|k| k["code"].as_str().unwrap().to_string());
    assert_eq!(rows.len(), 46);
    for (row, kelurahan) in rows.iter().zip(&kelurahans) {
        let named =
            [&kelurahan["kecamatan"]["code"], &kelurahan["kecamatan"]["name"], &kelurahan["code"], &kelurahan["name"]];
        let named: Vec<String> = named.iter().map(|v| v.as_str().unwrap().to_string()).collect();
        let cells: Vec<String> = names[..4].iter().map(|c| row[*c].clone()).collect();
        assert_eq!(cells, named);
        assert_eq!(row["group_target"], kelurahan["groupTarget"].to_string());
        assert_eq!(figures_only(row, &names), expected(kelurahan, &gap_columns), "{}", row["kelurahan_code"]);
    }
    let barat = rows.iter().find(|r| r["kelurahan_code"] == BESUSU_BARAT).unwrap();
    assert_eq!((barat["products"].as_str(), barat["ready_products"].as_str()), ("3", "2"), "the data is there");
    assert_eq!(rows.iter().map(|r| r["aid_allocated_rupiah"].parse::<i64>().unwrap()).sum::<i64>(), 7_000_000);

    // Per kecamatan, in the Excel flavour.
    let fetched = fetch(&app, "/export/figures.csv?level=kecamatan&excel=true", None, &[]).await;
    assert_eq!(&fetched.body[..3], b"\xEF\xBB\xBF");
    let (columns, rows) = parse_csv(&fetched.body[3..], b';');
    assert_eq!(&columns[..3], ["kecamatan_code", "kecamatan_name", "active_groups"]);
    let data = app.ok(None, &format!("{{ kecamatans {{ {FIGURES} }} }}"), json!({})).await;
    let kecamatans = data["kecamatans"].as_array().unwrap();
    assert_eq!(rows.len(), 8);
    for (row, kecamatan) in rows.iter().zip(kecamatans) {
        assert_eq!(
            (&row["kecamatan_code"], &row["kecamatan_name"]),
            (&kecamatan["code"].as_str().unwrap().to_string(), &kecamatan["name"].as_str().unwrap().to_string())
        );
        assert_eq!(figures_only(row, &["kecamatan_code", "kecamatan_name"]), expected(kecamatan, &gap_columns));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_figures_revalidate_and_refuse_a_bad_level() {
    let app = TestApp::new().await;
    let first = fetch(&app, "/export/figures.csv?level=kecamatan", None, &[]).await;
    let etag = first.header(header::ETAG).to_string();
    assert!(etag.starts_with("W/\""), "{etag:?}");
    let again = fetch(&app, "/export/figures.csv?level=kecamatan", None, &[("if-none-match", &etag)]).await;
    assert_eq!((again.status, again.body.len()), (StatusCode::NOT_MODIFIED, 0));
    let admin = app.admin().await;
    let private = fetch(&app, "/export/figures.csv?level=kecamatan", Some(&admin), &[]).await;
    assert_eq!((private.status, private.header(header::CACHE_CONTROL)), (StatusCode::OK, "private, no-store"));
    assert_eq!(private.body, first.body, "figures are public: the same for every caller");
    for path in ["/export/figures.csv?level=desa", "/export/figures.csv?level=kecamatan&level=kelurahan"] {
        let refused = fetch(&app, path, None, &[("accept-language", "id")]).await;
        assert_eq!((refused.status, edge_code(&refused).as_str()), (StatusCode::BAD_REQUEST, "BAD_REQUEST"), "{path}");
        assert_eq!(refused.header(header::CONTENT_LANGUAGE), "id");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn exports_count_against_the_same_rate_limits_as_graphql() {
    let app = TestApp::with_config(umkm_graph::server::config::EdgeConfig {
        public_rate_limit_per_minute: 2,
        ..umkm_graph::server::config::EdgeConfig::default()
    })
    .await;
    let statuses = [
        fetch(&app, "/export/figures.csv", None, &[]).await.status,
        fetch(&app, "/export/retail-ready-products.csv?kelurahan=72.71.01.1004", None, &[]).await.status,
    ];
    assert_eq!(statuses, [StatusCode::OK; 2]);
    let limited = fetch(&app, "/export/figures.csv", None, &[]).await;
    assert_eq!((limited.status, edge_code(&limited).as_str()), (StatusCode::TOO_MANY_REQUESTS, "RATE_LIMITED"));
    assert!(!limited.header(header::RETRY_AFTER).is_empty());
    // /graphql shares the allowance of the address.
    let (status, _) = app.post(None, "{ kecamatans { code } }", json!({})).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
}
