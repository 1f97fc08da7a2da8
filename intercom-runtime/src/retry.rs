//! When and how long to wait before retrying a request.

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use futures_util::future::BoxFuture;
use http::header::HeaderMap;
use http::StatusCode;

use crate::error::{is_retryable_status, Error};
use crate::rate_limit::RateLimit;

/// How a client retries failed requests.
///
/// - `429 Too Many Requests` is retried for every method (the API rejected the request
///   without acting on it), after waiting for `Retry-After` (seconds or an HTTP date) when sent, else until
///   `X-RateLimit-Reset`, capped by [`max_rate_limit_wait`](RetryPolicy::max_rate_limit_wait).
/// - `408`, `5xx` (except `501`), timeouts and connection failures are retried only for
///   idempotent methods (GET, HEAD, PUT, DELETE, OPTIONS) unless the call opted in with
///   [`retry_non_idempotent`](crate::CallOptions::retry_non_idempotent), after an
///   exponential backoff with full jitter.
///
/// Every request has its own budget of [`max_retries`](RetryPolicy::max_retries); nothing is
/// shared between calls or clones.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct RetryPolicy {
    /// Retries after the first attempt (default 2, so at most 3 attempts).
    pub max_retries: u32,
    /// The first backoff step (default 500 ms); step `n` is `base_delay * 2^n`, jittered.
    pub base_delay: Duration,
    /// Cap of one backoff wait (default 30 s).
    pub max_delay: Duration,
    /// Cap of one wait for a rate-limit window to reset (default 60 s).
    pub max_rate_limit_wait: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: 2,
            base_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(30),
            max_rate_limit_wait: Duration::from_secs(60),
        }
    }
}

impl RetryPolicy {
    /// The default policy (same as [`Default`]).
    pub fn new() -> Self {
        Self::default()
    }

    /// A policy that never retries.
    pub fn none() -> Self {
        Self::default().max_retries(0)
    }

    /// Sets [`max_retries`](RetryPolicy::max_retries).
    pub fn max_retries(mut self, max_retries: u32) -> Self {
        self.max_retries = max_retries;
        self
    }

    /// Sets [`base_delay`](RetryPolicy::base_delay).
    pub fn base_delay(mut self, base_delay: Duration) -> Self {
        self.base_delay = base_delay;
        self
    }

    /// Sets [`max_delay`](RetryPolicy::max_delay).
    pub fn max_delay(mut self, max_delay: Duration) -> Self {
        self.max_delay = max_delay;
        self
    }

    /// Sets [`max_rate_limit_wait`](RetryPolicy::max_rate_limit_wait).
    pub fn max_rate_limit_wait(mut self, max_rate_limit_wait: Duration) -> Self {
        self.max_rate_limit_wait = max_rate_limit_wait;
        self
    }

    /// The backoff before retry number `retry` (0-based): a uniformly random duration in
    /// `0..=min(max_delay, base_delay * 2^retry)` ("full jitter", which spreads clients out).
    pub fn backoff(&self, retry: u32) -> Duration {
        let factor = 2u32.saturating_pow(retry);
        jitter(self.base_delay.saturating_mul(factor).min(self.max_delay))
    }

    /// The wait before retrying a `429`, given its headers and the current time.
    ///
    /// `Retry-After` (seconds, or an HTTP date minus `now`) wins when present; otherwise the wait lasts until
    /// `X-RateLimit-Reset` plus a small jitter (at most `base_delay`, at most 1 s) so that
    /// clients do not all return in the same instant. A reset in the past waits only that
    /// jitter; without either header the backoff applies. The result is capped by
    /// `max_rate_limit_wait`.
    pub fn rate_limit_wait(&self, headers: &HeaderMap, retry: u32, now: SystemTime) -> Duration {
        let wait = match retry_after(headers, now) {
            Some(wait) => wait,
            None => match RateLimit::from_headers(headers).until_reset(now) {
                Some(wait) => wait + jitter(self.base_delay.min(Duration::from_secs(1))),
                None => self.backoff(retry),
            },
        };
        wait.min(self.max_rate_limit_wait)
    }

    /// The wait before retry number `retry` after `error`, or `None` when the error must not
    /// be retried. Does not check the retry budget.
    pub(crate) fn delay_for(
        &self,
        error: &Error,
        retry: u32,
        idempotent: bool,
        now: SystemTime,
    ) -> Option<Duration> {
        match error {
            Error::Api(api) if api.status == StatusCode::TOO_MANY_REQUESTS => {
                Some(self.rate_limit_wait(&api.headers, retry, now))
            }
            Error::Api(api) if idempotent && is_retryable_status(api.status) => {
                // A 503 "slow down" may say how long; otherwise back off.
                let wait = retry_after(&api.headers, now).unwrap_or_else(|| self.backoff(retry));
                Some(wait.min(self.max_delay))
            }
            Error::Timeout | Error::Transport(_) if idempotent => Some(self.backoff(retry)),
            _ => None,
        }
    }
}

