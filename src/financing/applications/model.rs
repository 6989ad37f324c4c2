//! Application rows, their history, the workflow, and their queries, written once for both
//! backends. Every query that returns applications takes the caller's [`ApplicationScope`],
//! so the access rule is written once, in SQL.

use async_graphql::Enum;
use chrono::NaiveDateTime;
use diesel::dsl::count_star;
use diesel::prelude::*;
use diesel_async::RunQueryDsl;

use crate::access::{ApplicationScope, Party};
use crate::db::DbConn;
use crate::db::page::{Page, PageRequest, PageRow};
use crate::db::schema::{business_groups, financing_application_events, financing_applications};
use crate::db::sql::{LIKE_ESCAPE, contains_pattern, lower};
use crate::db_run;
use crate::graphql::filter::DateRange;
use crate::groups::model::{GroupFilter, filtered_groups};
use crate::ids::{ApplicationId, GroupId, LenderId, MemberId, SchemeId};

mod writes;
pub use writes::{MoveChanges, NewApplication, insert, insert_event, move_from};

/// Where a financing application stands.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq, Hash, diesel::AsExpression, diesel::FromSqlRow)]
#[diesel(sql_type = diesel::sql_types::Text)]
pub enum ApplicationStatus {
    /// Kept, not yet sent to the lender.
    Draft,
    /// Sent to the lender.
    Submitted,
    /// The lender is reviewing it.
    UnderReview,
    /// The lender approved `amountApproved`.
    Approved,
    /// The lender turned it down.
    Rejected,
    /// The lender paid the money out.
    Disbursed,
    /// Paid back in full.
    Repaid,
    /// Not paid back.
    Defaulted,
    /// The applicant withdrew it.
    Withdrawn,
}

crate::text_enum!(ApplicationStatus {
    Draft => "DRAFT",
    Submitted => "SUBMITTED",
    UnderReview => "UNDER_REVIEW",
    Approved => "APPROVED",
    Rejected => "REJECTED",
    Disbursed => "DISBURSED",
    Repaid => "REPAID",
    Defaulted => "DEFAULTED",
    Withdrawn => "WITHDRAWN",
});

impl ApplicationStatus {
    /// Every status, in workflow order.
    pub const ALL: [ApplicationStatus; 9] = [
        Self::Draft,
        Self::Submitted,
        Self::UnderReview,
        Self::Approved,
        Self::Rejected,
        Self::Disbursed,
        Self::Repaid,
        Self::Defaulted,
        Self::Withdrawn,
    ];

    /// Statuses reached after the money was paid out.
    pub const PAID_OUT: [ApplicationStatus; 3] = [Self::Disbursed, Self::Repaid, Self::Defaulted];

    /// The workflow: the party that may move an application from `self` to `to`, or `None`
    /// when the workflow has no such move.
    ///
    /// DRAFT → SUBMITTED → UNDER_REVIEW → APPROVED | REJECTED; APPROVED → DISBURSED →
    /// REPAID | DEFAULTED; WITHDRAWN from DRAFT, SUBMITTED, UNDER_REVIEW or APPROVED.
    pub fn move_to(self, to: ApplicationStatus) -> Option<Party> {
        use ApplicationStatus::*;
        match (self, to) {
            (Draft, Submitted | Withdrawn) | (Submitted | UnderReview | Approved, Withdrawn) => Some(Party::Applicant),
            (Submitted, UnderReview)
            | (UnderReview, Approved | Rejected)
            | (Approved, Disbursed)
            | (Disbursed, Repaid | Defaulted) => Some(Party::Lender),
            _ => None,
        }
    }

    /// The statuses an application can move to from this one.
    pub fn next(self) -> Vec<ApplicationStatus> {
        Self::ALL.into_iter().filter(|to| self.move_to(*to).is_some()).collect()
    }

    /// Whether the workflow can still move on from here.
    pub fn is_open(self) -> bool {
        !self.next().is_empty()
    }

    /// The statuses that can still move on.
    pub fn open() -> Vec<ApplicationStatus> {
        Self::ALL.into_iter().filter(|s| s.is_open()).collect()
    }
}

/// A financing application.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = financing_applications)]
pub struct Application {
    pub id: ApplicationId,
    #[diesel(embed)]
    pub fields: ApplicationFields,
    pub amount_approved: Option<i64>,
}

