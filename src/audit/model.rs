//! Log rows and their queries.

use std::collections::BTreeMap;

use async_graphql::Enum;
use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::sql_types::{Text, Timestamp};
use diesel_async::RunQueryDsl;

use crate::access::{Role, Viewer};
use crate::db::DbConn;
use crate::db::schema::{members, personal_data_log};
use crate::db_run;
use crate::graphql::filter::DateRange;
use crate::ids::MemberId;

/// What was done with a person's data.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq, Hash, diesel::AsExpression, diesel::FromSqlRow)]
#[diesel(sql_type = diesel::sql_types::Text)]
pub enum PersonalDataAction {
    /// Read in an answer (the fields the query selected and the caller was entitled to).
    Read,
    /// Registered (addMember).
    Create,
    /// Corrected (updateMember).
    Change,
    /// Erased with the member (removeMember).
    Erase,
}

crate::text_enum!(PersonalDataAction {
    Read => "READ",
    Create => "CREATE",
    Change => "CHANGE",
    Erase => "ERASE",
});

/// One entry of the log.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = personal_data_log)]
pub struct LogEntry {
    pub id: i64,
    pub at: NaiveDateTime,
    pub actor: String,
    pub role: Role,
    pub action: PersonalDataAction,
    pub member_id: MemberId,
    pub fields: String,
}

pub use crate::graphql::context::Reads;

/// Writes one entry per member, in one `INSERT … SELECT` per distinct set of fields (usually
/// one), so that logging costs the same however many members a request read.
pub async fn record(
    conn: &mut DbConn,
    viewer: &Viewer,
    action: PersonalDataAction,
    entries: &Reads,
    at: NaiveDateTime,
) -> QueryResult<()> {
    let actor = viewer.name.clone().unwrap_or_default();
    let mut by_fields: BTreeMap<String, Vec<MemberId>> = BTreeMap::new();
    for (member, fields) in entries {
        by_fields.entry(fields.iter().copied().collect::<Vec<_>>().join(",")).or_default().push(*member);
    }
    for (fields, members) in &by_fields {
        let rows = members::table.filter(members::id.eq_any(members)).select((
            at.into_sql::<Timestamp>(),
            actor.as_str().into_sql::<Text>(),
            viewer.role.as_str().into_sql::<Text>(),
            action.as_str().into_sql::<Text>(),
            members::id,
            fields.as_str().into_sql::<Text>(),
        ));
        let written = db_run!(conn: {
            diesel::insert_into(personal_data_log::table)
                .values(rows)
                .into_columns((
                    personal_data_log::at,
                    personal_data_log::actor,
                    personal_data_log::role,
                    personal_data_log::action,
                    personal_data_log::member_id,
                    personal_data_log::fields,
                ))
                .execute(conn)
                .await
        })?;
        if written < members.len() {
            // Some were erased meanwhile (even by this very request): log them one by one.
            let remaining: Vec<MemberId> = db_run!(conn: { members::table.filter(members::id.eq_any(members)).select(members::id).load(conn).await })?;
            for member in members.iter().filter(|m| !remaining.contains(m)) {
                db_run!(conn: {
                    diesel::insert_into(personal_data_log::table)
                        .values((
                            personal_data_log::at.eq(at),
                            personal_data_log::actor.eq(&actor),
                            personal_data_log::role.eq(viewer.role),
                            personal_data_log::action.eq(action),
                            personal_data_log::member_id.eq(member),
                            personal_data_log::fields.eq(fields),
                        ))
                        .execute(conn)
                        .await
                })?;
            }
        }
    }
    Ok(())
}

/// Logs one action on one member's fields.
pub async fn record_one(
    conn: &mut DbConn,
    viewer: &Viewer,
    action: PersonalDataAction,
    member: MemberId,
    fields: &[&'static str],
    at: NaiveDateTime,
) -> QueryResult<()> {
    let entries = Reads::from([(member, fields.iter().copied().collect())]);
    record(conn, viewer, action, &entries, at).await
}

/// Which log entries a list holds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct LogCriteria {
    /// Entries about this member.
    pub member: Option<MemberId>,
    /// Entries written on these days (Palu time).
    pub logged: DateRange,
}

macro_rules! log_of {
    ($criteria:expr) => {{
        let criteria: &LogCriteria = $criteria;
        let mut query = personal_data_log::table.into_boxed();
        if let Some(member) = criteria.member {
            query = query.filter(personal_data_log::member_id.eq(member));
        }
        crate::in_range!(query, instant personal_data_log::at, criteria.logged)
    }};
}

crate::page_and_count!(page, count, |criteria: LogCriteria| log_of!(criteria) => LogEntry);
