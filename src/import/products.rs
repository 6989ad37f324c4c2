//! Product files: one row per product with its permits, matched to a registered group by its
//! registration number, or by kelurahan code and group name. A product's natural key is its
//! group and its name (case-insensitive). Cells go through the checks of `registerProduct`
//! and `addProductPermit`; the products are written in batches and their readiness computed
//! once for the batch, by the same SQL the mutations' writes run.

use std::collections::{HashMap, HashSet};

use diesel::prelude::*;
use diesel_async::RunQueryDsl;

use super::format::{Column, Row};
use super::report::{ImportOutcome, RowError};
use super::{Job, product_store, store, values};
use crate::access::Viewer;
use crate::clock;
use crate::db::DbConn;
use crate::db::schema::{product_permits, products};
use crate::db_run;
use crate::error::AppResult;
use crate::graphql::user_error::{Problem, UserErrors};
use crate::groups::model::Group;
use crate::ids::{GroupId, ProductId};
use crate::products::checks as rules;
use crate::products::model::{NewProduct, Product, ProductFields};
use crate::products::permits::{self, PermitKind, ProductPermit};
use crate::validate;

crate::file_columns! {
    /// The columns of a product file.
    pub enum ProductColumn {
        RegistrationNumber = "registration_number", ["nomor_registrasi", "no_registrasi"], optional;
        KelurahanCode = "kelurahan_code", ["kode_kelurahan"], optional;
        GroupName = "group_name", ["nama_kelompok", "kelompok"], optional;
        ProductName = "product_name", ["nama_produk", "produk"], required;
        Sector = "sector", ["sektor"], required;
        Description = "description", ["deskripsi", "keterangan"], optional;
        Price = "price_rupiah", ["harga", "price"], optional;
        Unit = "unit", ["satuan"], optional;
        MonthlyCapacity = "monthly_capacity", ["kapasitas_bulanan", "kapasitas"], optional;
        Barcode = "barcode", ["ean", "ean13"], optional;
        MarketRegions = "market_regions", ["wilayah_pemasaran", "pemasaran"], optional;
        Pirt = "pirt", ["spp_irt", "pirt_number"], optional;
        Bpom = "bpom", ["bpom_number"], optional;
        Halal = "halal", ["sertifikat_halal"], optional;
        Sni = "sni", [], optional;
    }
}

/// A product row as checked.
struct Planned {
    row: usize,
    group: Option<Group>,
    product: Option<NewProduct>,
    regions: Vec<String>,
    permits: Vec<ProductPermit>,
    unchanged: bool,
}

/// The column of a file that an input field of `registerProduct` stands for.
fn column_of(field: &str) -> &'static str {
    match field {
        "name" => "product_name",
        "description" => "description",
        "unit" => "unit",
        "monthlyCapacity" => "monthly_capacity",
        "barcode" => "barcode",
        "marketRegions" => "market_regions",
        _ => "",
    }
}

pub(super) async fn import(conn: &mut DbConn, job: Job<'_>, rows: Vec<Row<ProductColumn>>) -> AppResult<ImportOutcome> {
    let Job { viewer, options, progress } = job;
    conn.transaction(async |conn| {
        let groups = GroupIndex::load(conn, &rows).await?;
        let mut errors = Vec::new();
        let mut planned = Vec::with_capacity(rows.len());
        job.check_rows(&rows, |row| planned.push(check_row(viewer, &groups, row, &mut errors)));
        refuse_duplicates(&planned, &mut errors);
        compare_with_registry(conn, &mut planned, &mut errors).await?;
        progress("checking", rows.len(), rows.len());
        let bad: HashSet<usize> = errors.iter().map(|e: &RowError| e.row).collect();
        let clean = |p: &&Planned| !bad.contains(&p.row) && !p.unchanged && p.product.is_some();
        let accepted: Vec<&Planned> =
            if job.keeps_clean_rows(!errors.is_empty()) { planned.iter().filter(clean).collect() } else { Vec::new() };
        let unchanged = planned.iter().filter(|p| p.unchanged && !bad.contains(&p.row)).count();
        let mut outcome = ImportOutcome {
            rows: planned.len(),
            created: accepted.len(),
            unchanged,
            refused: planned.len() - accepted.len() - unchanged,
            records_created: accepted.len(),
            ..ImportOutcome::default()
        };
        if !options.dry_run && !accepted.is_empty() {
            progress("writing", 0, accepted.len());
            write(conn, &accepted).await?;
            progress("writing", accepted.len(), accepted.len());
            outcome.written = true;
        }
        outcome.errors = errors;
        AppResult::Ok(outcome)
    })
    .await
}

/// The registered groups a file names, by registration number and by kelurahan and name.
struct GroupIndex {
    by_number: HashMap<String, Group>,
    by_name: HashMap<(String, String), Group>,
}

