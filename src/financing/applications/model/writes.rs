//! Writing applications: a new application, an event of its history, and a move along the
//! workflow (guarded by the status it moves from).

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel_async::RunQueryDsl;

use super::{Application, ApplicationFields, ApplicationStatus, HistoryEntry};
use crate::db::DbConn;
use crate::db::schema::{financing_application_events, financing_applications};
use crate::db_run;
use crate::ids::{ApplicationId, MemberId};

/// An application to insert.
#[derive(Debug, Insertable)]
#[diesel(table_name = financing_applications)]
pub struct NewApplication {
    #[diesel(embed)]
    pub fields: ApplicationFields,
    pub submitted_month: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// What a move changes besides the status and `updated_at`; `None` leaves a column as it is.
#[derive(Debug, Default, AsChangeset)]
#[diesel(table_name = financing_applications)]
pub struct MoveChanges {
    pub amount_approved: Option<i64>,
    pub applied_by_member_id: Option<MemberId>,
    pub submitted_at: Option<NaiveDateTime>,
    pub submitted_month: Option<String>,
}

pub async fn insert(conn: &mut DbConn, application: &NewApplication) -> QueryResult<Application> {
    crate::insert_row!(conn, financing_applications, application, Application)
}

/// Records a move (or the creation) of an application, and tells its subscribers once the
/// caller's transaction commits.
pub async fn insert_event(conn: &mut DbConn, event: &HistoryEntry) -> QueryResult<()> {
    db_run!(conn: {
        diesel::insert_into(financing_application_events::table).values(event).execute(conn).await
    })?;
    crate::live::publish(conn, crate::live::LiveEvent::application_status(event.application_id)).await
}

/// Moves an application from `from` to `to` at `now` with `changes`, provided it is still in
/// `from` (inside the caller's transaction). `None` when it is not: a concurrent move won.
pub async fn move_from(
    conn: &mut DbConn,
    id: ApplicationId,
    (from, to): (ApplicationStatus, ApplicationStatus),
    now: NaiveDateTime,
    changes: &MoveChanges,
) -> QueryResult<Option<Application>> {
    crate::move_row!(conn, financing_applications, id, from => to, now, changes, Application)
}
