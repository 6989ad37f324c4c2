//! NIB (Nomor Induk Berusaha), the business identity number from OSS.

use super::{Invalid, is_digits};

/// NIB (Nomor Induk Berusaha, from OSS): exactly 13 ASCII digits, no inner structure.
pub fn check_nib(input: &str) -> Result<(), Invalid> {
    if is_digits(input, 13) { Ok(()) } else { Err(Invalid::Nib) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::invalid::assert_all_refused;

    #[test]
    fn nib_valid() {
        assert_eq!(check_nib("1234567890123"), Ok(()));
        assert_eq!(check_nib("0000000000000"), Ok(()));
    }

    #[test]
    fn nib_invalid() {
        let refused = [
            "",
            "123456789012",
            "12345678901234",
            "123456789012A",
            " 1234567890123",
            "1234567890123 ",
            "1234-567890123",
            "１２３４５６７８９０１２３",
        ];
        assert_all_refused(check_nib, Invalid::Nib, &refused);
    }
}
