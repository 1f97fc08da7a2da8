//! Intercom's `X-RateLimit-*` headers and the client-side throttle.

use std::sync::Mutex;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use http::header::HeaderMap;

/// The rate-limit window reported by the API on a response.
///
/// Intercom sends these headers on authenticated responses; every field is `None` when the
/// header was absent or not a number. Limits apply per app in 10-second windows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct RateLimit {
    /// `X-RateLimit-Limit`: requests allowed in the current window.
    pub limit: Option<u32>,
    /// `X-RateLimit-Remaining`: requests left in the current window.
    pub remaining: Option<u32>,
    /// `X-RateLimit-Reset`: when the window resets (the header is in Unix seconds, see
    /// [`reset_unix`](RateLimit::reset_unix)).
    pub reset: Option<SystemTime>,
}

impl RateLimit {
    /// Reads the `X-RateLimit-*` headers; unparsable values become `None`.
    pub fn from_headers(headers: &HeaderMap) -> Self {
        RateLimit {
            limit: header_number(headers, "x-ratelimit-limit"),
            remaining: header_number(headers, "x-ratelimit-remaining"),
            reset: header_number::<f64>(headers, "x-ratelimit-reset")
                .filter(|secs| secs.is_finite() && *secs >= 0.0)
                // Seconds are whole in practice; a fractional value rounds up to stay safe.
                .and_then(|secs| UNIX_EPOCH.checked_add(Duration::from_secs(secs.ceil() as u64))),
        }
    }

    /// The reset time in Unix seconds, as the `X-RateLimit-Reset` header carries it.
    pub fn reset_unix(&self) -> Option<u64> {
        let since_epoch = self.reset?.duration_since(UNIX_EPOCH).ok()?;
        Some(since_epoch.as_secs())
    }

    /// Time left until the window resets, measured from `now` (zero when already past).
    pub fn until_reset(&self, now: SystemTime) -> Option<Duration> {
        let reset = self.reset?;
        Some(reset.duration_since(now).unwrap_or(Duration::ZERO))
    }

    /// Whether the window has no requests left.
    pub fn is_exhausted(&self) -> bool {
        self.remaining == Some(0)
    }
}

fn header_number<T: std::str::FromStr>(headers: &HeaderMap, name: &str) -> Option<T> {
    headers.get(name)?.to_str().ok()?.trim().parse().ok()
}

/// The last rate-limit window seen by a client, shared by its clones.
#[derive(Debug, Default)]
pub(crate) struct RateLimitTracker {
    last: Mutex<Option<RateLimit>>,
}

impl RateLimitTracker {
    /// Records the window of a response that carried rate-limit headers.
    pub(crate) fn observe(&self, rate_limit: &RateLimit) {
        if rate_limit.remaining.is_none() && rate_limit.reset.is_none() {
            return;
        }
        *self.lock() = Some(*rate_limit);
    }

    pub(crate) fn last(&self) -> Option<RateLimit> {
        *self.lock()
    }

    /// How long to hold the next request: until the reset when the window is exhausted.
    pub(crate) fn throttle_delay(&self, now: SystemTime) -> Duration {
        match self.last() {
            Some(rl) if rl.is_exhausted() => rl.until_reset(now).unwrap_or(Duration::ZERO),
            _ => Duration::ZERO,
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Option<RateLimit>> {
        // The guarded value is a plain copy: a panic elsewhere cannot leave it inconsistent.
        self.last
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::header::HeaderValue;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, HeaderValue::from_static(value));
        }
        map
    }

    #[test]
    fn parses_headers_leniently() {
        let rl = RateLimit::from_headers(&headers(&[
            ("x-ratelimit-limit", "167"),
            ("x-ratelimit-remaining", " 3 "),
            ("x-ratelimit-reset", "1700000000"),
        ]));
        assert_eq!(rl.limit, Some(167));
        assert_eq!(rl.remaining, Some(3));
        assert_eq!(
            rl.reset,
            Some(UNIX_EPOCH + Duration::from_secs(1_700_000_000))
        );
        assert_eq!(rl.reset_unix(), Some(1_700_000_000));
        let fractional = RateLimit::from_headers(&headers(&[("x-ratelimit-reset", "10.2")]));
        assert_eq!(fractional.reset_unix(), Some(11));
        let bad = RateLimit::from_headers(&headers(&[("x-ratelimit-limit", "lots")]));
        assert_eq!(bad, RateLimit::default());
    }

    #[test]
    fn throttle_waits_only_when_exhausted() {
        let tracker = RateLimitTracker::default();
        let now = UNIX_EPOCH + Duration::from_secs(100);
        tracker.observe(&RateLimit {
            limit: Some(10),
            remaining: Some(1),
            reset: Some(UNIX_EPOCH + Duration::from_secs(105)),
        });
        assert_eq!(tracker.throttle_delay(now), Duration::ZERO);
        tracker.observe(&RateLimit {
            limit: Some(10),
            remaining: Some(0),
            reset: Some(UNIX_EPOCH + Duration::from_secs(105)),
        });
        assert_eq!(tracker.throttle_delay(now), Duration::from_secs(5));
        // A reset in the past does not hold anything.
        assert_eq!(
            tracker.throttle_delay(now + Duration::from_secs(9)),
            Duration::ZERO
        );
    }
}
