//! The settings of the HTTP edge, each from a command-line flag or its environment variable,
//! in one place. Every default is safe for a server on the open internet.

use std::time::Duration;

use crate::db::PoolSettings;

pub const DEFAULT_MAX_BODY_BYTES: usize = 1024 * 1024;
/// 16 MiB: a spreadsheet of 50,000 members is about 7 MiB.
pub const DEFAULT_MAX_UPLOAD_BYTES: usize = 16 * 1024 * 1024;
pub const DEFAULT_REQUEST_TIMEOUT_SECS: u64 = 30;
pub const DEFAULT_HEADER_READ_TIMEOUT_SECS: u64 = 10;
pub const DEFAULT_IDLE_TIMEOUT_SECS: u64 = 60;
pub const DEFAULT_MAX_CONNECTIONS: usize = 1024;
pub const DEFAULT_MAX_CONCURRENT_REQUESTS: usize = 64;
pub const DEFAULT_RATE_LIMIT_PER_MINUTE: u32 = 600;
pub const DEFAULT_PUBLIC_RATE_LIMIT_PER_MINUTE: u32 = 120;
pub const DEFAULT_DB_POOL_SIZE: usize = 10;
pub const DEFAULT_DB_WAIT_TIMEOUT_SECS: u64 = 5;
pub const DEFAULT_SHUTDOWN_GRACE_SECS: u64 = 10;
pub const DEFAULT_COMPRESS_MIN_BYTES: u16 = 1024;
pub const DEFAULT_CACHE_MAX_AGE_SECS: u64 = 60;
pub const DEFAULT_MAX_SUBSCRIPTION_SOCKETS: usize = 256;
pub const DEFAULT_MAX_SUBSCRIPTIONS_PER_SOCKET: usize = 10;

/// How the server meets the open internet.
#[derive(clap::Args, Debug, Clone)]
pub struct EdgeConfig {
    /// Largest request body accepted, in bytes (413 above it).
    #[arg(long, env = "MAX_BODY_BYTES", default_value_t = DEFAULT_MAX_BODY_BYTES)]
    pub max_body_bytes: usize,
    /// Largest multipart request (a file sent to `importFile`, with its operations), in bytes
    /// (413 above it).
    #[arg(long, env = "MAX_UPLOAD_BYTES", default_value_t = DEFAULT_MAX_UPLOAD_BYTES)]
    pub max_upload_bytes: usize,
    /// Longest a request may take, body reading included (503 TIMEOUT after it; the work is
    /// dropped).
    #[arg(long, env = "REQUEST_TIMEOUT_SECS", default_value_t = DEFAULT_REQUEST_TIMEOUT_SECS)]
    pub request_timeout_secs: u64,
    /// Longest a client may take to send a request's headers.
    #[arg(long, env = "HEADER_READ_TIMEOUT_SECS", default_value_t = DEFAULT_HEADER_READ_TIMEOUT_SECS)]
    pub header_read_timeout_secs: u64,
    /// A connection on which nothing is read or written for this long is closed. Keep it above
    /// the request timeout.
    #[arg(long, env = "IDLE_TIMEOUT_SECS", default_value_t = DEFAULT_IDLE_TIMEOUT_SECS)]
    pub idle_timeout_secs: u64,
    /// Open connections at most; further ones are closed at once.
    #[arg(long, env = "MAX_CONNECTIONS", default_value_t = DEFAULT_MAX_CONNECTIONS)]
    pub max_connections: usize,
    /// GraphQL requests in progress at most; further ones get 503 OVERLOADED at once.
    #[arg(long, env = "MAX_CONCURRENT_REQUESTS", default_value_t = DEFAULT_MAX_CONCURRENT_REQUESTS)]
    pub max_concurrent_requests: usize,
    /// Origins whose browser pages may call the API (comma-separated, e.g.
    /// `https://dashboard.palukota.go.id`), or `*` for any. None: same-origin only.
    #[arg(long, env = "CORS_ALLOWED_ORIGINS", value_delimiter = ',')]
    pub cors_allowed_origins: Vec<String>,
    /// Requests a minute per token (0: no limit). ADMIN tokens are not limited unless
    /// `--rate-limit-admin`.
    #[arg(long, env = "RATE_LIMIT_PER_MINUTE", default_value_t = DEFAULT_RATE_LIMIT_PER_MINUTE)]
    pub rate_limit_per_minute: u32,
    /// Requests a minute per client address without a valid token (0: no limit).
    #[arg(long, env = "PUBLIC_RATE_LIMIT_PER_MINUTE", default_value_t = DEFAULT_PUBLIC_RATE_LIMIT_PER_MINUTE)]
    pub public_rate_limit_per_minute: u32,
    /// Rate-limit ADMIN tokens too.
    #[arg(long, env = "RATE_LIMIT_ADMIN")]
    pub rate_limit_admin: bool,
    /// Take the client address from the last `X-Forwarded-For` entry (behind a reverse proxy
    /// that sets it); otherwise the peer address of the connection.
    #[arg(long, env = "TRUST_FORWARDED_FOR")]
    pub trust_forwarded_for: bool,
    /// Database connections at most.
    #[arg(long, env = "DB_POOL_SIZE", default_value_t = DEFAULT_DB_POOL_SIZE)]
    pub db_pool_size: usize,
    /// Longest a request waits for a database connection before 503 UNAVAILABLE.
    #[arg(long, env = "DB_WAIT_TIMEOUT_SECS", default_value_t = DEFAULT_DB_WAIT_TIMEOUT_SECS)]
    pub db_wait_timeout_secs: u64,
    /// On SIGTERM, how long requests in progress may finish before the server stops anyway.
    #[arg(long, env = "SHUTDOWN_GRACE_SECS", default_value_t = DEFAULT_SHUTDOWN_GRACE_SECS)]
    pub shutdown_grace_secs: u64,
    /// Answers of at least this many bytes are compressed (gzip or br, as the client's
    /// Accept-Encoding prefers); smaller ones gain too little to pay for it.
    #[arg(long, env = "COMPRESS_MIN_BYTES", default_value_t = DEFAULT_COMPRESS_MIN_BYTES)]
    pub compress_min_bytes: u16,
    /// How long shared caches and browsers may keep a public answer: a GET query without
    /// a token that ran without errors (`Cache-Control: public, max-age=N`). 0: never.
    #[arg(long, env = "CACHE_MAX_AGE_SECS", default_value_t = DEFAULT_CACHE_MAX_AGE_SECS)]
    pub cache_max_age_secs: u64,
    /// Persisted queries (APQ) remembered at most; the least recently used go first.
    #[arg(long, env = "APQ_CACHE_SIZE", default_value_t = crate::graphql::persisted::DEFAULT_CACHE_SIZE)]
    pub apq_cache_size: usize,
    /// The bearer token Prometheus sends to scrape `/metrics`. Unset: `/metrics` is off
    /// (404). A token of its own, so that the scraper holds no power over the registry.
    #[arg(long, env = "METRICS_TOKEN", hide_env_values = true)]
    pub metrics_token: Option<String>,
    /// Products a CSV export reads and sends at a time (`/export/…`): an export holds one
    /// chunk in memory and a database connection only while it reads one.
    #[arg(long, env = "EXPORT_CHUNK_ROWS", default_value_t = crate::export::retail::DEFAULT_CHUNK_ROWS)]
    pub export_chunk_rows: usize,
    /// Subscription WebSockets open at once at most (each holds no pooled database
    /// connection while idle); further upgrades get 503 OVERLOADED.
    #[arg(long, env = "MAX_SUBSCRIPTION_SOCKETS", default_value_t = DEFAULT_MAX_SUBSCRIPTION_SOCKETS)]
    pub max_subscription_sockets: usize,
    /// Active subscriptions on one WebSocket at most; a further `subscribe` gets an `error`
    /// message TOO_MANY_SUBSCRIPTIONS and the socket stays open.
    #[arg(long, env = "MAX_SUBSCRIPTIONS_PER_SOCKET", default_value_t = DEFAULT_MAX_SUBSCRIPTIONS_PER_SOCKET)]
    pub max_subscriptions_per_socket: usize,
}

