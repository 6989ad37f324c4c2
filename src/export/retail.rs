//! The retail-ready products of a kelurahan or kecamatan, for retailers: one CSV row per
//! product that is ready for a modern-retail shelf today, read in chunks of products by id
//! (keyset), each chunk with one batch query per related table, never per row.
//!
//! Anyone gets the public columns. A caller entitled to the personal data of a kelurahan
//! (ADMIN; an OFFICER there) also gets the contact of each of its products' groups, its ketua
//! (CHAIR) and the ketua's phone; every phone so exported is written to the personal-data log
//! before the chunk holding it leaves.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use diesel::prelude::*;
use diesel_async::RunQueryDsl;

use super::area::ExportArea;
use super::format::CsvFormat;
use crate::access::Viewer;
use crate::audit::model::{self as audit, PersonalDataAction, Reads};
use crate::db::page::{Direction, PageRequest};
use crate::db::schema::members;
use crate::db::{Database, DbConn};
use crate::db_run;
use crate::error::AppResult;
use crate::geography::AreaLevel;
use crate::groups::model::{self as groups, Group};
use crate::ids::{GroupId, MemberId, ProductId};
use crate::members::model::GroupRole;
use crate::products::model::{self as products, Product, ProductCriteria};
use crate::products::permits::{self, ProductPermit};

/// The columns everyone gets, in order.
pub const PUBLIC_COLUMNS: [&str; 18] = [
    "product_id",
    "product_name",
    "description",
    "sector",
    "price_rupiah",
    "unit",
    "monthly_capacity",
    "barcode",
    "permits",
    "market_regions",
    "group_id",
    "group_registration_number",
    "group_name",
    "group_nib",
    "kelurahan_code",
    "kelurahan_name",
    "kecamatan_code",
    "kecamatan_name",
];

/// The columns added for a caller entitled to personal data: the group's ketua and phone.
pub const CONTACT_COLUMNS: [&str; 2] = ["contact_name", "contact_phone"];

/// Products per chunk unless configured otherwise.
pub const DEFAULT_CHUNK_ROWS: usize = 500;

/// A group's ketua, as the export shows them.
struct Contact {
    full_name: String,
    phone: Option<String>,
}

/// One export in progress: where it is, and what it has logged.
pub struct RetailExport {
    db: Database,
    viewer: Viewer,
    area: ExportArea,
    format: CsvFormat,
    chunk_rows: i64,
    today: NaiveDate,
    /// The id of the last product written.
    cursor: Option<i64>,
    finished: bool,
    /// Ketua whose phone this export has already logged.
    logged: HashSet<MemberId>,
}

impl RetailExport {
    /// An export of `area` for `viewer`, `chunk_rows` products at a time.
    pub fn new(db: Database, viewer: Viewer, area: ExportArea, format: CsvFormat, chunk_rows: usize) -> Self {
        let chunk_rows = i64::try_from(chunk_rows.max(1)).unwrap_or(i64::MAX);
        let today = crate::clock::today();
        RetailExport {
            db,
            viewer,
            area,
            format,
            chunk_rows,
            today,
            cursor: None,
            finished: false,
            logged: HashSet::new(),
        }
    }

    /// Whether the file has the contact columns: the caller may read the personal data of at
    /// least one kelurahan of the area. Rows of the others leave them empty.
    pub fn has_contact_columns(&self) -> bool {
        self.area.kelurahans.keys().any(|&kelurahan| self.viewer.can_read_personal_data(kelurahan))
    }

    /// The file's name: what it holds, the area's code and name, and today's date in Palu.
    pub fn file_name(&self) -> String {
        format!("retail-ready-products_{}_{}_{}.csv", self.area.code, self.area.slug(), self.today)
    }

    /// The start of the file: the byte-order mark (for Excel) and the header.
    pub fn header(&self) -> AppResult<Vec<u8>> {
        let mut columns: Vec<String> = PUBLIC_COLUMNS.iter().map(|c| c.to_string()).collect();
        if self.has_contact_columns() {
            columns.extend(CONTACT_COLUMNS.iter().map(|c| c.to_string()));
        }
        let mut bytes = self.format.preamble().to_vec();
        bytes.extend(self.format.write([columns])?);
        Ok(bytes)
    }

    fn criteria(&self) -> ProductCriteria {
        let (kelurahan_code, kecamatan_code) = match self.area.level {
            AreaLevel::Kelurahan => (Some(self.area.code.clone()), None),
            AreaLevel::Kecamatan => (None, Some(self.area.code.clone())),
        };
        ProductCriteria {
            retail_ready: Some(true),
            kelurahan_code,
            kecamatan_code,
            today: Some(self.today),
            details: true,
            ..ProductCriteria::default()
        }
    }

    /// The rows of the next chunk of products, or `None` once every product is written. A
    /// chunk takes a connection of its own, so a slow reader holds none between chunks.
    pub async fn next_chunk(&mut self) -> AppResult<Option<Vec<u8>>> {
        if self.finished {
            return Ok(None);
        }
        let mut conn = self.db.conn().await?;
        let request = PageRequest {
            direction: Direction::Forward,
            sort: None,
            cursor: self.cursor,
            size: self.chunk_rows,
            with_total: false,
        };
        let page = products::page(&mut conn, &self.criteria(), &request).await?;
        self.finished = !page.has_more;
        let Some(last) = page.rows.last() else { return Ok(None) };
        self.cursor = Some(last.id.0);
        let rows = self.rows(&mut conn, &page.rows).await?;
        Ok(Some(self.format.write(rows)?))
    }

