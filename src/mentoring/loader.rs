//! Batched loads of mentoring sessions: by id, per group, and a page (or count) per lender.

use std::collections::HashMap;

use async_graphql::dataloader::Loader;

use super::model::{self, MentoringSession};
use crate::db::page::{Page, PageRequest};
use crate::error::AppError;
use crate::graphql::loader::{DbLoader, by_shared_part, pages_of_parents};
use crate::ids::{GroupId, LenderId, MentoringSessionId};

/// The sessions of one group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SessionsOfGroup(pub GroupId);

/// A page of the sessions one lender gave.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SessionsOfLender {
    pub lender: LenderId,
    pub page: PageRequest,
}

/// How many sessions one lender gave.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SessionCountOfLender(pub LenderId);

crate::load_by_id!(MentoringSessionId => MentoringSession, model::by_ids);

crate::load_children!(SessionsOfGroup(GroupId) => MentoringSession, model::of_groups, group_id);

impl Loader<SessionsOfLender> for DbLoader {
    type Value = Page<MentoringSession>;
    type Error = async_graphql::Error;

    async fn load(
        &self,
        keys: &[SessionsOfLender],
    ) -> Result<HashMap<SessionsOfLender, Page<MentoringSession>>, Self::Error> {
        let mut conn = self.conn().await?;
        let mut pages = HashMap::new();
        for (page, lenders) in by_shared_part(keys, |k| (k.page, k.lender)) {
            let rows = model::pages_per_lender(&mut conn, &lenders, &page).await.map_err(AppError::from)?;
            for (lender, rows) in pages_of_parents(&lenders, rows, |row| row.lender_id, &page) {
                pages.insert(SessionsOfLender { lender, page }, rows);
            }
        }
        Ok(pages)
    }
}

impl Loader<SessionCountOfLender> for DbLoader {
    type Value = i64;
    type Error = async_graphql::Error;

    async fn load(&self, keys: &[SessionCountOfLender]) -> Result<HashMap<SessionCountOfLender, i64>, Self::Error> {
        let lenders: Vec<LenderId> = keys.iter().map(|k| k.0).collect();
        let found: HashMap<LenderId, i64> = model::counts_per_lender(&mut self.conn().await?, &lenders)
            .await
            .map_err(AppError::from)?
            .into_iter()
            .collect();
        Ok(keys.iter().map(|k| (*k, found.get(&k.0).copied().unwrap_or(0))).collect())
    }
}
