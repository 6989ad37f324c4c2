//! Batched loads of lenders and schemes: by id, and the schemes of each lender.

use std::collections::HashMap;

use async_graphql::dataloader::Loader;

use super::model::{self, Lender, Scheme};
use crate::error::AppError;
use crate::graphql::loader::DbLoader;
use crate::ids::{LenderId, SchemeId};

/// The schemes of one lender.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SchemesOf(pub LenderId);

impl Loader<LenderId> for DbLoader {
    type Value = Lender;
    type Error = async_graphql::Error;

    async fn load(&self, ids: &[LenderId]) -> Result<HashMap<LenderId, Lender>, Self::Error> {
        let rows = model::lenders_by_ids(&mut self.conn().await?, ids).await.map_err(AppError::from)?;
        Ok(rows.into_iter().map(|row| (row.id, row)).collect())
    }
}

impl Loader<SchemeId> for DbLoader {
    type Value = Scheme;
    type Error = async_graphql::Error;

    async fn load(&self, ids: &[SchemeId]) -> Result<HashMap<SchemeId, Scheme>, Self::Error> {
        let rows = model::schemes_by_ids(&mut self.conn().await?, ids).await.map_err(AppError::from)?;
        Ok(rows.into_iter().map(|row| (row.id, row)).collect())
    }
}

impl Loader<SchemesOf> for DbLoader {
    type Value = Vec<Scheme>;
    type Error = async_graphql::Error;

    async fn load(&self, keys: &[SchemesOf]) -> Result<HashMap<SchemesOf, Vec<Scheme>>, Self::Error> {
        let ids: Vec<LenderId> = keys.iter().map(|k| k.0).collect();
        let rows = model::schemes_of_lenders(&mut self.conn().await?, &ids).await.map_err(AppError::from)?;
        let mut lists: HashMap<SchemesOf, Vec<Scheme>> = keys.iter().map(|k| (*k, Vec::new())).collect();
        for row in rows {
            lists.entry(SchemesOf(row.lender_id)).or_default().push(row);
        }
        Ok(lists)
    }
}
