//! A plausible, clearly labelled demo data set, so that a newcomer has something to explore:
//! groups in every kelurahan (some short of their target), members with fake NIKs that are
//! valid in form. Every name starts with "[DEMO]".

use chrono::{Datelike, NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;

use crate::aid::model::{
    self as aid, AidKind, AllocationItem, AllocationStatus, EquipmentState, MonitoringVisit, NewAllocation, NewProgram,
};
use crate::clock;
use crate::db::DbConn;
use crate::db::page::{Direction, PageRequest};
use crate::db::schema::business_groups;
use crate::db_run;
use crate::error::AppResult;
use crate::events::model::{self as events, EventKind, NewEvent};
use crate::geography::model::{self as geography, KelurahanCriteria};
use crate::groups::model::{self as groups, Group, GroupStatus, NewGroup};
use crate::ids::{AllocationId, AssessmentId};
use crate::members::model::{self as members, Gender, GroupRole, NewMember};
use crate::products::assessments::{self, Assessment, AssessmentOutcome};
use crate::products::listings::{self, ListingStatus};
use crate::products::model::{self as products, NewProduct};
use crate::products::permits::{self, PermitKind, ProductPermit};
use crate::products::readiness::ReadinessGapCode;
use crate::sector::BusinessSector;
use crate::validate;

/// Marks every demo record.
pub const LABEL: &str = "[DEMO]";

const GROUP_KINDS: [(&str, BusinessSector); 10] = [
    ("Abon Ikan Tuna", BusinessSector::FoodBeverage),
    ("Bawang Goreng Palu", BusinessSector::FoodBeverage),
    ("Tenun Donggala", BusinessSector::FashionTextile),
    ("Kerajinan Kayu Eboni", BusinessSector::Craft),
    ("Sambal Roa", BusinessSector::FoodBeverage),
    ("Kopi Lembah Palu", BusinessSector::Agriculture),
    ("Nelayan Teluk Palu", BusinessSector::Fishery),
    ("Ternak Kambing", BusinessSector::Livestock),
    ("Bengkel dan Servis", BusinessSector::Services),
    ("Kios Sembako", BusinessSector::Trade),
];

const GIVEN_NAMES: [(&str, Gender); 12] = [
    ("Siti", Gender::Female),
    ("Nurhayati", Gender::Female),
    ("Fatma", Gender::Female),
    ("Rahmawati", Gender::Female),
    ("Sri", Gender::Female),
    ("Hasnah", Gender::Female),
    ("Ahmad", Gender::Male),
    ("Rusdi", Gender::Male),
    ("Andi", Gender::Male),
    ("Moh.", Gender::Male),
    ("Irwan", Gender::Male),
    ("Yusuf", Gender::Male),
];

const FAMILY_NAMES: [&str; 8] =
    ["Lamasitudju", "Lasaedo", "Tombolotutu", "Lamakampali", "Pettalolo", "Daeng", "Rahman", "Saleh"];

/// Deterministic, so every demo database looks the same.
struct Sequence(u64);

impl Sequence {
    fn next(&mut self, below: u64) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (self.0 >> 33) % below
    }
}

/// What a demo group declares of its business, (annual turnover, capital) in rupiah: mostly
/// micro, some small and one medium in ten, a few declaring capital only, some nothing, so that
/// every size class and the undeclared case show on the dashboards. Taken from the serial,
/// not the random sequence, so the rest of the demo stays as it was.
fn demo_declaration(serial: u32) -> (Option<i64>, Option<i64>) {
    let step = i64::from(serial % 97) * 3_000_000;
    match serial % 10 {
        0 | 5 => (None, None),
        1 | 3 | 7 => (Some(180_000_000 + step), Some(40_000_000 + step / 3)),
        2 | 8 => (Some(4_200_000_000 + step), Some(900_000_000)),
        4 => (None, Some(350_000_000 + step)),
        6 => (None, Some(2_500_000_000 + step)),
        _ => (Some(21_000_000_000 + step), Some(6_000_000_000)),
    }
}

