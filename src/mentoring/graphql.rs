//! GraphQL type of mentoring sessions (public).

use async_graphql::{Context, ID, Object};

use super::SessionsOfGroup;
use super::model::{MentoringProviderKind, MentoringSession, MentoringTopic};
use crate::financing::lenders::model::Lender;
use crate::graphql::context::{ContextExt, load_existing};
use crate::graphql::scalars::Date;
use crate::groups::model::Group;
use crate::ids::GroupId;

/// A mentoring session (pendampingan) held for a group. Public, notes included: notes must
/// not hold personal data.
#[Object]
impl MentoringSession {
    /// The session's global id.
    pub async fn id(&self) -> ID {
        self.id.to_global()
    }

    /// The group mentored.
    async fn group(&self, ctx: &Context<'_>) -> async_graphql::Result<Group> {
        load_existing(ctx, self.fields.group_id).await
    }

    /// Who gave it, as recorded: the Dinas, a lender, a partner (e.g. "Bank Sulteng Cabang Palu").
    async fn provider(&self) -> &str {
        &self.fields.provider
    }

    /// What kind of provider gave it.
    async fn provider_kind(&self) -> MentoringProviderKind {
        self.fields.provider_kind
    }

    /// The lender that gave it, when a lender did.
    async fn lender(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Lender>> {
        match self.fields.lender_id {
            Some(id) => Ok(ctx.loader().load_one(id).await?),
            None => Ok(None),
        }
    }

    /// What it was about.
    async fn topic(&self) -> MentoringTopic {
        self.fields.topic
    }

    /// The day it was held.
    async fn held_on(&self) -> Date {
        Date(self.fields.held_on)
    }

    /// What was done, as the recorder wrote it.
    async fn notes(&self) -> Option<&str> {
        self.fields.notes.as_deref()
    }
}

/// `BusinessGroup.mentoringSessions`: the group's sessions, by date held, through the
/// DataLoader (one statement for all the groups of a level).
pub async fn sessions_of_group(ctx: &Context<'_>, group: GroupId) -> async_graphql::Result<Vec<MentoringSession>> {
    let sessions = ctx.loader().load_one(SessionsOfGroup(group)).await?;
    Ok(crate::graphql::cost::bounded(sessions.unwrap_or_default(), crate::graphql::cost::LIST_BOUND))
}
