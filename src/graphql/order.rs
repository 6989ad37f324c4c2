//! `orderBy` arguments, as GitHub's API spells them: `orderBy: {field: NAME, direction: DESC}`,
//! a field enum per list and one [`OrderDirection`]. A list without `orderBy` keeps the order
//! of ids (of registration) and its cursors.

use async_graphql::{Enum, InputObject, InputType};

use crate::aid::order::AidProgramOrderField;
use crate::db::page::{Sort, SortKey};
use crate::events::order::EventOrderField;
use crate::financing::applications::order::FinancingApplicationOrderField;
use crate::financing::lenders::order::LenderOrderField;
use crate::geography::order::KelurahanOrderField;
use crate::groups::order::GroupOrderField;
use crate::members::order::MemberOrderField;
use crate::mentoring::order::MentoringSessionOrderField;
use crate::products::order::{ProductOrderField, RetailListingOrderField};

/// Which way a list is sorted.
#[derive(Enum, Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum OrderDirection {
    /// Smallest first: A to Z, lowest amount, earliest date.
    #[default]
    Asc,
    /// Largest first: Z to A, highest amount, latest date.
    Desc,
}

/// A field a list can be sorted by: which column of the list's table it reads.
pub trait OrderField: Copy {
    fn sort_key(self) -> SortKey;
}

/// How a list is sorted: by `field`, in `direction`, then by id in the same direction (so that
/// rows with equal values keep one order). Text is compared with ASCII letters folded to lower
/// case, then by Unicode code point. Rows without a value (a product without a price) come
/// last in either direction.
#[derive(InputObject, Debug, Clone, Copy)]
#[graphql(concrete(name = "GroupOrder", params(GroupOrderField)))]
#[graphql(concrete(name = "MemberOrder", params(MemberOrderField)))]
#[graphql(concrete(name = "ProductOrder", params(ProductOrderField)))]
#[graphql(concrete(name = "RetailListingOrder", params(RetailListingOrderField)))]
#[graphql(concrete(name = "AidProgramOrder", params(AidProgramOrderField)))]
#[graphql(concrete(name = "EventOrder", params(EventOrderField)))]
#[graphql(concrete(name = "LenderOrder", params(LenderOrderField)))]
#[graphql(concrete(name = "FinancingApplicationOrder", params(FinancingApplicationOrderField)))]
#[graphql(concrete(name = "KelurahanOrder", params(KelurahanOrderField)))]
#[graphql(concrete(name = "MentoringSessionOrder", params(MentoringSessionOrderField)))]
pub struct ListOrder<F: InputType> {
    /// The value to sort by.
    pub field: F,
    /// Ascending (the default) or descending.
    #[graphql(default)]
    pub direction: OrderDirection,
}

impl<F: InputType + OrderField> ListOrder<F> {
    pub fn sort(&self) -> Sort {
        Sort { key: self.field.sort_key(), descending: self.direction == OrderDirection::Desc }
    }
}

/// Declares the field enum of a list's `orderBy`: each value names a column of `$table`
/// and how it compares ([`crate::db::page::KeyKind`]).
#[macro_export]
macro_rules! order_fields {
    (
        $(#[$meta:meta])*
        $name:ident on $table:literal {
            $($(#[$value_meta:meta])* $value:ident => $column:literal as $kind:ident,)+
        }
    ) => {
        $(#[$meta])*
        #[derive(async_graphql::Enum, Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name {
            $($(#[$value_meta])* $value,)+
        }

        impl $crate::graphql::order::OrderField for $name {
            fn sort_key(self) -> $crate::db::page::SortKey {
                let (column, kind) = match self {
                    $($name::$value => ($column, $crate::db::page::KeyKind::$kind),)+
                };
                $crate::db::page::SortKey { table: $table, column, kind }
            }
        }
    };
}
