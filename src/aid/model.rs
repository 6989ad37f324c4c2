//! Aid rows and their queries, written once for both backends.

use async_graphql::Enum;
use chrono::{Datelike, NaiveDate, NaiveDateTime};
use diesel::dsl::count_star;
use diesel::prelude::*;
use diesel_async::RunQueryDsl;

use crate::db::DbConn;
use crate::db::schema::{
    aid_allocation_items, aid_allocations, aid_monitoring_visits, aid_programs, business_groups, member_skills, members,
};
use crate::db::sql::{AmountSum, amount_sum, combine_amount_sum};
use crate::db_run;
use crate::graphql::filter::NameAndDates;
use crate::ids::{AidProgramId, AllocationId, GroupId, KelurahanId};
use crate::sector::BusinessSector;

/// What a programme gives.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq, Hash, diesel::AsExpression, diesel::FromSqlRow)]
#[diesel(sql_type = diesel::sql_types::Text)]
pub enum AidKind {
    /// Tools and machines for a trade.
    Equipment,
    /// Money for working capital.
    CapitalGrant,
    /// Courses.
    Training,
}

crate::text_enum!(AidKind {
    Equipment => "EQUIPMENT",
    CapitalGrant => "CAPITAL_GRANT",
    Training => "TRAINING",
});

/// Where an allocation stands: PLANNED → DELIVERED (only with a mentor) → MONITORED.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq, Hash, diesel::AsExpression, diesel::FromSqlRow)]
#[diesel(sql_type = diesel::sql_types::Text)]
pub enum AllocationStatus {
    /// Allocated, not yet handed over.
    Planned,
    /// Handed over to the group, with a mentor; not yet visited.
    Delivered,
    /// Visited at least once after delivery.
    Monitored,
}

crate::text_enum!(AllocationStatus {
    Planned => "PLANNED",
    Delivered => "DELIVERED",
    Monitored => "MONITORED",
});

/// What a monitoring visit found the equipment doing.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq, Hash, diesel::AsExpression, diesel::FromSqlRow)]
#[diesel(sql_type = diesel::sql_types::Text)]
pub enum EquipmentState {
    /// Used for the trade it was given for.
    InUse,
    /// Not used: flagged.
    Idle,
    /// Sold off: flagged (the failure the city wants to end).
    Sold,
    /// Out of order; not flagged.
    Broken,
}

crate::text_enum!(EquipmentState {
    InUse => "IN_USE",
    Idle => "IDLE",
    Sold => "SOLD",
    Broken => "BROKEN",
});

impl EquipmentState {
    /// Findings that call for action.
    pub fn is_flagged(self) -> bool {
        matches!(self, EquipmentState::Idle | EquipmentState::Sold)
    }
}

/// An aid programme.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = aid_programs)]
pub struct AidProgram {
    pub id: AidProgramId,
    #[diesel(embed)]
    pub fields: ProgramFields,
}

/// The columns of a programme that are both read ([`AidProgram`]) and written
/// ([`NewProgram`]): one field list, so that a new column is added in one place.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = aid_programs)]
pub struct ProgramFields {
    pub name: String,
    pub agency: String,
    pub year: i32,
    pub kind: AidKind,
    pub budget: i64,
}

/// A programme's items given to a group.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = aid_allocations)]
pub struct Allocation {
    pub id: AllocationId,
    #[diesel(embed)]
    pub fields: AllocationFields,
    pub delivered_on: Option<NaiveDate>,
}

/// The columns of an allocation that are both read ([`Allocation`]) and written ([`NewAllocation`]):
/// one field list, so that a new column is added in one place.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = aid_allocations)]
pub struct AllocationFields {
    pub program_id: AidProgramId,
    pub group_id: GroupId,
    pub sector: BusinessSector,
    pub value: i64,
    pub mentor: Option<String>,
    pub status: AllocationStatus,
    pub override_reason: Option<String>,
}

/// One line of an allocation.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = aid_allocation_items)]
pub struct AllocationItem {
    pub allocation_id: AllocationId,
    pub name: String,
    pub quantity: i32,
    pub unit_value: i64,
}

