//! The maintained readiness: `products.ready_until` and `product_gap_states`, computed from
//! the rule in the parent module whenever an input changes, so that filters and figures read
//! indexes instead of evaluating the rule over every product.

use chrono::NaiveDate;
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use sha2::{Digest, Sha256};

use super::{ALL_GAPS, ReadinessGapCode, date_literal, gap_on, ready_on};
use crate::db::DbConn;
use crate::db::schema::maintained_columns;
use crate::db_run;
use crate::geography::AreaLevel;
use crate::ids::{GroupId, ProductId};

/// The last day on which `condition_on(day)` holds for a product as its inputs stand, for a
/// condition that time can only take away (readiness, or being free of one gap), as an SQL
/// expression over a row of `products` (NULL: no day).
///
/// Time only takes readiness away (a permit or an assessment expires; nothing starts later),
/// so such a condition holds on day `d` exactly when `d` is on or before its last day. And it
/// can only change the day after one of the product's permits or assessments runs out, so its
/// last day is the latest of those expiry days (or the end of time) on which it holds: the
/// rule itself decides, on each candidate day.
fn last_day_when(condition_on: impl Fn(&str) -> String) -> String {
    format!(
        "(SELECT MAX(readiness_days.day) FROM (\
         SELECT pp.valid_until AS day FROM product_permits pp WHERE pp.product_id = products.id AND pp.valid_until IS NOT NULL \
         UNION ALL SELECT fa.valid_until FROM feasibility_assessments fa WHERE fa.product_id = products.id \
         UNION ALL SELECT {END_OF_TIME}) AS readiness_days WHERE {})",
        condition_on("readiness_days.day")
    )
}

/// Stands for "no expiry" among the candidate days (a date type on PostgreSQL by the UNION,
/// ISO text on SQLite).
const END_OF_TIME: &str = "'9999-12-31'";

/// How a gap is named in `product_gap_states.gap` (kept apart from the GraphQL names).
fn stored_name(gap: ReadinessGapCode) -> &'static str {
    use ReadinessGapCode::*;
    match gap {
        GroupInactive => "GROUP_INACTIVE",
        MissingNib => "MISSING_NIB",
        MissingFoodPermit => "MISSING_FOOD_PERMIT",
        FoodPermitExpired => "FOOD_PERMIT_EXPIRED",
        MissingHalal => "MISSING_HALAL",
        HalalExpired => "HALAL_EXPIRED",
        MissingBarcode => "MISSING_BARCODE",
        LabelIncomplete => "LABEL_INCOMPLETE",
        NotAssessed => "NOT_ASSESSED",
        AssessmentNotPassed => "ASSESSMENT_NOT_PASSED",
        AssessmentExpired => "ASSESSMENT_EXPIRED",
    }
}

/// The SQL statements that recompute the maintained readiness (`products.ready_until` and
/// `product_gap_states`) of the products that the SQL condition `scope` selects. Every write to
/// an input of the rule (the product, its permits and assessments, its group's status and NIB)
/// runs them inside its transaction.
fn refresh_sql(scope: &str) -> [String; 3] {
    let ready_until = last_day_when(ready_on);
    let states: Vec<String> = ALL_GAPS
        .iter()
        .map(|&gap| {
            let clear_until = last_day_when(|day| format!("NOT {}", gap_on(gap, day)));
            format!(
                "SELECT products.id AS product_id, '{}' AS gap, products.kelurahan_id AS kelurahan_id, \
                 {clear_until} AS clear_until FROM products WHERE {scope}",
                stored_name(gap)
            )
        })
        .collect();
    [
        format!("UPDATE products SET ready_until = {ready_until} WHERE {scope}"),
        format!("DELETE FROM product_gap_states WHERE product_id IN (SELECT products.id FROM products WHERE {scope})"),
        format!(
            "INSERT INTO product_gap_states (product_id, gap, kelurahan_id, clear_until) \
             SELECT product_id, gap, kelurahan_id, clear_until FROM ({}) AS states \
             WHERE clear_until IS NULL OR clear_until < {END_OF_TIME}",
            states.join(" UNION ALL ")
        ),
    ]
}

/// The SQL condition that a product is ready on `today`, from the maintained state (the
/// product filter says the same with typed expressions).
pub fn ready_sql(today: NaiveDate) -> String {
    format!("(products.ready_until IS NOT NULL AND products.ready_until >= {})", date_literal(today))
}

/// The SQL condition that the maintained state says a product has `gap` on `day`.
fn has_gap_sql(gap: ReadinessGapCode, day: &str) -> String {
    format!(
        "EXISTS (SELECT 1 FROM product_gap_states s WHERE s.product_id = products.id AND s.gap = '{}' \
         AND (s.clear_until IS NULL OR s.clear_until < {day}))",
        stored_name(gap)
    )
}

#[derive(QueryableByName)]
struct Counted {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    count: i64,
}

/// How often the maintained state (readiness, or one gap of a product) says otherwise on
/// `day` than the rule evaluated afresh: 0 unless a write forgot its refresh. A self-check.
pub async fn disagreements_on(conn: &mut DbConn, date: NaiveDate) -> QueryResult<i64> {
    let day = date_literal(date);
    let differ = |maintained: String, rule: String| {
        format!("(CASE WHEN {maintained} THEN 1 ELSE 0 END <> CASE WHEN {rule} THEN 1 ELSE 0 END)")
    };
    let mut checks = vec![differ(ready_sql(date), ready_on(&day))];
    checks.extend(ALL_GAPS.iter().map(|&gap| differ(has_gap_sql(gap, &day), gap_on(gap, &day))));
    let sums: Vec<String> = checks.iter().map(|check| format!("SUM(CASE WHEN {check} THEN 1 ELSE 0 END)")).collect();
    let statement = format!("SELECT COALESCE({}, 0) AS count FROM products", sums.join(" + "));
    let found: Counted = db_run!(conn: { diesel::sql_query(statement).get_result(conn).await })?;
    Ok(found.count)
}

