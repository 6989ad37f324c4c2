//! Custom scalars of the contract.

use async_graphql::{InputValueError, InputValueResult, Scalar, ScalarType, Value};
use chrono::{NaiveDate, NaiveDateTime};

/// ISO 8601 calendar date, e.g. "2026-04-09".
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(pub NaiveDate);

/// A calendar day, "YYYY-MM-DD" (ISO 8601 / RFC 3339 full-date), e.g. "2026-04-09", with no
/// time or zone. Days are days in Palu (WITA, UTC+8): "today" and "not in the future" in this
/// API mean today in Palu. Anything else as input is refused as BAD_USER_INPUT.
#[Scalar(name = "Date", specified_by_url = "https://www.rfc-editor.org/rfc/rfc3339#section-5.6")]
impl ScalarType for Date {
    fn parse(value: Value) -> InputValueResult<Self> {
        match &value {
            Value::String(text) => NaiveDate::parse_from_str(text, "%Y-%m-%d")
                .map(Date)
                .map_err(|_| InputValueError::custom(format!("{text:?} is not a date of the form YYYY-MM-DD"))),
            _ => Err(InputValueError::expected_type(value)),
        }
    }

    fn to_value(&self) -> Value {
        // NaiveDate's Display is "%Y-%m-%d", written directly rather than through a format
        // string parsed on every date.
        Value::String(self.0.to_string())
    }
}

impl From<NaiveDate> for Date {
    fn from(date: NaiveDate) -> Self {
        Date(date)
    }
}

/// The largest integer a JSON number carries exactly (2^53 - 1): JavaScript's
/// `Number.MAX_SAFE_INTEGER`.
pub const MAX_SAFE_INTEGER: i64 = 9_007_199_254_740_991;

/// The largest single amount accepted, in rupiah: 10^14 (one hundred trillion, some fifty
/// times Kota Palu's yearly budget). With single amounts this small, the two parts in which
/// sums are taken ([`crate::db::sql::amount_sum`]) cannot overflow a BIGINT, and any amount
/// fits a JSON number exactly.
pub const MAX_AMOUNT: i64 = 100_000_000_000_000;

/// Whole rupiah. A single amount (a price, a budget, a loan) is at most [`MAX_AMOUNT`]; a sum
/// of amounts (a figure) may be larger.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Rupiah(i128);

impl Rupiah {
    /// A sum of amounts, however large.
    pub fn sum(total: i128) -> Self {
        Rupiah(total)
    }

    /// An amount given as input, which [`ScalarType::parse`] kept within [`MAX_AMOUNT`] (a
    /// value beyond `i64` could only be a sum, and saturates).
    pub fn amount(self) -> i64 {
        i64::try_from(self.0).unwrap_or(if self.0 < 0 { i64::MIN } else { i64::MAX })
    }
}

impl From<i64> for Rupiah {
    fn from(amount: i64) -> Self {
        Rupiah(i128::from(amount))
    }
}

fn amount_error() -> InputValueError<Rupiah> {
    InputValueError::custom(format!(
        "an amount is a whole, non-negative number of rupiah, at most {MAX_AMOUNT} (10^14): a JSON number, or a \
         string of decimal digits"
    ))
}

/// Whole rupiah, never negative. Serialised as a JSON number when at most 2^53 - 1
/// (9007199254740991, the largest integer a JavaScript number holds exactly), otherwise as a
/// string of decimal digits (e.g. "9100000000000000"): only sums of amounts (figures) get that
/// large. As input, a single amount of at most 10^14 (100000000000000), given as a JSON
/// number or as a string of decimal digits; anything else is refused as BAD_USER_INPUT.
#[Scalar(name = "Rupiah")]
impl ScalarType for Rupiah {
    fn parse(value: Value) -> InputValueResult<Self> {
        let amount = match &value {
            Value::Number(number) => number.as_i64(),
            Value::String(text) if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) => text.parse().ok(),
            Value::String(_) => None,
            _ => return Err(InputValueError::expected_type(value)),
        };
        amount.filter(|n| (0..=MAX_AMOUNT).contains(n)).map(Rupiah::from).ok_or_else(amount_error)
    }

    fn to_value(&self) -> Value {
        match i64::try_from(self.0) {
            Ok(n) if (-MAX_SAFE_INTEGER..=MAX_SAFE_INTEGER).contains(&n) => Value::Number(n.into()),
            _ => Value::String(self.0.to_string()),
        }
    }
}

