//! The checks of a group file against the registry (NIKs registered already, the KUBE rules
//! on size and offices) and its write: new groups, then their members, skills and the
//! personal-data log, in batches inside the caller's transaction.

use std::collections::{BTreeSet, HashMap, HashSet};

use chrono::NaiveDateTime;

use super::groups::{GroupColumn, GroupPlan};
use super::store::{self, Holder};
use crate::access::Viewer;
use crate::audit::model::{self as audit, PersonalDataAction, Reads};
use crate::db::DbConn;
use crate::graphql::user_error::Problem;
use crate::groups::model::{GroupFields, GroupStatus, NewGroup};
use crate::ids::{GroupId, KelurahanId};
use crate::members::checks::personal_fields;
use crate::members::model::{GroupRole, MAX_MEMBERS_PER_GROUP, MemberFields, NewMember};

/// At least this many members in a group (KUBE, Permensos 2/2019).
pub const MIN_MEMBERS_PER_GROUP: i64 = 5;

impl GroupPlan {
    /// NIKs registered already: the same member in the same group with the same data is
    /// unchanged; with other data CONFLICTING_ROW; in another group DUPLICATE_NIK, or
    /// NIK_NEEDS_REVIEW for an officer who may not learn where (as `addMember` answers).
    pub fn check_holders(&mut self, viewer: &Viewer, holders: Vec<Holder>) {
        let holders: HashMap<String, Holder> = holders.into_iter().map(|h| (h.nik.clone(), h)).collect();
        let mut problems = Vec::new();
        for member in &mut self.members {
            let Some(holder) = member.nik.as_ref().and_then(|nik| holders.get(nik)) else { continue };
            member.registered = true;
            let group = member.group.and_then(|g| self.groups[g].existing.as_ref()).map(|g| g.id);
            if group == Some(holder.group_id) {
                let differing = [
                    (GroupColumn::FullName, member.full_name != holder.full_name),
                    (GroupColumn::Gender, member.gender != Some(holder.gender)),
                    (GroupColumn::Role, member.role != Some(holder.role)),
                ];
                match differing.iter().find(|(_, differs)| *differs) {
                    Some((column, _)) => problems.push((member.row, *column, Problem::ConflictingRow)),
                    None => member.unchanged = true,
                }
            } else if viewer.require_registry_write(holder.kelurahan_id).is_ok() {
                problems.push((member.row, GroupColumn::Nik, Problem::DuplicateNik));
            } else {
                problems.push((member.row, GroupColumn::Nik, Problem::NikNeedsReview));
            }
        }
        for (row, column, problem) in problems {
            self.refuse(row, column, problem);
        }
    }

    /// The KUBE rules for each group as it would stand after the import: 5 to 20 members,
    /// one CHAIR, SECRETARY and TREASURER at most, no new members in a dissolved group.
    /// `roles` holds the office of every registered member of the file's registered groups.
    pub fn check_groups(&mut self, roles: &[(GroupId, GroupRole)]) {
        let mut registered: HashMap<GroupId, (i64, HashSet<GroupRole>)> = HashMap::new();
        for (group, role) in roles {
            let entry = registered.entry(*group).or_default();
            entry.0 += 1;
            if role.is_officer() {
                entry.1.insert(*role);
            }
        }
        let mut problems = Vec::new();
        for group in &self.groups {
            let (count, mut offices) =
                group.existing.as_ref().and_then(|g| registered.get(&g.id)).cloned().unwrap_or_default();
            // Rows of registered NIKs are counted in `count` already (or refused).
            let new: Vec<usize> = group.members.iter().copied().filter(|m| !self.members[*m].registered).collect();
            if group.existing.as_ref().is_some_and(|g| g.fields.status == GroupStatus::Dissolved)
                && let Some(first) = new.first()
            {
                problems.push((self.members[*first].row, GroupColumn::GroupName, Problem::GroupDissolved));
            }
            for (position, index) in new.iter().enumerate() {
                let member = &self.members[*index];
                if let Some(role) = member.role.filter(|r| r.is_officer())
                    && !offices.insert(role)
                {
                    problems.push((member.row, GroupColumn::Role, Problem::RoleTaken { role: role.as_str() }));
                }
                if count + position as i64 >= MAX_MEMBERS_PER_GROUP {
                    let problem = Problem::GroupFull { max: MAX_MEMBERS_PER_GROUP };
                    problems.push((member.row, GroupColumn::GroupName, problem));
                }
            }
            let total = count + new.len() as i64;
            if total < MIN_MEMBERS_PER_GROUP {
                let problem = Problem::TooFewMembers { min: MIN_MEMBERS_PER_GROUP, count: total as usize };
                problems.push((group.first_row, GroupColumn::GroupName, problem));
            }
        }
        for (row, column, problem) in problems {
            self.refuse(row, column, problem);
        }
    }

