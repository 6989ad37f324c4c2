//! Event rows, registrations and attendance, and their queries.

use async_graphql::Enum;
use chrono::{NaiveDate, NaiveDateTime};
use diesel::dsl::{count_star, sql};
use diesel::prelude::*;
use diesel::sql_types::BigInt;
use diesel_async::RunQueryDsl;

use crate::db::DbConn;
use crate::db::schema::{business_groups, event_attendance, event_registrations, events, members};
use crate::db_run;
use crate::graphql::filter::NameAndDates;
use crate::ids::{EventId, KelurahanId, MemberId};

/// What kind of event.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq, Hash, diesel::AsExpression, diesel::FromSqlRow)]
#[diesel(sql_type = diesel::sql_types::Text)]
pub enum EventKind {
    /// Sosialisasi, e.g. on capital and business development.
    Socialization,
    /// Pelatihan: a course in a trade, bookkeeping, marketing and the like.
    Training,
    /// Meeting buyers, lenders or retailers.
    BusinessMatching,
    /// Pameran: the groups show and sell their products.
    Exhibition,
}

crate::text_enum!(EventKind {
    Socialization => "SOCIALIZATION",
    Training => "TRAINING",
    BusinessMatching => "BUSINESS_MATCHING",
    Exhibition => "EXHIBITION",
});

/// An event.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = events)]
pub struct Event {
    pub id: EventId,
    #[diesel(embed)]
    pub fields: EventFields,
}

/// The columns of an event that are both read ([`Event`]) and written ([`NewEvent`]):
/// one field list, so that a new column is added in one place.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = events)]
pub struct EventFields {
    pub title: String,
    pub kind: EventKind,
    pub venue: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub capacity: i32,
    pub description: Option<String>,
}

/// A member registered for an event, with the kelurahan of the member's group.
#[derive(Debug, Clone, Queryable)]
pub struct Registration {
    pub event_id: EventId,
    pub member_id: MemberId,
    pub kelurahan_id: KelurahanId,
}

pub async fn by_ids(conn: &mut DbConn, ids: &[EventId]) -> QueryResult<Vec<Event>> {
    crate::load_where_in!(conn, events::id, ids, Event)
}

/// Which events a list holds.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct EventCriteria {
    /// Only those not over by this day.
    pub upcoming_from: Option<NaiveDate>,
    /// Part of the title, and the days the event starts on.
    pub title_and_start: NameAndDates,
}

macro_rules! listed_events {
    ($criteria:expr) => {{
        let criteria: &EventCriteria = $criteria;
        let mut query = events::table.into_boxed();
        if let Some(today) = criteria.upcoming_from {
            query = query.filter(events::ends_on.ge(today));
        }
        query = crate::name_contains!(query, events::title, &criteria.title_and_start.search);
        crate::in_range!(query, day events::starts_on, criteria.title_and_start.dates)
    }};
}

// The events the criteria select: a page of them, and their count.
crate::page_and_count!(page, count, |criteria: EventCriteria| listed_events!(criteria) => Event);

/// How many members registered for each of several events.
pub async fn registered_counts(conn: &mut DbConn, ids: &[EventId]) -> QueryResult<Vec<(EventId, i64)>> {
    crate::count_per_key!(conn, event_registrations::event_id, ids)
}

/// Attendance per day of several events: (event, day, members present).
pub async fn attendance_per_day(conn: &mut DbConn, ids: &[EventId]) -> QueryResult<Vec<(EventId, NaiveDate, i64)>> {
    db_run!(conn: {
        event_attendance::table
            .filter(event_attendance::event_id.eq_any(ids))
            .group_by((event_attendance::event_id, event_attendance::day))
            .select((event_attendance::event_id, event_attendance::day, count_star()))
            .order((event_attendance::event_id, event_attendance::day))
            .load(conn)
            .await
    })
}

