//! Batched loads of products and what hangs off them.

use std::collections::HashMap;

use super::assessments::{self, Assessment};
use super::listings::{self, Listing};
use super::model::{self, PagedBy, Product, ProductCriteria};
use super::permits::{self, ProductPermit};
use super::readiness::ReadinessGapCode;
use super::readiness::{self, ProductStats};
use crate::db::page::{Page, PageRequest};
use crate::geography::{Area, by_level, per_area};
use crate::graphql::loader::{by_shared_part, err, pages_of_parents};
use crate::ids::{AssessmentId, GroupId, KelurahanId, ListingId, ProductId};

/// The parent a list of products hangs under.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ProductParent {
    Group(GroupId),
    Kelurahan(KelurahanId),
}

impl ProductParent {
    fn paged_by(&self) -> PagedBy {
        match self {
            ProductParent::Group(_) => PagedBy::Group,
            ProductParent::Kelurahan(_) => PagedBy::Kelurahan,
        }
    }

    fn id(&self) -> i64 {
        match self {
            ProductParent::Group(id) => id.0,
            ProductParent::Kelurahan(id) => id.0,
        }
    }

    /// The parent with `id` when products are paged `by` groups or kelurahan.
    fn with_id(by: PagedBy, id: i64) -> Self {
        match by {
            PagedBy::Group => ProductParent::Group(GroupId(id)),
            PagedBy::Kelurahan => ProductParent::Kelurahan(KelurahanId(id)),
        }
    }

    /// The parent of `product` when products are paged `by` groups or kelurahan.
    fn of(by: PagedBy, product: &Product) -> Self {
        match by {
            PagedBy::Group => ProductParent::Group(product.fields.group_id),
            PagedBy::Kelurahan => ProductParent::Kelurahan(product.fields.kelurahan_id),
        }
    }
}

/// A page of the matching products under one parent.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ProductsOf {
    pub parent: ProductParent,
    pub criteria: ProductCriteria,
    pub page: PageRequest,
}

/// How many products under one parent match.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ProductCountOf {
    pub parent: ProductParent,
    pub criteria: ProductCriteria,
}

crate::id_keys! {
    /// The permits of one product.
    PermitsOf(ProductId);
    /// The assessments of one product, newest first.
    AssessmentsOf(ProductId);
    /// The listings of one product.
    ListingsOf(ProductId);
    /// The market regions of one product.
    RegionsOf(ProductId);
    /// The readiness gaps of one product today.
    ReadinessOf(ProductId);
    /// The product figures of one kelurahan or kecamatan today.
    ProductStatsOf(Area);
}

crate::load_by_id!(ProductId => Product, model::by_ids);

crate::load_by_id!(AssessmentId => Assessment, assessments::by_ids);

crate::load_by_id!(ListingId => Listing, listings::by_ids);

crate::load_batch!(ProductsOf => Page<Product>, |conn, keys| {
    let mut pages = HashMap::new();
    for ((criteria, page), parents) in by_shared_part(keys, |k| ((k.criteria.clone(), k.page), k.parent)) {
        for by in [PagedBy::Group, PagedBy::Kelurahan] {
            let of_kind: Vec<ProductParent> = parents.iter().copied().filter(|p| p.paged_by() == by).collect();
            if of_kind.is_empty() {
                continue;
            }
            let ids = of_kind.iter().map(|p| p.id()).collect();
            let rows = model::pages_per_parent(&mut conn, by, ids, &criteria, &page).await.map_err(err)?;
            let parent_of = |product: &Product| Some(ProductParent::of(by, product));
            for (parent, rows) in pages_of_parents(&of_kind, rows, parent_of, &page) {
                pages.insert(ProductsOf { parent, criteria: criteria.clone(), page }, rows);
            }
        }
    }
    Ok(pages)
});

crate::load_batch!(ProductCountOf => i64, |conn, keys| {
    let mut counts = HashMap::new();
    for (criteria, parents) in by_shared_part(keys, |k| (k.criteria.clone(), k.parent)) {
        let mut found: HashMap<ProductParent, i64> = HashMap::new();
        for by in [PagedBy::Group, PagedBy::Kelurahan] {
            let ids: Vec<i64> = parents.iter().filter(|p| p.paged_by() == by).map(|p| p.id()).collect();
            if ids.is_empty() {
                continue;
            }
            let rows = model::counts_per_parent(&mut conn, by, &ids, &criteria).await.map_err(err)?;
            found.extend(rows.into_iter().map(|(id, n)| (ProductParent::with_id(by, id), n)));
        }
        for parent in parents {
            let count = found.get(&parent).copied().unwrap_or(0);
            counts.insert(ProductCountOf { parent, criteria: criteria.clone() }, count);
        }
    }
    Ok(counts)
});

crate::load_children!(PermitsOf(ProductId) => ProductPermit, permits::of_products, product_id);

crate::load_children!(AssessmentsOf(ProductId) => Assessment, assessments::of_products, product_id);

crate::load_children!(ListingsOf(ProductId) => Listing, listings::of_products, product_id);

crate::load_items!(RegionsOf(ProductId) => String, model::regions_of);

crate::load_batch!(ReadinessOf => Vec<ReadinessGapCode>, |conn, keys| {
    let ids: Vec<ProductId> = keys.iter().map(|k| k.0).collect();
    let rows = model::gaps_of(&mut conn, &ids, crate::clock::today()).await.map_err(err)?;
    Ok(rows.into_iter().map(|(id, gaps)| (ReadinessOf(id), gaps)).collect())
});

crate::load_batch!(ProductStatsOf => ProductStats, |conn, keys| {
    let today = crate::clock::today();
    let mut stats = HashMap::new();
    for (level, ids) in by_level(keys.iter().map(|k| k.0)) {
        let rows = readiness::stats_per_area(&mut conn, level, &ids, today).await.map_err(err)?;
        stats.extend(per_area(level, ids, rows).map(|(area, s)| (ProductStatsOf(area), s)));
    }
    Ok(stats)
});
