//! `/export/retail-ready-products.csv`: the rows are the retail-ready products GraphQL lists,
//! public columns for everyone, the ketua's contact only for callers entitled to the
//! kelurahan's personal data, and every phone exported in the personal-data log.

use std::collections::HashMap;

use axum::http::{StatusCode, header};
use serde_json::{Value, json};
use umkm_graph::access::Role;
use umkm_graph::server::config::EdgeConfig;

use super::*;

const PUBLIC_COLUMNS: [&str; 18] = [
    "product_id",
    "product_name",
    "description",
    "sector",
    "price_rupiah",
    "unit",
    "monthly_capacity",
    "barcode",
    "permits",
    "market_regions",
    "group_id",
    "group_registration_number",
    "group_name",
    "group_nib",
    "kelurahan_code",
    "kelurahan_name",
    "kecamatan_code",
    "kecamatan_name",
];

const READY_PRODUCTS: &str = "query($filter: ProductFilter) { products(filter: $filter, first: 100) { nodes {
    id name description sector priceRupiah unit monthlyCapacity barcode marketRegions
    permits { kind number validUntil }
    group { id registrationNumber name nib }
    kelurahan { code name kecamatan { code name } } } } }";

fn cell(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The public cells of each retail-ready product of the area, from GraphQL, in id order.
async fn expected_rows(app: &TestApp, filter: Value) -> Vec<HashMap<String, String>> {
    let filter = json!({ "retailReady": true })
        .as_object()
        .unwrap()
        .clone()
        .into_iter()
        .chain(filter.as_object().unwrap().clone());
    let data = app.ok(None, READY_PRODUCTS, json!({ "filter": filter.collect::<serde_json::Map<_, _>>() })).await;
    let nodes = data["products"]["nodes"].as_array().unwrap();
    nodes
        .iter()
        .map(|p| {
            let permits: Vec<String> = p["permits"]
                .as_array()
                .unwrap()
                .iter()
                .map(|permit| match permit["validUntil"].as_str() {
                    Some(day) => format!("{} {} (valid until {day})", cell(&permit["kind"]), cell(&permit["number"])),
                    None => format!("{} {}", cell(&permit["kind"]), cell(&permit["number"])),
                })
                .collect();
            let regions: Vec<String> = p["marketRegions"].as_array().unwrap().iter().map(cell).collect();
            let (group, kelurahan) = (&p["group"], &p["kelurahan"]);
            let values = [
                cell(&p["id"]),
                cell(&p["name"]),
                cell(&p["description"]),
                cell(&p["sector"]),
                cell(&p["priceRupiah"]),
                cell(&p["unit"]),
                cell(&p["monthlyCapacity"]),
                cell(&p["barcode"]),
                permits.join(" | "),
                regions.join(" | "),
                cell(&group["id"]),
                cell(&group["registrationNumber"]),
                cell(&group["name"]),
                cell(&group["nib"]),
                cell(&kelurahan["code"]),
                cell(&kelurahan["name"]),
                cell(&kelurahan["kecamatan"]["code"]),
                cell(&kelurahan["kecamatan"]["name"]),
            ];
            PUBLIC_COLUMNS.iter().map(|c| c.to_string()).zip(values).collect()
        })
        .collect()
}

/// `rows` without the contact columns.
fn public_part(rows: &[HashMap<String, String>]) -> Vec<HashMap<String, String>> {
    rows.iter()
        .map(|row| {
            row.iter().filter(|(k, _)| !k.starts_with("contact_")).map(|(k, v)| (k.clone(), v.clone())).collect()
        })
        .collect()
}

fn url(area: &str, code: &str) -> String {
    format!("/export/retail-ready-products.csv?{area}={code}")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn anyone_exports_the_ready_products_of_a_kelurahan_without_contacts() {
    let app = TestApp::new().await;
    fill(&app).await;
    let fetched = fetch(&app, &url("kelurahan", BESUSU_BARAT), None, &[]).await;
    assert_eq!(fetched.status, StatusCode::OK, "{}", fetched.text());
    assert_eq!(fetched.header(header::CONTENT_TYPE), "text/csv; charset=utf-8");
    let today = umkm_graph::clock::today();
    assert_eq!(
        fetched.header(header::CONTENT_DISPOSITION),
        format!("attachment; filename=\"retail-ready-products_{BESUSU_BARAT}_besusu-barat_{today}.csv\"")
    );
    assert_eq!(fetched.header(header::CACHE_CONTROL), "public, max-age=60");
    let text = fetched.text();
    assert!(text.starts_with("product_id,product_name,"), "no byte-order mark in RFC 4180: {text:?}");
    assert!(text.ends_with("\r\n") && !text.replace("\r\n", "").contains('\r'), "records end with CRLF");
    let (columns, rows) = parse_csv(&fetched.body, b',');
    assert_eq!(columns, PUBLIC_COLUMNS, "anonymous: public columns only");
    let expected = expected_rows(&app, json!({ "kelurahanCode": BESUSU_BARAT })).await;
    assert_eq!(expected.len(), 2, "two of the three products are ready");
    assert_eq!(rows, expected);
    // Quotes, commas and semicolons survive the round trip; RFC 4180 keeps text as it is.
    assert_eq!(rows[0]["product_name"], "=Abon \"Super\", pedas");
    assert_eq!(rows[0]["description"], "Gurih, renyah; tanpa \"pengawet\"");
    assert!(
        rows[0]["permits"].starts_with("HALAL ") && rows[0]["permits"].contains(" | PIRT "),
        "{}",
        rows[0]["permits"]
    );

    // The same for a retailer's (AGENCY) or a lender's token, never cached by others.
    for role in [Role::Agency, Role::Lender] {
        let token = app.token(role, &format!("{role:?} partner"), &[]).await;
        let fetched = fetch(&app, &url("kelurahan", BESUSU_BARAT), Some(&token), &[]).await;
        assert_eq!(fetched.header(header::CACHE_CONTROL), "private, no-store");
        assert_eq!(parse_csv(&fetched.body, b','), (columns.clone(), rows.clone()), "{role:?}");
    }
}

/// How many log entries say that `member`'s phone was read.
async fn phone_reads(app: &TestApp, admin: &str, member: &str) -> Vec<(String, String)> {
    let log = "query($member: ID) { personalDataLog(filter: {memberId: $member}, first: 100) {
        nodes { actor role action fields } } }";
    let data = app.ok(Some(admin), log, json!({ "member": member })).await;
    data["personalDataLog"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "READ" && e["fields"] == json!(["phone"]))
        .map(|e| (cell(&e["actor"]), cell(&e["role"])))
        .collect()
}

