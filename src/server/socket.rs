//! Subscriptions over WebSocket at `/graphql`, in the graphql-transport-ws protocol (the
//! `graphql-ws` library's; the older subscriptions-transport-ws is accepted too).
//!
//! The token comes in `connection_init` (`{"authorization": "Bearer …"}`); a bad one closes
//! the socket (1002, with the reason). Each `subscribe` passes the same guard as a request
//! over HTTP (size, depth, cost, validation) and the same access rules; a refused one gets an
//! `error` message and the socket stays open. The socket carries subscriptions only:
//! queries and mutations go over HTTP, where rate limits apply.

use std::collections::HashSet;
use std::str::FromStr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use async_graphql::http::{ALL_WEBSOCKET_PROTOCOLS, WebSocketProtocols, WsMessage};
use async_graphql::parser::types::{DocumentOperations, OperationType};
use async_graphql::{Data, Executor, Request, Response, ServerError};
use axum::extract::FromRequestParts;
use axum::extract::ws::{CloseFrame, Message, WebSocket, WebSocketUpgrade};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response as HttpResponse};
use futures_util::stream::{self, BoxStream, StreamExt};
use futures_util::{SinkExt, future};
use serde_json::Value as Json;

use crate::access::Viewer;
use crate::audit::model::{self as audit, PersonalDataAction};
use crate::graphql::batch::{self, LocalTasks};
use crate::graphql::context::RequestContext;
use crate::graphql::language::{Language, Text, localize};
use crate::schema::subscription::EarlyReceiver;
use crate::server::App;
use crate::server::reply;

/// Codes of the refusals particular to subscriptions.
pub mod codes {
    /// The socket already carries as many subscriptions as it may.
    pub const TOO_MANY_SUBSCRIPTIONS: &str = "TOO_MANY_SUBSCRIPTIONS";
    /// A query or mutation sent over the socket.
    pub const SUBSCRIPTIONS_ONLY: &str = "SUBSCRIPTIONS_ONLY";
}

/// Marks, in a response's extensions, a subscription refused before it started: the socket
/// turns it into an `error` message.
const REFUSED: &str = "subscribeRefused";

/// Whether a request asks to become a WebSocket.
pub fn is_upgrade(headers: &HeaderMap) -> bool {
    headers.get(header::UPGRADE).and_then(|v| v.to_str().ok()).is_some_and(|v| v.eq_ignore_ascii_case("websocket"))
}

/// Upgrades a GET `/graphql` to a subscription socket, within the bound on open sockets.
pub async fn upgrade(app: App, request: axum::extract::Request) -> HttpResponse {
    let (mut parts, _) = request.into_parts();
    let protocol = parts
        .headers
        .get(header::SEC_WEBSOCKET_PROTOCOL)
        .and_then(|value| value.to_str().ok())
        .and_then(|offered| offered.split(',').find_map(|p| WebSocketProtocols::from_str(p.trim()).ok()));
    let Some(protocol) = protocol else {
        return reply::error_response(
            StatusCode::BAD_REQUEST,
            "BAD_REQUEST",
            Text::new(
                "subscriptions need the WebSocket subprotocol graphql-transport-ws",
                "langganan memerlukan subprotokol WebSocket graphql-transport-ws",
            ),
        );
    };
    let upgrade = match WebSocketUpgrade::from_request_parts(&mut parts, &()).await {
        Ok(upgrade) => upgrade,
        Err(rejection) => return rejection.into_response(),
    };
    let Ok(permit) = app.live.sockets.clone().try_acquire_owned() else { return reply::overloaded() };
    let language = Language::from_headers(&parts.headers);
    upgrade.protocols(ALL_WEBSOCKET_PROTOCOLS).on_upgrade(move |socket| async move {
        serve(app, socket, protocol, language).await;
        drop(permit);
    })
}

/// Runs the protocol on an upgraded socket until either side closes it.
async fn serve(app: App, socket: WebSocket, protocol: WebSocketProtocols, language: Language) {
    let viewer = Arc::new(OnceLock::new());
    let executor = SocketExecutor { app: app.clone(), viewer: viewer.clone(), active: Arc::default(), language };
    let (mut sink, input) = socket.split();
    let input = input.take_while(|message| future::ready(message.is_ok())).filter_map(|message| {
        future::ready(match message {
            Ok(Message::Text(text)) => Some(text.as_bytes().to_vec()),
            Ok(Message::Binary(bytes)) => Some(bytes.to_vec()),
            _ => None,
        })
    });
    let on_init = move |payload: Json| async move {
        let found = authenticate(&app, &payload)
            .await
            .map_err(|text| async_graphql::Error::new(text.in_language(language).to_string()))?;
        let _ = viewer.set(found);
        Ok(Data::default())
    };
    let messages = async_graphql::http::WebSocket::new(executor, input, protocol).on_connection_init(on_init);
    let mut refused = HashSet::new();
    futures_util::pin_mut!(messages);
    while let Some(message) = messages.next().await {
        let outgoing = match message {
            WsMessage::Text(text) => match as_sent(text, protocol, &mut refused) {
                Some(text) => Message::Text(text.into()),
                None => continue,
            },
            WsMessage::Close(code, reason) => Message::Close(Some(CloseFrame { code, reason: reason.into() })),
        };
        if sink.send(outgoing).await.is_err() {
            break;
        }
    }
}

