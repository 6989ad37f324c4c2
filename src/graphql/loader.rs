//! The request's DataLoader. Each domain module implements `Loader<K>` for [`DbLoader`] for
//! its own keys (by id, or a page of children per parent), so one loader batches them all.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::Arc;
use std::time::Duration;

use async_graphql::dataloader::{DataLoader, Loader};

use crate::db::page::{Page, PageRequest, PageRow};
use crate::db::{Database, DbConn};
use crate::error::AppError;
use crate::graphql::batch::LocalTasks;

/// Loads rows in batches; lives for one request.
pub struct DbLoader {
    db: Database,
}

/// Told the size of every batch a request's DataLoader loads (for metrics).
pub type BatchObserver = Arc<dyn Fn(usize) + Send + Sync>;

impl DbLoader {
    /// A loader whose batches run in the request's task, through `tasks` (see
    /// [`crate::graphql::batch`]): no batch waits on a timer.
    ///
    /// No cache across batches: the keys of one batch are still loaded once each, and a cache
    /// would clone every loaded value (a page of rows) once more for nothing, since a request
    /// rarely asks for the same key in two batches.
    pub fn for_request(db: Database, tasks: Arc<LocalTasks>, observer: Option<BatchObserver>) -> DataLoader<Batches> {
        let spawn = move |task| tasks.spawn(task);
        DataLoader::new(Batches { inner: DbLoader { db }, observer }, spawn).delay(Duration::ZERO)
    }

    pub async fn conn(&self) -> Result<DbConn, async_graphql::Error> {
        self.db.conn().await.map_err(|e| AppError::from(e).into())
    }
}

/// [`DbLoader`] with every batch's size told to an observer: every key type a domain
/// implements `Loader` for on `DbLoader` loads through it unchanged.
pub struct Batches {
    inner: DbLoader,
    observer: Option<BatchObserver>,
}

impl<K> Loader<K> for Batches
where
    K: Send + Sync + Hash + Eq + Clone + 'static,
    DbLoader: Loader<K>,
{
    type Value = <DbLoader as Loader<K>>::Value;
    type Error = <DbLoader as Loader<K>>::Error;

    async fn load(&self, keys: &[K]) -> Result<HashMap<K, Self::Value>, Self::Error> {
        if let Some(observer) = &self.observer {
            observer(keys.len());
        }
        self.inner.load(keys).await
    }
}

/// Splits keys by the part they share (filter and page), so each distinct listing costs
/// one statement for all its parents.
pub fn by_shared_part<K, S: Clone + Eq + Hash, P: Copy>(
    keys: &[K],
    split: impl Fn(&K) -> (S, P),
) -> HashMap<S, Vec<P>> {
    let mut groups: HashMap<S, Vec<P>> = HashMap::new();
    for key in keys {
        let (shared, parent) = split(key);
        groups.entry(shared).or_default().push(parent);
    }
    groups
}

/// The page of each of `parents` from the rows of a per-parent page (an empty page for a
/// parent without rows); `parent_of` tells which parent a row belongs to.
pub fn pages_of_parents<P: Copy + Eq + Hash, T>(
    parents: &[P],
    rows: Vec<PageRow<T>>,
    parent_of: impl Fn(&T) -> Option<P>,
    request: &PageRequest,
) -> HashMap<P, Page<T>> {
    let mut lists: HashMap<P, Vec<PageRow<T>>> = parents.iter().map(|p| (*p, Vec::new())).collect();
    for row in rows {
        if let Some(list) = parent_of(&row.0).and_then(|parent| lists.get_mut(&parent)) {
            list.push(row);
        }
    }
    lists.into_iter().map(|(parent, rows)| (parent, Page::from_rows(rows, request))).collect()
}

/// The count of each key's parent, from pairs of parent and count (0 for a parent without a
/// pair).
pub fn counts_of<K: Copy + Eq + Hash, P: Eq + Hash>(
    keys: &[K],
    rows: Vec<(P, i64)>,
    parent_of: impl Fn(&K) -> P,
) -> HashMap<K, i64> {
    let found: HashMap<P, i64> = rows.into_iter().collect();
    keys.iter().map(|key| (*key, found.get(&parent_of(key)).copied().unwrap_or(0))).collect()
}

/// The error of a loader whose statement failed.
pub fn err(error: diesel::result::Error) -> async_graphql::Error {
    AppError::from(error).into()
}

/// Rows under the key they belong to, with an empty list for every key without rows.
pub fn grouped<K: Copy + Eq + Hash, R>(keys: &[K], rows: Vec<R>, key_of: impl Fn(&R) -> K) -> HashMap<K, Vec<R>> {
    let mut lists: HashMap<K, Vec<R>> = keys.iter().map(|k| (*k, Vec::new())).collect();
    for row in rows {
        lists.entry(key_of(&row)).or_default().push(row);
    }
    lists
}

/// Implements `Loader<$key>` for [`DbLoader`] with the batch written out: the body gets a
/// connection `$conn` and the batch's keys `$keys`, and returns what it found by key (a key
/// left out has no value). The other `load_*` macros are this one with the body filled in.
#[macro_export]
macro_rules! load_batch {
    ($key:ty => $value:ty, |$conn:ident, $keys:ident| $body:block) => {
        impl async_graphql::dataloader::Loader<$key> for $crate::graphql::loader::DbLoader {
            type Value = $value;
            type Error = async_graphql::Error;

            async fn load(&self, $keys: &[$key]) -> Result<std::collections::HashMap<$key, $value>, Self::Error> {
                let mut $conn = self.conn().await?;
                $body
            }
        }
    };
}

