//! The kecamatan type, and the public figures of an area (a kelurahan or a kecamatan), each
//! counted in SQL per level through the request's DataLoader.

use async_graphql::{Context, ID, Object};

use super::model::{Kecamatan, Kelurahan};
use super::{Area, KelurahansOfKecamatan};
use crate::aid::graphql::AidReport;
use crate::aid::loader::AreaAidFigures;
use crate::graphql::context::ContextExt;
use crate::graphql::relay::count_to_int;
use crate::groups::GroupCountOf;
use crate::groups::model::{GroupFilter, GroupStatus};
use crate::products::ProductStatsOf;
use crate::products::readiness::{ProductStats, ReadinessGapCount, most_common};

/// The product figures of an area today.
pub(super) async fn product_stats(ctx: &Context<'_>, area: Area) -> async_graphql::Result<ProductStats> {
    Ok(ctx.loader().load_one(ProductStatsOf(area)).await?.unwrap_or_default())
}

/// How many ACTIVE groups an area has.
pub(super) async fn active_group_count(ctx: &Context<'_>, area: Area) -> async_graphql::Result<i32> {
    let filter = GroupFilter { statuses: Some(vec![GroupStatus::Active]), ..GroupFilter::default() };
    Ok(count_to_int(ctx.loader().load_one(GroupCountOf { area, filter }).await?.unwrap_or(0)))
}

/// The aid that reached an area's groups.
pub(super) async fn aid_report(ctx: &Context<'_>, area: Area) -> async_graphql::Result<AidReport> {
    Ok(ctx.loader().load_one(AreaAidFigures(area)).await?.unwrap_or_default().into())
}

impl Kecamatan {
    fn area(&self) -> Area {
        Area::Kecamatan(self.id)
    }
}

/// A kecamatan (district) of Kota Palu. Its figures are public and counted over the
/// kecamatan as a whole: each equals the sum of the same figure of its kelurahan.
#[Object]
impl Kecamatan {
    /// Opaque global id; `node(id:)` fetches the kecamatan with it.
    pub async fn id(&self) -> ID {
        self.id.to_global()
    }

    /// Kemendagri code, e.g. "72.71.01".
    async fn code(&self) -> &str {
        &self.code
    }

    /// Official name, e.g. "Palu Timur".
    async fn name(&self) -> &str {
        &self.name
    }

    /// Its kelurahan, by code.
    #[graphql(complexity = "crate::graphql::cost::list(crate::graphql::cost::KELURAHANS, child_complexity)")]
    async fn kelurahans(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Kelurahan>> {
        Ok(ctx.loader().load_one(KelurahansOfKecamatan(self.id)).await?.unwrap_or_default())
    }

    /// How many ACTIVE groups the kecamatan has (the sum of its kelurahan's `groupCount`).
    async fn group_count(&self, ctx: &Context<'_>) -> async_graphql::Result<i32> {
        active_group_count(ctx, self.area()).await
    }

    /// How many products the kecamatan's groups make.
    async fn product_count(&self, ctx: &Context<'_>) -> async_graphql::Result<i32> {
        Ok(count_to_int(product_stats(ctx, self.area()).await?.products))
    }

    /// How many of them are ready for a retail listing today.
    async fn ready_product_count(&self, ctx: &Context<'_>) -> async_graphql::Result<i32> {
        Ok(count_to_int(product_stats(ctx, self.area()).await?.ready))
    }

    /// The readiness gaps of the kecamatan's products, most common first.
    #[graphql(
        complexity = "crate::graphql::cost::per_enum_value::<crate::products::readiness::ReadinessGapCode>(child_complexity)"
    )]
    async fn readiness_gaps(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<ReadinessGapCount>> {
        Ok(most_common(&product_stats(ctx, self.area()).await?.gaps, ctx.language()))
    }

    /// Aid that reached the kecamatan's groups: allocations, value, overrides, equipment found
    /// idle or sold (public figures; each the sum of its kelurahan's `aidReport`).
    async fn aid_report(&self, ctx: &Context<'_>) -> async_graphql::Result<AidReport> {
        aid_report(ctx, self.area()).await
    }
}