/// A NIK valid in form: the kecamatan's region code, a birth date (day + 40 for women),
/// and a serial unique within the demo.
fn fake_nik(kelurahan_code: &str, birth: NaiveDate, gender: Gender, serial: u32) -> String {
    let region: String = kelurahan_code.split('.').take(3).collect();
    let day = birth.day() + if gender == Gender::Female { 40 } else { 0 };
    format!("{region}{day:02}{:02}{:02}{:04}", birth.month(), birth.year() % 100, serial % 10_000)
}

/// Fills an empty registry with demo data; does nothing when any group exists. Returns the
/// number of groups added.
pub async fn fill_if_empty(conn: &mut DbConn) -> AppResult<usize> {
    let existing: i64 = db_run!(conn: { business_groups::table.count().get_result(conn).await })?;
    if existing > 0 {
        return Ok(0);
    }
    let all = PageRequest { direction: Direction::Forward, sort: None, cursor: None, size: 100, with_total: false };
    let kelurahans = geography::page(conn, &KelurahanCriteria::default(), &all).await?.rows;
    let now = clock::now_utc();
    let mut random = Sequence(7271);
    let mut serial = 1u32;
    conn.transaction(async |conn| {
        let mut added = 0;
        let mut groups_added = Vec::new();
        for (index, kelurahan) in kelurahans.iter().enumerate() {
            // 1 to 7 groups: some kelurahan stay short of the target of 5.
            let group_count = 1 + (index * 3) % 7;
            for g in 0..group_count {
                let (kind, sector) = GROUP_KINDS[(index + g * 3) % GROUP_KINDS.len()];
                let status = if g == 6 { GroupStatus::Inactive } else { GroupStatus::Active };
                let founded = NaiveDate::from_ymd_opt(
                    2018 + (random.next(7) as i32),
                    1 + random.next(12) as u32,
                    1 + random.next(28) as u32,
                );
                let nib = (g % 2 == 0).then(|| format!("{:013}", 9_120_000_000_000u64 + u64::from(serial)));
                let registration_number = groups::next_registration_number(conn, kelurahan.id, &kelurahan.code).await?;
                let (annual_turnover, business_capital) = demo_declaration(serial);
                let group = groups::insert(
                    conn,
                    &NewGroup {
                        kelurahan_id: kelurahan.id,
                        registration_number,
                        name: format!("{LABEL} KUB {kind} {}", kelurahan.name),
                        sector,
                        status,
                        founded_on: founded,
                        nib,
                        annual_turnover,
                        business_capital,
                        created_at: now,
                        updated_at: now,
                    },
                )
                .await?;
                let member_count = 5 + random.next(4) as usize;
                for m in 0..member_count {
                    let (given, gender) = GIVEN_NAMES[random.next(GIVEN_NAMES.len() as u64) as usize];
                    let family = FAMILY_NAMES[random.next(FAMILY_NAMES.len() as u64) as usize];
                    let role = [GroupRole::Chair, GroupRole::Secretary, GroupRole::Treasurer]
                        .get(m)
                        .copied()
                        .unwrap_or(GroupRole::Member);
                    let birth = NaiveDate::from_ymd_opt(
                        1965 + random.next(40) as i32,
                        1 + random.next(12) as u32,
                        1 + random.next(28) as u32,
                    )
                    .unwrap_or_default();
                    let member = members::insert(
                        conn,
                        &NewMember {
                            group_id: group.id,
                            full_name: format!("{LABEL} {given} {family}"),
                            nik: fake_nik(&kelurahan.code, birth, gender, serial),
                            gender,
                            role,
                            phone: Some(format!("+62812{:08}", 40_000_000 + serial)),
                            address: Some(format!(
                                "{LABEL} Jl. Contoh No. {}, {}",
                                1 + random.next(99),
                                kelurahan.name
                            )),
                            created_at: now,
                            updated_at: now,
                        },
                    )
                    .await?;
                    serial += 1;
                    let skills = if m % 3 == 2 { vec![sector, BusinessSector::Trade] } else { vec![sector] };
                    members::set_skills(conn, member.id, &skills).await?;
                }
                add_product(conn, &group, kind, sector, added, now).await?;
                groups_added.push(group);
                added += 1;
            }
        }
        add_aid(conn, &groups_added, now).await?;
        add_event(conn, &groups_added, now).await?;
        Ok(added)
    })
    .await
}

