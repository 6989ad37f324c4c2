//! The pages a person opens: `/`, `/graphiql` with its vendored assets, `/schema.graphql`.

use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, Request, StatusCode, header};
use http_body_util::BodyExt;
use serde_json::json;
use sha2::{Digest, Sha256};
use tower::ServiceExt;
use umkm_graph::server::pages::FLAGSHIP_QUERY;

use crate::common::*;

async fn get(app: &TestApp, path: &str) -> (StatusCode, HeaderMap, Bytes) {
    let request = Request::get(path).body(Body::empty()).unwrap();
    let response = app.app.clone().router().oneshot(request).await.expect("router answers");
    let (parts, body) = response.into_parts();
    (parts.status, parts.headers, body.collect().await.expect("body").to_bytes())
}

fn header(headers: &HeaderMap, name: header::HeaderName) -> &str {
    headers.get(&name).map_or("", |value| value.to_str().unwrap())
}

/// Every `src="…"` and `href="…"` of a page.
fn references(html: &str) -> Vec<String> {
    ["src=\"", "href=\""]
        .iter()
        .flat_map(|attribute| html.split(attribute).skip(1).map(|rest| rest.split('"').next().unwrap().to_string()))
        .collect()
}

/// A page: HTML, no URL of another origin anywhere in it, and a policy that forbids them.
async fn page(app: &TestApp, path: &str) -> String {
    let (status, headers, body) = get(app, path).await;
    assert_eq!(status, StatusCode::OK, "{path}");
    assert_eq!(header(&headers, header::CONTENT_TYPE), "text/html; charset=utf-8", "{path}");
    let policy = header(&headers, header::CONTENT_SECURITY_POLICY);
    assert!(policy.starts_with("default-src 'none';") && !policy.contains("http"), "{path}: {policy}");
    let html = String::from_utf8(body.to_vec()).unwrap();
    assert!(!html.contains("http://") && !html.contains("https://") && !html.contains("//cdn"), "{path}: {html}");
    assert!(!html.contains("{{"), "{path}: a template placeholder is left: {html}");
    for reference in references(&html) {
        assert!(
            (reference.starts_with('/') && !reference.starts_with("//")) || reference.starts_with("data:"),
            "{path} references {reference}"
        );
    }
    html
}

/// The SHA-256 of each vendored file, as fetch.sh recorded it from the npm packages.
fn vendored_hashes() -> Vec<(String, String)> {
    include_str!("../../src/server/pages/vendor/SHA256SUMS")
        .lines()
        .map(|line| {
            let (hash, path) = line.split_once("  ").unwrap();
            (path.rsplit('/').next().unwrap().to_string(), hash.to_string())
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_landing_page_links_graphiql_the_schema_and_health() {
    let app = TestApp::new().await;
    let html = page(&app, "/").await;
    let links = references(&html);
    for wanted in ["/graphiql", "/schema.graphql", "/healthz"] {
        assert!(links.iter().any(|link| link == wanted), "/ does not link {wanted}: {links:?}");
    }
    assert!(html.contains("Dinas Koperasi dan UMKM Kota Palu") && html.contains("curl "));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn graphiql_loads_only_assets_of_this_server() {
    let app = TestApp::new().await;
    let html = page(&app, "/graphiql").await;
    assert!(html.contains("<title>umkm-graph · Kota Palu</title>") && html.contains("data-endpoint=\"/graphql\""));
    let vendored = vendored_hashes();
    let assets: Vec<String> = references(&html).into_iter().filter(|r| r.starts_with("/assets/")).collect();
    assert_eq!(assets.iter().filter(|a| a.ends_with(".js")).count(), 4, "React, ReactDOM, GraphiQL, ours: {assets:?}");
    assert_eq!(assets.iter().filter(|a| a.ends_with(".css")).count(), 2, "GraphiQL's and ours: {assets:?}");
    for asset in &assets {
        let (status, headers, body) = get(&app, asset).await;
        assert_eq!(status, StatusCode::OK, "{asset}");
        let wanted = if asset.ends_with(".js") { "text/javascript; charset=utf-8" } else { "text/css; charset=utf-8" };
        assert_eq!(header(&headers, header::CONTENT_TYPE), wanted, "{asset}");
        assert_eq!(header(&headers, header::CACHE_CONTROL), "public, max-age=31536000, immutable", "{asset}");
        assert_eq!(header(&headers, header::X_CONTENT_TYPE_OPTIONS), "nosniff", "{asset}");
        let hash = format!("{:x}", Sha256::digest(&body));
        assert!(asset.starts_with(&format!("/assets/{}/", &hash[..16])), "{asset} is not addressed by its content");
        let name = asset.rsplit('/').next().unwrap();
        if let Some((_, recorded)) = vendored.iter().find(|(file, _)| file == name) {
            assert_eq!(&hash, recorded, "{asset} differs from the npm package's file");
        }
    }
    assert_eq!(vendored.iter().filter(|(file, _)| assets.iter().any(|a| a.ends_with(&format!("/{file}")))).count(), 4);

    // Another hash, an unknown name or a path outside the assets is not served.
    let stale = assets[0].replacen("/assets/", "/assets/0", 1);
    for path in [stale.as_str(), "/assets/0000000000000000/graphiql.min.js", "/assets/x/../../Cargo.toml"] {
        assert_eq!(get(&app, path).await.0, StatusCode::NOT_FOUND, "{path}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn graphiql_opens_with_the_flagship_query_of_the_readme() {
    let app = TestApp::new().await;
    let html = page(&app, "/graphiql").await;
    let readme = include_str!("../../README.md");
    assert!(readme.contains(&format!("```graphql\n{FLAGSHIP_QUERY}```")), "README's flagship query differs");
    let attribute = FLAGSHIP_QUERY.replace('"', "&quot;");
    assert!(html.contains(&format!("data-default-query=\"{attribute}\"")), "{html}");
    // The query runs as it stands, for the public.
    let data = app.ok(None, FLAGSHIP_QUERY, json!({})).await;
    assert_eq!(data["kelurahan"]["name"], "Balaroa");
    assert_eq!(data["kelurahan"]["products"]["totalCount"], 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn schema_graphql_is_the_running_schema() {
    let app = TestApp::new().await;
    let (status, headers, body) = get(&app, "/schema.graphql").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(header(&headers, header::CONTENT_TYPE), "text/plain; charset=utf-8");
    assert_eq!(std::str::from_utf8(&body).unwrap(), include_str!("../../schema.graphql"));
}
