//! Retail listings in every order.

use serde_json::json;

use super::*;
use crate::common::*;
use crate::products::{group_with_nib, ready_food_product};

const PROPOSE: &str = "mutation($input: ProposeRetailListingInput!) { proposeRetailListing(input: $input) {
    listing { id } userErrors { field code } } }";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn retail_listings_page_in_every_order() {
    let app = TestApp::new().await;
    let admin = app.admin().await;
    let group = group_with_nib(&app, &admin, BESUSU_BARAT, "KUB Siap").await;
    let products =
        [ready_food_product(&app, &admin, &group, 1).await, ready_food_product(&app, &admin, &group, 2).await];
    // (product, retailer, outlet, the day it was proposed): retailers equal but for case and
    // days equal, so that the id must break the ties.
    let plan = [
        (0, "Alfamidi", "Alfamidi Jl. Moh. Hatta", "2026-03-01"),
        (1, "indomaret", "Indomaret Jl. Juanda", "2026-01-15"),
        (0, "alfamidi", "Alfamidi Jl. Diponegoro", "2026-03-01"),
        (1, "Hypermart", "Hypermart Palu Grand Mall", "2025-12-31"),
        (0, "Indomaret", "Indomaret Jl. Sudirman", "2026-01-15"),
        (1, "Alfamidi", "Alfamidi Jl. Kartini", "2026-02-10"),
        (0, "Gelael", "Gelael Palu", "2026-03-01"),
    ];
    let mut listings = Vec::new();
    for (product, retailer, outlet, _) in plan {
        let input = json!({ "productId": products[product], "retailer": retailer, "outlet": outlet });
        let data = app.ok(Some(&admin), PROPOSE, json!({ "input": input })).await;
        assert_eq!(data["proposeRetailListing"]["userErrors"], json!([]), "{data:#}");
        let id = data["proposeRetailListing"]["listing"]["id"].as_str().unwrap().to_string();
        listings.push(id);
    }
    // Proposals are made today; earlier ones are written in directly.
    let mut held = app.app.db.conn().await.unwrap();
    let conn = &mut held;
    for (_, _, outlet, on) in plan {
        let sql = format!("UPDATE retail_listings SET proposed_on = '{on}' WHERE outlet = '{outlet}'");
        let changed = umkm_graph::db_run!(conn: {
            diesel_async::RunQueryDsl::execute(diesel::sql_query(sql.as_str()), conn).await
        });
        assert_eq!(changed.unwrap(), 1, "{outlet}");
    }
    drop(held);
    let items: Vec<Item> = plan
        .iter()
        .zip(listings)
        .map(|((_, retailer, _, on), id)| Item {
            id,
            keys: vec![("RETAILER", text(retailer)), ("PROPOSED_ON", Key::Text(on.to_string()))],
        })
        .collect();
    // Read back as stored: the days were written, and anyone sees the listings.
    let data = app.ok(None, "{ retailListings(first: 100) { nodes { id proposedOn } } }", json!({})).await;
    let stored: Vec<(String, String)> = data["retailListings"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| (n["id"].as_str().unwrap().to_string(), n["proposedOn"].as_str().unwrap().to_string()))
        .collect();
    let planned: Vec<(String, String)> = items.iter().zip(plan).map(|(i, p)| (i.id.clone(), p.3.to_string())).collect();
    assert_eq!(stored, planned);
    let list = top_level("retailListings", "RetailListingOrder", "");
    check_orders(&app, &admin, &list, &items, &["PROPOSED_ON", "RETAILER"]).await;
    // A filter and an order together: only Alfamidi's, any case.
    let list = top_level("retailListings", "RetailListingOrder", "filter: {retailer: \"ALFAMIDI\"}, ");
    let alfamidi: Vec<String> = [0, 2, 5].iter().map(|&i| items[i].id.clone()).collect();
    check_orders(&app, &admin, &list, &only(&items, &alfamidi), &["PROPOSED_ON", "RETAILER"]).await;
}
