//! The inputs of the lender and scheme mutations and the payloads they answer with.

use async_graphql::{ID, InputObject, MaybeUndefined};

use crate::financing::lenders::model::{Lender, LenderKind, Scheme};
use crate::graphql::scalars::Rupiah;

/// A new lender.
#[derive(InputObject)]
pub struct RegisterLenderInput {
    /// Unique among lenders, e.g. "Bank Sulteng Cabang Palu".
    pub name: String,
    /// What kind of institution it is.
    pub kind: LenderKind,
    /// Its OJK licence number, where it has one.
    pub ojk_license_number: Option<String>,
    /// The office's Indonesian phone number, e.g. "0451-421234".
    pub contact_phone: Option<String>,
    /// The office's e-mail address.
    pub contact_email: Option<String>,
    /// The office's address.
    pub address: Option<String>,
}

crate::mutation_payload! {
    /// The registered lender, or why it was not registered.
    RegisterLenderPayload {
        /// The new lender; null when refused.
        lender: Lender,
        /// What was wrong with the input; empty on success.
        user_errors,
    }
}

/// Corrections to a lender. Omitted fields stay; `null` clears an optional one.
#[derive(InputObject)]
pub struct UpdateLenderInput {
    /// The lender to correct.
    pub id: ID,
    /// A new name, unique among lenders.
    pub name: Option<String>,
    /// A new kind.
    pub kind: Option<LenderKind>,
    /// A new OJK licence number; null clears it.
    pub ojk_license_number: MaybeUndefined<String>,
    /// A new phone number; null clears it.
    pub contact_phone: MaybeUndefined<String>,
    /// A new e-mail address; null clears it.
    pub contact_email: MaybeUndefined<String>,
    /// A new address; null clears it.
    pub address: MaybeUndefined<String>,
}

crate::mutation_payload! {
    /// The corrected lender, or why it was not changed.
    UpdateLenderPayload {
        /// The lender as it now stands; null when refused.
        lender: Lender,
        /// What was wrong with the input; empty on success.
        user_errors,
    }
}

/// A new financing scheme of a lender.
#[derive(InputObject)]
pub struct AddFinancingSchemeInput {
    /// The lender offering it.
    pub lender_id: ID,
    /// Unique among the lender's schemes, e.g. "KUR Mikro".
    pub name: String,
    /// The smallest amount one may apply for, in whole rupiah; at least 1 (INVALID_RANGE).
    pub min_amount: Rupiah,
    /// The largest amount one may apply for, in whole rupiah; at least `minAmount`
    /// (INVALID_RANGE).
    pub max_amount: Rupiah,
    /// Interest a year in percent, 0 to 100 with at most two decimals.
    pub annual_rate_percent: f64,
    /// The longest term in months, 1 to 360.
    pub max_tenor_months: i32,
    /// Whether groups may apply, not only members.
    pub accepts_groups: bool,
    /// Whether it takes applications from now on.
    #[graphql(default = true)]
    pub active: bool,
}

crate::mutation_payload! {
    /// The added scheme, or why it was not added.
    AddFinancingSchemePayload {
        /// The new scheme; null when refused.
        scheme: Scheme,
        /// What was wrong with the input; empty on success.
        user_errors,
    }
}

/// Changes to a scheme; omitted fields stay. `active: false` deactivates it: it takes no new
/// applications, and those already made carry on.
#[derive(InputObject)]
pub struct UpdateFinancingSchemeInput {
    /// The scheme to change.
    pub id: ID,
    /// A new name, unique among the lender's schemes.
    pub name: Option<String>,
    /// A new smallest amount.
    pub min_amount: Option<Rupiah>,
    /// A new largest amount.
    pub max_amount: Option<Rupiah>,
    /// A new yearly rate in percent.
    pub annual_rate_percent: Option<f64>,
    /// A new longest term in months.
    pub max_tenor_months: Option<i32>,
    /// Whether groups may apply.
    pub accepts_groups: Option<bool>,
    /// false deactivates the scheme, true reactivates it.
    pub active: Option<bool>,
}

crate::mutation_payload! {
    /// The changed scheme, or why it was not changed.
    UpdateFinancingSchemePayload {
        /// The scheme as it now stands; null when refused.
        scheme: Scheme,
        /// What was wrong with the input; empty on success.
        user_errors,
    }
}
