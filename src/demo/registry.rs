//! Demo groups in every kelurahan, 1 to 7 each so that some stay short of their target of
//! 5, with 5 to 8 members each whose NIKs are fake but valid in form.

use chrono::{Datelike, NaiveDate, NaiveDateTime};

use super::LABEL;
use crate::db::DbConn;
use crate::error::AppResult;
use crate::geography::model::Kelurahan;
use crate::groups::model::{self as groups, Group, GroupFields, GroupStatus, NewGroup};
use crate::members::model::{self as members, Gender, GroupRole, MemberFields, NewMember};
use crate::sector::BusinessSector;

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

/// Where the demo stands while it fills: the random sequence, the next serial (of NIKs,
/// phones, NIBs) and the time every record is stamped with.
struct Filler {
    random: Sequence,
    serial: u32,
    now: NaiveDateTime,
}

/// Adds the demo groups of every kelurahan, each with its members and one product, and
/// returns them in the order they were added.
pub(super) async fn add_groups(
    conn: &mut DbConn,
    kelurahans: &[Kelurahan],
    now: NaiveDateTime,
) -> AppResult<Vec<Group>> {
    let mut filler = Filler { random: Sequence(7271), serial: 1, now };
    let mut added = Vec::new();
    for (index, kelurahan) in kelurahans.iter().enumerate() {
        // 1 to 7 groups: some kelurahan stay short of the target of 5.
        let group_count = 1 + (index * 3) % 7;
        for g in 0..group_count {
            let (kind, sector) = GROUP_KINDS[(index + g * 3) % GROUP_KINDS.len()];
            let name = format!("{LABEL} KUB {kind} {}", kelurahan.name);
            let status = if g == 6 { GroupStatus::Inactive } else { GroupStatus::Active };
            let group = add_group(conn, &mut filler, kelurahan, name, sector, status, g % 2 == 0).await?;
            add_members(conn, &mut filler, &group, kelurahan, sector).await?;
            super::products::add_product(conn, &group, kind, sector, added.len(), now).await?;
            added.push(group);
        }
    }
    Ok(added)
}

/// One group, founded on a random date since 2018, with an NIB when `with_nib`.
async fn add_group(
    conn: &mut DbConn,
    filler: &mut Filler,
    kelurahan: &Kelurahan,
    name: String,
    sector: BusinessSector,
    status: GroupStatus,
    with_nib: bool,
) -> AppResult<Group> {
    let random = &mut filler.random;
    let founded =
        NaiveDate::from_ymd_opt(2018 + (random.next(7) as i32), 1 + random.next(12) as u32, 1 + random.next(28) as u32);
    let nib = with_nib.then(|| format!("{:013}", 9_120_000_000_000u64 + u64::from(filler.serial)));
    let registration_number = groups::next_registration_number(conn, kelurahan.id, &kelurahan.code).await?;
    let (annual_turnover, business_capital) = demo_declaration(filler.serial);
    let new = NewGroup {
        fields: GroupFields {
            kelurahan_id: kelurahan.id,
            registration_number,
            name,
            sector,
            status,
            founded_on: founded,
            nib,
            annual_turnover,
            business_capital,
        },
        created_at: filler.now,
        updated_at: filler.now,
    };
    Ok(groups::insert(conn, &new).await?)
}

/// 5 to 8 members: the chair, secretary and treasurer first, then plain members; every third
/// one also skilled in trade.
async fn add_members(
    conn: &mut DbConn,
    filler: &mut Filler,
    group: &Group,
    kelurahan: &Kelurahan,
    sector: BusinessSector,
) -> AppResult<()> {
    let member_count = 5 + filler.random.next(4) as usize;
    for m in 0..member_count {
        let random = &mut filler.random;
        let (given, gender) = GIVEN_NAMES[random.next(GIVEN_NAMES.len() as u64) as usize];
        let family = FAMILY_NAMES[random.next(FAMILY_NAMES.len() as u64) as usize];
        let role =
            [GroupRole::Chair, GroupRole::Secretary, GroupRole::Treasurer].get(m).copied().unwrap_or(GroupRole::Member);
        let birth = NaiveDate::from_ymd_opt(
            1965 + random.next(40) as i32,
            1 + random.next(12) as u32,
            1 + random.next(28) as u32,
        )
        .unwrap_or_default();
        let serial = filler.serial;
        let new = NewMember {
            fields: MemberFields {
                group_id: group.id,
                full_name: format!("{LABEL} {given} {family}"),
                nik: fake_nik(&kelurahan.code, birth, gender, serial),
                gender,
                role,
                phone: Some(format!("+62812{:08}", 40_000_000 + serial)),
                address: Some(format!("{LABEL} Jl. Contoh No. {}, {}", 1 + random.next(99), kelurahan.name)),
            },
            created_at: filler.now,
            updated_at: filler.now,
        };
        let member = members::insert(conn, &new).await?;
        filler.serial += 1;
        let skills = if m % 3 == 2 { vec![sector, BusinessSector::Trade] } else { vec![sector] };
        members::set_skills(conn, member.id, &skills).await?;
    }
    Ok(())
}

/// A NIK valid in form: the kecamatan's region code, a birth date (day + 40 for women),
/// and a serial unique within the demo.
fn fake_nik(kelurahan_code: &str, birth: NaiveDate, gender: Gender, serial: u32) -> String {
    let region: String = kelurahan_code.split('.').take(3).collect();
    let day = birth.day() + if gender == Gender::Female { 40 } else { 0 };
    format!("{region}{day:02}{:02}{:02}{:04}", birth.month(), birth.year() % 100, serial % 10_000)
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
