//! `multipart/form-data` bodies: text fields and files, the files streamed.
//!
//! Operations whose description declares a multipart body take a generated request type with
//! a [`FilePart`] for each file field; the SDK turns it into a [`Form`] and sends it. A
//! [`Form`] can also be built by hand for [`Request::multipart`](crate::Request::multipart).
//!
//! Files from memory or from a path are resent when a request is retried (a path is opened
//! again for each attempt and streamed from disk, never read whole); a file from a stream can
//! be sent once only, so a request carrying one is never retried.
//!
//! ```no_run
//! use intercom_api::multipart::{FilePart, Form};
//!
//! # async fn run(client: intercom_api::Client) -> intercom_api::Result<()> {
//! let form = Form::new()
//!     .text("finalize", "false")
//!     .file("catalog", FilePart::path("products.json").mime("application/json"));
//! let reply: serde_json::Value = client
//!     .request(intercom_api::Method::POST, "/ecommerce/connectors/42/catalog")
//!     .multipart(form)
//!     .send()
//!     .await?
//!     .into_inner();
//! # let _ = reply; Ok(()) }
//! ```

use std::fmt;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use bytes::Bytes;
use futures_core::Stream;
use reqwest::multipart::Part;
use serde::Serialize;

use crate::error::BoxError;
use crate::{Error, Extra, Result};

/// A file field of a multipart form: its content, and optionally the file name and media type
/// sent with it.
#[derive(Clone)]
pub struct FilePart {
    source: Source,
    file_name: Option<String>,
    mime: Option<String>,
}

#[derive(Clone)]
enum Source {
    Bytes(Bytes),
    Path(PathBuf),
    /// Shared by clones and taken by the first attempt that sends it.
    Stream(Arc<Mutex<Option<reqwest::Body>>>),
}

impl FilePart {
    /// A file held in memory (resent as is on a retry).
    pub fn bytes(content: impl Into<Bytes>) -> Self {
        Self::from_source(Source::Bytes(content.into()))
    }

    /// A file on disk, opened when the request is sent (again on each retry) and streamed.
    /// Its file name is the path's last component and its media type is guessed from the
    /// extension, unless set with [`file_name`](Self::file_name) or [`mime`](Self::mime).
    pub fn path(path: impl Into<PathBuf>) -> Self {
        Self::from_source(Source::Path(path.into()))
    }

    /// A file produced by a stream of chunks (an upload being relayed, a generated export).
    /// It can be sent once only: a request carrying it is not retried.
    pub fn stream<S, E>(chunks: S) -> Self
    where
        S: Stream<Item = std::result::Result<Bytes, E>> + Send + 'static,
        E: Into<BoxError> + 'static,
    {
        let body = reqwest::Body::wrap_stream(chunks);
        Self::from_source(Source::Stream(Arc::new(Mutex::new(Some(body)))))
    }

    fn from_source(source: Source) -> Self {
        FilePart {
            source,
            file_name: None,
            mime: None,
        }
    }

    /// The file name sent in the part's `Content-Disposition`.
    pub fn file_name(mut self, file_name: impl Into<String>) -> Self {
        self.file_name = Some(file_name.into());
        self
    }

    /// The part's media type, e.g. `application/json` (an invalid one fails when sending,
    /// with [`Error::Encode`]).
    pub fn mime(mut self, mime: impl Into<String>) -> Self {
        self.mime = Some(mime.into());
        self
    }

    /// Whether the content can be sent once only (a stream).
    pub fn is_one_shot(&self) -> bool {
        matches!(self.source, Source::Stream(_))
    }

    /// The part for one attempt: a path is opened now.
    async fn part(&self) -> Result<Part> {
        let mut part = match &self.source {
            Source::Bytes(bytes) => {
                let length = bytes.len() as u64;
                Part::stream_with_length(bytes.clone(), length)
            }
            Source::Path(path) => Part::file(path).await?,
            Source::Stream(body) => {
                let taken = body.lock().map(|mut slot| slot.take()).ok().flatten();
                let body = taken.ok_or_else(|| {
                    encode_error("a streamed file part was already sent and cannot be resent")
                })?;
                Part::stream(body)
            }
        };
        if let Some(file_name) = &self.file_name {
            part = part.file_name(file_name.clone());
        }
        if let Some(mime) = &self.mime {
            part = part
                .mime_str(mime)
                .map_err(|_| encode_error(format!("invalid media type `{mime}`")))?;
        }
        Ok(part)
    }
}

impl fmt::Debug for FilePart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let source = match &self.source {
            Source::Bytes(bytes) => format!("{} bytes", bytes.len()),
            Source::Path(path) => format!("path {}", path.display()),
            Source::Stream(_) => "stream".to_owned(),
        };
        f.debug_struct("FilePart")
            .field("source", &source)
            .field("file_name", &self.file_name)
            .field("mime", &self.mime)
            .finish()
    }
}

