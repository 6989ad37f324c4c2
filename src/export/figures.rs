//! The public figures of every kelurahan or every kecamatan of Palu in one CSV: the figures
//! `Kelurahan`/`Kecamatan` expose in the schema (active groups, products, ready products,
//! readiness gaps, aid), one row per area in order of code, each figure counted in SQL per
//! level by the same model functions the schema uses (at most five statements in all).

use std::collections::HashMap;

use async_graphql::resolver_utils::EnumType;

use super::format::CsvFormat;
use crate::aid::figures::{self as aid, AidFigures};
use crate::db::DbConn;
use crate::error::AppResult;
use crate::geography::AreaLevel;
use crate::geography::model::{self as geography, Kecamatan};
use crate::groups::model::{self as groups, GroupFilter, GroupStatus};
use crate::products::readiness::{ALL_GAPS, ProductStats, ReadinessGapCode, stats_per_area};

/// The columns naming a kelurahan row, before the figures.
const KELURAHAN_COLUMNS: [&str; 5] =
    ["kecamatan_code", "kecamatan_name", "kelurahan_code", "kelurahan_name", "group_target"];

/// The columns naming a kecamatan row, before the figures.
const KECAMATAN_COLUMNS: [&str; 2] = ["kecamatan_code", "kecamatan_name"];

/// The figures before the gaps.
const COUNT_COLUMNS: [&str; 3] = ["active_groups", "products", "ready_products"];

/// The aid figures, after the gaps.
const AID_COLUMNS: [&str; 5] =
    ["aid_allocations", "aid_allocated_rupiah", "aid_overrides", "aid_idle_or_sold", "aid_delivered_without_mentoring"];

/// The header of a file of `level`: the area, the counts, `gap_<code>` for every readiness
/// gap (how many products have it today), and the aid.
pub fn columns(level: AreaLevel) -> Vec<String> {
    let area: &[&str] = match level {
        AreaLevel::Kelurahan => &KELURAHAN_COLUMNS,
        AreaLevel::Kecamatan => &KECAMATAN_COLUMNS,
    };
    let gaps = ALL_GAPS.iter().map(|&gap| format!("gap_{}", gap_name(gap).to_lowercase()));
    let names = area.iter().chain(&COUNT_COLUMNS).map(|c| c.to_string());
    names.chain(gaps).chain(AID_COLUMNS.iter().map(|c| c.to_string())).collect()
}

/// A gap's name in the schema, e.g. "MISSING_HALAL".
fn gap_name(gap: ReadinessGapCode) -> &'static str {
    ReadinessGapCode::items().iter().find(|item| item.value == gap).map_or("UNKNOWN", |item| item.name)
}

/// The figures of one area, after its naming columns.
fn figure_cells(active_groups: i64, stats: &ProductStats, aid: &AidFigures) -> Vec<String> {
    let counts = [active_groups, stats.products, stats.ready].into_iter().chain(stats.gaps);
    let aid = [
        aid.allocations.to_string(),
        aid.allocated.to_string(),
        aid.overrides.to_string(),
        aid.idle_or_sold.to_string(),
        aid.delivered_without_mentoring.to_string(),
    ];
    counts.map(|n| n.to_string()).chain(aid).collect()
}

/// The whole file, for every area of `level`.
pub async fn figures_csv(conn: &mut DbConn, level: AreaLevel, format: CsvFormat) -> AppResult<Vec<u8>> {
    let kecamatans = geography::all_kecamatans(conn).await?;
    let (ids, names): (Vec<i64>, Vec<Vec<String>>) = match level {
        AreaLevel::Kecamatan => kecamatans.iter().map(|k| (k.id.0, vec![k.code.clone(), k.name.clone()])).unzip(),
        AreaLevel::Kelurahan => {
            let by_id: HashMap<_, &Kecamatan> = kecamatans.iter().map(|k| (k.id, k)).collect();
            let ids: Vec<_> = kecamatans.iter().map(|k| k.id).collect();
            let kelurahans = geography::kelurahans_of_kecamatans(conn, &ids).await?;
            kelurahans
                .iter()
                .filter_map(|k| by_id.get(&k.kecamatan_id).map(|kecamatan| (k, kecamatan)))
                .map(|(k, kecamatan)| {
                    let target = k.group_target.to_string();
                    (
                        k.id.0,
                        vec![kecamatan.code.clone(), kecamatan.name.clone(), k.code.clone(), k.name.clone(), target],
                    )
                })
                .unzip()
        }
    };
    let active = GroupFilter { statuses: Some(vec![GroupStatus::Active]), ..GroupFilter::default() };
    let groups: HashMap<i64, i64> = groups::counts_per_area(conn, level, &ids, &active).await?.into_iter().collect();
    let stats: HashMap<i64, ProductStats> =
        stats_per_area(conn, level, &ids, crate::clock::today()).await?.into_iter().collect();
    let aid: HashMap<i64, AidFigures> = aid::figures_per_area(conn, level, &ids).await?.into_iter().collect();
    let rows = ids.iter().zip(names).map(|(id, mut row)| {
        let stats = stats.get(id).cloned().unwrap_or_default();
        row.extend(figure_cells(
            groups.get(id).copied().unwrap_or(0),
            &stats,
            &aid.get(id).copied().unwrap_or_default(),
        ));
        row
    });
    let mut bytes = format.preamble().to_vec();
    bytes.extend(format.write(std::iter::once(columns(level)).chain(rows))?);
    Ok(bytes)
}
