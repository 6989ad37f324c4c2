//! The one error type of the API and its conversion, at the GraphQL edge, into an error with
//! a stable `extensions.code`.
//!
//! `AppError` deliberately has no `Display` impl: that keeps async-graphql's blanket
//! `From<impl Display>` away from it, so `?` in a resolver always goes through
//! [`From<AppError> for async_graphql::Error`] and never leaks a raw database message.

use async_graphql::ErrorExtensions;

use crate::db::PoolError;
use crate::graphql::language::Text;

/// What went wrong, in terms a client can act on.
#[derive(Debug)]
pub enum AppError {
    /// No credentials, or credentials that are wrong or revoked.
    Unauthenticated(Text),
    /// The caller is known but its role may not do this.
    Forbidden(Text),
    /// The thing asked for does not exist (or is not visible to the caller).
    NotFound(Text),
    /// An argument outside a query's `input` is malformed (a cursor, an id, a page size).
    BadInput(Text),
    /// Two writes raced and this one lost; retrying may succeed.
    Conflict(Text),
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

    /// The message shown to the client, in both languages.
    pub fn message(&self) -> Text {
        match self {
            AppError::Unauthenticated(m)
            | AppError::Forbidden(m)
            | AppError::NotFound(m)
            | AppError::BadInput(m)
            | AppError::Conflict(m) => m.clone(),
            AppError::Unavailable(_) => Text::new(
                "the database is unavailable at the moment; try again shortly",
                "basis data sedang tidak dapat dihubungi; coba lagi sebentar lagi",
            ),
            AppError::Internal(_) => internal_text(),
        }
    }

    pub fn forbidden(message: Text) -> Self {
        AppError::Forbidden(message)
    }

    pub fn not_found(message: Text) -> Self {
        AppError::NotFound(message)
    }

    pub fn bad_input(message: Text) -> Self {
        AppError::BadInput(message)
    }
}

/// The message of an INTERNAL error: no detail reaches the client.
pub fn internal_text() -> Text {
    Text::new("internal error; it has been logged", "terjadi kesalahan internal; sudah dicatat di server")
}

impl From<diesel::result::Error> for AppError {
    fn from(error: diesel::result::Error) -> Self {
        use diesel::result::{DatabaseErrorKind, Error};
        match error {
            Error::NotFound => AppError::NotFound(Text::new("not found", "tidak ditemukan")),
            // PostgreSQL refuses NUL characters in text (SQLite stores them): that is the
            // caller's input, not a server fault.
            Error::DatabaseError(_, info) if info.message().contains("invalid byte sequence") => {
                AppError::BadInput(Text::new(
                    "text must not contain NUL (\\u0000) characters",
                    "teks tidak boleh berisi karakter NUL (\\u0000)",
                ))
            }
            // A connection that broke under the query: the database went away, not the query.
            Error::DatabaseError(
                DatabaseErrorKind::ClosedConnection | DatabaseErrorKind::UnableToSendCommand,
                info,
            ) => AppError::Unavailable(info.message().to_string()),
            Error::BrokenTransactionManager => AppError::Unavailable("the connection's transaction broke".into()),
            Error::DatabaseError(DatabaseErrorKind::SerializationFailure, info) => {
                tracing::info!(detail = info.message(), "serialization failure");
                AppError::Conflict(Text::new(
                    "a concurrent change won; try again",
                    "perubahan lain pada saat yang sama lebih dulu tersimpan; coba lagi",
                ))
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
        error.message().into_error().extend_with(|_, ext| ext.set("code", code))
    }
}

/// The result type of services and resolvers below the GraphQL edge.
pub type AppResult<T> = Result<T, AppError>;

/// The refusal of an id that is not the global id of a `kind` (e.g. "Member").
pub fn not_an_id(id: &async_graphql::ID, kind: &str) -> Text {
    Text::new(format!("{:?} is not a {kind} id", id.as_str()), format!("{:?} bukan id {kind}", id.as_str()))
}
