//! The aggregate queries of the dashboard, written once for both backends. Only submitted
//! applications count (drafts were never sent); a period selects applications by the month
//! (Palu time) they were submitted in.

use diesel::dsl::{not, sql};
use diesel::expression::SqlLiteral;
use diesel::prelude::*;
use diesel::sql_types::BigInt;
use diesel_async::RunQueryDsl;

use crate::db::DbConn;
use crate::db::page::{Page, PageRequest};
use crate::db::schema::{business_groups, financing_applications, kelurahans, mentoring_sessions};
use crate::db::sql::{AmountSum, LIKE_ESCAPE, amount_sum, combine_amount_sum, contains_pattern, lower};
use crate::db_run;
use crate::financing::applications::model::ApplicationStatus;
use crate::graphql::filter::DateRange;
use crate::groups::model::{Group, GroupFilter, GroupStatus, filtered_groups};
use crate::ids::{KecamatanId, KelurahanId, LenderId, SchemeId};
use crate::sector::BusinessSector;

/// Which applications the figures count, and which groups the group lists hold.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct FigureCriteria {
    /// Applicants (groups, or members' groups) of this kecamatan.
    pub kecamatan_code: Option<String>,
    /// Applicants of this kelurahan.
    pub kelurahan_code: Option<String>,
    /// Applicants whose group works in one of these sectors.
    pub sectors: Option<Vec<BusinessSector>>,
    /// Applications to this lender.
    pub lender_id: Option<LenderId>,
    /// Applications submitted on these days (Palu time).
    pub submitted: DateRange,
    /// Only groups' applications: a member's own loan is personal financial data, which a
    /// narrow enough filter would single out, so it counts only for Dinas staff.
    pub groups_only: bool,
}

/// The figures of a set of submitted applications.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Figures {
    pub applications: i64,
    pub requested: i128,
    /// Applications the lender approved (those withdrawn after approval included).
    pub approved_count: i64,
    pub approved: i128,
    pub disbursed: i128,
    pub rejected_count: i64,
}

/// Counts, and sums of amounts in the two parts of [`amount_sum`].
type FigureColumns = (i64, (i64, i64), i64, (i64, i64), (i64, i64), i64);

impl From<FigureColumns> for Figures {
    fn from((applications, requested, approved_count, approved, disbursed, rejected_count): FigureColumns) -> Self {
        Figures {
            applications,
            requested: combine_amount_sum(requested),
            approved_count,
            approved: combine_amount_sum(approved),
            disbursed: combine_amount_sum(disbursed),
            rejected_count,
        }
    }
}

impl Figures {
    /// Approvals among the lenders' decisions; `None` before any decision.
    pub fn approval_rate(&self) -> Option<f64> {
        let decided = self.approved_count + self.rejected_count;
        (decided > 0).then(|| self.approved_count as f64 / decided as f64)
    }
}

fn quoted(statuses: &[ApplicationStatus]) -> String {
    statuses.iter().map(|s| format!("'{}'", s.as_str())).collect::<Vec<_>>().join(", ")
}

type Aggregate = SqlLiteral<BigInt>;

/// The aggregate columns of [`Figures`]. An approval is an application with an approved
/// amount; money is paid out once an application reached DISBURSED. Amounts are summed in
/// two parts, which cannot overflow ([`amount_sum`]).
fn figure_columns() -> (Aggregate, AmountSum, Aggregate, AmountSum, AmountSum, Aggregate) {
    (
        sql::<BigInt>("COUNT(*)"),
        amount_sum("financing_applications.amount_requested"),
        sql::<BigInt>("COUNT(financing_applications.amount_approved)"),
        amount_sum("financing_applications.amount_approved"),
        amount_sum(&format!(
            "CASE WHEN financing_applications.status IN ({}) THEN financing_applications.amount_approved ELSE 0 END",
            quoted(&ApplicationStatus::PAID_OUT)
        )),
        sql::<BigInt>(&format!(
            "COUNT(CASE WHEN financing_applications.status = {} THEN 1 END)",
            quoted(&[ApplicationStatus::Rejected])
        )),
    )
}

/// Submitted applications to the criteria's lender in its period (any applicant).
macro_rules! in_period {
    ($criteria:expr) => {{
        let criteria: &FigureCriteria = $criteria;
        let mut query =
            financing_applications::table.filter(financing_applications::submitted_at.is_not_null()).into_boxed();
        if let Some(lender) = criteria.lender_id {
            query = query.filter(financing_applications::lender_id.eq(lender));
        }
        if criteria.groups_only {
            query = query.filter(financing_applications::group_id.is_not_null());
        }
        crate::in_range!(query, instant financing_applications::submitted_at, criteria.submitted)
    }};
}

impl FigureCriteria {
    /// The groups of the criteria's kecamatan, kelurahan and sector.
    fn area(&self) -> GroupFilter {
        GroupFilter {
            kelurahan_code: self.kelurahan_code.clone(),
            kecamatan_code: self.kecamatan_code.clone(),
            sectors: self.sectors.clone(),
            ..GroupFilter::default()
        }
    }
}

/// Groups of the criteria's kecamatan, kelurahan and sector, as a boxed query.
macro_rules! groups_in_area {
    ($criteria:expr) => {{
        let area = $criteria.area();
        filtered_groups!(business_groups::table.into_boxed(), &area)
    }};
}

