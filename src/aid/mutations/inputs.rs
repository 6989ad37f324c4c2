//! The inputs of the aid mutations and the payloads they answer with.

use async_graphql::{ID, InputObject};

use crate::aid::model::{AidKind, AidProgram, Allocation, EquipmentState};
use crate::graphql::scalars::{Date, Rupiah};
use crate::sector::BusinessSector;

/// A new aid programme.
#[derive(InputObject)]
pub struct CreateAidProgramInput {
    /// The programme's name; required, at most 150 characters.
    pub name: String,
    /// Who runs it, e.g. "Dinas Sosial Kota Palu"; required, at most 150 characters.
    pub agency: String,
    /// The budget year: from 2000 to five years after the current one (INVALID_YEAR).
    pub year: i32,
    /// What the programme gives.
    pub kind: AidKind,
    /// The budget, in whole rupiah.
    pub budget: Rupiah,
}

crate::mutation_payload! {
    /// The created programme, or why it was not created.
    CreateAidProgramPayload {
        /// The programme as created; null when `userErrors` is not empty.
        program: AidProgram,
        /// Why the input was refused, one entry per problem; empty on success.
        user_errors,
    }
}

/// Corrections to a programme; omitted fields stay.
#[derive(InputObject)]
pub struct UpdateAidProgramInput {
    /// Global id of the programme to correct (NOT_FOUND when there is none).
    pub id: ID,
    /// New name; at most 150 characters.
    pub name: Option<String>,
    /// New running agency; at most 150 characters.
    pub agency: Option<String>,
    /// New budget year, from 2000 to five years after the current one.
    pub year: Option<i32>,
    /// New kind of aid.
    pub kind: Option<AidKind>,
    /// New budget in whole rupiah; not below what is already allocated (BUDGET_EXCEEDED).
    pub budget: Option<Rupiah>,
}

crate::mutation_payload! {
    /// The corrected programme, or why it was not changed.
    UpdateAidProgramPayload {
        /// The programme as corrected; null when `userErrors` is not empty.
        program: AidProgram,
        /// Why the input was refused, one entry per problem; empty on success.
        user_errors,
    }
}

/// One line of an allocation.
#[derive(InputObject)]
pub struct AidItemInput {
    /// What the item is; required, at most 150 characters.
    pub name: String,
    /// At least 1.
    pub quantity: i32,
    /// The value of one, in whole rupiah.
    pub unit_value: Rupiah,
}

/// A programme's items for a group. The sector must be the group's own or a skill of at
/// least half of its members, unless an ADMIN gives an `overrideReason`.
#[derive(InputObject)]
pub struct AllocateAidInput {
    /// Global id of the programme (NOT_FOUND when there is none); the allocation must fit in
    /// what is left of its budget (BUDGET_EXCEEDED).
    pub program_id: ID,
    /// Global id of the receiving group (NOT_FOUND when there is none).
    pub group_id: ID,
    /// The trade the items serve.
    pub sector: BusinessSector,
    /// The items: 1 to 50 lines (INVALID_ITEMS), worth less than 2^63 rupiah together.
    pub items: Vec<AidItemInput>,
    /// Who will accompany the group with the items (at most 150 characters); optional now,
    /// needed before delivery.
    pub mentor: Option<String>,
    /// ADMIN only: why a sector outside the group's trade and its members' skills is right.
    pub override_reason: Option<String>,
}

crate::mutation_payload! {
    /// The allocation, or why it was refused.
    AllocateAidPayload {
        /// The allocation as made (PLANNED); null when `userErrors` is not empty.
        allocation: Allocation,
        /// Why the allocation was refused, one entry per problem; empty on success.
        user_errors,
    }
}

/// Hands an allocation over to the group. It needs a mentor, given here or before.
#[derive(InputObject)]
pub struct DeliverAidAllocationInput {
    /// Global id of the PLANNED allocation (NOT_FOUND when there is none).
    pub allocation_id: ID,
    /// The mentor who accompanies the group (at most 150 characters); may be omitted when one
    /// was given at allocation, else MENTOR_REQUIRED.
    pub mentor: Option<String>,
    /// Today when omitted; not in the future.
    pub delivered_on: Option<Date>,
}

crate::mutation_payload! {
    /// The delivered allocation, or why it was not delivered.
    DeliverAidAllocationPayload {
        /// The allocation as delivered; null when `userErrors` is not empty.
        allocation: Allocation,
        /// Why the delivery was refused, one entry per problem; empty on success.
        user_errors,
    }
}

/// A monitoring visit to a delivered allocation.
#[derive(InputObject)]
pub struct RecordAidMonitoringInput {
    /// Global id of the delivered allocation (NOT_FOUND when there is none; NOT_DELIVERED
    /// while it is PLANNED).
    pub allocation_id: ID,
    /// Not in the future, not before delivery.
    pub visited_on: Date,
    /// What the equipment was found doing; IDLE and SOLD flag the allocation.
    pub state: EquipmentState,
    /// What the visitor noted; optional, at most 2000 characters.
    pub notes: Option<String>,
}

crate::mutation_payload! {
    /// The allocation after the visit (flagged when the equipment was found idle or sold).
    RecordAidMonitoringPayload {
        /// The allocation after the visit; null when `userErrors` is not empty.
        allocation: Allocation,
        /// Why the visit was refused, one entry per problem; empty on success.
        user_errors,
    }
}
