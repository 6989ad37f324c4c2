//! One product per demo group, in every readiness state: ready, or lacking one thing each,
//! with permits, an assessment and, for some ready ones, a listing at an Alfamidi outlet.

use chrono::{Datelike, NaiveDate, NaiveDateTime};

use super::LABEL;
use crate::clock;
use crate::db::DbConn;
use crate::error::AppResult;
use crate::groups::model::{Group, GroupStatus};
use crate::ids::{AssessmentId, ProductId};
use crate::products::assessments::{self, Assessment, AssessmentOutcome};
use crate::products::listings::{self, ListingStatus};
use crate::products::model::{self as products, NewProduct, ProductFields};
use crate::products::permits::{self, PermitKind, ProductPermit};
use crate::products::readiness::ReadinessGapCode;
use crate::sector::BusinessSector;
use crate::validate;

/// The state a demo product is put in: ready, or missing one thing (the group's own state
/// adds GROUP_INACTIVE and MISSING_NIB where it applies).
#[derive(Clone, Copy, PartialEq, Eq)]
enum ProductState {
    Ready,
    Missing(ReadinessGapCode),
}

impl ProductState {
    /// Whether the product is made to show `gap`.
    fn lacks(self, gap: ReadinessGapCode) -> bool {
        self == ProductState::Missing(gap)
    }
}

const PRODUCT_STATES: [ProductState; 11] = [
    ProductState::Ready,
    ProductState::Missing(ReadinessGapCode::MissingFoodPermit),
    ProductState::Ready,
    ProductState::Missing(ReadinessGapCode::FoodPermitExpired),
    ProductState::Missing(ReadinessGapCode::MissingHalal),
    ProductState::Missing(ReadinessGapCode::HalalExpired),
    ProductState::Missing(ReadinessGapCode::MissingBarcode),
    ProductState::Missing(ReadinessGapCode::LabelIncomplete),
    ProductState::Missing(ReadinessGapCode::NotAssessed),
    ProductState::Missing(ReadinessGapCode::AssessmentNotPassed),
    ProductState::Missing(ReadinessGapCode::AssessmentExpired),
];

const OUTLETS: [&str; 3] = ["Alfamidi Jl. Moh. Hatta Palu", "Alfamidi Jl. Basuki Rahmat Palu", "Alfamidi Talise Palu"];

/// One product of a demo group, in the state its number picks, with permits, an
/// assessment and (for some ready ones) a listing at an Alfamidi outlet.
pub(super) async fn add_product(
    conn: &mut DbConn,
    group: &Group,
    kind: &str,
    sector: BusinessSector,
    number: usize,
    now: NaiveDateTime,
) -> AppResult<()> {
    let state = PRODUCT_STATES[number % PRODUCT_STATES.len()];
    let today = clock::today();
    let serial = 10_000 + number as u64;
    let first12 = format!("899{:09}", serial);
    let barcode = validate::ean13_check_digit(&first12).map(|check| format!("{first12}{check}"));
    let product = products::insert(
        conn,
        &NewProduct {
            fields: ProductFields {
                group_id: group.id,
                kelurahan_id: group.fields.kelurahan_id,
                name: format!("{LABEL} {kind}"),
                description: Some(format!("{LABEL} produk {kind} dari {}", group.fields.name)),
                sector,
                price_rupiah: Some(15_000 + (number as i64 % 20) * 2_500),
                unit: Some("pack".into()),
                monthly_capacity: Some(200 + (number as i32 % 10) * 50),
                barcode: barcode.filter(|_| !state.lacks(ReadinessGapCode::MissingBarcode)),
            },
            created_at: now,
            updated_at: now,
        },
    )
    .await?;
    let regions: &[&str] =
        if number.is_multiple_of(3) { &["Kota Palu", "Kabupaten Sigi", "Kota Makassar"] } else { &["Kota Palu"] };
    products::set_regions(conn, product.id, &regions.iter().map(|r| r.to_string()).collect::<Vec<_>>()).await?;
    if sector == BusinessSector::FoodBeverage {
        add_food_permits(conn, product.id, state, serial, now).await?;
    }
    if !state.lacks(ReadinessGapCode::NotAssessed) {
        add_assessment(conn, product.id, state, now).await?;
    }
    let ready =
        state == ProductState::Ready && group.fields.status == GroupStatus::Active && group.fields.nib.is_some();
    if ready && number.is_multiple_of(4) {
        let listing =
            listings::insert(conn, product.id, "Alfamidi", OUTLETS[number % OUTLETS.len()], today, now).await?;
        if number.is_multiple_of(8) {
            listings::move_to(conn, listing.id, ListingStatus::Proposed, ListingStatus::Listed, today, now).await?;
        }
    }
    Ok(())
}

/// The same date `n` years from today.
fn years_from_today(n: i32) -> NaiveDate {
    let today = clock::today();
    today.with_year(today.year() + n).unwrap_or(today)
}

/// A food product's PIRT and halal certificate, unless `state` lacks one (or has it expired).
async fn add_food_permits(
    conn: &mut DbConn,
    product: ProductId,
    state: ProductState,
    serial: u64,
    now: NaiveDateTime,
) -> AppResult<()> {
    use ReadinessGapCode::*;
    // The permit, the gap its absence makes, the gap its expiry makes, years since issue and
    // of validity.
    let kinds = [
        (PermitKind::Pirt, MissingFoodPermit, FoodPermitExpired, -2, 3),
        (PermitKind::Halal, MissingHalal, HalalExpired, -1, 4),
    ];
    for (kind, absent, expired, issued, valid) in kinds {
        if state.lacks(absent) {
            continue;
        }
        let valid_until = years_from_today(if state.lacks(expired) { -1 } else { valid });
        let number = match kind {
            PermitKind::Pirt => format!("2{serial:012}{:02}", valid_until.year() % 100),
            _ => format!("ID3111000{serial:08}"),
        };
        let permit = ProductPermit {
            product_id: product,
            kind,
            number,
            issued_on: Some(years_from_today(issued)),
            valid_until: Some(valid_until),
        };
        permits::insert(conn, &permit, now).await?;
    }
    Ok(())
}

/// The Dinas's assessment of a product: passed, unless `state` says otherwise.
async fn add_assessment(
    conn: &mut DbConn,
    product: ProductId,
    state: ProductState,
    now: NaiveDateTime,
) -> AppResult<()> {
    use ReadinessGapCode::*;
    let years = years_from_today;
    let today = clock::today();
    let assessment = Assessment {
        id: AssessmentId(0),
        product_id: product,
        assessed_on: if state.lacks(AssessmentExpired) { years(-2) } else { years(-1).succ_opt().unwrap_or(today) },
        assessor: format!("{LABEL} Tim Kurasi Dinas Koperasi dan UMKM"),
        outcome: if state.lacks(AssessmentNotPassed) {
            AssessmentOutcome::NeedsImprovement
        } else {
            AssessmentOutcome::Passed
        },
        label_complete: !state.lacks(LabelIncomplete),
        packaging_ok: true,
        valid_until: if state.lacks(AssessmentExpired) { years(-1) } else { years(1) },
        notes: Some(format!("{LABEL} catatan penilaian")),
    };
    assessments::insert(conn, &assessment, now).await?;
    Ok(())
}
