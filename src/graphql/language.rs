//! The language of an answer's messages: English by default, Indonesian for clients that ask
//! for it with `Accept-Language` (`id`, `id-ID`, the legacy `in`, or a q-value list that
//! prefers one of them). Codes never change with the language; only messages do.
//!
//! Every message is a [`Text`], which cannot be made without both renderings: a message in
//! one language only does not compile. The language is chosen where the answer is written:
//! `UserError.message` reads it from the request's context, top-level errors carry their
//! `Text` as the error's source and are rendered by [`localize`], and the edge's own JSON
//! errors are rendered by [`negotiate`].

use std::borrow::Cow;
use std::sync::Arc;

use axum::extract::Request;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// A language the API answers in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Language {
    #[default]
    English,
    Indonesian,
}

impl Language {
    /// The language tag for `Content-Language`.
    pub fn tag(self) -> &'static str {
        match self {
            Language::English => "en",
            Language::Indonesian => "id",
        }
    }

    /// The language a request's headers ask for.
    pub fn from_headers(headers: &HeaderMap) -> Self {
        headers
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|value| value.to_str().ok())
            .map_or(Language::English, Self::from_accept_language)
    }

    /// The best of our languages in an `Accept-Language` value (RFC 9110 §12.5.4): the
    /// highest q-value wins, the first listed among equals; q=0 refuses a language. A value
    /// that names neither language (or `*` alone) gets English.
    pub fn from_accept_language(value: &str) -> Self {
        let mut best: Option<(Language, u16)> = None;
        for item in value.split(',') {
            let mut parts = item.split(';');
            let tag = parts.next().unwrap_or_default().trim();
            let primary = tag.split(['-', '_']).next().unwrap_or_default().to_ascii_lowercase();
            let language = match primary.as_str() {
                "id" | "in" => Language::Indonesian,
                "en" => Language::English,
                _ => continue,
            };
            let quality = parts.find_map(|param| quality(param.trim())).unwrap_or(1000);
            if quality > 0 && best.is_none_or(|(_, q)| quality > q) {
                best = Some((language, quality));
            }
        }
        best.map_or(Language::English, |(language, _)| language)
    }
}

/// A `q=` parameter in thousandths; `None` for another parameter or a malformed value.
fn quality(param: &str) -> Option<u16> {
    let value = param.strip_prefix("q=").or_else(|| param.strip_prefix("Q="))?;
    let number: f32 = value.trim().parse().ok()?;
    (0.0..=1.0).contains(&number).then(|| (number * 1000.0).round() as u16)
}

/// A message for a person, in English and in Indonesian.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text {
    english: Cow<'static, str>,
    indonesian: Cow<'static, str>,
}

impl Text {
    /// A message with both of its renderings.
    pub fn new(english: impl Into<Cow<'static, str>>, indonesian: impl Into<Cow<'static, str>>) -> Self {
        Text { english: english.into(), indonesian: indonesian.into() }
    }

    /// The message in `language`.
    pub fn in_language(&self, language: Language) -> &str {
        match language {
            Language::English => &self.english,
            Language::Indonesian => &self.indonesian,
        }
    }

    /// The English rendering, for logs and for answers made before the language is known.
    pub fn english(&self) -> &str {
        &self.english
    }

    /// A GraphQL error with this message (English until [`localize`] renders it), carrying
    /// the text as its source.
    pub fn into_error(self) -> async_graphql::Error {
        async_graphql::Error { message: self.english.to_string(), source: Some(Arc::new(self)), extensions: None }
    }

    /// A request-level GraphQL error (no position) carrying the text as its source.
    pub fn into_server_error(self) -> async_graphql::ServerError {
        let mut error = async_graphql::ServerError::new(self.english.to_string(), None);
        error.source = Some(Arc::new(self));
        error
    }
}

/// Renders every error of a response whose source is a [`Text`] in `language`. Errors of
/// async-graphql itself (parse and validation messages) have none and stay in English.
pub fn localize(mut response: async_graphql::Response, language: Language) -> async_graphql::Response {
    if language != Language::English {
        for error in &mut response.errors {
            if let Some(text) = error.source::<Text>() {
                error.message = text.in_language(language).to_string();
            }
        }
    }
    response
}

/// An error answer of the HTTP edge, `{"errors":[{"message", "extensions":{"code"}}]}`,
/// whose message [`negotiate`] renders in the request's language.
#[derive(Debug, Clone)]
pub struct EdgeError {
    pub code: &'static str,
    pub text: Text,
}

impl EdgeError {
    /// The JSON body in `language`.
    pub fn body(&self, language: Language) -> String {
        let message = self.text.in_language(language);
        serde_json::json!({ "errors": [{ "message": message, "extensions": { "code": self.code } }] }).to_string()
    }
}

/// Middleware: renders the edge's own error answers in the language the request asks for,
/// and says in `Content-Language` which language a JSON answer's messages are in.
pub async fn negotiate(request: Request, next: Next) -> Response {
    let language = Language::from_headers(request.headers());
    let mut response = next.run(request).await;
    if let Some(error) = response.extensions_mut().remove::<EdgeError>()
        && language != Language::English
    {
        let (mut parts, _) = response.into_parts();
        parts.headers.remove(header::CONTENT_LENGTH);
        response = Response::from_parts(parts, axum::body::Body::from(error.body(language))).into_response();
    }
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.contains("json"));
    if is_json {
        response.headers_mut().insert(header::CONTENT_LANGUAGE, HeaderValue::from_static(language.tag()));
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_picks_the_preferred_of_ours() {
        use Language::*;
        for (value, expected) in [
            ("id", Indonesian),
            ("id-ID", Indonesian),
            ("ID-id", Indonesian),
            ("in", Indonesian),
            ("en;q=0.5, id", Indonesian),
            ("id;q=0.4, en;q=0.8", English),
            ("fr, id;q=0.1", Indonesian),
            ("id;q=0, en", English),
            ("id;q=0", English),
            ("en-US,en;q=0.9,id;q=0.8", English),
            ("jv, su", English),
            ("*", English),
            ("", English),
            ("id;q=abc", Indonesian),
            ("  id-ID ; q=0.7 , en ; q=0.6 ", Indonesian),
            ("indonesian", English),
        ] {
            assert_eq!(Language::from_accept_language(value), expected, "{value:?}");
        }
    }

    #[test]
    fn localize_renders_texts_and_leaves_other_errors() {
        let response = || {
            let mut response = async_graphql::Response::new(async_graphql::Value::Null);
            response.errors.push(Text::new("not found", "tidak ditemukan").into_server_error());
            response.errors.push(async_graphql::ServerError::new("Unknown field", None));
            response
        };
        let english = localize(response(), Language::English);
        assert_eq!(english.errors[0].message, "not found");
        let indonesian = localize(response(), Language::Indonesian);
        assert_eq!(indonesian.errors[0].message, "tidak ditemukan");
        assert_eq!(indonesian.errors[1].message, "Unknown field");
    }
}
