//! Batched loads of groups: by id, and a page (or count) of groups per kelurahan.

use std::collections::HashMap;

use async_graphql::dataloader::Loader;

use super::model::{self, Group, GroupFilter};
use crate::db::page::{Page, PageRequest};
use crate::error::AppError;
use crate::graphql::loader::{DbLoader, by_shared_part, pages_of_parents};
use crate::ids::{GroupId, KelurahanId};

/// A page of the groups of one kelurahan that match a filter.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct GroupsOf {
    pub kelurahan: KelurahanId,
    pub filter: GroupFilter,
    pub page: PageRequest,
}

/// How many groups of one kelurahan match a filter.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct GroupCountOf {
    pub kelurahan: KelurahanId,
    pub filter: GroupFilter,
}

crate::load_by_id!(GroupId => Group, model::by_ids);

impl Loader<GroupsOf> for DbLoader {
    type Value = Page<Group>;
    type Error = async_graphql::Error;

    async fn load(&self, keys: &[GroupsOf]) -> Result<HashMap<GroupsOf, Page<Group>>, Self::Error> {
        let mut conn = self.conn().await?;
        let mut pages = HashMap::new();
        for ((filter, page), kelurahans) in by_shared_part(keys, |k| ((k.filter.clone(), k.page), k.kelurahan)) {
            let rows =
                model::pages_per_kelurahan(&mut conn, &kelurahans, &filter, &page).await.map_err(AppError::from)?;
            for (kelurahan, rows) in pages_of_parents(&kelurahans, rows, |row| Some(row.kelurahan_id), &page) {
                pages.insert(GroupsOf { kelurahan, filter: filter.clone(), page }, rows);
            }
        }
        Ok(pages)
    }
}

impl Loader<GroupCountOf> for DbLoader {
    type Value = i64;
    type Error = async_graphql::Error;

    async fn load(&self, keys: &[GroupCountOf]) -> Result<HashMap<GroupCountOf, i64>, Self::Error> {
        let mut conn = self.conn().await?;
        let mut counts = HashMap::new();
        for (filter, kelurahans) in by_shared_part(keys, |k| (k.filter.clone(), k.kelurahan)) {
            let found: HashMap<KelurahanId, i64> = model::counts_per_kelurahan(&mut conn, &kelurahans, &filter)
                .await
                .map_err(AppError::from)?
                .into_iter()
                .collect();
            for kelurahan in kelurahans {
                let count = found.get(&kelurahan).copied().unwrap_or(0);
                counts.insert(GroupCountOf { kelurahan, filter: filter.clone() }, count);
            }
        }
        Ok(counts)
    }
}
