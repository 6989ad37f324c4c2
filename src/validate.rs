//! Validators for Indonesian identifiers and for free text accepted by the API.
//!
//! Every function here is pure: no I/O and no clock (callers pass `today`), so the
//! rules are cheap to unit-test and give the same answer on every machine. A refusal
//! is an [`Invalid`]: its [`Invalid::code`] is the stable `userErrors` code that
//! clients switch on, and its `Display` is an English message for a person. Messages
//! say what is expected and never repeat the input, because a NIK is personal data
//! and error messages end up in logs.

use std::fmt;

use chrono::NaiveDate;

use crate::graphql::user_error_code::UserErrorCode;

/// Why a value was refused; `code()` gives the stable userErrors code, Display a clear English message for a person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Invalid {
    /// The NIK is not exactly 16 ASCII digits.
    NikFormat,
    /// The region part of the NIK (digits 1–6) cannot exist: province outside
    /// 11..=96, or regency or district "00".
    NikRegion,
    /// The birth-date part of the NIK (digits 7–12) is not a real calendar date.
    NikDate,
    /// The serial part of the NIK (digits 13–16) is "0000".
    NikSerial,
    /// The NIB is not exactly 13 ASCII digits.
    Nib,
    /// The barcode is not exactly 13 ASCII digits.
    BarcodeFormat,
    /// The barcode's last digit does not match the GS1 check digit of the first 12.
    BarcodeCheckDigit {
        /// The check digit the first 12 digits call for.
        expected: u8,
    },
    /// The PIRT / SPP-IRT number is not exactly 15 ASCII digits.
    Pirt,
    /// The BPOM registration is not "MD" or "ML" followed by 12 or 15 digits.
    Bpom,
    /// The phone number is not a well-formed Indonesian number.
    Phone,
    /// A required text is empty, or only whitespace and invisible characters.
    Required,
    /// A text has more characters than allowed.
    TooLong {
        /// The most characters allowed.
        max: usize,
        /// How many characters the (trimmed) text has.
        len: usize,
    },
    /// A text contains control characters (line breaks, tabs, NUL, ...), bidi embeddings,
    /// overrides or isolates (U+202A–U+202E, U+2066–U+2069), or, in a one-line text, line or
    /// paragraph separators (U+2028, U+2029).
    InvalidText,
}

impl Invalid {
    /// The stable machine-readable code reported in `userErrors`.
    ///
    /// Several variants share a code on purpose: clients only need to know which
    /// rule family failed, while the variant keeps the detail for the message.
    pub fn code(&self) -> UserErrorCode {
        match self {
            Invalid::NikFormat | Invalid::NikRegion | Invalid::NikSerial => UserErrorCode::InvalidNik,
            Invalid::NikDate => UserErrorCode::InvalidNikDate,
            Invalid::Nib => UserErrorCode::InvalidNib,
            Invalid::BarcodeFormat | Invalid::BarcodeCheckDigit { .. } => UserErrorCode::InvalidBarcode,
            Invalid::Pirt => UserErrorCode::InvalidPirt,
            Invalid::Bpom => UserErrorCode::InvalidBpom,
            Invalid::Phone => UserErrorCode::InvalidPhone,
            Invalid::Required => UserErrorCode::Required,
            Invalid::TooLong { .. } => UserErrorCode::TooLong,
            Invalid::InvalidText => UserErrorCode::InvalidText,
        }
    }
}

