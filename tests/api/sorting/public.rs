//! Kelurahan, aid programmes, events and lenders in every order.

use serde_json::json;

use super::*;
use crate::common::*;
use crate::financing::register_lender;

const CREATE_PROGRAM: &str = "mutation($input: CreateAidProgramInput!) { createAidProgram(input: $input) {
    program { id } userErrors { field code } } }";
const CREATE_EVENT: &str = "mutation($input: CreateEventInput!) { createEvent(input: $input) {
    event { id } userErrors { field code } } }";

fn day(offset: i64) -> String {
    (chrono::Utc::now() + chrono::Duration::hours(8) + chrono::Duration::days(offset)).format("%Y-%m-%d").to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kelurahans_programmes_events_and_lenders_page_in_every_order() {
    let app = TestApp::new().await;
    let admin = app.admin().await;

    // The seeded kelurahan, in their default order (of ids).
    let data = app.ok(None, "{ kelurahans(first: 100) { nodes { id code name } } }", json!({})).await;
    let kelurahans: Vec<Item> = data["kelurahans"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| Item {
            id: k["id"].as_str().unwrap().to_string(),
            keys: vec![("NAME", text(k["name"].as_str().unwrap())), ("CODE", text(k["code"].as_str().unwrap()))],
        })
        .collect();
    assert_eq!(kelurahans.len(), 46);
    let list = top_level("kelurahans", "KelurahanOrder", "");
    for field in ["NAME", "CODE"] {
        for descending in [false, true] {
            let order = json!({ "field": field, "direction": if descending { "DESC" } else { "ASC" } });
            for backward in [false, true] {
                let (got, _) = walk(&app, &admin, &list, &order, 7, backward).await;
                assert_eq!(got, expected(&kelurahans, field, descending), "kelurahans by {order}");
            }
        }
    }

    let mut programs = Vec::new();
    for (name, year) in [
        ("Bantuan Alat", 2026),
        ("bantuan alat", 2025),
        ("Modal Usaha", 2026),
        ("Zakat Produktif", 2024),
        ("alat Dapur", 2025),
    ] {
        let input = json!({ "name": name, "agency": "Dinas Sosial Kota Palu", "year": year, "kind": "EQUIPMENT", "budget": 1_000_000 });
        let data = app.ok(Some(&admin), CREATE_PROGRAM, json!({ "input": input })).await;
        assert_eq!(data["createAidProgram"]["userErrors"], json!([]), "{data:#}");
        let id = data["createAidProgram"]["program"]["id"].as_str().unwrap().to_string();
        programs.push(Item { id, keys: vec![("NAME", text(name)), ("YEAR", Key::Num(year))] });
    }
    check_orders(&app, &admin, &top_level("aidPrograms", "AidProgramOrder", ""), &programs, &["NAME", "YEAR"]).await;

    let mut events = Vec::new();
    for (title, starts) in
        [("Sosialisasi KUR", 5), ("sosialisasi kur", 3), ("Bazar UMKM", 5), ("Pelatihan Label", -2), ("bazar umkm", 3)]
    {
        let input = json!({ "title": title, "kind": "SOCIALIZATION", "venue": "Hotel Sweetama Palu",
                            "startsOn": day(starts), "endsOn": day(starts + 1), "capacity": 50 });
        let data = app.ok(Some(&admin), CREATE_EVENT, json!({ "input": input })).await;
        assert_eq!(data["createEvent"]["userErrors"], json!([]), "{data:#}");
        let id = data["createEvent"]["event"]["id"].as_str().unwrap().to_string();
        events.push(Item { id, keys: vec![("TITLE", text(title)), ("STARTS_ON", Key::Text(day(starts)))] });
    }
    check_orders(&app, &admin, &top_level("events", "EventOrder", ""), &events, &["TITLE", "STARTS_ON"]).await;
    // Only the upcoming ones, in the same orders.
    let upcoming: Vec<Item> = events
        .iter()
        .filter(|e| e.key("STARTS_ON") >= &Key::Text(day(0)))
        .map(|e| Item { id: e.id.clone(), keys: e.keys.clone() })
        .collect();
    let list = top_level("events", "EventOrder", "upcoming: true, ");
    check_orders(&app, &admin, &list, &upcoming, &["TITLE", "STARTS_ON"]).await;

    let mut lenders = Vec::new();
    for (name, kind) in [
        ("Bank Sulteng", "BANK"),
        ("bank sulteng", "BANK"),
        ("BPR Palu", "RURAL_BANK"),
        ("Koperasi Maju", "COOPERATIVE"),
        ("bank Mandiri", "BANK"),
    ] {
        let id = register_lender(&app, &admin, name, kind).await;
        lenders.push(Item { id, keys: vec![("NAME", text(name))] });
    }
    check_orders(&app, &admin, &top_level("lenders", "LenderOrder", ""), &lenders, &["NAME"]).await;
}
