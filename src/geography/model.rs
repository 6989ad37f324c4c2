//! Kecamatan and kelurahan rows and their queries.

use diesel::dsl::sql;
use diesel::prelude::*;
use diesel::sql_types::Bool;
use diesel_async::RunQueryDsl;

use crate::db::schema::{kecamatans, kelurahans};
use crate::db::sql::lower;
use crate::db::{DbConn, TextEnum};
use crate::db_run;
use crate::group_status::GroupStatus;
use crate::ids::{KecamatanId, KelurahanId};

/// The id of the kelurahan with this Kemendagri code (none when no kelurahan has it), as a
/// subquery for `kelurahan_id.eq_any(..)`; the code is trimmed.
#[diesel::dsl::auto_type(no_type_alias)]
pub fn kelurahan_id_with_code(code: &str) -> _ {
    let code: String = code.trim().to_string();
    kelurahans::table.filter(kelurahans::code.eq(code)).select(kelurahans::id)
}

/// The ids of the kelurahan of the kecamatan with this Kemendagri code, as a subquery for
/// `kelurahan_id.eq_any(..)`; the code is trimmed.
#[diesel::dsl::auto_type(no_type_alias)]
pub fn kelurahan_ids_in_kecamatan(code: &str) -> _ {
    let code: String = code.trim().to_string();
    kelurahans::table.inner_join(kecamatans::table).filter(kecamatans::code.eq(code)).select(kelurahans::id)
}

/// A kecamatan (district) of Kota Palu.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = kecamatans)]
pub struct Kecamatan {
    pub id: KecamatanId,
    pub code: String,
    pub name: String,
}

/// A kelurahan (urban village) of Kota Palu.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = kelurahans)]
pub struct Kelurahan {
    pub id: KelurahanId,
    pub kecamatan_id: KecamatanId,
    pub code: String,
    pub name: String,
    pub group_target: i32,
}

/// Which kelurahan a list holds.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct KelurahanCriteria {
    pub kecamatan_code: Option<String>,
    /// Only those with fewer ACTIVE groups than their target.
    pub below_target: Option<bool>,
    /// Part of the name, case-insensitive.
    pub search: Option<String>,
}

/// The one definition of "short of its group target", as SQL on `kelurahans`.
fn active_groups_below_target() -> String {
    format!(
        "(SELECT COUNT(*) FROM business_groups g WHERE g.kelurahan_id = kelurahans.id AND g.status = {}) \
         < kelurahans.group_target",
        GroupStatus::Active.sql()
    )
}

macro_rules! filtered_kelurahans {
    ($criteria:expr) => {{
        let criteria: &KelurahanCriteria = $criteria;
        let mut query = kelurahans::table.into_boxed();
        if let Some(code) = &criteria.kecamatan_code {
            query = query.filter(
                kelurahans::kecamatan_id
                    .eq_any(kecamatans::table.filter(kecamatans::code.eq(code.clone())).select(kecamatans::id)),
            );
        }
        match criteria.below_target {
            Some(true) => query = query.filter(sql::<Bool>(&active_groups_below_target())),
            Some(false) => query = query.filter(diesel::dsl::not(sql::<Bool>(&active_groups_below_target()))),
            None => {}
        }
        crate::name_contains!(query, kelurahans::name, &criteria.search)
    }};
}

pub async fn all_kecamatans(conn: &mut DbConn) -> QueryResult<Vec<Kecamatan>> {
    db_run!(conn: { kecamatans::table.select(Kecamatan::as_select()).order(kecamatans::code).load(conn).await })
}

pub async fn kecamatans_by_ids(conn: &mut DbConn, ids: &[KecamatanId]) -> QueryResult<Vec<Kecamatan>> {
    crate::load_where_in!(conn, kecamatans::id, ids, Kecamatan)
}

pub async fn kelurahans_by_ids(conn: &mut DbConn, ids: &[KelurahanId]) -> QueryResult<Vec<Kelurahan>> {
    crate::load_where_in!(conn, kelurahans::id, ids, Kelurahan)
}

pub async fn kelurahan_by_code(conn: &mut DbConn, code: &str) -> QueryResult<Option<Kelurahan>> {
    let code = code.trim();
    db_run!(conn: {
        kelurahans::table.filter(kelurahans::code.eq(code)).select(Kelurahan::as_select()).first(conn).await.optional()
    })
}

/// The kelurahan of this name, case-insensitive and trimmed (Palu's 46 names are unique; up
/// to two are loaded so that a caller can tell an ambiguous name).
pub async fn kelurahans_named(conn: &mut DbConn, name: &str) -> QueryResult<Vec<Kelurahan>> {
    let name = name.trim().to_lowercase();
    db_run!(conn: {
        kelurahans::table
            .filter(lower(kelurahans::name).eq(name))
            .select(Kelurahan::as_select())
            .order(kelurahans::code)
            .limit(2)
            .load(conn)
            .await
    })
}

/// The kelurahan of several kecamatan, by code.
pub async fn kelurahans_of_kecamatans(conn: &mut DbConn, ids: &[KecamatanId]) -> QueryResult<Vec<Kelurahan>> {
    crate::load_where_in!(conn, kelurahans::kecamatan_id, ids, Kelurahan, kelurahans::code)
}

crate::page_and_count!(page, count, |criteria: KelurahanCriteria| filtered_kelurahans!(criteria) => Kelurahan);
