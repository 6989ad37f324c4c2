//! Retail readiness: the one definition of what a product needs before a modern retailer
//! (e.g. Alfamidi) stocks it, as SQL conditions over `products`. The same conditions list a
//! product's gaps and compute its maintained `ready_until`, which `retailReady` filters on, so
//! the two can never disagree.

use async_graphql::{Enum, SimpleObject};
use chrono::NaiveDate;

use crate::db::TextEnum;
use crate::graphql::language::{Language, Text};
use crate::graphql::messages::GapAdvice;
use crate::groups::model::GroupStatus;
use crate::products::assessments::AssessmentOutcome;
use crate::products::permits::PermitKind;
use crate::sector::BusinessSector;

pub mod live;
mod state;

pub use state::{Changed, ProductStats, disagreements_on, ensure_current, ready_sql, refresh, stats_per_area};

/// Something a product still lacks for a retail listing.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ReadinessGapCode {
    /// The group is not ACTIVE.
    GroupInactive,
    /// The group has no NIB.
    MissingNib,
    /// A food or drink product without a PIRT or BPOM (MD/ML) permit.
    MissingFoodPermit,
    /// Every PIRT/BPOM permit of the food or drink product has expired.
    FoodPermitExpired,
    /// A food or drink product without a halal certificate.
    MissingHalal,
    /// The halal certificate of the food or drink product has expired.
    HalalExpired,
    /// No EAN-13 barcode.
    MissingBarcode,
    /// The latest assessment found the label incomplete.
    LabelIncomplete,
    /// The Dinas has not assessed the product.
    NotAssessed,
    /// The latest assessment did not pass (or found the packaging wanting).
    AssessmentNotPassed,
    /// The latest assessment is no longer valid.
    AssessmentExpired,
}

/// One gap of one product, with what to do about it.
#[derive(SimpleObject, Debug, Clone, PartialEq, Eq)]
pub struct ReadinessGap {
    /// What is lacking, as a stable code.
    pub code: ReadinessGapCode,
    /// What the Dinas or the group should do next, in the language the request asks for
    /// with `Accept-Language` (English by default, Indonesian for `id`).
    pub message: String,
}

/// Whether a product is ready for a retail listing today, and what it lacks.
#[derive(SimpleObject, Debug, Clone, PartialEq, Eq)]
pub struct RetailReadiness {
    /// True when the product lacks nothing today (in Palu), i.e. `gaps` is empty.
    pub ready: bool,
    /// What the product still lacks, in a fixed order (that of `ReadinessGapCode`); empty when
    /// it is ready.
    pub gaps: Vec<ReadinessGap>,
}

impl RetailReadiness {
    /// The readiness of a product with `gaps`, its advice in `language`.
    pub fn from_gaps(gaps: &[ReadinessGapCode], language: Language) -> Self {
        RetailReadiness {
            ready: gaps.is_empty(),
            gaps: gaps.iter().map(|&code| ReadinessGap { code, message: advice_in(code, language) }).collect(),
        }
    }
}

/// How many products have one gap: what to coach next.
#[derive(SimpleObject, Debug, Clone, PartialEq, Eq)]
pub struct ReadinessGapCount {
    /// The gap, as a stable code.
    pub code: ReadinessGapCode,
    /// Products with this gap.
    pub count: i32,
    /// What to do about it, in the language the request asks for with `Accept-Language`
    /// (English by default, Indonesian for `id`).
    pub message: String,
}

/// The gaps that products have, most common first (ties in the order of [`ALL_GAPS`]),
/// from counts in the order of [`ALL_GAPS`], with their advice in `language`.
pub fn most_common(counts: &[i64; 11], language: Language) -> Vec<ReadinessGapCount> {
    let mut gaps: Vec<ReadinessGapCount> = ALL_GAPS
        .iter()
        .zip(counts)
        .filter(|(_, count)| **count > 0)
        .map(|(&code, &count)| ReadinessGapCount {
            code,
            count: crate::graphql::relay::count_to_int(count),
            message: advice_in(code, language),
        })
        .collect();
    gaps.sort_by_key(|gap| std::cmp::Reverse(gap.count));
    gaps
}

