//! Adding, correcting and removing members, under the KUBE rules: at most 20 members, one
//! ketua, one sekretaris and one bendahara; a NIK registered once in the whole registry.

use async_graphql::{Context, ID, InputObject, MaybeUndefined, Object};

use super::checks::{MAX_ADDRESS, MAX_NAME, check_nik_and_gender, check_phone, personal_fields};
use super::model::{
    self, Gender, GroupRole, MAX_MEMBERS_PER_GROUP, Member, MemberChanges, MemberFields, NewMember, member_for_input,
};
use crate::access::{Role, Viewer};
use crate::audit::model::{self as audit, PersonalDataAction};
use crate::clock;
use crate::db::DbConn;
use crate::financing::applications::model as financing;
use crate::graphql::payload::guarded_payload;
use crate::graphql::user_error::{
    MutationError, Problem, Thing, UserError, UserErrors, optional_change, optional_input,
};
use crate::groups::model::group_for_input;
use crate::groups::model::{self as groups, Group, GroupStatus};
use crate::ids::MemberId;
use crate::sector::BusinessSector;
use crate::validate;

/// A new member of a group.
#[derive(InputObject)]
pub struct AddMemberInput {
    /// Global id of the group to join (NOT_FOUND when there is none). The group must not be
    /// DISSOLVED (GROUP_DISSOLVED) nor have 20 members already (GROUP_FULL).
    pub group_id: ID,
    /// Full name; required, at most 150 characters.
    pub full_name: String,
    /// 16 digits; its date part (day + 40 for women) must be a real date and agree with `gender`.
    /// A NIK registered already is DUPLICATE_NIK when its member is in a kelurahan the caller
    /// may change (ADMIN: any), else NIK_NEEDS_REVIEW, which tells neither whether nor where it
    /// is registered: the Dinas (ADMIN) reviews it.
    pub nik: String,
    /// Gender, as on the KTP; must agree with the NIK (NIK_GENDER_MISMATCH).
    pub gender: Gender,
    /// Office in the group; a group has one CHAIR, one SECRETARY and one TREASURER at most
    /// (ROLE_TAKEN).
    pub role: GroupRole,
    /// The trades the member is skilled in (may be empty); they count in the aid sector guard.
    pub skills: Vec<BusinessSector>,
    /// Indonesian number, e.g. "0812-3456-7890" or "+62 812 3456 7890"; stored as "+62…".
    /// Optional; blank means none.
    pub phone: Option<String>,
    /// Home address; optional, at most 300 characters.
    pub address: Option<String>,
}

crate::mutation_payload! {
    /// The added member, or why it was not added.
    AddMemberPayload {
        /// The member as added; null when `userErrors` is not empty.
        member: Member,
        /// Why the input was refused, one entry per problem; empty on success.
        user_errors,
    }
}

/// Corrections to a member. Omitted fields stay; `null` clears `phone` or `address`.
#[derive(InputObject)]
pub struct UpdateMemberInput {
    /// Global id of the member to correct (NOT_FOUND when there is none).
    pub id: ID,
    /// New full name; at most 150 characters.
    pub full_name: Option<String>,
    /// New NIK, checked as in `AddMemberInput.nik` (and against the gender).
    pub nik: Option<String>,
    /// New gender; must agree with the NIK (NIK_GENDER_MISMATCH).
    pub gender: Option<Gender>,
    /// New office in the group (ROLE_TAKEN when another member holds it).
    pub role: Option<GroupRole>,
    /// Replaces the member's skills.
    pub skills: Option<Vec<BusinessSector>>,
    /// New phone number (an Indonesian number, stored as "+62…"); `null` clears it.
    pub phone: MaybeUndefined<String>,
    /// New home address, at most 300 characters; `null` clears it.
    pub address: MaybeUndefined<String>,
}

crate::mutation_payload! {
    /// The corrected member, or why it was not changed.
    UpdateMemberPayload {
        /// The member as corrected; null when `userErrors` is not empty.
        member: Member,
        /// Why the input was refused, one entry per problem; empty on success.
        user_errors,
    }
}

/// A member to remove, with their personal data (the right to erasure, UU PDP 27/2022).
#[derive(InputObject)]
pub struct RemoveMemberInput {
    /// Global id of the member to remove (NOT_FOUND when there is none).
    pub id: ID,
}

crate::mutation_payload! {
    /// The id of the removed member, or why nothing was removed.
    RemoveMemberPayload {
        /// The global id the removed member had; null when `userErrors` is not empty.
        removed_member_id: ID,
        /// Why nothing was removed, one entry per problem; empty on success.
        user_errors,
    }
}

/// A NIK held by another member whom the caller may see: DUPLICATE_NIK.
fn duplicate_nik() -> UserError {
    UserError::at("nik", Problem::DuplicateNik)
}

