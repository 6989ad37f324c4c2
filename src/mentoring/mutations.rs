//! Recording mentoring sessions: by ADMIN for any group, by an OFFICER for the groups of its
//! kelurahan, by a LENDER (as the provider) for any group.

use async_graphql::{Context, ID, InputObject, Object};

use super::model::{
    self, MentoringProviderKind, MentoringSession, MentoringSessionFields, MentoringTopic, NewMentoringSession,
};
use crate::access::Viewer;
use crate::clock;
use crate::error::AppError;
use crate::financing::lenders::model::lender_for_input;
use crate::graphql::language::Text;
use crate::graphql::payload::guarded_payload;
use crate::graphql::scalars::Date;
use crate::graphql::user_error::{Problem, UserError, UserErrors};
use crate::groups::model::group_for_input;
use crate::validate;

const MAX_PROVIDER: usize = 150;
const MAX_NOTES: usize = 2000;

/// A mentoring session held for a group.
#[derive(InputObject)]
pub struct RecordMentoringSessionInput {
    /// The group mentored.
    pub group_id: ID,
    /// Who gave it, e.g. "Dinas Koperasi dan UMKM Kota Palu" or "Bank Sulteng Cabang Palu".
    pub provider: String,
    /// What it was about.
    pub topic: MentoringTopic,
    /// The day it was held; not in the future.
    pub held_on: Date,
    /// What was done; line breaks allowed, at most 2000 characters. Public: no personal data.
    pub notes: Option<String>,
    /// What kind of provider gave it: LENDER when `lenderId` is given or a LENDER token
    /// records it, else DINAS unless given.
    pub provider_kind: Option<MentoringProviderKind>,
    /// The lender that gave it, for a LENDER session recorded by ADMIN or an OFFICER; a LENDER
    /// token records its own sessions and may leave this out.
    pub lender_id: Option<ID>,
}

crate::mutation_payload! {
    /// The recorded session, or why it was not recorded.
    RecordMentoringSessionPayload {
        /// The new session; null when refused.
        session: MentoringSession,
        /// What was wrong with the input; empty on success.
        user_errors,
    }
}

#[derive(Default)]
pub struct MentoringMutation;

#[Object]
impl MentoringMutation {
    /// Records a mentoring session for a group. ADMIN for any group; OFFICER for groups of its
    /// kelurahan; LENDER for any group, as the provider.
    async fn record_mentoring_session(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The group, the provider, the topic and the day of the session.")]
        input: RecordMentoringSessionInput,
    ) -> async_graphql::Result<RecordMentoringSessionPayload> {
        guarded_payload(ctx, Viewer::require_any_mentoring_write, async |conn, viewer| {
            let group = group_for_input(conn, "groupId", &input.group_id).await?;
            viewer.require_mentoring_write(group.fields.kelurahan_id)?;
            let named_lender = match &input.lender_id {
                Some(id) => Some(lender_for_input(conn, "lenderId", id).await?.id),
                None => None,
            };
            let mut errors = UserErrors::default();
            let (kind, lender_id) = match viewer.acting_lender() {
                Some(own) => {
                    if named_lender.is_some_and(|named| named != own) {
                        return Err(AppError::forbidden(Text::new(
                            "a lender records its own mentoring sessions only",
                            "lembaga pembiayaan hanya mencatat sesi pendampingannya sendiri",
                        ))
                        .into());
                    }
                    if input.provider_kind.is_some_and(|kind| kind != MentoringProviderKind::Lender) {
                        errors.push(UserError::at("providerKind", Problem::LenderRecordsOwnSessions));
                    }
                    (MentoringProviderKind::Lender, Some(own))
                }
                None => {
                    let kind = input.provider_kind.unwrap_or(if named_lender.is_some() {
                        MentoringProviderKind::Lender
                    } else {
                        MentoringProviderKind::Dinas
                    });
                    match (kind, named_lender) {
                        (MentoringProviderKind::Lender, None) => {
                            errors.push(UserError::at("lenderId", Problem::LenderRequired))
                        }
                        (MentoringProviderKind::Dinas | MentoringProviderKind::Partner, Some(_)) => {
                            errors.push(UserError::at("lenderId", Problem::LenderOnlyForLenderSession))
                        }
                        _ => {}
                    }
                    (kind, named_lender)
                }
            };
            let provider = errors.check("provider", validate::required_text(&input.provider, MAX_PROVIDER));
            if input.held_on.0 > clock::today() {
                errors.push(UserError::at("heldOn", Problem::SessionInFuture));
            }
            let notes = errors.check("notes", validate::optional_note(input.notes.as_deref(), MAX_NOTES)).flatten();
            errors.into_result()?;
            let session = NewMentoringSession {
                fields: MentoringSessionFields {
                    group_id: group.id,
                    provider: provider.unwrap_or_default(),
                    provider_kind: kind,
                    lender_id,
                    topic: input.topic,
                    held_on: input.held_on.0,
                    notes,
                },
                recorded_by: viewer.name.clone().unwrap_or_default(),
                created_at: clock::now_utc(),
            };
            Ok(model::insert(conn, &session).await?)
        })
        .await
    }
}
