//! Group files: one row per member, the group's columns repeated on each of its rows and
//! matched to the registry by the group's natural key, its kelurahan and its name (compared
//! case-insensitively). Every cell goes through the checks `registerGroup` and `addMember`
//! make.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::format::{Column, Row};
use super::report::RowError;
use crate::access::Viewer;
use crate::graphql::scalars::Date;
use crate::graphql::user_error::{Problem, UserErrors};
use crate::groups::checks as group_rules;
use crate::groups::model::Group;
use crate::ids::KelurahanId;
use crate::import::values;
use crate::members::checks as member_rules;
use crate::members::model::{Gender, GroupRole};
use crate::sector::BusinessSector;
use crate::validate;

crate::file_columns! {
    /// The columns of a group file.
    pub enum GroupColumn {
        KelurahanCode = "kelurahan_code", ["kode_kelurahan", "kode_kel"], required;
        GroupName = "group_name", ["nama_kelompok", "kelompok"], required;
        Sector = "sector", ["sektor", "bidang_usaha"], required;
        FoundedOn = "founded_on", ["tanggal_berdiri", "tgl_berdiri"], optional;
        Nib = "nib", [], optional;
        FullName = "full_name", ["nama", "nama_lengkap", "nama_anggota"], required;
        Nik = "nik", ["no_ktp"], required;
        Gender = "gender", ["jenis_kelamin", "jk"], required;
        Role = "role", ["jabatan"], required;
        Skills = "skills", ["keahlian", "keterampilan"], optional;
        Phone = "phone", ["telepon", "no_hp", "hp"], optional;
        Address = "address", ["alamat"], optional;
    }
}

/// A group as the file gives it (its first row decides its columns).
#[derive(Debug)]
pub struct PlannedGroup {
    pub first_row: usize,
    pub kelurahan_id: KelurahanId,
    pub kelurahan_code: String,
    pub name: String,
    pub sector: Option<BusinessSector>,
    pub founded_on: Option<NaiveDate>,
    pub nib: Option<String>,
    /// The registered group of the same kelurahan and name, if any.
    pub existing: Option<Group>,
    /// Its rows, as indices into [`GroupPlan::members`].
    pub members: Vec<usize>,
}

/// A member row as checked.
#[derive(Debug)]
pub struct PlannedMember {
    pub row: usize,
    /// Index into [`GroupPlan::groups`]; `None` when the group's columns were refused.
    pub group: Option<usize>,
    pub full_name: String,
    pub nik: Option<String>,
    pub gender: Option<Gender>,
    pub role: Option<GroupRole>,
    pub skills: Vec<BusinessSector>,
    pub phone: Option<String>,
    pub address: Option<String>,
    /// Registered already in this group with the same data.
    pub unchanged: bool,
    /// Its NIK is registered already (unchanged, or refused): not a new member of its group.
    pub registered: bool,
}

/// What a group file asks for, and what is wrong with it so far.
#[derive(Debug, Default)]
pub struct GroupPlan {
    pub groups: Vec<PlannedGroup>,
    pub members: Vec<PlannedMember>,
    pub errors: Vec<RowError>,
    by_key: HashMap<(KelurahanId, String), usize>,
    nik_rows: HashMap<String, usize>,
}

/// The column of a file that an input field of a mutation stands for.
fn column_of(field: &str) -> &'static str {
    match field {
        "foundedOn" => "founded_on",
        "nib" => "nib",
        "fullName" => "full_name",
        "nik" => "nik",
        "gender" => "gender",
        "phone" => "phone",
        "address" => "address",
        _ => "",
    }
}

impl GroupPlan {
    pub(super) fn refuse(&mut self, row: usize, column: GroupColumn, problem: Problem) {
        self.errors.push(RowError::new(row, Some(column.name()), &problem));
    }

    /// Moves the mutations' user errors of one row into the report.
    fn take(&mut self, row: usize, errors: UserErrors) {
        for error in errors.into_vec() {
            let field = error.field.as_ref().and_then(|path| path.last()).map_or("", String::as_str);
            let column = column_of(field);
            self.errors.push(RowError::from_user_error(row, column, error));
        }
    }

