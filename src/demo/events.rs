//! An upcoming socialisation event with the first few registrations.

use chrono::NaiveDateTime;

use super::LABEL;
use crate::clock;
use crate::db::DbConn;
use crate::error::AppResult;
use crate::events::model::{self as events, EventFields, EventKind, NewEvent};
use crate::groups::model::Group;
use crate::members::model::{self as members, GroupRole};

/// An upcoming two-day socialisation for 50 participants, like the one in the news report,
/// with a first few registrations.
pub(super) async fn add_event(conn: &mut DbConn, groups: &[Group], now: NaiveDateTime) -> AppResult<()> {
    let starts_on = clock::today() + chrono::Duration::days(14);
    let event = events::insert(
        conn,
        &NewEvent {
            fields: EventFields {
                title: format!("{LABEL} Sosialisasi Bimbingan Permodalan dan Pengembangan UMKM"),
                kind: EventKind::Socialization,
                venue: "Hotel Sweetama Palu".into(),
                starts_on,
                ends_on: starts_on + chrono::Duration::days(1),
                capacity: 50,
                description: Some(format!(
                    "{LABEL} permodalan, pembinaan produksi, administrasi keuangan dan pemasaran"
                )),
            },
            created_at: now,
            updated_at: now,
        },
    )
    .await?;
    for group in groups.iter().step_by(20) {
        let chair = members::officer_of(conn, group.id, GroupRole::Chair).await?;
        if let Some(member) = chair {
            events::register(conn, event.id, member, now).await?;
        }
    }
    Ok(())
}
