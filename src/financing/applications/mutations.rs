//! Submitting financing applications and moving them through the workflow. Every move is
//! conditional on the status it was decided from, so of two concurrent moves exactly one is
//! written; the other is refused with CONFLICT and nothing of it is kept.

use async_graphql::{Context, ID, Object};

use super::model::{
    self, Application, ApplicationFields, ApplicationStatus, HistoryEntry, MoveChanges, NewApplication,
};
use crate::access::{ApplicationScope, Viewer};
use crate::clock;
use crate::db::DbConn;
use crate::error::AppError;
use crate::financing::lenders::model::{self as lenders, Scheme};
use crate::financing::lenders::mutations::scheme_for_input;
use crate::graphql::context::ContextExt;
use crate::graphql::language::Text;
use crate::graphql::payload::{guarded_payload, payload_with_conn};
use crate::graphql::scalars::Rupiah;
use crate::graphql::user_error::{MutationError, Problem, Thing, UserError, UserErrors};
use crate::groups::model::group_for_input;
use crate::groups::model::{self as groups, Group, GroupStatus};
use crate::ids::{ApplicationId, MemberId};
use crate::members::model::member_for_input;
use crate::members::model::{self as members, GroupRole, Member};
use crate::validate;

mod inputs;
use inputs::{
    MoveFinancingApplicationInput, MoveFinancingApplicationPayload, SubmitFinancingApplicationInput,
    SubmitFinancingApplicationPayload,
};

const MAX_PURPOSE: usize = 500;
const MAX_NOTE: usize = 1000;

/// Who applies: a group (through its ketua) or a member; `group` is the member's group then.
enum Applicant {
    Group(Group),
    Member(Member, Group),
}

impl Applicant {
    fn group(&self) -> &Group {
        match self {
            Applicant::Group(group) | Applicant::Member(_, group) => group,
        }
    }
}

async fn applicant_for_input(
    conn: &mut DbConn,
    input: &SubmitFinancingApplicationInput,
) -> Result<Applicant, MutationError> {
    match (&input.group_id, &input.member_id) {
        (Some(group), None) => Ok(Applicant::Group(group_for_input(conn, "groupId", group).await?)),
        (None, Some(id)) => {
            let (member, group) = member_for_input(conn, "memberId", id).await?;
            Ok(Applicant::Member(member, group))
        }
        (None, None) => Err(UserError::at("groupId", Problem::ApplicantRequired).into()),
        (Some(_), Some(_)) => Err(UserError::at("memberId", Problem::TooManyApplicants).into()),
    }
}

/// The rules an application must meet to be made or sent to the lender, each reported at the
/// field of the submission input that breaks it.
fn submission_errors(scheme: &Scheme, group_applicant: Option<&Group>, amount: i64, tenor: Option<i32>) -> UserErrors {
    let mut errors = UserErrors::default();
    if !scheme.fields.active {
        errors.push(UserError::at("schemeId", Problem::SchemeInactive));
    }
    if let Some(group) = group_applicant {
        if !scheme.fields.accepts_groups {
            errors.push(UserError::at("schemeId", Problem::GroupsNotAccepted));
        }
        if group.fields.status != GroupStatus::Active {
            errors.push(UserError::at("groupId", Problem::GroupNotActive));
        }
    }
    if !scheme.covers(amount) {
        errors.push(UserError::at(
            "amountRequested",
            Problem::AmountOutOfRange { min: scheme.fields.min_amount, max: scheme.fields.max_amount },
        ));
    }
    if let Some(tenor) = tenor
        && !(1..=scheme.fields.max_tenor_months).contains(&tenor)
    {
        errors.push(UserError::at("tenorMonths", Problem::TenorOutOfRange { max: scheme.fields.max_tenor_months }));
    }
    errors
}

