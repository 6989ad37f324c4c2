//! The set-based reads and batched writes of an import: registry lookups by chunks of keys
//! (`IN (...)`), inserts of many rows per statement on PostgreSQL and, on SQLite, a loop of
//! prepared inserts on its own thread (diesel-async cannot insert many rows into SQLite), all
//! inside the caller's transaction. No round trip per row of the file.

use std::collections::HashMap;

use diesel::prelude::*;
use diesel_async::RunQueryDsl;

use crate::db::DbConn;
use crate::db::schema::{business_groups, kelurahans, member_skills, members};
use crate::db_run;
use crate::groups::model::{Group, NewGroup};
use crate::ids::{GroupId, KelurahanId, MemberId};
use crate::members::model::{Gender, GroupRole, NewMember};
use crate::sector::BusinessSector;

/// Keys per `IN (...)` list: far below SQLite's 32,766 bound parameters.
pub const CHUNK: usize = 5_000;
/// Rows per multi-row INSERT on PostgreSQL (members have 9 columns: 9,000 parameters).
const PG_ROWS: usize = 1_000;

/// Every kelurahan, by code.
pub async fn kelurahans(conn: &mut DbConn) -> QueryResult<HashMap<String, KelurahanId>> {
    let rows: Vec<(String, KelurahanId)> =
        db_run!(conn: { kelurahans::table.select((kelurahans::code, kelurahans::id)).load(conn).await })?;
    Ok(rows.into_iter().collect())
}

/// The groups of some kelurahan (their natural key is kelurahan and name).
pub async fn groups_in(conn: &mut DbConn, kelurahans: &[KelurahanId]) -> QueryResult<Vec<Group>> {
    db_run!(conn: {
        business_groups::table
            .filter(business_groups::kelurahan_id.eq_any(kelurahans))
            .select(Group::as_select())
            .load(conn)
            .await
    })
}

/// The groups with these registration numbers.
pub async fn groups_numbered(conn: &mut DbConn, numbers: &[String]) -> QueryResult<Vec<Group>> {
    let mut found = Vec::new();
    for chunk in numbers.chunks(CHUNK) {
        found.extend(db_run!(conn: {
            business_groups::table
                .filter(business_groups::registration_number.eq_any(chunk))
                .select(Group::as_select())
                .load(conn)
                .await
        })?);
    }
    Ok(found)
}

/// A registered member as an import compares it: the group, the kelurahan, what the file
/// holds of them.
#[derive(Debug, Clone, Queryable)]
pub struct Holder {
    pub nik: String,
    pub group_id: GroupId,
    pub kelurahan_id: KelurahanId,
    pub full_name: String,
    pub gender: Gender,
    pub role: GroupRole,
}

/// The members holding any of these NIKs.
pub async fn holders(conn: &mut DbConn, niks: &[String]) -> QueryResult<Vec<Holder>> {
    let mut found = Vec::new();
    for chunk in niks.chunks(CHUNK) {
        found.extend(db_run!(conn: {
            members::table
                .inner_join(business_groups::table)
                .filter(members::nik.eq_any(chunk))
                .select((
                    members::nik,
                    members::group_id,
                    business_groups::kelurahan_id,
                    members::full_name,
                    members::gender,
                    members::role,
                ))
                .load::<Holder>(conn)
                .await
        })?);
    }
    Ok(found)
}

/// The office of every member of these groups.
pub async fn roles_in(conn: &mut DbConn, groups: &[GroupId]) -> QueryResult<Vec<(GroupId, GroupRole)>> {
    let mut found = Vec::new();
    for chunk in groups.chunks(CHUNK) {
        found.extend(db_run!(conn: {
            members::table.filter(members::group_id.eq_any(chunk)).select((members::group_id, members::role)).load::<(GroupId, GroupRole)>(conn).await
        })?);
    }
    Ok(found)
}