    /// The CSV records of `chunk`, its related rows loaded in one query per table; the
    /// contacts it exports logged first.
    async fn rows(&mut self, conn: &mut DbConn, chunk: &[Product]) -> AppResult<Vec<Vec<String>>> {
        let ids: Vec<ProductId> = chunk.iter().map(|p| p.id).collect();
        let mut group_ids: Vec<GroupId> = chunk.iter().map(|p| p.fields.group_id).collect();
        group_ids.sort();
        group_ids.dedup();
        let groups: HashMap<GroupId, Group> =
            groups::by_ids(conn, &group_ids).await?.into_iter().map(|g| (g.id, g)).collect();
        let mut permits: HashMap<ProductId, Vec<ProductPermit>> = HashMap::new();
        for permit in permits::of_products(conn, &ids).await? {
            permits.entry(permit.product_id).or_default().push(permit);
        }
        let mut regions: HashMap<ProductId, Vec<String>> = HashMap::new();
        for (product, region) in products::regions_of(conn, &ids).await? {
            regions.entry(product).or_default().push(region);
        }
        let with_contacts = self.has_contact_columns();
        let entitled: Vec<GroupId> = groups
            .values()
            .filter(|g| with_contacts && self.viewer.can_read_personal_data(g.fields.kelurahan_id))
            .map(|g| g.id)
            .collect();
        let contacts = self.log_contacts(conn, &entitled).await?;
        let mut rows = Vec::with_capacity(chunk.len());
        for product in chunk {
            let Some(group) = groups.get(&product.fields.group_id) else { continue };
            let Some((kelurahan, kecamatan)) = self.area.kelurahans.get(&product.fields.kelurahan_id) else { continue };
            let mut row = vec![
                product.id.to_global().0,
                product.fields.name.clone(),
                product.fields.description.clone().unwrap_or_default(),
                product.fields.sector.as_str().to_string(),
                optional(product.fields.price_rupiah),
                product.fields.unit.clone().unwrap_or_default(),
                optional(product.fields.monthly_capacity),
                product.fields.barcode.clone().unwrap_or_default(),
                permits.get(&product.id).map_or_else(String::new, |p| permit_list(p)),
                regions.get(&product.id).map_or_else(String::new, |r| r.join(" | ")),
                group.id.to_global().0,
                group.fields.registration_number.clone(),
                group.fields.name.clone(),
                group.fields.nib.clone().unwrap_or_default(),
                kelurahan.code.clone(),
                kelurahan.name.clone(),
                kecamatan.code.clone(),
                kecamatan.name.clone(),
            ];
            if with_contacts {
                let contact = contacts.get(&group.id);
                row.push(contact.map_or_else(String::new, |c| c.full_name.clone()));
                row.push(contact.and_then(|c| c.phone.clone()).unwrap_or_default());
            }
            rows.push(row);
        }
        Ok(rows)
    }

    /// The ketua of each of `groups`, in one query; the phones about to be exported written
    /// to the personal-data log (once per ketua and export) before anything is sent.
    async fn log_contacts(&mut self, conn: &mut DbConn, groups: &[GroupId]) -> AppResult<HashMap<GroupId, Contact>> {
        if groups.is_empty() {
            return Ok(HashMap::new());
        }
        let rows: Vec<(GroupId, MemberId, String, Option<String>)> = db_run!(conn: {
            members::table
                .filter(members::group_id.eq_any(groups))
                .filter(members::role.eq(GroupRole::Chair))
                .select((members::group_id, members::id, members::full_name, members::phone))
                .load(conn)
                .await
        })?;
        let reads: Reads = rows
            .iter()
            .filter(|(_, member, _, _)| !self.logged.contains(member))
            .map(|(_, member, _, _)| (*member, ["phone"].into_iter().collect()))
            .collect();
        if !reads.is_empty() {
            let (viewer, at) = (&self.viewer, crate::clock::now_utc());
            conn.transaction(async |conn| audit::record(conn, viewer, PersonalDataAction::Read, &reads, at).await)
                .await?;
            self.logged.extend(reads.keys().copied());
        }
        Ok(rows.into_iter().map(|(group, _, full_name, phone)| (group, Contact { full_name, phone })).collect())
    }
}

/// The file as a body: `first` (the header and first chunk, already read), then every
/// further chunk as it is read. A chunk that fails ends the body early, so the client sees
/// a broken transfer rather than a file that looks complete.
impl RetailExport {
    pub fn into_body(self, first: Vec<u8>) -> axum::body::Body {
        use futures_util::StreamExt;
        let rest = futures_util::stream::unfold(self, async |mut export| match export.next_chunk().await {
            Ok(Some(bytes)) => Some((Ok(axum::body::Bytes::from(bytes)), export)),
            Ok(None) => None,
            Err(error) => {
                export.finished = true;
                tracing::error!(code = error.code(), detail = ?error, "retail export stopped in the middle");
                Some((Err(std::io::Error::other("the export stopped in the middle")), export))
            }
        });
        let first = futures_util::stream::once(async move { Ok(axum::body::Bytes::from(first)) });
        axum::body::Body::from_stream(first.chain(rest))
    }
}

fn optional(value: Option<impl ToString>) -> String {
    value.map_or_else(String::new, |v| v.to_string())
}

/// A product's permits in one cell: "KIND NUMBER", with "(valid until DAY)" where it
/// expires, separated by " | ".
fn permit_list(permits: &[ProductPermit]) -> String {
    let permit = |p: &ProductPermit| match p.valid_until {
        Some(day) => format!("{} {} (valid until {day})", p.kind.as_str(), p.number),
        None => format!("{} {}", p.kind.as_str(), p.number),
    };
    permits.iter().map(permit).collect::<Vec<_>>().join(" | ")
}