impl fmt::Display for Invalid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Invalid::NikFormat => f.write_str("NIK must be exactly 16 digits"),
            Invalid::NikRegion => f.write_str(
                "the region code in the NIK (digits 1–6) is not valid: the province \
                 (digits 1–2) must be 11–96 and the regency (digits 3–4) and district \
                 (digits 5–6) must not be 00",
            ),
            Invalid::NikDate => {
                f.write_str("the birth date in the NIK (digits 7–12, day + 40 for women) is not a real date")
            }
            Invalid::NikSerial => {
                f.write_str("the serial number in the NIK (digits 13–16) must be 0001–9999, not 0000")
            }
            Invalid::Nib => f.write_str("NIB must be exactly 13 digits"),
            Invalid::BarcodeFormat => f.write_str("an EAN-13 barcode must be exactly 13 digits"),
            Invalid::BarcodeCheckDigit { expected } => {
                write!(f, "the EAN-13 check digit is wrong: expected {expected}")
            }
            Invalid::Pirt => f.write_str("a PIRT (SPP-IRT) number must be exactly 15 digits"),
            Invalid::Bpom => {
                f.write_str("a BPOM registration number must be MD or ML (uppercase) followed by 12 or 15 digits")
            }
            Invalid::Phone => f.write_str(
                "a phone number must be Indonesian: optionally +62, 62 or 0, then 8 to 13 \
                 digits not starting with 0 (spaces and dashes are allowed)",
            ),
            Invalid::Required => f.write_str("this field is required and must not be blank"),
            Invalid::TooLong { max, len } => write!(f, "the text must be at most {max} characters long (it has {len})"),
            Invalid::InvalidText => f.write_str(
                "the text must not contain control characters such as line breaks or tabs, nor \
                     direction overrides, embeddings or isolates (U+202A–U+202E, U+2066–U+2069)",
            ),
        }
    }
}

impl std::error::Error for Invalid {}

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

/// The kind of a BPOM registration number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BpomKind {
    /// "MD": food made in Indonesia (Makanan Dalam negeri).
    Md,
    /// "ML": imported food (Makanan Luar negeri).
    Ml,
}

/// True when `s` is exactly `n` ASCII digits. Non-ASCII digits (Arabic-Indic,
/// full-width, ...) are refused: the registries only issue 0–9.
fn is_digits(s: &str, n: usize) -> bool {
    // Byte length is the digit count once every byte is an ASCII digit.
    s.len() == n && s.bytes().all(|b| b.is_ascii_digit())
}

