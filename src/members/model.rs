//! Member rows, their skills, and their queries, written once for both backends.

use async_graphql::Enum;
use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel_async::RunQueryDsl;

use crate::db::DbConn;
use crate::db::page::{PageRequest, PageRow};
use crate::db::schema::{business_groups, member_skills, members};
use crate::db::sql::{LIKE_ESCAPE, contains_pattern, lower};
use crate::db_run;
use crate::graphql::filter::DateRange;
use crate::graphql::user_error::{MutationError, Thing, UserError};
use crate::groups::model::{GroupFilter, filtered_groups};
use crate::ids::{GroupId, MemberId};
use crate::sector::BusinessSector;

/// At most this many members in a group (KUBE, Permensos 2/2019).
pub const MAX_MEMBERS_PER_GROUP: i64 = 20;

/// A member's gender, as recorded on the KTP.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq, Hash, diesel::AsExpression, diesel::FromSqlRow)]
#[diesel(sql_type = diesel::sql_types::Text)]
pub enum Gender {
    /// Perempuan (the NIK's birth day has 40 added).
    Female,
    /// Laki-laki.
    Male,
}

crate::text_enum!(Gender {
    Female => "FEMALE",
    Male => "MALE",
});

/// A member's office in the group.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq, Hash, diesel::AsExpression, diesel::FromSqlRow)]
#[diesel(sql_type = diesel::sql_types::Text)]
pub enum GroupRole {
    /// Ketua: one per group; applies for financing on the group's behalf.
    Chair,
    /// Sekretaris: one per group.
    Secretary,
    /// Bendahara: one per group.
    Treasurer,
    /// Anggota.
    Member,
}

crate::text_enum!(GroupRole {
    Chair => "CHAIR",
    Secretary => "SECRETARY",
    Treasurer => "TREASURER",
    Member => "MEMBER",
});

impl GroupRole {
    /// Offices a group has at most one of.
    pub fn is_officer(self) -> bool {
        self != GroupRole::Member
    }
}

/// A member of a group.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = members)]
pub struct Member {
    pub id: MemberId,
    #[diesel(embed)]
    pub fields: MemberFields,
    /// When the member was registered: the NIK's two-digit birth year is read against it.
    pub created_at: NaiveDateTime,
}

/// The columns of a member that are both read ([`Member`]) and written ([`NewMember`]):
/// one field list, so that a new column is added in one place.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = members)]
pub struct MemberFields {
    pub group_id: GroupId,
    pub full_name: String,
    pub nik: String,
    pub gender: Gender,
    pub role: GroupRole,
    pub phone: Option<String>,
    pub address: Option<String>,
}

impl Member {
    /// The birth date in the NIK, with the century that was right when the member was
    /// registered (so it does not change as the years pass).
    pub fn nik_birth_date(&self) -> Option<chrono::NaiveDate> {
        crate::validate::parse_nik(&self.fields.nik, self.created_at.date()).ok().map(|nik| nik.birth_date)
    }
}

/// Which members a list holds.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct MemberCriteria {
    pub group_id: Option<GroupId>,
    pub kelurahan_code: Option<String>,
    pub kecamatan_code: Option<String>,
    /// Members skilled in at least one of these sectors.
    pub skills: Option<Vec<BusinessSector>>,
    /// Members registered on these days (Palu time).
    pub registered: DateRange,
    /// Part of the name, case-insensitive (never the NIK: searching by it would reveal it).
    pub search: Option<String>,
}

macro_rules! filtered_members {
    ($query:expr, $criteria:expr) => {{
        let criteria: &MemberCriteria = $criteria;
        let mut query = $query;
        if let Some(group) = criteria.group_id {
            query = query.filter(members::group_id.eq(group));
        }
        if criteria.kelurahan_code.is_some() || criteria.kecamatan_code.is_some() {
            let area = GroupFilter {
                kelurahan_code: criteria.kelurahan_code.clone(),
                kecamatan_code: criteria.kecamatan_code.clone(),
                ..GroupFilter::default()
            };
            query = query.filter(
                members::group_id
                    .eq_any(filtered_groups!(business_groups::table.into_boxed(), &area).select(business_groups::id)),
            );
        }
        if let Some(skills) = &criteria.skills {
            query = query.filter(
                members::id.eq_any(
                    member_skills::table
                        .filter(member_skills::sector.eq_any(skills.clone()))
                        .select(member_skills::member_id),
                ),
            );
        }
        query = crate::in_range!(query, instant members::created_at, criteria.registered);
        if let Some(search) = criteria.search.as_deref().filter(|s| !s.trim().is_empty()) {
            query = query.filter(lower(members::full_name).like(contains_pattern(search)).escape(LIKE_ESCAPE));
        }
        query
    }};
}

pub async fn by_ids(conn: &mut DbConn, ids: &[MemberId]) -> QueryResult<Vec<Member>> {
    crate::load_where_in!(conn, members::id, ids, Member)
}

pub async fn find(conn: &mut DbConn, id: MemberId) -> QueryResult<Option<Member>> {
    Ok(by_ids(conn, &[id]).await?.pop())
}

