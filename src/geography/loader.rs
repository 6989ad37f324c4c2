//! Batched loads of geography for the request's DataLoader.

use std::collections::HashMap;

use async_graphql::dataloader::Loader;

use super::model::{self, Kecamatan, Kelurahan};
use crate::error::AppError;
use crate::graphql::loader::DbLoader;
use crate::ids::{KecamatanId, KelurahanId};

/// The kelurahan of one kecamatan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct KelurahansOfKecamatan(pub KecamatanId);

impl Loader<KecamatanId> for DbLoader {
    type Value = Kecamatan;
    type Error = async_graphql::Error;

    async fn load(&self, ids: &[KecamatanId]) -> Result<HashMap<KecamatanId, Kecamatan>, Self::Error> {
        let rows = model::kecamatans_by_ids(&mut self.conn().await?, ids).await.map_err(AppError::from)?;
        Ok(rows.into_iter().map(|row| (row.id, row)).collect())
    }
}

impl Loader<KelurahanId> for DbLoader {
    type Value = Kelurahan;
    type Error = async_graphql::Error;

    async fn load(&self, ids: &[KelurahanId]) -> Result<HashMap<KelurahanId, Kelurahan>, Self::Error> {
        let rows = model::kelurahans_by_ids(&mut self.conn().await?, ids).await.map_err(AppError::from)?;
        Ok(rows.into_iter().map(|row| (row.id, row)).collect())
    }
}

impl Loader<KelurahansOfKecamatan> for DbLoader {
    type Value = Vec<Kelurahan>;
    type Error = async_graphql::Error;

    async fn load(
        &self,
        keys: &[KelurahansOfKecamatan],
    ) -> Result<HashMap<KelurahansOfKecamatan, Vec<Kelurahan>>, Self::Error> {
        let ids: Vec<KecamatanId> = keys.iter().map(|key| key.0).collect();
        let rows = model::kelurahans_of_kecamatans(&mut self.conn().await?, &ids).await.map_err(AppError::from)?;
        let mut lists: HashMap<KelurahansOfKecamatan, Vec<Kelurahan>> = keys.iter().map(|k| (*k, Vec::new())).collect();
        for row in rows {
            lists.entry(KelurahansOfKecamatan(row.kecamatan_id)).or_default().push(row);
        }
        Ok(lists)
    }
}
