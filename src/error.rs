//! The one error type of the API and its conversion, at the GraphQL edge, into an error with
//! a stable `extensions.code`.
//!
//! `AppError` deliberately has no `Display` impl: that keeps async-graphql's blanket
//! `From<impl Display>` away from it, so `?` in a resolver always goes through
//! [`From<AppError> for async_graphql::Error`] and never leaks a raw database message.

use async_graphql::ErrorExtensions;

use crate::db::PoolError;

/// What went wrong, in terms a client can act on.
#[derive(Debug)]
pub enum AppError {
    /// No credentials, or credentials that are wrong or revoked.
    Unauthenticated(String),
    /// The caller is known but its role may not do this.
    Forbidden(String),
    /// The thing asked for does not exist (or is not visible to the caller).
    NotFound(String),
    /// An argument outside a query's `input` is malformed (a cursor, an id, a page size).
    BadInput(String),
    /// Two writes raced and this one lost; retrying may succeed.
    Conflict(String),
    /// The database cannot be reached or has no free connection in time; retrying later
    /// may succeed (HTTP 503 with `Retry-After`).
    Unavailable(String),
    /// Anything else: logged in full, reported as INTERNAL without detail.
    Internal(String),
}

impl AppError {
    pub fn code(&self) -> &'static str {
        match self {
            AppError::Unauthenticated(_) => "UNAUTHENTICATED",
            AppError::Forbidden(_) => "FORBIDDEN",
            AppError::NotFound(_) => "NOT_FOUND",
            AppError::BadInput(_) => "BAD_USER_INPUT",
            AppError::Conflict(_) => "CONFLICT",
            AppError::Unavailable(_) => UNAVAILABLE,
            AppError::Internal(_) => "INTERNAL",
        }
    }

    /// The message shown to the client.
    pub fn message(&self) -> &str {
        match self {
            AppError::Unauthenticated(m)
            | AppError::Forbidden(m)
            | AppError::NotFound(m)
            | AppError::BadInput(m)
            | AppError::Conflict(m) => m,
            AppError::Unavailable(_) => "the database is unavailable at the moment; try again shortly",
            AppError::Internal(_) => "internal error; it has been logged",
        }
    }

    pub fn forbidden(message: impl Into<String>) -> Self {
        AppError::Forbidden(message.into())
    }

    pub fn not_found(message: impl Into<String>) -> Self {
        AppError::NotFound(message.into())
    }

    pub fn bad_input(message: impl Into<String>) -> Self {
        AppError::BadInput(message.into())
    }
}

impl From<diesel::result::Error> for AppError {
    fn from(error: diesel::result::Error) -> Self {
        use diesel::result::{DatabaseErrorKind, Error};
        match error {
            Error::NotFound => AppError::NotFound("not found".into()),
            // PostgreSQL refuses NUL characters in text (SQLite stores them): that is the
            // caller's input, not a server fault.
            Error::DatabaseError(_, info) if info.message().contains("invalid byte sequence") => {
                AppError::BadInput("text must not contain NUL (\\u0000) characters".into())
            }
            // A connection that broke under the query: the database went away, not the query.
            Error::DatabaseError(
                DatabaseErrorKind::ClosedConnection | DatabaseErrorKind::UnableToSendCommand,
                info,
            ) => AppError::Unavailable(info.message().to_string()),
            Error::BrokenTransactionManager => AppError::Unavailable("the connection's transaction broke".into()),
            Error::DatabaseError(DatabaseErrorKind::SerializationFailure, info) => {
                AppError::Conflict(format!("a concurrent change won; try again ({})", info.message()))
            }
            other => AppError::Internal(format!("database: {other}")),
        }
    }
}

impl From<PoolError> for AppError {
    fn from(error: PoolError) -> Self {
        tracing::warn!(%error, "no database connection");
        AppError::Unavailable(error.to_string())
    }
}

/// The code of errors that a later retry may not meet: the HTTP edge answers 503 for them.
pub const UNAVAILABLE: &str = "UNAVAILABLE";

impl From<AppError> for async_graphql::Error {
    fn from(error: AppError) -> Self {
        if let AppError::Internal(detail) = &error {
            tracing::error!(%detail, "internal error");
        }
        let code = error.code();
        async_graphql::Error::new(error.message()).extend_with(|_, ext| ext.set("code", code))
    }
}

/// The result type of services and resolvers below the GraphQL edge.
pub type AppResult<T> = Result<T, AppError>;
