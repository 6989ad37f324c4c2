//! What every resolver can reach: the caller, the database and the request's DataLoader.

use async_graphql::Context;
use async_graphql::dataloader::{DataLoader, HashMapCache};

use crate::access::Viewer;
use crate::db::{Database, DbConn};
use crate::error::{AppError, AppResult};
use crate::graphql::loader::DbLoader;

/// Attached to every request by the HTTP layer (or by tests).
pub struct RequestContext {
    pub db: Database,
    pub viewer: Viewer,
    pub loader: DataLoader<DbLoader, HashMapCache>,
}

impl RequestContext {
    /// A request's context; its DataLoader batches within `batch_window`.
    pub fn new(db: Database, viewer: Viewer, batch_window: std::time::Duration) -> Self {
        let loader = DbLoader::new(db.clone(), batch_window);
        RequestContext { db, viewer, loader }
    }
}

pub trait ContextExt {
    fn request(&self) -> &RequestContext;

    fn viewer(&self) -> &Viewer {
        &self.request().viewer
    }

    fn loader(&self) -> &DataLoader<DbLoader, HashMapCache> {
        &self.request().loader
    }

    /// Resolves a nullable field the caller may not read to `null`, with `error` (its
    /// extensions.code) at the field's path. async-graphql would drop the key of a field
    /// whose resolver fails; the contract promises the field as null.
    fn deny<T>(&self, error: AppError) -> Option<T>;

    fn conn(&self) -> impl Future<Output = AppResult<DbConn>> + Send {
        let db = self.request().db.clone();
        async move { Ok(db.conn().await?) }
    }
}

impl ContextExt for Context<'_> {
    fn request(&self) -> &RequestContext {
        self.data_unchecked::<RequestContext>()
    }

    fn deny<T>(&self, error: AppError) -> Option<T> {
        let error: async_graphql::Error = error.into();
        self.add_error(self.set_error_path(error.into_server_error(self.item.pos)));
        None
    }
}
