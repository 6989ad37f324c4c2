//! Group rows and their queries, written once for both backends.

use async_graphql::InputObject;
use chrono::{NaiveDate, NaiveDateTime};
use diesel::dsl::{count_star, sql};
use diesel::prelude::*;
use diesel::sql_types::BigInt;
use diesel_async::RunQueryDsl;

use crate::db::DbConn;
use crate::db::page::{PageRequest, PageRow};
use crate::db::schema::{business_groups, kelurahans};
use crate::db::sql::{LIKE_ESCAPE, check_search, contains_pattern, lower};
use crate::db_run;
use crate::error::AppResult;
use crate::geography::AreaLevel;
use crate::graphql::filter::{DateRange, renamed_to_list};
use crate::graphql::scalars::Date;
use crate::graphql::user_error::{MutationError, Thing, UserError};
use crate::ids::{GroupId, KelurahanId};
use crate::sector::BusinessSector;

pub use super::scale::EnterpriseScale;
pub use crate::group_status::GroupStatus;

/// A business group.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = business_groups)]
pub struct Group {
    pub id: GroupId,
    #[diesel(embed)]
    pub fields: GroupFields,
    /// Computed by the database from the two amounts.
    pub scale: Option<EnterpriseScale>,
}

/// The columns of a business group that are both read ([`Group`]) and written ([`NewGroup`]):
/// one field list, so that a new column is added in one place.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = business_groups)]
pub struct GroupFields {
    pub kelurahan_id: KelurahanId,
    pub registration_number: String,
    pub name: String,
    pub sector: BusinessSector,
    pub status: GroupStatus,
    pub founded_on: Option<NaiveDate>,
    pub nib: Option<String>,
    /// Declared annual turnover, whole rupiah.
    pub annual_turnover: Option<i64>,
    /// Declared business capital (land and buildings excluded), whole rupiah.
    pub business_capital: Option<i64>,
}

/// Which groups a list holds. Every condition given must hold.
#[derive(InputObject, Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct GroupFilter {
    /// Only groups of this kelurahan (Kemendagri code, e.g. "72.71.01.1004").
    pub kelurahan_code: Option<String>,
    /// Only groups of this kecamatan (e.g. "72.71.01").
    pub kecamatan_code: Option<String>,
    /// Only groups in one of these sectors.
    pub sectors: Option<Vec<BusinessSector>>,
    /// Only groups with this status. Deprecated: same as `statuses: [status]`; giving both
    /// with different values is refused (BAD_USER_INPUT).
    #[graphql(deprecation = "Use `statuses`.")]
    pub status: Option<GroupStatus>,
    /// Only groups in one of these statuses.
    pub statuses: Option<Vec<GroupStatus>>,
    /// Only groups of one of these size classes (groups that declared neither turnover nor
    /// capital have none, and are left out).
    pub scales: Option<Vec<EnterpriseScale>>,
    /// Only groups registered in the system on this day (Palu time) or later.
    pub from: Option<Date>,
    /// Only groups registered in the system on this day (Palu time) or earlier.
    pub to: Option<Date>,
    /// Part of the name or registration number, case-insensitive; at most 100 characters
    /// (longer: BAD_USER_INPUT).
    pub search: Option<String>,
}

impl GroupFilter {
    /// The filter as the lists apply it: the deprecated `status` folded into `statuses`, the
    /// search and the date range checked (BAD_USER_INPUT).
    pub fn resolved(self) -> AppResult<GroupFilter> {
        check_search(self.search.as_deref())?;
        DateRange::new(self.from, self.to)?;
        let statuses = renamed_to_list(self.status, self.statuses, "status", "statuses")?;
        Ok(GroupFilter { status: None, statuses, ..self })
    }

    pub(crate) fn registered(&self) -> DateRange {
        DateRange { from: self.from.map(|d| d.0), to: self.to.map(|d| d.0) }
    }
}

/// Keeps, of a boxed query on `business_groups`, the groups that match a [`GroupFilter`].
macro_rules! filtered_groups {
    ($query:expr, $filter:expr) => {{
        let filter: &GroupFilter = $filter;
        let mut query = $query;
        if let Some(code) = &filter.kelurahan_code {
            let kelurahans = crate::geography::model::kelurahan_id_with_code(code);
            query = query.filter(business_groups::kelurahan_id.eq_any(kelurahans));
        }
        if let Some(code) = &filter.kecamatan_code {
            let kelurahans = crate::geography::model::kelurahan_ids_in_kecamatan(code);
            query = query.filter(business_groups::kelurahan_id.eq_any(kelurahans));
        }
        if let Some(sectors) = &filter.sectors {
            query = query.filter(business_groups::sector.eq_any(sectors.clone()));
        }
        // The deprecated `status` is folded into `statuses` by `GroupFilter::resolved`.
        if let Some(statuses) = &filter.statuses {
            query = query.filter(business_groups::status.eq_any(statuses.clone()));
        }
        if let Some(scales) = &filter.scales {
            query = query.filter(business_groups::scale.eq_any(scales.clone()));
        }
        query = $crate::in_range!(query, instant business_groups::created_at, filter.registered());
        if let Some(search) = filter.search.as_deref().filter(|s| !s.trim().is_empty()) {
            let pattern = contains_pattern(search);
            query = query.filter(
                lower(business_groups::name).like(pattern.clone()).escape(LIKE_ESCAPE).or(lower(
                    business_groups::registration_number,
                )
                .like(pattern)
                .escape(LIKE_ESCAPE)),
            );
        }
        query
    }};
}

