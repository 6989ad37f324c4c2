//! NIK (Nomor Induk Kependudukan): region, birth date with gender, serial.

use chrono::NaiveDate;

use super::{Invalid, is_digits, number};

/// The gender encoded in a NIK (women have 40 added to the birth day).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NikGender {
    /// Birth day stored as 41..=71.
    Female,
    /// Birth day stored as 01..=31.
    Male,
}

/// The parts of a valid NIK.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Nik {
    /// The birth date, with the century resolved against the `today` given to [`parse_nik`].
    pub birth_date: NaiveDate,
    /// The gender, from whether 40 was added to the birth day.
    pub gender: NikGender,
}
/// NIK (Nomor Induk Kependudukan): exactly 16 ASCII digits = region of first registration (6 digits: province 2, regency 2, district 2; province must be 11..=96, regency and district not "00") + birth date DDMMYY where women have 40 added to the day + serial 0001..=9999 (0000 refused).
/// The two-digit year is resolved against `today`: 20YY if that date is not after today, else 19YY. The date must be a real calendar date (31 Feb, 29 Feb of a non-leap year refused).
///
/// The parts are checked in the order they appear, so a NIK with several faults
/// reports the leftmost one.
pub fn parse_nik(input: &str, today: NaiveDate) -> Result<Nik, Invalid> {
    if !is_digits(input, 16) {
        return Err(Invalid::NikFormat);
    }
    let b = input.as_bytes();

    let province = number(b, 0, 2);
    let regency = number(b, 2, 2);
    let district = number(b, 4, 2);
    if !(11..=96).contains(&province) || regency == 0 || district == 0 {
        return Err(Invalid::NikRegion);
    }

    let stored_day = number(b, 6, 2);
    let month = number(b, 8, 2);
    let yy = number(b, 10, 2);
    // Days 41..=71 are women's; anything else that is not 1..=31 after this
    // split (00, 32..=40, 72..) fails the calendar check below.
    let (day, gender) =
        if stored_day > 40 { (stored_day - 40, NikGender::Female) } else { (stored_day, NikGender::Male) };
    let birth_date = resolve_birth_date(yy, month, day, today).ok_or(Invalid::NikDate)?;

    if number(b, 12, 4) == 0 {
        return Err(Invalid::NikSerial);
    }

    Ok(Nik { birth_date, gender })
}

