//! The pages' static files, compiled into the binary and served at content-addressed URLs
//! (`/assets/{hash}/{name}`), so that a browser may keep each one for a year: a changed file
//! gets a new URL.

use std::sync::LazyLock;

use axum::extract::Path;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

const JAVASCRIPT: &str = "text/javascript; charset=utf-8";
const CSS: &str = "text/css; charset=utf-8";

/// A static file of the pages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Asset {
    React,
    ReactDom,
    GraphiqlJs,
    GraphiqlCss,
    /// Our script that starts GraphiQL on `/graphiql`.
    GraphiqlPage,
    /// Our style sheet for `/` and `/graphiql`.
    Site,
}

impl Asset {
    pub const ALL: [Asset; 6] =
        [Asset::React, Asset::ReactDom, Asset::GraphiqlJs, Asset::GraphiqlCss, Asset::GraphiqlPage, Asset::Site];

    /// The file's name in its URL (and in the pages' templates, as `{{name}}`).
    pub fn name(self) -> &'static str {
        match self {
            Asset::React => "react.production.min.js",
            Asset::ReactDom => "react-dom.production.min.js",
            Asset::GraphiqlJs => "graphiql.min.js",
            Asset::GraphiqlCss => "graphiql.min.css",
            Asset::GraphiqlPage => "graphiql-page.js",
            Asset::Site => "site.css",
        }
    }

    pub fn content_type(self) -> &'static str {
        if self.name().ends_with(".css") { CSS } else { JAVASCRIPT }
    }

    pub fn bytes(self) -> &'static [u8] {
        match self {
            Asset::React => include_bytes!("vendor/react/react.production.min.js"),
            Asset::ReactDom => include_bytes!("vendor/react-dom/react-dom.production.min.js"),
            Asset::GraphiqlJs => include_bytes!("vendor/graphiql/graphiql.min.js"),
            Asset::GraphiqlCss => include_bytes!("vendor/graphiql/graphiql.min.css"),
            Asset::GraphiqlPage => include_bytes!("graphiql-page.js"),
            Asset::Site => include_bytes!("site.css"),
        }
    }

    /// The URL path the pages use: `/assets/{first 16 hex digits of the SHA-256}/{name}`.
    pub fn path(self) -> &'static str {
        static PATHS: LazyLock<Vec<String>> = LazyLock::new(|| {
            Asset::ALL.iter().map(|asset| format!("/assets/{}/{}", content_hash(asset.bytes()), asset.name())).collect()
        });
        let index = Asset::ALL.iter().position(|asset| *asset == self).unwrap_or_default();
        &PATHS[index]
    }
}

fn content_hash(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().take(8).map(|byte| format!("{byte:02x}")).collect()
}

/// Replaces every `{{name}}` of an asset in `template` with the asset's path.
pub fn link(template: &str) -> String {
    Asset::ALL
        .iter()
        .fold(template.to_string(), |page, asset| page.replace(&format!("{{{{{}}}}}", asset.name()), asset.path()))
}

/// `GET /assets/{hash}/{name}`: the asset, when both match the current build.
pub async fn serve(Path((hash, name)): Path<(String, String)>) -> Response {
    let Some(asset) =
        Asset::ALL.into_iter().find(|asset| asset.name() == name && asset.path() == format!("/assets/{hash}/{name}"))
    else {
        return (StatusCode::NOT_FOUND, "no such asset\n").into_response();
    };
    let mut response = asset.bytes().into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(asset.content_type()));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=31536000, immutable"));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    response
}
