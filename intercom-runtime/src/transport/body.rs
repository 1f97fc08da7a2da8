//! Request and response bodies, the same for both transports.

use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::Bytes;
use futures_core::Stream;
use http_body::{Body, Frame, SizeHint};
use http_body_util::BodyExt;

use crate::error::BoxError;
use crate::{Error, Result};

/// A stream of body chunks (a streamed file, an encoded multipart form).
pub(crate) type ChunkStream = Pin<Box<dyn Stream<Item = Result<Bytes, BoxError>> + Send>>;

/// The body of a request.
pub(crate) enum RequestBody {
    Empty,
    /// Sent in one piece, with its `Content-Length`.
    Full(Bytes),
    /// Sent as it is produced; a `Content-Length` header, if known, is set by the caller.
    Stream(ChunkStream),
}

impl RequestBody {
    /// A body read from `chunks`.
    pub(crate) fn stream<S>(chunks: S) -> Self
    where
        S: Stream<Item = Result<Bytes, BoxError>> + Send + 'static,
    {
        RequestBody::Stream(Box::pin(chunks))
    }

    /// For a `reqwest` client, which has its own body type.
    pub(crate) fn into_reqwest(self) -> reqwest::Body {
        match self {
            RequestBody::Empty => reqwest::Body::from(Bytes::new()),
            RequestBody::Full(bytes) => reqwest::Body::from(bytes),
            RequestBody::Stream(chunks) => reqwest::Body::wrap_stream(chunks),
        }
    }
}

impl fmt::Debug for RequestBody {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RequestBody::Empty => f.write_str("Empty"),
            RequestBody::Full(bytes) => write!(f, "Full({} bytes)", bytes.len()),
            RequestBody::Stream(_) => f.write_str("Stream"),
        }
    }
}

impl Body for RequestBody {
    type Data = Bytes;
    type Error = BoxError;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, BoxError>>> {
        match self.get_mut() {
            RequestBody::Empty => Poll::Ready(None),
            full @ RequestBody::Full(_) => {
                let RequestBody::Full(bytes) = std::mem::replace(full, RequestBody::Empty) else {
                    unreachable!("matched as Full")
                };
                Poll::Ready(Some(Ok(Frame::data(bytes))))
            }
            RequestBody::Stream(chunks) => chunks
                .as_mut()
                .poll_next(cx)
                .map(|chunk| chunk.map(|chunk| chunk.map(Frame::data))),
        }
    }

    fn is_end_stream(&self) -> bool {
        matches!(self, RequestBody::Empty)
    }

    fn size_hint(&self) -> SizeHint {
        match self {
            RequestBody::Empty => SizeHint::with_exact(0),
            RequestBody::Full(bytes) => SizeHint::with_exact(bytes.len() as u64),
            RequestBody::Stream(_) => SizeHint::default(),
        }
    }
}

/// The body of a response, as the transport that received it delivers it.
pub(crate) enum ResponseBody {
    Hyper(hyper::body::Incoming),
    Reqwest(reqwest::Body),
}

impl ResponseBody {
    /// The next chunk of data (trailers are skipped), `None` at the end.
    pub(crate) async fn chunk(&mut self) -> Result<Option<Bytes>> {
        while let Some(frame) = self.frame().await.transpose().map_err(Error::transport)? {
            if let Ok(data) = frame.into_data() {
                return Ok(Some(data));
            }
        }
        Ok(None)
    }

    /// The whole body.
    pub(crate) async fn bytes(self) -> Result<Bytes> {
        let all = self.collect().await.map_err(Error::transport)?;
        Ok(all.to_bytes())
    }
}

/// Either transport's body, its errors boxed (`Error::transport` still sees a reqwest
/// timeout through the box).
impl Body for ResponseBody {
    type Data = Bytes;
    type Error = BoxError;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, BoxError>>> {
        match self.get_mut() {
            ResponseBody::Hyper(body) => Pin::new(body).poll_frame(cx).map_err(Into::into),
            ResponseBody::Reqwest(body) => Pin::new(body).poll_frame(cx).map_err(Into::into),
        }
    }

    fn is_end_stream(&self) -> bool {
        match self {
            ResponseBody::Hyper(body) => body.is_end_stream(),
            ResponseBody::Reqwest(body) => body.is_end_stream(),
        }
    }

    fn size_hint(&self) -> SizeHint {
        match self {
            ResponseBody::Hyper(body) => body.size_hint(),
            ResponseBody::Reqwest(body) => body.size_hint(),
        }
    }
}

impl fmt::Debug for ResponseBody {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ResponseBody::Hyper(_) => "ResponseBody::Hyper",
            ResponseBody::Reqwest(_) => "ResponseBody::Reqwest",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_body_is_one_frame_of_known_length() {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .expect("runtime");
        let body = RequestBody::Full(Bytes::from_static(b"{\"a\":1}"));
        assert_eq!(body.size_hint().exact(), Some(7));
        assert!(!body.is_end_stream());
        let collected = runtime
            .block_on(body.collect())
            .expect("collects")
            .to_bytes();
        assert_eq!(collected, Bytes::from_static(b"{\"a\":1}"));
        assert!(RequestBody::Empty.is_end_stream());
    }

    #[test]
    fn a_stream_body_yields_its_chunks_and_its_error() {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .expect("runtime");
        let chunks = futures_util::stream::iter([
            Ok(Bytes::from_static(b"ab")),
            Ok(Bytes::from_static(b"cd")),
        ]);
        let body = RequestBody::stream(chunks);
        assert_eq!(body.size_hint().exact(), None);
        let collected = runtime.block_on(body.collect()).expect("collects");
        assert_eq!(collected.to_bytes(), Bytes::from_static(b"abcd"));
        let failing = RequestBody::stream(futures_util::stream::iter([Err::<Bytes, BoxError>(
            "disk gone".into(),
        )]));
        let error = runtime.block_on(failing.collect()).expect_err("fails");
        assert_eq!(error.to_string(), "disk gone");
    }
}
