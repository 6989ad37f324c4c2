//! Registering and correcting business groups.

use async_graphql::{Context, ID, InputObject, MaybeUndefined, Object};

use super::checks::{MAX_NAME, check_founded_on, check_nib};
use super::model::{self, Group, GroupChanges, GroupFields, GroupStatus, NewGroup, group_for_input};
use crate::access::Viewer;
use crate::clock;
use crate::geography::model as geography;
use crate::graphql::payload::guarded_payload;
use crate::graphql::scalars::{Date, Rupiah};
use crate::graphql::user_error::{Problem, UserError, UserErrors, optional_change, optional_input, value_change};
use crate::products::readiness::{self, Changed};
use crate::sector::BusinessSector;
use crate::validate;

/// A new business group.
#[derive(InputObject)]
pub struct RegisterGroupInput {
    /// Kemendagri code of the group's kelurahan, e.g. "72.71.01.1004".
    pub kelurahan_code: String,
    /// The group's name; required, at most 150 characters.
    pub name: String,
    /// The group's trade; aid is matched against it.
    pub sector: BusinessSector,
    /// The day the group was founded; optional, not after today in Palu (DATE_IN_FUTURE).
    pub founded_on: Option<Date>,
    /// Nomor Induk Berusaha: 13 digits (INVALID_NIB); optional, blank means none.
    pub nib: Option<String>,
    /// Annual turnover (hasil penjualan tahunan) the group declares, in whole rupiah (0 to
    /// 10^14; anything else is refused as BAD_USER_INPUT by the `Rupiah` type, nothing saved).
    /// Decides `scale` when given. Optional.
    pub annual_turnover: Option<Rupiah>,
    /// Business capital (modal usaha) the group declares, land and buildings excluded, in
    /// whole rupiah (0 to 10^14). Decides `scale` when no turnover is declared. Optional.
    pub business_capital: Option<Rupiah>,
}

crate::mutation_payload! {
    /// The registered group, or why it was not registered.
    RegisterGroupPayload {
        /// The group as registered (ACTIVE, with its registration number); null when `userErrors`
        /// is not empty.
        group: Group,
        /// Why the input was refused, one entry per problem; empty on success.
        user_errors,
    }
}

/// Corrections to a group. Omitted fields stay as they are; `null` clears `foundedOn`, `nib`,
/// `annualTurnover` or `businessCapital`.
#[derive(InputObject)]
pub struct UpdateGroupInput {
    /// Global id of the group to correct (NOT_FOUND when there is none).
    pub id: ID,
    /// New name; at most 150 characters.
    pub name: Option<String>,
    /// New trade.
    pub sector: Option<BusinessSector>,
    /// New status, e.g. DISSOLVED; a dissolved group takes no new members.
    pub status: Option<GroupStatus>,
    /// New founding day, not after today in Palu; `null` clears it.
    pub founded_on: MaybeUndefined<Date>,
    /// New NIB (13 digits); `null` clears it.
    pub nib: MaybeUndefined<String>,
    /// Annual turnover the group declares, in whole rupiah (0 to 10^14); `null` withdraws
    /// the declaration. The group's `scale` follows in the same write.
    pub annual_turnover: MaybeUndefined<Rupiah>,
    /// Business capital the group declares, land and buildings excluded, in whole rupiah (0
    /// to 10^14); `null` withdraws the declaration.
    pub business_capital: MaybeUndefined<Rupiah>,
}

crate::mutation_payload! {
    /// The corrected group, or why it was not changed.
    UpdateGroupPayload {
        /// The group as corrected; null when `userErrors` is not empty.
        group: Group,
        /// Why the input was refused, one entry per problem; empty on success.
        user_errors,
    }
}

#[derive(Default)]
pub struct GroupMutation;

#[Object]
impl GroupMutation {
    /// Registers a group in a kelurahan. ADMIN anywhere; OFFICER in its own kelurahan.
    async fn register_group(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The group to register and its kelurahan.")] input: RegisterGroupInput,
    ) -> async_graphql::Result<RegisterGroupPayload> {
        guarded_payload(ctx, Viewer::require_any_registry_write, async |conn, viewer| {
            let kelurahan = geography::kelurahan_by_code(conn, &input.kelurahan_code).await?.ok_or_else(|| {
                UserError::at("kelurahanCode", Problem::NoKelurahan { code: input.kelurahan_code.clone() })
            })?;
            viewer.require_registry_write(kelurahan.id)?;
            let mut errors = UserErrors::default();
            let name = errors.check("name", validate::required_text(&input.name, MAX_NAME));
            let founded_on = input.founded_on.and_then(|d| check_founded_on(&mut errors, d));
            let nib = optional_input(&mut errors, input.nib.as_deref(), check_nib);
            errors.into_result()?;
            let now = clock::now_utc();
            conn.transaction(async |conn| {
                let registration_number = model::next_registration_number(conn, kelurahan.id, &kelurahan.code).await?;
                let group = NewGroup {
                    fields: GroupFields {
                        kelurahan_id: kelurahan.id,
                        registration_number,
                        name: name.unwrap_or_default(),
                        sector: input.sector,
                        status: GroupStatus::Active,
                        founded_on,
                        nib,
                        annual_turnover: input.annual_turnover.map(Rupiah::amount),
                        business_capital: input.business_capital.map(Rupiah::amount),
                    },
                    created_at: now,
                    updated_at: now,
                };
                Ok(model::insert(conn, &group).await?)
            })
            .await
        })
        .await
    }

    /// Corrects a group's name, sector, status, founding date, NIB, or declared turnover and
    /// capital. ADMIN anywhere; OFFICER in its own kelurahan.
    async fn update_group(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The group to correct and the fields to change.")] input: UpdateGroupInput,
    ) -> async_graphql::Result<UpdateGroupPayload> {
        guarded_payload(ctx, Viewer::require_any_registry_write, async |conn, viewer| {
            let group = group_for_input(conn, "id", &input.id).await?;
            viewer.require_registry_write(group.fields.kelurahan_id)?;
            let mut errors = UserErrors::default();
            let mut changes = GroupChanges {
                name: input.name.as_deref().and_then(|n| errors.check("name", validate::required_text(n, MAX_NAME))),
                sector: input.sector,
                status: input.status,
                updated_at: Some(clock::now_utc()),
                ..GroupChanges::default()
            };
            changes.founded_on = value_change(input.founded_on, |date| check_founded_on(&mut errors, date));
            changes.nib = optional_change(&mut errors, &input.nib, check_nib);
            changes.annual_turnover = value_change(input.annual_turnover, |amount| Some(amount.amount()));
            changes.business_capital = value_change(input.business_capital, |amount| Some(amount.amount()));
            errors.into_result()?;
            // Status and NIB are inputs of the readiness of the group's products.
            Ok(conn
                .transaction(async |conn| {
                    let updated = model::update(conn, group.id, &changes).await?;
                    readiness::refresh(conn, Changed::Group(group.id)).await?;
                    diesel::QueryResult::Ok(updated)
                })
                .await?)
        })
        .await
    }
}
