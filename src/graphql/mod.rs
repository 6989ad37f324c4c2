//! The GraphQL toolkit every domain builds on, free of any web framework: the request context,
//! the DataLoader, Relay connections, scalars, filters, orders, user errors and messages.
//! The schema itself is assembled in [`crate::schema`]; the HTTP layer attaches a
//! [`context::RequestContext`] to every request.

pub mod batch;
pub mod context;
pub mod cost;
pub mod filter;
pub mod guard;
pub mod language;
pub mod loader;
pub mod messages;
pub mod order;
pub mod payload;
pub mod persisted;
pub mod relay;
pub mod scalars;
pub mod user_error;
pub mod user_error_code;

/// Deepest query accepted (GraphiQL's introspection query needs 13).
pub const MAX_DEPTH: usize = 15;
