//! The CSV exports at the edge: `GET /export/retail-ready-products.csv` and
//! `GET /export/figures.csv`, behind the same protections as `/graphql` (rate limits, the
//! bound on requests in progress, the timeout for the answer to start) and with the same
//! JSON errors in the request's language. What the files hold is in [`crate::export`].

use std::net::SocketAddr;

use axum::Router;
use axum::body::Body;
use axum::error_handling::HandleErrorLayer;
use axum::extract::{ConnectInfo, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::Response;
use axum::routing::get;
use tower::ServiceBuilder;

use super::access_log::Outcome;
use super::cache::{self, Policy};
use super::{App, edge_error, listen, refused, reply};
use crate::access::Viewer;
use crate::export::{CsvFormat, ExportArea, RetailExport, figures};
use crate::geography::AreaLevel;
use crate::graphql::language::Text;

/// The export routes, each under a timeout and the bound on requests in progress.
pub fn router(app: &App) -> Router<App> {
    let limits = ServiceBuilder::new()
        .layer(HandleErrorLayer::new(async |error: tower::BoxError| edge_error(&error)))
        .load_shed()
        .concurrency_limit(app.config.max_concurrent_requests.max(1))
        .timeout(app.config.request_timeout());
    Router::new()
        .route("/export/retail-ready-products.csv", get(retail_ready_products))
        .route("/export/figures.csv", get(figures_file))
        .route_layer(limits)
}

/// A 400 with `BAD_REQUEST` and `message`.
fn bad_request(message: Text) -> Response {
    reply::error_response(StatusCode::BAD_REQUEST, "BAD_REQUEST", message)
}

/// The caller, after the same rate limits as `/graphql`; the refusal otherwise.
async fn admit(app: &App, parts: &Parts) -> Result<Viewer, Response> {
    let peer = parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|info| info.0);
    let address = listen::client_address(&parts.headers, peer, app.config.trust_forwarded_for);
    if !parts.headers.contains_key(header::AUTHORIZATION)
        && let Err(wait) = app.rate_limits.check(None, address)
    {
        return Err(reply::rate_limited(wait));
    }
    let viewer = match app.viewer(&parts.headers).await {
        Ok(viewer) => viewer,
        Err(error) => {
            if let Err(wait) = app.rate_limits.check(None, address) {
                return Err(reply::rate_limited(wait));
            }
            return Err(refused(error));
        }
    };
    if viewer.token_id.is_some()
        && let Err(wait) = app.rate_limits.check(Some(&viewer), address)
    {
        return Err(reply::rate_limited(wait));
    }
    Ok(viewer)
}

/// The query string's parameters, each at most once and each one of `known`.
fn parameters(parts: &Parts, known: &[&str]) -> Result<Vec<(String, String)>, Text> {
    let query = parts.uri.query().unwrap_or_default();
    let Ok(pairs) = query_pairs(query) else {
        return Err(Text::new("the query string is malformed", "query string tidak valid"));
    };
    for (index, (name, _)) in pairs.iter().enumerate() {
        if !known.contains(&name.as_str()) {
            let known = known.join(", ");
            return Err(Text::new(
                format!("unknown parameter {name:?}; this export takes {known}"),
                format!("parameter {name:?} tidak dikenal; ekspor ini menerima {known}"),
            ));
        }
        if pairs[..index].iter().any(|(earlier, _)| earlier == name) {
            return Err(Text::new(
                format!("parameter {name:?} is given more than once"),
                format!("parameter {name:?} diberikan lebih dari sekali"),
            ));
        }
    }
    Ok(pairs)
}

/// Decodes `a=1&b=2` (percent-encoding and `+` for space) through axum's own query extractor.
fn query_pairs(query: &str) -> Result<Vec<(String, String)>, ()> {
    let uri: axum::http::Uri = format!("/?{query}").parse().map_err(|_| ())?;
    axum::extract::Query::<Vec<(String, String)>>::try_from_uri(&uri).map(|q| q.0).map_err(|_| ())
}

fn value<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    pairs.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
}

/// `excel=true` (semicolons and a byte-order mark) or `excel=false` / absent (RFC 4180).
fn format_of(pairs: &[(String, String)]) -> Result<CsvFormat, Text> {
    match value(pairs, "excel").map(|v| v.trim().to_ascii_lowercase()) {
        None => Ok(CsvFormat::Rfc4180),
        Some(v) if v == "true" || v == "1" => Ok(CsvFormat::Excel),
        Some(v) if v == "false" || v == "0" => Ok(CsvFormat::Rfc4180),
        Some(other) => Err(Text::new(
            format!("excel must be true or false, not {other:?}"),
            format!("excel harus true atau false, bukan {other:?}"),
        )),
    }
}

/// The headers of a CSV file named `file_name`: public for an anonymous caller (cached as
/// long as a public GraphQL answer), never stored for a token's.
fn csv_response(body: Body, file_name: &str, headers: &HeaderMap, viewer: &Viewer, max_age: u64) -> Response {
    let mut response = Response::new(body);
    let out = response.headers_mut();
    out.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/csv; charset=utf-8"));
    if let Ok(disposition) = HeaderValue::from_str(&format!("attachment; filename=\"{file_name}\"")) {
        out.insert(header::CONTENT_DISPOSITION, disposition);
    }
    out.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    out.insert(header::VARY, HeaderValue::from_static("Accept-Language, Authorization"));
    let cache_control = match Policy::of(&Method::GET, headers, StatusCode::OK, false, max_age) {
        Policy::Public(seconds) => HeaderValue::from_str(&format!("public, max-age={seconds}")).ok(),
        Policy::Private => Some(HeaderValue::from_static("private, no-store")),
        Policy::NoStore => Some(HeaderValue::from_static("no-store")),
    };
    if let Some(value) = cache_control {
        out.insert(header::CACHE_CONTROL, value);
    }
    response.extensions_mut().insert(Outcome { role: Some(viewer.role.as_str()), ..Outcome::default() });
    response
}

