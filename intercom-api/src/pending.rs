//! The future behind `.await` on a request builder.
//!
//! Sending (retries, rate limits, timeouts, tracing) is one non-generic future, compiled once
//! in this crate whatever the operation. What differs per operation is only how the outcome
//! becomes a value: a plain function pointer, chosen (and so compiled) here too. An
//! application awaiting a call therefore compiles almost nothing of the SDK itself.
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::Bytes;
use serde::de::DeserializeOwned;

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
        Pending::start(request, Expect::Json, |exchange| {
            Ok(exchange.decode::<T>()?.into_inner())
        })
    }
}

impl<T: DeserializeOwned> Pending<Response<T>> {
    /// Sends `request` and decodes its JSON body, keeping the response's metadata.
    pub fn json_response(request: Request) -> Self {
        Pending::start(request, Expect::Json, Exchange::decode::<T>)
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
            Ok(exchange.into_response((), Bytes::new()))
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
            Ok(exchange.into_response(text, body))
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
    /// The body decoded as `T` (field by field, or strictly, as the call asked).
    fn decode<T: DeserializeOwned>(self) -> Result<Response<T>> {
        let (value, mismatches) = crate::request::decode_body::<T>(&self)?;
        let body = self.body.clone();
        Ok(self.into_response(value, body).with_mismatches(mismatches))
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    fn into_response<T>(self, value: T, body: Bytes) -> Response<T> {
        Response::new(value, self.status, self.headers, body, self.attempts)
    }

    fn into_download(self) -> Result<Download> {
        let response = self
            .stream
            .ok_or_else(|| Error::Transport("download response was buffered".into()))?;
        Ok(Download::new(
            response,
            self.headers,
            self.attempts,
            self.timeout,
        ))
    }
}
