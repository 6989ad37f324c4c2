//! Mutation payloads: the object a mutation wrote, or the user errors that say why it wrote
//! nothing. [`mutation_payload!`](crate::mutation_payload) defines one; [`payload`],
//! [`payload_with_conn`] and [`guarded_payload`] turn a mutation's outcome into it, so that a
//! resolver states only its access check, its input checks and its writes.

use async_graphql::Context;

use crate::access::Viewer;
use crate::db::DbConn;
use crate::error::AppResult;
use crate::graphql::context::ContextExt;
use crate::graphql::user_error::{MutationError, UserError};

/// A payload built from a mutation's outcome (see [`mutation_payload!`](crate::mutation_payload)).
pub trait Payload: Sized {
    /// What the mutation answers with when it succeeds.
    type Value;

    fn new(value: Option<Self::Value>, user_errors: Vec<UserError>) -> Self;
}

/// Defines a mutation payload `$name` with two fields, in this order: `$field: Option<$value>`
/// (the object written; null on a refusal) and `user_errors: [UserError]` (why the input was
/// refused; empty on success), each with the doc comment written above it, plus its
/// [`Payload`] implementation.
#[macro_export]
macro_rules! mutation_payload {
    (
        $(#[$doc:meta])*
        $name:ident {
            $(#[$value_doc:meta])*
            $field:ident: $value:ty,
            $(#[$errors_doc:meta])*
            user_errors,
        }
    ) => {
        $(#[$doc])*
        #[derive(async_graphql::SimpleObject)]
        pub struct $name {
            $(#[$value_doc])*
            pub $field: Option<$value>,
            $(#[$errors_doc])*
            pub user_errors: Vec<$crate::graphql::user_error::UserError>,
        }

        impl $crate::graphql::payload::Payload for $name {
            type Value = $value;

            fn new(value: Option<$value>, user_errors: Vec<$crate::graphql::user_error::UserError>) -> Self {
                $name { $field: value, user_errors }
            }
        }
    };
}

/// The payload of a mutation's outcome: its value, or the user errors of a refusal. A failure
/// that is not the caller's doing is a top-level error instead.
pub async fn payload<P: Payload>(
    mutation: impl Future<Output = Result<P::Value, MutationError>>,
) -> async_graphql::Result<P> {
    match mutation.await {
        Ok(value) => Ok(P::new(Some(value), Vec::new())),
        Err(MutationError::Refused(errors)) => Ok(P::new(None, errors)),
        Err(MutationError::Failed(error)) => Err(error.into()),
    }
}

/// [`payload`] of a mutation run on a connection taken from the request's pool.
pub async fn payload_with_conn<P: Payload>(
    ctx: &Context<'_>,
    mutation: impl AsyncFnOnce(&mut DbConn) -> Result<P::Value, MutationError>,
) -> async_graphql::Result<P> {
    payload(async {
        let mut conn = ctx.conn().await?;
        mutation(&mut conn).await
    })
    .await
}

/// [`payload_with_conn`] of a mutation the caller may make at all only when `allowed` passes.
/// That check comes before any read, so that a caller without the role learns nothing of the
/// data (whether an id exists, say); the mutation then checks the caller's scope on the rows.
pub async fn guarded_payload<P: Payload>(
    ctx: &Context<'_>,
    allowed: impl FnOnce(&Viewer) -> AppResult<()>,
    mutation: impl AsyncFnOnce(&mut DbConn, &Viewer) -> Result<P::Value, MutationError>,
) -> async_graphql::Result<P> {
    let viewer = ctx.viewer();
    allowed(viewer)?;
    payload_with_conn(ctx, async |conn| mutation(conn, viewer).await).await
}
