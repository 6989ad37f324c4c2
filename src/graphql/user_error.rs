//! `UserError`: what the caller got wrong in a mutation's input, with the input path and a
//! stable code. Mutations collect these and write nothing when there is any.

use async_graphql::{Context, MaybeUndefined, Object};

use crate::graphql::context::ContextExt;
use crate::graphql::language::Text;
pub use crate::graphql::messages::{Problem, Thing};
pub use crate::graphql::user_error_code::UserErrorCode;
use crate::validate::Invalid;

/// A problem with the input of a mutation (see [`UserError`]'s GraphQL fields).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserError {
    pub field: Option<Vec<String>>,
    pub message: Text,
    pub code: UserErrorCode,
}

/// A problem with the input of a mutation. The mutation changed nothing.
#[Object]
impl UserError {
    /// Path into the input, e.g. `["input", "nik"]`.
    async fn field(&self) -> Option<&[String]> {
        self.field.as_deref()
    }

    /// What is wrong, for a person: in Indonesian when the request's `Accept-Language` asks
    /// for it (`id`), else in English.
    async fn message(&self, ctx: &Context<'_>) -> &str {
        self.message.in_language(ctx.language())
    }

    /// Stable code for programs; never changes with the language.
    async fn code(&self) -> UserErrorCode {
        self.code
    }
}

impl UserError {
    /// `problem` at `input.<field>`.
    pub fn at(field: &str, problem: Problem) -> Self {
        UserError {
            field: Some(vec!["input".to_string(), field.to_string()]),
            message: problem.text(),
            code: problem.code(),
        }
    }

    /// NOT_FOUND at `input.<field>`: no `thing` has the global `id`.
    pub fn not_found(field: &str, thing: Thing, id: &str) -> Self {
        Self::at(field, Problem::NotFound { thing, id: id.to_string() })
    }

    /// An error from a validator, at `input.<field>`.
    pub fn invalid(field: &str, invalid: &Invalid) -> Self {
        Self::at(field, Problem::Invalid(invalid.clone()))
    }
}

/// Collects the user errors of one mutation input.
#[derive(Debug, Default)]
pub struct UserErrors(Vec<UserError>);

impl UserErrors {
    pub fn push(&mut self, error: UserError) {
        self.0.push(error);
    }

    /// Runs a validator on `field`, keeping its value or recording its error.
    pub fn check<T>(&mut self, field: &str, result: Result<T, Invalid>) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(invalid) => {
                self.push(UserError::invalid(field, &invalid));
                None
            }
        }
    }

    /// Adds the errors of another check.
    pub fn extend(&mut self, other: UserErrors) {
        self.0.extend(other.0);
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn into_vec(self) -> Vec<UserError> {
        self.0
    }
}

/// Why a mutation did not happen: the caller's input (reported in `userErrors`) or a
/// failure reported as a top-level error. Either way its transaction is rolled back.
#[derive(Debug)]
pub enum MutationError {
    Refused(Vec<UserError>),
    Failed(crate::error::AppError),
}

impl From<UserError> for MutationError {
    fn from(error: UserError) -> Self {
        MutationError::Refused(vec![error])
    }
}

impl From<UserErrors> for MutationError {
    fn from(errors: UserErrors) -> Self {
        MutationError::Refused(errors.into_vec())
    }
}

impl From<crate::error::AppError> for MutationError {
    fn from(error: crate::error::AppError) -> Self {
        MutationError::Failed(error)
    }
}

impl From<diesel::result::Error> for MutationError {
    fn from(error: diesel::result::Error) -> Self {
        MutationError::Failed(error.into())
    }
}

impl UserErrors {
    /// `Ok(())` when nothing was recorded, else the refusal.
    pub fn into_result(self) -> Result<(), MutationError> {
        if self.is_empty() { Ok(()) } else { Err(self.into()) }
    }
}

/// An optional text of a new record: absent or blank is none, anything else goes through
/// `check`, which reports at its own field.
pub fn optional_input(
    errors: &mut UserErrors,
    value: Option<&str>,
    check: impl FnOnce(&mut UserErrors, &str) -> Option<String>,
) -> Option<String> {
    value.filter(|text| !text.trim().is_empty()).and_then(|text| check(errors, text))
}

/// A correction of an optional text: undefined leaves it (`None`), null or blank clears it
/// (`Some(None)`), anything else goes through `check`, which reports at its own field.
pub fn optional_change(
    errors: &mut UserErrors,
    value: &MaybeUndefined<String>,
    check: impl FnOnce(&mut UserErrors, &str) -> Option<String>,
) -> Option<Option<String>> {
    match value {
        MaybeUndefined::Undefined => None,
        MaybeUndefined::Null => Some(None),
        MaybeUndefined::Value(text) if text.trim().is_empty() => Some(None),
        MaybeUndefined::Value(text) => check(errors, text).map(Some),
    }
}

/// A correction of an optional value: undefined leaves it, null clears it, a value is kept
/// when `check` accepts it.
pub fn value_change<T, U>(value: MaybeUndefined<T>, check: impl FnOnce(T) -> Option<U>) -> Option<Option<U>> {
    match value {
        MaybeUndefined::Undefined => None,
        MaybeUndefined::Null => Some(None),
        MaybeUndefined::Value(value) => check(value).map(Some),
    }
}
