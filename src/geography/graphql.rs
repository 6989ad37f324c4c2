//! GraphQL types and queries of the geography.

use async_graphql::{Context, ID, InputObject, Object};
use umkm_graph_macros::paging;

use super::Area;
use super::kecamatan::{active_group_count, aid_report, product_stats};
use super::model::{self, Kecamatan, Kelurahan, KelurahanCriteria};
use super::order::KelurahanOrder;
use crate::aid::graphql::AidReport;
use crate::db::sql::check_search;
use crate::error::AppError;
use crate::graphql::context::{ContextExt, load_existing};
use crate::graphql::language::Text;
use crate::graphql::relay::count_to_int;
use crate::graphql::relay::{ListConnection, PageArgs, list_connection, nested_connection, ordered_page_request};
use crate::groups::model::{Group, GroupFilter};
use crate::groups::order::GroupOrder;
use crate::groups::{GroupCountOf, GroupsOf};
use crate::products::graphql::products_under;
use crate::products::loader::ProductParent;
use crate::products::model::{Product, ProductFilter};
use crate::products::order::ProductOrder;
use crate::products::readiness::{ReadinessGapCount, most_common};

impl Kelurahan {
    fn area(&self) -> Area {
        Area::Kelurahan(self.id)
    }
}

/// A kelurahan (urban village) of Kota Palu, where business groups are formed.
#[paging]
#[Object]
impl Kelurahan {
    /// Opaque global id; `node(id:)` fetches the kelurahan with it.
    pub async fn id(&self) -> ID {
        self.id.to_global()
    }

    /// Kemendagri code, e.g. "72.71.01.1004".
    async fn code(&self) -> &str {
        &self.code
    }

    /// Official name, e.g. "Besusu Barat".
    async fn name(&self) -> &str {
        &self.name
    }

    /// The kecamatan the kelurahan belongs to.
    async fn kecamatan(&self, ctx: &Context<'_>) -> async_graphql::Result<Kecamatan> {
        load_existing(ctx, self.kecamatan_id).await
    }

    /// How many active groups the city asks of each kelurahan (default 5).
    async fn group_target(&self) -> i32 {
        self.group_target
    }

    /// How many ACTIVE groups the kelurahan has.
    async fn group_count(&self, ctx: &Context<'_>) -> async_graphql::Result<i32> {
        active_group_count(ctx, self.area()).await
    }

    /// Every product of every group in the kelurahan, in order of registration.
    async fn products(
        &self,
        ctx: &Context<'_>,
        filter: Option<ProductFilter>,
        order_by: Option<ProductOrder>,
        page: PageArgs,
    ) -> async_graphql::Result<ListConnection<Product>> {
        let page = ordered_page_request(ctx, order_by, page)?;
        products_under(ctx, ProductParent::Kelurahan(self.id), filter, page).await
    }

    /// How many products the kelurahan's groups make.
    async fn product_count(&self, ctx: &Context<'_>) -> async_graphql::Result<i32> {
        Ok(count_to_int(product_stats(ctx, self.area()).await?.products))
    }

    /// How many of them are ready for a retail listing today.
    async fn ready_product_count(&self, ctx: &Context<'_>) -> async_graphql::Result<i32> {
        Ok(count_to_int(product_stats(ctx, self.area()).await?.ready))
    }