/// The columns of an application that are both read ([`Application`]) and written
/// ([`NewApplication`]): one field list, so that a new column is added in one place.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = financing_applications)]
pub struct ApplicationFields {
    pub scheme_id: SchemeId,
    pub lender_id: LenderId,
    pub group_id: Option<GroupId>,
    pub member_id: Option<MemberId>,
    pub applicant_group_id: GroupId,
    pub applied_by_member_id: Option<MemberId>,
    pub amount_requested: i64,
    pub tenor_months: Option<i32>,
    pub purpose: String,
    pub status: ApplicationStatus,
    pub submitted_at: Option<NaiveDateTime>,
}

/// One move of an application, as recorded in its history.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = financing_application_events)]
pub struct Event {
    pub id: i64,
    #[diesel(embed)]
    pub entry: HistoryEntry,
}

/// A move of an application as its history records it: read back in an [`Event`], inserted
/// as it is ([`insert_event`]), so the history's columns are listed once.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = financing_application_events)]
pub struct HistoryEntry {
    pub application_id: ApplicationId,
    pub from_status: Option<ApplicationStatus>,
    pub to_status: ApplicationStatus,
    pub at: NaiveDateTime,
    pub actor: String,
    pub note: Option<String>,
}

/// Which applications a list holds (inside the caller's scope). Every condition given must hold.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct ApplicationCriteria {
    pub lender_id: Option<LenderId>,
    pub scheme_id: Option<SchemeId>,
    /// Applications of this group itself (not of its members).
    pub group_id: Option<GroupId>,
    pub member_id: Option<MemberId>,
    /// Applications whose applicant belongs to a group of this area and of one of these
    /// sectors (kelurahan, kecamatan and sectors of the filter; nothing else).
    pub applicant_area: Option<GroupFilter>,
    pub statuses: Option<Vec<ApplicationStatus>>,
    /// Applications submitted on these days (Palu time); drafts were never submitted.
    pub submitted: DateRange,
}

/// Keeps, of a boxed query on `financing_applications`, the rows `$scope` may see.
macro_rules! scoped {
    ($query:expr, $scope:expr) => {{
        let scope: &ApplicationScope = $scope;
        let mut query = $query;
        match scope {
            ApplicationScope::All => {}
            ApplicationScope::Kelurahans(kelurahans) => {
                query = query.filter(
                    financing_applications::applicant_group_id.eq_any(
                        business_groups::table
                            .filter(business_groups::kelurahan_id.eq_any(kelurahans.clone()))
                            .select(business_groups::id),
                    ),
                );
            }
            ApplicationScope::Lender(lender) => {
                query = query
                    .filter(financing_applications::lender_id.eq(*lender))
                    .filter(financing_applications::submitted_at.is_not_null());
            }
        }
        query
    }};
}

macro_rules! filtered {
    ($query:expr, $criteria:expr) => {{
        let criteria: &ApplicationCriteria = $criteria;
        let mut query = $query;
        if let Some(lender) = criteria.lender_id {
            query = query.filter(financing_applications::lender_id.eq(lender));
        }
        if let Some(scheme) = criteria.scheme_id {
            query = query.filter(financing_applications::scheme_id.eq(scheme));
        }
        if let Some(group) = criteria.group_id {
            query = query.filter(financing_applications::group_id.eq(group));
        }
        if let Some(member) = criteria.member_id {
            query = query.filter(financing_applications::member_id.eq(member));
        }
        if let Some(area) = &criteria.applicant_area {
            query = query.filter(
                financing_applications::applicant_group_id
                    .eq_any(filtered_groups!(business_groups::table.into_boxed(), area).select(business_groups::id)),
            );
        }
        if let Some(statuses) = &criteria.statuses {
            query = query.filter(financing_applications::status.eq_any(statuses.clone()));
        }
        crate::in_range!(query, instant financing_applications::submitted_at, criteria.submitted)
    }};
}

/// One page of the applications `scope` may see that match `criteria`.
pub async fn page(
    conn: &mut DbConn,
    scope: &ApplicationScope,
    criteria: &ApplicationCriteria,
    request: &PageRequest,
) -> QueryResult<Page<Application>> {
    crate::load_page!(
        conn,
        request,
        filtered!(scoped!(financing_applications::table.into_boxed(), scope), criteria)
            .select(Application::as_select())
    )
}

pub async fn count(conn: &mut DbConn, scope: &ApplicationScope, criteria: &ApplicationCriteria) -> QueryResult<i64> {
    db_run!(conn: {
        filtered!(scoped!(financing_applications::table.into_boxed(), scope), criteria).count().get_result(conn).await
    })
}

/// The applications among `ids` that `scope` may see.
pub async fn visible_by_ids(
    conn: &mut DbConn,
    scope: &ApplicationScope,
    ids: &[ApplicationId],
) -> QueryResult<Vec<Application>> {
    db_run!(conn: {
        scoped!(financing_applications::table.into_boxed(), scope)
            .filter(financing_applications::id.eq_any(ids))
            .select(Application::as_select())
            .load(conn)
            .await
    })
}

