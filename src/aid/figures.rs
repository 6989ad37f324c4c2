//! Aid figures: counts and sums of allocations, grouped per programme, per area (kelurahan or
//! kecamatan) or per sector, each in one statement.

use diesel::dsl::{count_star, sql};
use diesel::expression::SqlLiteral;
use diesel::prelude::*;
use diesel::sql_types::BigInt;
use diesel_async::RunQueryDsl;

use super::model::{AllocationStatus, EquipmentState, allocated_sum};
use crate::db::schema::{aid_allocations, business_groups, kelurahans};
use crate::db::sql::{AmountSum, combine_amount_sum};
use crate::db::{DbConn, TextEnum};
use crate::db_run;
use crate::geography::AreaLevel;
use crate::ids::AidProgramId;
use crate::sector::BusinessSector;

/// Figures of a set of allocations (a programme's, an area's, a sector's).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AidFigures {
    pub allocations: i64,
    pub allocated: i128,
    pub overrides: i64,
    /// Allocations whose latest visit found the equipment idle or sold.
    pub idle_or_sold: i64,
    /// Allocations delivered (or monitored) although the group has had no mentoring session.
    pub delivered_without_mentoring: i64,
}

/// The figure columns, the same for every grouping: count, value, overrides, idle or sold,
/// delivered without mentoring.
fn figure_columns() -> (AmountSum, SqlLiteral<BigInt>, SqlLiteral<BigInt>, SqlLiteral<BigInt>) {
    (
        allocated_sum(),
        sql::<BigInt>("CAST(SUM(CASE WHEN aid_allocations.override_reason IS NOT NULL THEN 1 ELSE 0 END) AS BIGINT)"),
        sql::<BigInt>(&format!(
            "CAST(SUM(CASE WHEN (SELECT v.state FROM aid_monitoring_visits v WHERE v.allocation_id = aid_allocations.id \
             ORDER BY v.visited_on DESC, v.id DESC LIMIT 1) IN {} THEN 1 ELSE 0 END) AS BIGINT)",
            EquipmentState::sql_list(&[EquipmentState::Idle, EquipmentState::Sold]),
        )),
        sql::<BigInt>(&delivered_without_mentoring()),
    )
}

/// Delivered or monitored allocations whose group has had no mentoring session: equipment
/// handed over without accompaniment is what ended up sold before.
fn delivered_without_mentoring() -> String {
    format!(
        "CAST(SUM(CASE WHEN aid_allocations.status <> {} AND NOT EXISTS \
         (SELECT 1 FROM mentoring_sessions ms WHERE ms.group_id = aid_allocations.group_id) THEN 1 ELSE 0 END) AS BIGINT)",
        AllocationStatus::Planned.sql()
    )
}

type FigureRow<K> = (K, i64, ((i64, i64), i64, i64, i64));

fn figures<K>(
    (key, allocations, (allocated, overrides, idle_or_sold, delivered_without_mentoring)): FigureRow<K>,
) -> (K, AidFigures) {
    let allocated = combine_amount_sum(allocated);
    (key, AidFigures { allocations, allocated, overrides, idle_or_sold, delivered_without_mentoring })
}

pub async fn figures_per_program(
    conn: &mut DbConn,
    ids: &[AidProgramId],
) -> QueryResult<Vec<(AidProgramId, AidFigures)>> {
    let rows: Vec<FigureRow<AidProgramId>> = db_run!(conn: {
        aid_allocations::table
            .filter(aid_allocations::program_id.eq_any(ids))
            .group_by(aid_allocations::program_id)
            .select((aid_allocations::program_id, count_star(), figure_columns()))
            .load(conn)
            .await
    })?;
    Ok(rows.into_iter().map(figures).collect())
}

/// The figures of several areas of one level (kelurahan or kecamatan), by area id, in one
/// grouped statement.
pub async fn figures_per_area(conn: &mut DbConn, level: AreaLevel, ids: &[i64]) -> QueryResult<Vec<(i64, AidFigures)>> {
    let area = || sql::<BigInt>(level.column());
    let rows: Vec<FigureRow<i64>> = db_run!(conn: {
        aid_allocations::table
            .inner_join(business_groups::table.inner_join(kelurahans::table))
            .filter(area().eq_any(ids))
            .group_by(area())
            .select((area(), count_star(), figure_columns()))
            .load(conn)
            .await
    })?;
    Ok(rows.into_iter().map(figures).collect())
}

/// The figures of every sector aid was allocated for (the allocation's sector), city-wide, in
/// one grouped statement.
pub async fn figures_per_sector(conn: &mut DbConn) -> QueryResult<Vec<(BusinessSector, AidFigures)>> {
    let rows: Vec<FigureRow<BusinessSector>> = db_run!(conn: {
        aid_allocations::table
            .group_by(aid_allocations::sector)
            .select((aid_allocations::sector, count_star(), figure_columns()))
            .order(aid_allocations::sector)
            .load(conn)
            .await
    })?;
    Ok(rows.into_iter().map(figures).collect())
}
