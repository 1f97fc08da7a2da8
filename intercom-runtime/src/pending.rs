//! The future behind `.await` on a request builder.
//!
//! Sending (retries, rate limits, timeouts, tracing) is one non-generic future, compiled once
//! in this crate whatever the operation. What differs per operation is only how the outcome
//! becomes a value: a plain function pointer, chosen (and so compiled) here too. An
//! application awaiting a call therefore compiles almost nothing of the SDK itself.
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::OnceLock;
use std::task::{Context, Poll};

use bytes::Bytes;
use serde::de::DeserializeOwned;

use crate::decode::Mismatch;
use crate::download::Download;
use crate::request::{Exchange, Expect, Request};
use crate::response::Response;
use crate::wire::BoxFuture;
use crate::{Error, Result};

/// A request on its way: await it for the decoded value (or a [`Response`] with it, depending
/// on how it was started).
///
/// It is `Unpin`, `Send` and `'static`: it can be stored, boxed or spawned.
#[must_use = "a request does nothing until it is awaited"]
pub struct Pending<T> {
    exchange: BoxFuture<'static, Result<Exchange>>,
    finish: fn(Exchange) -> Result<T>,
}

impl<T> Future for Pending<T> {
    type Output = Result<T>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<T>> {
        match self.exchange.as_mut().poll(cx) {
            Poll::Ready(outcome) => Poll::Ready(outcome.and_then(self.finish)),
            Poll::Pending => Poll::Pending,
        }
    }
}

impl<T> fmt::Debug for Pending<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pending").finish_non_exhaustive()
    }
}

impl<T> Pending<T> {
    fn start(request: Request, expect: Expect, finish: fn(Exchange) -> Result<T>) -> Self {
        Pending {
            exchange: request.execute_boxed(expect),
            finish,
        }
    }
}

impl<T: DeserializeOwned> Pending<T> {
    /// Sends `request` and decodes its JSON body (see [`Request::send`]).
    pub fn json(request: Request) -> Self {
        Pending::start(request, Expect::Json, Exchange::value::<T>)
    }
}

impl<T: DeserializeOwned> Pending<Response<T>> {
    /// Sends `request` and decodes its JSON body, keeping the response's metadata.
    pub fn json_response(request: Request) -> Self {
        Pending::start(request, Expect::Json, Exchange::decode::<T>)
    }
}

impl<T> Pending<T> {
    /// Sends `request` and turns the exchange into a value with `finish` (generated for an
    /// operation whose success statuses carry different bodies: it picks the type by status).
    // Only generated code calls it, for descriptions with such operations (Preview, not 2.16).
    #[doc(hidden)]
    pub fn json_with(request: Request, finish: fn(Exchange) -> Result<T>) -> Self {
        Pending::start(request, Expect::Json, finish)
    }
}

impl Pending<()> {
    /// Sends `request`; success carries no body.
    pub fn empty(request: Request) -> Self {
        Pending::start(request, Expect::Empty, |_| Ok(()))
    }
}

impl Pending<Response<()>> {
    /// Sends `request` and ignores any body, keeping the response's metadata.
    pub fn empty_response(request: Request) -> Self {
        Pending::start(request, Expect::Empty, |exchange| {
            Ok(exchange.into_response((), Bytes::new(), Vec::new()))
        })
    }
}

impl Pending<String> {
    /// Sends `request` and reads the body as text (invalid UTF-8 is replaced).
    pub fn text(request: Request) -> Self {
        Pending::start(request, Expect::Text, |exchange| Ok(exchange.text()))
    }
}

impl Pending<Response<String>> {
    /// Sends `request` and reads the body as text, keeping the response's metadata.
    pub fn text_response(request: Request) -> Self {
        Pending::start(request, Expect::Text, |exchange| {
            let text = exchange.text();
            let body = exchange.body.clone();
            Ok(exchange.into_response(text, body, Vec::new()))
        })
    }
}

impl Pending<Download> {
    /// Sends `request` and returns the response unread, for its body to be streamed.
    pub fn download(request: Request) -> Self {
        Pending::start(request, Expect::Download, Exchange::into_download)
    }
}