/// The ids of the applications the figures count.
macro_rules! counted {
    ($criteria:expr) => {{
        let criteria: &FigureCriteria = $criteria;
        in_period!(criteria)
            .filter(
                financing_applications::applicant_group_id
                    .eq_any(groups_in_area!(criteria).select(business_groups::id)),
            )
            .select(financing_applications::id)
    }};
}

/// The figures of all counted applications.
pub async fn total(conn: &mut DbConn, criteria: &FigureCriteria) -> QueryResult<Figures> {
    let row: FigureColumns = db_run!(conn: {
        financing_applications::table
            .filter(financing_applications::id.eq_any(counted!(criteria)))
            .select(figure_columns())
            .get_result(conn)
            .await
    })?;
    Ok(row.into())
}

/// The figures of the counted applications per value of `$key` (a column of
/// `financing_applications` or of the applicant's group), ordered by it.
macro_rules! figures_by {
    ($conn:ident, $criteria:expr, $key:expr, $key_type:ty) => {{
        let rows: Vec<($key_type, FigureColumns)> = db_run!($conn: {
            financing_applications::table
                .inner_join(business_groups::table.inner_join(kelurahans::table))
                .filter(financing_applications::id.eq_any(counted!($criteria)))
                .group_by($key)
                .select(($key, figure_columns()))
                .order($key)
                .load($conn)
                .await
        })?;
        Ok(rows.into_iter().map(|(key, row)| (key, Figures::from(row))).collect())
    }};
}

pub async fn by_kelurahan(conn: &mut DbConn, criteria: &FigureCriteria) -> QueryResult<Vec<(KelurahanId, Figures)>> {
    figures_by!(conn, criteria, business_groups::kelurahan_id, KelurahanId)
}

pub async fn by_kecamatan(conn: &mut DbConn, criteria: &FigureCriteria) -> QueryResult<Vec<(KecamatanId, Figures)>> {
    figures_by!(conn, criteria, kelurahans::kecamatan_id, KecamatanId)
}

pub async fn by_sector(conn: &mut DbConn, criteria: &FigureCriteria) -> QueryResult<Vec<(BusinessSector, Figures)>> {
    figures_by!(conn, criteria, business_groups::sector, BusinessSector)
}

pub async fn by_lender(conn: &mut DbConn, criteria: &FigureCriteria) -> QueryResult<Vec<(LenderId, Figures)>> {
    figures_by!(conn, criteria, financing_applications::lender_id, LenderId)
}

pub async fn by_scheme(conn: &mut DbConn, criteria: &FigureCriteria) -> QueryResult<Vec<(SchemeId, Figures)>> {
    figures_by!(conn, criteria, financing_applications::scheme_id, SchemeId)
}

/// Per month of submission, "YYYY-MM", oldest first.
pub async fn by_month(conn: &mut DbConn, criteria: &FigureCriteria) -> QueryResult<Vec<(Option<String>, Figures)>> {
    figures_by!(conn, criteria, financing_applications::submitted_month, Option<String>)
}

/// The group lists of the dashboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum GroupList {
    /// ACTIVE groups that were never paid out capital on an application of their own (in the
    /// period, by the lender, when the criteria say so). Members' own loans do not count:
    /// they are personal.
    WithoutCapital,
    /// Groups that submitted an application of their own (in the period, to the lender) and
    /// have no mentoring session on record.
    AppliedWithoutCoaching,
}

/// The groups of a list, restricted to `kelurahans` when given (an officer's).
macro_rules! listed_groups {
    ($list:expr, $criteria:expr, $kelurahans:expr) => {{
        let criteria: &FigureCriteria = $criteria;
        let kelurahans: Option<&[KelurahanId]> = $kelurahans;
        let mut query = groups_in_area!(criteria);
        if let Some(kelurahans) = kelurahans {
            query = query.filter(business_groups::kelurahan_id.eq_any(kelurahans.to_vec()));
        }
        let own = in_period!(criteria).filter(financing_applications::group_id.is_not_null());
        match $list {
            GroupList::WithoutCapital => {
                query.filter(business_groups::status.eq(GroupStatus::Active)).filter(not(business_groups::id.eq_any(
                    own.filter(financing_applications::status.eq_any(ApplicationStatus::PAID_OUT.to_vec()))
                        .select(financing_applications::group_id.assume_not_null()),
                )))
            }
            GroupList::AppliedWithoutCoaching => query
                .filter(business_groups::id.eq_any(own.select(financing_applications::group_id.assume_not_null())))
                .filter(
                    not(business_groups::id.eq_any(mentoring_sessions::table.select(mentoring_sessions::group_id))),
                ),
        }
    }};
}

/// One page of a group list.
pub async fn group_page(
    conn: &mut DbConn,
    list: GroupList,
    criteria: &FigureCriteria,
    kelurahans: Option<&[KelurahanId]>,
    request: &PageRequest,
) -> QueryResult<Page<Group>> {
    crate::load_page!(conn, request, listed_groups!(list, criteria, kelurahans).select(Group::as_select()))
}

/// How many groups a list holds.
pub async fn group_count(
    conn: &mut DbConn,
    list: GroupList,
    criteria: &FigureCriteria,
    kelurahans: Option<&[KelurahanId]>,
) -> QueryResult<i64> {
    db_run!(conn: { listed_groups!(list, criteria, kelurahans).count().get_result(conn).await })
}
