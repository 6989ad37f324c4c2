//! Product files: products of registered groups with their permits.

use serde_json::json;

use super::{assert_refusals, example, import};
use crate::common::TestApp;

const PRODUCTS: &str = "{ products(first: 50) { totalCount nodes { name sector priceRupiah unit monthlyCapacity
    barcode marketRegions permits { kind number validUntil } group { name } } } }";

#[tokio::test(flavor = "multi_thread")]
async fn products_with_permits_import_once_and_mistakes_write_nothing() {
    let app = TestApp::new().await;
    let admin = app.admin().await;
    import(&app, &admin, "GROUPS", &example("groups-valid.csv")).await;

    let mistakes = import(&app, &admin, "PRODUCTS", &example("products-mistakes.csv")).await;
    let expected = [
        (2, "barcode", "INVALID_BARCODE"),
        (3, "pirt", "INVALID_PIRT"),
        (4, "group_name", "NOT_FOUND"),
        (5, "product_name", "DUPLICATE_IN_FILE"),
        (6, "monthly_capacity", "INVALID_CAPACITY"),
        (7, "sector", "INVALID_VALUE"),
        (8, "bpom", "INVALID_BPOM"),
    ];
    assert_refusals(&mistakes, &expected);
    assert_eq!((&mistakes["written"], &mistakes["refused"]), (&json!(false), &json!(7)));
    assert_eq!(app.ok(None, PRODUCTS, json!({})).await["products"]["totalCount"], 0);

    let file = example("products-valid.csv");
    let first = import(&app, &admin, "PRODUCTS", &file).await;
    assert_eq!(
        (&first["created"], &first["recordsCreated"], &first["written"]),
        (&json!(3), &json!(3), &json!(true)),
        "{first:#}"
    );
    let products = app.ok(None, PRODUCTS, json!({})).await;
    let abon = &products["products"]["nodes"][0];
    assert_eq!(abon["name"], "Abon Ikan Tuna");
    assert_eq!(
        (&abon["priceRupiah"], &abon["monthlyCapacity"], &abon["barcode"]),
        (&json!(25000), &json!(400), &json!("8991234560014"))
    );
    assert_eq!(abon["marketRegions"], json!(["Kabupaten Sigi", "Kota Palu"]));
    assert_eq!(
        abon["permits"],
        json!([
            { "kind": "HALAL", "number": "ID31110000123450823", "validUntil": null },
            { "kind": "PIRT", "number": "206727101234527", "validUntil": "2027-12-31" }
        ])
    );
    assert_eq!(products["products"]["nodes"][1]["permits"][0]["kind"], "BPOM_MD");
    assert_eq!(products["products"]["nodes"][2]["group"]["name"], "KUB Tenun Donggala Talise");

    let again = import(&app, &admin, "PRODUCTS", &file).await;
    assert_eq!(
        (&again["created"], &again["unchanged"], &again["written"]),
        (&json!(0), &json!(3), &json!(false)),
        "{again:#}"
    );
    assert_eq!(app.ok(None, PRODUCTS, json!({})).await["products"]["totalCount"], 3);
}