/// Participation per kelurahan of several events: (event, kelurahan, registered, attended
/// at least one day).
pub async fn participation(conn: &mut DbConn, ids: &[EventId]) -> QueryResult<Vec<(EventId, KelurahanId, i64, i64)>> {
    let attended = sql::<BigInt>(
        "CAST(SUM(CASE WHEN EXISTS (SELECT 1 FROM event_attendance a WHERE a.event_id = event_registrations.event_id \
         AND a.member_id = event_registrations.member_id) THEN 1 ELSE 0 END) AS BIGINT)",
    );
    db_run!(conn: {
        event_registrations::table
            .inner_join(members::table.inner_join(business_groups::table))
            .filter(event_registrations::event_id.eq_any(ids))
            .group_by((event_registrations::event_id, business_groups::kelurahan_id))
            .select((event_registrations::event_id, business_groups::kelurahan_id, count_star(), attended))
            .order((event_registrations::event_id, business_groups::kelurahan_id))
            .load(conn)
            .await
    })
}

/// The registrations of several events, narrowed to members of some kelurahan when given.
pub async fn registrations_of(
    conn: &mut DbConn,
    ids: &[EventId],
    kelurahans: Option<&[KelurahanId]>,
) -> QueryResult<Vec<Registration>> {
    db_run!(conn: {
        let mut query = event_registrations::table
            .inner_join(members::table.inner_join(business_groups::table))
            .filter(event_registrations::event_id.eq_any(ids))
            .into_boxed();
        if let Some(kelurahans) = kelurahans {
            query = query.filter(business_groups::kelurahan_id.eq_any(kelurahans));
        }
        query
            .select((event_registrations::event_id, event_registrations::member_id, business_groups::kelurahan_id))
            .order((event_registrations::event_id, event_registrations::registered_at, event_registrations::member_id))
            .load(conn)
            .await
    })
}

/// The days each of several (event, member) pairs attended.
pub async fn attended_days(
    conn: &mut DbConn,
    events: &[EventId],
    members: &[MemberId],
) -> QueryResult<Vec<(EventId, MemberId, NaiveDate)>> {
    db_run!(conn: {
        event_attendance::table
            .filter(event_attendance::event_id.eq_any(events))
            .filter(event_attendance::member_id.eq_any(members))
            .select((event_attendance::event_id, event_attendance::member_id, event_attendance::day))
            .order(event_attendance::day)
            .load(conn)
            .await
    })
}

/// An event to insert.
#[derive(Debug, Insertable)]
#[diesel(table_name = events)]
pub struct NewEvent {
    #[diesel(embed)]
    pub fields: EventFields,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

pub async fn insert(conn: &mut DbConn, event: &NewEvent) -> QueryResult<Event> {
    crate::insert_row!(conn, events, event, Event)
}

/// Touches an event inside the caller's transaction, so that registrations queue behind
/// each other and the capacity holds.
pub async fn lock(conn: &mut DbConn, id: EventId, now: NaiveDateTime) -> QueryResult<Option<Event>> {
    crate::update_row!(conn, events, id, events::updated_at.eq(now), Event).optional()
}

pub async fn is_registered(conn: &mut DbConn, event: EventId, member: MemberId) -> QueryResult<bool> {
    crate::row_exists!(
        conn,
        event_registrations,
        event_registrations::event_id.eq(event),
        event_registrations::member_id.eq(member)
    )
}

pub async fn register(conn: &mut DbConn, event: EventId, member: MemberId, now: NaiveDateTime) -> QueryResult<()> {
    db_run!(conn: {
        diesel::insert_into(event_registrations::table)
            .values((
                event_registrations::event_id.eq(event),
                event_registrations::member_id.eq(member),
                event_registrations::registered_at.eq(now),
            ))
            .execute(conn)
            .await
    })?;
    crate::live::publish(conn, crate::live::LiveEvent::event_registrations(event)).await
}

/// Records a member present on a day; `false` when it was recorded already.
pub async fn record_attendance(
    conn: &mut DbConn,
    event: EventId,
    member: MemberId,
    day: NaiveDate,
) -> QueryResult<bool> {
    let inserted = db_run!(conn: {
        diesel::insert_into(event_attendance::table)
            .values((event_attendance::event_id.eq(event), event_attendance::member_id.eq(member), event_attendance::day.eq(day)))
            .on_conflict_do_nothing()
            .execute(conn)
            .await
    })?;
    Ok(inserted == 1)
}
