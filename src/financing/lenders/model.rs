//! Lender and scheme rows and their queries, written once for both backends.

use async_graphql::Enum;
use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel_async::RunQueryDsl;

use crate::db::DbConn;
use crate::db::schema::{financing_schemes, lenders};
use crate::db_run;
use crate::graphql::filter::NameAndDates;
use crate::graphql::user_error::{MutationError, Thing, UserError};
use crate::ids::{LenderId, SchemeId};

/// What kind of institution a lender is.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq, Hash, diesel::AsExpression, diesel::FromSqlRow)]
#[diesel(sql_type = diesel::sql_types::Text)]
pub enum LenderKind {
    /// A commercial or regional development bank (e.g. Bank Sulteng, BRI).
    Bank,
    /// A rural bank (Bank Perekonomian Rakyat, BPR).
    RuralBank,
    /// A savings and loan cooperative (koperasi simpan pinjam).
    Cooperative,
    /// A pawnshop (e.g. Pegadaian).
    Pawnshop,
    /// A peer-to-peer lending platform licensed by OJK.
    #[graphql(name = "P2P_LENDING")]
    P2pLending,
    /// A government programme (e.g. revolving funds of LPDB).
    Government,
    /// Any other lender.
    Other,
}

crate::text_enum!(LenderKind {
    Bank => "BANK",
    RuralBank => "RURAL_BANK",
    Cooperative => "COOPERATIVE",
    Pawnshop => "PAWNSHOP",
    P2pLending => "P2P_LENDING",
    Government => "GOVERNMENT",
    Other => "OTHER",
});

/// A lender.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = lenders)]
pub struct Lender {
    pub id: LenderId,
    #[diesel(embed)]
    pub fields: LenderFields,
}

/// The columns of a lender that are both read ([`Lender`]) and written ([`NewLender`]):
/// one field list, so a new column is added in one place.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = lenders)]
pub struct LenderFields {
    pub name: String,
    pub kind: LenderKind,
    pub ojk_license_number: Option<String>,
    pub contact_phone: Option<String>,
    pub contact_email: Option<String>,
    pub address: Option<String>,
}

/// A financing scheme of a lender. The rate is kept in hundredths of a percent.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = financing_schemes)]
pub struct Scheme {
    pub id: SchemeId,
    #[diesel(embed)]
    pub fields: SchemeFields,
}

/// The columns of a scheme that are both read ([`Scheme`]) and written ([`NewScheme`]):
/// one field list, so a new column is added in one place.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = financing_schemes)]
pub struct SchemeFields {
    pub lender_id: LenderId,
    pub name: String,
    pub min_amount: i64,
    pub max_amount: i64,
    pub annual_rate_bp: i32,
    pub max_tenor_months: i32,
    pub accepts_groups: bool,
    pub active: bool,
}

impl Scheme {
    /// Whether `amount` lies inside the scheme's range.
    pub fn covers(&self, amount: i64) -> bool {
        (self.fields.min_amount..=self.fields.max_amount).contains(&amount)
    }
}

pub async fn lenders_by_ids(conn: &mut DbConn, ids: &[LenderId]) -> QueryResult<Vec<Lender>> {
    crate::load_where_in!(conn, lenders::id, ids, Lender)
}

pub async fn find_lender(conn: &mut DbConn, id: LenderId) -> QueryResult<Option<Lender>> {
    Ok(lenders_by_ids(conn, &[id]).await?.pop())
}

/// Every lender, oldest first (for the command line).
pub async fn all_lenders(conn: &mut DbConn) -> QueryResult<Vec<Lender>> {
    db_run!(conn: { lenders::table.select(Lender::as_select()).order(lenders::id).load(conn).await })
}

/// Lenders whose name contains the search, registered on the criteria's days.
macro_rules! listed_lenders {
    ($criteria:expr) => {{
        let criteria: &NameAndDates = $criteria;
        let query = crate::name_contains!(lenders::table.into_boxed(), lenders::name, &criteria.search);
        crate::in_range!(query, instant lenders::created_at, criteria.dates)
    }};
}

crate::page_and_count!(lender_page, lender_count, |criteria: NameAndDates| listed_lenders!(criteria) => Lender);

/// The lender holding a name, if any.
pub async fn lender_id_by_name(conn: &mut DbConn, name: &str) -> QueryResult<Option<LenderId>> {
    db_run!(conn: {
        lenders::table.filter(lenders::name.eq(name)).select(lenders::id).first(conn).await.optional()
    })
}

