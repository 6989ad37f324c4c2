//! Languages: `Accept-Language: id` answers in Indonesian, English stays the default, codes
//! never change; the `UserErrorCode` enum; refused fields are null and their objects stay.

use std::collections::BTreeSet;

use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode, header};
use serde_json::{Value, json};
use umkm_graph::access::Role;

use crate::common::*;

const REGISTER_PRODUCT: &str = "mutation($input: RegisterProductInput!) { registerProduct(input: $input) {
    product { id } userErrors { field code } } }";

const INDONESIAN: [&str; 4] = ["id", "id-ID", "in", "en;q=0.5, id"];

fn content_language(headers: &HeaderMap) -> &str {
    headers.get(header::CONTENT_LANGUAGE).and_then(|v| v.to_str().ok()).unwrap_or("")
}

/// `(field, code, message)` of every user error of a payload.
fn user_errors(payload: &Value) -> Vec<(Value, String, String)> {
    payload["userErrors"]
        .as_array()
        .expect("userErrors")
        .iter()
        .map(|e| (e["field"].clone(), e["code"].as_str().unwrap().into(), e["message"].as_str().unwrap().into()))
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_refused_mutation_answers_in_the_language_asked_with_the_same_codes() {
    let app = TestApp::new().await;
    let admin = app.admin().await;
    let group = register_group(&app, &admin, BESUSU_BARAT, "Kelompok Bahasa").await;
    let bearer = format!("Bearer {admin}");
    let input = json!({ "input": {
        "groupId": group, "fullName": "   ", "nik": "72710117", "gender": "FEMALE", "role": "MEMBER",
        "skills": ["FOOD_BEVERAGE"], "phone": "12-34", "address": "Jl. Kartini"
    }});
    let ask = async |language: Option<&str>| {
        let mut headers = vec![("authorization", bearer.as_str())];
        headers.extend(language.map(|l| ("accept-language", l)));
        let (status, answer_headers, body) = app.post_with(&headers, ADD_MEMBER, input.clone()).await;
        assert_eq!(status, StatusCode::OK, "{body:#}");
        assert!(body.get("errors").is_none(), "{body:#}");
        (content_language(&answer_headers).to_string(), user_errors(&body["data"]["addMember"]))
    };

    let (english_tag, english) = ask(None).await;
    assert_eq!(english_tag, "en");
    let codes: Vec<&str> = english.iter().map(|(_, code, _)| code.as_str()).collect();
    assert_eq!(codes, ["REQUIRED", "INVALID_NIK", "INVALID_PHONE"], "{english:#?}");
    assert_eq!(english[1].2, "NIK must be exactly 16 digits");
    assert_eq!(ask(Some("fr, en-GB")).await.1, english, "a language we do not have gets English");

    for language in INDONESIAN {
        let (tag, indonesian) = ask(Some(language)).await;
        assert_eq!(tag, "id", "{language}");
        assert_eq!(indonesian.len(), english.len());
        for ((field, code, message), (en_field, en_code, en_message)) in indonesian.iter().zip(&english) {
            assert_eq!((field, code), (en_field, en_code), "{language}: codes and paths never change");
            assert_ne!(message, en_message, "{language}: {code} is not translated");
        }
        assert_eq!(indonesian[0].2, "wajib diisi dan tidak boleh kosong");
        assert_eq!(indonesian[1].2, "NIK harus 16 digit");
        assert!(indonesian[2].2.starts_with("nomor telepon harus nomor Indonesia"), "{}", indonesian[2].2);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn database_checks_and_not_found_speak_indonesian_too() {
    let app = TestApp::new().await;
    let admin = app.admin().await;
    let bearer = format!("Bearer {admin}");
    let query =
        "mutation($input: RegisterGroupInput!) { registerGroup(input: $input) { userErrors { field code message } } }";
    let input = json!({ "input": { "kelurahanCode": "99.99.99.9999", "name": "Kelompok", "sector": "FOOD_BEVERAGE" } });
    let headers = [("authorization", bearer.as_str()), ("accept-language", "id")];
    let (_, _, body) = app.post_with(&headers, query, input.clone()).await;
    let errors = user_errors(&body["data"]["registerGroup"]);
    assert_eq!(errors[0].1, "NOT_FOUND");
    assert_eq!(errors[0].2, "tidak ada kelurahan di Kota Palu dengan kode \"99.99.99.9999\"");

    let query = "mutation($input: AddMemberInput!) { addMember(input: $input) { userErrors { field code message } } }";
    let input = json!({ "input": { "groupId": "QnVzaW5lc3NHcm91cDo5OTk", "fullName": "Siti", "nik": nik(1, 2, 90, true, 1),
                                   "gender": "FEMALE", "role": "MEMBER", "skills": [] } });
    let (_, _, body) = app.post_with(&headers, query, input).await;
    let errors = user_errors(&body["data"]["addMember"]);
    assert_eq!(errors[0].1, "NOT_FOUND", "{body:#}");
    assert!(errors[0].2.starts_with("Kelompok usaha dengan id"), "{}", errors[0].2);
    assert!(errors[0].2.ends_with("tidak ditemukan"), "{}", errors[0].2);
}

#[tokio::test(flavor = "multi_thread")]
async fn top_level_errors_answer_in_both_languages() {
    let app = TestApp::new().await;
    let page = "{ kelurahans(first: 500) { totalCount } }";
    let (_, headers, english) = app.post_with(&[], page, json!({})).await;
    assert_eq!(error_codes(&english), ["BAD_USER_INPUT"]);
    assert_eq!(english["errors"][0]["message"], "\"first\" must be between 0 and 100");
    assert_eq!(content_language(&headers), "en");
    let (_, headers, indonesian) = app.post_with(&[("accept-language", "id-ID")], page, json!({})).await;
    assert_eq!(error_codes(&indonesian), ["BAD_USER_INPUT"]);
    assert_eq!(indonesian["errors"][0]["message"], "\"first\" harus antara 0 dan 100");
    assert_eq!(content_language(&headers), "id");

    let cursor = "{ kelurahans(after: \"bukan-cursor\") { totalCount } }";
    let (_, _, body) = app.post_with(&[("accept-language", "id")], cursor, json!({})).await;
    assert_eq!(error_codes(&body), ["BAD_USER_INPUT"]);
    assert_eq!(body["errors"][0]["message"], "\"bukan-cursor\" bukan cursor dari API ini");

    // A resolver's refusal.
    let members = "{ members { totalCount } }";
    let (_, _, english) = app.post_with(&[], members, json!({})).await;
    let (_, _, indonesian) = app.post_with(&[("accept-language", "in")], members, json!({})).await;
    assert_eq!(error_codes(&english), ["UNAUTHENTICATED"]);
    assert_eq!(error_codes(&indonesian), ["UNAUTHENTICATED"]);
    assert!(english["errors"][0]["message"].as_str().unwrap().contains("send a bearer token"), "{english:#}");
    assert!(indonesian["errors"][0]["message"].as_str().unwrap().contains("kirim token bearer"), "{indonesian:#}");

    // A bad token, refused before GraphQL runs.
    let bad_token = [("authorization", "Bearer salah"), ("accept-language", "id")];
    let (status, headers, body) = app.post_with(&bad_token, "{ viewer { role } }", json!({})).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(error_codes(&body), ["UNAUTHENTICATED"]);
    assert_eq!(body["errors"][0]["message"], "token bearer tidak valid, tidak dikenal, atau sudah dicabut");
    assert_eq!(content_language(&headers), "id");
    let (_, _, body) = app.post_with(&bad_token[..1], "{ viewer { role } }", json!({})).await;
    assert_eq!(body["errors"][0]["message"], "the bearer token is malformed, unknown or revoked");

    // The guard's limits.
    let deep = format!("{{ {}x{} }}", "a { ".repeat(20), " }".repeat(20));
    let (_, _, body) = app.post_with(&[("accept-language", "id")], &deep, json!({})).await;
    assert_eq!(error_codes(&body), ["QUERY_TOO_DEEP"], "{body:#}");
    assert!(body["errors"][0]["message"].as_str().unwrap().starts_with("query bersarang terlalu dalam"), "{body:#}");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_edges_own_errors_answer_in_both_languages() {
    let app = TestApp::new().await;
    let request = |language: Option<&str>| {
        let mut request = Request::post("/graphql").header(header::CONTENT_TYPE, "text/plain");
        if let Some(language) = language {
            request = request.header(header::ACCEPT_LANGUAGE, language);
        }
        request.body(Body::from("{ viewer { role } }")).unwrap()
    };
    let (status, english) = app.http(request(None)).await;
    assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let english: Value = serde_json::from_str(&english).unwrap();
    let (status, indonesian) = app.http(request(Some("id"))).await;
    assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let indonesian: Value = serde_json::from_str(&indonesian).unwrap();
    assert_eq!(error_codes(&english), ["UNSUPPORTED_MEDIA_TYPE"]);
    assert_eq!(error_codes(&indonesian), ["UNSUPPORTED_MEDIA_TYPE"]);
    assert!(english["errors"][0]["message"].as_str().unwrap().starts_with("send GraphQL requests"));
    assert!(indonesian["errors"][0]["message"].as_str().unwrap().starts_with("kirim permintaan GraphQL"));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_mutation_over_get_is_refused_in_both_languages_with_allow_post() {
    let app = TestApp::new().await;
    for (language, message) in
        [(None, "mutations must be sent with POST"), (Some("id"), "mutasi harus dikirim dengan POST")]
    {
        let mut request = Request::get("/graphql?query=mutation%20%7B%20__typename%20%7D");
        if let Some(language) = language {
            request = request.header(header::ACCEPT_LANGUAGE, language);
        }
        let response =
            tower::ServiceExt::oneshot(app.router.clone(), request.body(Body::empty()).unwrap()).await.unwrap();
        assert_eq!(response.status(), StatusCode::METHOD_NOT_ALLOWED);
        let headers = response.headers().clone();
        assert_eq!(headers[header::ALLOW], "POST");
        assert_eq!(headers[header::CONTENT_TYPE], "application/json");
        assert_eq!(content_language(&headers), language.unwrap_or("en"));
        let bytes = http_body_util::BodyExt::collect(response.into_body()).await.unwrap().to_bytes();
        let body: Value = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(error_codes(&body), ["METHOD_NOT_ALLOWED"]);
        assert_eq!(body["errors"][0]["message"], message);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn another_method_is_refused_in_both_languages_with_allow() {
    let app = TestApp::new().await;
    for (method, language, message) in [
        ("PUT", None, "send GraphQL requests with POST (or GET for queries)"),
        ("DELETE", Some("id"), "kirim permintaan GraphQL dengan POST (atau GET untuk query)"),
    ] {
        let mut request = Request::builder().method(method).uri("/graphql");
        if let Some(language) = language {
            request = request.header(header::ACCEPT_LANGUAGE, language);
        }
        let response =
            tower::ServiceExt::oneshot(app.router.clone(), request.body(Body::empty()).unwrap()).await.unwrap();
        assert_eq!(response.status(), StatusCode::METHOD_NOT_ALLOWED, "{method}");
        assert_eq!(response.headers()[header::ALLOW], "GET, HEAD, POST");
        let bytes = http_body_util::BodyExt::collect(response.into_body()).await.unwrap().to_bytes();
        let body: Value = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(error_codes(&body), ["METHOD_NOT_ALLOWED"]);
        assert_eq!(body["errors"][0]["message"], message);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn readiness_advice_follows_the_language_asked() {
    let app = TestApp::new().await;
    let admin = app.admin().await;
    let group = register_group(&app, &admin, BESUSU_BARAT, "KUB Belum Siap").await;
    let input = json!({ "groupId": group, "name": "Abon", "sector": "FOOD_BEVERAGE" });
    let data = app.ok(Some(&admin), REGISTER_PRODUCT, json!({ "input": input })).await;
    let product = data["registerProduct"]["product"]["id"].clone();
    let query = "query($id: ID!, $code: String!) {
        node(id: $id) { ... on Product { retailReadiness { gaps { code message } } } }
        kelurahan(code: $code) { readinessGaps { code message } } }";
    let vars = json!({ "id": product, "code": BESUSU_BARAT });
    let (_, headers, english) = app.post_with(&[], query, vars.clone()).await;
    assert_eq!(content_language(&headers), "en");
    let gaps = |body: &Value, at: &[&str]| -> Vec<(String, String)> {
        let list = at.iter().fold(&body["data"], |value, key| &value[*key]);
        list.as_array()
            .unwrap()
            .iter()
            .map(|g| (g["code"].as_str().unwrap().into(), g["message"].as_str().unwrap().into()))
            .collect()
    };
    for at in [&["node", "retailReadiness", "gaps"][..], &["kelurahan", "readinessGaps"][..]] {
        let english = gaps(&english, at);
        let codes: Vec<&str> = english.iter().map(|(code, _)| code.as_str()).collect();
        assert_eq!(codes.len(), 5, "{codes:?}");
        assert!(codes.contains(&"NOT_ASSESSED") && codes.contains(&"MISSING_NIB"), "{codes:?}");
        let not_assessed =
            |gaps: &[(String, String)]| gaps.iter().find(|(c, _)| c == "NOT_ASSESSED").unwrap().1.clone();
        assert_eq!(
            not_assessed(&english),
            "the Dinas has not assessed the product yet: schedule a feasibility assessment"
        );
        for language in INDONESIAN {
            let (_, headers, body) = app.post_with(&[("accept-language", language)], query, vars.clone()).await;
            assert_eq!(content_language(&headers), "id");
            let indonesian = gaps(&body, at);
            assert_eq!(indonesian.iter().map(|(c, _)| c.as_str()).collect::<Vec<_>>(), codes, "codes never change");
            assert_eq!(not_assessed(&indonesian), "produk belum dinilai oleh Dinas: jadwalkan penilaian kelayakan");
            for ((code, en), (_, id)) in english.iter().zip(&indonesian) {
                assert_ne!(en, id, "{code} in Indonesian");
            }
        }
    }
}

/// Every code a mutation has ever returned, as clients compare them.
const KNOWN_CODES: &[&str] = &[
    "ALREADY_PROPOSED",
    "ALREADY_RECORDED",
    "ALREADY_REGISTERED",
    "AMOUNT_APPROVED_NOT_ALLOWED",
    "AMOUNT_APPROVED_REQUIRED",
    "AMOUNT_OUT_OF_RANGE",
    "APPLICANT_REQUIRED",
    "BUDGET_EXCEEDED",
    "DATE_IN_FUTURE",
    "DAY_OUTSIDE_EVENT",
    "DUPLICATE_NAME",
    "DUPLICATE_NIK",
    "DUPLICATE_PERMIT",
    "EVENT_FULL",
    "EVENT_OVER",
    "GROUPS_NOT_ACCEPTED",
    "GROUP_DISSOLVED",
    "GROUP_FULL",
    "GROUP_NOT_ACTIVE",
    "INVALID_BARCODE",
    "INVALID_BPOM",
    "INVALID_CAPACITY",
    "INVALID_DATE_RANGE",
    "INVALID_EMAIL",
    "INVALID_ITEMS",
    "INVALID_NIB",
    "INVALID_NIK",
    "INVALID_NIK_DATE",
    "INVALID_PERMIT_NUMBER",
    "INVALID_PHONE",
    "INVALID_PIRT",
    "INVALID_PROVIDER",
    "INVALID_QUANTITY",
    "INVALID_RANGE",
    "INVALID_RATE",
    "INVALID_TENOR",
    "INVALID_TEXT",
    "INVALID_TRANSITION",
    "INVALID_YEAR",
    "LENDER_REQUIRED",
    "MENTOR_REQUIRED",
    "NIK_GENDER_MISMATCH",
    "NIK_NEEDS_REVIEW",
    "NOT_DELIVERED",
    "NOT_FOUND",
    "NOT_REGISTERED",
    "NOT_RETAIL_READY",
    "NO_CHAIR",
    "OPEN_FINANCING",
    "OVERRIDE_NOT_ALLOWED",
    "REQUIRED",
    "ROLE_TAKEN",
    "SCHEME_INACTIVE",
    "SECTOR_MISMATCH",
    "TENOR_OUT_OF_RANGE",
    "TOO_LONG",
    "TOO_MANY",
    "TOO_MANY_APPLICANTS",
    "VALUE_TOO_LARGE",
    // An import's refusals.
    "CONFLICTING_ROW",
    "DUPLICATE_IN_FILE",
    "INCONSISTENT_GROUP",
    "INVALID_FILE",
    "INVALID_VALUE",
    "MISSING_COLUMN",
    "OUTSIDE_KELURAHAN",
    "TOO_FEW_MEMBERS",
];

#[tokio::test(flavor = "multi_thread")]
async fn user_error_code_is_an_enum_of_every_known_code() {
    let app = TestApp::new().await;
    let query = r#"{ __type(name: "UserErrorCode") { kind enumValues { name description } }
                    userError: __type(name: "UserError") { fields { name type { kind ofType { name kind } } } } }"#;
    let data = app.ok(None, query, json!({})).await;
    assert_eq!(data["__type"]["kind"], "ENUM");
    let values = data["__type"]["enumValues"].as_array().unwrap();
    let names: BTreeSet<&str> = values.iter().map(|v| v["name"].as_str().unwrap()).collect();
    let known: BTreeSet<&str> = KNOWN_CODES.iter().copied().collect();
    assert_eq!(names, known, "the wire values are exactly the codes clients know");
    for value in values {
        let description = value["description"].as_str().unwrap_or("");
        assert!(description.len() > 10, "{} says when it happens", value["name"]);
    }
    let code = data["userError"]["fields"].as_array().unwrap().iter().find(|f| f["name"] == "code").unwrap();
    assert_eq!(code["type"], json!({ "kind": "NON_NULL", "ofType": { "name": "UserErrorCode", "kind": "ENUM" } }));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_refused_field_is_null_and_its_object_keeps_every_key() {
    let app = TestApp::new().await;
    let admin = app.admin().await;
    let group = register_group(&app, &admin, BESUSU_BARAT, "Kelompok Abon").await;
    let register = "mutation($input: RegisterProductInput!) { registerProduct(input: $input) { product { id } } }";
    let assess = "mutation($input: RecordAssessmentInput!) { recordAssessment(input: $input) { userErrors { code } } }";
    for name in ["Abon Tuna", "Bawang Goreng"] {
        let input = json!({ "groupId": group, "name": name, "sector": "FOOD_BEVERAGE" });
        let data = app.ok(Some(&admin), register, json!({ "input": input })).await;
        let product = data["registerProduct"]["product"]["id"].clone();
        let input = json!({ "productId": product, "assessedOn": "2025-01-10", "assessor": "Tim Kurasi",
                            "outcome": "PASSED", "labelComplete": true, "packagingOk": true, "validUntil": "2027-01-10" });
        let data = app.ok(Some(&admin), assess, json!({ "input": input })).await;
        assert_eq!(data["recordAssessment"]["userErrors"], json!([]));
    }
    let lender = app.token(Role::Lender, "Bank Sulteng", &[]).await;
    let query = "{ products(first: 10) { nodes { name assessments { outcome assessor validUntil } } }
                   groups(first: 10) { nodes { name members { totalCount } } } }";
    let (_, _, body) = app.post_with(&[("authorization", &format!("Bearer {lender}"))], query, json!({})).await;
    let products = body["data"]["products"]["nodes"].as_array().unwrap();
    assert_eq!(products.len(), 2, "{body:#}");
    for (i, product) in products.iter().enumerate() {
        let assessment = &product["assessments"][0];
        assert_eq!(assessment["outcome"], "PASSED", "{body:#}");
        assert_eq!(assessment["validUntil"], "2027-01-10");
        assert_eq!(assessment.get("assessor"), Some(&Value::Null), "the key stays, as null: {body:#}");
        let path = json!(["products", "nodes", i, "assessments", 0, "assessor"]);
        let error = body["errors"].as_array().unwrap().iter().find(|e| e["path"] == path);
        assert_eq!(error.expect("an error at the field")["extensions"]["code"], "FORBIDDEN", "{body:#}");
    }
    // The lender may list members; the public may not: null with UNAUTHENTICATED, the group stays.
    let (_, _, body) = app.post_with(&[], query, json!({})).await;
    let group = &body["data"]["groups"]["nodes"][0];
    assert_eq!(group["name"], "Kelompok Abon", "{body:#}");
    assert_eq!(group.get("members"), Some(&Value::Null), "{body:#}");
    let path = json!(["groups", "nodes", 0, "members"]);
    let error = body["errors"].as_array().unwrap().iter().find(|e| e["path"] == path).expect("error at members");
    assert_eq!(error["extensions"]["code"], "UNAUTHENTICATED");
    assert_eq!(body["data"]["products"]["nodes"].as_array().unwrap().len(), 2);
}
