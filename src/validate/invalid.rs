//! The refusal every validator returns: a stable code for clients, an English message.

use std::fmt;

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

/// Test support for every validator: asserts that `check` refuses each of `inputs` with
/// `expected` (which code that is, `codes_are_stable` below checks once for all).
#[cfg(test)]
pub(super) fn assert_all_refused<T: fmt::Debug + PartialEq>(
    check: impl Fn(&str) -> Result<T, Invalid>,
    expected: Invalid,
    inputs: &[&str],
) {
    for input in inputs {
        assert_eq!(check(input), Err(expected.clone()), "{input:?}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