/// Other domains filter groups the same way (their callers import what the body names:
/// the tables, `lower`, `contains_pattern`, `LIKE_ESCAPE`).
pub(crate) use filtered_groups;

pub async fn by_ids(conn: &mut DbConn, ids: &[GroupId]) -> QueryResult<Vec<Group>> {
    crate::load_where_in!(conn, business_groups::id, ids, Group)
}

pub async fn find(conn: &mut DbConn, id: GroupId) -> QueryResult<Option<Group>> {
    Ok(by_ids(conn, &[id]).await?.pop())
}

// The groups matching a filter: a page of them, and their count.
crate::page_and_count!(
    page,
    count,
    |filter: GroupFilter| filtered_groups!(business_groups::table.into_boxed(), filter) => Group
);

/// One page of matching groups for each of several kelurahan, in one statement.
pub async fn pages_per_kelurahan(
    conn: &mut DbConn,
    kelurahans: &[KelurahanId],
    filter: &GroupFilter,
    request: &PageRequest,
) -> QueryResult<Vec<PageRow<Group>>> {
    crate::load_pages_per_parent!(
        conn,
        request,
        "kelurahan_id",
        crate::ids::numbers(kelurahans),
        filtered_groups!(business_groups::table.into_boxed(), filter).select(Group::as_select())
    )
}

/// How many groups match `filter` in each of several areas of one level (kelurahan or
/// kecamatan), by area id (absent = none).
pub async fn counts_per_area(
    conn: &mut DbConn,
    level: AreaLevel,
    ids: &[i64],
    filter: &GroupFilter,
) -> QueryResult<Vec<(i64, i64)>> {
    let area = || sql::<BigInt>(level.column());
    // GROUP BY cannot be boxed: group the rows that the boxed filter selects.
    db_run!(conn: {
        let matching = filtered_groups!(business_groups::table.into_boxed(), filter).select(business_groups::id);
        business_groups::table
            .inner_join(kelurahans::table)
            .filter(area().eq_any(ids))
            .filter(business_groups::id.eq_any(matching))
            .group_by(area())
            .select((area(), count_star()))
            .load(conn)
            .await
    })
}

/// A group to insert.
#[derive(Debug, Insertable)]
#[diesel(table_name = business_groups)]
pub struct NewGroup {
    #[diesel(embed)]
    pub fields: GroupFields,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// Changes to a group; `None` leaves a column as it is.
#[derive(Debug, Default, AsChangeset)]
#[diesel(table_name = business_groups)]
pub struct GroupChanges {
    pub name: Option<String>,
    pub sector: Option<BusinessSector>,
    pub status: Option<GroupStatus>,
    pub founded_on: Option<Option<NaiveDate>>,
    pub nib: Option<Option<String>>,
    pub annual_turnover: Option<Option<i64>>,
    pub business_capital: Option<Option<i64>>,
    pub updated_at: Option<NaiveDateTime>,
}

/// Takes the next registration serial of a kelurahan (atomically, inside the caller's
/// transaction) and formats the group's registration number from it.
pub async fn next_registration_number(conn: &mut DbConn, kelurahan: KelurahanId, code: &str) -> QueryResult<String> {
    let serial: i32 = db_run!(conn: {
        diesel::update(kelurahans::table.find(kelurahan))
            .set(kelurahans::group_serial.eq(kelurahans::group_serial + 1))
            .returning(kelurahans::group_serial)
            .get_result(conn)
            .await
    })?;
    Ok(format!("{code}-KUB-{serial:03}"))
}

pub async fn insert(conn: &mut DbConn, group: &NewGroup) -> QueryResult<Group> {
    crate::insert_row!(conn, business_groups, group, Group)
}

pub async fn update(conn: &mut DbConn, id: GroupId, changes: &GroupChanges) -> QueryResult<Group> {
    crate::update_row!(conn, business_groups, id, changes, Group)
}

/// Touches a group inside the caller's transaction so that concurrent changes to its
/// members queue behind each other (a row lock on PostgreSQL; SQLite writes are serial).
pub async fn lock(conn: &mut DbConn, id: GroupId, now: NaiveDateTime) -> QueryResult<Option<Group>> {
    crate::update_row!(conn, business_groups, id, business_groups::updated_at.eq(now), Group).optional()
}

/// Finds the group an input names, as a user error at `input.<field>` when there is none.
pub async fn group_for_input(conn: &mut DbConn, field: &str, id: &async_graphql::ID) -> Result<Group, MutationError> {
    let not_found = || UserError::not_found(field, Thing::Group, id.as_str());
    let id = GroupId::from_global(id).ok_or_else(not_found)?;
    Ok(find(conn, id).await?.ok_or_else(not_found)?)
}
