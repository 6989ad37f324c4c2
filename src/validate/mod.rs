//! Validators for Indonesian identifiers and for free text accepted by the API.
//!
//! Every function here is pure: no I/O and no clock (callers pass `today`), so the
//! rules are cheap to unit-test and give the same answer on every machine. A refusal
//! is an [`Invalid`]: its [`Invalid::code`] is the stable `userErrors` code that
//! clients switch on, and its `Display` is an English message for a person. Messages
//! say what is expected and never repeat the input, because a NIK is personal data
//! and error messages end up in logs.
//!
//! One file per rule family: `invalid` (the refusal), `nik`, `nib`, `ean`, `pirt`, `bpom`,
//! `phone` and `text`. Callers use the re-exports below
//! (`crate::validate::parse_nik`, ...), not the files.

mod bpom;
mod ean;
mod invalid;
mod nib;
mod nik;
mod phone;
mod pirt;
mod text;

pub use self::bpom::{BpomKind, parse_bpom};
pub use self::ean::{check_ean13, ean13_check_digit};
pub use self::invalid::Invalid;
pub use self::nib::check_nib;
pub use self::nik::{Nik, NikGender, parse_nik};
pub use self::phone::normalize_phone;
pub use self::pirt::parse_pirt;
pub use self::text::{is_bidi_control, is_invisible, optional_note, optional_text, required_text};

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