    /// A required cell, or REQUIRED.
    fn required<'r>(&mut self, row: &'r Row<GroupColumn>, column: GroupColumn) -> Option<&'r str> {
        let value = row.get(column);
        if value.is_none() {
            self.refuse(row.row, column, Problem::Invalid(validate::Invalid::Required));
        }
        value
    }

    fn parsed<T>(
        &mut self,
        row: &Row<GroupColumn>,
        column: GroupColumn,
        parse: fn(&str) -> Result<T, Problem>,
    ) -> Option<T> {
        let text = self.required(row, column)?;
        parse(text).map_err(|problem| self.refuse(row.row, column, problem)).ok()
    }

    /// Checks one row on its own and files it under its group.
    pub fn add_row(&mut self, viewer: &Viewer, kelurahans: &HashMap<String, KelurahanId>, row: &Row<GroupColumn>) {
        use GroupColumn as C;
        let mut errors = UserErrors::default();
        let code = row.raw(C::KelurahanCode).trim().to_string();
        let kelurahan = match kelurahans.get(&code) {
            None => {
                self.refuse(row.row, C::KelurahanCode, Problem::NoKelurahan { code: code.clone() });
                None
            }
            Some(id) if viewer.require_registry_write(*id).is_err() => {
                self.refuse(row.row, C::KelurahanCode, Problem::OutsideKelurahan);
                None
            }
            Some(id) => Some(*id),
        };
        let name = validate::required_text(row.raw(C::GroupName), group_rules::MAX_NAME)
            .map_err(|invalid| self.refuse(row.row, C::GroupName, Problem::Invalid(invalid)))
            .ok();
        let sector = self.parsed(row, C::Sector, values::sector);
        let founded_on = match row.get(C::FoundedOn).map(values::date) {
            Some(Ok(day)) => group_rules::check_founded_on(&mut errors, Date(day)),
            Some(Err(problem)) => {
                self.refuse(row.row, C::FoundedOn, problem);
                None
            }
            None => None,
        };
        let nib = row.get(C::Nib).and_then(|nib| group_rules::check_nib(&mut errors, nib));
        let full_name = errors.check("fullName", validate::required_text(row.raw(C::FullName), member_rules::MAX_NAME));
        let gender = self.parsed(row, C::Gender, values::gender);
        let nik_text = self.required(row, C::Nik).unwrap_or_default().to_string();
        let nik = match gender {
            Some(gender) if !nik_text.is_empty() => member_rules::check_nik_and_gender(&mut errors, &nik_text, gender),
            _ if !nik_text.is_empty() => {
                errors.check("nik", validate::parse_nik(&nik_text, crate::clock::today())).map(|_| nik_text)
            }
            _ => None,
        };
        let role = self.parsed(row, C::Role, values::role);
        let skills = values::skills(row.raw(C::Skills)).map_err(|problem| self.refuse(row.row, C::Skills, problem));
        let phone = row.get(C::Phone).and_then(|phone| member_rules::check_phone(&mut errors, phone));
        let address = errors
            .check("address", validate::optional_text(Some(row.raw(C::Address)), member_rules::MAX_ADDRESS))
            .flatten();
        self.take(row.row, errors);
        if let Some(nik) = &nik {
            if let Some(first_row) = self.nik_rows.get(nik) {
                let problem = Problem::DuplicateInFile { first_row: *first_row };
                self.refuse(row.row, C::Nik, problem);
            } else {
                self.nik_rows.insert(nik.clone(), row.row);
            }
        }
        let group = match (kelurahan, name) {
            (Some(kelurahan), Some(name)) => {
                Some(self.file_under(row.row, kelurahan, &code, name, sector, founded_on, nib))
            }
            _ => None,
        };
        let index = self.members.len();
        if let Some(group) = group {
            self.groups[group].members.push(index);
        }
        self.members.push(PlannedMember {
            row: row.row,
            group,
            full_name: full_name.unwrap_or_default(),
            nik,
            gender,
            role,
            skills: skills.unwrap_or_default(),
            phone,
            address,
            unchanged: false,
            registered: false,
        });
    }

    /// The group a row belongs to (new on its first row); a later row whose group columns
    /// differ from the first is INCONSISTENT_GROUP.
    #[allow(clippy::too_many_arguments)]
    fn file_under(
        &mut self,
        row: usize,
        kelurahan_id: KelurahanId,
        code: &str,
        name: String,
        sector: Option<BusinessSector>,
        founded_on: Option<NaiveDate>,
        nib: Option<String>,
    ) -> usize {
        let key = (kelurahan_id, name.to_lowercase());
        if let Some(index) = self.by_key.get(&key).copied() {
            let group = &self.groups[index];
            let first_row = group.first_row;
            let differing = [
                (GroupColumn::Sector, sector.is_some() && group.sector.is_some() && sector != group.sector),
                (GroupColumn::FoundedOn, founded_on != group.founded_on),
                (GroupColumn::Nib, nib != group.nib),
            ];
            for (column, differs) in differing {
                if differs {
                    self.refuse(row, column, Problem::InconsistentGroup { first_row });
                }
            }
            return index;
        }
        self.groups.push(PlannedGroup {
            first_row: row,
            kelurahan_id,
            kelurahan_code: code.to_string(),
            name,
            sector,
            founded_on,
            nib,
            existing: None,
            members: Vec::new(),
        });
        self.by_key.insert(key, self.groups.len() - 1);
        self.groups.len() - 1
    }

    /// The kelurahan the file's groups are in.
    pub fn kelurahan_ids(&self) -> Vec<KelurahanId> {
        let mut ids: Vec<KelurahanId> = self.groups.iter().map(|g| g.kelurahan_id).collect();
        ids.sort_by_key(|id| id.0);
        ids.dedup();
        ids
    }

    /// The NIKs of the file that passed their checks.
    pub fn niks(&self) -> Vec<String> {
        self.members.iter().filter_map(|m| m.nik.clone()).collect()
    }

    /// Matches the file's groups to the registered ones; a group whose sector, founding day or
    /// NIB differs from the registry's is CONFLICTING_ROW (an import only adds).
    pub fn match_groups(&mut self, registered: Vec<Group>) {
        let by_key: HashMap<(KelurahanId, String), Group> =
            registered.into_iter().map(|g| ((g.fields.kelurahan_id, g.fields.name.to_lowercase()), g)).collect();
        let mut conflicts = Vec::new();
        for group in &mut self.groups {
            let Some(existing) = by_key.get(&(group.kelurahan_id, group.name.to_lowercase())) else { continue };
            let differing = [
                (GroupColumn::Sector, group.sector.is_some_and(|s| s != existing.fields.sector)),
                (GroupColumn::FoundedOn, group.founded_on.is_some() && group.founded_on != existing.fields.founded_on),
                (GroupColumn::Nib, group.nib.is_some() && group.nib != existing.fields.nib),
            ];
            conflicts.extend(differing.into_iter().filter(|(_, d)| *d).map(|(c, _)| (group.first_row, c)));
            group.existing = Some(existing.clone());
        }
        for (row, column) in conflicts {
            self.refuse(row, column, Problem::ConflictingRow);
        }
    }
}
