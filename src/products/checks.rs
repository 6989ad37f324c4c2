//! The checks of a product's input fields, shared by the mutations and the CSV import.

use super::permits::PermitKind;
use crate::graphql::user_error::{Problem, UserError, UserErrors};
use crate::validate::{self, Invalid};

/// Longest product name accepted.
pub const MAX_NAME: usize = 150;

/// Longest description accepted.
pub const MAX_DESCRIPTION: usize = 2000;

/// Longest unit accepted.
pub const MAX_UNIT: usize = 40;

/// Longest market region name accepted.
pub const MAX_REGION: usize = 80;

/// Most market regions a product may list.
pub const MAX_REGIONS: usize = 40;

/// An EAN-13 barcode with a correct check digit, trimmed.
pub fn check_barcode(errors: &mut UserErrors, barcode: &str) -> Option<String> {
    let barcode = barcode.trim();
    errors.check("barcode", validate::check_ean13(barcode)).map(|()| barcode.to_string())
}

/// A monthly capacity, refused when negative.
pub fn check_capacity(errors: &mut UserErrors, capacity: i32) -> Option<i32> {
    if capacity < 0 {
        errors.push(UserError::at("monthlyCapacity", Problem::NegativeCapacity));
        return None;
    }
    Some(capacity)
}

/// Market regions: at most [`MAX_REGIONS`], each non-blank; sorted, without repeats.
pub fn check_regions(errors: &mut UserErrors, regions: &[String]) -> Option<Vec<String>> {
    if regions.len() > MAX_REGIONS {
        errors.push(UserError::at("marketRegions", Problem::TooManyRegions { max: MAX_REGIONS }));
        return None;
    }
    let mut checked = Vec::new();
    for region in regions {
        checked.push(errors.check("marketRegions", validate::required_text(region, MAX_REGION))?);
    }
    checked.sort();
    checked.dedup();
    Some(checked)
}

/// The user error for a malformed permit number of `kind`.
pub fn invalid_permit(kind: PermitKind, invalid: &Invalid) -> UserError {
    match kind {
        PermitKind::Pirt | PermitKind::BpomMd | PermitKind::BpomMl => UserError::invalid("number", invalid),
        PermitKind::Halal | PermitKind::Sni => UserError::at("number", Problem::InvalidCertificateNumber),
    }
}