/// The number formed by the ASCII digits `b[start..start + len]`; the caller has
/// already checked they are digits.
fn number(b: &[u8], start: usize, len: usize) -> u32 {
    b[start..start + len].iter().fold(0, |acc, d| acc * 10 + u32::from(d - b'0'))
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

/// NIB (Nomor Induk Berusaha, from OSS): exactly 13 ASCII digits, no inner structure.
pub fn check_nib(input: &str) -> Result<(), Invalid> {
    if is_digits(input, 13) { Ok(()) } else { Err(Invalid::Nib) }
}

/// EAN-13 barcode: 13 digits with a valid GS1 mod-10 check digit (weights 1,3 alternating from the left on the first 12).
pub fn check_ean13(input: &str) -> Result<(), Invalid> {
    if !is_digits(input, 13) {
        return Err(Invalid::BarcodeFormat);
    }
    let expected = ean13_check_digit(&input[..12]).ok_or(Invalid::BarcodeFormat)?;
    if input.as_bytes()[12] - b'0' == expected { Ok(()) } else { Err(Invalid::BarcodeCheckDigit { expected }) }
}

/// The GS1 mod-10 check digit of the first 12 digits of an EAN-13 (weights 1,3 from the
/// left); `None` unless given exactly 12 ASCII digits.
pub fn ean13_check_digit(first12: &str) -> Option<u8> {
    if !is_digits(first12, 12) {
        return None;
    }
    let sum: u32 = first12.bytes().enumerate().map(|(i, b)| u32::from(b - b'0') * if i % 2 == 0 { 1 } else { 3 }).sum();
    // Always < 10, so the cast to u8 is lossless.
    Some(((10 - sum % 10) % 10) as u8)
}

/// PIRT / SPP-IRT number: exactly 15 digits. Returns the expiry year encoded by the last two digits (20YY).
pub fn parse_pirt(input: &str) -> Result<i32, Invalid> {
    if !is_digits(input, 15) {
        return Err(Invalid::Pirt);
    }
    // Two digits, so the cast cannot wrap.
    Ok(2000 + number(input.as_bytes(), 13, 2) as i32)
}

/// BPOM registration: "MD" or "ML" followed by 12 or 15 digits (uppercase; surrounding spaces are the caller's job). Returns which prefix.
pub fn parse_bpom(input: &str) -> Result<BpomKind, Invalid> {
    let (kind, digits) = if let Some(rest) = input.strip_prefix("MD") {
        (BpomKind::Md, rest)
    } else if let Some(rest) = input.strip_prefix("ML") {
        (BpomKind::Ml, rest)
    } else {
        return Err(Invalid::Bpom);
    };
    // 12 digits is the older numbering, 15 the current one; both are still on packs.
    if is_digits(digits, 12) || is_digits(digits, 15) { Ok(kind) } else { Err(Invalid::Bpom) }
}

/// Indonesian phone number: optional leading "+62" or "62" or "0", then 8..=13 digits starting with a non-zero digit; spaces and dashes allowed and ignored. Returns it normalised to "+62…".
///
/// A leading "62" is always read as the country code, so "62812…" and "0812…"
/// give the same number.
pub fn normalize_phone(input: &str) -> Result<String, Invalid> {
    // People write "0812-3456-7890" or "+62 812 3456 7890"; only the digits count.
    let compact: String = input.chars().filter(|c| *c != ' ' && *c != '-').collect();
    let national = compact
        .strip_prefix("+62")
        .or_else(|| compact.strip_prefix("62"))
        .or_else(|| compact.strip_prefix('0'))
        .unwrap_or(&compact);
    let well_formed = (8..=13).contains(&national.len())
        && national.bytes().all(|b| b.is_ascii_digit())
        && !national.starts_with('0');
    if well_formed { Ok(format!("+62{national}")) } else { Err(Invalid::Phone) }
}

/// Characters that take no room on screen: zero-width space, non-joiner and joiner, the
/// direction marks, word joiner and invisible operators, the byte-order mark, soft hyphen,
/// combining grapheme joiner, Hangul and Mongolian fillers, variation selectors and tags.
/// A text made only of these (and whitespace) looks blank, so it counts as blank.
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{034F}'
            | '\u{061C}'
            | '\u{115F}'
            | '\u{1160}'
            | '\u{17B4}'
            | '\u{17B5}'
            | '\u{180B}'..='\u{180F}'
            | '\u{200B}'..='\u{200F}'
            | '\u{2060}'..='\u{206F}'
            | '\u{3164}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{FEFF}'
            | '\u{FFA0}'
            | '\u{E0000}'..='\u{E0FFF}'
    )
}

/// Bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069): they
/// reorder how the text around them is shown, so a stored name could display as something
/// else ("Trojan Source"). Refused in every text.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// The line and paragraph separators (U+2028, U+2029): line breaks, out of place in a
/// one-line text.
fn is_line_separator(c: char) -> bool {
    matches!(c, '\u{2028}' | '\u{2029}')
}

/// A text that shows nothing: only whitespace and invisible characters.
fn looks_blank(text: &str) -> bool {
    text.chars().all(|c| c.is_whitespace() || is_invisible(c))
}

/// A required human-readable one-line text (names, titles): trimmed, 1..=max chars (count
/// chars, not bytes), not only invisible characters, no control characters, no bidi
/// controls, no line or paragraph separators. Returns the trimmed text.
///
/// Checks run in this order: blank or only invisible characters (`REQUIRED`), control
/// characters, bidi controls and separators (`INVALID_TEXT`), length (`TOO_LONG`).
pub fn required_text(input: &str, max: usize) -> Result<String, Invalid> {
    // Leading/trailing whitespace (including stray line breaks) is dropped, not refused.
    let text = input.trim();
    if looks_blank(text) {
        return Err(Invalid::Required);
    }
    // Control characters break one-line display and can smuggle terminal escapes; bidi
    // controls make the text display as another; separators are line breaks.
    if text.chars().any(|c| c.is_control() || is_bidi_control(c) || is_line_separator(c)) {
        return Err(Invalid::InvalidText);
    }
    // Characters, not bytes: "Sagélé" is 6 characters however it is encoded.
    let len = text.chars().count();
    if len > max {
        return Err(Invalid::TooLong { max, len });
    }
    Ok(text.to_owned())
}

