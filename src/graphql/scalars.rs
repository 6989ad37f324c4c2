//! Custom scalars of the contract.

use async_graphql::{InputValueError, InputValueResult, Scalar, ScalarType, Value};
use chrono::{NaiveDate, NaiveDateTime};

/// ISO 8601 calendar date, e.g. "2026-04-09".
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date(pub NaiveDate);

/// ISO 8601 calendar date, e.g. "2026-04-09".
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
        Value::String(self.0.format("%Y-%m-%d").to_string())
    }
}

impl From<NaiveDate> for Date {
    fn from(date: NaiveDate) -> Self {
        Date(date)
    }
}

/// The largest integer a JSON number carries exactly (2^53 - 1).
const MAX_SAFE_INTEGER: i64 = 9_007_199_254_740_991;

/// Whole rupiah as a JSON number (amounts reach billions; Int is 32-bit).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Rupiah(pub i64);

/// Whole rupiah as a JSON number (amounts reach billions; Int is 32-bit).
#[Scalar(name = "Rupiah")]
impl ScalarType for Rupiah {
    fn parse(value: Value) -> InputValueResult<Self> {
        match &value {
            Value::Number(number) => number
                .as_i64()
                .filter(|n| (0..=MAX_SAFE_INTEGER).contains(n))
                .map(Rupiah)
                .ok_or_else(|| InputValueError::custom("an amount is a whole, non-negative number of rupiah")),
            _ => Err(InputValueError::expected_type(value)),
        }
    }

    fn to_value(&self) -> Value {
        Value::Number(self.0.into())
    }
}

/// RFC 3339 timestamp in UTC, to the second, e.g. "2026-04-09T08:30:00Z".
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct DateTime(pub NaiveDateTime);

/// RFC 3339 timestamp in UTC, to the second, e.g. "2026-04-09T08:30:00Z".
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

    #[test]
    fn rupiah_takes_whole_non_negative_json_numbers_only() {
        let parse = |json: &str| Rupiah::parse(Value::from_json(serde_json::from_str(json).unwrap()).unwrap());
        assert_eq!(parse("500000000").unwrap(), Rupiah(500_000_000));
        assert_eq!(parse("0").unwrap(), Rupiah(0));
        assert_eq!(parse("9007199254740991").unwrap(), Rupiah(MAX_SAFE_INTEGER));
        for refused in ["-1", "1.5", "10.0", "1e6", "\"1000\"", "9007199254740992", "null", "true"] {
            assert!(parse(refused).is_err(), "{refused} was taken as rupiah");
        }
        assert_eq!(Rupiah(12_500_000_000).to_value(), Value::Number(12_500_000_000i64.into()));
    }

    #[test]
    fn date_times_are_utc_to_the_second() {
        let at = DateTime::parse(Value::String("2026-04-09T16:30:00+08:00".into())).unwrap();
        assert_eq!(at.to_value(), Value::String("2026-04-09T08:30:00Z".into()));
        assert!(DateTime::parse(Value::String("2026-04-09 08:30".into())).is_err());
    }
}