/// What to do about a gap, in `language`.
pub fn advice_in(code: ReadinessGapCode, language: Language) -> String {
    Text::new(advice(code), advice_in_indonesian(code)).in_language(language).to_string()
}

/// What to do about a gap, in English.
pub fn advice(code: ReadinessGapCode) -> &'static str {
    use ReadinessGapCode::*;
    match code {
        GroupInactive => "the group is not active: reactivate it (updateGroup status ACTIVE) once it produces again",
        MissingNib => "the group has no NIB: help it register in OSS and record the 13-digit NIB on the group",
        MissingFoodPermit => {
            "food and drink need a PIRT (SPP-IRT from the Dinas Kesehatan) or a BPOM MD/ML registration"
        }
        FoodPermitExpired => "the PIRT/BPOM permit has expired: renew it and record the new permit",
        MissingHalal => {
            "food and drink need a halal certificate (BPJPH; mandatory for micro and small producers from 17 Oct 2026)"
        }
        HalalExpired => "the halal certificate has expired: renew it with BPJPH and record the new certificate",
        MissingBarcode => "the product has no barcode: register with GS1 Indonesia (prefix 899) and record the EAN-13",
        LabelIncomplete => {
            "the label is incomplete: it needs name, ingredients, net content, producer and address, production code and expiry date, in Indonesian"
        }
        NotAssessed => "the Dinas has not assessed the product yet: schedule a feasibility assessment",
        AssessmentNotPassed => {
            "the latest assessment did not pass: coach the group on what it found, then assess again"
        }
        AssessmentExpired => "the latest assessment has expired: assess the product again",
    }
}

/// What to do about a gap, in Indonesian.
pub fn advice_in_indonesian(code: ReadinessGapCode) -> &'static str {
    use ReadinessGapCode::*;
    match code {
        GroupInactive => "kelompok tidak aktif: aktifkan kembali (updateGroup status ACTIVE) setelah berproduksi lagi",
        MissingNib => "kelompok belum memiliki NIB: bantu daftar di OSS lalu catat NIB 13 digit pada data kelompok",
        MissingFoodPermit => {
            "makanan dan minuman memerlukan PIRT (SPP-IRT dari Dinas Kesehatan) atau izin edar BPOM MD/ML"
        }
        FoodPermitExpired => "izin PIRT/BPOM sudah habis masa berlakunya: perpanjang lalu catat izin yang baru",
        MissingHalal => {
            "makanan dan minuman memerlukan sertifikat halal (BPJPH; wajib bagi usaha mikro dan kecil mulai \
             17 Oktober 2026)"
        }
        HalalExpired => "sertifikat halal sudah habis masa berlakunya: perpanjang di BPJPH lalu catat sertifikat baru",
        MissingBarcode => "produk belum memiliki barcode: daftar ke GS1 Indonesia (awalan 899) lalu catat EAN-13-nya",
        LabelIncomplete => {
            "label belum lengkap: harus memuat nama, komposisi, berat/isi bersih, nama dan alamat produsen, kode \
             produksi, dan tanggal kedaluwarsa, dalam bahasa Indonesia"
        }
        NotAssessed => "produk belum dinilai oleh Dinas: jadwalkan penilaian kelayakan",
        AssessmentNotPassed => {
            "penilaian terakhir tidak lulus: dampingi kelompok memperbaiki temuannya, lalu nilai kembali"
        }
        AssessmentExpired => "penilaian terakhir sudah habis masa berlakunya: nilai kembali produk ini",
    }
}

/// A gap as a user error's message names it, with its advice in both languages.
pub fn gap_advice(code: ReadinessGapCode) -> GapAdvice {
    GapAdvice { code: gap_name(code), english: advice(code), indonesian: advice_in_indonesian(code) }
}

/// The GraphQL name of a gap (its wire value).
pub fn gap_name(gap: ReadinessGapCode) -> &'static str {
    <ReadinessGapCode as async_graphql::resolver_utils::EnumType>::items()
        .iter()
        .find(|item| item.value == gap)
        .map_or("", |item| item.name)
}

