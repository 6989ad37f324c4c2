//! The inputs of the financing application mutations and the payloads they answer with.

use async_graphql::{ID, InputObject};

use crate::financing::applications::model::{Application, ApplicationStatus};
use crate::graphql::scalars::Rupiah;

/// A financing application from a group (made by its ketua) or from a member: give exactly
/// one of `groupId` and `memberId`.
#[derive(InputObject)]
pub struct SubmitFinancingApplicationInput {
    /// The scheme applied to; it must be active, and accept groups when a group applies.
    pub scheme_id: ID,
    /// The applicant group; it must be ACTIVE and have a CHAIR, who applies for it.
    pub group_id: Option<ID>,
    /// The applicant member.
    pub member_id: Option<ID>,
    /// Inside the scheme's range.
    pub amount_requested: Rupiah,
    /// What the money is for.
    pub purpose: String,
    /// The term asked for, in months: at most the scheme's `maxTenorMonths`.
    pub tenor_months: Option<i32>,
    /// true keeps the application as a DRAFT, not yet sent to the lender; it can later be
    /// moved to SUBMITTED or WITHDRAWN.
    #[graphql(default)]
    pub draft: bool,
}

crate::mutation_payload! {
    /// The new application, or why none was made.
    SubmitFinancingApplicationPayload {
        /// The new application (SUBMITTED, or DRAFT); null when refused.
        application: Application,
        /// What was wrong with the input; empty on success.
        user_errors,
    }
}

/// A move of an application through the workflow.
#[derive(InputObject)]
pub struct MoveFinancingApplicationInput {
    /// The application to move.
    pub application_id: ID,
    /// The status to move it to; it must be a move of the workflow from its current status.
    pub to: ApplicationStatus,
    /// Required to approve, and only then: at most the amount requested, inside the scheme's range.
    pub amount_approved: Option<Rupiah>,
    /// A remark kept in the history with the move.
    pub note: Option<String>,
    /// The status the caller saw. When given and the application is no longer in it, the move
    /// is refused with a CONFLICT error, even if it would still be a valid move.
    pub expected_status: Option<ApplicationStatus>,
}

crate::mutation_payload! {
    /// The moved application, or why it did not move.
    MoveFinancingApplicationPayload {
        /// The application as it now stands; null when refused.
        application: Application,
        /// What was wrong with the input; empty on success.
        user_errors,
    }
}
