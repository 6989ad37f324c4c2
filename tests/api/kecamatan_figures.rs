//! The figures of a kecamatan, counted in SQL over the kecamatan as a whole, equal the sums
//! of the same figures of its kelurahan, and all 8 kecamatan cost a fixed number of
//! statements.

use serde_json::{Value, json};

use crate::aid::{ALLOCATE, allocation, program};
use crate::common::*;
use crate::products::{ean13, group_with_nib, ready_food_product, register_product};

const FIGURES: &str = "groupCount productCount readyProductCount readinessGaps { code count }
    aidReport { allocationCount allocated overrideCount idleOrSoldCount deliveredWithoutMentoringCount }";

fn all_kecamatans() -> String {
    format!("{{ kecamatans {{ code {FIGURES} kelurahans {{ code {FIGURES} }} }} }}")
}

/// A product that is not ready (no permit, no assessment).
async fn plain_product(app: &TestApp, admin: &str, group: &str, serial: u32) {
    let input = json!({ "groupId": group, "name": format!("Keripik {serial}"), "sector": "FOOD_BEVERAGE",
                        "barcode": ean13(&format!("898{serial:09}")), "priceRupiah": 15000 });
    register_product(app, admin, input).await;
}

async fn allocate(app: &TestApp, admin: &str, program: &str, group: &str, value: i64) {
    let data =
        app.ok(Some(admin), ALLOCATE, json!({ "input": allocation(program, group, "FOOD_BEVERAGE", 1, value) })).await;
    assert_eq!(data["allocateAid"]["userErrors"], json!([]), "{data:#}");
}

/// Groups, products and aid in two kelurahan of Palu Timur and one of Mantikulore (Talise),
/// with different amounts in each.
async fn fill(app: &TestApp, admin: &str) {
    let program = program(app, admin, 1_000_000_000).await;
    let barat = group_with_nib(app, admin, BESUSU_BARAT, "KUB Abon Barat").await;
    ready_food_product(app, admin, &barat, 1).await;
    plain_product(app, admin, &barat, 2).await;
    allocate(app, admin, &program, &barat, 5_000_000).await;
    allocate(app, admin, &program, &barat, 2_500_000).await;

    let tengah = register_group(app, admin, BESUSU_TENGAH, "KUB Keripik Tengah").await;
    register_group(app, admin, BESUSU_TENGAH, "KUB Dodol Tengah").await;
    plain_product(app, admin, &tengah, 3).await;
    plain_product(app, admin, &tengah, 4).await;
    allocate(app, admin, &program, &tengah, 1_000_000).await;

    let talise = group_with_nib(app, admin, TALISE, "KUB Abon Talise").await;
    ready_food_product(app, admin, &talise, 5).await;
    ready_food_product(app, admin, &talise, 6).await;
    plain_product(app, admin, &talise, 7).await;
    allocate(app, admin, &program, &talise, 7_000_000).await;
}

/// The sum of the kelurahan's figures, in the shape of one area's figures.
fn sum_of(kelurahans: &[Value]) -> Value {
    let int = |v: &Value, f: &str| v[f].as_i64().unwrap_or_else(|| panic!("{f} of {v}"));
    let add = |field: &str| kelurahans.iter().map(|k| int(k, field)).sum::<i64>();
    let add_aid = |field: &str| kelurahans.iter().map(|k| int(&k["aidReport"], field)).sum::<i64>();
    let mut gaps: std::collections::BTreeMap<String, i64> = Default::default();
    for gap in kelurahans.iter().flat_map(|k| k["readinessGaps"].as_array().unwrap()) {
        *gaps.entry(gap["code"].as_str().unwrap().to_string()).or_default() += int(gap, "count");
    }
    let aid = ["allocationCount", "allocated", "overrideCount", "idleOrSoldCount", "deliveredWithoutMentoringCount"];
    json!({
        "groupCount": add("groupCount"),
        "productCount": add("productCount"),
        "readyProductCount": add("readyProductCount"),
        "readinessGaps": gaps,
        "aidReport": aid.iter().map(|f| (f.to_string(), json!(add_aid(f)))).collect::<serde_json::Map<_, _>>(),
    })
}

/// One area's figures in the shape of [`sum_of`] (gaps as a map of code to count).
fn figures_of(area: &Value) -> Value {
    let gaps: std::collections::BTreeMap<String, i64> = area["readinessGaps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| (g["code"].as_str().unwrap().to_string(), g["count"].as_i64().unwrap()))
        .collect();
    json!({ "groupCount": area["groupCount"], "productCount": area["productCount"],
            "readyProductCount": area["readyProductCount"], "readinessGaps": gaps, "aidReport": area["aidReport"] })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_kecamatan_figure_is_the_sum_of_its_kelurahan() {
    let app = TestApp::new().await;
    let admin = app.admin().await;
    fill(&app, &admin).await;
    // Public figures: asked without a token.
    let data = app.ok(None, &all_kecamatans(), json!({})).await;
    let kecamatans = data["kecamatans"].as_array().unwrap();
    assert_eq!(kecamatans.len(), 8);
    for kecamatan in kecamatans {
        let kelurahans = kecamatan["kelurahans"].as_array().unwrap();
        assert_eq!(figures_of(kecamatan), sum_of(kelurahans), "{}", kecamatan["code"]);
    }
    let timur = kecamatans.iter().find(|k| k["code"] == "72.71.01").unwrap();
    assert_eq!(
        (&timur["groupCount"], &timur["productCount"], &timur["readyProductCount"]),
        (&json!(3), &json!(4), &json!(1))
    );
    assert_eq!(timur["aidReport"]["allocationCount"], 3);
    assert_eq!(timur["aidReport"]["allocated"], 8_500_000);
    assert!(!timur["readinessGaps"].as_array().unwrap().is_empty());
    let talise = kecamatans.iter().find(|k| k["code"] == "72.71.08").unwrap();
    assert_eq!(
        (&talise["groupCount"], &talise["productCount"], &talise["readyProductCount"]),
        (&json!(1), &json!(3), &json!(2))
    );
    assert_eq!(talise["aidReport"]["allocated"], 7_000_000);
    let empty = kecamatans.iter().filter(|k| k["groupCount"] == 0 && k["productCount"] == 0).count();
    assert_eq!(empty, 6, "the other kecamatan have nothing");

    // Per sector, the same figures: together they cover every allocation of the city.
    let data = app.ok(None, "{ aidBySector { sector report { allocationCount allocated } } }", json!({})).await;
    let food = json!({ "allocationCount": 4, "allocated": 15_500_000 });
    assert_eq!(data["aidBySector"], json!([{ "sector": "FOOD_BEVERAGE", "report": food }]));
    let city: i64 = kecamatans.iter().map(|k| k["aidReport"]["allocated"].as_i64().unwrap()).sum();
    assert_eq!(city, 15_500_000);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn all_kecamatan_figures_cost_a_fixed_number_of_statements() {
    let cost = async |app: &TestApp| {
        let before = app.statements();
        app.ok(None, &all_kecamatans(), json!({})).await;
        app.statements() - before
    };
    let empty = TestApp::new().await;
    let empty_cost = cost(&empty).await;
    let filled = TestApp::new().await;
    let admin = filled.admin().await;
    fill(&filled, &admin).await;
    let filled_cost = cost(&filled).await;
    assert_eq!(empty_cost, filled_cost, "statements grew with the data");
    // kecamatans; their kelurahan; then per level (kecamatan, kelurahan) one statement each
    // for the active-group counts, the product figures and the aid figures.
    assert_eq!(filled_cost, 8, "statements for all kecamatan with their figures");
}