/// A NIK that cannot be registered, told to a caller who may not learn why: it is held by a
/// member of a kelurahan outside the caller's (or, after a concurrent write, perhaps so).
/// The message says neither whether nor where the NIK is registered.
fn nik_needs_review() -> UserError {
    UserError::at("nik", Problem::NikNeedsReview)
}

/// The checks that need the database, inside the caller's transaction.
///
/// A NIK held by another member is DUPLICATE_NIK when the caller may change the registry of
/// the holder's kelurahan (ADMIN anywhere, an OFFICER in its own kelurahan); otherwise
/// NIK_NEEDS_REVIEW, so that an OFFICER does not learn that a NIK is registered elsewhere.
async fn check_registry_rules(
    conn: &mut DbConn,
    viewer: &Viewer,
    group: &Group,
    member: Option<MemberId>,
    nik: Option<&str>,
    role: Option<GroupRole>,
) -> Result<(), MutationError> {
    let mut errors = UserErrors::default();
    if let Some(nik) = nik
        && let Some(holder) = model::id_by_nik(conn, nik).await?.filter(|holder| Some(*holder) != member)
    {
        let holder_kelurahan = match model::find(conn, holder).await? {
            Some(holder) => groups::find(conn, holder.fields.group_id).await?.map(|g| g.fields.kelurahan_id),
            None => None,
        };
        let may_know = holder_kelurahan.is_some_and(|kelurahan| viewer.require_registry_write(kelurahan).is_ok());
        errors.push(if may_know { duplicate_nik() } else { nik_needs_review() });
    }
    if let Some(role) = role.filter(|r| r.is_officer())
        && model::officer_of(conn, group.id, role).await?.is_some_and(|holder| Some(holder) != member)
    {
        errors.push(UserError::at("role", Problem::RoleTaken { role: role.as_str() }));
    }
    errors.into_result()
}

/// Maps a unique-index violation that slipped past the checks (a concurrent write) to the
/// user error it means. Where the other member of a NIK is cannot be read then (the
/// transaction has failed), so only ADMIN is told DUPLICATE_NIK; others NIK_NEEDS_REVIEW.
fn unique_violation(viewer: &Viewer) -> impl Fn(diesel::result::Error) -> MutationError {
    move |error| {
        use diesel::result::{DatabaseErrorKind, Error};
        match &error {
            Error::DatabaseError(DatabaseErrorKind::UniqueViolation, info) => {
                let what = format!("{} {}", info.constraint_name().unwrap_or(""), info.message());
                if !what.contains("nik") {
                    UserError::at("role", Problem::OfficeTaken).into()
                } else if viewer.role == Role::Admin {
                    duplicate_nik().into()
                } else {
                    nik_needs_review().into()
                }
            }
            _ => error.into(),
        }
    }
}

/// The member an input names, with their group, once the caller is found to be allowed to
/// change the registry of the group's kelurahan.
async fn writable_member(
    conn: &mut DbConn,
    viewer: &Viewer,
    field: &str,
    id: &ID,
) -> Result<(Member, Group), MutationError> {
    let (member, group) = member_for_input(conn, field, id).await?;
    viewer.require_registry_write(group.fields.kelurahan_id)?;
    Ok((member, group))
}

#[derive(Default)]
pub struct MemberMutation;

#[Object]
impl MemberMutation {
    /// Adds a member to a group. ADMIN anywhere; OFFICER in its own kelurahan. A NIK that is
    /// registered already: DUPLICATE_NIK, or NIK_NEEDS_REVIEW for an OFFICER when its member is
    /// outside the officer's kelurahan (see `AddMemberInput.nik`).
    async fn add_member(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The member to add and the group to add them to.")] input: AddMemberInput,
    ) -> async_graphql::Result<AddMemberPayload> {
        guarded_payload(ctx, Viewer::require_any_registry_write, async |conn, viewer| {
            let group = group_for_input(conn, "groupId", &input.group_id).await?;
            viewer.require_registry_write(group.fields.kelurahan_id)?;
            let mut errors = UserErrors::default();
            let full_name = errors.check("fullName", validate::required_text(&input.full_name, MAX_NAME));
            let nik = check_nik_and_gender(&mut errors, &input.nik, input.gender);
            let phone = optional_input(&mut errors, input.phone.as_deref(), check_phone);
            let address =
                errors.check("address", validate::optional_text(input.address.as_deref(), MAX_ADDRESS)).flatten();
            errors.into_result()?;
            let (full_name, nik) = (full_name.unwrap_or_default(), nik.unwrap_or_default());
            let skills = input.skills;
            let now = clock::now_utc();
            conn.transaction(async |conn| {
                // The group as it stands once locked: it may have been dissolved meanwhile.
                let group = groups::lock(conn, group.id, now).await?.unwrap_or(group);
                if group.fields.status == GroupStatus::Dissolved {
                    return Err(UserError::at("groupId", Problem::GroupDissolved).into());
                }
                check_registry_rules(conn, viewer, &group, None, Some(&nik), Some(input.role)).await?;
                let count = model::counts_per_group(conn, &[group.id]).await?.first().map_or(0, |(_, n)| *n);
                if count >= MAX_MEMBERS_PER_GROUP {
                    return Err(UserError::at("groupId", Problem::GroupFull { max: MAX_MEMBERS_PER_GROUP }).into());
                }
                let new = NewMember {
                    fields: MemberFields {
                        group_id: group.id,
                        full_name,
                        nik,
                        gender: input.gender,
                        role: input.role,
                        phone,
                        address,
                    },
                    created_at: now,
                    updated_at: now,
                };
                let member = model::insert(conn, &new).await.map_err(unique_violation(viewer))?;
                model::set_skills(conn, member.id, &skills).await?;
                let fields = personal_fields(true, new.fields.phone.is_some(), new.fields.address.is_some());
                audit::record_one(conn, viewer, PersonalDataAction::Create, member.id, &fields, now).await?;
                Ok(member)
            })
            .await
        })
        .await
    }

