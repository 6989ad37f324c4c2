//! Feasibility assessments of products by the Dinas Koperasi dan UMKM.

use async_graphql::Enum;
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;

use super::readiness::{self, Changed};
use crate::db::DbConn;
use crate::db::schema::feasibility_assessments;
use crate::ids::{AssessmentId, ProductId};

/// What an assessment concluded.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq, Hash, diesel::AsExpression, diesel::FromSqlRow)]
#[diesel(sql_type = diesel::sql_types::Text)]
pub enum AssessmentOutcome {
    /// Meets the feasibility standard.
    Passed,
    /// Close: what to improve is in the notes.
    NeedsImprovement,
    /// Does not meet the standard.
    Failed,
}

crate::text_enum!(AssessmentOutcome {
    Passed => "PASSED",
    NeedsImprovement => "NEEDS_IMPROVEMENT",
    Failed => "FAILED",
});

/// A feasibility assessment.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = feasibility_assessments)]
pub struct Assessment {
    #[diesel(skip_insertion)]
    pub id: AssessmentId,
    pub product_id: ProductId,
    pub assessed_on: NaiveDate,
    pub assessor: String,
    pub outcome: AssessmentOutcome,
    pub label_complete: bool,
    pub packaging_ok: bool,
    pub valid_until: NaiveDate,
    pub notes: Option<String>,
}

/// The assessments of several products, newest first.
pub async fn of_products(conn: &mut DbConn, ids: &[ProductId]) -> QueryResult<Vec<Assessment>> {
    crate::load_where_in!(
        conn,
        feasibility_assessments::product_id,
        ids,
        Assessment,
        (feasibility_assessments::assessed_on.desc(), feasibility_assessments::id.desc())
    )
}

pub async fn by_ids(conn: &mut DbConn, ids: &[AssessmentId]) -> QueryResult<Vec<Assessment>> {
    crate::load_where_in!(conn, feasibility_assessments::id, ids, Assessment)
}

/// Records an assessment and refreshes the product's readiness: call inside a transaction.
pub async fn insert(conn: &mut DbConn, assessment: &Assessment, now: NaiveDateTime) -> QueryResult<Assessment> {
    let inserted = crate::insert_row!(
        conn,
        feasibility_assessments,
        (assessment, feasibility_assessments::created_at.eq(now)),
        Assessment
    )?;
    readiness::refresh(conn, Changed::Product(assessment.product_id)).await?;
    Ok(inserted)
}
