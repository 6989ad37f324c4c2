//! `viewer`: who the caller is.

use async_graphql::{Context, Object};

use crate::access::{Grant, Role, Viewer};
use crate::financing::lenders::model::Lender;
use crate::graphql::context::ContextExt;

/// The caller of this request, as its token says.
#[Object]
impl Viewer {
    /// The role the token grants; PUBLIC without a token.
    async fn role(&self) -> Role {
        self.role
    }

    /// The token's name; null for the public.
    async fn name(&self) -> Option<&str> {
        self.name.as_deref()
    }

    /// Extra powers of the token, e.g. AID for an agency that manages aid.
    #[graphql(complexity = "crate::graphql::cost::per_enum_value::<crate::access::Grant>(child_complexity)")]
    async fn grants(&self) -> &[Grant] {
        &self.grants
    }

    /// The kelurahan an OFFICER works in (empty for other roles).
    #[graphql(complexity = "crate::graphql::cost::list(crate::graphql::cost::KELURAHANS, child_complexity)")]
    async fn kelurahan_codes(&self) -> Vec<&str> {
        self.kelurahans.iter().map(|(_, code)| code.as_str()).collect()
    }

    /// The lender a LENDER token acts for (null for other roles).
    async fn lender(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Lender>> {
        match self.acting_lender() {
            Some(id) => Ok(ctx.loader().load_one(id).await?),
            None => Ok(None),
        }
    }
}

#[derive(Default)]
pub struct ViewerQuery;

#[Object]
impl ViewerQuery {
    /// Who is calling: PUBLIC without a token.
    async fn viewer(&self, ctx: &Context<'_>) -> Viewer {
        ctx.viewer().clone()
    }
}