/// A monitoring visit to an allocation.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = aid_monitoring_visits)]
pub struct MonitoringVisit {
    pub allocation_id: AllocationId,
    pub visited_on: NaiveDate,
    pub state: EquipmentState,
    pub notes: Option<String>,
    pub recorded_by: String,
}

pub async fn programs_by_ids(conn: &mut DbConn, ids: &[AidProgramId]) -> QueryResult<Vec<AidProgram>> {
    crate::load_where_in!(conn, aid_programs::id, ids, AidProgram)
}

/// Programmes whose name contains the search and whose year meets the criteria's days (a
/// programme runs through its year).
macro_rules! listed_programs {
    ($criteria:expr) => {{
        let criteria: &NameAndDates = $criteria;
        let mut query = crate::name_contains!(aid_programs::table.into_boxed(), aid_programs::name, &criteria.search);
        if let Some(from) = criteria.dates.from {
            query = query.filter(aid_programs::year.ge(from.year()));
        }
        if let Some(to) = criteria.dates.to {
            query = query.filter(aid_programs::year.le(to.year()));
        }
        query
    }};
}

crate::page_and_count!(
    programs_page,
    programs_count,
    |criteria: NameAndDates| listed_programs!(criteria) => AidProgram
);

pub async fn allocations_by_ids(conn: &mut DbConn, ids: &[AllocationId]) -> QueryResult<Vec<Allocation>> {
    crate::load_where_in!(conn, aid_allocations::id, ids, Allocation)
}

/// The allocations of several programmes, narrowed to groups of some kelurahan when given.
pub async fn allocations_of_programs(
    conn: &mut DbConn,
    programs: &[AidProgramId],
    kelurahans: Option<&[KelurahanId]>,
) -> QueryResult<Vec<Allocation>> {
    db_run!(conn: {
        let mut query = aid_allocations::table.filter(aid_allocations::program_id.eq_any(programs)).into_boxed();
        if let Some(kelurahans) = kelurahans {
            query = query.filter(aid_allocations::group_id.eq_any(
                business_groups::table.filter(business_groups::kelurahan_id.eq_any(kelurahans)).select(business_groups::id),
            ));
        }
        query.select(Allocation::as_select()).order(aid_allocations::id).load(conn).await
    })
}

pub async fn allocations_of_groups(conn: &mut DbConn, groups: &[GroupId]) -> QueryResult<Vec<Allocation>> {
    crate::load_where_in!(conn, aid_allocations::group_id, groups, Allocation, aid_allocations::id)
}

pub async fn items_of(conn: &mut DbConn, ids: &[AllocationId]) -> QueryResult<Vec<AllocationItem>> {
    crate::load_where_in!(conn, aid_allocation_items::allocation_id, ids, AllocationItem, aid_allocation_items::id)
}

/// The visits of several allocations, newest first.
pub async fn visits_of(conn: &mut DbConn, ids: &[AllocationId]) -> QueryResult<Vec<MonitoringVisit>> {
    crate::load_where_in!(
        conn,
        aid_monitoring_visits::allocation_id,
        ids,
        MonitoringVisit,
        (aid_monitoring_visits::visited_on.desc(), aid_monitoring_visits::id.desc())
    )
}

/// What a set of allocations is worth, in the two parts of [`amount_sum`].
pub(super) fn allocated_sum() -> AmountSum {
    amount_sum("aid_allocations.value")
}

/// What the group's members are skilled in: (sector, members with that skill), and how
/// many members the group has.
pub async fn member_skills_of(conn: &mut DbConn, group: GroupId) -> QueryResult<(Vec<(BusinessSector, i64)>, i64)> {
    let skills: Vec<(BusinessSector, i64)> = db_run!(conn: {
        member_skills::table
            .filter(member_skills::member_id.eq_any(members::table.filter(members::group_id.eq(group)).select(members::id)))
            .group_by(member_skills::sector)
            .select((member_skills::sector, count_star()))
            .order(member_skills::sector)
            .load(conn)
            .await
    })?;
    let total: i64 =
        db_run!(conn: { members::table.filter(members::group_id.eq(group)).count().get_result(conn).await })?;
    Ok((skills, total))
}