/// The caller behind the token of a `connection_init` payload (PUBLIC without one).
async fn authenticate(app: &App, payload: &Json) -> Result<Viewer, Text> {
    let token = payload.get("authorization").or_else(|| payload.get("Authorization"));
    let mut headers = HeaderMap::new();
    match token {
        None | Some(Json::Null) => {}
        Some(Json::String(token)) => {
            let value = HeaderValue::from_str(token).map_err(|_| malformed_token())?;
            headers.insert(header::AUTHORIZATION, value);
        }
        Some(_) => return Err(malformed_token()),
    }
    app.viewer(&headers).await.map_err(|error| error.message())
}

fn malformed_token() -> Text {
    Text::new(
        "connection_init's authorization must be a string \"Bearer <token>\"",
        "authorization pada connection_init harus berupa string \"Bearer <token>\"",
    )
}

/// A server message as sent: a refused subscription's `next` becomes an `error` message,
/// and the `complete` after it is dropped (graphql-transport-ws ends a subscription with
/// either, never both).
fn as_sent(text: String, protocol: WebSocketProtocols, refused: &mut HashSet<String>) -> Option<String> {
    if protocol != WebSocketProtocols::GraphQLWS || (!text.contains(REFUSED) && refused.is_empty()) {
        return Some(text);
    }
    let Ok(mut message) = serde_json::from_str::<Json>(&text) else { return Some(text) };
    let id = message.get("id").and_then(Json::as_str).map(str::to_string);
    match (message.get("type").and_then(Json::as_str), id) {
        (Some("complete"), Some(id)) if refused.remove(&id) => None,
        (Some("next"), Some(id)) if message.pointer(&format!("/payload/extensions/{REFUSED}")).is_some() => {
            let errors = message.pointer_mut("/payload/errors").map(Json::take).unwrap_or_default();
            refused.insert(id.clone());
            Some(serde_json::json!({ "id": id, "type": "error", "payload": errors }).to_string())
        }
        _ => Some(text),
    }
}

/// Runs the subscriptions of one socket as its viewer.
#[derive(Clone)]
struct SocketExecutor {
    app: App,
    viewer: Arc<OnceLock<Viewer>>,
    active: Arc<AtomicUsize>,
    language: Language,
}

impl Executor for SocketExecutor {
    async fn execute(&self, request: Request) -> Response {
        self.execute_stream(request, None).next().await.unwrap_or_default()
    }

    fn execute_stream(&self, request: Request, _session: Option<Arc<Data>>) -> BoxStream<'static, Response> {
        // The protocol runs nothing before connection_init succeeded.
        let Some(viewer) = self.viewer.get().cloned() else {
            return refusal("UNAUTHENTICATED", Text::new("connection_init first", "kirim connection_init dulu"));
        };
        let Some(slot) = Slot::take(&self.active, self.app.live.max_subscriptions_per_socket) else {
            let max = self.app.live.max_subscriptions_per_socket;
            let text = Text::new(
                format!("this socket already carries {max} subscriptions; complete one first"),
                format!("soket ini sudah membawa {max} langganan; akhiri salah satunya dulu"),
            );
            return localized(refusal(codes::TOO_MANY_SUBSCRIPTIONS, text), self.language);
        };
        // Taken now, in the order the messages came: an event after this `subscribe` reaches it.
        let early = self.app.live.bus.subscribe();
        let (app, language) = (self.app.clone(), self.language);
        stream::once(async move {
            let stream = match start(&app, viewer.clone(), language, request, early).await {
                Ok(stream) => stream,
                Err(refused) => return refused,
            };
            delivered(app, viewer, stream, slot)
        })
        .flatten()
        .map(move |response| localize(response, language))
        .boxed()
    }
}

