//! Batched loads of events' registrations and attendance.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::model::{self, Event, Registration};
use crate::graphql::loader::{by_shared_part, err, grouped};
use crate::ids::{EventId, KelurahanId, MemberId};

crate::id_keys! {
    /// How many members registered for one event.
    RegisteredCount(EventId);
    /// Members present per day of one event.
    AttendanceOf(EventId);
    /// Registered and attending members per kelurahan of one event.
    ParticipationOf(EventId);
}

/// The registrations of one event, narrowed to some kelurahan for an OFFICER.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RegistrationsOf {
    pub event: EventId,
    pub kelurahans: Option<Vec<KelurahanId>>,
}

/// The days one member attended one event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct AttendedDaysOf {
    pub event: EventId,
    pub member: MemberId,
}

crate::load_by_id!(EventId => Event, model::by_ids);

crate::load_counts!(RegisteredCount(EventId), model::registered_counts);

crate::load_items!(AttendanceOf(EventId) => (NaiveDate, i64), model::attendance_per_day, |(event, day, n)| (event, (day, n)));

crate::load_items!(
    ParticipationOf(EventId) => (KelurahanId, i64, i64),
    model::participation,
    |(event, kelurahan, registered, attending)| (event, (kelurahan, registered, attending))
);

crate::load_batch!(RegistrationsOf => Vec<Registration>, |conn, keys| {
    let mut lists = HashMap::new();
    for (kelurahans, events) in by_shared_part(keys, |k| (k.kelurahans.clone(), k.event)) {
        let rows = model::registrations_of(&mut conn, &events, kelurahans.as_deref()).await.map_err(err)?;
        for (event, rows) in grouped(&events, rows, |row| row.event_id) {
            lists.insert(RegistrationsOf { event, kelurahans: kelurahans.clone() }, rows);
        }
    }
    Ok(lists)
});

crate::load_batch!(AttendedDaysOf => Vec<NaiveDate>, |conn, keys| {
    let events: Vec<EventId> = keys.iter().map(|k| k.event).collect();
    let members: Vec<MemberId> = keys.iter().map(|k| k.member).collect();
    let rows = model::attended_days(&mut conn, &events, &members).await.map_err(err)?;
    // The two IN lists can pair an event with a member of another key: keep the asked pairs.
    let lists = grouped(keys, rows, |(event, member, _)| AttendedDaysOf { event: *event, member: *member });
    Ok(lists
        .into_iter()
        .filter(|(k, _)| keys.contains(k))
        .map(|(k, rows)| (k, rows.into_iter().map(|(_, _, day)| day).collect()))
        .collect())
});
