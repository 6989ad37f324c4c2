//! The HTTP edge: health, GraphiQL, GET queries, limits.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use serde_json::json;

use crate::common::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn health_and_graphiql_are_served() {
    let app = TestApp::new().await;
    let (status, body) = app.http(Request::get("/healthz").body(Body::empty()).unwrap()).await;
    assert_eq!((status, body.as_str()), (StatusCode::OK, "ok\n"));
    let (status, body) = app.http(Request::get("/graphiql").body(Body::empty()).unwrap()).await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("graphiql") && body.contains("/graphql"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn queries_work_over_get() {
    let app = TestApp::new().await;
    let request = Request::get("/graphql?query=%7B%20kecamatans%20%7B%20code%20%7D%20%7D").body(Body::empty()).unwrap();
    let (status, body) = app.http(request).await;
    assert_eq!(status, StatusCode::OK);
    let body: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(body["data"]["kecamatans"].as_array().unwrap().len(), 8);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mutations_over_get_are_refused_and_json_clients_get_json() {
    let app = TestApp::new().await;
    let request = Request::get("/graphql?query=mutation%20%7B%20__typename%20%7D").body(Body::empty()).unwrap();
    let (status, _) = app.http(request).await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);

    for (accept, expected) in [
        (None, "application/json"),
        (Some("application/json"), "application/json"),
        (Some("*/*"), "application/json"),
        (Some("application/graphql-response+json"), "application/graphql-response+json"),
    ] {
        let mut request = Request::post("/graphql").header("content-type", "application/json");
        if let Some(accept) = accept {
            request = request.header("accept", accept);
        }
        let response = tower::ServiceExt::oneshot(
            app.app.clone().router(),
            request.body(Body::from(r#"{"query":"{ __typename }"}"#)).unwrap(),
        )
        .await
        .unwrap();
        assert_eq!(response.headers()["content-type"], expected, "Accept: {accept:?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn request_errors_are_400_without_data_for_graphql_response_json_clients() {
    let app = TestApp::new().await;
    let send = async |accept: &str, body: serde_json::Value| {
        let request = Request::post("/graphql").header("content-type", "application/json").header("accept", accept);
        let (status, text) = app.http(request.body(Body::from(body.to_string())).unwrap()).await;
        (status, serde_json::from_str::<serde_json::Value>(&text).unwrap())
    };
    let request_errors = [
        (json!({ "query": "{ kecamatans { code }" }), "GRAPHQL_PARSE_FAILED"),
        (json!({ "query": "{ kecamatans { nope } }" }), "GRAPHQL_VALIDATION_FAILED"),
        (
            json!({ "query": "query($n: Int!) { kelurahans(first: $n) { totalCount } }", "variables": { "n": "ten" } }),
            "BAD_USER_INPUT",
        ),
    ];
    for (body, code) in request_errors {
        let (status, answer) = send("application/graphql-response+json", body.clone()).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}: {answer}");
        assert!(answer.get("data").is_none(), "{body}: {answer}");
        assert_eq!(answer["errors"][0]["extensions"]["code"], code, "{body}: {answer}");
        // Legacy JSON clients keep 200 with "data": null.
        let (status, answer) = send("application/json", body.clone()).await;
        assert_eq!(status, StatusCode::OK, "{body}: {answer}");
        assert!(answer.get("data").is_some_and(|data| data.is_null()), "{body}: {answer}");
        assert_eq!(answer["errors"][0]["extensions"]["code"], code, "{body}: {answer}");
    }
    // A field error is not a request error: execution began and the data entry stays.
    let (status, answer) = send(
        "application/graphql-response+json",
        json!({ "query": "{ node(id: \"nope\") { id } kecamatans { code } }" }),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(answer["errors"][0]["path"], json!(["node"]), "{answer}");
    assert_eq!(answer["data"]["kecamatans"].as_array().map(Vec::len), Some(8), "{answer}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn introspection_passes_and_overly_costly_queries_are_refused() {
    let app = TestApp::new().await;
    let introspection = include_str!("introspection.graphql");
    let body = app.gql(None, introspection, json!({})).await;
    assert!(body.get("errors").is_none(), "{body}");
    assert!(body["data"]["__schema"]["types"].as_array().unwrap().len() > 20);

    let costly = "{ kelurahans(first: 100) { nodes { groups(first: 100) { nodes { members(first: 100) { nodes { fullName } } } } } } }";
    let body = app.gql(None, costly, json!({})).await;
    assert_eq!(body["errors"][0]["extensions"]["code"], "QUERY_TOO_COMPLEX", "{body}");
    assert!(body["data"].is_null(), "{body}");

    let deep = format!("{{ kecamatans {} }}", "{ kelurahans { kecamatan ".repeat(9) + "{ code }" + &" } }".repeat(9));
    let body = app.gql(None, &deep, json!({})).await;
    assert!(body["errors"][0]["message"].as_str().unwrap().contains("nested"), "{body}");
    assert_eq!(body["errors"][0]["extensions"]["code"], "QUERY_TOO_DEEP", "{body}");
}
