//! Registering and correcting lenders, adding and changing their financing schemes.
//! Lenders are registered by Dinas staff; a lender's own token may correct it and manage its
//! schemes.

use async_graphql::{Context, ID, Object};

use super::model::{
    self, Lender, LenderChanges, LenderFields, NewLender, NewScheme, Scheme, SchemeChanges, SchemeFields,
    lender_for_input,
};
use crate::access::{Action, Viewer};
use crate::clock;
use crate::db::DbConn;
use crate::graphql::context::ContextExt;
use crate::graphql::payload::{guarded_payload, payload_with_conn};
use crate::graphql::scalars::Rupiah;
use crate::graphql::user_error::{
    MutationError, Problem, Thing, UserError, UserErrors, optional_change, optional_input,
};
use crate::ids::SchemeId;
use crate::validate;

mod inputs;
use inputs::{
    AddFinancingSchemeInput, AddFinancingSchemePayload, RegisterLenderInput, RegisterLenderPayload,
    UpdateFinancingSchemeInput, UpdateFinancingSchemePayload, UpdateLenderInput, UpdateLenderPayload,
};

const MAX_NAME: usize = 150;
const MAX_LICENSE: usize = 100;
const MAX_ADDRESS: usize = 300;
const MAX_EMAIL: usize = 254;
/// The longest term a scheme may offer: 30 years.
const MAX_TENOR_MONTHS: i32 = 360;

/// A well-formed e-mail address: one "@" between a local part and a dotted domain, no spaces.
fn check_email(errors: &mut UserErrors, email: &str) -> Option<String> {
    let email = email.trim();
    let well_formed = email.len() <= MAX_EMAIL
        && !email.chars().any(|c| c.is_whitespace() || c.is_control())
        && email.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty()
                && !domain.contains('@')
                && domain.split('.').count() >= 2
                && domain.split('.').all(|part| !part.is_empty())
        });
    if well_formed {
        Some(email.to_string())
    } else {
        errors.push(UserError::at("contactEmail", Problem::InvalidEmail));
        None
    }
}

fn check_license(errors: &mut UserErrors, license: &str) -> Option<String> {
    errors.check("ojkLicenseNumber", validate::required_text(license, MAX_LICENSE))
}

fn check_phone(errors: &mut UserErrors, phone: &str) -> Option<String> {
    errors.check("contactPhone", validate::normalize_phone(phone))
}

fn check_address(errors: &mut UserErrors, address: &str) -> Option<String> {
    errors.check("address", validate::required_text(address, MAX_ADDRESS))
}

/// A yearly rate in hundredths of a percent: 0 to 100 percent, at most two decimals.
fn check_rate(errors: &mut UserErrors, percent: f64) -> Option<i32> {
    let hundredths = (percent * 100.0).round();
    if percent.is_finite() && (0.0..=100.0).contains(&percent) && (percent * 100.0 - hundredths).abs() < 1e-6 {
        Some(hundredths as i32)
    } else {
        errors.push(UserError::at("annualRatePercent", Problem::InvalidRate));
        None
    }
}

fn check_tenor(errors: &mut UserErrors, months: i32) -> Option<i32> {
    if (1..=MAX_TENOR_MONTHS).contains(&months) {
        Some(months)
    } else {
        errors.push(UserError::at("maxTenorMonths", Problem::InvalidTenor { max: MAX_TENOR_MONTHS }));
        None
    }
}

/// The range rule: 0 < min <= max. Reported at `maxAmount` (or `minAmount` when it alone is bad).
fn check_range(errors: &mut UserErrors, min: i64, max: i64) -> bool {
    if min < 1 {
        errors.push(UserError::at("minAmount", Problem::MinAmountTooSmall));
        false
    } else if max < min {
        errors.push(UserError::at("maxAmount", Problem::MaxBelowMin));
        false
    } else {
        true
    }
}

