//! Capital for the groups and members of the registry: lenders and their financing
//! schemes, applications that move through an audited workflow, and the dashboard figures.
//! Mentoring, which lenders also give, lives in [`crate::mentoring`].

pub mod applications;
pub mod dashboard;
pub mod lenders;

use crate::error::{AppError, AppResult, not_an_id};

/// Reads an optional global id given as a query argument (a filter's); a malformed one, or
/// one of another kind, is a BAD_USER_INPUT error.
pub(crate) fn id_argument<T>(
    id: Option<async_graphql::ID>,
    kind: &str,
    parse: impl Fn(&str) -> Option<T>,
) -> AppResult<Option<T>> {
    id.map(|id| parse(&id).ok_or_else(|| AppError::bad_input(not_an_id(&id, kind)))).transpose()
}