/// An equipment programme of Dinas Sosial with allocations in every state: delivered and in
/// use, one an ADMIN allowed against the sector guard, one found sold, one still planned.
async fn add_aid(conn: &mut DbConn, groups: &[Group], now: NaiveDateTime) -> AppResult<()> {
    let today = clock::today();
    let program = aid::insert_program(
        conn,
        &NewProgram {
            name: format!("{LABEL} Bantuan Peralatan Usaha {}", today.year()),
            agency: "Dinas Sosial Kota Palu".into(),
            year: today.year(),
            kind: AidKind::Equipment,
            budget: 500_000_000,
            created_at: now,
            updated_at: now,
        },
    )
    .await?;
    let days_ago = |n: i64| today - chrono::Duration::days(n);
    let cases: [(usize, Option<&str>, Option<EquipmentState>); 4] = [
        (0, None, Some(EquipmentState::InUse)),
        (1, Some("the group's members are moving into food processing with a trainer from the Dinas"), None),
        (2, None, Some(EquipmentState::Sold)),
        (3, None, None),
    ];
    for (index, override_reason, found) in cases {
        let Some(group) = groups.get(index * 7) else { continue };
        // The overridden one serves a trade that is not the group's.
        let sector = if override_reason.is_some() && group.sector != BusinessSector::Craft {
            BusinessSector::Craft
        } else {
            group.sector
        };
        let items = [AllocationItem {
            allocation_id: AllocationId(0),
            name: format!("{LABEL} Peralatan {}", sector.as_str()),
            quantity: 2,
            unit_value: 7_500_000,
        }];
        let allocation = aid::insert_allocation(
            conn,
            &NewAllocation {
                program_id: program.id,
                group_id: group.id,
                sector,
                value: 15_000_000,
                mentor: Some(format!("{LABEL} Pendamping Dinas Sosial")),
                status: AllocationStatus::Planned,
                override_reason: override_reason.map(|r| format!("{LABEL} {r}")),
                created_at: now,
                updated_at: now,
            },
            &items,
        )
        .await?;
        if let Some(state) = found {
            aid::move_allocation(
                conn,
                allocation.id,
                AllocationStatus::Planned,
                AllocationStatus::Delivered,
                None,
                Some(days_ago(60)),
                now,
            )
            .await?;
            let visit = MonitoringVisit {
                allocation_id: allocation.id,
                visited_on: days_ago(10),
                state,
                notes: Some(format!("{LABEL} kunjungan monitoring")),
                recorded_by: format!("{LABEL} Fasilitator"),
            };
            aid::insert_visit(conn, &visit, now).await?;
            aid::move_allocation(
                conn,
                allocation.id,
                AllocationStatus::Delivered,
                AllocationStatus::Monitored,
                None,
                None,
                now,
            )
            .await?;
        }
    }
    Ok(())
}

/// An upcoming two-day socialisation for 50 participants, like the one in the news report,
/// with a first few registrations.
async fn add_event(conn: &mut DbConn, groups: &[Group], now: NaiveDateTime) -> AppResult<()> {
    let starts_on = clock::today() + chrono::Duration::days(14);
    let event = events::insert(
        conn,
        &NewEvent {
            title: format!("{LABEL} Sosialisasi Bimbingan Permodalan dan Pengembangan UMKM"),
            kind: EventKind::Socialization,
            venue: "Hotel Sweetama Palu".into(),
            starts_on,
            ends_on: starts_on + chrono::Duration::days(1),
            capacity: 50,
            description: Some(format!("{LABEL} permodalan, pembinaan produksi, administrasi keuangan dan pemasaran")),
            created_at: now,
            updated_at: now,
        },
    )
    .await?;
    for group in groups.iter().step_by(20) {
        let chair = members::officer_of(conn, group.id, GroupRole::Chair).await?;
        if let Some(member) = chair {
            events::register(conn, event.id, member, now).await?;
        }
    }
    Ok(())
}

