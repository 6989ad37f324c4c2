//! Prometheus metrics of one server, in the text exposition format at `/metrics`.
//!
//! Every label has a bounded set of values: operation names are GraphQL names, an
//! anonymous operation is `anonymous`, and past [`MAX_OPERATIONS`] distinct names the rest
//! count as `other`; outcomes are `ok`, `user_error` or an error code (a fixed list).

use std::collections::HashSet;
use std::sync::{Arc, Mutex};

use prometheus::{Encoder, Histogram, HistogramOpts, IntCounterVec, IntGaugeVec, Opts, Registry, TextEncoder};

use crate::db::Database;
use crate::graphql::loader::BatchObserver;

/// Distinct operation names counted under their own name.
pub const MAX_OPERATIONS: usize = 200;
/// Longest operation name counted under its own name.
const MAX_OPERATION_NAME: usize = 64;

/// The metrics of one server.
pub struct Metrics {
    registry: Registry,
    requests: IntCounterVec,
    duration: Histogram,
    responses: IntCounterVec,
    pool: IntGaugeVec,
    batch_sizes: Histogram,
    statements: Histogram,
    operations: Mutex<HashSet<String>>,
}

impl Metrics {
    pub fn new() -> Self {
        let registry = Registry::new();
        let requests = IntCounterVec::new(
            Opts::new("umkm_graphql_requests_total", "GraphQL requests by operation name and outcome"),
            &["operation", "outcome"],
        )
        .expect("valid metric");
        let duration = Histogram::with_opts(
            HistogramOpts::new("umkm_graphql_request_duration_seconds", "Time to answer a GraphQL request")
                .buckets(vec![0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0]),
        )
        .expect("valid metric");
        let responses = IntCounterVec::new(
            Opts::new("umkm_http_responses_total", "HTTP responses by route and status"),
            &["route", "status"],
        )
        .expect("valid metric");
        let pool = IntGaugeVec::new(
            Opts::new("umkm_db_pool_connections", "Database pool: max, open, in_use, and requests waiting"),
            &["state"],
        )
        .expect("valid metric");
        let batch_sizes = Histogram::with_opts(
            HistogramOpts::new("umkm_dataloader_batch_size", "Keys per DataLoader batch (one SQL statement each)")
                .buckets(vec![1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0, 200.0, 500.0]),
        )
        .expect("valid metric");
        let statements = Histogram::with_opts(
            HistogramOpts::new("umkm_sql_statements_per_request", "SQL statements sent for one GraphQL request")
                .buckets(vec![0.0, 1.0, 2.0, 3.0, 5.0, 8.0, 13.0, 21.0, 34.0, 55.0, 100.0]),
        )
        .expect("valid metric");
        for metric in [
            Box::new(requests.clone()) as Box<dyn prometheus::core::Collector>,
            Box::new(duration.clone()),
            Box::new(responses.clone()),
            Box::new(pool.clone()),
            Box::new(batch_sizes.clone()),
            Box::new(statements.clone()),
        ] {
            registry.register(metric).expect("metric names are distinct");
        }
        Metrics { registry, requests, duration, responses, pool, batch_sizes, statements, operations: Mutex::default() }
    }

    /// Counts one GraphQL request.
    pub fn graphql_request(&self, operation: Option<&str>, outcome: &str, seconds: f64, statements: u64) {
        let operation = self.operation_label(operation);
        self.requests.with_label_values(&[operation.as_str(), outcome]).inc();
        self.duration.observe(seconds);
        self.statements.observe(statements as f64);
    }

    /// Counts one HTTP response of any route.
    pub fn response(&self, route: &str, status: u16) {
        self.responses.with_label_values(&[route, &status.to_string()]).inc();
    }

    /// What the DataLoader tells of its batches.
    pub fn batch_observer(self: &Arc<Self>) -> BatchObserver {
        let sizes = self.batch_sizes.clone();
        Arc::new(move |size| sizes.observe(size as f64))
    }

    /// The text exposition of every metric, with the pool as it is now.
    pub fn render(&self, db: &Database) -> String {
        let status = db.pool_status();
        for (state, value) in
            [("max", status.max_size), ("open", status.size), ("in_use", status.in_use), ("waiting", status.waiting)]
        {
            self.pool.with_label_values(&[state]).set(i64::try_from(value).unwrap_or(i64::MAX));
        }
        let mut text = Vec::new();
        if let Err(error) = TextEncoder::new().encode(&self.registry.gather(), &mut text) {
            tracing::error!(%error, "cannot encode the metrics");
        }
        String::from_utf8_lossy(&text).into_owned()
    }

    /// The label of an operation name: itself while few names are known, else `other`.
    fn operation_label(&self, operation: Option<&str>) -> String {
        let Some(name) = operation else { return "anonymous".into() };
        if name.len() > MAX_OPERATION_NAME {
            return "other".into();
        }
        let mut known = self.operations.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if known.contains(name) || (known.len() < MAX_OPERATIONS && known.insert(name.to_string())) {
            name.to_string()
        } else {
            "other".into()
        }
    }
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operation_names_are_capped() {
        let metrics = Metrics::new();
        assert_eq!(metrics.operation_label(None), "anonymous");
        for n in 0..MAX_OPERATIONS {
            assert_eq!(metrics.operation_label(Some(&format!("Op{n}"))), format!("Op{n}"));
        }
        assert_eq!(metrics.operation_label(Some("OneTooMany")), "other");
        assert_eq!(metrics.operation_label(Some("Op7")), "Op7");
        assert_eq!(metrics.operation_label(Some(&"x".repeat(65))), "other");
    }
}
