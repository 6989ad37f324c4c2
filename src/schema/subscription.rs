//! The subscriptions of the API. Each event carries ids only; the subscription re-reads what
//! changed with the subscriber's own access rules, so a subscriber sees through a
//! subscription exactly what a query would show them, and nothing of what it would not.

use std::sync::Mutex;

use async_graphql::{Context, ID, Subscription};
use futures_util::stream::{self, Stream, StreamExt};
use tokio::sync::broadcast;

use crate::access::ApplicationScope;
use crate::db::Database;
use crate::error::AppError;
use crate::events::model::{self as events, Event};
use crate::financing::applications::model::{self as applications, Application};
use crate::geography::model as geography;
use crate::graphql::context::ContextExt;
use crate::graphql::language::Text;
use crate::graphql::messages::{Problem, Thing};
use crate::ids::{ApplicationId, EventId, KelurahanId, ProductId};
use crate::live::{Bus, LiveEvent};
use crate::products::model::{self as products, Product};

/// The bus receiver a subscription reads, taken when its `subscribe` message arrived, so
/// that no event after that moment is missed while the subscription starts.
pub struct EarlyReceiver(pub Mutex<Option<broadcast::Receiver<LiveEvent>>>);

/// Every subscription of the API, over graphql-transport-ws at `/graphql`.
#[derive(Default)]
pub struct Subscription;

/// Live changes, over a WebSocket at `/graphql` in the graphql-transport-ws protocol (token in
/// `connection_init`); each event is read afresh with the subscriber's own access rules.
#[Subscription]
impl Subscription {
    /// A financing application was submitted (or kept as a draft) or moved to another
    /// status: the application as it now stands. Only for those who may see applications
    /// (ADMIN, the OFFICER of the applicant's kelurahan, the LENDER it was sent to); each
    /// subscriber gets only the applications their own queries would show.
    async fn financing_application_status_changed(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only this application (it must be one you may see); all you may see when absent.")]
        id: Option<ID>,
    ) -> async_graphql::Result<impl Stream<Item = Application> + use<>> {
        let scope = ctx.viewer().application_scope()?;
        let db = ctx.request().db.clone();
        let only = match id {
            Some(id) => Some(visible_application(&db, &scope, &id).await?),
            None => None,
        };
        let events = events_of(ctx);
        Ok(events.filter_map(move |event| {
            let (db, scope) = (db.clone(), scope.clone());
            async move {
                let LiveEvent::ApplicationStatus { application } = event else { return None };
                let id = ApplicationId(application);
                if only.is_some_and(|only| only != id) {
                    return None;
                }
                let mut conn = or_log(db.conn().await)?;
                // Out of the subscriber's scope: as if nothing happened.
                or_log(applications::find_visible(&mut conn, &scope, id).await).flatten()
            }
        }))
    }

    /// A product of the kelurahan became retail-ready or stopped being ready through a
    /// change in the registry (a permit, an assessment, the product or its group): the
    /// product as it now stands (`retailReady`, `retailReadiness` tell which). Public.
    async fn product_readiness_changed(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The kelurahan's Kemendagri code, e.g. `72.71.01.1004`.")] kelurahan_code: String,
    ) -> async_graphql::Result<impl Stream<Item = Product> + use<>> {
        let db = ctx.request().db.clone();
        let kelurahan = {
            let mut conn = ctx.conn().await?;
            geography::kelurahan_by_code(&mut conn, &kelurahan_code).await.map_err(AppError::from)?
        };
        let kelurahan = kelurahan
            .ok_or_else(|| AppError::not_found(Problem::NoKelurahan { code: kelurahan_code.clone() }.text()))?;
        let watched: KelurahanId = kelurahan.id;
        let events = events_of(ctx);
        Ok(events.filter_map(move |event| {
            let db = db.clone();
            async move {
                let LiveEvent::ProductReadiness { product, kelurahan, .. } = event else { return None };
                if kelurahan != watched.0 {
                    return None;
                }
                let mut conn = or_log(db.conn().await)?;
                or_log(products::find(&mut conn, ProductId(product)).await).flatten()
            }
        }))
    }

    /// A member registered for the event: the event as it now stands (`registeredCount`,
    /// `seatsLeft`). Public, like the event; who registered stays behind the usual rules.
    async fn event_registration_count_changed(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The event's global id.")] event_id: ID,
    ) -> async_graphql::Result<impl Stream<Item = Event> + use<>> {
        let db = ctx.request().db.clone();
        let not_found =
            || AppError::not_found(Problem::NotFound { thing: Thing::Event, id: event_id.to_string() }.text());
        let id = EventId::from_global(&event_id).ok_or_else(not_found)?;
        let mut conn = ctx.conn().await?;
        if events::by_ids(&mut conn, &[id]).await.map_err(AppError::from)?.is_empty() {
            return Err(not_found().into());
        }
        drop(conn);
        let events = events_of(ctx);
        Ok(events.filter_map(move |event| {
            let db = db.clone();
            async move {
                let LiveEvent::EventRegistrations { event } = event else { return None };
                if event != id.0 {
                    return None;
                }
                let mut conn = or_log(db.conn().await)?;
                or_log(events::by_ids(&mut conn, &[id]).await)?.pop()
            }
        }))
    }
}

/// The application `id` names, if the scope may see it; NOT_FOUND otherwise (whether it
/// does not exist or is someone else's: the answer must not tell which).
async fn visible_application(db: &Database, scope: &ApplicationScope, id: &ID) -> async_graphql::Result<ApplicationId> {
    let not_found = || {
        AppError::not_found(Text::new(
            format!("no financing application you may see has the id {:?}", id.as_str()),
            format!("tidak ada pengajuan pembiayaan yang boleh Anda lihat dengan id {:?}", id.as_str()),
        ))
    };
    let parsed = ApplicationId::from_global(id).ok_or_else(not_found)?;
    let mut conn = db.conn().await.map_err(AppError::from)?;
    match applications::find_visible(&mut conn, scope, parsed).await.map_err(AppError::from)? {
        Some(_) => Ok(parsed),
        None => Err(not_found().into()),
    }
}

/// The value, or `None` with a warning: an event whose subject cannot be read now (the
/// database unavailable) is skipped rather than ending the subscription.
fn or_log<T, E: std::fmt::Display>(result: Result<T, E>) -> Option<T> {
    result.map_err(|error| tracing::warn!(%error, "a live event could not be read; skipped")).ok()
}

/// The instance's events from the moment the subscription was asked for.
fn events_of(ctx: &Context<'_>) -> impl Stream<Item = LiveEvent> + use<> {
    let early = ctx.data_opt::<EarlyReceiver>().and_then(|early| early.0.lock().ok()?.take());
    let receiver = early.or_else(|| ctx.data_opt::<Bus>().map(Bus::subscribe));
    stream::unfold(receiver, |receiver| async move {
        let mut receiver = receiver?;
        loop {
            match receiver.recv().await {
                Ok(event) => return Some((event, Some(receiver))),
                Err(broadcast::error::RecvError::Lagged(skipped)) => {
                    tracing::warn!(skipped, "a subscriber fell behind; oldest events skipped");
                }
                Err(broadcast::error::RecvError::Closed) => return None,
            }
        }
    })
}
