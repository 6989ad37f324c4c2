//! The accept loop: hyper's HTTP/1 server with the timeouts and the connection cap that
//! `axum::serve` does not offer, and a graceful stop that does not wait forever.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use axum::extract::ConnectInfo;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tokio_io_timeout::TimeoutStream;
use tower::ServiceExt;

use crate::server::config::EdgeConfig;

/// Serves `router` on `listener` until `shutdown` resolves, then lets requests in progress
/// finish for at most the configured grace period.
pub async fn serve(listener: TcpListener, router: Router, config: &EdgeConfig, shutdown: impl Future<Output = ()>) {
    let slots = Arc::new(Semaphore::new(config.max_connections.max(1)));
    // Every connection task holds a receiver; the sender's `closed` tells when all are done.
    // (hyper-util's GracefulShutdown cannot watch a connection that allows upgrades.)
    let (stopping, stop) = tokio::sync::watch::channel(false);
    tokio::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(error) => {
                    // Out of file descriptors, most likely: back off instead of spinning.
                    tracing::warn!(%error, "accept failed");
                    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let Ok(slot) = slots.clone().try_acquire_owned() else {
            tracing::warn!(%peer, "connection refused: at the limit of open connections");
            continue;
        };
        let _ = stream.set_nodelay(true);
        let mut stream = TimeoutStream::new(stream);
        stream.set_read_timeout(Some(config.idle_timeout()));
        stream.set_write_timeout(Some(config.idle_timeout()));
        let service = router.clone().map_request(move |mut request: axum::http::Request<Incoming>| {
            request.extensions_mut().insert(ConnectInfo(peer));
            request
        });
        let mut http = hyper::server::conn::http1::Builder::new();
        http.timer(TokioTimer::new()).header_read_timeout(config.header_read_timeout());
        // With upgrades: subscriptions take the connection over as a WebSocket.
        let connection =
            http.serve_connection(TokioIo::new(Box::pin(stream)), TowerToHyperService::new(service)).with_upgrades();
        let mut stop = stop.clone();
        tokio::spawn(async move {
            tokio::pin!(connection);
            let ended = tokio::select! {
                ended = connection.as_mut() => ended,
                _ = async { while !*stop.borrow_and_update() && stop.changed().await.is_ok() {} } => {
                    connection.as_mut().graceful_shutdown();
                    connection.await
                }
            };
            if let Err(error) = ended {
                tracing::debug!(%peer, %error, "connection ended with an error");
            }
            drop(slot);
        });
    }
    drop(listener);
    drop(stop);
    let _ = stopping.send(true);
    tokio::select! {
        () = stopping.closed() => tracing::info!("all connections closed"),
        () = tokio::time::sleep(config.shutdown_grace()) => tracing::warn!("stopping with requests still in progress"),
    }
}

/// The client address of a request: the peer, or the last `X-Forwarded-For` entry when a
/// trusted proxy sets it.
pub fn client_address(
    headers: &axum::http::HeaderMap,
    peer: Option<SocketAddr>,
    trust_forwarded_for: bool,
) -> Option<std::net::IpAddr> {
    if trust_forwarded_for
        && let Some(forwarded) = headers.get("x-forwarded-for").and_then(|v| v.to_str().ok())
        && let Some(last) = forwarded.rsplit(',').next().and_then(|ip| ip.trim().parse().ok())
    {
        return Some(last);
    }
    peer.map(|peer| peer.ip())
}