/// `GET /export/retail-ready-products.csv?kelurahan=CODE` or `?kecamatan=CODE` (exactly
/// one), `&excel=true` optionally.
async fn retail_ready_products(State(app): State<App>, parts: Parts) -> Response {
    let viewer = match admit(&app, &parts).await {
        Ok(viewer) => viewer,
        Err(refusal) => return refusal,
    };
    let pairs = match parameters(&parts, &["kelurahan", "kecamatan", "excel"]) {
        Ok(pairs) => pairs,
        Err(message) => return bad_request(message),
    };
    let format = match format_of(&pairs) {
        Ok(format) => format,
        Err(message) => return bad_request(message),
    };
    let (level, code) = match (value(&pairs, "kelurahan"), value(&pairs, "kecamatan")) {
        (Some(code), None) => (AreaLevel::Kelurahan, code),
        (None, Some(code)) => (AreaLevel::Kecamatan, code),
        _ => {
            return bad_request(Text::new(
                "give exactly one of kelurahan=CODE or kecamatan=CODE",
                "berikan tepat satu dari kelurahan=KODE atau kecamatan=KODE",
            ));
        }
    };
    let area = match find_area(&app, level, code).await {
        Ok(area) => area,
        Err(refusal) => return refusal,
    };
    let mut export = RetailExport::new(app.db.clone(), viewer.clone(), area, format, app.config.export_chunk_rows);
    // The header and the first chunk are read before answering: a failure there is a proper
    // error answer, not a cut file.
    let first = match export.header() {
        Ok(mut bytes) => match export.next_chunk().await {
            Ok(chunk) => {
                bytes.extend(chunk.unwrap_or_default());
                bytes
            }
            Err(error) => return refused(error),
        },
        Err(error) => return refused(error),
    };
    let file_name = export.file_name();
    csv_response(export.into_body(first), &file_name, &parts.headers, &viewer, app.config.cache_max_age_secs)
}

/// The area of `level` with `code`, or a 404 (or the database's refusal).
async fn find_area(app: &App, level: AreaLevel, code: &str) -> Result<ExportArea, Response> {
    let mut conn = app.db.conn().await.map_err(|error| refused(error.into()))?;
    match ExportArea::find(&mut conn, level, code).await {
        Ok(Some(area)) => Ok(area),
        Ok(None) => {
            let (english, indonesian) = match level {
                AreaLevel::Kelurahan => ("kelurahan", "kelurahan"),
                AreaLevel::Kecamatan => ("kecamatan", "kecamatan"),
            };
            Err(reply::error_response(
                StatusCode::NOT_FOUND,
                "NOT_FOUND",
                Text::new(
                    format!("there is no {english} with code {:?} in Palu", code.trim()),
                    format!("tidak ada {indonesian} dengan kode {:?} di Palu", code.trim()),
                ),
            ))
        }
        Err(error) => Err(refused(error.into())),
    }
}

/// `GET /export/figures.csv?level=kelurahan|kecamatan` (kelurahan when absent),
/// `&excel=true` optionally. Small and public: built whole, with an ETag.
async fn figures_file(State(app): State<App>, parts: Parts) -> Response {
    let viewer = match admit(&app, &parts).await {
        Ok(viewer) => viewer,
        Err(refusal) => return refusal,
    };
    let pairs = match parameters(&parts, &["level", "excel"]) {
        Ok(pairs) => pairs,
        Err(message) => return bad_request(message),
    };
    let format = match format_of(&pairs) {
        Ok(format) => format,
        Err(message) => return bad_request(message),
    };
    let level = match value(&pairs, "level").map(|v| v.trim().to_ascii_lowercase()) {
        None => AreaLevel::Kelurahan,
        Some(v) if v == "kelurahan" => AreaLevel::Kelurahan,
        Some(v) if v == "kecamatan" => AreaLevel::Kecamatan,
        Some(other) => {
            return bad_request(Text::new(
                format!("level must be kelurahan or kecamatan, not {other:?}"),
                format!("level harus kelurahan atau kecamatan, bukan {other:?}"),
            ));
        }
    };
    let bytes = match app.db.conn().await {
        Ok(mut conn) => figures::figures_csv(&mut conn, level, format).await,
        Err(error) => Err(error.into()),
    };
    let bytes = match bytes {
        Ok(bytes) => bytes,
        Err(error) => return refused(error),
    };
    let level_name = match level {
        AreaLevel::Kelurahan => "kelurahan",
        AreaLevel::Kecamatan => "kecamatan",
    };
    let file_name = format!("figures_{level_name}_{}.csv", crate::clock::today());
    let max_age = app.config.cache_max_age_secs;
    let mut response = csv_response(Body::from(bytes), &file_name, &parts.headers, &viewer, max_age);
    // cache::apply sets its own Vary.
    response.headers_mut().remove(header::VARY);
    // Whole in memory: the ETag and 304 of public GraphQL answers apply.
    let policy = Policy::of(&Method::GET, &parts.headers, StatusCode::OK, false, max_age);
    cache::apply(response, policy, &parts.headers).await
}
