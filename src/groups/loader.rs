//! Batched loads of groups: by id, a page of groups per kelurahan, a count per kelurahan or
//! kecamatan.

use std::collections::HashMap;

use super::model::{self, Group, GroupFilter};
use crate::db::page::PageRequest;
use crate::geography::{Area, by_level, per_area};
use crate::graphql::loader::{by_shared_part, err};
use crate::ids::{GroupId, KelurahanId};

/// A page of the groups of one kelurahan that match a filter.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct GroupsOf {
    pub kelurahan: KelurahanId,
    pub filter: GroupFilter,
    pub page: PageRequest,
}

/// How many groups of one kelurahan or kecamatan match a filter.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct GroupCountOf {
    pub area: Area,
    pub filter: GroupFilter,
}

crate::load_by_id!(GroupId => Group, model::by_ids);

crate::load_pages!(
    GroupsOf { kelurahan, filter } => Group,
    model::pages_per_kelurahan,
    |row: &Group| Some(row.fields.kelurahan_id)
);

crate::load_batch!(GroupCountOf => i64, |conn, keys| {
    let mut counts = HashMap::new();
    for (filter, areas) in by_shared_part(keys, |k| (k.filter.clone(), k.area)) {
        for (level, ids) in by_level(areas) {
            let rows = model::counts_per_area(&mut conn, level, &ids, &filter).await.map_err(err)?;
            let key = |area| GroupCountOf { area, filter: filter.clone() };
            counts.extend(per_area(level, ids, rows).map(|(area, n)| (key(area), n)));
        }
    }
    Ok(counts)
});