/// The ketua of a group applying, read inside the caller's transaction once the group is
/// locked, so that the office cannot be vacated meanwhile; a user error at `field` when there
/// is none.
async fn chair_of(conn: &mut DbConn, group: &Group, field: &str) -> Result<MemberId, MutationError> {
    members::officer_of(conn, group.id, GroupRole::Chair)
        .await?
        .ok_or_else(|| UserError::at(field, Problem::NoChair).into())
}

/// The applicant as it stands once locked inside the caller's transaction: first its group
/// (the lock `removeMember` takes too, so the two queue behind each other), then the member.
/// A member removed meanwhile is NOT_FOUND, as if the submission had come after the removal.
async fn lock_applicant(
    conn: &mut DbConn,
    applicant: Applicant,
    now: chrono::NaiveDateTime,
) -> Result<Applicant, MutationError> {
    match applicant {
        Applicant::Group(group) => {
            let not_found = || UserError::not_found("groupId", Thing::Group, group.id.to_global().as_str());
            let locked = groups::lock(conn, group.id, now).await?.ok_or_else(not_found)?;
            Ok(Applicant::Group(locked))
        }
        Applicant::Member(member, group) => {
            let not_found = || UserError::not_found("memberId", Thing::Member, member.id.to_global().as_str());
            let group = groups::lock(conn, group.id, now).await?.ok_or_else(not_found)?;
            let member = members::lock(conn, member.id).await?.ok_or_else(not_found)?;
            Ok(Applicant::Member(member, group))
        }
    }
}

/// The scheme as it stands once locked inside the caller's transaction, so that its range and
/// whether it is active cannot change before the application is written.
async fn lock_scheme(conn: &mut DbConn, scheme: &Scheme, field: &str) -> Result<Scheme, MutationError> {
    Ok(lenders::lock_scheme(conn, scheme.id)
        .await?
        .ok_or_else(|| UserError::not_found(field, Thing::Scheme, scheme.id.to_global().as_str()))?)
}

/// Finds an application the caller may see; NOT_FOUND otherwise, so that an application out
/// of the caller's scope is indistinguishable from one that does not exist.
async fn application_for_input(
    conn: &mut DbConn,
    scope: &ApplicationScope,
    id: &ID,
) -> Result<Application, MutationError> {
    let not_found = || UserError::not_found("applicationId", Thing::Application, id.as_str());
    let id = ApplicationId::from_global(id).ok_or_else(not_found)?;
    Ok(model::find_visible(conn, scope, id).await?.ok_or_else(not_found)?)
}

/// The refusal of a move decided on a status the application has left meanwhile.
fn conflict(application: &Application, expected: ApplicationStatus) -> MutationError {
    let (id, expected) = (application.id.to_global(), expected.as_str());
    AppError::Conflict(Text::new(
        format!(
            "financing application {} is no longer {expected}: it was moved meanwhile; read it again and decide anew",
            id.as_str()
        ),
        format!(
            "pengajuan pembiayaan {} tidak lagi berstatus {expected}: statusnya baru saja berubah; baca ulang lalu \
             putuskan kembali",
            id.as_str()
        ),
    ))
    .into()
}

/// A move that the workflow does not have.
fn invalid_transition(from: ApplicationStatus, to: ApplicationStatus) -> UserError {
    let next: Vec<&'static str> = from.next().into_iter().map(ApplicationStatus::as_str).collect();
    let problem = if next.is_empty() {
        Problem::ClosedApplication { from: from.as_str() }
    } else {
        Problem::ApplicationStep { from: from.as_str(), next, to: to.as_str() }
    };
    UserError::at("to", problem)
}

#[derive(Default)]
pub struct ApplicationMutation;