/// The ketua's name and phone per group id, as GraphQL shows them to ADMIN.
async fn chairs(app: &TestApp, admin: &str) -> HashMap<String, (String, String)> {
    let query = "{ members(first: 100) { nodes { fullName phone role group { id } } } }";
    let data = app.ok(Some(admin), query, json!({})).await;
    data["members"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["role"] == "CHAIR")
        .map(|m| (cell(&m["group"]["id"]), (cell(&m["fullName"]), cell(&m["phone"]))))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn entitled_callers_get_the_ketua_and_every_exported_phone_is_logged() {
    let app = TestApp::new().await;
    let filled = fill(&app).await;
    let admin = filled.admin.clone();
    let chairs = chairs(&app, &admin).await;
    let (barat_before, tengah_before) =
        (phone_reads(&app, &admin, &filled.barat_chair).await, phone_reads(&app, &admin, &filled.tengah_chair).await);
    let expected = expected_rows(&app, json!({ "kecamatanCode": "72.71.01" })).await;
    assert_eq!(expected.len(), 3, "Besusu Barat's two and Besusu Tengah's one");

    // ADMIN: every row with its ketua; each ketua's phone logged once for the export.
    let fetched = fetch(&app, &url("kecamatan", "72.71.01"), Some(&admin), &[]).await;
    assert_eq!(fetched.status, StatusCode::OK, "{}", fetched.text());
    assert_eq!(fetched.header(header::CACHE_CONTROL), "private, no-store");
    let (columns, rows) = parse_csv(&fetched.body, b',');
    assert_eq!(&columns[18..], ["contact_name", "contact_phone"]);
    assert_eq!(public_part(&rows), expected);
    for row in &rows {
        let (name, phone) = &chairs[&row["group_id"]];
        assert_eq!((&row["contact_name"], &row["contact_phone"]), (name, phone));
        assert!(!phone.is_empty());
    }
    let logged = |before: &Vec<(String, String)>, extra: &[(&str, &str)]| {
        let mut all = before.clone();
        all.extend(extra.iter().map(|(a, r)| (a.to_string(), r.to_string())));
        all
    };
    let admin_read = [("Dinas test admin", "ADMIN")];
    assert_eq!(phone_reads(&app, &admin, &filled.barat_chair).await, logged(&barat_before, &admin_read));
    assert_eq!(phone_reads(&app, &admin, &filled.tengah_chair).await, logged(&tengah_before, &admin_read));

    // The OFFICER of Besusu Barat: the contact of its own kelurahan's rows only.
    let officer = app.token(Role::Officer, "Fasilitator Besusu Barat", &[BESUSU_BARAT]).await;
    let fetched = fetch(&app, &url("kecamatan", "72.71.01"), Some(&officer), &[]).await;
    let (columns, rows) = parse_csv(&fetched.body, b',');
    assert_eq!(columns.len(), 20);
    assert_eq!(public_part(&rows), expected);
    for row in &rows {
        let (name, phone) = &chairs[&row["group_id"]];
        if row["kelurahan_code"] == BESUSU_BARAT {
            assert_eq!((&row["contact_name"], &row["contact_phone"]), (name, phone));
        } else {
            assert_eq!((row["contact_name"].as_str(), row["contact_phone"].as_str()), ("", ""));
        }
    }
    let officer_read = [("Fasilitator Besusu Barat", "OFFICER")];
    assert_eq!(
        phone_reads(&app, &admin, &filled.barat_chair).await,
        logged(&barat_before, &[admin_read[0], officer_read[0]])
    );
    assert_eq!(phone_reads(&app, &admin, &filled.tengah_chair).await, logged(&tengah_before, &admin_read));

    // Another kelurahan's OFFICER gets the public file (not FORBIDDEN), and nothing is logged.
    let talise = app.token(Role::Officer, "Fasilitator Talise", &[TALISE]).await;
    let fetched = fetch(&app, &url("kelurahan", BESUSU_BARAT), Some(&talise), &[]).await;
    assert_eq!(fetched.status, StatusCode::OK);
    let (columns, rows) = parse_csv(&fetched.body, b',');
    assert_eq!(columns, PUBLIC_COLUMNS);
    assert_eq!(rows, expected_rows(&app, json!({ "kelurahanCode": BESUSU_BARAT })).await);
    assert_eq!(phone_reads(&app, &admin, &filled.barat_chair).await.len(), barat_before.len() + 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_excel_flavour_has_semicolons_a_bom_and_no_formulas() {
    let app = TestApp::new().await;
    fill(&app).await;
    let fetched = fetch(&app, &format!("{}&excel=true", url("kelurahan", BESUSU_BARAT)), None, &[]).await;
    assert_eq!(fetched.status, StatusCode::OK);
    assert_eq!(&fetched.body[..3], b"\xEF\xBB\xBF", "UTF-8 byte-order mark first");
    let (columns, rows) = parse_csv(&fetched.body[3..], b';');
    assert_eq!(columns, PUBLIC_COLUMNS);
    let expected = expected_rows(&app, json!({ "kelurahanCode": BESUSU_BARAT })).await;
    assert_eq!(rows.len(), expected.len());
    assert_eq!(rows[0]["product_name"], "'=Abon \"Super\", pedas", "a formula-like text is made plain text");
    assert_eq!(rows[1], expected[1], "other text as it is");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_requests_are_refused_in_the_request_language() {
    let app = TestApp::new().await;
    let indonesian = [("accept-language", "id")];
    for (path, status, code) in [
        ("/export/retail-ready-products.csv".to_string(), StatusCode::BAD_REQUEST, "BAD_REQUEST"),
        (format!("{}&kecamatan=72.71.01", url("kelurahan", BESUSU_BARAT)), StatusCode::BAD_REQUEST, "BAD_REQUEST"),
        (format!("{}&kelurahan={TALISE}", url("kelurahan", BESUSU_BARAT)), StatusCode::BAD_REQUEST, "BAD_REQUEST"),
        (format!("{}&excel=maybe", url("kelurahan", BESUSU_BARAT)), StatusCode::BAD_REQUEST, "BAD_REQUEST"),
        (format!("{}&kelurahn=x", url("kecamatan", "72.71.01")), StatusCode::BAD_REQUEST, "BAD_REQUEST"),
        (url("kelurahan", "72.71.01.9999"), StatusCode::NOT_FOUND, "NOT_FOUND"),
        (url("kecamatan", "72.71.99"), StatusCode::NOT_FOUND, "NOT_FOUND"),
        (url("kecamatan", BESUSU_BARAT), StatusCode::NOT_FOUND, "NOT_FOUND"),
    ] {
        let english = fetch(&app, &path, None, &[]).await;
        assert_eq!((english.status, edge_code(&english).as_str()), (status, code), "{path}");
        assert_eq!(english.header(header::CONTENT_LANGUAGE), "en");
        let translated = fetch(&app, &path, None, &indonesian).await;
        assert_eq!((translated.status, edge_code(&translated).as_str()), (status, code), "{path}");
        assert_eq!(translated.header(header::CONTENT_LANGUAGE), "id");
        assert_ne!(translated.json()["errors"][0]["message"], english.json()["errors"][0]["message"], "{path}");
    }
    let missing = fetch(&app, &url("kelurahan", "72.71.01.9999"), None, &indonesian).await;
    let message = missing.json()["errors"][0]["message"].as_str().unwrap().to_string();
    assert!(message.contains("tidak ada kelurahan") && message.contains("72.71.01.9999"), "{message}");

    // A bad token is refused before anything is read, as on /graphql.
    let refused = fetch(&app, &url("kelurahan", BESUSU_BARAT), Some("not-a-token"), &[]).await;
    assert_eq!((refused.status, edge_code(&refused).as_str()), (StatusCode::UNAUTHORIZED, "UNAUTHENTICATED"));
    assert_eq!(refused.header(header::WWW_AUTHENTICATE), "Bearer");
    // An area without ready products: the header alone.
    let empty = fetch(&app, &url("kelurahan", TALISE), None, &[]).await;
    assert_eq!(
        (empty.status, parse_csv(&empty.body, b',')),
        (StatusCode::OK, (PUBLIC_COLUMNS.map(String::from).to_vec(), vec![]))
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_large_export_streams_in_chunks_with_a_fixed_number_of_statements_per_chunk() {
    let app = TestApp::with_config(EdgeConfig {
        rate_limit_per_minute: 0,
        public_rate_limit_per_minute: 0,
        export_chunk_rows: 2,
        ..EdgeConfig::default()
    })
    .await;
    let filled = fill(&app).await;
    let admin = filled.admin.clone();
    let statements = async |token: Option<&str>| {
        let before = app.statements();
        let fetched = fetch(&app, &url("kecamatan", "72.71.01"), token, &[]).await;
        (fetched, app.statements() - before)
    };
    let (three, three_cost) = statements(None).await;
    let (_, rows) = parse_csv(&three.body, b',');
    assert_eq!(rows, expected_rows(&app, json!({ "kecamatanCode": "72.71.01" })).await);

    // Three more ready products: five more rows would cost five times more with a query per
    // row; here the cost follows the chunks (two products each).
    let group = rows[0]["group_id"].clone();
    for serial in 10..13 {
        ready_food_product(&app, &admin, &group, serial).await;
    }
    let (six, six_cost) = statements(None).await;
    let (_, rows) = parse_csv(&six.body, b',');
    let expected = expected_rows(&app, json!({ "kecamatanCode": "72.71.01" })).await;
    assert_eq!(rows.len(), 6);
    assert_eq!(rows, expected, "every product once, in id order, across the chunks");
    assert!(six.frames >= 3, "the body came in {} frame(s), not one per chunk", six.frames);
    // Two area lookups, then per chunk the products, groups, permits and regions.
    assert_eq!((three_cost, six_cost), (2 + 2 * 4, 2 + 3 * 4), "statements: 3 products, then 6");

    // With contacts, the log still holds one entry per ketua and export.
    let before = phone_reads(&app, &admin, &filled.barat_chair).await.len();
    let (with_contacts, _) = statements(Some(&admin)).await;
    assert_eq!(parse_csv(&with_contacts.body, b',').1.len(), 6);
    assert_eq!(phone_reads(&app, &admin, &filled.barat_chair).await.len(), before + 1);
}
