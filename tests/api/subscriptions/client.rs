//! A graphql-transport-ws client over a real socket, and a server for it on 127.0.0.1:0.

use std::net::SocketAddr;
use std::time::Duration;

use axum::body::Body;
use axum::http::{Request, header};
use futures_util::{SinkExt, StreamExt};
use http_body_util::BodyExt;
use serde_json::{Value, json};
use tokio::net::{TcpListener, TcpStream};
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
use tokio_tungstenite::tungstenite::{self, Message};
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};
use tower::ServiceExt;
use umkm_graph::ids::EventId;
use umkm_graph::live::{LiveEvent, outbox, publish};
use umkm_graph::server::App;

/// Long enough for any event on a loaded machine; only a failing test ever waits it out.
const PATIENCE: Duration = Duration::from_secs(20);

/// An instance served over TCP until dropped.
pub struct Served {
    pub address: SocketAddr,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for Served {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Serves `app` on a free port of 127.0.0.1, once its PostgreSQL listener (if any) listens.
pub async fn serve(app: &App) -> Served {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind a port");
    let address = listener.local_addr().expect("its address");
    let (router, config) = (app.clone().router(), (*app.config).clone());
    let task = tokio::spawn(async move {
        umkm_graph::server::listen::serve(listener, router, &config, std::future::pending()).await;
    });
    let listening = async {
        while !app.live.is_listening() {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    };
    tokio::time::timeout(PATIENCE, listening).await.expect("the instance listens for live events");
    Served { address, task }
}

/// POSTs a GraphQL request to an instance's router; the JSON answer.
pub async fn post(app: &App, token: &str, query: &str, variables: Value) -> Value {
    let body = json!({ "query": query, "variables": variables }).to_string();
    let request = Request::post("/graphql")
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .body(Body::from(body))
        .unwrap();
    let response = app.clone().router().oneshot(request).await.expect("an answer");
    let bytes = response.into_body().collect().await.expect("the body").to_bytes();
    serde_json::from_slice(&bytes).expect("JSON")
}

/// One client socket.
pub struct Socket {
    ws: WebSocketStream<MaybeTlsStream<TcpStream>>,
}

/// Opens a socket to `address` speaking graphql-transport-ws (the handshake only).
pub async fn connect(address: SocketAddr) -> Result<Socket, tungstenite::Error> {
    let mut request = format!("ws://{address}/graphql").into_client_request().unwrap();
    request.headers_mut().insert("Sec-WebSocket-Protocol", "graphql-transport-ws".parse().unwrap());
    let (ws, response) = tokio_tungstenite::connect_async(request).await?;
    assert_eq!(response.headers()["sec-websocket-protocol"], "graphql-transport-ws");
    Ok(Socket { ws })
}

impl Socket {
    /// A socket whose connection_init (with `token`, if any) was acknowledged.
    pub async fn open(address: SocketAddr, token: Option<&str>) -> Socket {
        let mut socket = connect(address).await.expect("the WebSocket handshake");
        socket.init(token).await;
        assert_eq!(socket.next().await["type"], "connection_ack");
        socket
    }

    pub async fn init(&mut self, token: Option<&str>) {
        let payload = token.map_or(json!({}), |token| json!({ "authorization": format!("Bearer {token}") }));
        self.send(json!({ "type": "connection_init", "payload": payload })).await;
    }

    pub async fn send(&mut self, message: Value) {
        self.ws.send(Message::text(message.to_string())).await.expect("send");
    }

    /// Subscribes, then waits for the server to have taken the subscription in (a ping sent
    /// after it is answered only once it has).
    pub async fn subscribe(&mut self, id: &str, query: &str, variables: Value) {
        let payload = json!({ "query": query, "variables": variables });
        self.send(json!({ "id": id, "type": "subscribe", "payload": payload })).await;
        self.send(json!({ "type": "ping" })).await;
        assert_eq!(self.next().await["type"], "pong");
    }

    /// The next protocol message (panics when none comes in time: a test waiting for it
    /// has failed).
    pub async fn next(&mut self) -> Value {
        match self.frame().await {
            Message::Text(text) => serde_json::from_str(&text).expect("a JSON message"),
            other => panic!("expected a protocol message, got {other:?}"),
        }
    }

    /// The next `next` message of subscription `id`: its payload.
    pub async fn next_of(&mut self, id: &str) -> Value {
        let message = self.next().await;
        assert_eq!((message["type"].as_str(), message["id"].as_str()), (Some("next"), Some(id)), "{message:#}");
        message["payload"].clone()
    }

    /// The close frame the server ends the socket with.
    pub async fn closed(&mut self) -> (CloseCode, String) {
        match self.frame().await {
            Message::Close(Some(frame)) => (frame.code, frame.reason.to_string()),
            other => panic!("expected the socket to close, got {other:?}"),
        }
    }

    async fn frame(&mut self) -> Message {
        loop {
            let frame = tokio::time::timeout(PATIENCE, self.ws.next()).await.expect("a message in time");
            match frame.expect("the socket is open").expect("a frame") {
                Message::Ping(_) | Message::Pong(_) => continue,
                frame => return frame,
            }
        }
    }
}

/// Waits until every event committed so far has reached `app`'s bus, so that a subscription
/// made next hears only later events. On PostgreSQL the instance's listener forwards a NOTIFY
/// some time after its commit, and under load an earlier write's event could otherwise reach
/// a subscription made after that write. PostgreSQL delivers notifications in commit order,
/// so once a marker published now comes back, every earlier event has come. The marker names
/// an event id that no test creates.
pub async fn settle(app: &App) {
    let marker = LiveEvent::event_registrations(EventId(i64::MAX));
    let mut heard = app.live.bus.subscribe();
    let mut conn = app.db.conn().await.expect("a connection");
    outbox::deliver_after(&app.live.bus, async { conn.transaction(async |conn| publish(conn, marker).await).await })
        .await
        .expect("publish the marker");
    let came_back = async {
        loop {
            match heard.recv().await {
                Ok(event) if event == marker => break,
                Ok(_) | Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => continue,
                Err(closed) => panic!("the bus closed: {closed}"),
            }
        }
    };
    tokio::time::timeout(PATIENCE, came_back).await.expect("the marker comes back");
}