    /// The readiness gaps of the kelurahan's products, most common first: what to coach next.
    #[graphql(
        complexity = "crate::graphql::cost::per_enum_value::<crate::products::readiness::ReadinessGapCode>(child_complexity)"
    )]
    async fn readiness_gaps(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<ReadinessGapCount>> {
        Ok(most_common(&product_stats(ctx, self.area()).await?.gaps, ctx.language()))
    }

    /// Aid that reached the kelurahan's groups: allocations, value, overrides, equipment found
    /// idle or sold (public figures).
    async fn aid_report(&self, ctx: &Context<'_>) -> async_graphql::Result<AidReport> {
        aid_report(ctx, self.area()).await
    }

    /// The kelurahan's groups, oldest first.
    async fn groups(
        &self,
        ctx: &Context<'_>,
        filter: Option<GroupFilter>,
        order_by: Option<GroupOrder>,
        page: PageArgs,
    ) -> async_graphql::Result<ListConnection<Group>> {
        let page = ordered_page_request(ctx, order_by, page)?;
        let filter = filter.unwrap_or_default().resolved()?;
        let rows = GroupsOf { kelurahan: self.id, filter: filter.clone(), page };
        let count = GroupCountOf { area: self.area(), filter };
        nested_connection(ctx, rows, count, &page, |g: &Group| g.id.0).await
    }
}

/// Which kelurahan to list.
#[derive(InputObject, Default)]
pub struct KelurahanFilter {
    /// Only those of this kecamatan, e.g. "72.71.01".
    pub kecamatan_code: Option<String>,
    /// true: only those with fewer ACTIVE groups than their target; false: only those that meet it.
    pub below_target: Option<bool>,
    /// Part of the name, case-insensitive, e.g. "besusu"; at most 100 characters (longer:
    /// BAD_USER_INPUT).
    pub search: Option<String>,
}

#[derive(Default)]
pub struct GeographyQuery;

#[paging]
#[Object]
impl GeographyQuery {
    /// The 8 kecamatan of Kota Palu, by code.
    #[graphql(complexity = "crate::graphql::cost::list(crate::graphql::cost::KECAMATANS, child_complexity)")]
    async fn kecamatans(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Kecamatan>> {
        Ok(model::all_kecamatans(&mut ctx.conn().await?).await.map_err(AppError::from)?)
    }

    /// A kelurahan by its Kemendagri code or by its name; null when there is none. Give
    /// exactly one of `code` and `name` (else BAD_USER_INPUT).
    async fn kelurahan(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Kemendagri code, e.g. \"72.71.01.1004\".")] code: Option<String>,
        #[graphql(desc = "The name, e.g. \"Besusu Barat\": case-insensitive, surrounding spaces ignored \
                          (the 46 names of Palu are unique).")]
        name: Option<String>,
    ) -> async_graphql::Result<Option<Kelurahan>> {
        let mut conn = ctx.conn().await?;
        match (code, name) {
            (Some(code), None) => Ok(model::kelurahan_by_code(&mut conn, &code).await.map_err(AppError::from)?),
            (None, Some(name)) => {
                let mut found = model::kelurahans_named(&mut conn, &name).await.map_err(AppError::from)?;
                if found.len() > 1 {
                    return Err(AppError::bad_input(Text::new(
                        format!("{name:?} names several kelurahan: give the code"),
                        format!("{name:?} cocok dengan beberapa kelurahan: berikan kodenya"),
                    ))
                    .into());
                }
                Ok(found.pop())
            }
            _ => Err(AppError::bad_input(Text::new(
                "give exactly one of \"code\" and \"name\"",
                "berikan tepat satu dari \"code\" dan \"name\"",
            ))
            .into()),
        }
    }

    /// The 46 kelurahan of Kota Palu, by code.
    async fn kelurahans(
        &self,
        ctx: &Context<'_>,
        filter: Option<KelurahanFilter>,
        order_by: Option<KelurahanOrder>,
        page: PageArgs,
    ) -> async_graphql::Result<ListConnection<Kelurahan>> {
        let page = ordered_page_request(ctx, order_by, page)?;
        let filter = filter.unwrap_or_default();
        check_search(filter.search.as_deref())?;
        let criteria = KelurahanCriteria {
            kecamatan_code: filter.kecamatan_code,
            below_target: filter.below_target,
            search: filter.search.filter(|s| !s.trim().is_empty()),
        };
        list_connection(ctx, &page, &criteria, model::page, model::count, |k| k.id.0).await
    }
}