pub async fn find_visible(
    conn: &mut DbConn,
    scope: &ApplicationScope,
    id: ApplicationId,
) -> QueryResult<Option<Application>> {
    Ok(visible_by_ids(conn, scope, &[id]).await?.pop())
}

/// One page of the applications of each of several groups (their own, not their members'),
/// inside `scope`, in one statement.
pub async fn pages_per_group(
    conn: &mut DbConn,
    groups: &[GroupId],
    scope: &ApplicationScope,
    request: &PageRequest,
) -> QueryResult<Vec<PageRow<Application>>> {
    crate::load_pages_per_parent!(
        conn,
        request,
        "group_id",
        crate::ids::numbers(groups),
        scoped!(financing_applications::table.into_boxed(), scope).select(Application::as_select())
    )
}

/// How many applications each of several groups has made, inside `scope` (absent = none).
pub async fn counts_per_group(
    conn: &mut DbConn,
    groups: &[GroupId],
    scope: &ApplicationScope,
) -> QueryResult<Vec<(GroupId, i64)>> {
    // GROUP BY cannot be boxed: group the rows that the boxed scope selects.
    db_run!(conn: {
        let matching = scoped!(financing_applications::table.into_boxed(), scope)
            .filter(financing_applications::group_id.eq_any(groups))
            .select(financing_applications::id);
        financing_applications::table
            .filter(financing_applications::id.eq_any(matching))
            .group_by(financing_applications::group_id)
            .select((financing_applications::group_id.assume_not_null(), count_star()))
            .load(conn)
            .await
    })
}

/// The history of several applications, oldest move first.
pub async fn events_of(conn: &mut DbConn, ids: &[ApplicationId]) -> QueryResult<Vec<Event>> {
    crate::load_where_in!(
        conn,
        financing_application_events::application_id,
        ids,
        Event,
        (financing_application_events::application_id, financing_application_events::id)
    )
}

/// Which of `members` applied to `lender` (a member on their own, or a ketua for a group)
/// in an application sent to it.
pub async fn applicants_of_lender(
    conn: &mut DbConn,
    lender: LenderId,
    members: &[MemberId],
) -> QueryResult<Vec<MemberId>> {
    let rows: Vec<(Option<MemberId>, Option<MemberId>)> = db_run!(conn: {
        financing_applications::table
            .filter(financing_applications::lender_id.eq(lender))
            .filter(financing_applications::submitted_at.is_not_null())
            .filter(
                financing_applications::member_id
                    .eq_any(members)
                    .or(financing_applications::applied_by_member_id.eq_any(members)),
            )
            .select((financing_applications::member_id, financing_applications::applied_by_member_id))
            .load(conn)
            .await
    })?;
    Ok(rows.into_iter().flat_map(|(member, applied_by)| [member, applied_by]).flatten().collect())
}

/// How many of a member's own applications can still move on.
pub async fn open_count_of_member(conn: &mut DbConn, member: MemberId) -> QueryResult<i64> {
    let open = ApplicationStatus::open();
    db_run!(conn: {
        financing_applications::table
            .filter(financing_applications::member_id.eq(member))
            .filter(financing_applications::status.eq_any(&open))
            .count()
            .get_result(conn)
            .await
    })
}

#[cfg(test)]
mod tests {
    use super::ApplicationStatus::*;
    use super::*;

    #[test]
    fn the_workflow_has_exactly_the_moves_of_the_issue() {
        let applicant = [(Draft, Submitted), (Draft, Withdrawn), (Submitted, Withdrawn), (UnderReview, Withdrawn)];
        let lender = [
            (Submitted, UnderReview),
            (UnderReview, Approved),
            (UnderReview, Rejected),
            (Approved, Disbursed),
            (Disbursed, Repaid),
            (Disbursed, Defaulted),
        ];
        for from in ApplicationStatus::ALL {
            for to in ApplicationStatus::ALL {
                let expected = if applicant.contains(&(from, to)) || (from, to) == (Approved, Withdrawn) {
                    Some(Party::Applicant)
                } else if lender.contains(&(from, to)) {
                    Some(Party::Lender)
                } else {
                    None
                };
                assert_eq!(from.move_to(to), expected, "{from:?} -> {to:?}");
            }
        }
        assert_eq!(ApplicationStatus::open(), vec![Draft, Submitted, UnderReview, Approved, Disbursed]);
    }
}