#[Object]
impl ApplicationMutation {
    /// Submits a financing application for a group or a member, or keeps it as a draft
    /// (`draft: true`). ADMIN anywhere; OFFICER for groups and members of its kelurahan.
    async fn submit_financing_application(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The applicant (a group or a member), the scheme, the amount and term, \
                          and whether to keep a draft.")]
        input: SubmitFinancingApplicationInput,
    ) -> async_graphql::Result<SubmitFinancingApplicationPayload> {
        guarded_payload(ctx, Viewer::require_any_application_write, async |conn, viewer| {
            // Read first to resolve the ids and the caller's scope; every rule is then checked
            // on the rows as they stand once locked inside the transaction that writes.
            let applicant = applicant_for_input(conn, &input).await?;
            viewer.require_application_write(applicant.group().fields.kelurahan_id)?;
            let scheme = scheme_for_input(conn, "schemeId", &input.scheme_id).await?;
            let mut errors = UserErrors::default();
            let purpose = errors.check("purpose", validate::required_text(&input.purpose, MAX_PURPOSE));
            let now = clock::now_utc();
            let status = if input.draft { ApplicationStatus::Draft } else { ApplicationStatus::Submitted };
            let submitted_at = (!input.draft).then_some(now);
            let actor = viewer.name.clone().unwrap_or_default();
            conn.transaction(async |conn| {
                let applicant = lock_applicant(conn, applicant, now).await?;
                let scheme = lock_scheme(conn, &scheme, "schemeId").await?;
                let group_applicant = match &applicant {
                    Applicant::Group(group) => Some(group),
                    Applicant::Member(..) => None,
                };
                let mut rules =
                    submission_errors(&scheme, group_applicant, input.amount_requested.amount(), input.tenor_months);
                rules.extend(errors);
                rules.into_result()?;
                let applied_by = match group_applicant {
                    Some(group) => Some(chair_of(conn, group, "groupId").await?),
                    None => None,
                };
                let new = NewApplication {
                    fields: ApplicationFields {
                        scheme_id: scheme.id,
                        lender_id: scheme.fields.lender_id,
                        group_id: group_applicant.map(|g| g.id),
                        member_id: match &applicant {
                            Applicant::Member(member, _) => Some(member.id),
                            Applicant::Group(_) => None,
                        },
                        applicant_group_id: applicant.group().id,
                        applied_by_member_id: applied_by,
                        amount_requested: input.amount_requested.amount(),
                        tenor_months: input.tenor_months,
                        purpose: purpose.unwrap_or_default(),
                        status,
                        submitted_at,
                    },
                    submitted_month: submitted_at.map(clock::month_in_palu),
                    created_at: now,
                    updated_at: now,
                };
                let application = model::insert(conn, &new).await?;
                let event = HistoryEntry {
                    application_id: application.id,
                    from_status: None,
                    to_status: status,
                    at: now,
                    actor,
                    note: None,
                };
                model::insert_event(conn, &event).await?;
                Ok(application)
            })
            .await
        })
        .await
    }