/// The real date for a two-digit year: the 2000s unless that would lie after
/// `today` (nobody is registered before being born), else the 1900s. `None` when
/// the day/month do not form a real date in the chosen century.
fn resolve_birth_date(yy: u32, month: u32, day: u32, today: NaiveDate) -> Option<NaiveDate> {
    // yy < 100, so the cast cannot wrap.
    let yy = yy as i32;
    match NaiveDate::from_ymd_opt(2000 + yy, month, day) {
        Some(date) if date <= today => Some(date),
        // In the future, or not a date in 20YY; then it is not one in 19YY either
        // (1900 is not a leap year while 2000 is), so falling through is safe.
        _ => NaiveDate::from_ymd_opt(1900 + yy, month, day),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graphql::user_error_code::UserErrorCode;
    use crate::validate::invalid::assert_all_refused;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    /// A fixed "today" so the century rule is deterministic.
    fn today() -> NaiveDate {
        date(2025, 6, 15)
    }

    fn nik(input: &str) -> Result<Nik, Invalid> {
        parse_nik(input, today())
    }

    /// The birth date of a NIK that must be valid.
    fn born(input: &str) -> NaiveDate {
        nik(input).unwrap().birth_date
    }

    /// Each NIK is refused for its date.
    fn assert_date_refused(inputs: &[&str]) {
        assert_all_refused(nik, Invalid::NikDate, inputs);
    }

    // ---- NIK: valid ----

    #[test]
    fn nik_valid_male() {
        assert_eq!(nik("7271011708900001"), Ok(Nik { birth_date: date(1990, 8, 17), gender: NikGender::Male }));
    }

    #[test]
    fn nik_valid_female_day_plus_40() {
        assert_eq!(nik("7271015708900002"), Ok(Nik { birth_date: date(1990, 8, 17), gender: NikGender::Female }));
    }

    #[test]
    fn nik_day_boundaries() {
        assert_eq!(born("7271010101900001"), date(1990, 1, 1));
        assert_eq!(born("7271013101900001"), date(1990, 1, 31));
        let first_female = nik("7271014101900001").unwrap();
        assert_eq!(first_female.birth_date, date(1990, 1, 1));
        assert_eq!(first_female.gender, NikGender::Female);
        let last_female = nik("7271017101900001").unwrap();
        assert_eq!(last_female.birth_date, date(1990, 1, 31));
        assert_eq!(last_female.gender, NikGender::Female);
    }

    #[test]
    fn nik_serial_bounds() {
        assert!(nik("7271011708900001").is_ok());
        assert!(nik("7271011708909999").is_ok());
    }

    #[test]
    fn nik_region_bounds() {
        assert!(nik("1101011708900001").is_ok());
        assert!(nik("9601011708900001").is_ok());
        assert!(nik("7299991708900001").is_ok());
    }

    // ---- NIK: dates ----

    #[test]
    fn nik_29_feb_leap_year() {
        assert_eq!(born("7271012902040001"), date(2004, 2, 29));
        let female = nik("7271016902040001").unwrap();
        assert_eq!(female.birth_date, date(2004, 2, 29));
        assert_eq!(female.gender, NikGender::Female);
        assert_eq!(born("7271012902960001"), date(1996, 2, 29));
    }

    #[test]
    fn nik_29_feb_non_leap_year_refused() {
        assert_date_refused(&["7271012902030001", "7271016902030001", "7271012902990001"]);
    }

    #[test]
    fn nik_29_feb_2000_vs_1900() {
        // 2000 is a leap year and not after today.
        assert_eq!(born("7271012902000001"), date(2000, 2, 29));
        // Before 29 Feb 2000 the year resolves to 1900, which is not a leap year.
        assert_eq!(parse_nik("7271012902000001", date(1999, 12, 31)), Err(Invalid::NikDate));
    }

    #[test]
    fn nik_impossible_days_refused() {
        for day in ["00", "32", "39", "40", "72", "99"] {
            let input = format!("727101{day}08900001");
            assert_eq!(nik(&input), Err(Invalid::NikDate), "day {day}");
        }
    }

    #[test]
    fn nik_31_feb_and_31_apr_refused() {
        assert_date_refused(&["7271013102900001", "7271013104900001", "7271017104900001"]);
        assert!(nik("7271013004900001").is_ok());
    }

    #[test]
    fn nik_bad_month_refused() {
        assert_date_refused(&["7271011713900001", "7271011700900001", "7271011799900001"]);
    }

    #[test]
    fn nik_century_resolution() {
        // YY greater than today's YY: 19YY.
        assert_eq!(born("7271011708300001"), date(1930, 8, 17));
        assert_eq!(born("7271011708990001"), date(1999, 8, 17));
        // YY lower than today's: 20YY.
        assert_eq!(born("7271011708100001"), date(2010, 8, 17));
        assert_eq!(born("7271010101000001"), date(2000, 1, 1));
        // Same YY: decided by whether the date is after today.
        assert_eq!(born("7271011506250001"), date(2025, 6, 15));
        assert_eq!(born("7271011406250001"), date(2025, 6, 14));
        assert_eq!(born("7271011606250001"), date(1925, 6, 16));
        assert_eq!(born("7271015507250001"), date(1925, 7, 15));
    }

    #[test]
    fn nik_century_follows_today() {
        let input = "7271011708300001";
        assert_eq!(parse_nik(input, date(2031, 1, 1)).unwrap().birth_date, date(2030, 8, 17));
        assert_eq!(parse_nik(input, date(2030, 8, 16)).unwrap().birth_date, date(1930, 8, 17));
        assert_eq!(parse_nik(input, date(2030, 8, 17)).unwrap().birth_date, date(2030, 8, 17));
    }

    // ---- NIK: structure ----

    #[test]
    fn nik_serial_0000_refused() {
        let err = nik("7271011708900000").unwrap_err();
        assert_eq!(err, Invalid::NikSerial);
        assert_eq!(err.code(), UserErrorCode::InvalidNik);
    }

    #[test]
    fn nik_bad_region_refused() {
        let refused = [
            "1001011708900001", // province 10
            "9701011708900001", // province 97
            "0001011708900001", // province 00
            "9901011708900001", // province 99
            "7200011708900001", // regency 00
            "7271001708900001", // district 00
        ];
        assert_all_refused(nik, Invalid::NikRegion, &refused);
    }

    #[test]
    fn nik_wrong_length_refused() {
        let refused = [
            "",
            "727101170890001",   // 15
            "72710117089000011", // 17
            "7271011708900001 7271011708900001",
        ];
        assert_all_refused(nik, Invalid::NikFormat, &refused);
    }

    #[test]
    fn nik_non_digits_refused() {
        let refused = [
            "727101170890000A",
            "7271O11708900001",
            " 7271011708900001",
            "7271011708900001 ",
            "7271 011708900001",
            "7271-01-170890-0001",
            "+727101170890001",
            "-727101170890001",
            "７２７１０１１７０８９０００１", // full-width digits
            "٧٢٧١٠١١٧٠٨٩٠٠٠١",                // Arabic-Indic digits
            "727101170890000\u{0}",
        ];
        assert_all_refused(nik, Invalid::NikFormat, &refused);
    }

    #[test]
    fn nik_reports_leftmost_fault() {
        // Bad region and bad date and bad serial: region wins.
        assert_eq!(nik("7200013213900000"), Err(Invalid::NikRegion));
        // Bad date and bad serial: date wins.
        assert_eq!(nik("7271013213900000"), Err(Invalid::NikDate));
    }

    #[test]
    fn nik_messages_never_echo_input() {
        let bad = ["7271011708900000", "7271013213900001", "7200011708900001", "72710117089000011"];
        for input in bad {
            let msg = nik(input).unwrap_err().to_string();
            assert!(!msg.contains(input), "{msg}");
            assert!(!msg.contains("727101"), "{msg}");
        }
    }
}
