//! Batched loads of members: by id, a page (or count) of members per group, skills.

use std::collections::HashMap;

use async_graphql::dataloader::Loader;

use super::model::{self, Member};
use crate::db::page::{Page, PageRequest};
use crate::error::AppError;
use crate::graphql::loader::{DbLoader, by_shared_part, pages_of_parents};
use crate::ids::{GroupId, MemberId};
use crate::sector::BusinessSector;

/// A page of the members of one group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct MembersOf {
    pub group: GroupId,
    pub page: PageRequest,
}

/// How many members one group has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct MemberCountOf(pub GroupId);

/// The skills of one member.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SkillsOf(pub MemberId);

crate::load_by_id!(MemberId => Member, model::by_ids);

impl Loader<MembersOf> for DbLoader {
    type Value = Page<Member>;
    type Error = async_graphql::Error;

    async fn load(&self, keys: &[MembersOf]) -> Result<HashMap<MembersOf, Page<Member>>, Self::Error> {
        let mut conn = self.conn().await?;
        let mut pages = HashMap::new();
        for (page, groups) in by_shared_part(keys, |k| (k.page, k.group)) {
            let rows = model::pages_per_group(&mut conn, &groups, &page).await.map_err(AppError::from)?;
            for (group, rows) in pages_of_parents(&groups, rows, |row| Some(row.group_id), &page) {
                pages.insert(MembersOf { group, page }, rows);
            }
        }
        Ok(pages)
    }
}

impl Loader<MemberCountOf> for DbLoader {
    type Value = i64;
    type Error = async_graphql::Error;

    async fn load(&self, keys: &[MemberCountOf]) -> Result<HashMap<MemberCountOf, i64>, Self::Error> {
        let groups: Vec<GroupId> = keys.iter().map(|k| k.0).collect();
        let found: HashMap<GroupId, i64> = model::counts_per_group(&mut self.conn().await?, &groups)
            .await
            .map_err(AppError::from)?
            .into_iter()
            .collect();
        Ok(keys.iter().map(|k| (*k, found.get(&k.0).copied().unwrap_or(0))).collect())
    }
}

impl Loader<SkillsOf> for DbLoader {
    type Value = Vec<BusinessSector>;
    type Error = async_graphql::Error;

    async fn load(&self, keys: &[SkillsOf]) -> Result<HashMap<SkillsOf, Vec<BusinessSector>>, Self::Error> {
        let ids: Vec<MemberId> = keys.iter().map(|k| k.0).collect();
        let rows = model::skills_of(&mut self.conn().await?, &ids).await.map_err(AppError::from)?;
        let mut skills: HashMap<SkillsOf, Vec<BusinessSector>> = keys.iter().map(|k| (*k, Vec::new())).collect();
        for (member, sector) in rows {
            skills.entry(SkillsOf(member)).or_default().push(sector);
        }
        Ok(skills)
    }
}
