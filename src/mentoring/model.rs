//! Mentoring session rows and their queries, written once for both backends.

use async_graphql::Enum;
use chrono::{NaiveDate, NaiveDateTime};
use diesel::dsl::count_star;
use diesel::prelude::*;
use diesel_async::RunQueryDsl;

use crate::db::DbConn;
use crate::db::page::{PageRequest, PageRow};
use crate::db::schema::mentoring_sessions;
use crate::db_run;
use crate::ids::{GroupId, LenderId, MentoringSessionId};

/// What a mentoring session was about.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq, Hash, diesel::AsExpression, diesel::FromSqlRow)]
#[diesel(sql_type = diesel::sql_types::Text)]
pub enum MentoringTopic {
    /// Production: processes, quality, hygiene.
    Production,
    /// Financial administration: bookkeeping, cash flow, repaying loans.
    FinancialAdministration,
    /// Marketing: packaging, pricing, reaching buyers and retailers.
    Marketing,
    /// Licensing: NIB, PIRT, BPOM, halal certification.
    Licensing,
    /// Digital skills: online selling, digital payments.
    Digital,
}

crate::text_enum!(MentoringTopic {
    Production => "PRODUCTION",
    FinancialAdministration => "FINANCIAL_ADMINISTRATION",
    Marketing => "MARKETING",
    Licensing => "LICENSING",
    Digital => "DIGITAL",
});

/// Who gave a mentoring session.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq, Hash, diesel::AsExpression, diesel::FromSqlRow)]
#[diesel(sql_type = diesel::sql_types::Text)]
pub enum MentoringProviderKind {
    /// Dinas Koperasi dan UMKM Kota Palu.
    Dinas,
    /// A lender of the registry (the session names it).
    Lender,
    /// A partner: another agency, a university, a retailer, an NGO.
    Partner,
}

crate::text_enum!(MentoringProviderKind {
    Dinas => "DINAS",
    Lender => "LENDER",
    Partner => "PARTNER",
});

/// A mentoring session held for a group.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = mentoring_sessions)]
pub struct MentoringSession {
    pub id: MentoringSessionId,
    #[diesel(embed)]
    pub fields: MentoringSessionFields,
}

/// The columns of a mentoring session that are both read ([`MentoringSession`]) and written ([`NewMentoringSession`]):
/// one field list, so that a new column is added in one place.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = mentoring_sessions)]
pub struct MentoringSessionFields {
    pub group_id: GroupId,
    pub provider: String,
    pub provider_kind: MentoringProviderKind,
    pub lender_id: Option<LenderId>,
    pub topic: MentoringTopic,
    pub held_on: NaiveDate,
    pub notes: Option<String>,
}

pub async fn by_ids(conn: &mut DbConn, ids: &[MentoringSessionId]) -> QueryResult<Vec<MentoringSession>> {
    crate::load_where_in!(conn, mentoring_sessions::id, ids, MentoringSession)
}

/// The sessions of several groups, by group, then date held, then recording.
pub async fn of_groups(conn: &mut DbConn, groups: &[GroupId]) -> QueryResult<Vec<MentoringSession>> {
    crate::load_where_in!(
        conn,
        mentoring_sessions::group_id,
        groups,
        MentoringSession,
        (mentoring_sessions::group_id, mentoring_sessions::held_on, mentoring_sessions::id)
    )
}

/// One page of the sessions of each of several lenders, in one statement.
pub async fn pages_per_lender(
    conn: &mut DbConn,
    lenders: &[LenderId],
    request: &PageRequest,
) -> QueryResult<Vec<PageRow<MentoringSession>>> {
    crate::load_pages_per_parent!(
        conn,
        request,
        "lender_id",
        crate::ids::numbers(lenders),
        mentoring_sessions::table.select(MentoringSession::as_select())
    )
}

/// How many sessions each of several lenders gave (absent = none).
pub async fn counts_per_lender(conn: &mut DbConn, lenders: &[LenderId]) -> QueryResult<Vec<(LenderId, i64)>> {
    db_run!(conn: {
        mentoring_sessions::table
            .filter(mentoring_sessions::lender_id.eq_any(lenders))
            .group_by(mentoring_sessions::lender_id)
            .select((mentoring_sessions::lender_id.assume_not_null(), count_star()))
            .load(conn)
            .await
    })
}

/// A session to insert.
#[derive(Debug, Insertable)]
#[diesel(table_name = mentoring_sessions)]
pub struct NewMentoringSession {
    #[diesel(embed)]
    pub fields: MentoringSessionFields,
    pub recorded_by: String,
    pub created_at: NaiveDateTime,
}

pub async fn insert(conn: &mut DbConn, session: &NewMentoringSession) -> QueryResult<MentoringSession> {
    crate::insert_row!(conn, mentoring_sessions, session, MentoringSession)
}
