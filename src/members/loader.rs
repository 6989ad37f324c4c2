//! Batched loads of members: by id, a page (or count) of members per group, skills.

use super::model::{self, Member};
use crate::db::page::PageRequest;
use crate::ids::{GroupId, MemberId};
use crate::sector::BusinessSector;

/// A page of the members of one group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct MembersOf {
    pub group: GroupId,
    pub page: PageRequest,
}

crate::id_keys! {
    /// How many members one group has.
    MemberCountOf(GroupId);
    /// The skills of one member.
    SkillsOf(MemberId);
}

crate::load_by_id!(MemberId => Member, model::by_ids);

crate::load_pages!(MembersOf { group } => Member, model::pages_per_group, |row: &Member| Some(row.fields.group_id));

crate::load_counts!(MemberCountOf(GroupId), model::counts_per_group);

crate::load_items!(SkillsOf(MemberId) => BusinessSector, model::skills_of);
