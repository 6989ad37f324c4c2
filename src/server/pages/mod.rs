//! The pages a person opens: the landing page `/`, GraphiQL at `/graphiql` (its React and
//! GraphiQL builds vendored in `vendor/` and served by [`assets`]), and the running schema's
//! SDL at `/schema.graphql`. Nothing a page loads comes from another origin, so GraphiQL works
//! offline and behind a firewall; a strict Content-Security-Policy holds the pages to that.

pub mod assets;

use std::sync::{LazyLock, OnceLock};

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use super::App;

/// The query GraphiQL opens with: every retail-ready product of a kelurahan with its group
/// and permits (the README's flagship query).
pub const FLAGSHIP_QUERY: &str = include_str!("flagship.graphql");

/// GraphiQL runs our script and the vendored builds, talks to `/graphql` and uses the fonts
/// that its style sheet inlines as `data:` URIs; nothing else.
const GRAPHIQL_POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self'; \
    img-src 'self' data:; font-src data:; connect-src 'self'; base-uri 'none'; \
    form-action 'none'; frame-ancestors 'none'";

/// The landing page is one style sheet and links.
const LANDING_POLICY: &str =
    "default-src 'none'; style-src 'self'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/// The routes of the pages and their assets.
pub fn router() -> Router<App> {
    Router::new()
        .route("/", get(landing))
        .route("/graphiql", get(graphiql))
        .route("/schema.graphql", get(schema))
        .route("/assets/{hash}/{name}", get(assets::serve))
}

async fn landing() -> Response {
    static PAGE: LazyLock<String> = LazyLock::new(|| assets::link(include_str!("landing.html")));
    html(&PAGE, LANDING_POLICY)
}

async fn graphiql() -> Response {
    static PAGE: LazyLock<String> = LazyLock::new(|| {
        assets::link(include_str!("graphiql.html")).replace("{{flagship}}", &escape_html(FLAGSHIP_QUERY))
    });
    html(&PAGE, GRAPHIQL_POLICY)
}

/// The SDL of the schema this server runs (not a file on disk).
async fn schema(State(app): State<App>) -> Response {
    static SDL: OnceLock<String> = OnceLock::new();
    let sdl = SDL.get_or_init(|| app.schema.sdl()).as_str();
    let mut response = sdl.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/plain; charset=utf-8"));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    response
}

/// A page, revalidated on every visit (its assets are cached, under their own URLs).
fn html(page: &'static str, policy: &'static str) -> Response {
    let mut response = page.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    headers.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(policy));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    response
}

/// `text` as the content of an HTML attribute or element.
fn escape_html(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            c => escaped.push(c),
        }
    }
    escaped
}
