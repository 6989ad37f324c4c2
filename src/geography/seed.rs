//! Loads Palu's kecamatan and kelurahan (Kepmendagri 300.2.2-2138/2025) into an empty or
//! partly filled database. Idempotent: codes already present are left as they are.

use diesel::prelude::*;
use diesel_async::RunQueryDsl;

use crate::db::DbConn;
use crate::db::schema::{kecamatans, kelurahans};
use crate::db_run;
use crate::error::{AppError, AppResult};
use crate::ids::KecamatanId;

/// `kecamatan_code,kecamatan_name,kelurahan_code,kelurahan_name`, one kelurahan a line.
const PALU_WILAYAH: &str = include_str!("palu-wilayah.csv");

/// One line of the official list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WilayahRow {
    pub kecamatan_code: String,
    pub kecamatan_name: String,
    pub kelurahan_code: String,
    pub kelurahan_name: String,
}

/// The official list of Palu's kelurahan with their kecamatan.
pub fn palu_wilayah() -> Vec<WilayahRow> {
    PALU_WILAYAH
        .lines()
        .skip(1)
        .filter(|line| !line.trim().is_empty())
        .map(|line| {
            let fields: Vec<&str> = line.split(',').map(str::trim).collect();
            assert_eq!(fields.len(), 4, "palu-wilayah.csv: malformed line {line:?}");
            WilayahRow {
                kecamatan_code: fields[0].to_string(),
                kecamatan_name: fields[1].to_string(),
                kelurahan_code: fields[2].to_string(),
                kelurahan_name: fields[3].to_string(),
            }
        })
        .collect()
}

/// Inserts whatever part of the list is missing, in one transaction. Returns how many
/// kelurahan were added.
pub async fn load_palu(conn: &mut DbConn) -> AppResult<usize> {
    let rows = palu_wilayah();
    conn.transaction(async |conn| {
        for row in &rows {
            db_run!(conn: {
                diesel::insert_into(kecamatans::table)
                    .values((kecamatans::code.eq(&row.kecamatan_code), kecamatans::name.eq(&row.kecamatan_name)))
                    .on_conflict(kecamatans::code)
                    .do_nothing()
                    .execute(conn)
                    .await
            })?;
        }
        let kecamatan_ids: Vec<(String, KecamatanId)> =
            db_run!(conn: { kecamatans::table.select((kecamatans::code, kecamatans::id)).load(conn).await })?;
        let mut added = 0;
        for row in &rows {
            let kecamatan_id =
                kecamatan_ids.iter().find(|(code, _)| *code == row.kecamatan_code).map(|(_, id)| *id).ok_or_else(
                    || AppError::Internal(format!("kecamatan {} missing after insert", row.kecamatan_code)),
                )?;
            added += db_run!(conn: {
                diesel::insert_into(kelurahans::table)
                    .values((
                        kelurahans::kecamatan_id.eq(kecamatan_id),
                        kelurahans::code.eq(&row.kelurahan_code),
                        kelurahans::name.eq(&row.kelurahan_name),
                    ))
                    .on_conflict(kelurahans::code)
                    .do_nothing()
                    .execute(conn)
                    .await
            })?;
        }
        Ok(added)
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_has_8_kecamatan_and_46_kelurahan_of_palu() {
        let rows = palu_wilayah();
        assert_eq!(rows.len(), 46);
        let mut kecamatan: Vec<&str> = rows.iter().map(|r| r.kecamatan_code.as_str()).collect();
        kecamatan.dedup();
        assert_eq!(kecamatan.len(), 8);
        assert!(rows.iter().all(|r| r.kelurahan_code.starts_with(&format!("{}.", r.kecamatan_code))));
        assert!(rows.iter().all(|r| r.kelurahan_code.starts_with("72.71.")));
    }
}