impl PartialEq for FilePart {
    /// Same content source (bytes, path, or the very same stream), file name and media type.
    fn eq(&self, other: &Self) -> bool {
        let same_source = match (&self.source, &other.source) {
            (Source::Bytes(a), Source::Bytes(b)) => a == b,
            (Source::Path(a), Source::Path(b)) => a == b,
            (Source::Stream(a), Source::Stream(b)) => Arc::ptr_eq(a, b),
            _ => false,
        };
        same_source && self.file_name == other.file_name && self.mime == other.mime
    }
}

/// A `multipart/form-data` body: named text fields and files, sent in order.
#[derive(Debug, Clone, Default)]
pub struct Form {
    fields: Vec<(String, FormValue)>,
    /// The first value that could not be written as text, reported when sending.
    error: Option<String>,
}

#[derive(Debug, Clone)]
enum FormValue {
    Text(String),
    File(FilePart),
}

impl Form {
    /// An empty form.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a text field.
    pub fn text(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.fields
            .push((name.into(), FormValue::Text(value.into())));
        self
    }

    /// Adds a field holding any serialisable value: a string as itself, a number or boolean
    /// as its JSON text, an object or array as JSON; `null` adds nothing.
    pub fn value<T: Serialize + ?Sized>(self, name: impl Into<String>, value: &T) -> Self {
        match serde_json::to_value(value) {
            Ok(serde_json::Value::Null) => self,
            Ok(serde_json::Value::String(text)) => self.text(name, text),
            Ok(other) => self.text(name, other.to_string()),
            Err(error) => self.fail(format!("field `{}`: {error}", name.into())),
        }
    }

    /// Adds a file field.
    pub fn file(mut self, name: impl Into<String>, file: FilePart) -> Self {
        self.fields.push((name.into(), FormValue::File(file)));
        self
    }

    /// Adds a field for each property kept in a request type's `extra`.
    pub fn extra(self, extra: &Extra) -> Self {
        extra
            .to_map()
            .iter()
            .fold(self, |form, (name, value)| form.value(name.as_str(), value))
    }

    /// Whether a file in the form can be sent once only (the request is then not retried).
    pub fn is_one_shot(&self) -> bool {
        self.fields
            .iter()
            .any(|(_, value)| matches!(value, FormValue::File(file) if file.is_one_shot()))
    }

    /// The names of the fields, in order.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.fields.iter().map(|(name, _)| name.as_str())
    }

    /// The text of field `name`, if it is a text field.
    pub fn text_value(&self, name: &str) -> Option<&str> {
        self.fields.iter().find_map(|(n, value)| match value {
            FormValue::Text(text) if n == name => Some(text.as_str()),
            _ => None,
        })
    }

    fn fail(mut self, message: String) -> Self {
        self.error.get_or_insert(message);
        self
    }

    /// The body of one attempt; files from paths are opened now.
    pub(crate) async fn build(&self) -> Result<reqwest::multipart::Form> {
        if let Some(message) = &self.error {
            return Err(encode_error(message.clone()));
        }
        let mut form = reqwest::multipart::Form::new();
        for (name, value) in &self.fields {
            let part = match value {
                FormValue::Text(text) => Part::text(text.clone()),
                FormValue::File(file) => file.part().await?,
            };
            form = form.part(name.clone(), part);
        }
        Ok(form)
    }
}

fn encode_error(message: impl Into<String>) -> Error {
    Error::Encode(message.into().into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_become_text_and_null_is_left_out() {
        let form = Form::new()
            .value("flag", &true)
            .value("count", &2)
            .value("name", "catalog")
            .value("absent", &None::<String>)
            .value("tags", &["a", "b"]);
        let names: Vec<&str> = form.names().collect();
        assert_eq!(names, ["flag", "count", "name", "tags"]);
        assert_eq!(form.text_value("flag"), Some("true"));
        assert_eq!(form.text_value("count"), Some("2"));
        assert_eq!(form.text_value("name"), Some("catalog"));
        assert_eq!(form.text_value("tags"), Some(r#"["a","b"]"#));
    }

    #[test]
    fn a_stream_is_one_shot_and_cannot_be_sent_twice() {
        let chunks = futures_util::stream::iter([Ok::<_, std::io::Error>(Bytes::from("[]"))]);
        let file = FilePart::stream(chunks);
        let form = Form::new().file("catalog", file.clone());
        assert!(form.is_one_shot());
        assert!(!Form::new().file("f", FilePart::bytes("x")).is_one_shot());
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .expect("runtime");
        runtime.block_on(async {
            assert!(form.build().await.is_ok());
            let again = form.build().await.expect_err("the stream was taken");
            assert!(matches!(again, Error::Encode(_)), "{again:?}");
        });
    }

    #[test]
    fn an_invalid_media_type_is_an_encode_error() {
        let form = Form::new().file("f", FilePart::bytes("x").mime("not a mime"));
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .expect("runtime");
        let error = runtime.block_on(form.build()).expect_err("invalid mime");
        assert!(error.to_string().contains("could not build"), "{error}");
    }
}