/// The wait a `Retry-After` header asks for: (possibly fractional) seconds, or an HTTP date
/// such as `Wed, 21 Oct 2015 07:28:00 GMT` minus `now` (zero once past).
pub(crate) fn retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let value = headers.get("retry-after")?.to_str().ok()?.trim();
    match value.parse::<f64>() {
        Ok(secs) => Duration::try_from_secs_f64(secs).ok(),
        Err(_) => {
            let date = httpdate::parse_http_date(value).ok()?;
            Some(date.duration_since(now).unwrap_or(Duration::ZERO))
        }
    }
}

/// A uniformly random duration in `0..=max`.
fn jitter(max: Duration) -> Duration {
    let max_nanos = u64::try_from(max.as_nanos()).unwrap_or(u64::MAX);
    Duration::from_nanos(fastrand::u64(0..=max_nanos))
}

/// How the client waits between attempts; replaceable so that tests need not sleep.
pub(crate) type Sleeper = Arc<dyn Fn(Duration) -> BoxFuture<'static, ()> + Send + Sync>;

/// The default sleeper: `tokio::time::sleep`.
pub(crate) fn tokio_sleeper() -> Sleeper {
    Arc::new(|duration| Box::pin(tokio::time::sleep(duration)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::header::HeaderValue;
    use std::time::UNIX_EPOCH;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, HeaderValue::from_static(value));
        }
        map
    }

    #[test]
    fn backoff_is_capped_and_jittered() {
        let policy = RetryPolicy::new()
            .base_delay(Duration::from_millis(100))
            .max_delay(Duration::from_millis(250));
        for retry in 0..40 {
            let limit =
                Duration::from_millis(100 * 2u64.saturating_pow(retry)).min(policy.max_delay);
            assert!(policy.backoff(retry) <= limit);
        }
    }

    #[test]
    fn rate_limit_wait_prefers_retry_after_then_reset() {
        let policy = RetryPolicy::new().base_delay(Duration::from_millis(1));
        let now = UNIX_EPOCH + Duration::from_secs(1_000);
        let both = headers(&[("retry-after", "3"), ("x-ratelimit-reset", "1010")]);
        assert_eq!(
            policy.rate_limit_wait(&both, 0, now),
            Duration::from_secs(3)
        );
        let reset = headers(&[("x-ratelimit-reset", "1010")]);
        let wait = policy.rate_limit_wait(&reset, 0, now);
        assert!(wait >= Duration::from_secs(10) && wait <= Duration::from_millis(10_001));
        let past = headers(&[("x-ratelimit-reset", "0")]);
        assert!(policy.rate_limit_wait(&past, 0, now) <= Duration::from_millis(1));
        let far = headers(&[("x-ratelimit-reset", "999999")]);
        assert_eq!(
            policy.rate_limit_wait(&far, 0, now),
            Duration::from_secs(60)
        );
    }

    #[test]
    fn retry_after_reads_seconds_and_http_dates() {
        // 2015-10-21T07:28:00Z.
        let now = UNIX_EPOCH + Duration::from_secs(1_445_412_480);
        let wait = |value: &'static str| retry_after(&headers(&[("retry-after", value)]), now);
        assert_eq!(wait("7"), Some(Duration::from_secs(7)));
        assert_eq!(wait(" 1.5 "), Some(Duration::from_millis(1_500)));
        assert_eq!(
            wait("Wed, 21 Oct 2015 07:28:09 GMT"),
            Some(Duration::from_secs(9))
        );
        // Obsolete RFC 850 form, which HTTP recipients must still accept.
        assert_eq!(
            wait("Wednesday, 21-Oct-15 07:28:04 GMT"),
            Some(Duration::from_secs(4))
        );
        assert_eq!(wait("Wed, 21 Oct 2015 07:27:00 GMT"), Some(Duration::ZERO));
        assert_eq!(wait("-3"), None);
        assert_eq!(wait("soon"), None);
        assert_eq!(retry_after(&HeaderMap::new(), now), None);
    }

    #[test]
    fn http_date_retry_after_drives_both_waits_and_is_capped() {
        let policy = RetryPolicy::new().max_delay(Duration::from_secs(5));
        let now = UNIX_EPOCH + Duration::from_secs(1_445_412_480);
        let in_9s = headers(&[
            ("retry-after", "Wed, 21 Oct 2015 07:28:09 GMT"),
            ("x-ratelimit-reset", "1445412490"),
        ]);
        assert_eq!(
            policy.rate_limit_wait(&in_9s, 0, now),
            Duration::from_secs(9)
        );
        let error = |status: u16| {
            let status = StatusCode::from_u16(status).unwrap();
            Error::Api(Box::new(crate::error::ApiError::from_response(
                status,
                in_9s.clone(),
                &bytes::Bytes::new(),
            )))
        };
        assert_eq!(
            policy.delay_for(&error(429), 0, false, now),
            Some(Duration::from_secs(9))
        );
        // The 503 wait is capped by `max_delay`.
        assert_eq!(
            policy.delay_for(&error(503), 0, true, now),
            Some(Duration::from_secs(5))
        );
        let far = headers(&[("retry-after", "Wed, 21 Oct 2015 09:00:00 GMT")]);
        assert_eq!(
            policy.rate_limit_wait(&far, 0, now),
            Duration::from_secs(60)
        );
    }
}
