//! What the capital figures cover: the dashboard's filter, in the shared vocabulary, with
//! its older names (`sector`, `fromMonth`, `toMonth`) still accepted.

use async_graphql::{ID, InputObject};

use super::model::FigureCriteria;
use crate::error::AppResult;
use crate::graphql::filter::{DateRange, id_argument, month_end, month_start, renamed, renamed_to_list};
use crate::graphql::scalars::Date;
use crate::ids::LenderId;
use crate::sector::BusinessSector;

/// What the figures cover. Every condition given must hold. Applications are placed in time
/// by the day (Palu time) they were submitted.
#[derive(InputObject, Default)]
pub struct FinancingDashboardFilter {
    /// Only applicants (groups, or members' groups) of this kecamatan, e.g. "72.71.01".
    pub kecamatan_code: Option<String>,
    /// Only applicants of this kelurahan, e.g. "72.71.01.1004".
    pub kelurahan_code: Option<String>,
    /// Only applicants whose group works in this sector. Deprecated: same as
    /// `sectors: [sector]`; giving both with different values is refused (BAD_USER_INPUT).
    #[graphql(deprecation = "Use `sectors`.")]
    pub sector: Option<BusinessSector>,
    /// Only applicants whose group works in one of these sectors.
    pub sectors: Option<Vec<BusinessSector>>,
    /// Only applications to this lender.
    pub lender_id: Option<ID>,
    /// Only applications submitted on this day (Palu time) or later.
    pub from: Option<Date>,
    /// Only applications submitted on this day (Palu time) or earlier.
    pub to: Option<Date>,
    /// Only applications submitted in this month ("YYYY-MM", Palu time) or later.
    /// Deprecated: same as `from` on the month's first day; giving both for different days is
    /// refused (BAD_USER_INPUT).
    #[graphql(deprecation = "Use `from` (a Date).")]
    pub from_month: Option<String>,
    /// Only applications submitted in this month ("YYYY-MM") or earlier. Deprecated: same as
    /// `to` on the month's last day; giving both for different days is refused
    /// (BAD_USER_INPUT).
    #[graphql(deprecation = "Use `to` (a Date).")]
    pub to_month: Option<String>,
}

impl FinancingDashboardFilter {
    /// The criteria of the figures; `groups_only` leaves members' own loans out.
    pub fn into_criteria(self, groups_only: bool) -> AppResult<FigureCriteria> {
        let lender_id = id_argument::<LenderId>(self.lender_id)?;
        let from_month = self.from_month.map(|m| month_start(&m, "fromMonth")).transpose()?;
        let to_month = self.to_month.map(|m| month_start(&m, "toMonth").map(month_end)).transpose()?;
        let from = renamed(from_month.map(Date), self.from, "fromMonth", "from")?;
        let to = renamed(to_month.map(Date), self.to, "toMonth", "to")?;
        Ok(FigureCriteria {
            kecamatan_code: self.kecamatan_code,
            kelurahan_code: self.kelurahan_code,
            sectors: renamed_to_list(self.sector, self.sectors, "sector", "sectors")?,
            lender_id,
            submitted: DateRange::new(from, to)?,
            groups_only,
        })
    }
}
