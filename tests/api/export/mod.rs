//! The CSV exports under `/export/`, fetched as a client would, parsed as CSV and checked
//! against a GraphQL query of the same data.

mod figures;
mod retail;

use std::collections::HashMap;

use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode, header};
use http_body_util::BodyExt;
use serde_json::{Value, json};
use tower::ServiceExt;

use crate::common::*;
use crate::products::{ean13, group_with_nib, ready_food_product, register_product};

/// An export as fetched: its status, headers, body, and how many frames the body came in.
pub struct Fetched {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
    pub frames: usize,
}

impl Fetched {
    pub fn header(&self, name: header::HeaderName) -> &str {
        self.headers.get(&name).map_or("", |v| v.to_str().unwrap())
    }

    pub fn text(&self) -> String {
        String::from_utf8(self.body.clone()).expect("UTF-8")
    }

    /// The body as JSON (an error answer).
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|_| panic!("not JSON ({}): {}", self.status, self.text()))
    }
}

/// GETs `path` with `headers` (and a bearer `token`), reading the body frame by frame.
pub async fn fetch(app: &TestApp, path: &str, token: Option<&str>, headers: &[(&str, &str)]) -> Fetched {
    let mut request = Request::get(path);
    if let Some(token) = token {
        request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
    }
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = app.router.clone().oneshot(request.body(Body::empty()).unwrap()).await.expect("answer");
    let (status, headers) = (response.status(), response.headers().clone());
    let mut body = response.into_body();
    let (mut bytes, mut frames) = (Vec::new(), 0);
    while let Some(frame) = body.frame().await {
        if let Ok(data) = frame.expect("body frame").into_data() {
            bytes.extend_from_slice(&data);
            frames += 1;
        }
    }
    Fetched { status, headers, body: bytes, frames }
}

/// A CSV file's header and its rows as maps of column to cell.
pub fn parse_csv(bytes: &[u8], delimiter: u8) -> (Vec<String>, Vec<HashMap<String, String>>) {
    let mut reader = csv::ReaderBuilder::new().delimiter(delimiter).from_reader(bytes);
    let header: Vec<String> = reader.headers().expect("header").iter().map(String::from).collect();
    let rows = reader
        .records()
        .map(|record| {
            let record = record.expect("a well-formed record");
            assert_eq!(record.len(), header.len(), "every record has every column");
            header.iter().cloned().zip(record.iter().map(String::from)).collect()
        })
        .collect();
    (header, rows)
}

/// The `extensions.code` of an error answer.
pub fn edge_code(fetched: &Fetched) -> String {
    fetched.json()["errors"][0]["extensions"]["code"].as_str().unwrap_or("").to_string()
}

/// What [`fill`] made.
pub struct Filled {
    pub admin: String,
    /// The ketua of the Besusu Barat group, and of the Besusu Tengah one.
    pub barat_chair: String,
    pub tengah_chair: String,
}

/// Groups with ketua and ready products in Besusu Barat and Besusu Tengah (kecamatan Palu
/// Timur) and Talise (Mantikulore), a product that is not ready, and a ready product whose
/// name and description need CSV quoting (and would be a formula in Excel).
pub async fn fill(app: &TestApp) -> Filled {
    let admin = app.admin().await;
    let barat = group_with_nib(app, &admin, BESUSU_BARAT, "KUB Abon Barat").await;
    let barat_chair = add_member(app, &admin, &barat, "Siti Aminah", "CHAIR", 2).await;
    add_member(app, &admin, &barat, "Ahmad", "MEMBER", 3).await;
    let tricky = ready_food_product(app, &admin, &barat, 1).await;
    let update = "mutation($input: UpdateProductInput!) { updateProduct(input: $input) { userErrors { code } } }";
    let input = json!({ "id": tricky, "name": "=Abon \"Super\", pedas", "description": "Gurih, renyah; tanpa \"pengawet\"",
                        "unit": "pack 250 g", "monthlyCapacity": 400 });
    let data = app.ok(Some(&admin), update, json!({ "input": input })).await;
    assert_eq!(data["updateProduct"]["userErrors"], json!([]), "{data:#}");
    ready_food_product(app, &admin, &barat, 2).await;
    let not_ready = json!({ "groupId": barat, "name": "Keripik", "sector": "FOOD_BEVERAGE",
                            "barcode": ean13("898000000009") });
    register_product(app, &admin, not_ready).await;

    let tengah = group_with_nib(app, &admin, BESUSU_TENGAH, "KUB Dodol Tengah").await;
    let tengah_chair = add_member(app, &admin, &tengah, "Rusdi", "CHAIR", 5).await;
    ready_food_product(app, &admin, &tengah, 3).await;

    let talise = group_with_nib(app, &admin, TALISE, "KUB Abon Talise").await;
    ready_food_product(app, &admin, &talise, 4).await;
    Filled { admin, barat_chair, tengah_chair }
}
