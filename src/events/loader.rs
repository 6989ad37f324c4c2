//! Batched loads of events' registrations and attendance.

use std::collections::HashMap;

use async_graphql::dataloader::Loader;
use chrono::NaiveDate;

use super::model::{self, Event, Registration};
use crate::error::AppError;
use crate::graphql::loader::{DbLoader, by_shared_part, grouped};
use crate::ids::{EventId, KelurahanId, MemberId};

/// How many members registered for one event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RegisteredCount(pub EventId);

/// Members present per day of one event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct AttendanceOf(pub EventId);

/// Registered and attending members per kelurahan of one event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ParticipationOf(pub EventId);

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

fn err(error: diesel::result::Error) -> async_graphql::Error {
    AppError::from(error).into()
}

crate::load_by_id!(EventId => Event, model::by_ids);

impl Loader<RegisteredCount> for DbLoader {
    type Value = i64;
    type Error = async_graphql::Error;

    async fn load(&self, keys: &[RegisteredCount]) -> Result<HashMap<RegisteredCount, i64>, Self::Error> {
        let ids: Vec<EventId> = keys.iter().map(|k| k.0).collect();
        let found: HashMap<EventId, i64> =
            model::registered_counts(&mut self.conn().await?, &ids).await.map_err(err)?.into_iter().collect();
        Ok(keys.iter().map(|k| (*k, found.get(&k.0).copied().unwrap_or(0))).collect())
    }
}

impl Loader<AttendanceOf> for DbLoader {
    type Value = Vec<(NaiveDate, i64)>;
    type Error = async_graphql::Error;

    async fn load(&self, keys: &[AttendanceOf]) -> Result<HashMap<AttendanceOf, Vec<(NaiveDate, i64)>>, Self::Error> {
        let ids: Vec<EventId> = keys.iter().map(|k| k.0).collect();
        let rows = model::attendance_per_day(&mut self.conn().await?, &ids).await.map_err(err)?;
        let lists = grouped(keys, rows, |(event, _, _)| AttendanceOf(*event));
        Ok(lists.into_iter().map(|(k, rows)| (k, rows.into_iter().map(|(_, day, n)| (day, n)).collect())).collect())
    }
}

impl Loader<ParticipationOf> for DbLoader {
    type Value = Vec<(KelurahanId, i64, i64)>;
    type Error = async_graphql::Error;

    async fn load(
        &self,
        keys: &[ParticipationOf],
    ) -> Result<HashMap<ParticipationOf, Vec<(KelurahanId, i64, i64)>>, Self::Error> {
        let ids: Vec<EventId> = keys.iter().map(|k| k.0).collect();
        let rows = model::participation(&mut self.conn().await?, &ids).await.map_err(err)?;
        let lists = grouped(keys, rows, |(event, _, _, _)| ParticipationOf(*event));
        Ok(lists
            .into_iter()
            .map(|(k, rows)| (k, rows.into_iter().map(|(_, kel, r, a)| (kel, r, a)).collect()))
            .collect())
    }
}

impl Loader<RegistrationsOf> for DbLoader {
    type Value = Vec<Registration>;
    type Error = async_graphql::Error;

    async fn load(&self, keys: &[RegistrationsOf]) -> Result<HashMap<RegistrationsOf, Vec<Registration>>, Self::Error> {
        let mut conn = self.conn().await?;
        let mut lists = HashMap::new();
        for (kelurahans, events) in by_shared_part(keys, |k| (k.kelurahans.clone(), k.event)) {
            let rows = model::registrations_of(&mut conn, &events, kelurahans.as_deref()).await.map_err(err)?;
            for (event, rows) in grouped(&events, rows, |row| row.event_id) {
                lists.insert(RegistrationsOf { event, kelurahans: kelurahans.clone() }, rows);
            }
        }
        Ok(lists)
    }
}

impl Loader<AttendedDaysOf> for DbLoader {
    type Value = Vec<NaiveDate>;
    type Error = async_graphql::Error;

    async fn load(&self, keys: &[AttendedDaysOf]) -> Result<HashMap<AttendedDaysOf, Vec<NaiveDate>>, Self::Error> {
        let events: Vec<EventId> = keys.iter().map(|k| k.event).collect();
        let members: Vec<MemberId> = keys.iter().map(|k| k.member).collect();
        let rows = model::attended_days(&mut self.conn().await?, &events, &members).await.map_err(err)?;
        // The two IN lists can pair an event with a member of another key: keep the asked pairs.
        let lists = grouped(keys, rows, |(event, member, _)| AttendedDaysOf { event: *event, member: *member });
        Ok(lists
            .into_iter()
            .filter(|(k, _)| keys.contains(k))
            .map(|(k, rows)| (k, rows.into_iter().map(|(_, _, day)| day).collect()))
            .collect())
    }
}
