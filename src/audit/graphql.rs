//! `personalDataLog`: for Dinas staff, who read or changed whose personal data.

use async_graphql::{Context, ID, InputObject, Object};
use umkm_graph_macros::paging;

use super::model::{self, LogCriteria, LogEntry, PersonalDataAction};
use crate::access::Role;
use crate::graphql::context::ContextExt;
use crate::graphql::filter::{DateRange, id_argument};
use crate::graphql::relay::{ListConnection, PageArgs, list_connection, page_request};
use crate::graphql::scalars::{Date, DateTime};

/// One read or change of a member's personal data.
#[Object(name = "PersonalDataLogEntry")]
impl LogEntry {
    /// When, in UTC.
    async fn at(&self) -> DateTime {
        DateTime(self.at)
    }

    /// The name of the token that did it.
    async fn actor(&self) -> &str {
        &self.actor
    }

    /// The role of that token when it did it.
    async fn role(&self) -> Role {
        self.role
    }

    /// What was done: read, registered, corrected or erased.
    async fn action(&self) -> PersonalDataAction {
        self.action
    }

    /// The member's global id (the member may since have been erased).
    async fn member_id(&self) -> ID {
        self.member_id.to_global()
    }

    /// The fields read or changed, alphabetically, e.g. ["nik", "phone"].
    /// Four personal fields exist: NIK, phone, address, birth date.
    #[graphql(complexity = "crate::graphql::cost::list(4, child_complexity)")]
    async fn fields(&self) -> Vec<&str> {
        self.fields.split(',').filter(|f| !f.is_empty()).collect()
    }
}

/// Which log entries to list.
#[derive(InputObject, Default)]
pub struct PersonalDataLogFilter {
    /// Only entries about this member.
    pub member_id: Option<ID>,
    /// Only entries written on this day (Palu time) or later.
    pub from: Option<Date>,
    /// Only entries written on this day (Palu time) or earlier.
    pub to: Option<Date>,
}

#[derive(Default)]
pub struct AuditQuery;

#[paging]
#[Object]
impl AuditQuery {
    /// Who read or changed whose personal data, oldest first. ADMIN only.
    async fn personal_data_log(
        &self,
        ctx: &Context<'_>,
        filter: Option<PersonalDataLogFilter>,
        page: PageArgs,
    ) -> async_graphql::Result<Option<ListConnection<LogEntry>>> {
        let Some(()) = ctx.allowed(ctx.viewer().require_admin(crate::access::Action::ReadPersonalDataLog)) else {
            return Ok(None);
        };
        let page = page_request(ctx, page)?;
        let filter = filter.unwrap_or_default();
        let logged = DateRange::new(filter.from, filter.to)?;
        let criteria = LogCriteria { member: id_argument(filter.member_id)?, logged };
        list_connection(ctx, &page, &criteria, model::page, model::count, |e| e.id).await.map(Some)
    }
}
