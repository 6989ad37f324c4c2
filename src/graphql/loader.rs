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

/// Rows under the key they belong to, with an empty list for every key without rows.
pub fn grouped<K: Copy + Eq + Hash, R>(keys: &[K], rows: Vec<R>, key_of: impl Fn(&R) -> K) -> HashMap<K, Vec<R>> {
    let mut lists: HashMap<K, Vec<R>> = keys.iter().map(|k| (*k, Vec::new())).collect();
    for row in rows {
        lists.entry(key_of(&row)).or_default().push(row);
    }
    lists
}

/// Implements `Loader<$id>` for [`DbLoader`]: rows by their `id`, fetched in one statement by
/// `$fetch(conn, &ids)`.
#[macro_export]
macro_rules! load_by_id {
    ($id:ty => $row:ty, $fetch:path) => {
        impl async_graphql::dataloader::Loader<$id> for $crate::graphql::loader::DbLoader {
            type Value = $row;
            type Error = async_graphql::Error;

            async fn load(&self, ids: &[$id]) -> Result<std::collections::HashMap<$id, $row>, Self::Error> {
                let rows = $fetch(&mut self.conn().await?, ids).await.map_err($crate::error::AppError::from)?;
                Ok(rows.into_iter().map(|row| (row.id, row)).collect())
            }
        }
    };
}

/// Implements `Loader<$key>` for [`DbLoader`], where `$key(parent)` is the list of rows whose
/// `$parent` field is that parent, fetched for all parents in one statement by
/// `$fetch(conn, &parents)` (in the order the list should have).
#[macro_export]
macro_rules! load_children {
    ($key:ident($parent_id:ty) => $row:ty, $fetch:path, $parent:ident) => {
        impl async_graphql::dataloader::Loader<$key> for $crate::graphql::loader::DbLoader {
            type Value = Vec<$row>;
            type Error = async_graphql::Error;

            async fn load(&self, keys: &[$key]) -> Result<std::collections::HashMap<$key, Vec<$row>>, Self::Error> {
                let parents: Vec<$parent_id> = keys.iter().map(|key| key.0).collect();
                let rows = $fetch(&mut self.conn().await?, &parents).await.map_err($crate::error::AppError::from)?;
                Ok($crate::graphql::loader::grouped(keys, rows, |row| $key(row.$parent)))
            }
        }
    };
}
