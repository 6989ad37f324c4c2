//! The request's DataLoader. Each domain module implements `Loader<K>` for [`DbLoader`] for
//! its own keys (by id, or a page of children per parent), so one loader batches them all.

use std::collections::HashMap;
use std::hash::Hash;
use std::time::Duration;

use async_graphql::dataloader::{DataLoader, HashMapCache};

use crate::db::{Database, DbConn};
use crate::error::AppError;

/// How long a batch waits for more keys. A list of over 32 items is resolved in several
/// polls (futures' `FuturesUnordered` yields every 32), so the window must outlast a few
/// polls or one level of a nested query splits into several statements.
const BATCH_WINDOW: Duration = Duration::from_millis(5);

/// Loads rows in batches; lives for one request.
pub struct DbLoader {
    db: Database,
}

impl DbLoader {
    pub fn new(db: Database) -> DataLoader<DbLoader, HashMapCache> {
        DataLoader::with_cache(DbLoader { db }, tokio::spawn, HashMapCache::default()).delay(BATCH_WINDOW)
    }

    pub async fn conn(&self) -> Result<DbConn, async_graphql::Error> {
        self.db.conn().await.map_err(|e| AppError::from(e).into())
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

/// Rows under the key they belong to, with an empty list for every key without rows.
pub fn grouped<K: Copy + Eq + Hash, R>(keys: &[K], rows: Vec<R>, key_of: impl Fn(&R) -> K) -> HashMap<K, Vec<R>> {
    let mut lists: HashMap<K, Vec<R>> = keys.iter().map(|k| (*k, Vec::new())).collect();
    for row in rows {
        lists.entry(key_of(&row)).or_default().push(row);
    }
    lists
}
