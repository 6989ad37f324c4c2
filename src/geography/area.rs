//! An area whose public figures are counted: a kelurahan or a whole kecamatan. Loader keys
//! carry an [`Area`], so one figure type serves both levels, each level counted by its own
//! GROUP BY (never by adding kelurahan rows up in Rust).

use std::collections::HashMap;

use crate::ids::{KecamatanId, KelurahanId};

/// A kelurahan or a kecamatan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Area {
    Kelurahan(KelurahanId),
    Kecamatan(KecamatanId),
}

/// Which level an [`Area`] is at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AreaLevel {
    Kelurahan,
    Kecamatan,
}

impl AreaLevel {
    /// The column naming a row's area at this level, in a query joined with `kelurahans`.
    pub fn column(self) -> &'static str {
        match self {
            AreaLevel::Kelurahan => "kelurahans.id",
            AreaLevel::Kecamatan => "kelurahans.kecamatan_id",
        }
    }

    fn area(self, id: i64) -> Area {
        match self {
            AreaLevel::Kelurahan => Area::Kelurahan(KelurahanId(id)),
            AreaLevel::Kecamatan => Area::Kecamatan(KecamatanId(id)),
        }
    }
}

impl Area {
    pub fn level(self) -> AreaLevel {
        match self {
            Area::Kelurahan(_) => AreaLevel::Kelurahan,
            Area::Kecamatan(_) => AreaLevel::Kecamatan,
        }
    }

    pub fn id(self) -> i64 {
        match self {
            Area::Kelurahan(id) => id.0,
            Area::Kecamatan(id) => id.0,
        }
    }
}

/// The ids of `areas` per level, so that each level costs one grouped statement.
pub fn by_level(areas: impl IntoIterator<Item = Area>) -> HashMap<AreaLevel, Vec<i64>> {
    let mut levels: HashMap<AreaLevel, Vec<i64>> = HashMap::new();
    for area in areas {
        levels.entry(area.level()).or_default().push(area.id());
    }
    levels
}

/// The figures of each of `ids` (areas of `level`) from the rows of a grouped statement,
/// (area id, figures): the default for an area without rows.
pub fn per_area<V: Default>(level: AreaLevel, ids: Vec<i64>, rows: Vec<(i64, V)>) -> impl Iterator<Item = (Area, V)> {
    let mut found: HashMap<i64, V> = rows.into_iter().collect();
    ids.into_iter().map(move |id| (level.area(id), found.remove(&id).unwrap_or_default()))
}