/// Takes `count` registration serials of a kelurahan at once; returns the last one taken.
pub async fn take_serials(conn: &mut DbConn, kelurahan: KelurahanId, count: i32) -> QueryResult<i32> {
    db_run!(conn: {
        diesel::update(kelurahans::table.find(kelurahan))
            .set(kelurahans::group_serial.eq(kelurahans::group_serial + count))
            .returning(kelurahans::group_serial)
            .get_result(conn)
            .await
    })
}

/// Inserts `$rows` into `$table` and returns `$returning` of each row, as a `Vec<$out>`:
/// multi-row INSERTs of `$chunk` rows on PostgreSQL, prepared inserts one after the other on
/// SQLite's connection thread. A macro, because diesel's insert types differ per table.
macro_rules! insert_returning {
    ($conn:expr, $rows:expr, $chunk:expr, $table:path, $returning:expr, $out:ty) => {{
        let rows = $rows;
        let returned: Vec<$out> = match $conn {
            DbConn::Postgres(pg) => {
                let pg: &mut diesel_async::AsyncPgConnection = pg;
                let mut all = Vec::with_capacity(rows.len());
                for chunk in rows.chunks($chunk) {
                    all.extend(
                        diesel::insert_into($table).values(chunk).returning($returning).get_results::<$out>(pg).await?,
                    );
                }
                all
            }
            DbConn::Sqlite(sqlite) => {
                sqlite
                    .spawn_blocking(move |sqlite| {
                        rows.iter()
                            .map(|row| {
                                diesel::RunQueryDsl::get_result(
                                    diesel::insert_into($table).values(row).returning($returning),
                                    sqlite,
                                )
                            })
                            .collect()
                    })
                    .await?
            }
        };
        returned
    }};
}
pub(super) use insert_returning;

/// Inserts one row into `$table` per item of `$items` (a `Vec`), its values built by `$values`
/// (a closure from `&item`): as [`insert_returning!`], multi-row INSERTs of `$chunk` rows on
/// PostgreSQL, inserts one after the other on SQLite's connection thread.
macro_rules! insert_all {
    ($conn:expr, $items:expr, $chunk:expr, $table:path, $values:expr) => {{
        let items = $items;
        let values = $values;
        match $conn {
            DbConn::Postgres(pg) => {
                let pg: &mut diesel_async::AsyncPgConnection = pg;
                for chunk in items.chunks($chunk) {
                    let rows: Vec<_> = chunk.iter().map(&values).collect();
                    diesel::insert_into($table).values(rows).execute(pg).await?;
                }
            }
            DbConn::Sqlite(sqlite) => {
                sqlite
                    .spawn_blocking(move |sqlite| {
                        for item in &items {
                            diesel::RunQueryDsl::execute(diesel::insert_into($table).values(values(item)), sqlite)?;
                        }
                        Ok(())
                    })
                    .await?;
            }
        }
    }};
}
pub(super) use insert_all;

/// Inserts groups; their ids by registration number.
pub async fn insert_groups(conn: &mut DbConn, rows: Vec<NewGroup>) -> QueryResult<HashMap<String, GroupId>> {
    let returned = insert_returning!(
        conn,
        rows,
        PG_ROWS,
        business_groups::table,
        (business_groups::registration_number, business_groups::id),
        (String, GroupId)
    );
    Ok(returned.into_iter().collect())
}

/// Inserts members; their ids by NIK.
pub async fn insert_members(conn: &mut DbConn, rows: Vec<NewMember>) -> QueryResult<HashMap<String, MemberId>> {
    let returned =
        insert_returning!(conn, rows, PG_ROWS, members::table, (members::nik, members::id), (String, MemberId));
    Ok(returned.into_iter().collect())
}

/// Inserts members' skills.
pub async fn insert_skills(conn: &mut DbConn, rows: Vec<(MemberId, BusinessSector)>) -> QueryResult<()> {
    insert_all!(conn, rows, PG_ROWS, member_skills::table, |(member, sector): &(MemberId, BusinessSector)| {
        (member_skills::member_id.eq(*member), member_skills::sector.eq(*sector))
    });
    Ok(())
}
