//! The area an export covers, resolved from its Kemendagri code: a kelurahan, or a kecamatan
//! with all of its kelurahan.

use std::collections::HashMap;

use diesel::QueryResult;

use crate::db::DbConn;
use crate::geography::AreaLevel;
use crate::geography::model::{self as geography, Kecamatan, Kelurahan};
use crate::ids::KelurahanId;

/// A kelurahan or kecamatan that exists, with the kelurahan it covers.
#[derive(Debug, Clone)]
pub struct ExportArea {
    pub level: AreaLevel,
    /// Its Kemendagri code, e.g. "72.71.01.1004" or "72.71.01".
    pub code: String,
    /// Its official name.
    pub name: String,
    /// Every kelurahan it covers, with its kecamatan.
    pub kelurahans: HashMap<KelurahanId, (Kelurahan, Kecamatan)>,
}

impl ExportArea {
    /// The area of `level` with `code` (trimmed); `None` when there is none.
    pub async fn find(conn: &mut DbConn, level: AreaLevel, code: &str) -> QueryResult<Option<ExportArea>> {
        let code = code.trim();
        let (kecamatan, kelurahans) = match level {
            AreaLevel::Kelurahan => {
                let Some(kelurahan) = geography::kelurahan_by_code(conn, code).await? else { return Ok(None) };
                let kecamatan = geography::kecamatans_by_ids(conn, &[kelurahan.kecamatan_id]).await?.pop();
                (kecamatan, vec![kelurahan])
            }
            AreaLevel::Kecamatan => {
                let kecamatan = geography::all_kecamatans(conn).await?.into_iter().find(|k| k.code == code);
                let kelurahans = match &kecamatan {
                    Some(kecamatan) => geography::kelurahans_of_kecamatans(conn, &[kecamatan.id]).await?,
                    None => Vec::new(),
                };
                (kecamatan, kelurahans)
            }
        };
        let Some(kecamatan) = kecamatan else { return Ok(None) };
        let name = match (level, kelurahans.first()) {
            (AreaLevel::Kelurahan, Some(kelurahan)) => kelurahan.name.clone(),
            _ => kecamatan.name.clone(),
        };
        let kelurahans = kelurahans.into_iter().map(|k| (k.id, (k, kecamatan.clone()))).collect();
        Ok(Some(ExportArea { level, code: code.to_string(), name, kelurahans }))
    }

    /// The name as it goes into a file name: lower-case ASCII letters and digits, words joined
    /// by `-` ("Besusu Barat" → "besusu-barat").
    pub fn slug(&self) -> String {
        let lowered = self.name.to_lowercase();
        let words: Vec<&str> = lowered.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()).collect();
        words.join("-")
    }
}
