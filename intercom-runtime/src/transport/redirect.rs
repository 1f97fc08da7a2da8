//! Redirects on the direct transport, followed as reqwest's default policy follows them: at
//! most [`MAX_REDIRECTS`] hops; a `303`, or a `301`/`302` answering a `POST`, continues as a
//! body-less `GET`; `Authorization` is left out once a hop leaves the original origin.
//! (Intercom itself redirects rarely: a call recording answers `302` to its file.)

use std::borrow::Cow;

use http::header::{HeaderMap, LOCATION};
use http::{Method, StatusCode};
use url::Url;

/// How many redirects one request may follow.
pub(crate) const MAX_REDIRECTS: usize = 10;

/// One request of a redirect chain: where it goes and what it carries.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Hop<'a> {
    pub(crate) url: Cow<'a, Url>,
    pub(crate) method: Method,
    /// Whether the request's body is sent (not after a redirect turned it into a `GET`).
    pub(crate) with_body: bool,
    /// Whether `Authorization` is sent (not once the chain left the original origin).
    pub(crate) authorized: bool,
}

impl<'a> Hop<'a> {
    /// The request as the caller made it.
    pub(crate) fn first(url: &'a Url, method: &Method) -> Self {
        Hop {
            url: Cow::Borrowed(url),
            method: method.clone(),
            with_body: true,
            authorized: true,
        }
    }

    /// The hop that answers `status` and `headers`, or `None` when the response is to be
    /// returned as it is: not a redirect, no usable `Location`, or a body that cannot be
    /// sent again (`replayable` is false for streamed uploads).
    pub(crate) fn next(
        &self,
        status: StatusCode,
        headers: &HeaderMap,
        origin: &Url,
        replayable: bool,
    ) -> Option<Hop<'static>> {
        let to_get = match status {
            StatusCode::SEE_OTHER => self.method != Method::HEAD,
            StatusCode::MOVED_PERMANENTLY | StatusCode::FOUND => self.method == Method::POST,
            StatusCode::TEMPORARY_REDIRECT | StatusCode::PERMANENT_REDIRECT => false,
            _ => return None,
        };
        let location = headers.get(LOCATION)?.to_str().ok()?;
        let url = self.url.join(location).ok()?;
        if !matches!(url.scheme(), "http" | "https") {
            return None;
        }
        let with_body = self.with_body && !to_get;
        if with_body && !replayable {
            return None;
        }
        Some(Hop {
            authorized: self.authorized && url.origin() == origin.origin(),
            url: Cow::Owned(url),
            method: if to_get {
                Method::GET
            } else {
                self.method.clone()
            },
            with_body,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::HeaderValue;

    fn location(value: &'static str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(LOCATION, HeaderValue::from_static(value));
        headers
    }

    fn origin() -> Url {
        Url::parse("https://api.intercom.io/calls/1/recording").expect("valid")
    }

    #[test]
    fn a_get_follows_to_another_host_without_authorization() {
        let origin = origin();
        let first = Hop::first(&origin, &Method::GET);
        let next = first
            .next(
                StatusCode::FOUND,
                &location("https://files.example.com/r.mp3?sig=1"),
                &origin,
                true,
            )
            .expect("followed");
        assert_eq!(next.url.as_str(), "https://files.example.com/r.mp3?sig=1");
        assert_eq!(next.method, Method::GET);
        assert!(!next.authorized);
        let back = next
            .next(
                StatusCode::FOUND,
                &location("https://api.intercom.io/x"),
                &origin,
                true,
            )
            .expect("followed");
        assert!(!back.authorized, "once dropped, the token stays dropped");
    }

    #[test]
    fn a_relative_location_keeps_the_origin_and_the_token() {
        let origin = origin();
        let first = Hop::first(&origin, &Method::GET);
        let next = first
            .next(
                StatusCode::MOVED_PERMANENTLY,
                &location("/calls/2"),
                &origin,
                true,
            )
            .expect("followed");
        assert_eq!(next.url.as_str(), "https://api.intercom.io/calls/2");
        assert!(next.authorized);
    }

    #[test]
    fn see_other_and_a_post_moved_become_a_get_without_body() {
        let origin = origin();
        for status in [StatusCode::SEE_OTHER, StatusCode::FOUND] {
            let next = Hop::first(&origin, &Method::POST)
                .next(status, &location("/done"), &origin, false)
                .expect("followed");
            assert_eq!((next.method, next.with_body), (Method::GET, false));
        }
        let put = Hop::first(&origin, &Method::PUT)
            .next(StatusCode::SEE_OTHER, &location("/done"), &origin, true)
            .expect("followed");
        assert_eq!(put.method, Method::GET);
    }

    #[test]
    fn temporary_redirects_keep_method_and_body_unless_it_cannot_be_resent() {
        let origin = origin();
        let first = Hop::first(&origin, &Method::POST);
        let next = first
            .next(
                StatusCode::TEMPORARY_REDIRECT,
                &location("/again"),
                &origin,
                true,
            )
            .expect("followed");
        assert_eq!((next.method, next.with_body), (Method::POST, true));
        assert_eq!(
            first.next(
                StatusCode::PERMANENT_REDIRECT,
                &location("/again"),
                &origin,
                false
            ),
            None
        );
    }

    #[test]
    fn other_answers_are_returned_as_they_are() {
        let origin = origin();
        let first = Hop::first(&origin, &Method::GET);
        assert_eq!(
            first.next(StatusCode::OK, &location("/x"), &origin, true),
            None
        );
        assert_eq!(
            first.next(StatusCode::FOUND, &HeaderMap::new(), &origin, true),
            None
        );
        assert_eq!(
            first.next(StatusCode::FOUND, &location("ftp://files/x"), &origin, true),
            None
        );
        assert_eq!(
            first.next(StatusCode::NOT_MODIFIED, &location("/x"), &origin, true),
            None
        );
    }
}
