//! `orderBy` arguments, as GitHub's API spells them: `orderBy: {field: NAME, direction: DESC}`,
//! a field enum per list and one [`OrderDirection`]. A list without `orderBy` keeps the order
//! of ids (of registration) and its cursors.

use async_graphql::Enum;

use crate::db::page::{Sort, SortKey};

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

/// The `orderBy` argument of a list: how to sort it (made by [`list_order!`](crate::list_order)).
pub trait ListSort {
    fn sort(&self) -> Sort;
}

/// Declares the `orderBy` input of a list sorted by the field enum `$field` (one input type per
/// list, named by the domain that owns the list).
#[macro_export]
macro_rules! list_order {
    ($name:ident of $field:ty) => {
        /// How a list is sorted: by `field`, in `direction`, then by id in the same direction (so that
        /// rows with equal values keep one order). Text is compared with ASCII letters folded to lower
        /// case, then by Unicode code point. Rows without a value (a product without a price) come
        /// last in either direction.
        #[derive(async_graphql::InputObject, Debug, Clone, Copy)]
        pub struct $name {
            /// The value to sort by.
            pub field: $field,
            /// Ascending (the default) or descending.
            #[graphql(default)]
            pub direction: $crate::graphql::order::OrderDirection,
        }

        impl $crate::graphql::order::ListSort for $name {
            fn sort(&self) -> $crate::db::page::Sort {
                use $crate::graphql::order::OrderField;
                $crate::db::page::Sort {
                    key: self.field.sort_key(),
                    descending: self.direction == $crate::graphql::order::OrderDirection::Desc,
                }
            }
        }
    };
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
