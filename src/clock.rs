//! The date in Palu (WITA, UTC+8), for rules that depend on "today".

use chrono::{FixedOffset, NaiveDate, NaiveDateTime, Timelike, Utc};

const WITA_SECONDS_EAST: i32 = 8 * 3600;

fn wita() -> FixedOffset {
    FixedOffset::east_opt(WITA_SECONDS_EAST).expect("UTC+8 is a valid offset")
}

/// Today's date in Palu.
pub fn today() -> NaiveDate {
    Utc::now().with_timezone(&wita()).date_naive()
}

/// Now, in UTC, to the whole second (PostgreSQL keeps microseconds, SQLite does not).
pub fn now_utc() -> NaiveDateTime {
    let now = Utc::now().naive_utc();
    now.with_nanosecond(0).unwrap_or(now)
}

/// The month in Palu, "YYYY-MM", of a UTC instant.
pub fn month_in_palu(at: NaiveDateTime) -> String {
    at.and_utc().with_timezone(&wita()).format("%Y-%m").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_are_counted_in_palu_time() {
        let at = |s: &str| NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").unwrap();
        assert_eq!(month_in_palu(at("2026-04-30 15:59:59")), "2026-04");
        assert_eq!(month_in_palu(at("2026-04-30 16:00:00")), "2026-05");
    }
}
