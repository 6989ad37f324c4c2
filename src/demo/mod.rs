//! A plausible, clearly labelled demo data set, so that a newcomer has something to explore.
//! Every name starts with "[DEMO]".
//!
//! Not part of the request path: nothing under `server` or `graphql` uses this module. Only
//! `umkm-graph serve --demo` and the tests fill a database with it, through
//! [`fill_if_empty`] (the registry) and [`capital::fill_if_empty`] (lenders, applications,
//! mentoring). One file per area:
//! - `registry`: groups in every kelurahan (some short of their target), members with fake
//!   NIKs that are valid in form;
//! - `products`: one product per group in every readiness state, some listed at Alfamidi;
//! - `aid`: a Dinas Sosial equipment programme with allocations in every state;
//! - `events`: an upcoming socialisation with a few registrations;
//! - [`capital`]: lenders with KUR-shaped schemes, applications in every status, mentoring.

mod aid;
pub mod capital;
mod events;
mod products;
mod registry;

use diesel::prelude::*;
use diesel_async::RunQueryDsl;

use crate::clock;
use crate::db::DbConn;
use crate::db::page::{Direction, PageRequest};
use crate::db::schema::business_groups;
use crate::db_run;
use crate::error::AppResult;
use crate::geography::model::{self as geography, KelurahanCriteria};

/// Marks every demo record.
pub const LABEL: &str = "[DEMO]";

/// Fills an empty registry with demo data; does nothing when any group exists. Returns the
/// number of groups added.
pub async fn fill_if_empty(conn: &mut DbConn) -> AppResult<usize> {
    let existing: i64 = db_run!(conn: { business_groups::table.count().get_result(conn).await })?;
    if existing > 0 {
        return Ok(0);
    }
    let all = PageRequest { direction: Direction::Forward, sort: None, cursor: None, size: 100, with_total: false };
    let kelurahans = geography::page(conn, &KelurahanCriteria::default(), &all).await?.rows;
    let now = clock::now_utc();
    conn.transaction(async |conn| {
        let groups = registry::add_groups(conn, &kelurahans, now).await?;
        aid::add_aid(conn, &groups, now).await?;
        events::add_event(conn, &groups, now).await?;
        Ok(groups.len())
    })
    .await
}