/// An optional text: None or blank-after-trim -> Ok(None); else like required_text.
pub fn optional_text(input: Option<&str>, max: usize) -> Result<Option<String>, Invalid> {
    match input {
        // A blank optional field means "no value", so clearing a form field works.
        None => Ok(None),
        Some(s) if looks_blank(s) => Ok(None),
        Some(s) => required_text(s, max).map(Some),
    }
}

/// An optional free-text note (a remark on a move, the notes of a session): like
/// [`optional_text`], but line breaks (also U+2028, U+2029) and tabs are allowed; other control
/// characters and bidi controls are not. Only whitespace and invisible characters is no note.
pub fn optional_note(input: Option<&str>, max: usize) -> Result<Option<String>, Invalid> {
    let Some(text) = input.map(str::trim).filter(|t| !looks_blank(t)) else { return Ok(None) };
    if text.chars().any(|c| (c.is_control() && !matches!(c, '\n' | '\r' | '\t')) || is_bidi_control(c)) {
        return Err(Invalid::InvalidText);
    }
    let len = text.chars().count();
    if len > max {
        return Err(Invalid::TooLong { max, len });
    }
    Ok(Some(text.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert_eq!(nik("7271010101900001").unwrap().birth_date, date(1990, 1, 1));
        assert_eq!(nik("7271013101900001").unwrap().birth_date, date(1990, 1, 31));
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
        assert_eq!(nik("7271012902040001").unwrap().birth_date, date(2004, 2, 29));
        let female = nik("7271016902040001").unwrap();
        assert_eq!(female.birth_date, date(2004, 2, 29));
        assert_eq!(female.gender, NikGender::Female);
        assert_eq!(nik("7271012902960001").unwrap().birth_date, date(1996, 2, 29));
    }

    #[test]
    fn nik_29_feb_non_leap_year_refused() {
        assert_eq!(nik("7271012902030001"), Err(Invalid::NikDate));
        assert_eq!(nik("7271016902030001"), Err(Invalid::NikDate));
        assert_eq!(nik("7271012902990001"), Err(Invalid::NikDate));
    }

    #[test]
    fn nik_29_feb_2000_vs_1900() {
        // 2000 is a leap year and not after today.
        assert_eq!(nik("7271012902000001").unwrap().birth_date, date(2000, 2, 29));
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
        assert_eq!(nik("7271013102900001"), Err(Invalid::NikDate));
        assert_eq!(nik("7271013104900001"), Err(Invalid::NikDate));
        assert_eq!(nik("7271017104900001"), Err(Invalid::NikDate));
        assert!(nik("7271013004900001").is_ok());
    }

    #[test]
    fn nik_bad_month_refused() {
        assert_eq!(nik("7271011713900001"), Err(Invalid::NikDate));
        assert_eq!(nik("7271011700900001"), Err(Invalid::NikDate));
        assert_eq!(nik("7271011799900001"), Err(Invalid::NikDate));
    }

    #[test]
    fn nik_century_resolution() {
        // YY greater than today's YY: 19YY.
        assert_eq!(nik("7271011708300001").unwrap().birth_date, date(1930, 8, 17));
        assert_eq!(nik("7271011708990001").unwrap().birth_date, date(1999, 8, 17));
        // YY lower than today's: 20YY.
        assert_eq!(nik("7271011708100001").unwrap().birth_date, date(2010, 8, 17));
        assert_eq!(nik("7271010101000001").unwrap().birth_date, date(2000, 1, 1));
        // Same YY: decided by whether the date is after today.
        assert_eq!(nik("7271011506250001").unwrap().birth_date, date(2025, 6, 15));
        assert_eq!(nik("7271011406250001").unwrap().birth_date, date(2025, 6, 14));
        assert_eq!(nik("7271011606250001").unwrap().birth_date, date(1925, 6, 16));
        assert_eq!(nik("7271015507250001").unwrap().birth_date, date(1925, 7, 15));
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
        for input in [
            "1001011708900001", // province 10
            "9701011708900001", // province 97
            "0001011708900001", // province 00
            "9901011708900001", // province 99
            "7200011708900001", // regency 00
            "7271001708900001", // district 00
        ] {
            assert_eq!(nik(input), Err(Invalid::NikRegion), "{input}");
        }
        assert_eq!(Invalid::NikRegion.code(), UserErrorCode::InvalidNik);
    }

    #[test]
    fn nik_wrong_length_refused() {
        for input in [
            "",
            "727101170890001",   // 15
            "72710117089000011", // 17
            "7271011708900001 7271011708900001",
        ] {
            assert_eq!(nik(input), Err(Invalid::NikFormat), "{input:?}");
        }
    }

    #[test]
    fn nik_non_digits_refused() {
        for input in [
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
        ] {
            assert_eq!(nik(input), Err(Invalid::NikFormat), "{input:?}");
        }
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

    // ---- NIB ----

    #[test]
    fn nib_valid() {
        assert_eq!(check_nib("1234567890123"), Ok(()));
        assert_eq!(check_nib("0000000000000"), Ok(()));
    }

    #[test]
    fn nib_invalid() {
        for input in [
            "",
            "123456789012",
            "12345678901234",
            "123456789012A",
            " 1234567890123",
            "1234567890123 ",
            "1234-567890123",
            "１２３４５６７８９０１２３",
        ] {
            assert_eq!(check_nib(input), Err(Invalid::Nib), "{input:?}");
        }
        assert_eq!(Invalid::Nib.code(), UserErrorCode::InvalidNib);
    }

    // ---- EAN-13 ----

    #[test]
    fn ean13_valid() {
        for input in ["4006381333931", "8992761111113", "5901234123457", "0000000000000"] {
            assert_eq!(check_ean13(input), Ok(()), "{input}");
        }
    }

    #[test]
    fn ean13_check_digit_zero() {
        // Weighted sum 1*1 + 3*3 = 10 is a multiple of 10, so the check digit is 0.
        assert_eq!(check_ean13("1000000000030"), Ok(()));
        assert_eq!(check_ean13("1000000000031"), Err(Invalid::BarcodeCheckDigit { expected: 0 }));
    }

    #[test]
    fn ean13_bad_check_digit() {
        let err = check_ean13("4006381333932").unwrap_err();
        assert_eq!(err, Invalid::BarcodeCheckDigit { expected: 1 });
        assert_eq!(err.code(), UserErrorCode::InvalidBarcode);
        let err = check_ean13("8992761111110").unwrap_err();
        assert_eq!(err, Invalid::BarcodeCheckDigit { expected: 3 });
        assert_eq!(err.to_string(), "the EAN-13 check digit is wrong: expected 3");
    }

    #[test]
    fn ean13_single_digit_swap_detected() {
        // Changing any one digit of a valid code must break the check.
        let good = "4006381333931";
        for pos in 0..13 {
            let mut bytes = good.as_bytes().to_vec();
            bytes[pos] = b'0' + (bytes[pos] - b'0' + 1) % 10;
            let changed = String::from_utf8(bytes).unwrap();
            assert!(check_ean13(&changed).is_err(), "{changed}");
        }
    }

    #[test]
    fn ean13_bad_format() {
        for input in ["", "400638133393", "40063813339310", "400638133393X", "4006381 333931", "40063813339３1"] {
            assert_eq!(check_ean13(input), Err(Invalid::BarcodeFormat), "{input:?}");
        }
        assert_eq!(Invalid::BarcodeFormat.code(), UserErrorCode::InvalidBarcode);
    }

    // ---- PIRT ----

    #[test]
    fn pirt_valid_returns_expiry_year() {
        assert_eq!(parse_pirt("206727101001227"), Ok(2027));
        assert_eq!(parse_pirt("206727101001200"), Ok(2000));
        assert_eq!(parse_pirt("206727101001299"), Ok(2099));
    }

    #[test]
    fn pirt_invalid() {
        for input in [
            "",
            "20672710100122",
            "2067271010012270",
            "20672710100122X",
            "P-IRT 206727101001227",
            "2067-2710-1001-227",
            " 206727101001227",
        ] {
            assert_eq!(parse_pirt(input), Err(Invalid::Pirt), "{input:?}");
        }
        assert_eq!(Invalid::Pirt.code(), UserErrorCode::InvalidPirt);
    }

    // ---- BPOM ----

    #[test]
    fn bpom_valid() {
        assert_eq!(parse_bpom("MD224510001234"), Ok(BpomKind::Md));
        assert_eq!(parse_bpom("ML224510001234"), Ok(BpomKind::Ml));
        assert_eq!(parse_bpom("MD224510001234567"), Ok(BpomKind::Md));
        assert_eq!(parse_bpom("ML224510001234567"), Ok(BpomKind::Ml));
    }

    #[test]
    fn bpom_invalid() {
        for input in [
            "",
            "MD",
            "ML",
            "MD22451000123",      // 11 digits
            "MD2245100012345",    // 13 digits
            "MD22451000123456",   // 14 digits
            "MD2245100012345678", // 16 digits
            "md224510001234",     // lowercase
            "Md224510001234",
            "MK224510001234", // wrong prefix
            "SP224510001234",
            "224510001234", // no prefix
            "224510001234MD",
            "MD 224510001234", // inner space
            " MD224510001234", // surrounding spaces are the caller's job
            "MD224510001234 ",
            "MD22451000123A",
            "MDML224510001234",
            "MD２２４５１０００１２３４", // full-width digits
        ] {
            assert_eq!(parse_bpom(input), Err(Invalid::Bpom), "{input:?}");
        }
        assert_eq!(Invalid::Bpom.code(), UserErrorCode::InvalidBpom);
    }

    // ---- Phone ----

    #[test]
    fn phone_forms_normalise_alike() {
        for input in [
            "081234567890",
            "+6281234567890",
            "6281234567890",
            "81234567890",
            "0812-3456-7890",
            "0812 3456 7890",
            "+62 812-3456-7890",
            "+62-812 3456 7890",
            "  0812 3456 7890  ",
            "+ 62 812 3456 7890",
        ] {
            assert_eq!(normalize_phone(input).as_deref(), Ok("+6281234567890"), "{input:?}");
        }
    }

    #[test]
    fn phone_landline_palu() {
        assert_eq!(normalize_phone("0451 421234").as_deref(), Ok("+62451421234"));
        assert_eq!(normalize_phone("(0451) 421234"), Err(Invalid::Phone));
    }

    #[test]
    fn phone_length_bounds() {
        // 8 and 13 digits after the prefix are accepted.
        assert_eq!(normalize_phone("081234567").as_deref(), Ok("+6281234567"));
        assert_eq!(normalize_phone("08123456789012").as_deref(), Ok("+628123456789012"));
        assert_eq!(normalize_phone("+628123456789012").as_deref(), Ok("+628123456789012"));
        // 7 and 14 are not.
        assert_eq!(normalize_phone("08123456"), Err(Invalid::Phone));
        assert_eq!(normalize_phone("081234567890123"), Err(Invalid::Phone));
        assert_eq!(normalize_phone("+6281234567890123"), Err(Invalid::Phone));
    }

    #[test]
    fn phone_invalid() {
        for input in [
            "",
            "   ",
            "---",
            "0",
            "+62",
            "62",
            "+6208123456789", // trunk 0 after the country code
            "0081234567890",
            "+1 555 123 4567",
            "+4981234567890",
            "0812.3456.7890",
            "0812/34567890",
            "0812-3456-789O",
            "08123456789a",
            "0812+34567890",
            "0812\t34567890",
            "０８１２３４５６７８９０",
            "tel:081234567890",
        ] {
            assert_eq!(normalize_phone(input), Err(Invalid::Phone), "{input:?}");
        }
        assert_eq!(Invalid::Phone.code(), UserErrorCode::InvalidPhone);
    }

    // ---- Text ----

    #[test]
    fn required_text_trims() {
        assert_eq!(required_text("  Kaledo Stereo  ", 50).as_deref(), Ok("Kaledo Stereo"));
        assert_eq!(required_text("\n\tUya\n", 50).as_deref(), Ok("Uya"));
        assert_eq!(required_text("x", 1).as_deref(), Ok("x"));
    }

    #[test]
    fn required_text_blank() {
        for input in ["", " ", "   ", "\t\n", "\u{3000}"] {
            assert_eq!(required_text(input, 10), Err(Invalid::Required), "{input:?}");
        }
        assert_eq!(Invalid::Required.code(), UserErrorCode::Required);
    }

    #[test]
    fn required_text_counts_chars_not_bytes() {
        // 6 characters, 8 bytes.
        assert_eq!(required_text("Sagélé", 6).as_deref(), Ok("Sagélé"));
        assert_eq!(required_text("Kopi ☕", 6).as_deref(), Ok("Kopi ☕"));
        assert_eq!(required_text("Sagélé", 5), Err(Invalid::TooLong { max: 5, len: 6 }));
    }

    #[test]
    fn required_text_too_long() {
        let err = required_text("Kaledo", 5).unwrap_err();
        assert_eq!(err, Invalid::TooLong { max: 5, len: 6 });
        assert_eq!(err.code(), UserErrorCode::TooLong);
        assert!(err.to_string().contains("at most 5 characters"));
        // Length is measured after trimming.
        assert_eq!(required_text("   Kaled   ", 5).as_deref(), Ok("Kaled"));
        assert!(matches!(required_text("x", 0), Err(Invalid::TooLong { .. })));
    }

    #[test]
    fn required_text_control_characters() {
        for input in ["a\nb", "a\tb", "a\rb", "a\u{0}b", "a\u{7}b", "a\u{1b}[31mb", "a\u{7f}b", "a\u{85}b"] {
            assert_eq!(required_text(input, 100), Err(Invalid::InvalidText), "{input:?}");
        }
        assert_eq!(Invalid::InvalidText.code(), UserErrorCode::InvalidText);
    }

    #[test]
    fn required_text_check_order() {
        // Control characters are reported before length.
        assert_eq!(required_text("abc\ndef", 3), Err(Invalid::InvalidText));
    }

    #[test]
    fn optional_text_rules() {
        assert_eq!(optional_text(None, 10), Ok(None));
        assert_eq!(optional_text(Some(""), 10), Ok(None));
        assert_eq!(optional_text(Some("  \t "), 10), Ok(None));
        assert_eq!(optional_text(Some("  Palu  "), 10), Ok(Some("Palu".to_owned())));
        assert_eq!(optional_text(Some("a\u{0}b"), 10), Err(Invalid::InvalidText));
        assert_eq!(optional_text(Some("Palu Barat"), 4), Err(Invalid::TooLong { max: 4, len: 10 }));
    }

    #[test]
    fn notes_keep_line_breaks_but_no_other_control_characters() {
        assert_eq!(optional_note(None, 10), Ok(None));
        assert_eq!(optional_note(Some(" \n "), 10), Ok(None));
        assert_eq!(optional_note(Some(" a\r\n\tb "), 10), Ok(Some("a\r\n\tb".to_owned())));
        assert_eq!(optional_note(Some("a\u{1b}[31m"), 20), Err(Invalid::InvalidText));
        assert_eq!(optional_note(Some("Sagélé"), 5), Err(Invalid::TooLong { max: 5, len: 6 }));
    }

    // ---- Invalid ----

    #[test]
    fn only_invisible_characters_is_blank() {
        for invisible in
            ["\u{200B}", "\u{200C}\u{200D}", "\u{2060}", "\u{FEFF}", "\u{00AD}", " \u{200B} \u{FEFF} ", "\u{3164}"]
        {
            assert_eq!(required_text(invisible, 10), Err(Invalid::Required), "{invisible:?}");
            assert_eq!(optional_text(Some(invisible), 10), Ok(None), "{invisible:?}");
            assert_eq!(optional_note(Some(invisible), 10), Ok(None), "{invisible:?}");
        }
        // Invisible characters between visible ones are kept: ZWJ joins emoji, ZWNJ words.
        assert_eq!(required_text("Abon\u{200D}Tuna", 20).as_deref(), Ok("Abon\u{200D}Tuna"));
    }

    #[test]
    fn bidi_controls_are_refused_everywhere() {
        for c in
            ['\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}', '\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}']
        {
            let text = format!("Toko {c}atoT");
            assert_eq!(required_text(&text, 50), Err(Invalid::InvalidText), "{c:?}");
            assert_eq!(optional_text(Some(&text), 50), Err(Invalid::InvalidText), "{c:?}");
            assert_eq!(optional_note(Some(&text), 50), Err(Invalid::InvalidText), "{c:?}");
        }
        // The marks (LRM, RLM) do not reorder anything and are allowed inside a text.
        assert!(required_text("Toko\u{200F} Sagu", 50).is_ok());
    }

    #[test]
    fn separators_are_refused_in_one_line_texts_but_not_in_notes() {
        for c in ['\u{2028}', '\u{2029}'] {
            let text = format!("Baris satu{c}baris dua");
            assert_eq!(required_text(&text, 50), Err(Invalid::InvalidText), "{c:?}");
            assert_eq!(optional_note(Some(&text), 50), Ok(Some(text.clone())), "{c:?}");
        }
    }

    #[test]
    fn codes_are_stable() {
        let cases = [
            (Invalid::NikFormat, UserErrorCode::InvalidNik),
            (Invalid::NikRegion, UserErrorCode::InvalidNik),
            (Invalid::NikSerial, UserErrorCode::InvalidNik),
            (Invalid::NikDate, UserErrorCode::InvalidNikDate),
            (Invalid::Nib, UserErrorCode::InvalidNib),
            (Invalid::BarcodeFormat, UserErrorCode::InvalidBarcode),
            (Invalid::BarcodeCheckDigit { expected: 7 }, UserErrorCode::InvalidBarcode),
            (Invalid::Pirt, UserErrorCode::InvalidPirt),
            (Invalid::Bpom, UserErrorCode::InvalidBpom),
            (Invalid::Phone, UserErrorCode::InvalidPhone),
            (Invalid::Required, UserErrorCode::Required),
            (Invalid::TooLong { max: 1, len: 2 }, UserErrorCode::TooLong),
            (Invalid::InvalidText, UserErrorCode::InvalidText),
        ];
        for (invalid, code) in cases {
            assert_eq!(invalid.code(), code, "{invalid:?}");
            assert!(!invalid.to_string().is_empty());
        }
    }

    #[test]
    fn messages_say_what_is_expected() {
        assert_eq!(Invalid::NikFormat.to_string(), "NIK must be exactly 16 digits");
        assert_eq!(
            Invalid::NikDate.to_string(),
            "the birth date in the NIK (digits 7–12, day + 40 for women) is not a real date"
        );
        assert!(Invalid::NikSerial.to_string().contains("0000"));
        assert!(Invalid::NikRegion.to_string().contains("11–96"));
        assert_eq!(Invalid::Nib.to_string(), "NIB must be exactly 13 digits");
        assert!(Invalid::Pirt.to_string().contains("15 digits"));
        assert!(Invalid::Bpom.to_string().contains("12 or 15 digits"));
        assert!(Invalid::Phone.to_string().contains("8 to 13"));
        assert_eq!(
            Invalid::TooLong { max: 80, len: 81 }.to_string(),
            "the text must be at most 80 characters long (it has 81)"
        );
    }

    #[test]
    fn invalid_is_an_error() {
        fn takes_error(_: &dyn std::error::Error) {}
        takes_error(&Invalid::Required);
    }
}
