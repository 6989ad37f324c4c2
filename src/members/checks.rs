//! The checks of a member's input fields, shared by the mutations and the CSV import.

use super::model::Gender;
use crate::clock;
use crate::graphql::user_error::{Problem, UserError, UserErrors};
use crate::validate::{self, NikGender};

/// Longest member name accepted.
pub const MAX_NAME: usize = 150;

/// Longest address accepted.
pub const MAX_ADDRESS: usize = 300;

/// A NIK (16 digits, a real birth date), trimmed, whose gender agrees with `gender`.
pub fn check_nik_and_gender(errors: &mut UserErrors, nik: &str, gender: Gender) -> Option<String> {
    let nik = nik.trim();
    let parsed = errors.check("nik", validate::parse_nik(nik, clock::today()))?;
    let agrees =
        matches!((parsed.gender, gender), (NikGender::Female, Gender::Female) | (NikGender::Male, Gender::Male));
    if !agrees {
        errors.push(UserError::at("gender", Problem::NikGenderMismatch));
        return None;
    }
    Some(nik.to_string())
}

/// An Indonesian phone number, normalised.
pub fn check_phone(errors: &mut UserErrors, phone: &str) -> Option<String> {
    errors.check("phone", validate::normalize_phone(phone))
}

/// The personal fields an action touches, by the names the API gives them (the birth date
/// comes with the NIK).
pub fn personal_fields(nik: bool, phone: bool, address: bool) -> Vec<&'static str> {
    let mut fields = Vec::new();
    if nik {
        fields.extend(["nik", "birthDate"]);
    }
    if phone {
        fields.push("phone");
    }
    if address {
        fields.push("address");
    }
    fields
}
