//! A Dinas Sosial equipment programme with allocations in every state.

use chrono::{Datelike, NaiveDateTime};

use super::LABEL;
use crate::aid::model::{
    self as aid, AidKind, AllocationFields, AllocationItem, AllocationStatus, EquipmentState, MonitoringVisit,
    NewAllocation, NewProgram, ProgramFields,
};
use crate::clock;
use crate::db::DbConn;
use crate::error::AppResult;
use crate::groups::model::Group;
use crate::ids::AllocationId;
use crate::sector::BusinessSector;

/// An equipment programme of Dinas Sosial with allocations in every state: delivered and in
/// use, one an ADMIN allowed against the sector guard, one found sold, one still planned.
pub(super) async fn add_aid(conn: &mut DbConn, groups: &[Group], now: NaiveDateTime) -> AppResult<()> {
    let today = clock::today();
    let program = aid::insert_program(
        conn,
        &NewProgram {
            fields: ProgramFields {
                name: format!("{LABEL} Bantuan Peralatan Usaha {}", today.year()),
                agency: "Dinas Sosial Kota Palu".into(),
                year: today.year(),
                kind: AidKind::Equipment,
                budget: 500_000_000,
            },
            created_at: now,
            updated_at: now,
        },
    )
    .await?;
    let cases: [(usize, Option<&str>, Option<EquipmentState>); 4] = [
        (0, None, Some(EquipmentState::InUse)),
        (1, Some("the group's members are moving into food processing with a trainer from the Dinas"), None),
        (2, None, Some(EquipmentState::Sold)),
        (3, None, None),
    ];
    for (index, override_reason, found) in cases {
        let Some(group) = groups.get(index * 7) else { continue };
        // The overridden one serves a trade that is not the group's.
        let sector = if override_reason.is_some() && group.fields.sector != BusinessSector::Craft {
            BusinessSector::Craft
        } else {
            group.fields.sector
        };
        let items = [AllocationItem {
            allocation_id: AllocationId(0),
            name: format!("{LABEL} Peralatan {}", sector.as_str()),
            quantity: 2,
            unit_value: 7_500_000,
        }];
        let allocation = aid::insert_allocation(
            conn,
            &NewAllocation {
                fields: AllocationFields {
                    program_id: program.id,
                    group_id: group.id,
                    sector,
                    value: 15_000_000,
                    mentor: Some(format!("{LABEL} Pendamping Dinas Sosial")),
                    status: AllocationStatus::Planned,
                    override_reason: override_reason.map(|r| format!("{LABEL} {r}")),
                },
                created_at: now,
                updated_at: now,
            },
            &items,
        )
        .await?;
        if let Some(state) = found {
            deliver_and_monitor(conn, allocation.id, state, now).await?;
        }
    }
    Ok(())
}

/// Delivers an allocation 60 days ago and records a monitoring visit 10 days ago that found
/// the equipment in `state`.
async fn deliver_and_monitor(
    conn: &mut DbConn,
    allocation: AllocationId,
    state: EquipmentState,
    now: NaiveDateTime,
) -> AppResult<()> {
    let today = clock::today();
    let days_ago = |n: i64| today - chrono::Duration::days(n);
    aid::move_allocation(
        conn,
        allocation,
        AllocationStatus::Planned,
        AllocationStatus::Delivered,
        None,
        Some(days_ago(60)),
        now,
    )
    .await?;
    let visit = MonitoringVisit {
        allocation_id: allocation,
        visited_on: days_ago(10),
        state,
        notes: Some(format!("{LABEL} kunjungan monitoring")),
        recorded_by: format!("{LABEL} Fasilitator"),
    };
    aid::insert_visit(conn, &visit, now).await?;
    aid::move_allocation(conn, allocation, AllocationStatus::Delivered, AllocationStatus::Monitored, None, None, now)
        .await?;
    Ok(())
}
