//! The checks of a group's input fields, shared by the mutations and the CSV import.

use crate::clock;
use crate::graphql::scalars::Date;
use crate::graphql::user_error::{Problem, UserError, UserErrors};
use crate::validate;

/// Longest group name accepted.
pub const MAX_NAME: usize = 150;

/// The founding day, refused when it is after today in Palu.
pub fn check_founded_on(errors: &mut UserErrors, date: Date) -> Option<chrono::NaiveDate> {
    if date.0 > clock::today() {
        errors.push(UserError::at("foundedOn", Problem::GroupFoundedInFuture));
        return None;
    }
    Some(date.0)
}

/// A NIB (13 digits), trimmed.
pub fn check_nib(errors: &mut UserErrors, nib: &str) -> Option<String> {
    let nib = nib.trim();
    errors.check("nib", validate::check_nib(nib)).map(|()| nib.to_string())
}
