//! Automatic persisted queries (Apollo's APQ protocol, as Apollo Client and urql speak it):
//! a client sends `extensions.persistedQuery.sha256Hash` without the query text; the server
//! answers `PERSISTED_QUERY_NOT_FOUND` when it does not know the hash, and the client sends
//! the text with the hash once to register it.
//!
//! async-graphql's [`ApolloPersistedQueries`] keeps the parsed documents in a bounded LRU
//! cache. It runs inside the guard (see [`super::guard`]): a text is checked before it is
//! parsed and registered, and a remembered document is checked again, validated and costed
//! on every use, so a registered hash skips no limit.

use async_graphql::extensions::apollo_persisted_queries::{ApolloPersistedQueries, CacheStorage, LruCacheStorage};
use async_graphql::parser::types::ExecutableDocument;
use async_graphql::{Request, ServerError};

use super::guard::{coded, codes};

/// Documents remembered by default.
pub const DEFAULT_CACHE_SIZE: usize = 1_000;

/// The message of async-graphql's error for an unknown hash, which clients also look for.
const NOT_FOUND_MESSAGE: &str = "PersistedQueryNotFound";

/// The documents registered with one server, shared by the extension and the edge.
#[derive(Clone)]
pub struct PersistedQueries(LruCacheStorage);

impl PersistedQueries {
    /// A store of at most `capacity` documents (at least one).
    pub fn new(capacity: usize) -> Self {
        PersistedQueries(LruCacheStorage::new(capacity.max(1)))
    }

    /// The extension that registers and looks up documents.
    pub fn extension(&self) -> ApolloPersistedQueries<LruCacheStorage> {
        ApolloPersistedQueries::new(self.0.clone())
    }

    /// The document a request refers to by hash alone, if it is registered.
    pub async fn document_of(&self, request: &Request) -> Option<ExecutableDocument> {
        if !request.query.is_empty() {
            return None;
        }
        let hash = request.extensions.get("persistedQuery").and_then(|value| match value {
            async_graphql::Value::Object(fields) => fields.get("sha256Hash").cloned(),
            _ => None,
        });
        match hash {
            Some(async_graphql::Value::String(hash)) => self.0.get(hash).await,
            _ => None,
        }
    }
}

/// Whether a request uses the persisted-query protocol.
pub fn is_persisted(request: &Request) -> bool {
    request.extensions.contains_key("persistedQuery")
}

/// A stable code on an error of the persisted-query extension.
pub fn coded_error(error: ServerError) -> ServerError {
    let code = if error.message == NOT_FOUND_MESSAGE {
        codes::PERSISTED_QUERY_NOT_FOUND
    } else {
        codes::PERSISTED_QUERY_INVALID
    };
    coded(error, code)
}