/// Finds the scheme an input names, as a user error at `input.<field>` when there is none.
pub async fn scheme_for_input(conn: &mut DbConn, field: &str, id: &ID) -> Result<Scheme, MutationError> {
    let not_found = || UserError::not_found(field, Thing::Scheme, id.as_str());
    let id = SchemeId::from_global(id).ok_or_else(not_found)?;
    Ok(model::find_scheme(conn, id).await?.ok_or_else(not_found)?)
}

/// The lender an input names, once the caller is found to be allowed to change it.
async fn writable_lender(conn: &mut DbConn, viewer: &Viewer, field: &str, id: &ID) -> Result<Lender, MutationError> {
    let lender = lender_for_input(conn, field, id).await?;
    viewer.require_lender_write(lender.id)?;
    Ok(lender)
}

fn duplicate_name(what: Problem) -> MutationError {
    UserError::at("name", what).into()
}

/// Maps the unique-name violation of a concurrent write to the user error it means.
fn unique_violation(what: Problem) -> impl Fn(diesel::result::Error) -> MutationError {
    move |error| match error {
        diesel::result::Error::DatabaseError(diesel::result::DatabaseErrorKind::UniqueViolation, _) => {
            duplicate_name(what.clone())
        }
        other => other.into(),
    }
}

#[derive(Default)]
pub struct LenderMutation;

#[Object]
impl LenderMutation {
    /// Registers a lender. ADMIN only.
    async fn register_lender(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The lender to register.")] input: RegisterLenderInput,
    ) -> async_graphql::Result<RegisterLenderPayload> {
        ctx.viewer().require_admin(Action::RegisterLenders)?;
        payload_with_conn(ctx, async |conn| {
            let mut errors = UserErrors::default();
            let name = errors.check("name", validate::required_text(&input.name, MAX_NAME));
            let license = optional_input(&mut errors, input.ojk_license_number.as_deref(), check_license);
            let phone = optional_input(&mut errors, input.contact_phone.as_deref(), check_phone);
            let email = optional_input(&mut errors, input.contact_email.as_deref(), check_email);
            let address = optional_input(&mut errors, input.address.as_deref(), check_address);
            errors.into_result()?;
            let name = name.unwrap_or_default();
            if model::lender_id_by_name(conn, &name).await?.is_some() {
                return Err(duplicate_name(Problem::DuplicateLenderName));
            }
            let now = clock::now_utc();
            let new = NewLender {
                fields: LenderFields {
                    name,
                    kind: input.kind,
                    ojk_license_number: license,
                    contact_phone: phone,
                    contact_email: email,
                    address,
                },
                created_at: now,
                updated_at: now,
            };
            model::insert_lender(conn, &new).await.map_err(unique_violation(Problem::DuplicateLenderName))
        })
        .await
    }

    /// Corrects a lender. ADMIN, or the lender's own LENDER token.
    async fn update_lender(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The lender to correct and the fields to change.")] input: UpdateLenderInput,
    ) -> async_graphql::Result<UpdateLenderPayload> {
        guarded_payload(ctx, Viewer::require_any_lender_write, async |conn, viewer| {
            let lender = writable_lender(conn, viewer, "id", &input.id).await?;
            let mut errors = UserErrors::default();
            let changes = LenderChanges {
                name: input.name.as_deref().and_then(|n| errors.check("name", validate::required_text(n, MAX_NAME))),
                kind: input.kind,
                ojk_license_number: optional_change(&mut errors, &input.ojk_license_number, check_license),
                contact_phone: optional_change(&mut errors, &input.contact_phone, check_phone),
                contact_email: optional_change(&mut errors, &input.contact_email, check_email),
                address: optional_change(&mut errors, &input.address, check_address),
                updated_at: Some(clock::now_utc()),
            };
            errors.into_result()?;
            if let Some(name) = &changes.name
                && model::lender_id_by_name(conn, name).await?.is_some_and(|holder| holder != lender.id)
            {
                return Err(duplicate_name(Problem::DuplicateLenderName));
            }
            model::update_lender(conn, lender.id, &changes)
                .await
                .map_err(unique_violation(Problem::DuplicateLenderName))
        })
        .await
    }