/// The state a demo product is put in: ready, or missing one thing (the group's own state
/// adds GROUP_INACTIVE and MISSING_NIB where it applies).
#[derive(Clone, Copy, PartialEq, Eq)]
enum ProductState {
    Ready,
    Missing(ReadinessGapCode),
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
async fn add_product(
    conn: &mut DbConn,
    group: &Group,
    kind: &str,
    sector: BusinessSector,
    number: usize,
    now: NaiveDateTime,
) -> AppResult<()> {
    use ReadinessGapCode::*;
    let state = PRODUCT_STATES[number % PRODUCT_STATES.len()];
    let missing = |gap| state == ProductState::Missing(gap);
    let today = clock::today();
    let serial = 10_000 + number as u64;
    let first12 = format!("899{:09}", serial);
    let barcode = validate::ean13_check_digit(&first12).map(|check| format!("{first12}{check}"));
    let product = products::insert(
        conn,
        &NewProduct {
            group_id: group.id,
            kelurahan_id: group.kelurahan_id,
            name: format!("{LABEL} {kind}"),
            description: Some(format!("{LABEL} produk {kind} dari {}", group.name)),
            sector,
            price_rupiah: Some(15_000 + (number as i64 % 20) * 2_500),
            unit: Some("pack".into()),
            monthly_capacity: Some(200 + (number as i32 % 10) * 50),
            barcode: barcode.filter(|_| !missing(MissingBarcode)),
            created_at: now,
            updated_at: now,
        },
    )
    .await?;
    let regions: &[&str] =
        if number.is_multiple_of(3) { &["Kota Palu", "Kabupaten Sigi", "Kota Makassar"] } else { &["Kota Palu"] };
    products::set_regions(conn, product.id, &regions.iter().map(|r| r.to_string()).collect::<Vec<_>>()).await?;
    let years = |n: i32| today.with_year(today.year() + n).unwrap_or(today);
    if sector == BusinessSector::FoodBeverage {
        if !missing(MissingFoodPermit) {
            let valid_until = if missing(FoodPermitExpired) { years(-1) } else { years(3) };
            let pirt = format!("2{serial:012}{:02}", valid_until.year() % 100);
            let permit = ProductPermit {
                product_id: product.id,
                kind: PermitKind::Pirt,
                number: pirt,
                issued_on: Some(years(-2)),
                valid_until: Some(valid_until),
            };
            permits::insert(conn, &permit, now).await?;
        }
        if !missing(MissingHalal) {
            let valid_until = if missing(HalalExpired) { years(-1) } else { years(4) };
            let halal = format!("ID3111000{serial:08}");
            let permit = ProductPermit {
                product_id: product.id,
                kind: PermitKind::Halal,
                number: halal,
                issued_on: Some(years(-1)),
                valid_until: Some(valid_until),
            };
            permits::insert(conn, &permit, now).await?;
        }
    }
    if !missing(NotAssessed) {
        let assessment = Assessment {
            id: AssessmentId(0),
            product_id: product.id,
            assessed_on: if missing(AssessmentExpired) { years(-2) } else { years(-1).succ_opt().unwrap_or(today) },
            assessor: format!("{LABEL} Tim Kurasi Dinas Koperasi dan UMKM"),
            outcome: if missing(AssessmentNotPassed) {
                AssessmentOutcome::NeedsImprovement
            } else {
                AssessmentOutcome::Passed
            },
            label_complete: !missing(LabelIncomplete),
            packaging_ok: true,
            valid_until: if missing(AssessmentExpired) { years(-1) } else { years(1) },
            notes: Some(format!("{LABEL} catatan penilaian")),
        };
        assessments::insert(conn, &assessment, now).await?;
    }
    let ready = state == ProductState::Ready && group.status == GroupStatus::Active && group.nib.is_some();
    if ready && number.is_multiple_of(4) {
        let listing =
            listings::insert(conn, product.id, "Alfamidi", OUTLETS[number % OUTLETS.len()], today, now).await?;
        if number.is_multiple_of(8) {
            listings::move_to(conn, listing.id, ListingStatus::Proposed, ListingStatus::Listed, today, now).await?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::{NikGender, parse_nik};

    #[test]
    fn demo_niks_are_valid_and_agree_with_gender() {
        let birth = NaiveDate::from_ymd_opt(1980, 2, 29).unwrap();
        let today = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
        let nik = fake_nik("72.71.01.1004", birth, Gender::Female, 12);
        assert_eq!(nik, "7271016902800012");
        let parsed = parse_nik(&nik, today).unwrap();
        assert_eq!((parsed.birth_date, parsed.gender), (birth, NikGender::Female));
    }
}