impl GroupIndex {
    async fn load(conn: &mut DbConn, rows: &[Row<ProductColumn>]) -> diesel::QueryResult<Self> {
        let numbers: Vec<String> =
            rows.iter().filter_map(|r| r.get(ProductColumn::RegistrationNumber)).map(str::to_string).collect();
        let kelurahans = store::kelurahans(conn).await?;
        let codes: HashSet<&str> = rows.iter().filter_map(|r| r.get(ProductColumn::KelurahanCode)).collect();
        let ids: Vec<_> = codes.iter().filter_map(|code| kelurahans.get(*code).copied()).collect();
        let code_of: HashMap<_, _> = kelurahans.iter().map(|(code, id)| (*id, code.clone())).collect();
        let by_number = store::groups_numbered(conn, &numbers).await?;
        let by_name = store::groups_in(conn, &ids).await?;
        Ok(GroupIndex {
            by_number: by_number.into_iter().map(|g| (g.fields.registration_number.clone(), g)).collect(),
            by_name: by_name
                .into_iter()
                .map(|g| {
                    (
                        (
                            code_of.get(&g.fields.kelurahan_id).cloned().unwrap_or_default(),
                            g.fields.name.to_lowercase(),
                        ),
                        g,
                    )
                })
                .collect(),
        })
    }

    fn find(&self, row: &Row<ProductColumn>) -> Option<&Group> {
        if let Some(number) = row.get(ProductColumn::RegistrationNumber) {
            return self.by_number.get(number);
        }
        let code = row.get(ProductColumn::KelurahanCode)?.to_string();
        self.by_name.get(&(code, row.get(ProductColumn::GroupName)?.to_lowercase()))
    }
}

fn check_row(viewer: &Viewer, groups: &GroupIndex, row: &Row<ProductColumn>, out: &mut Vec<RowError>) -> Planned {
    use ProductColumn as C;
    let refuse = |out: &mut Vec<RowError>, column: C, problem: Problem| {
        out.push(RowError::new(row.row, Some(column.name()), &problem));
    };
    let group_column = if row.get(C::RegistrationNumber).is_some() { C::RegistrationNumber } else { C::GroupName };
    let group = match groups.find(row) {
        None => {
            refuse(out, group_column, Problem::NoGroup);
            None
        }
        Some(group) if viewer.require_registry_write(group.fields.kelurahan_id).is_err() => {
            refuse(out, group_column, Problem::OutsideKelurahan);
            None
        }
        Some(group) => Some(group.clone()),
    };
    let mut errors = UserErrors::default();
    let name = errors.check("name", validate::required_text(row.raw(C::ProductName), rules::MAX_NAME));
    let sector = match values::sector(row.raw(C::Sector)) {
        Ok(sector) => Some(sector),
        Err(problem) => {
            refuse(out, C::Sector, problem);
            None
        }
    };
    let description =
        errors.check("description", validate::optional_text(row.get(C::Description), rules::MAX_DESCRIPTION));
    let unit = errors.check("unit", validate::optional_text(row.get(C::Unit), rules::MAX_UNIT));
    let mut number = |column: C| match row.get(column).map(values::whole_number) {
        Some(Ok(n)) => Some(n),
        Some(Err(problem)) => {
            refuse(out, column, problem);
            None
        }
        None => None,
    };
    let price = number(C::Price);
    let capacity = number(C::MonthlyCapacity)
        .and_then(|n| i32::try_from(n).ok())
        .and_then(|n| rules::check_capacity(&mut errors, n));
    let barcode = row.get(C::Barcode).and_then(|b| rules::check_barcode(&mut errors, b));
    let regions = rules::check_regions(&mut errors, &values::list(row.raw(C::MarketRegions)));
    for error in errors.into_vec() {
        let field = error.field.as_ref().and_then(|path| path.last()).map_or("", String::as_str);
        out.push(RowError::from_user_error(row.row, column_of(field), error));
    }
    let permits = check_permits(row, out);
    let product = match (&group, name, sector) {
        (Some(group), Some(name), Some(sector)) => Some(NewProduct {
            fields: ProductFields {
                group_id: group.id,
                kelurahan_id: group.fields.kelurahan_id,
                name,
                description: description.flatten(),
                sector,
                price_rupiah: price,
                unit: unit.flatten(),
                monthly_capacity: capacity,
                barcode,
            },
            created_at: clock::now_utc(),
            updated_at: clock::now_utc(),
        }),
        _ => None,
    };
    Planned { row: row.row, group, product, regions: regions.unwrap_or_default(), permits, unchanged: false }
}

/// The permits of a row, each checked as `addProductPermit` checks it.
fn check_permits(row: &Row<ProductColumn>, out: &mut Vec<RowError>) -> Vec<ProductPermit> {
    use ProductColumn as C;
    let mut permits = Vec::new();
    for column in [C::Pirt, C::Bpom, C::Halal, C::Sni] {
        let Some(number) = row.get(column) else { continue };
        let kind = match column {
            C::Pirt => PermitKind::Pirt,
            C::Bpom if number.to_uppercase().starts_with("ML") => PermitKind::BpomMl,
            C::Bpom => PermitKind::BpomMd,
            C::Halal => PermitKind::Halal,
            _ => PermitKind::Sni,
        };
        match permits::check_number(kind, number) {
            Ok((number, valid_until)) => {
                permits.push(ProductPermit { product_id: ProductId(0), kind, number, issued_on: None, valid_until })
            }
            Err(invalid) => {
                out.push(RowError::from_user_error(row.row, column.name(), rules::invalid_permit(kind, &invalid)))
            }
        }
    }
    permits
}

