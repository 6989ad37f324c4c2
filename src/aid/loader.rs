//! Batched loads of aid.

use std::collections::HashMap;

use super::figures::{self, AidFigures};
use super::model::{self, AidProgram, Allocation, AllocationItem, MonitoringVisit};
use crate::geography::{Area, by_level, per_area};
use crate::graphql::loader::{by_shared_part, err, grouped};
use crate::ids::{AidProgramId, AllocationId, GroupId, KelurahanId};

/// The allocations of one programme, narrowed to some kelurahan for an OFFICER.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct AllocationsOfProgram {
    pub program: AidProgramId,
    pub kelurahans: Option<Vec<KelurahanId>>,
}

crate::id_keys! {
    /// The allocations to one group.
    AllocationsOfGroup(GroupId);
    /// The items of one allocation.
    ItemsOf(AllocationId);
    /// The monitoring visits of one allocation, newest first.
    VisitsOf(AllocationId);
    /// The figures of one programme.
    ProgramFigures(AidProgramId);
    /// The aid figures of one kelurahan or kecamatan.
    AreaAidFigures(Area);
}

crate::load_by_id!(AidProgramId => AidProgram, model::programs_by_ids);

crate::load_by_id!(AllocationId => Allocation, model::allocations_by_ids);

crate::load_batch!(AllocationsOfProgram => Vec<Allocation>, |conn, keys| {
    let mut lists = HashMap::new();
    for (kelurahans, programs) in by_shared_part(keys, |k| (k.kelurahans.clone(), k.program)) {
        let rows =
            model::allocations_of_programs(&mut conn, &programs, kelurahans.as_deref()).await.map_err(err)?;
        for (program, rows) in grouped(&programs, rows, |row| row.fields.program_id) {
            lists.insert(AllocationsOfProgram { program, kelurahans: kelurahans.clone() }, rows);
        }
    }
    Ok(lists)
});

crate::load_children!(AllocationsOfGroup(GroupId) => Allocation, model::allocations_of_groups, fields.group_id);

crate::load_children!(ItemsOf(AllocationId) => AllocationItem, model::items_of, allocation_id);

crate::load_children!(VisitsOf(AllocationId) => MonitoringVisit, model::visits_of, allocation_id);

crate::load_batch!(ProgramFigures => AidFigures, |conn, keys| {
    let ids: Vec<AidProgramId> = keys.iter().map(|k| k.0).collect();
    let rows = figures::figures_per_program(&mut conn, &ids).await.map_err(err)?;
    let mut figures: HashMap<ProgramFigures, AidFigures> =
        keys.iter().map(|k| (*k, AidFigures::default())).collect();
    figures.extend(rows.into_iter().map(|(id, f)| (ProgramFigures(id), f)));
    Ok(figures)
});

crate::load_batch!(AreaAidFigures => AidFigures, |conn, keys| {
    let mut figures = HashMap::new();
    for (level, ids) in by_level(keys.iter().map(|k| k.0)) {
        let rows = figures::figures_per_area(&mut conn, level, &ids).await.map_err(err)?;
        figures.extend(per_area(level, ids, rows).map(|(area, f)| (AreaAidFigures(area), f)));
    }
    Ok(figures)
});