/// Checks a `subscribe` and starts it: the responses, with the DataLoader batches of each
/// one run as it is produced; or the refusal.
async fn start(
    app: &App,
    viewer: Viewer,
    language: Language,
    request: Request,
    early: tokio::sync::broadcast::Receiver<crate::live::LiveEvent>,
) -> Result<Listened, BoxStream<'static, Response>> {
    if operation_of(app, &request).await.is_some_and(|ty| ty != OperationType::Subscription) {
        let text = Text::new(
            "the WebSocket carries subscriptions only; send queries and mutations over HTTP POST /graphql",
            "WebSocket hanya untuk langganan; kirim query dan mutation lewat HTTP POST /graphql",
        );
        return Err(refusal(codes::SUBSCRIPTIONS_ONLY, text));
    }
    if let Err(mut refused) = app.schema.check(&request).await {
        refused.extensions.insert(REFUSED.into(), async_graphql::Value::Boolean(true));
        return Err(stream::once(future::ready(refused)).boxed());
    }
    let tasks = Arc::new(LocalTasks::default());
    let context = RequestContext::new(app.db.clone(), viewer, tasks.clone()).in_language(language);
    let reads = context.personal_reads.clone();
    let request = request.data(context).data(EarlyReceiver(Mutex::new(Some(early)))).data(app.live.bus.clone());
    let mut responses = app.schema.subscribe(request).await;
    // The first response tells whether the resolver accepted the subscription: a refusal
    // (its access check, an unknown id) has no data and errors at the field itself.
    let Some(first) = batch::drive(responses.next(), tasks.clone()).await else {
        return Err(stream::empty().boxed());
    };
    if first.data == async_graphql::Value::Null && !first.errors.is_empty() && first.errors.iter().all(at_root) {
        let mut first = first;
        first.extensions.insert(REFUSED.into(), async_graphql::Value::Boolean(true));
        return Err(stream::once(future::ready(first)).boxed());
    }
    Ok(Listened { first: Some(first), responses, tasks, reads })
}

/// A started subscription: its first response and the rest.
struct Listened {
    first: Option<Response>,
    responses: BoxStream<'static, Response>,
    tasks: Arc<LocalTasks>,
    reads: Arc<Mutex<audit::Reads>>,
}

fn at_root(error: &ServerError) -> bool {
    error.path.len() <= 1
}

/// The responses of a started subscription, each one's personal reads logged before it
/// goes out; `slot` is given back when the subscription ends.
fn delivered(app: App, viewer: Viewer, listened: Listened, slot: Slot) -> BoxStream<'static, Response> {
    stream::unfold((listened, app, viewer, slot), |(mut listened, app, viewer, slot)| async move {
        let response = match listened.first.take() {
            Some(first) => first,
            None => batch::drive(listened.responses.next(), listened.tasks.clone()).await?,
        };
        let reads = std::mem::take(&mut *listened.reads.lock().unwrap_or_else(|poisoned| poisoned.into_inner()));
        let response = if reads.is_empty() {
            response
        } else {
            match log_reads(&app, &viewer, &reads).await {
                Ok(()) => response,
                // Personal data must not leave unlogged.
                Err(error) => {
                    Response::from_errors(vec![async_graphql::Error::from(error).into_server_error(Default::default())])
                }
            }
        };
        Some((response, (listened, app, viewer, slot)))
    })
    .boxed()
}

async fn log_reads(app: &App, viewer: &Viewer, reads: &audit::Reads) -> crate::error::AppResult<()> {
    let mut conn = app.db.conn().await?;
    let at = crate::clock::now_utc();
    conn.transaction(async |conn| audit::record(conn, viewer, PersonalDataAction::Read, reads, at).await).await?;
    Ok(())
}

/// The type of the operation a request would run, if its document can be read.
async fn operation_of(app: &App, request: &Request) -> Option<OperationType> {
    let document = match app.schema.persisted_document(request).await {
        Some(document) => document,
        None => crate::graphql::guard::parse_guarded(&request.query).ok()?,
    };
    match &document.operations {
        DocumentOperations::Single(operation) => Some(operation.node.ty),
        DocumentOperations::Multiple(operations) => match &request.operation_name {
            Some(name) => operations.get(name.as_str()).map(|op| op.node.ty),
            None if operations.len() == 1 => operations.values().next().map(|op| op.node.ty),
            None => None,
        },
    }
}

/// One refusal, as the only response of a subscription.
fn refusal(code: &str, text: Text) -> BoxStream<'static, Response> {
    let mut error = text.into_server_error();
    error.extensions.get_or_insert_with(Default::default).set("code", code);
    let mut response = Response::from_errors(vec![error]);
    response.extensions.insert(REFUSED.into(), async_graphql::Value::Boolean(true));
    stream::once(future::ready(response)).boxed()
}

fn localized(responses: BoxStream<'static, Response>, language: Language) -> BoxStream<'static, Response> {
    responses.map(move |response| localize(response, language)).boxed()
}

/// One of a socket's subscription places, given back when dropped.
struct Slot(Arc<AtomicUsize>);

impl Slot {
    fn take(active: &Arc<AtomicUsize>, max: usize) -> Option<Slot> {
        active.fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| (n < max).then_some(n + 1)).ok()?;
        Some(Slot(active.clone()))
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}
