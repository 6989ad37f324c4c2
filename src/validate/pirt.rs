//! PIRT / SPP-IRT, the home-industry food permit number.

use super::{Invalid, is_digits, number};

/// PIRT / SPP-IRT number: exactly 15 digits. Returns the expiry year encoded by the last two digits (20YY).
pub fn parse_pirt(input: &str) -> Result<i32, Invalid> {
    if !is_digits(input, 15) {
        return Err(Invalid::Pirt);
    }
    // Two digits, so the cast cannot wrap.
    Ok(2000 + number(input.as_bytes(), 13, 2) as i32)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::invalid::assert_all_refused;

    #[test]
    fn pirt_valid_returns_expiry_year() {
        assert_eq!(parse_pirt("206727101001227"), Ok(2027));
        assert_eq!(parse_pirt("206727101001200"), Ok(2000));
        assert_eq!(parse_pirt("206727101001299"), Ok(2099));
    }

    #[test]
    fn pirt_invalid() {
        let refused = [
            "",
            "20672710100122",
            "2067271010012270",
            "20672710100122X",
            "P-IRT 206727101001227",
            "2067-2710-1001-227",
            " 206727101001227",
        ];
        assert_all_refused(parse_pirt, Invalid::Pirt, &refused);
    }
}
