//! Batched loads of aid.

use std::collections::HashMap;

use async_graphql::dataloader::Loader;

use super::model::{self, AidFigures, AidProgram, Allocation, AllocationItem, MonitoringVisit};
use crate::error::AppError;
use crate::graphql::loader::{DbLoader, by_shared_part, grouped};
use crate::ids::{AidProgramId, AllocationId, GroupId, KelurahanId};

/// The allocations of one programme, narrowed to some kelurahan for an OFFICER.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct AllocationsOfProgram {
    pub program: AidProgramId,
    pub kelurahans: Option<Vec<KelurahanId>>,
}

/// The allocations to one group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct AllocationsOfGroup(pub GroupId);

/// The items of one allocation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ItemsOf(pub AllocationId);

/// The monitoring visits of one allocation, newest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct VisitsOf(pub AllocationId);

/// The figures of one programme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ProgramFigures(pub AidProgramId);

/// The aid figures of one kelurahan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct KelurahanAidFigures(pub KelurahanId);

fn err(error: diesel::result::Error) -> async_graphql::Error {
    AppError::from(error).into()
}

impl Loader<AidProgramId> for DbLoader {
    type Value = AidProgram;
    type Error = async_graphql::Error;

    async fn load(&self, ids: &[AidProgramId]) -> Result<HashMap<AidProgramId, AidProgram>, Self::Error> {
        let rows = model::programs_by_ids(&mut self.conn().await?, ids).await.map_err(err)?;
        Ok(rows.into_iter().map(|row| (row.id, row)).collect())
    }
}

impl Loader<AllocationId> for DbLoader {
    type Value = Allocation;
    type Error = async_graphql::Error;

    async fn load(&self, ids: &[AllocationId]) -> Result<HashMap<AllocationId, Allocation>, Self::Error> {
        let rows = model::allocations_by_ids(&mut self.conn().await?, ids).await.map_err(err)?;
        Ok(rows.into_iter().map(|row| (row.id, row)).collect())
    }
}

impl Loader<AllocationsOfProgram> for DbLoader {
    type Value = Vec<Allocation>;
    type Error = async_graphql::Error;

    async fn load(
        &self,
        keys: &[AllocationsOfProgram],
    ) -> Result<HashMap<AllocationsOfProgram, Vec<Allocation>>, Self::Error> {
        let mut conn = self.conn().await?;
        let mut lists = HashMap::new();
        for (kelurahans, programs) in by_shared_part(keys, |k| (k.kelurahans.clone(), k.program)) {
            let rows =
                model::allocations_of_programs(&mut conn, &programs, kelurahans.as_deref()).await.map_err(err)?;
            for (program, rows) in grouped(&programs, rows, |row| row.program_id) {
                lists.insert(AllocationsOfProgram { program, kelurahans: kelurahans.clone() }, rows);
            }
        }
        Ok(lists)
    }
}

impl Loader<AllocationsOfGroup> for DbLoader {
    type Value = Vec<Allocation>;
    type Error = async_graphql::Error;

    async fn load(
        &self,
        keys: &[AllocationsOfGroup],
    ) -> Result<HashMap<AllocationsOfGroup, Vec<Allocation>>, Self::Error> {
        let groups: Vec<GroupId> = keys.iter().map(|k| k.0).collect();
        let rows = model::allocations_of_groups(&mut self.conn().await?, &groups).await.map_err(err)?;
        Ok(grouped(keys, rows, |row| AllocationsOfGroup(row.group_id)))
    }
}

impl Loader<ItemsOf> for DbLoader {
    type Value = Vec<AllocationItem>;
    type Error = async_graphql::Error;

    async fn load(&self, keys: &[ItemsOf]) -> Result<HashMap<ItemsOf, Vec<AllocationItem>>, Self::Error> {
        let ids: Vec<AllocationId> = keys.iter().map(|k| k.0).collect();
        let rows = model::items_of(&mut self.conn().await?, &ids).await.map_err(err)?;
        Ok(grouped(keys, rows, |row| ItemsOf(row.allocation_id)))
    }
}

impl Loader<VisitsOf> for DbLoader {
    type Value = Vec<MonitoringVisit>;
    type Error = async_graphql::Error;

    async fn load(&self, keys: &[VisitsOf]) -> Result<HashMap<VisitsOf, Vec<MonitoringVisit>>, Self::Error> {
        let ids: Vec<AllocationId> = keys.iter().map(|k| k.0).collect();
        let rows = model::visits_of(&mut self.conn().await?, &ids).await.map_err(err)?;
        Ok(grouped(keys, rows, |row| VisitsOf(row.allocation_id)))
    }
}

impl Loader<ProgramFigures> for DbLoader {
    type Value = AidFigures;
    type Error = async_graphql::Error;

    async fn load(&self, keys: &[ProgramFigures]) -> Result<HashMap<ProgramFigures, AidFigures>, Self::Error> {
        let ids: Vec<AidProgramId> = keys.iter().map(|k| k.0).collect();
        let rows = model::figures_per_program(&mut self.conn().await?, &ids).await.map_err(err)?;
        let mut figures: HashMap<ProgramFigures, AidFigures> =
            keys.iter().map(|k| (*k, AidFigures::default())).collect();
        figures.extend(rows.into_iter().map(|(id, f)| (ProgramFigures(id), f)));
        Ok(figures)
    }
}

impl Loader<KelurahanAidFigures> for DbLoader {
    type Value = AidFigures;
    type Error = async_graphql::Error;

    async fn load(
        &self,
        keys: &[KelurahanAidFigures],
    ) -> Result<HashMap<KelurahanAidFigures, AidFigures>, Self::Error> {
        let ids: Vec<KelurahanId> = keys.iter().map(|k| k.0).collect();
        let rows = model::figures_per_kelurahan(&mut self.conn().await?, &ids).await.map_err(err)?;
        let mut figures: HashMap<KelurahanAidFigures, AidFigures> =
            keys.iter().map(|k| (*k, AidFigures::default())).collect();
        figures.extend(rows.into_iter().map(|(id, f)| (KelurahanAidFigures(id), f)));
        Ok(figures)
    }
}