/// Every gap, in the order gaps are reported.
pub const ALL_GAPS: [ReadinessGapCode; 11] = [
    ReadinessGapCode::GroupInactive,
    ReadinessGapCode::MissingNib,
    ReadinessGapCode::MissingFoodPermit,
    ReadinessGapCode::FoodPermitExpired,
    ReadinessGapCode::MissingHalal,
    ReadinessGapCode::HalalExpired,
    ReadinessGapCode::MissingBarcode,
    ReadinessGapCode::LabelIncomplete,
    ReadinessGapCode::NotAssessed,
    ReadinessGapCode::AssessmentNotPassed,
    ReadinessGapCode::AssessmentExpired,
];

/// The food and drink the permits below are for.
fn food() -> String {
    format!("products.sector = {}", BusinessSector::FoodBeverage.sql())
}

fn food_permits() -> String {
    PermitKind::sql_list(&[PermitKind::Pirt, PermitKind::BpomMd, PermitKind::BpomMl])
}

fn halal() -> String {
    PermitKind::sql_list(&[PermitKind::Halal])
}

fn group_condition(condition: &str) -> String {
    format!("COALESCE((SELECT {condition} FROM business_groups g WHERE g.id = products.group_id), TRUE)")
}

fn holds_permit(kinds: &str) -> String {
    format!("EXISTS (SELECT 1 FROM product_permits pp WHERE pp.product_id = products.id AND pp.kind IN {kinds})")
}

fn holds_valid_permit(kinds: &str, day: &str) -> String {
    format!(
        "EXISTS (SELECT 1 FROM product_permits pp WHERE pp.product_id = products.id AND pp.kind IN {kinds} \
         AND (pp.valid_until IS NULL OR pp.valid_until >= {day}))"
    )
}

fn latest_assessment(condition: &str) -> String {
    format!(
        "COALESCE((SELECT {condition} FROM feasibility_assessments fa WHERE fa.product_id = products.id \
         ORDER BY fa.assessed_on DESC, fa.id DESC LIMIT 1), FALSE)"
    )
}

/// A date as an SQL literal: compared as a date on PostgreSQL and as ISO text on SQLite. A
/// formatted date, never user input, so safe to inline.
fn date_literal(day: NaiveDate) -> String {
    day.format("'%Y-%m-%d'").to_string()
}

/// The SQL condition, over a row of `products`, that the product has `gap` on the day that
/// the SQL expression `day` gives. A permit or assessment valid until a day is still valid
/// that day. The rule itself: every other condition here is built from it.
fn gap_on(gap: ReadinessGapCode, day: &str) -> String {
    use ReadinessGapCode::*;
    let condition = match gap {
        GroupInactive => group_condition(&format!("g.status <> {}", GroupStatus::Active.sql())),
        MissingNib => group_condition("g.nib IS NULL"),
        MissingFoodPermit => format!("{} AND NOT {}", food(), holds_permit(&food_permits())),
        FoodPermitExpired => {
            let permits = food_permits();
            format!("{} AND {} AND NOT {}", food(), holds_permit(&permits), holds_valid_permit(&permits, day))
        }
        MissingHalal => format!("{} AND NOT {}", food(), holds_permit(&halal())),
        HalalExpired => {
            format!("{} AND {} AND NOT {}", food(), holds_permit(&halal()), holds_valid_permit(&halal(), day))
        }
        MissingBarcode => "products.barcode IS NULL".to_string(),
        LabelIncomplete => latest_assessment("NOT fa.label_complete"),
        NotAssessed => {
            "NOT EXISTS (SELECT 1 FROM feasibility_assessments fa WHERE fa.product_id = products.id)".to_string()
        }
        AssessmentNotPassed => {
            latest_assessment(&format!("(fa.outcome <> {} OR NOT fa.packaging_ok)", AssessmentOutcome::Passed.sql()))
        }
        AssessmentExpired => latest_assessment(&format!("fa.valid_until < {day}")),
    };
    format!("({condition})")
}

/// The SQL condition that a product has `gap` on `today`.
pub fn gap_sql(gap: ReadinessGapCode, today: NaiveDate) -> String {
    gap_on(gap, &date_literal(today))
}

/// The SQL condition that a product has no gap on the day `day` gives.
fn ready_on(day: &str) -> String {
    let gaps: Vec<String> = ALL_GAPS.iter().map(|&gap| gap_on(gap, day)).collect();
    format!("(NOT ({}))", gaps.join(" OR "))
}