/// Implements `Loader<$id>` for [`DbLoader`]: rows by their `id`, fetched in one statement by
/// `$fetch(conn, &ids)`.
#[macro_export]
macro_rules! load_by_id {
    ($id:ty => $row:ty, $fetch:path) => {
        $crate::load_batch!($id => $row, |conn, ids| {
            let rows = $fetch(&mut conn, ids).await.map_err($crate::graphql::loader::err)?;
            Ok(rows.into_iter().map(|row| (row.id, row)).collect())
        });
    };
}

/// Implements `Loader<$key>` for [`DbLoader`], where `$key(parent)` is the list of rows whose
/// `$parent` field (a name, or a path into an embedded field list: `fields.group_id`) is that
/// parent, fetched for all parents in one statement by `$fetch(conn, &parents)` (in the order
/// the list should have).
#[macro_export]
macro_rules! load_children {
    ($key:ident($parent_id:ty) => $row:ty, $fetch:path, $($parent:ident).+) => {
        $crate::load_items!($key($parent_id) => $row, $fetch, |row: $row| (row.$($parent).+, row));
    };
}

/// Implements `Loader<$key>` for [`DbLoader`] where `$key(parent)` is a list of items fetched
/// for all parents in one statement by `$fetch(conn, &parents)` as rows that `$split` turns into
/// `(parent, item)` (in the order the list should have); without `$split`, the rows are those
/// pairs.
#[macro_export]
macro_rules! load_items {
    ($key:ident($parent_id:ty) => $item:ty, $fetch:path) => {
        $crate::load_items!($key($parent_id) => $item, $fetch, |pair| pair);
    };
    ($key:ident($parent_id:ty) => $item:ty, $fetch:path, $split:expr) => {
        $crate::load_batch!($key => Vec<$item>, |conn, keys| {
            let parents: Vec<$parent_id> = keys.iter().map(|key| key.0).collect();
            let rows = $fetch(&mut conn, &parents).await.map_err($crate::graphql::loader::err)?;
            let mut lists: std::collections::HashMap<$key, Vec<$item>> =
                keys.iter().map(|key| (*key, Vec::new())).collect();
            for (parent, item) in rows.into_iter().map($split) {
                lists.entry($key(parent)).or_default().push(item);
            }
            Ok(lists)
        });
    };
}

/// Implements `Loader<$key>` for [`DbLoader`] where a key is how many rows one parent has
/// (0 when none), counted for all parents in one statement by `$fetch(conn, &parents, ...)`
/// as pairs of parent and count. A key is either `$key(parent)`, or `$key { parent, shared.. }`
/// whose other fields (a scope, a filter) are passed after the parents: keys that share them
/// are counted together.
#[macro_export]
macro_rules! load_counts {
    ($key:ident($parent_id:ty), $fetch:path) => {
        $crate::load_batch!($key => i64, |conn, keys| {
            let parents: Vec<$parent_id> = keys.iter().map(|key| key.0).collect();
            let rows = $fetch(&mut conn, &parents).await.map_err($crate::graphql::loader::err)?;
            Ok($crate::graphql::loader::counts_of(keys, rows, |key| key.0))
        });
    };
    ($key:ident { $parent:ident $(, $shared:ident)+ }, $fetch:path) => {
        $crate::load_batch!($key => i64, |conn, keys| {
            let mut counts = std::collections::HashMap::new();
            let split = |k: &$key| (($(k.$shared.clone(),)+), k.$parent);
            for (($($shared,)+), parents) in $crate::graphql::loader::by_shared_part(keys, split) {
                let rows = $fetch(&mut conn, &parents, $(&$shared),+).await.map_err($crate::graphql::loader::err)?;
                let found: std::collections::HashMap<_, i64> = rows.into_iter().collect();
                for $parent in parents {
                    let count = found.get(&$parent).copied().unwrap_or(0);
                    counts.insert($key { $parent, $($shared: $shared.clone()),+ }, count);
                }
            }
            Ok(counts)
        });
    };
}

/// Implements `Loader<$key>` for [`DbLoader`] where `$key { parent, shared.., page }` is one
/// page of the rows under a parent: keys that share the other fields (a scope, a filter) and
/// the page are fetched together by `$fetch(conn, &parents, &shared.., &page)` as rows of a
/// per-parent page, and `$parent_of(row)` tells which parent a row belongs to.
#[macro_export]
macro_rules! load_pages {
    ($key:ident { $parent:ident $(, $shared:ident)* } => $row:ty, $fetch:path, $parent_of:expr) => {
        $crate::load_batch!($key => $crate::db::page::Page<$row>, |conn, keys| {
            let mut pages = std::collections::HashMap::new();
            let split = |k: &$key| ((($(k.$shared.clone(),)*), k.page), k.$parent);
            for ((($($shared,)*), page), parents) in $crate::graphql::loader::by_shared_part(keys, split) {
                let rows =
                    $fetch(&mut conn, &parents, $(&$shared,)* &page).await.map_err($crate::graphql::loader::err)?;
                for ($parent, rows) in $crate::graphql::loader::pages_of_parents(&parents, rows, $parent_of, &page) {
                    pages.insert($key { $parent, $($shared: $shared.clone(),)* page }, rows);
                }
            }
            Ok(pages)
        });
    };
}

/// Declares loader keys that stand for one id each, `$key(pub $id)`: copyable and hashable,
/// as a DataLoader key must be, each with its doc comment.
#[macro_export]
macro_rules! id_keys {
    ($($(#[$doc:meta])* $key:ident($id:ty);)+) => {
        $(
            $(#[$doc])*
            #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
            pub struct $key(pub $id);
        )+
    };
}