    /// The groups without any refused row: the ones a partial import writes.
    pub fn clean_groups(&self) -> Vec<usize> {
        let bad: HashSet<usize> = self.errors.iter().map(|e| e.row).collect();
        (0..self.groups.len())
            .filter(|g| self.groups[*g].members.iter().all(|m| !bad.contains(&self.members[*m].row)))
            .collect()
    }

    /// Writes the new members of `groups` (and those groups that are new); returns the number
    /// of (groups created, members created).
    pub async fn write(
        &self,
        conn: &mut DbConn,
        viewer: &Viewer,
        groups: &[usize],
        now: NaiveDateTime,
    ) -> diesel::QueryResult<(usize, usize)> {
        let numbers = self.registration_numbers(conn, groups).await?;
        let new_groups: Vec<NewGroup> = numbers
            .iter()
            .map(|(index, number)| {
                let group = &self.groups[*index];
                NewGroup {
                    fields: GroupFields {
                        kelurahan_id: group.kelurahan_id,
                        registration_number: number.clone(),
                        name: group.name.clone(),
                        sector: group.sector.unwrap_or(crate::sector::BusinessSector::Other),
                        status: GroupStatus::Active,
                        founded_on: group.founded_on,
                        nib: group.nib.clone(),
                        annual_turnover: None,
                        business_capital: None,
                    },
                    created_at: now,
                    updated_at: now,
                }
            })
            .collect();
        let created_groups = new_groups.len();
        let ids = store::insert_groups(conn, new_groups).await?;
        let group_ids: HashMap<usize, GroupId> = groups
            .iter()
            .filter_map(|g| {
                let id = match &self.groups[*g].existing {
                    Some(existing) => Some(existing.id),
                    None => numbers.iter().find(|(i, _)| i == g).and_then(|(_, n)| ids.get(n).copied()),
                };
                id.map(|id| (*g, id))
            })
            .collect();
        let mut new_members = Vec::new();
        let mut details = Vec::new();
        for (index, group_id) in &group_ids {
            for member in self.groups[*index].members.iter().map(|m| &self.members[*m]).filter(|m| !m.unchanged) {
                let (Some(nik), Some(gender), Some(role)) = (&member.nik, member.gender, member.role) else { continue };
                details.push((nik.clone(), member.skills.clone(), member.phone.is_some(), member.address.is_some()));
                new_members.push(NewMember {
                    fields: MemberFields {
                        group_id: *group_id,
                        full_name: member.full_name.clone(),
                        nik: nik.clone(),
                        gender,
                        role,
                        phone: member.phone.clone(),
                        address: member.address.clone(),
                    },
                    created_at: now,
                    updated_at: now,
                });
            }
        }
        let member_ids = store::insert_members(conn, new_members).await?;
        let mut skills = Vec::new();
        let mut logged = Reads::new();
        for (nik, member_skills, phone, address) in details {
            let Some(id) = member_ids.get(&nik).copied() else { continue };
            let unique: BTreeSet<_> = member_skills.into_iter().collect();
            skills.extend(unique.into_iter().map(|skill| (id, skill)));
            logged.insert(id, personal_fields(true, phone, address).into_iter().collect());
        }
        store::insert_skills(conn, skills).await?;
        // One INSERT … SELECT per chunk and set of fields: the log says who added each person.
        let entries: Vec<_> = logged.into_iter().collect();
        for chunk in entries.chunks(store::CHUNK) {
            let chunk: Reads = chunk.iter().cloned().collect();
            audit::record(conn, viewer, PersonalDataAction::Create, &chunk, now).await?;
        }
        Ok((created_groups, member_ids.len()))
    }

    /// Registration numbers for the new groups among `groups`, taking each kelurahan's
    /// serials in one statement.
    async fn registration_numbers(
        &self,
        conn: &mut DbConn,
        groups: &[usize],
    ) -> diesel::QueryResult<Vec<(usize, String)>> {
        let mut per_kelurahan: Vec<(KelurahanId, String, Vec<usize>)> = Vec::new();
        for index in groups.iter().copied().filter(|g| self.groups[*g].existing.is_none()) {
            let group = &self.groups[index];
            match per_kelurahan.iter_mut().find(|(id, _, _)| *id == group.kelurahan_id) {
                Some((_, _, list)) => list.push(index),
                None => per_kelurahan.push((group.kelurahan_id, group.kelurahan_code.clone(), vec![index])),
            }
        }
        let mut numbers = Vec::new();
        for (kelurahan, code, list) in per_kelurahan {
            let count = i32::try_from(list.len()).unwrap_or(i32::MAX);
            let last = store::take_serials(conn, kelurahan, count).await?;
            for (offset, index) in list.into_iter().enumerate() {
                let serial = last - count + 1 + offset as i32;
                numbers.push((index, format!("{code}-KUB-{serial:03}")));
            }
        }
        Ok(numbers)
    }
}