/// A product (group and name) or a barcode given twice in the file: DUPLICATE_IN_FILE.
fn refuse_duplicates(planned: &[Planned], out: &mut Vec<RowError>) {
    let mut names: HashMap<(GroupId, String), usize> = HashMap::new();
    let mut barcodes: HashMap<&str, usize> = HashMap::new();
    for product in planned.iter().filter_map(|p| p.product.as_ref().map(|product| (p.row, product))) {
        let (row, product) = product;
        if let Some(first_row) = names.get(&(product.fields.group_id, product.fields.name.to_lowercase())) {
            out.push(RowError::new(row, Some("product_name"), &Problem::DuplicateInFile { first_row: *first_row }));
        } else {
            names.insert((product.fields.group_id, product.fields.name.to_lowercase()), row);
        }
        let Some(barcode) = product.fields.barcode.as_deref() else { continue };
        if let Some(first_row) = barcodes.get(barcode) {
            out.push(RowError::new(row, Some("barcode"), &Problem::DuplicateInFile { first_row: *first_row }));
        } else {
            barcodes.insert(barcode, row);
        }
    }
}

/// Products registered already (same group and name): unchanged when every column and
/// permit of the row is registered as it is, else CONFLICTING_ROW.
async fn compare_with_registry(conn: &mut DbConn, planned: &mut [Planned], out: &mut Vec<RowError>) -> AppResult<()> {
    let mut group_ids: Vec<GroupId> = planned.iter().filter_map(|p| p.group.as_ref().map(|g| g.id)).collect();
    group_ids.sort_by_key(|g| g.0);
    group_ids.dedup();
    let mut registered: Vec<Product> = Vec::new();
    for chunk in group_ids.chunks(store::CHUNK) {
        registered.extend(db_run!(conn: {
            products::table.filter(products::group_id.eq_any(chunk)).select(Product::as_select()).load(conn).await
        })?);
    }
    let by_key: HashMap<(GroupId, String), &Product> =
        registered.iter().map(|p| ((p.fields.group_id, p.fields.name.to_lowercase()), p)).collect();
    let ids: Vec<ProductId> = registered.iter().map(|p| p.id).collect();
    let mut held: HashSet<(ProductId, PermitKind, String)> = HashSet::new();
    for chunk in ids.chunks(store::CHUNK) {
        let rows: Vec<(ProductId, PermitKind, String)> = db_run!(conn: {
            product_permits::table
                .filter(product_permits::product_id.eq_any(chunk))
                .select((product_permits::product_id, product_permits::kind, product_permits::number))
                .load(conn)
                .await
        })?;
        held.extend(rows);
    }
    for item in planned.iter_mut() {
        let Some(new) = &item.product else { continue };
        let Some(existing) = by_key.get(&(new.fields.group_id, new.fields.name.to_lowercase())) else { continue };
        let same = existing.fields.sector == new.fields.sector
            && existing.fields.description == new.fields.description
            && existing.fields.price_rupiah == new.fields.price_rupiah
            && existing.fields.unit == new.fields.unit
            && existing.fields.monthly_capacity == new.fields.monthly_capacity
            && existing.fields.barcode == new.fields.barcode
            && item.permits.iter().all(|p| held.contains(&(existing.id, p.kind, p.number.clone())));
        if same {
            item.unchanged = true;
        } else {
            out.push(RowError::new(item.row, Some("product_name"), &Problem::ConflictingRow));
        }
    }
    Ok(())
}

/// Registers the accepted products with their regions and permits, in batches.
async fn write(conn: &mut DbConn, accepted: &[&Planned]) -> diesel::QueryResult<()> {
    let now = clock::now_utc();
    let rows: Vec<NewProduct> = accepted.iter().filter_map(|p| p.product.clone()).collect();
    let ids = product_store::insert_products(conn, rows).await?;
    let mut regions = Vec::new();
    let mut permits = Vec::new();
    for planned in accepted {
        let Some(new) = &planned.product else { continue };
        let Some(id) = ids.get(&(new.fields.group_id, new.fields.name.clone())).copied() else { continue };
        regions.extend(planned.regions.iter().map(|region| (id, region.clone())));
        permits.extend(planned.permits.iter().map(|p| (id, p.kind, p.number.clone(), p.valid_until)));
    }
    let first = ids.values().map(|id| id.0).min().unwrap_or(0);
    let last = ids.values().map(|id| id.0).max().unwrap_or(0);
    product_store::insert_details(conn, regions, permits, (ProductId(first), ProductId(last)), now).await
}