/// RFC 3339 timestamp in UTC, to the second, e.g. "2026-04-09T08:30:00Z".
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct DateTime(pub NaiveDateTime);

/// An instant, as an RFC 3339 timestamp in UTC to the second, e.g. "2026-04-09T08:30:00Z"
/// (16:30 in Palu, WITA, UTC+8). As input, any RFC 3339 offset is accepted and read as the
/// same instant in UTC; anything else is refused as BAD_USER_INPUT.
#[Scalar(name = "DateTime", specified_by_url = "https://www.rfc-editor.org/rfc/rfc3339")]
impl ScalarType for DateTime {
    fn parse(value: Value) -> InputValueResult<Self> {
        match &value {
            Value::String(text) => chrono::DateTime::parse_from_rfc3339(text)
                .map(|at| DateTime(at.naive_utc()))
                .map_err(|_| InputValueError::custom(format!("{text:?} is not an RFC 3339 timestamp"))),
            _ => Err(InputValueError::expected_type(value)),
        }
    }

    fn to_value(&self) -> Value {
        Value::String(self.0.format("%Y-%m-%dT%H:%M:%SZ").to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(json: &str) -> InputValueResult<Rupiah> {
        Rupiah::parse(Value::from_json(serde_json::from_str(json).unwrap()).unwrap())
    }

    #[test]
    fn rupiah_takes_whole_non_negative_amounts_up_to_the_cap() {
        assert_eq!(parse("500000000").unwrap(), Rupiah(500_000_000));
        assert_eq!(parse("0").unwrap(), Rupiah(0));
        assert_eq!(parse("100000000000000").unwrap(), Rupiah::from(MAX_AMOUNT));
        for refused in ["-1", "1.5", "10.0", "1e6", "100000000000001", "9007199254740991", "null", "true", "[1]"] {
            assert!(parse(refused).is_err(), "{refused} was taken as rupiah");
        }
        let message = parse("100000000000001").unwrap_err().into_server_error(Default::default()).message;
        assert!(message.contains("at most 100000000000000"), "{message}");
    }

    #[test]
    fn rupiah_takes_strings_of_decimal_digits() {
        assert_eq!(parse("\"1000\"").unwrap(), Rupiah(1000));
        assert_eq!(parse("\"100000000000000\"").unwrap(), Rupiah::from(MAX_AMOUNT));
        assert_eq!(parse("\"0\"").unwrap(), Rupiah(0));
        for refused in ["\"\"", "\"-1\"", "\"+1\"", "\" 1\"", "\"1 \"", "\"1.0\"", "\"1e3\"", "\"1_000\"", "\"١٢\""] {
            assert!(parse(refused).is_err(), "{refused} was taken as rupiah");
        }
        for beyond in ["\"100000000000001\"", "\"99999999999999999999999999999999999999999\""] {
            assert!(parse(beyond).is_err(), "{beyond} was taken as rupiah");
        }
    }

    #[test]
    fn rupiah_is_a_number_up_to_2_53_and_a_string_beyond() {
        assert_eq!(Rupiah(12_500_000_000).to_value(), Value::Number(12_500_000_000i64.into()));
        assert_eq!(Rupiah::from(MAX_SAFE_INTEGER).to_value(), Value::Number(MAX_SAFE_INTEGER.into()));
        assert_eq!(Rupiah::sum(9_007_199_254_740_992).to_value(), Value::String("9007199254740992".into()));
        assert_eq!(
            Rupiah::sum(i128::from(i64::MAX) * 1_000_000).to_value(),
            Value::String("9223372036854775807000000".into())
        );
        assert_eq!(
            serde_json::to_string(&Rupiah::sum(9_099_999_999_999_909).to_value()).unwrap(),
            "\"9099999999999909\""
        );
    }

    #[test]
    fn amounts_read_back_as_given() {
        assert_eq!(parse("\"123456789\"").unwrap().amount(), 123_456_789);
        assert_eq!(Rupiah::sum(i128::MAX).amount(), i64::MAX);
    }

    #[test]
    fn date_times_are_utc_to_the_second() {
        let at = DateTime::parse(Value::String("2026-04-09T16:30:00+08:00".into())).unwrap();
        assert_eq!(at.to_value(), Value::String("2026-04-09T08:30:00Z".into()));
        let day = NaiveDate::from_ymd_opt(26, 4, 9).unwrap();
        assert_eq!(Date(day).to_value(), Value::String("0026-04-09".into()));
        assert!(DateTime::parse(Value::String("2026-04-09 08:30".into())).is_err());
    }
}