/// What a programme has allocated so far.
pub async fn allocated_of(conn: &mut DbConn, program: AidProgramId) -> QueryResult<i128> {
    let parts: (i64, i64) = db_run!(conn: {
        aid_allocations::table
            .filter(aid_allocations::program_id.eq(program))
            .select(allocated_sum())
            .get_result(conn)
            .await
    })?;
    Ok(combine_amount_sum(parts))
}

/// A programme to insert.
#[derive(Debug, Insertable)]
#[diesel(table_name = aid_programs)]
pub struct NewProgram {
    #[diesel(embed)]
    pub fields: ProgramFields,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// Changes to a programme; `None` leaves a column as it is.
#[derive(Debug, Default, AsChangeset)]
#[diesel(table_name = aid_programs)]
pub struct ProgramChanges {
    pub name: Option<String>,
    pub agency: Option<String>,
    pub year: Option<i32>,
    pub kind: Option<AidKind>,
    pub budget: Option<i64>,
    pub updated_at: Option<NaiveDateTime>,
}

pub async fn insert_program(conn: &mut DbConn, program: &NewProgram) -> QueryResult<AidProgram> {
    crate::insert_row!(conn, aid_programs, program, AidProgram)
}

pub async fn update_program(conn: &mut DbConn, id: AidProgramId, changes: &ProgramChanges) -> QueryResult<AidProgram> {
    crate::update_row!(conn, aid_programs, id, changes, AidProgram)
}

/// Touches a programme inside the caller's transaction, so that allocations against its
/// budget queue behind each other.
pub async fn lock_program(conn: &mut DbConn, id: AidProgramId, now: NaiveDateTime) -> QueryResult<Option<AidProgram>> {
    crate::update_row!(conn, aid_programs, id, aid_programs::updated_at.eq(now), AidProgram).optional()
}

/// An allocation to insert.
#[derive(Debug, Insertable)]
#[diesel(table_name = aid_allocations)]
pub struct NewAllocation {
    #[diesel(embed)]
    pub fields: AllocationFields,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

pub async fn insert_allocation(
    conn: &mut DbConn,
    allocation: &NewAllocation,
    items: &[AllocationItem],
) -> QueryResult<Allocation> {
    let allocation: Allocation = crate::insert_row!(conn, aid_allocations, allocation, Allocation)?;
    for item in items {
        db_run!(conn: {
            diesel::insert_into(aid_allocation_items::table)
                .values((
                    aid_allocation_items::allocation_id.eq(allocation.id),
                    aid_allocation_items::name.eq(&item.name),
                    aid_allocation_items::quantity.eq(item.quantity),
                    aid_allocation_items::unit_value.eq(item.unit_value),
                ))
                .execute(conn)
                .await
        })?;
    }
    Ok(allocation)
}

/// Moves an allocation from `from` to `to`, setting the mentor and delivery day when
/// given; `None` when it is no longer in `from` (a concurrent change won).
pub async fn move_allocation(
    conn: &mut DbConn,
    id: AllocationId,
    from: AllocationStatus,
    to: AllocationStatus,
    mentor: Option<&str>,
    delivered_on: Option<NaiveDate>,
    now: NaiveDateTime,
) -> QueryResult<Option<Allocation>> {
    let changes =
        (mentor.map(|m| aid_allocations::mentor.eq(m)), delivered_on.map(|d| aid_allocations::delivered_on.eq(d)));
    crate::move_row!(conn, aid_allocations, id, from => to, now, changes, Allocation)
}

pub async fn insert_visit(conn: &mut DbConn, visit: &MonitoringVisit, now: NaiveDateTime) -> QueryResult<()> {
    db_run!(conn: {
        diesel::insert_into(aid_monitoring_visits::table)
            .values((
                aid_monitoring_visits::allocation_id.eq(visit.allocation_id),
                aid_monitoring_visits::visited_on.eq(visit.visited_on),
                aid_monitoring_visits::state.eq(visit.state),
                aid_monitoring_visits::notes.eq(&visit.notes),
                aid_monitoring_visits::recorded_by.eq(&visit.recorded_by),
                aid_monitoring_visits::created_at.eq(now),
            ))
            .execute(conn)
            .await
    })?;
    Ok(())
}
