//! What every resolver can reach: the caller, the database and the request's DataLoader.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, Mutex};

use async_graphql::Context;
use async_graphql::dataloader::{DataLoader, Loader};

use crate::access::Viewer;
use crate::db::{Database, DbConn};
use crate::error::{AppError, AppResult};
use crate::graphql::batch::LocalTasks;
use crate::graphql::language::Language;
use crate::graphql::loader::{BatchObserver, Batches, DbLoader};
use crate::ids::MemberId;

/// The personal fields one request read, per member (written to the personal-data log).
pub type Reads = BTreeMap<MemberId, BTreeSet<&'static str>>;

/// Attached to every request by the HTTP layer (or by tests).
pub struct RequestContext {
    pub db: Database,
    pub viewer: Viewer,
    pub loader: DataLoader<Batches>,
    /// The personal fields this request has read, for the personal-data log; shared with
    /// the HTTP layer, which writes them once the response is complete.
    pub personal_reads: Arc<Mutex<Reads>>,
    /// The language of the answer's messages (`Accept-Language`).
    pub language: Language,
}

impl RequestContext {
    /// A request's context. Its DataLoader's loads run in `tasks`: execute the request
    /// under [`crate::graphql::batch::drive`] with the same `tasks`.
    pub fn new(db: Database, viewer: Viewer, tasks: Arc<LocalTasks>) -> Self {
        Self::observed(db, viewer, tasks, None)
    }

    /// Like [`RequestContext::new`], with the size of every DataLoader batch told to `batches`.
    pub fn observed(db: Database, viewer: Viewer, tasks: Arc<LocalTasks>, batches: Option<BatchObserver>) -> Self {
        let loader = DbLoader::for_request(db.clone(), tasks, batches);
        RequestContext { db, viewer, loader, personal_reads: Arc::default(), language: Language::default() }
    }

    /// The same context, answering in `language`.
    pub fn in_language(self, language: Language) -> Self {
        RequestContext { language, ..self }
    }
}

pub trait ContextExt {
    fn request(&self) -> &RequestContext;

    fn viewer(&self) -> &Viewer {
        &self.request().viewer
    }

    /// The language of the answer's messages.
    fn language(&self) -> Language {
        self.request().language
    }

    fn loader(&self) -> &DataLoader<Batches> {
        &self.request().loader
    }

    /// Resolves a nullable field the caller may not read to `null`, with `error` (its
    /// extensions.code) at the field's path. async-graphql would drop the key of a field
    /// whose resolver fails; the contract promises the field as null.
    fn deny<T>(&self, error: impl Into<async_graphql::Error>) -> Option<T>;

    /// Like [`ContextExt::deny`], for the item at `index` of a list field.
    fn deny_item<T>(&self, error: impl Into<async_graphql::Error>, index: usize) -> Option<T>;

    /// `Some(value)` when the role check passed; else `None`, with its error at the field's
    /// path (see [`ContextExt::deny`]), so that a refused field is null and its object stays.
    fn allowed<T>(&self, check: AppResult<T>) -> Option<T> {
        check.map_or_else(|error| self.deny(error), Some)
    }

    /// Notes that the request read `field` of a member's personal data.
    fn note_personal_read(&self, member: MemberId, field: &'static str) {
        let mut reads = self.request().personal_reads.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        reads.entry(member).or_default().insert(field);
    }

    fn conn(&self) -> impl Future<Output = AppResult<DbConn>> + Send {
        let db = self.request().db.clone();
        async move { Ok(db.conn().await?) }
    }
}

impl ContextExt for Context<'_> {
    fn request(&self) -> &RequestContext {
        self.data_unchecked::<RequestContext>()
    }

    fn deny<T>(&self, error: impl Into<async_graphql::Error>) -> Option<T> {
        self.add_error(self.set_error_path(error.into().into_server_error(self.item.pos)));
        None
    }

    fn deny_item<T>(&self, error: impl Into<async_graphql::Error>, index: usize) -> Option<T> {
        let mut error = self.set_error_path(error.into().into_server_error(self.item.pos));
        error.path.push(async_graphql::PathSegment::Index(index));
        self.add_error(error);
        None
    }
}

/// A row another row refers to, through the request's DataLoader. Its absence is a broken
/// reference in the database, reported as INTERNAL.
pub async fn load_existing<K>(ctx: &Context<'_>, key: K) -> async_graphql::Result<<DbLoader as Loader<K>>::Value>
where
    K: Send + Sync + std::hash::Hash + Eq + Clone + std::fmt::Debug + 'static,
    DbLoader: Loader<K, Error = async_graphql::Error>,
{
    let missing = || AppError::Internal(format!("{key:?} is referred to but missing"));
    ctx.loader().load_one(key.clone()).await?.ok_or_else(|| missing().into())
}
