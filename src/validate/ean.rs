//! EAN-13 barcodes and their GS1 check digit.

use super::{Invalid, is_digits};

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graphql::user_error_code::UserErrorCode;
    use crate::validate::invalid::assert_all_refused;

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
        let malformed = ["", "400638133393", "40063813339310", "400638133393X", "4006381 333931", "40063813339３1"];
        assert_all_refused(check_ean13, Invalid::BarcodeFormat, &malformed);
    }
}
