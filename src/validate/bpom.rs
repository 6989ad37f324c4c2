//! BPOM food registration numbers (MD, ML).

use super::{Invalid, is_digits};

/// The kind of a BPOM registration number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BpomKind {
    /// "MD": food made in Indonesia (Makanan Dalam negeri).
    Md,
    /// "ML": imported food (Makanan Luar negeri).
    Ml,
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::invalid::assert_all_refused;

    #[test]
    fn bpom_valid() {
        assert_eq!(parse_bpom("MD224510001234"), Ok(BpomKind::Md));
        assert_eq!(parse_bpom("ML224510001234"), Ok(BpomKind::Ml));
        assert_eq!(parse_bpom("MD224510001234567"), Ok(BpomKind::Md));
        assert_eq!(parse_bpom("ML224510001234567"), Ok(BpomKind::Ml));
    }

    #[test]
    fn bpom_invalid() {
        let refused = [
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
        ];
        assert_all_refused(parse_bpom, Invalid::Bpom, &refused);
    }
}
