//! GraphQL type and queries of members. Personal fields resolve only for entitled callers;
//! for anyone else they are null with a FORBIDDEN error at their path.

use async_graphql::{Context, ID, InputObject, Object};
use umkm_graph_macros::paging;

use super::SkillsOf;
use super::model::{self, Gender, GroupRole, Member, MemberCriteria};
use super::order::MemberOrder;
use crate::access::personal_data_forbidden;
use crate::db::sql::check_search;
use crate::error::AppResult;
use crate::financing::applications::ApplicantOfLender;
use crate::graphql::context::{ContextExt, load_existing};
use crate::graphql::filter::{DateRange, id_argument, renamed_to_list};
use crate::graphql::relay::{ListConnection, PageArgs, list_connection, ordered_page_request};
use crate::graphql::scalars::Date;
use crate::groups::model::Group;
use crate::sector::BusinessSector;

impl Member {
    async fn group_row(&self, ctx: &Context<'_>) -> async_graphql::Result<Group> {
        load_existing(ctx, self.fields.group_id).await
    }

    /// Whether the caller may read this member's personal data: ADMIN, the OFFICER of the
    /// member's kelurahan, or a LENDER the member applied to (on their own, or as the ketua of
    /// a group), which needs their data to decide.
    async fn personal_data_visible(&self, ctx: &Context<'_>) -> async_graphql::Result<bool> {
        let group = self.group_row(ctx).await?;
        let viewer = ctx.viewer();
        if viewer.can_read_personal_data(group.fields.kelurahan_id) {
            return Ok(true);
        }
        match viewer.acting_lender() {
            Some(lender) => {
                Ok(ctx.loader().load_one(ApplicantOfLender { lender, member: self.id }).await?.unwrap_or(false))
            }
            None => Ok(false),
        }
    }

    /// `value` when the caller may read this member's personal data (the read is logged);
    /// otherwise null, with a FORBIDDEN error at the field's path.
    async fn personal<T>(&self, ctx: &Context<'_>, field: &'static str, value: T) -> async_graphql::Result<Option<T>> {
        if self.personal_data_visible(ctx).await? {
            ctx.note_personal_read(self.id, field);
            return Ok(Some(value));
        }
        Ok(ctx.deny(personal_data_forbidden()))
    }
}

/// A member of a business group.
#[Object]
impl Member {
    /// Opaque global id; `node(id:)` fetches the member with it (for ADMIN, OFFICER and LENDER
    /// callers).
    pub async fn id(&self) -> ID {
        self.id.to_global()
    }

    /// Full name, as registered (at most 150 characters).
    async fn full_name(&self) -> &str {
        &self.fields.full_name
    }

    /// Gender, as on the KTP; it agrees with the NIK.
    async fn gender(&self) -> Gender {
        self.fields.gender
    }

    /// Office in the group: ketua, sekretaris, bendahara or anggota.
    async fn role(&self) -> GroupRole {
        self.fields.role
    }

    /// The trades the member is skilled in, alphabetically.
    #[graphql(complexity = "crate::graphql::cost::per_enum_value::<crate::sector::BusinessSector>(child_complexity)")]
    async fn skills(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<BusinessSector>> {
        Ok(ctx.loader().load_one(SkillsOf(self.id)).await?.unwrap_or_default())
    }

    /// The group the member belongs to.
    async fn group(&self, ctx: &Context<'_>) -> async_graphql::Result<Group> {
        self.group_row(ctx).await
    }

    /// Nomor Induk Kependudukan. Personal data: ADMIN, the OFFICER of the member's kelurahan, or a
    /// LENDER the member applied to.
    async fn nik(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<&str>> {
        self.personal(ctx, "nik", self.fields.nik.as_str()).await
    }

    /// Phone number, "+62…". Personal data: ADMIN, the OFFICER of the member's kelurahan, or a
    /// LENDER the member applied to.
    async fn phone(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<&str>> {
        Ok(self.personal(ctx, "phone", self.fields.phone.as_deref()).await?.flatten())
    }

    /// Home address. Personal data: ADMIN, the OFFICER of the member's kelurahan, or a
    /// LENDER the member applied to.
    async fn address(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<&str>> {
        Ok(self.personal(ctx, "address", self.fields.address.as_deref()).await?.flatten())
    }

    /// Birth date, read from the NIK. Personal data: ADMIN, the OFFICER of the member's kelurahan, or a
    /// LENDER the member applied to.
    async fn birth_date(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Date>> {
        Ok(self.personal(ctx, "birthDate", self.nik_birth_date().map(Date)).await?.flatten())
    }
}

/// Which members to list. Every condition given must hold.
#[derive(InputObject, Default)]
pub struct MemberFilter {
    /// Only members of this group.
    pub group_id: Option<ID>,
    /// Only members of groups in this kelurahan, e.g. "72.71.01.1004".
    pub kelurahan_code: Option<String>,
    /// Only members of groups in this kecamatan, e.g. "72.71.01".
    pub kecamatan_code: Option<String>,
    /// Only members skilled in this sector. Deprecated: same as `sectors: [skill]`; giving
    /// both with different values is refused (BAD_USER_INPUT).
    #[graphql(deprecation = "Use `sectors`.")]
    pub skill: Option<BusinessSector>,
    /// Only members skilled in at least one of these sectors.
    pub sectors: Option<Vec<BusinessSector>>,
    /// Only members registered on this day (Palu time) or later.
    pub from: Option<Date>,
    /// Only members registered on this day (Palu time) or earlier.
    pub to: Option<Date>,
    /// Part of the full name, case-insensitive; at most 100 characters (longer: BAD_USER_INPUT).
    pub search: Option<String>,
}

impl MemberFilter {
    fn into_criteria(self) -> AppResult<MemberCriteria> {
        check_search(self.search.as_deref())?;
        Ok(MemberCriteria {
            group_id: id_argument(self.group_id)?,
            kelurahan_code: self.kelurahan_code,
            kecamatan_code: self.kecamatan_code,
            skills: renamed_to_list(self.skill, self.sectors, "skill", "sectors")?,
            registered: DateRange::new(self.from, self.to)?,
            search: self.search,
        })
    }
}

#[derive(Default)]
pub struct MemberQuery;

#[paging]
#[Object]
impl MemberQuery {
    /// Members of all groups, in order of registration. For ADMIN, OFFICER and LENDER callers.
    async fn members(
        &self,
        ctx: &Context<'_>,
        filter: Option<MemberFilter>,
        order_by: Option<MemberOrder>,
        page: PageArgs,
    ) -> async_graphql::Result<Option<ListConnection<Member>>> {
        let Some(()) = ctx.allowed(ctx.viewer().require_member_access()) else { return Ok(None) };
        let page = ordered_page_request(ctx, order_by, page)?;
        let criteria = filter.unwrap_or_default().into_criteria()?;
        list_connection(ctx, &page, &criteria, model::page, model::count, |m| m.id.0).await.map(Some)
    }
}