impl Exchange {
    /// The body decoded as `T`, without the metadata (its mismatches are logged).
    fn value<T: DeserializeOwned>(self) -> Result<T> {
        let mut slot = None;
        crate::request::decode_body::<T>(&self, &mut slot)?;
        slot.ok_or_else(|| crate::request::nothing_decoded(&self))
    }

    /// The body decoded as `T` (field by field, or strictly, as the call asked).
    fn decode<T: DeserializeOwned>(self) -> Result<Response<T>> {
        let mut slot = None;
        let mismatches = crate::request::decode_body::<T>(&self, &mut slot)?;
        let Some(value) = slot else {
            return Err(crate::request::nothing_decoded(&self));
        };
        let body = self.body.clone();
        Ok(self.into_response(value, body, mismatches))
    }

    /// The success status (for a body whose type depends on it).
    #[doc(hidden)] // as `Pending::json_with`
    pub fn status(&self) -> u16 {
        self.status.as_u16()
    }

    /// The body decoded as `B`, wrapped into `T` (a variant of a body type chosen by status).
    #[doc(hidden)] // as `Pending::json_with`
    pub fn decode_as<B: DeserializeOwned, T>(self, wrap: fn(B) -> T) -> Result<Response<T>> {
        Ok(self.decode::<B>()?.map(wrap))
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    fn into_response<T>(self, value: T, body: Bytes, mismatches: Vec<Mismatch>) -> Response<T> {
        Response {
            value,
            status: self.status,
            headers: self.headers,
            body,
            rate_limit: self.rate_limit,
            attempts: self.attempts,
            mismatches,
            request_id: OnceLock::new(),
        }
    }

    fn into_download(self) -> Result<Download> {
        let body = self
            .stream
            .ok_or_else(|| Error::Transport("download response was buffered".into()))?;
        Ok(Download::new(
            body,
            self.status,
            self.headers,
            self.rate_limit,
            self.attempts,
            self.timeout,
        ))
    }
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;
    use wiremock::matchers::method;
    use wiremock::{Mock, MockServer, ResponseTemplate};

    use super::*;
    use crate::{ClientBuilder, Engine, Method};

    #[derive(Debug, PartialEq, Deserialize)]
    struct Part {
        next_part_number: i64,
    }

    #[derive(Debug, PartialEq, Deserialize)]
    struct Started {
        status: String,
    }

    /// What the generator emits for an operation whose 200 and 202 bodies differ.
    #[derive(Debug, PartialEq)]
    enum Upload {
        Ok(Part),
        Accepted(Started),
    }

    impl Upload {
        fn decode_response(exchange: Exchange) -> Result<Response<Self>> {
            match exchange.status() {
                202 => exchange.decode_as(Self::Accepted),
                _ => exchange.decode_as(Self::Ok),
            }
        }

        fn decode(exchange: Exchange) -> Result<Self> {
            Self::decode_response(exchange).map(Response::into_inner)
        }
    }

    async fn answering(status: u16, body: serde_json::Value) -> (MockServer, Engine) {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .respond_with(ResponseTemplate::new(status).set_body_json(body))
            .mount(&server)
            .await;
        let client = ClientBuilder::<Engine>::new("2.16")
            .token("t")
            .base_url(server.uri())
            .build()
            .expect("client");
        (server, client)
    }

    #[tokio::test]
    async fn each_success_status_decodes_into_its_own_type() {
        let (_server, client) = answering(202, serde_json::json!({"status": "processing"})).await;
        let request = client.request(Method::POST, "/upload");
        let response = Pending::json_with(request, Upload::decode_response)
            .await
            .expect("decodes");
        assert_eq!(response.status().as_u16(), 202);
        let started = Started {
            status: "processing".into(),
        };
        assert_eq!(response.into_inner(), Upload::Accepted(started));

        let (_server, client) = answering(200, serde_json::json!({"next_part_number": 2})).await;
        let request = client.request(Method::POST, "/upload");
        let value = Pending::json_with(request, Upload::decode).await;
        assert_eq!(
            value.expect("decodes"),
            Upload::Ok(Part {
                next_part_number: 2
            })
        );
    }
}
