//! The date in Palu (WITA, UTC+8), for rules that depend on "today".

use chrono::{FixedOffset, NaiveDate, NaiveDateTime, Utc};

const WITA_SECONDS_EAST: i32 = 8 * 3600;

/// Today's date in Palu.
pub fn today() -> NaiveDate {
    let wita = FixedOffset::east_opt(WITA_SECONDS_EAST).expect("UTC+8 is a valid offset");
    Utc::now().with_timezone(&wita).date_naive()
}

/// Now, in UTC, to the whole second (PostgreSQL keeps microseconds, SQLite does not).
pub fn now_utc() -> NaiveDateTime {
    let now = Utc::now().naive_utc();
    now.with_nanosecond(0).unwrap_or(now)
}

use chrono::Timelike;
