//! The cost model: what a selection costs before it runs, checked against
//! [`crate::graphql::guard::MAX_COST`] and reported in `extensions.cost`.
//!
//! A scalar field costs 1. A list costs 1 plus its greatest length times the cost of one
//! item: a connection its page size (`first`/`last`, default 20, at most 100), a plain list
//! the fixed bound below, which its resolver never exceeds. A field selected under several
//! aliases, or spread through several fragments, costs each time.

use async_graphql::resolver_utils::EnumType;

use crate::graphql::relay::{DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE};

/// The cost of one list field: 1 plus `bound` items of `child` each. Saturates far below
/// `usize::MAX`, so that adding up the costs of a whole document can never overflow.
pub fn list(bound: usize, child: usize) -> usize {
    const CEILING: usize = 1 << 40;
    bound.max(1).saturating_mul(child).saturating_add(1).min(CEILING)
}

/// The cost of a connection field: its page size times the cost of one node.
pub fn connection(first: Option<i32>, last: Option<i32>, child: usize) -> usize {
    let size = first.or(last).map_or(DEFAULT_PAGE_SIZE, |n| i64::from(n).clamp(0, MAX_PAGE_SIZE));
    list(usize::try_from(size).unwrap_or(0), child)
}

/// The cost of a list of one item per value of the enum `E` (or fewer).
pub fn per_enum_value<E: EnumType>(child: usize) -> usize {
    list(E::items().len(), child)
}

/// At most this many items in a plain list whose length grows with the registry's data
/// (a group's mentoring sessions, a product's assessments, a lender's schemes, ...).
pub const LIST_BOUND: usize = 100;
/// At most this many allocations in one aid programme's list.
pub const PROGRAM_ALLOCATIONS_BOUND: usize = 500;
/// At most this many registrations in one event's list.
pub const EVENT_REGISTRATIONS_BOUND: usize = 500;
/// Kelurahan of Kota Palu: the bound of every per-kelurahan list.
pub const KELURAHANS: usize = 46;
/// Kecamatan of Kota Palu.
pub const KECAMATANS: usize = 8;

/// The first `bound` items of `items`: the length that the list's cost promised.
pub fn bounded<T>(mut items: Vec<T>, bound: usize) -> Vec<T> {
    items.truncate(bound);
    items
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_multiply_and_never_overflow() {
        assert_eq!(list(46, 3), 139);
        assert_eq!(connection(Some(10), None, 2), 21);
        assert_eq!(connection(None, None, 1), 21);
        assert_eq!(connection(Some(100_000), None, 1), 101);
        let huge = (0..20).fold(1, |child, _| list(usize::MAX, child));
        assert_eq!(huge, 1 << 40);
    }
}