/// A lender to insert.
#[derive(Debug, Insertable)]
#[diesel(table_name = lenders)]
pub struct NewLender {
    #[diesel(embed)]
    pub fields: LenderFields,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// Changes to a lender; `None` leaves a column as it is.
#[derive(Debug, Default, AsChangeset)]
#[diesel(table_name = lenders)]
pub struct LenderChanges {
    pub name: Option<String>,
    pub kind: Option<LenderKind>,
    pub ojk_license_number: Option<Option<String>>,
    pub contact_phone: Option<Option<String>>,
    pub contact_email: Option<Option<String>>,
    pub address: Option<Option<String>>,
    pub updated_at: Option<NaiveDateTime>,
}

pub async fn insert_lender(conn: &mut DbConn, lender: &NewLender) -> QueryResult<Lender> {
    crate::insert_row!(conn, lenders, lender, Lender)
}

pub async fn update_lender(conn: &mut DbConn, id: LenderId, changes: &LenderChanges) -> QueryResult<Lender> {
    crate::update_row!(conn, lenders, id, changes, Lender)
}

pub async fn schemes_by_ids(conn: &mut DbConn, ids: &[SchemeId]) -> QueryResult<Vec<Scheme>> {
    crate::load_where_in!(conn, financing_schemes::id, ids, Scheme)
}

pub async fn find_scheme(conn: &mut DbConn, id: SchemeId) -> QueryResult<Option<Scheme>> {
    Ok(schemes_by_ids(conn, &[id]).await?.pop())
}

/// The scheme, read inside the caller's transaction and kept from concurrent changes until it
/// ends (see [`crate::lock_row!`]), so that rules checked on it still hold when the
/// transaction commits.
pub async fn lock_scheme(conn: &mut DbConn, id: SchemeId) -> QueryResult<Option<Scheme>> {
    crate::lock_row!(conn, financing_schemes, id, Scheme)
}

/// The schemes of several lenders, by lender and then age.
pub async fn schemes_of_lenders(conn: &mut DbConn, lenders: &[LenderId]) -> QueryResult<Vec<Scheme>> {
    crate::load_where_in!(
        conn,
        financing_schemes::lender_id,
        lenders,
        Scheme,
        (financing_schemes::lender_id, financing_schemes::id)
    )
}

/// The scheme of a lender holding a name, if any.
pub async fn scheme_id_by_name(conn: &mut DbConn, lender: LenderId, name: &str) -> QueryResult<Option<SchemeId>> {
    db_run!(conn: {
        financing_schemes::table
            .filter(financing_schemes::lender_id.eq(lender))
            .filter(financing_schemes::name.eq(name))
            .select(financing_schemes::id)
            .first(conn)
            .await
            .optional()
    })
}

/// A scheme to insert.
#[derive(Debug, Insertable)]
#[diesel(table_name = financing_schemes)]
pub struct NewScheme {
    #[diesel(embed)]
    pub fields: SchemeFields,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// Changes to a scheme; `None` leaves a column as it is.
#[derive(Debug, Default, AsChangeset)]
#[diesel(table_name = financing_schemes)]
pub struct SchemeChanges {
    pub name: Option<String>,
    pub min_amount: Option<i64>,
    pub max_amount: Option<i64>,
    pub annual_rate_bp: Option<i32>,
    pub max_tenor_months: Option<i32>,
    pub accepts_groups: Option<bool>,
    pub active: Option<bool>,
    pub updated_at: Option<NaiveDateTime>,
}

pub async fn insert_scheme(conn: &mut DbConn, scheme: &NewScheme) -> QueryResult<Scheme> {
    crate::insert_row!(conn, financing_schemes, scheme, Scheme)
}

pub async fn update_scheme(conn: &mut DbConn, id: SchemeId, changes: &SchemeChanges) -> QueryResult<Scheme> {
    crate::update_row!(conn, financing_schemes, id, changes, Scheme)
}

/// Finds the lender an input names, as a user error at `input.<field>` when there is none.
pub async fn lender_for_input(conn: &mut DbConn, field: &str, id: &async_graphql::ID) -> Result<Lender, MutationError> {
    let not_found = || UserError::not_found(field, Thing::Lender, id.as_str());
    let id = LenderId::from_global(id).ok_or_else(not_found)?;
    Ok(find_lender(conn, id).await?.ok_or_else(not_found)?)
}
