//! The capital figures per kecamatan next to those per kelurahan, and the shared filter
//! vocabulary on the dashboard and on the applications list (with the old names).

use serde_json::{Value, json};

use super::dashboard::city;
use super::*;

const PER_AREA: &str = "query($filter: FinancingDashboardFilter) { financingDashboard(filter: $filter) {
    total { applicationCount amountRequested approvedCount amountApproved amountDisbursed rejectedCount }
    byKelurahan { kelurahan { code kecamatan { code } } figures {
        applicationCount amountRequested approvedCount amountApproved amountDisbursed rejectedCount } }
    byKecamatan { kecamatan { code } figures {
        applicationCount amountRequested approvedCount amountApproved amountDisbursed rejectedCount } } } }";

const COUNTED: [&str; 6] =
    ["applicationCount", "amountRequested", "approvedCount", "amountApproved", "amountDisbursed", "rejectedCount"];

/// Each kecamatan's figures are the sums of its kelurahan's, and the kecamatan add up to the
/// total; returns the kecamatan codes in the answer's order.
fn check_sums(d: &Value) -> Vec<String> {
    let mut codes = Vec::new();
    for row in d["byKecamatan"].as_array().unwrap() {
        let code = row["kecamatan"]["code"].as_str().unwrap();
        for figure in COUNTED {
            let sum: i64 = d["byKelurahan"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|k| k["kelurahan"]["kecamatan"]["code"] == code)
                .map(|k| k["figures"][figure].as_i64().unwrap())
                .sum();
            assert_eq!(row["figures"][figure].as_i64().unwrap(), sum, "{code} {figure}: {d:#}");
        }
        codes.push(code.to_string());
    }
    for figure in COUNTED {
        let sum: i64 =
            d["byKecamatan"].as_array().unwrap().iter().map(|k| k["figures"][figure].as_i64().unwrap()).sum();
        assert_eq!(d["total"][figure].as_i64().unwrap(), sum, "total {figure}");
    }
    codes
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn per_kecamatan_figures_are_the_sums_of_their_kelurahan() {
    let app = TestApp::new().await;
    let city = city(&app).await;
    let admin = city.capital.admin.clone();
    // Besusu Barat and Besusu Tengah (Palu Timur, 72.71.01) and Talise (Mantikulore, 72.71.08).
    let full = app.ok(Some(&admin), PER_AREA, json!({})).await;
    assert_eq!(check_sums(&full["financingDashboard"]), ["72.71.01", "72.71.08"]);
    assert_eq!(full["financingDashboard"]["byKecamatan"][0]["figures"]["applicationCount"], 4);
    assert_eq!(full["financingDashboard"]["byKecamatan"][1]["figures"]["amountRequested"], 10_000_000);
    // The public sees groups' applications only, in both breakdowns alike.
    let public = app.ok(None, PER_AREA, json!({})).await;
    check_sums(&public["financingDashboard"]);
    assert_eq!(public["financingDashboard"]["byKecamatan"][0]["figures"]["applicationCount"], 3);
    // Filtered by sector and period, still consistent.
    for filter in [json!({ "sectors": ["CRAFT"] }), json!({ "from": "2026-02-01", "to": "2026-03-31" })] {
        let data = app.ok(Some(&admin), PER_AREA, json!({ "filter": filter })).await;
        assert_eq!(check_sums(&data["financingDashboard"]).len(), 2, "{filter}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_dashboard_takes_sectors_and_days_and_its_old_names() {
    let app = TestApp::new().await;
    let city = city(&app).await;
    let admin = city.capital.admin.clone();
    let total = |filter: Value| {
        let (app, admin) = (&app, &admin);
        async move {
            let body = app.gql(Some(admin), PER_AREA, json!({ "filter": filter })).await;
            match error_codes(&body).as_slice() {
                [] => body["data"]["financingDashboard"]["total"]["applicationCount"].clone(),
                codes => json!(codes),
            }
        }
    };
    // Months: January 1, February 2, March 2 (one of them a member's loan).
    assert_eq!(total(json!({ "from": "2026-02-01", "to": "2026-02-28" })).await, 2);
    assert_eq!(total(json!({ "fromMonth": "2026-02", "toMonth": "2026-02" })).await, 2);
    assert_eq!(total(json!({ "fromMonth": "2026-02", "from": "2026-02-01" })).await, 4);
    assert_eq!(total(json!({ "toMonth": "2026-02", "to": "2026-02-28" })).await, 3);
    // The 15th at noon, Palu time: a range ending the 14th leaves it out, one ending the 15th keeps it.
    assert_eq!(total(json!({ "from": "2026-01-01", "to": "2026-01-14" })).await, 0);
    assert_eq!(total(json!({ "from": "2026-01-15", "to": "2026-01-15" })).await, 1);
    assert_eq!(total(json!({ "sectors": ["CRAFT"] })).await, 2);
    assert_eq!(total(json!({ "sector": "CRAFT" })).await, 2);
    assert_eq!(total(json!({ "sectors": ["CRAFT", "FOOD_BEVERAGE"] })).await, 5);
    assert_eq!(total(json!({ "sector": "CRAFT", "sectors": ["CRAFT"] })).await, 2);
    for refused in [
        json!({ "sector": "CRAFT", "sectors": ["FOOD_BEVERAGE"] }),
        json!({ "fromMonth": "2026-02", "from": "2026-02-02" }),
        json!({ "toMonth": "2026-02", "to": "2026-02-27" }),
        json!({ "from": "2026-03-01", "to": "2026-02-01" }),
    ] {
        assert_eq!(total(refused.clone()).await, json!(["BAD_USER_INPUT"]), "{refused}");
    }
}

const APPLICATIONS: &str =
    "query($filter: FinancingApplicationFilter) { financingApplications(filter: $filter, first: 100) {
    totalCount nodes { id status submittedAt group { sector kelurahan { kecamatan { code } } }
        member { group { sector kelurahan { kecamatan { code } } } } } } }";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_applications_list_takes_the_same_vocabulary() {
    let app = TestApp::new().await;
    let city = city(&app).await;
    let admin = city.capital.admin.clone();
    let list = |filter: Value| {
        let (app, admin) = (&app, &admin);
        async move {
            let body = app.gql(Some(admin), APPLICATIONS, json!({ "filter": filter })).await;
            if !error_codes(&body).is_empty() {
                return Err(error_codes(&body));
            }
            Ok(body["data"]["financingApplications"]["nodes"].as_array().unwrap().clone())
        }
    };
    let all = list(json!({})).await.unwrap();
    assert_eq!(all.len(), 6, "five submitted and a draft");
    let ids = |nodes: &[Value]| nodes.iter().map(|n| n["id"].as_str().unwrap().to_string()).collect::<Vec<_>>();
    let keep = |pick: &dyn Fn(&Value) -> bool| ids(&all.iter().filter(|n| pick(n)).cloned().collect::<Vec<_>>());
    let group = |n: &Value| if n["group"].is_null() { n["member"]["group"].clone() } else { n["group"].clone() };

    let rejected_or_repaid = |n: &Value| n["status"] == "REJECTED" || n["status"] == "REPAID";
    let statuses = json!(["REJECTED", "REPAID"]);
    assert_eq!(ids(&list(json!({ "statuses": statuses })).await.unwrap()), keep(&rejected_or_repaid));
    assert_eq!(ids(&list(json!({ "status": statuses })).await.unwrap()), keep(&rejected_or_repaid));
    let same = json!({ "status": ["REPAID", "REJECTED"], "statuses": statuses });
    assert_eq!(ids(&list(same).await.unwrap()), keep(&rejected_or_repaid));
    let disagree = json!({ "status": ["REJECTED"], "statuses": statuses });
    assert_eq!(list(disagree).await.unwrap_err(), ["BAD_USER_INPUT"]);

    let talise = |n: &Value| group(n)["kelurahan"]["kecamatan"]["code"] == "72.71.08";
    assert_eq!(ids(&list(json!({ "kecamatanCode": "72.71.08" })).await.unwrap()), keep(&talise));
    let craft = |n: &Value| group(n)["sector"] == "CRAFT";
    assert_eq!(ids(&list(json!({ "sectors": ["CRAFT"] })).await.unwrap()), keep(&craft));
    // Submitted in February (Palu time); the draft, never submitted, is never in a range.
    let february = |n: &Value| n["submittedAt"].as_str().is_some_and(|at| at.starts_with("2026-02"));
    let range = json!({ "from": "2026-02-01", "to": "2026-02-28" });
    assert_eq!(ids(&list(range).await.unwrap()), keep(&february));
    assert_eq!(keep(&february).len(), 2);
    let submitted = |n: &Value| !n["submittedAt"].is_null();
    assert_eq!(ids(&list(json!({ "from": "2000-01-01" })).await.unwrap()), keep(&submitted));
}