    /// Corrects a member. ADMIN anywhere; OFFICER in its own kelurahan. A new NIK is checked as
    /// in `addMember` (DUPLICATE_NIK or NIK_NEEDS_REVIEW).
    async fn update_member(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The member to correct and the fields to change.")] input: UpdateMemberInput,
    ) -> async_graphql::Result<UpdateMemberPayload> {
        guarded_payload(ctx, Viewer::require_any_registry_write, async |conn, viewer| {
            let (member, group) = writable_member(conn, viewer, "id", &input.id).await?;
            let mut errors = UserErrors::default();
            let full_name =
                input.full_name.as_deref().and_then(|n| errors.check("fullName", validate::required_text(n, MAX_NAME)));
            // The NIK and the gender must agree whichever of them changes.
            let gender = input.gender.unwrap_or(member.fields.gender);
            let nik = if input.nik.is_some() || input.gender.is_some() {
                check_nik_and_gender(&mut errors, input.nik.as_deref().unwrap_or(&member.fields.nik), gender)
            } else {
                None
            };
            let phone = optional_change(&mut errors, &input.phone, check_phone);
            let address = optional_change(&mut errors, &input.address, |errors, address| {
                errors.check("address", validate::required_text(address, MAX_ADDRESS))
            });
            errors.into_result()?;
            let changes = MemberChanges {
                full_name,
                nik: nik.filter(|n| *n != member.fields.nik),
                gender: input.gender,
                role: input.role,
                phone,
                address,
                updated_at: Some(clock::now_utc()),
            };
            let now = clock::now_utc();
            conn.transaction(async |conn| {
                groups::lock(conn, group.id, now).await?;
                check_registry_rules(conn, viewer, &group, Some(member.id), changes.nik.as_deref(), input.role).await?;
                let updated = model::update(conn, member.id, &changes).await.map_err(unique_violation(viewer))?;
                let fields = personal_fields(changes.nik.is_some(), changes.phone.is_some(), changes.address.is_some());
                if !fields.is_empty() {
                    audit::record_one(conn, viewer, PersonalDataAction::Change, member.id, &fields, now).await?;
                }
                if let Some(skills) = input.skills {
                    model::set_skills(conn, member.id, &skills).await?;
                }
                Ok(updated)
            })
            .await
        })
        .await
    }

    /// Removes a member and all their personal data, their closed financing applications
    /// included. Refused (OPEN_FINANCING) while an application of their own can still move on:
    /// withdraw it or close it first. ADMIN anywhere; OFFICER in its own kelurahan.
    async fn remove_member(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The member to remove.")] input: RemoveMemberInput,
    ) -> async_graphql::Result<RemoveMemberPayload> {
        guarded_payload(ctx, Viewer::require_any_registry_write, async |conn, viewer| {
            let (member, group) = writable_member(conn, viewer, "id", &input.id).await?;
            let now = clock::now_utc();
            conn.transaction(async |conn| {
                // The group, then the member, locked as a financing submission locks them: of a
                // removal and a concurrent application of the member, one waits for the other
                // and then sees its outcome (the application, refused below; or the member gone).
                groups::lock(conn, group.id, now).await?;
                if model::lock(conn, member.id).await?.is_none() {
                    return Err(UserError::not_found("id", Thing::Member, input.id.as_str()).into());
                }
                if financing::open_count_of_member(conn, member.id).await? > 0 {
                    return Err(UserError::at("id", Problem::OpenFinancing).into());
                }
                // Logged first: the log is written from the member's row.
                let fields = personal_fields(true, true, true);
                audit::record_one(conn, viewer, PersonalDataAction::Erase, member.id, &fields, now).await?;
                model::delete(conn, member.id).await?;
                Ok(member.id.to_global())
            })
            .await
        })
        .await
    }
}