/// Per area: products, ready products, and how many products have each gap (in the
/// order of [`ALL_GAPS`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProductStats {
    pub products: i64,
    pub ready: i64,
    pub gaps: [i64; 11],
}

/// [`ProductStats`] of several areas of one level (kelurahan or kecamatan) on `today`, by
/// area id, in one statement, from the maintained state: index ranges counted, no rule
/// evaluated.
pub async fn stats_per_area(
    conn: &mut DbConn,
    level: AreaLevel,
    ids: &[i64],
    today: NaiveDate,
) -> QueryResult<Vec<(i64, ProductStats)>> {
    #[derive(QueryableByName)]
    struct Tally {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        area_id: i64,
        #[diesel(sql_type = diesel::sql_types::Text)]
        what: String,
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        count: i64,
    }
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    // Ids are integers and the day a formatted date: safe to inline.
    let ids: Vec<String> = ids.iter().map(|id| id.to_string()).collect();
    let (ids, ready, today, area) = (ids.join(", "), ready_sql(today), date_literal(today), level.column());
    let from = |table: &str| {
        format!("FROM {table} JOIN kelurahans ON kelurahans.id = {table}.kelurahan_id WHERE {area} IN ({ids})")
    };
    let (products, gap_states) = (from("products"), from("product_gap_states"));
    let statement = format!(
        "SELECT {area} AS area_id, 'PRODUCTS' AS what, COUNT(*) AS count {products} GROUP BY {area} \
         UNION ALL SELECT {area}, 'READY', COUNT(*) {products} AND {ready} GROUP BY {area} \
         UNION ALL SELECT {area}, gap, COUNT(*) {gap_states} \
         AND (clear_until IS NULL OR clear_until < {today}) GROUP BY {area}, gap"
    );
    let tallies: Vec<Tally> = db_run!(conn: { diesel::sql_query(statement).load(conn).await })?;
    let mut stats: std::collections::HashMap<i64, ProductStats> = std::collections::HashMap::new();
    for tally in tallies {
        let entry = stats.entry(tally.area_id).or_default();
        match tally.what.as_str() {
            "PRODUCTS" => entry.products = tally.count,
            "READY" => entry.ready = tally.count,
            name => {
                if let Some(index) = ALL_GAPS.iter().position(|&gap| stored_name(gap) == name) {
                    entry.gaps[index] = tally.count;
                }
            }
        }
    }
    Ok(stats.into_iter().collect())
}

/// The products whose maintained readiness a write may have changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Changed {
    /// The product itself, or one of its permits or assessments.
    Product(ProductId),
    /// The group's status or NIB: every product of the group.
    Group(GroupId),
    /// Every product (a changed rule, or rows loaded outside the API).
    All,
    /// The products with ids from the first to the last: a batch just inserted (an import).
    Range(ProductId, ProductId),
}

/// Recomputes the maintained readiness of what `changed` covers (the number of products);
/// runs inside the writer's transaction, so the state is never seen out of step with its
/// inputs.
pub async fn refresh(conn: &mut DbConn, changed: Changed) -> QueryResult<usize> {
    // Ids are integers, so inlining them is safe.
    let scope = match changed {
        Changed::Product(id) => format!("products.id = {}", id.0),
        Changed::Group(id) => format!("products.group_id = {}", id.0),
        Changed::All => "1 = 1".to_string(),
        Changed::Range(first, last) => format!("products.id BETWEEN {} AND {}", first.0, last.0),
    };
    // Subscribers hear of products that turn ready or not ready (not of a recompute of all).
    let before = match changed {
        Changed::All => None,
        _ => Some(super::live::snapshot(conn, &scope).await?),
    };
    let [ready_until, clear_gaps, insert_gaps] = refresh_sql(&scope);
    let products = db_run!(conn: { diesel::sql_query(ready_until).execute(conn).await })?;
    for statement in [clear_gaps, insert_gaps] {
        db_run!(conn: { diesel::sql_query(statement).execute(conn).await })?;
    }
    if let Some(before) = before {
        super::live::publish_changes(conn, &scope, before).await?;
    }
    Ok(products)
}

/// The name of the maintained state in `maintained_columns`.
const READY_UNTIL: &str = "products.ready_until";

/// Recomputes every product's `ready_until` when the rule changed since it was last computed
/// (or nothing records that it was: a fresh database, or rows loaded outside the API). Runs
/// at start; returns whether it recomputed.
pub async fn ensure_current(conn: &mut DbConn) -> QueryResult<bool> {
    let hash = format!("{:x}", Sha256::digest(refresh_sql("").concat().as_bytes()));
    let recorded: Option<String> = db_run!(conn: {
        maintained_columns::table
            .find(READY_UNTIL)
            .select(maintained_columns::definition_hash)
            .first(conn)
            .await
            .optional()
    })?;
    if recorded.as_deref() == Some(hash.as_str()) {
        return Ok(false);
    }
    conn.transaction(async |conn| {
        refresh(conn, Changed::All).await?;
        db_run!(conn: {
            diesel::delete(maintained_columns::table.find(READY_UNTIL)).execute(conn).await
        })?;
        db_run!(conn: {
            diesel::insert_into(maintained_columns::table)
                .values((maintained_columns::name.eq(READY_UNTIL), maintained_columns::definition_hash.eq(&hash)))
                .execute(conn)
                .await
        })?;
        Ok(true)
    })
    .await
}
