//! Batched loads of mentoring sessions: by id, per group, and a page (or count) per lender.

use super::model::{self, MentoringSession};
use crate::db::page::PageRequest;
use crate::ids::{GroupId, LenderId, MentoringSessionId};

crate::id_keys! {
    /// The sessions of one group.
    SessionsOfGroup(GroupId);
    /// How many sessions one lender gave.
    SessionCountOfLender(LenderId);
}

/// A page of the sessions one lender gave.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SessionsOfLender {
    pub lender: LenderId,
    pub page: PageRequest,
}

crate::load_by_id!(MentoringSessionId => MentoringSession, model::by_ids);

crate::load_children!(SessionsOfGroup(GroupId) => MentoringSession, model::of_groups, fields.group_id);

crate::load_pages!(SessionsOfLender { lender } => MentoringSession, model::pages_per_lender, |row: &MentoringSession| row.fields.lender_id);

crate::load_counts!(SessionCountOfLender(LenderId), model::counts_per_lender);
