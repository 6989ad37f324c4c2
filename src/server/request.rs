//! Reading a GraphQL request off HTTP: GET with the query in the URL, POST with an
//! `application/json` body no larger than the configured limit, or POST as a GraphQL
//! multipart request (files, for `importFile`) no larger than the upload limit. A browser can
//! send `text/plain` and multipart forms to any origin without asking first, so accepting
//! them would let any web page make a visitor's browser call the API: `text/plain` is never
//! taken, and a multipart request only with an `Authorization` header, which a browser sends
//! to another origin only after a CORS preflight the server answers.

use std::net::SocketAddr;

use axum::body::Body;
use axum::extract::{ConnectInfo, FromRequest, Request};
use axum::http::{Method, StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::graphql::language::Text;
use crate::graphql::persisted;
use crate::server::App;
use crate::server::reply::error_response;

/// A GraphQL request as the client sent it, and how (GET must not run mutations).
pub struct GraphQLHttpRequest {
    pub method: Method,
    pub request: async_graphql::Request,
    /// The address of the connection's other end (absent when served without a socket).
    pub peer: Option<SocketAddr>,
}

/// Why an HTTP request is not a GraphQL request this server takes.
pub enum RequestRefused {
    UnsupportedMediaType,
    TooLarge(usize),
    Malformed(Text),
    MultipartWithoutToken,
}

impl IntoResponse for RequestRefused {
    fn into_response(self) -> Response {
        match self {
            RequestRefused::UnsupportedMediaType => error_response(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "UNSUPPORTED_MEDIA_TYPE",
                Text::new(
                    "send GraphQL requests as POST with Content-Type: application/json, or as GET",
                    "kirim permintaan GraphQL dengan POST dan Content-Type: application/json, atau dengan GET",
                ),
            ),
            RequestRefused::TooLarge(limit) => error_response(
                StatusCode::PAYLOAD_TOO_LARGE,
                "PAYLOAD_TOO_LARGE",
                Text::new(
                    format!("the request body is over {limit} bytes"),
                    format!("isi permintaan lebih dari {limit} byte"),
                ),
            ),
            RequestRefused::Malformed(message) => error_response(StatusCode::BAD_REQUEST, "BAD_REQUEST", message),
            RequestRefused::MultipartWithoutToken => error_response(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "UNSUPPORTED_MEDIA_TYPE",
                Text::new(
                    "a multipart request (a file upload) needs an Authorization header with a bearer token",
                    "permintaan multipart (unggah berkas) memerlukan header Authorization dengan token bearer",
                ),
            ),
        }
    }
}

impl FromRequest<App> for GraphQLHttpRequest {
    type Rejection = RequestRefused;

    async fn from_request(request: Request, app: &App) -> Result<Self, Self::Rejection> {
        let method = request.method().clone();
        let peer = request.extensions().get::<ConnectInfo<SocketAddr>>().map(|info| info.0);
        if method == Method::GET {
            let query = request.uri().query().unwrap_or_default();
            let request = async_graphql::http::parse_query_string(query).map_err(|error| {
                RequestRefused::Malformed(Text::new(
                    format!("the URL holds no GraphQL request: {error}"),
                    format!("URL tidak memuat permintaan GraphQL: {error}"),
                ))
            })?;
            return with_query(GraphQLHttpRequest { method, request, peer });
        }
        if let Some(content_type) = multipart_type(&request) {
            if !request.headers().contains_key(header::AUTHORIZATION) {
                return Err(RequestRefused::MultipartWithoutToken);
            }
            let request = read_multipart(request, content_type, app.config.max_upload_bytes).await?;
            return with_query(GraphQLHttpRequest { method, request, peer });
        }
        if !is_json(&request) {
            return Err(RequestRefused::UnsupportedMediaType);
        }
        let limit = app.config.max_body_bytes;
        let body = read_body(request, limit).await?;
        let request = serde_json::from_slice::<async_graphql::Request>(&body).map_err(|error| {
            RequestRefused::Malformed(Text::new(
                format!("the body is not a GraphQL request in JSON: {error}"),
                format!("isi permintaan bukan permintaan GraphQL dalam JSON: {error}"),
            ))
        })?;
        with_query(GraphQLHttpRequest { method, request, peer })
    }
}

/// The request's body, at most `limit` bytes: TooLarge past it.
async fn read_body(request: Request<Body>, limit: usize) -> Result<axum::body::Bytes, RequestRefused> {
    axum::body::to_bytes(request.into_body(), limit).await.map_err(|error| {
        if is_length_limit(&error) {
            RequestRefused::TooLarge(limit)
        } else {
            RequestRefused::Malformed(Text::new(
                format!("the request body could not be read: {error}"),
                format!("isi permintaan tidak dapat dibaca: {error}"),
            ))
        }
    })
}

/// A GraphQL multipart request (operations, map, one file), its body at most `limit` bytes.
async fn read_multipart(
    request: Request<Body>,
    content_type: String,
    limit: usize,
) -> Result<async_graphql::Request, RequestRefused> {
    let body = read_body(request, limit).await?;
    let options = async_graphql::http::MultipartOptions::default().max_file_size(limit).max_num_files(1);
    async_graphql::http::receive_body(Some(content_type), &body[..], options).await.map_err(|error| {
        RequestRefused::Malformed(Text::new(
            format!("the body is not a GraphQL multipart request (operations, map, files): {error}"),
            format!("isi permintaan bukan permintaan GraphQL multipart (operations, map, berkas): {error}"),
        ))
    })
}

/// The `Content-Type` when it is `multipart/form-data` (with its boundary).
fn multipart_type(request: &Request<Body>) -> Option<String> {
    let value = request.headers().get(header::CONTENT_TYPE)?.to_str().ok()?;
    let essence = value.split(';').next().unwrap_or_default().trim();
    essence.eq_ignore_ascii_case("multipart/form-data").then(|| value.to_string())
}

/// A request must carry a query, or the hash of a persisted one: without either, its
/// parameters are invalid (400 whatever the client accepts).
fn with_query(request: GraphQLHttpRequest) -> Result<GraphQLHttpRequest, RequestRefused> {
    if request.request.query.is_empty() && !persisted::is_persisted(&request.request) {
        return Err(RequestRefused::Malformed(Text::new(
            "the request has no query: send its text as `query` (or a persisted query's hash in \
             `extensions.persistedQuery`)",
            "permintaan tidak memuat query: kirim teksnya sebagai `query` (atau hash persisted \
             query di `extensions.persistedQuery`)",
        )));
    }
    Ok(request)
}

/// `Content-Type: application/json`, with any parameters (e.g. `charset=utf-8`).
fn is_json(request: &Request<Body>) -> bool {
    let Some(value) = request.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let essence = value.split(';').next().unwrap_or_default().trim();
    essence.eq_ignore_ascii_case("application/json")
}

fn is_length_limit(error: &axum::Error) -> bool {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(error) = source {
        if error.is::<http_body_util::LengthLimitError>() {
            return true;
        }
        source = error.source();
    }
    false
}
