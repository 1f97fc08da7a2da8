//! Streaming response bodies (data exports, file downloads).

use std::fmt;
use std::time::Duration;

use bytes::{Bytes, BytesMut};
use futures_core::Stream;
use futures_util::TryStreamExt;
use http::header::{self, HeaderMap};
use http::StatusCode;
use tokio::io::{AsyncWrite, AsyncWriteExt};

use crate::error::header_request_id;
use crate::rate_limit::RateLimit;
use crate::transport::ResponseBody;
use crate::{Error, Result};

/// A successful response whose body has not been read yet.
///
/// The body is passed through exactly as sent: a gzip export stays gzip. The request timeout
/// bounds each wait for the next chunk, not the whole transfer.
pub struct Download {
    body: ResponseBody,
    status: StatusCode,
    headers: HeaderMap,
    rate_limit: RateLimit,
    request_id: Option<String>,
    attempts: u32,
    idle_timeout: Duration,
}

impl Download {
    pub(crate) fn new(
        body: ResponseBody,
        status: StatusCode,
        headers: HeaderMap,
        rate_limit: RateLimit,
        attempts: u32,
        idle_timeout: Duration,
    ) -> Self {
        Download {
            status,
            rate_limit,
            request_id: header_request_id(&headers),
            body,
            headers,
            attempts,
            idle_timeout,
        }
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The `Content-Length` header: the number of bytes the body will have, if announced.
    pub fn content_length(&self) -> Option<u64> {
        let value = self.headers.get(header::CONTENT_LENGTH)?;
        value.to_str().ok()?.trim().parse().ok()
    }

    /// The `Content-Type` header.
    pub fn content_type(&self) -> Option<&str> {
        self.headers.get(header::CONTENT_TYPE)?.to_str().ok()
    }

    /// Intercom's `X-Request-Id` header.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// The `X-RateLimit-*` headers of this response.
    pub fn rate_limit(&self) -> &RateLimit {
        &self.rate_limit
    }

    /// How many attempts the call took.
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// The body as a stream of chunks, read on demand.
    pub fn into_stream(self) -> impl Stream<Item = Result<Bytes>> + Send + 'static {
        let idle_timeout = self.idle_timeout;
        futures_util::stream::try_unfold(self.body, move |mut body| async move {
            match tokio::time::timeout(idle_timeout, body.chunk()).await {
                Err(_elapsed) => Err(Error::Timeout),
                Ok(chunk) => Ok(chunk?.map(|chunk| (chunk, body))),
            }
        })
    }

    /// Reads the whole body into memory.
    pub async fn bytes(self) -> Result<Bytes> {
        // Pre-size from Content-Length, but never trust it for more than 64 MiB up front.
        let capacity = self.content_length().unwrap_or(0).min(64 << 20) as usize;
        let stream = self.into_stream();
        let buffer = stream
            .try_fold(
                BytesMut::with_capacity(capacity),
                |mut buffer, chunk| async move {
                    buffer.extend_from_slice(&chunk);
                    Ok(buffer)
                },
            )
            .await?;
        Ok(buffer.freeze())
    }

    /// Streams the body into `writer` and flushes it; returns the number of bytes written.
    /// Write failures are [`Error::Io`].
    pub async fn write_to<W: AsyncWrite + Unpin + ?Sized>(self, writer: &mut W) -> Result<u64> {
        let stream = self.into_stream();
        futures_util::pin_mut!(stream);
        let mut written = 0u64;
        while let Some(chunk) = stream.try_next().await? {
            writer.write_all(&chunk).await?;
            written += chunk.len() as u64;
        }
        writer.flush().await?;
        Ok(written)
    }
}

impl fmt::Debug for Download {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Download")
            .field("status", &self.status)
            .field("content_length", &self.content_length())
            .field("content_type", &self.content_type())
            .field("attempts", &self.attempts)
            .finish_non_exhaustive()
    }
}
