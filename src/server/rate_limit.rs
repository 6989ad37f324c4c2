//! Rate limits per token and per client address (GCRA, from the `governor` crate).

use std::net::IpAddr;
use std::num::NonZeroU32;
use std::time::Duration;

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota};

use crate::access::{Role, Viewer};
use crate::server::config::EdgeConfig;

/// Who a request is counted against.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Caller {
    /// A valid token, by its number.
    Token(i64),
    /// No (valid) token: the client's address, when known.
    Address(Option<IpAddr>),
}

/// Above this many remembered callers, the ones whose allowance has refilled are forgotten.
const MAX_REMEMBERED: usize = 10_000;

/// The limiters of one server.
pub struct RateLimits {
    tokens: Option<DefaultKeyedRateLimiter<Caller>>,
    addresses: Option<DefaultKeyedRateLimiter<Caller>>,
    limit_admin: bool,
}

impl RateLimits {
    pub fn new(config: &EdgeConfig) -> Self {
        let limiter =
            |per_minute: u32| NonZeroU32::new(per_minute).map(|n| DefaultKeyedRateLimiter::keyed(Quota::per_minute(n)));
        RateLimits {
            tokens: limiter(config.rate_limit_per_minute),
            addresses: limiter(config.public_rate_limit_per_minute),
            limit_admin: config.rate_limit_admin,
        }
    }

    /// Counts one request of `viewer` (authenticated) or of the address (`None` viewer);
    /// `Err(wait)` when the caller must wait before its next request.
    pub fn check(&self, viewer: Option<&Viewer>, address: Option<IpAddr>) -> Result<(), Duration> {
        let (limiter, key) = match viewer.and_then(|v| v.token_id.map(|id| (v, id))) {
            Some((viewer, _)) if viewer.role == Role::Admin && !self.limit_admin => return Ok(()),
            Some((_, token)) => (&self.tokens, Caller::Token(token.0)),
            None => (&self.addresses, Caller::Address(address)),
        };
        let Some(limiter) = limiter else { return Ok(()) };
        let outcome = limiter.check_key(&key);
        if limiter.len() > MAX_REMEMBERED {
            limiter.retain_recent();
        }
        outcome.map_err(|not_until| not_until.wait_time_from(DefaultClock::default().now()))
    }
}
