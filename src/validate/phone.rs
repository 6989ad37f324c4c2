//! Indonesian phone numbers, normalised to +62.

use super::Invalid;

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::invalid::assert_all_refused;

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
        let refused = [
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
        ];
        assert_all_refused(normalize_phone, Invalid::Phone, &refused);
    }
}