impl Default for EdgeConfig {
    fn default() -> Self {
        EdgeConfig {
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
            max_upload_bytes: DEFAULT_MAX_UPLOAD_BYTES,
            request_timeout_secs: DEFAULT_REQUEST_TIMEOUT_SECS,
            header_read_timeout_secs: DEFAULT_HEADER_READ_TIMEOUT_SECS,
            idle_timeout_secs: DEFAULT_IDLE_TIMEOUT_SECS,
            max_connections: DEFAULT_MAX_CONNECTIONS,
            max_concurrent_requests: DEFAULT_MAX_CONCURRENT_REQUESTS,
            cors_allowed_origins: Vec::new(),
            rate_limit_per_minute: DEFAULT_RATE_LIMIT_PER_MINUTE,
            public_rate_limit_per_minute: DEFAULT_PUBLIC_RATE_LIMIT_PER_MINUTE,
            rate_limit_admin: false,
            trust_forwarded_for: false,
            db_pool_size: DEFAULT_DB_POOL_SIZE,
            db_wait_timeout_secs: DEFAULT_DB_WAIT_TIMEOUT_SECS,
            shutdown_grace_secs: DEFAULT_SHUTDOWN_GRACE_SECS,
            compress_min_bytes: DEFAULT_COMPRESS_MIN_BYTES,
            cache_max_age_secs: DEFAULT_CACHE_MAX_AGE_SECS,
            apq_cache_size: crate::graphql::persisted::DEFAULT_CACHE_SIZE,
            metrics_token: None,
            export_chunk_rows: crate::export::retail::DEFAULT_CHUNK_ROWS,
            max_subscription_sockets: DEFAULT_MAX_SUBSCRIPTION_SOCKETS,
            max_subscriptions_per_socket: DEFAULT_MAX_SUBSCRIPTIONS_PER_SOCKET,
        }
    }
}

impl EdgeConfig {
    pub fn request_timeout(&self) -> Duration {
        Duration::from_secs(self.request_timeout_secs)
    }

    pub fn header_read_timeout(&self) -> Duration {
        Duration::from_secs(self.header_read_timeout_secs)
    }

    pub fn idle_timeout(&self) -> Duration {
        Duration::from_secs(self.idle_timeout_secs)
    }

    pub fn shutdown_grace(&self) -> Duration {
        Duration::from_secs(self.shutdown_grace_secs)
    }

    pub fn pool(&self) -> PoolSettings {
        PoolSettings {
            max_size: self.db_pool_size.max(1),
            wait_timeout: Duration::from_secs(self.db_wait_timeout_secs),
        }
    }
}