    /// Adds a financing scheme to a lender. ADMIN, or the lender's own LENDER token.
    async fn add_financing_scheme(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The lender and the scheme to add to it.")] input: AddFinancingSchemeInput,
    ) -> async_graphql::Result<AddFinancingSchemePayload> {
        guarded_payload(ctx, Viewer::require_any_lender_write, async |conn, viewer| {
            let lender = writable_lender(conn, viewer, "lenderId", &input.lender_id).await?;
            let mut errors = UserErrors::default();
            let name = errors.check("name", validate::required_text(&input.name, MAX_NAME));
            check_range(&mut errors, input.min_amount.amount(), input.max_amount.amount());
            let rate = check_rate(&mut errors, input.annual_rate_percent);
            let tenor = check_tenor(&mut errors, input.max_tenor_months);
            errors.into_result()?;
            let name = name.unwrap_or_default();
            if model::scheme_id_by_name(conn, lender.id, &name).await?.is_some() {
                return Err(duplicate_name(Problem::DuplicateSchemeName));
            }
            let now = clock::now_utc();
            let new = NewScheme {
                fields: SchemeFields {
                    lender_id: lender.id,
                    name,
                    min_amount: input.min_amount.amount(),
                    max_amount: input.max_amount.amount(),
                    annual_rate_bp: rate.unwrap_or_default(),
                    max_tenor_months: tenor.unwrap_or_default(),
                    accepts_groups: input.accepts_groups,
                    active: input.active,
                },
                created_at: now,
                updated_at: now,
            };
            model::insert_scheme(conn, &new).await.map_err(unique_violation(Problem::DuplicateSchemeName))
        })
        .await
    }

    /// Changes a financing scheme, or deactivates it with `active: false`. ADMIN, or the
    /// lender's own LENDER token.
    async fn update_financing_scheme(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The scheme to change and the fields to change.")] input: UpdateFinancingSchemeInput,
    ) -> async_graphql::Result<UpdateFinancingSchemePayload> {
        guarded_payload(ctx, Viewer::require_any_lender_write, async |conn, viewer| {
            let scheme = scheme_for_input(conn, "id", &input.id).await?;
            viewer.require_lender_write(scheme.fields.lender_id)?;
            let mut errors = UserErrors::default();
            let name = input.name.as_deref().and_then(|n| errors.check("name", validate::required_text(n, MAX_NAME)));
            let (min, max) = (input.min_amount.map(Rupiah::amount), input.max_amount.map(Rupiah::amount));
            let changes = SchemeChanges {
                name,
                min_amount: min,
                max_amount: max,
                annual_rate_bp: input.annual_rate_percent.and_then(|r| check_rate(&mut errors, r)),
                max_tenor_months: input.max_tenor_months.and_then(|t| check_tenor(&mut errors, t)),
                accepts_groups: input.accepts_groups,
                active: input.active,
                updated_at: Some(clock::now_utc()),
            };
            conn.transaction(async |conn| {
                // The range is checked against the scheme as it stands once locked: a
                // concurrent change of the other bound cannot make min exceed max.
                let scheme = model::lock_scheme(conn, scheme.id)
                    .await?
                    .ok_or_else(|| UserError::not_found("id", Thing::Scheme, input.id.as_str()))?;
                if min.is_some() || max.is_some() {
                    check_range(
                        &mut errors,
                        min.unwrap_or(scheme.fields.min_amount),
                        max.unwrap_or(scheme.fields.max_amount),
                    );
                }
                errors.into_result()?;
                if let Some(name) = &changes.name
                    && model::scheme_id_by_name(conn, scheme.fields.lender_id, name)
                        .await?
                        .is_some_and(|holder| holder != scheme.id)
                {
                    return Err(duplicate_name(Problem::DuplicateSchemeName));
                }
                model::update_scheme(conn, scheme.id, &changes)
                    .await
                    .map_err(unique_violation(Problem::DuplicateSchemeName))
            })
            .await
        })
        .await
    }
}
