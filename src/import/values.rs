//! Cell values as people type them in a spreadsheet: enum names in English or Indonesian, in
//! any case; dates as ISO (2024-03-17) or as Excel in Indonesia shows them (17/03/2024).

use chrono::NaiveDate;

use crate::graphql::user_error::Problem;
use crate::members::model::{Gender, GroupRole};
use crate::sector::BusinessSector;

/// Upper case, spaces, dashes and slashes as underscores: "Laki-laki" → "LAKI_LAKI".
fn key(text: &str) -> String {
    text.trim().to_uppercase().replace([' ', '-', '/'], "_")
}

pub const SECTORS: &str = "a sector: FOOD_BEVERAGE (MAKANAN_MINUMAN), CRAFT (KERAJINAN), FASHION_TEXTILE \
     (FASHION), AGRICULTURE (PERTANIAN), FISHERY (PERIKANAN), LIVESTOCK (PETERNAKAN), TRADE \
     (PERDAGANGAN), SERVICES (JASA) or OTHER (LAINNYA)";

pub fn sector(text: &str) -> Result<BusinessSector, Problem> {
    let key = key(text);
    let sector = match key.as_str() {
        "MAKANAN_MINUMAN" | "MAKANAN_DAN_MINUMAN" | "KULINER" => Some(BusinessSector::FoodBeverage),
        "KERAJINAN" => Some(BusinessSector::Craft),
        "FASHION" | "TEKSTIL" | "FESYEN" => Some(BusinessSector::FashionTextile),
        "PERTANIAN" => Some(BusinessSector::Agriculture),
        "PERIKANAN" => Some(BusinessSector::Fishery),
        "PETERNAKAN" => Some(BusinessSector::Livestock),
        "PERDAGANGAN" => Some(BusinessSector::Trade),
        "JASA" => Some(BusinessSector::Services),
        "LAINNYA" => Some(BusinessSector::Other),
        other => BusinessSector::from_name(other),
    };
    sector.ok_or(Problem::InvalidValue { expected: SECTORS })
}

pub fn gender(text: &str) -> Result<Gender, Problem> {
    match key(text).as_str() {
        "FEMALE" | "F" | "P" | "PEREMPUAN" | "WANITA" => Ok(Gender::Female),
        "MALE" | "M" | "L" | "LAKI_LAKI" | "LAKI" | "PRIA" => Ok(Gender::Male),
        _ => Err(Problem::InvalidValue { expected: "FEMALE (P, PEREMPUAN) or MALE (L, LAKI-LAKI)" }),
    }
}

pub fn role(text: &str) -> Result<GroupRole, Problem> {
    match key(text).as_str() {
        "CHAIR" | "KETUA" => Ok(GroupRole::Chair),
        "SECRETARY" | "SEKRETARIS" => Ok(GroupRole::Secretary),
        "TREASURER" | "BENDAHARA" => Ok(GroupRole::Treasurer),
        "MEMBER" | "ANGGOTA" => Ok(GroupRole::Member),
        _ => Err(Problem::InvalidValue {
            expected: "CHAIR (KETUA), SECRETARY (SEKRETARIS), TREASURER (BENDAHARA) or MEMBER (ANGGOTA)",
        }),
    }
}

/// Several sectors separated by `|` (a comma would clash with the delimiter).
pub fn skills(text: &str) -> Result<Vec<BusinessSector>, Problem> {
    text.split('|').map(str::trim).filter(|s| !s.is_empty()).map(sector).collect()
}

/// Several texts separated by `|`.
pub fn list(text: &str) -> Vec<String> {
    text.split('|').map(str::trim).filter(|s| !s.is_empty()).map(str::to_string).collect()
}

pub fn date(text: &str) -> Result<NaiveDate, Problem> {
    let text = text.trim();
    ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"]
        .iter()
        .find_map(|format| NaiveDate::parse_from_str(text, format).ok())
        .ok_or(Problem::InvalidValue { expected: "a date as YYYY-MM-DD or DD/MM/YYYY" })
}

/// A whole number, with `.` or spaces as thousands separators allowed ("15.000").
pub fn whole_number(text: &str) -> Result<i64, Problem> {
    let digits: String = text.trim().chars().filter(|c| !matches!(c, '.' | ' ')).collect();
    let digits = digits.strip_prefix("Rp").unwrap_or(&digits);
    digits
        .parse::<i64>()
        .ok()
        .filter(|n| *n <= 100_000_000_000_000)
        .ok_or(Problem::InvalidValue { expected: "a whole number (dots as thousands separators are allowed)" })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indonesian_and_english_names() {
        assert_eq!(sector("makanan minuman"), Ok(BusinessSector::FoodBeverage));
        assert_eq!(sector("food_beverage"), Ok(BusinessSector::FoodBeverage));
        assert!(sector("kopi").is_err());
        assert_eq!(gender("Laki-laki"), Ok(Gender::Male));
        assert_eq!(gender("p"), Ok(Gender::Female));
        assert_eq!(role("Ketua"), Ok(GroupRole::Chair));
        assert_eq!(skills("KERAJINAN | jasa"), Ok(vec![BusinessSector::Craft, BusinessSector::Services]));
    }

    #[test]
    fn dates_and_numbers_as_spreadsheets_write_them() {
        let day = NaiveDate::from_ymd_opt(2024, 3, 17).unwrap();
        assert_eq!(date("2024-03-17"), Ok(day));
        assert_eq!(date("17/03/2024"), Ok(day));
        assert!(date("31/02/2024").is_err());
        assert_eq!(whole_number("15.000"), Ok(15_000));
        assert_eq!(whole_number("Rp25000"), Ok(25_000));
        assert!(whole_number("12,5").is_err());
    }
}