    /// Moves an application through the workflow and records the move in its history. The
    /// applicant's moves (SUBMITTED from DRAFT, WITHDRAWN) are made by ADMIN or the OFFICER of
    /// its kelurahan; the lender's (UNDER_REVIEW, APPROVED, REJECTED, DISBURSED, REPAID,
    /// DEFAULTED) by ADMIN or the LENDER of the scheme. Any other move is INVALID_TRANSITION.
    /// When a concurrent move changed the application first, the move is refused with a
    /// top-level CONFLICT error and nothing is written.
    async fn move_financing_application(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The application, the status to move it to and what the move needs (an \
                          approved amount, a note, the status you saw).")]
        input: MoveFinancingApplicationInput,
    ) -> async_graphql::Result<MoveFinancingApplicationPayload> {
        let viewer = ctx.viewer();
        let scope = viewer.application_scope()?;
        payload_with_conn(ctx, async |conn| {
            let application = application_for_input(conn, &scope, &input.application_id).await?;
            let from = application.fields.status;
            if let Some(expected) = input.expected_status.filter(|expected| *expected != from) {
                return Err(conflict(&application, expected));
            }
            let party = from.move_to(input.to).ok_or_else(|| invalid_transition(from, input.to))?;
            viewer.require_move(party)?;
            let mut errors = UserErrors::default();
            let note = errors.check("note", validate::optional_note(input.note.as_deref(), MAX_NOTE)).flatten();
            let amount_approved = input.amount_approved.map(Rupiah::amount);
            let approving = input.to == ApplicationStatus::Approved;
            let submitting = input.to == ApplicationStatus::Submitted;
            let now = clock::now_utc();
            let actor = viewer.name.clone().unwrap_or_default();
            conn.transaction(async |conn| {
                // The rules are checked on the group and the scheme as they stand once locked,
                // in the same order as a submission locks them.
                let group_applicant = match (submitting, application.fields.group_id) {
                    (true, Some(group)) => groups::lock(conn, group, now).await?,
                    _ => None,
                };
                let scheme = lenders::lock_scheme(conn, application.fields.scheme_id)
                    .await?
                    .ok_or_else(|| AppError::Internal(format!("scheme of application {} missing", application.id.0)))?;
                check_amount_approved(&mut errors, approving, amount_approved, &application, &scheme);
                if submitting {
                    check_draft_sent(&mut errors, &scheme, group_applicant.as_ref(), &application);
                }
                errors.into_result()?;
                let applied_by = match &group_applicant {
                    Some(group) => Some(chair_of(conn, group, "applicationId").await?),
                    None => None,
                };
                let changes = MoveChanges {
                    amount_approved: amount_approved.filter(|_| approving),
                    applied_by_member_id: applied_by,
                    submitted_at: submitting.then_some(now),
                    submitted_month: submitting.then(|| clock::month_in_palu(now)),
                };
                let moved = model::move_from(conn, application.id, (from, input.to), now, &changes)
                    .await?
                    .ok_or_else(|| conflict(&application, from))?;
                let event = HistoryEntry {
                    application_id: application.id,
                    from_status: Some(from),
                    to_status: input.to,
                    at: now,
                    actor,
                    note,
                };
                record_move(conn, &application, &event).await?;
                Ok(moved)
            })
            .await
        })
        .await
    }
}

/// The approved amount a move gives: required to approve, within the amount requested and the
/// scheme's range; refused on any other move.
fn check_amount_approved(
    errors: &mut UserErrors,
    approving: bool,
    amount_approved: Option<i64>,
    application: &Application,
    scheme: &Scheme,
) {
    match (approving, amount_approved) {
        (true, None) => errors.push(UserError::at("amountApproved", Problem::AmountApprovedRequired)),
        (true, Some(amount)) if amount > application.fields.amount_requested || !scheme.covers(amount) => {
            let requested = application.fields.amount_requested;
            let (min, max) = (scheme.fields.min_amount, scheme.fields.max_amount);
            errors.push(UserError::at("amountApproved", Problem::AmountApprovedOutOfRange { requested, min, max }))
        }
        (true, Some(_)) | (false, None) => {}
        (false, Some(_)) => errors.push(UserError::at("amountApproved", Problem::AmountApprovedNotAllowed)),
    }
}

/// Writes the move into the application's history. A second move from the status it was read
/// in (a concurrent one that got there first) breaks the history's uniqueness: CONFLICT.
async fn record_move(conn: &mut DbConn, application: &Application, event: &HistoryEntry) -> Result<(), MutationError> {
    model::insert_event(conn, event).await.map_err(|error| match error {
        diesel::result::Error::DatabaseError(diesel::result::DatabaseErrorKind::UniqueViolation, _) => {
            conflict(application, application.fields.status)
        }
        other => other.into(),
    })
}

/// A draft is held to the rules of the moment it is sent; the input of the move names only
/// the application, so that is where they are reported.
fn check_draft_sent(errors: &mut UserErrors, scheme: &Scheme, group: Option<&Group>, application: &Application) {
    let rules = submission_errors(scheme, group, application.fields.amount_requested, application.fields.tenor_months);
    for mut error in rules.into_vec() {
        error.field = Some(vec!["input".into(), "applicationId".into()]);
        errors.push(error);
    }
}