/// The member, read inside the caller's transaction and kept from concurrent changes until it
/// ends (see [`crate::lock_row!`]). `None` when the member is gone (removed meanwhile).
pub async fn lock(conn: &mut DbConn, id: MemberId) -> QueryResult<Option<Member>> {
    crate::lock_row!(conn, members, id, Member)
}

crate::page_and_count!(
    page,
    count,
    |criteria: MemberCriteria| filtered_members!(members::table.into_boxed(), criteria) => Member
);

/// One page of members for each of several groups, in one statement.
pub async fn pages_per_group(
    conn: &mut DbConn,
    groups: &[GroupId],
    request: &PageRequest,
) -> QueryResult<Vec<PageRow<Member>>> {
    crate::load_pages_per_parent!(
        conn,
        request,
        "group_id",
        crate::ids::numbers(groups),
        members::table.select(Member::as_select())
    )
}

/// How many members each of several groups has (absent = none).
pub async fn counts_per_group(conn: &mut DbConn, groups: &[GroupId]) -> QueryResult<Vec<(GroupId, i64)>> {
    crate::count_per_key!(conn, members::group_id, groups)
}

/// The skills of several members.
pub async fn skills_of(conn: &mut DbConn, ids: &[MemberId]) -> QueryResult<Vec<(MemberId, BusinessSector)>> {
    crate::values_per_key!(conn, member_skills, member_id => sector, ids)
}

/// The member holding a NIK, if any.
pub async fn id_by_nik(conn: &mut DbConn, nik: &str) -> QueryResult<Option<MemberId>> {
    db_run!(conn: {
        members::table.filter(members::nik.eq(nik)).select(members::id).first(conn).await.optional()
    })
}

/// The member holding an office in a group, if any.
pub async fn officer_of(conn: &mut DbConn, group: GroupId, role: GroupRole) -> QueryResult<Option<MemberId>> {
    db_run!(conn: {
        members::table
            .filter(members::group_id.eq(group))
            .filter(members::role.eq(role))
            .select(members::id)
            .first(conn)
            .await
            .optional()
    })
}

/// A member to insert.
#[derive(Debug, Insertable)]
#[diesel(table_name = members)]
pub struct NewMember {
    #[diesel(embed)]
    pub fields: MemberFields,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// Changes to a member; `None` leaves a column as it is.
#[derive(Debug, Default, AsChangeset)]
#[diesel(table_name = members)]
pub struct MemberChanges {
    pub full_name: Option<String>,
    pub nik: Option<String>,
    pub gender: Option<Gender>,
    pub role: Option<GroupRole>,
    pub phone: Option<Option<String>>,
    pub address: Option<Option<String>>,
    pub updated_at: Option<NaiveDateTime>,
}

pub async fn insert(conn: &mut DbConn, member: &NewMember) -> QueryResult<Member> {
    crate::insert_row!(conn, members, member, Member)
}

pub async fn update(conn: &mut DbConn, id: MemberId, changes: &MemberChanges) -> QueryResult<Member> {
    crate::update_row!(conn, members, id, changes, Member)
}

/// Replaces a member's skills, each once.
pub async fn set_skills(conn: &mut DbConn, id: MemberId, skills: &[BusinessSector]) -> QueryResult<()> {
    let mut skills = skills.to_vec();
    skills.sort();
    skills.dedup();
    crate::replace_values!(conn, member_skills, member_id => sector, id, &skills)
}

/// Deletes a member and their skills (the right to erasure, UU PDP art. 8).
pub async fn delete(conn: &mut DbConn, id: MemberId) -> QueryResult<usize> {
    db_run!(conn: { diesel::delete(members::table.find(id)).execute(conn).await })
}

/// Resolves a member id of an input, as a user error when there is no such member.
pub async fn member_for_input(
    conn: &mut DbConn,
    field: &str,
    id: &async_graphql::ID,
) -> Result<(Member, crate::groups::model::Group), MutationError> {
    let not_found = || UserError::not_found(field, Thing::Member, id.as_str());
    let id = MemberId::from_global(id).ok_or_else(not_found)?;
    let member = find(conn, id).await?.ok_or_else(not_found)?;
    let group = crate::groups::model::find(conn, member.fields.group_id).await?.ok_or_else(not_found)?;
    Ok((member, group))
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;

    fn member_registered_on(date: NaiveDate) -> Member {
        Member {
            id: MemberId(1),
            fields: MemberFields {
                group_id: GroupId(1),
                full_name: "Anggota".into(),
                nik: "7271011506260001".into(),
                gender: Gender::Male,
                role: GroupRole::Member,
                phone: None,
                address: None,
            },
            created_at: date.and_hms_opt(8, 0, 0).unwrap(),
        }
    }

    #[test]
    fn the_birth_century_is_read_against_the_registration_date_not_today() {
        let date = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        // Born 15 June 26: registered before that day of 2026 it can only be 1926.
        assert_eq!(member_registered_on(date(2026, 1, 1)).nik_birth_date(), Some(date(1926, 6, 15)));
        assert_eq!(member_registered_on(date(2026, 7, 1)).nik_birth_date(), Some(date(2026, 6, 15)));
    }
}
