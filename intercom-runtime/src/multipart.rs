//! `multipart/form-data` bodies: text fields and files, the files streamed.
//!
//! Operations whose description declares a multipart body take a generated request type with
//! a [`FilePart`] for each file field; the SDK turns it into a [`Form`] and sends it. A
//! [`Form`] can also be built by hand for [`Request::multipart`](crate::Request::multipart).
//!
//! The SDK encodes the body itself (RFC 7578), with a fresh random boundary for each attempt.
//! A file part carries a file name and a media type when they are set, or known from its path;
//! field and file names are escaped as browsers escape them (`"`, CR and LF become `%22`, `%0D`
//! and `%0A`).
//!
//! Files from memory or from a path are resent when a request is retried (a path is opened
//! again for each attempt and streamed from disk, never read whole); a file from a stream can
//! be sent once only, so a request carrying one is never retried. The body's length is known
//! before it is sent unless the form holds a stream (or a path to a pipe or device).
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
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

use bytes::{Bytes, BytesMut};
use futures_core::Stream;
use futures_util::{future, stream, StreamExt, TryStreamExt};
use serde::Serialize;
use tokio::io::AsyncReadExt;

use crate::error::BoxError;
use crate::transport::{ChunkStream, RequestBody};
use crate::{Error, Extra, Result};

/// The most read from a file at a time: the size of one chunk sent.
const FILE_CHUNK: u64 = 64 * 1024;

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
    Stream(Arc<Mutex<Option<ChunkStream>>>),
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
        let chunks: ChunkStream = Box::pin(chunks.map_err(Into::<BoxError>::into));
        Self::from_source(Source::Stream(Arc::new(Mutex::new(Some(chunks)))))
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

    /// The file name sent: the one set, else a path's last component.
    fn sent_file_name(&self) -> Option<String> {
        match (&self.file_name, &self.source) {
            (Some(file_name), _) => Some(file_name.clone()),
            (None, Source::Path(path)) => path
                .file_name()
                .map(|name| name.to_string_lossy().into_owned()),
            (None, _) => None,
        }
    }

    /// The media type sent: the one set, checked here because it goes into a header line;
    /// else one guessed from a path's extension. Memory and streams without one send none.
    fn sent_media_type(&self) -> Result<Option<String>> {
        match (&self.mime, &self.source) {
            (Some(mime), _) => match mime.parse::<mime_guess::Mime>() {
                Ok(parsed) => Ok(Some(parsed.to_string())),
                Err(_) => Err(encode_error(format!("invalid media type `{mime}`"))),
            },
            (None, Source::Path(path)) => Ok(Some(
                mime_guess::from_path(path)
                    .first_or_octet_stream()
                    .to_string(),
            )),
            (None, _) => Ok(None),
        }
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

    /// The body of one attempt, with a fresh boundary: files from paths are opened now and
    /// streams are taken (a second attempt with a stream fails with [`Error::Encode`]).
    pub(crate) async fn encode(&self) -> Result<EncodedForm> {
        if let Some(message) = &self.error {
            return Err(encode_error(message.clone()));
        }
        let boundary = boundary();
        // Everything that can fail is done before any stream is taken: a taken stream is lost.
        let mut parts = Vec::with_capacity(self.fields.len());
        for (name, value) in &self.fields {
            parts.push((value.head(&boundary, name)?, value.open().await?));
        }
        let mut body = BodyBuilder::new();
        for (head, opened) in parts {
            body.push_bytes(head.as_bytes());
            body.push(opened.into_content()?);
            body.push_bytes(b"\r\n");
        }
        body.push_bytes(format!("--{boundary}--\r\n").as_bytes());
        let content_type = format!("multipart/form-data; boundary={boundary}");
        let content_type = http::HeaderValue::try_from(content_type)
            .map_err(|error| Error::Encode(Box::new(error)))?;
        let (body, content_length) = body.finish();
        Ok(EncodedForm {
            content_type,
            content_length,
            body,
        })
    }
}

/// A form encoded for one attempt.
#[derive(Debug)]
pub(crate) struct EncodedForm {
    /// `multipart/form-data; boundary=…`
    pub(crate) content_type: http::HeaderValue,
    /// The body's length, when every part's length is known (text, bytes, files from paths).
    pub(crate) content_length: Option<u64>,
    /// The encoded parts and the closing boundary.
    pub(crate) body: RequestBody,
}

impl FormValue {
    /// The part's boundary line and headers; fails on an invalid media type.
    fn head(&self, boundary: &str, name: &str) -> Result<String> {
        let (file_name, media_type) = match self {
            FormValue::Text(_) => (None, None),
            FormValue::File(file) => (file.sent_file_name(), file.sent_media_type()?),
        };
        Ok(part_head(
            boundary,
            name,
            file_name.as_deref(),
            media_type.as_deref(),
        ))
    }

    /// The part's content for one attempt; a path is opened now.
    async fn open(&self) -> Result<Opened<'_>> {
        let content = match self {
            FormValue::Text(text) => Content::Full(Bytes::copy_from_slice(text.as_bytes())),
            FormValue::File(file) => match &file.source {
                Source::Bytes(bytes) => Content::Full(bytes.clone()),
                Source::Path(path) => open_file(path).await?,
                Source::Stream(slot) => return Ok(Opened::Stream(slot)),
            },
        };
        Ok(Opened::Ready(content))
    }
}

/// A part's content opened for an attempt; a stream is taken only once all parts opened.
enum Opened<'a> {
    Ready(Content),
    Stream(&'a Mutex<Option<ChunkStream>>),
}

impl Opened<'_> {
    /// The content, taking a stream (which fails if an earlier attempt took it).
    fn into_content(self) -> Result<Content> {
        match self {
            Opened::Ready(content) => Ok(content),
            Opened::Stream(slot) => {
                // Poisoning cannot leave the slot half-written: read it anyway.
                let taken = slot.lock().unwrap_or_else(PoisonError::into_inner).take();
                taken
                    .map(|chunks| Content::Stream(chunks, None))
                    .ok_or_else(|| {
                        encode_error("a streamed file part was already sent and cannot be resent")
                    })
            }
        }
    }
}

/// A part's content for one attempt.
enum Content {
    /// In memory.
    Full(Bytes),
    /// Read as it is sent, with its length when known in advance.
    Stream(ChunkStream, Option<u64>),
}

/// Opens a file to stream it. A regular file's length is taken now, so that the body's can be
/// announced; other files (pipes, devices) are read to their end.
async fn open_file(path: &Path) -> Result<Content> {
    let file = tokio::fs::File::open(path)
        .await
        .map_err(|error| with_path(error, path))?;
    let metadata = file
        .metadata()
        .await
        .map_err(|error| with_path(error, path))?;
    if metadata.is_dir() {
        let error = io::Error::new(io::ErrorKind::InvalidInput, "is a directory");
        return Err(with_path(error, path).into());
    }
    let length = metadata.is_file().then_some(metadata.len());
    Ok(Content::Stream(file_chunks(file, length), length))
}

/// The error with the path in its message (an upload names the file it could not open).
fn with_path(error: io::Error, path: &Path) -> io::Error {
    io::Error::new(error.kind(), format!("{}: {error}", path.display()))
}

/// A file's chunks, read as they are sent: exactly the `length` announced, when known (bytes
/// appended since are left out; a file that shrank is an error, as the body could not have
/// that length), else up to its end.
fn file_chunks(file: tokio::fs::File, length: Option<u64>) -> ChunkStream {
    Box::pin(stream::try_unfold(
        (file, length),
        |(mut file, remaining)| async move {
            let wanted = remaining.map_or(FILE_CHUNK, |left| left.min(FILE_CHUNK));
            if wanted == 0 {
                return Ok(None);
            }
            let mut chunk = BytesMut::with_capacity(wanted as usize);
            let read = (&mut file).take(wanted).read_buf(&mut chunk).await? as u64;
            match (read, remaining) {
                (0, None) => Ok(None),
                (0, Some(_)) => Err(BoxError::from(io::Error::new(
                    io::ErrorKind::UnexpectedEof,
                    "the file became shorter while it was being sent",
                ))),
                (read, remaining) => {
                    let remaining = remaining.map(|left| left.saturating_sub(read));
                    Ok(Some((chunk.freeze(), (file, remaining))))
                }
            }
        },
    ))
}

/// Assembles a body: runs of bytes in memory are joined into one chunk, streams kept as is.
struct BodyBuilder {
    /// Chunk streams in order; empty while the whole body is in memory.
    segments: Vec<ChunkStream>,
    /// Bytes after the last stream.
    pending: BytesMut,
    /// The total so far, `None` once a part of unknown length was added.
    length: Option<u64>,
}

impl BodyBuilder {
    fn new() -> Self {
        BodyBuilder {
            segments: Vec::new(),
            pending: BytesMut::new(),
            length: Some(0),
        }
    }

    fn push_bytes(&mut self, bytes: &[u8]) {
        self.pending.extend_from_slice(bytes);
        self.add_length(Some(bytes.len() as u64));
    }

    fn push(&mut self, content: Content) {
        match content {
            // A large file in memory is sent from its own buffer rather than copied.
            Content::Full(bytes) if bytes.len() > FILE_CHUNK as usize => {
                self.flush();
                self.add_length(Some(bytes.len() as u64));
                self.segments
                    .push(Box::pin(stream::once(future::ready(Ok(bytes)))));
            }
            Content::Full(bytes) => self.push_bytes(&bytes),
            Content::Stream(chunks, length) => {
                self.flush();
                self.segments.push(chunks);
                self.add_length(length);
            }
        }
    }

    fn add_length(&mut self, length: Option<u64>) {
        self.length = self.length.zip(length).map(|(a, b)| a.saturating_add(b));
    }

    /// Moves the pending bytes into a segment of their own.
    fn flush(&mut self) {
        if !self.pending.is_empty() {
            let chunk = self.pending.split().freeze();
            self.segments
                .push(Box::pin(stream::once(future::ready(Ok(chunk)))));
        }
    }

    /// The body and its length: in one piece when no part was a stream.
    fn finish(mut self) -> (RequestBody, Option<u64>) {
        if self.segments.is_empty() {
            return (RequestBody::Full(self.pending.freeze()), self.length);
        }
        self.flush();
        let chunks = stream::iter(self.segments).flatten();
        (RequestBody::stream(chunks), self.length)
    }
}

/// A part's boundary line and headers, up to the blank line before its content.
fn part_head(boundary: &str, name: &str, file_name: Option<&str>, mime: Option<&str>) -> String {
    let mut head = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"{}\"",
        escape(name)
    );
    if let Some(file_name) = file_name {
        head.push_str(&format!("; filename=\"{}\"", escape(file_name)));
    }
    head.push_str("\r\n");
    if let Some(mime) = mime {
        head.push_str(&format!("Content-Type: {mime}\r\n"));
    }
    head.push_str("\r\n");
    head
}

/// A name as browsers write it in a quoted `Content-Disposition` parameter (WHATWG HTML,
/// multipart/form-data): `"`, CR and LF percent-encoded, so that it cannot end the quoted
/// string or the header line; every other character as is.
fn escape(name: &str) -> String {
    let mut escaped = String::with_capacity(name.len());
    for c in name.chars() {
        match c {
            '"' => escaped.push_str("%22"),
            '\r' => escaped.push_str("%0D"),
            '\n' => escaped.push_str("%0A"),
            c => escaped.push(c),
        }
    }
    escaped
}

/// A boundary for one attempt: 32 random alphanumerics (about 190 bits), which no part's
/// content will contain by chance.
fn boundary() -> String {
    std::iter::repeat_with(fastrand::alphanumeric)
        .take(32)
        .collect()
}

fn encode_error(message: impl Into<String>) -> Error {
    Error::Encode(message.into().into())
}

#[cfg(test)]
mod tests {
    use http_body_util::BodyExt;

    use super::*;

    fn runtime() -> tokio::runtime::Runtime {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime")
    }

    /// The boundary named in the content type.
    fn boundary_of(form: &EncodedForm) -> String {
        let content_type = form.content_type.to_str().expect("ASCII");
        let boundary = content_type
            .strip_prefix("multipart/form-data; boundary=")
            .expect("a form's content type");
        boundary.to_owned()
    }

    /// The boundary and the whole body, its length checked against `content_length`.
    fn encode_and_collect(form: &Form) -> (String, Option<u64>, Bytes) {
        runtime().block_on(async {
            let encoded = form.encode().await.expect("encodes");
            let boundary = boundary_of(&encoded);
            let length = encoded.content_length;
            let body = encoded.body.collect().await.expect("collects").to_bytes();
            if let Some(length) = length {
                assert_eq!(length, body.len() as u64, "content_length");
            }
            (boundary, length, body)
        })
    }

    /// A file under the temporary directory, removed when dropped.
    struct TempFile(PathBuf);

    impl TempFile {
        fn new(name: &str, content: &[u8]) -> Self {
            let file_name = format!("intercom-multipart-{}-{name}", std::process::id());
            let path = std::env::temp_dir().join(file_name);
            std::fs::write(&path, content).expect("writes the file");
            TempFile(path)
        }
    }

    impl Drop for TempFile {
        fn drop(&mut self) {
            let _ = std::fs::remove_file(&self.0);
        }
    }

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
            assert!(form.encode().await.is_ok());
            let again = form.encode().await.expect_err("the stream was taken");
            assert!(matches!(again, Error::Encode(_)), "{again:?}");
        });
    }

    #[test]
    fn an_invalid_media_type_is_an_encode_error() {
        let form = Form::new().file("f", FilePart::bytes("x").mime("not a mime"));
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .expect("runtime");
        let error = runtime.block_on(form.encode()).expect_err("invalid mime");
        assert!(error.to_string().contains("could not build"), "{error}");
        // A line break would end the header line: refused too.
        let form = Form::new().file("f", FilePart::bytes("x").mime("text/plain\r\nX-A: b"));
        assert!(matches!(
            runtime.block_on(form.encode()),
            Err(Error::Encode(_))
        ));
    }

    #[test]
    fn text_and_bytes_are_encoded_in_one_piece() {
        let catalog = FilePart::bytes("[1,2]")
            .file_name("catalog.json")
            .mime("application/json; charset=utf-8");
        let form = Form::new()
            .text("finalize", "false")
            .file("catalog", catalog)
            .file("raw", FilePart::bytes("xyz"));
        let encoded = runtime().block_on(form.encode()).expect("encodes");
        assert!(matches!(encoded.body, RequestBody::Full(_)), "{encoded:?}");
        let (b, length, body) = encode_and_collect(&form);
        assert_eq!(b.len(), 32);
        assert!(b.chars().all(|c| c.is_ascii_alphanumeric()), "{b}");
        assert_ne!(b, boundary_of(&encoded), "a fresh boundary per attempt");
        let expected = format!(
            "--{b}\r\nContent-Disposition: form-data; name=\"finalize\"\r\n\r\nfalse\r\n\
             --{b}\r\nContent-Disposition: form-data; name=\"catalog\"; filename=\"catalog.json\"\r\n\
             Content-Type: application/json; charset=utf-8\r\n\r\n[1,2]\r\n\
             --{b}\r\nContent-Disposition: form-data; name=\"raw\"\r\n\r\nxyz\r\n\
             --{b}--\r\n"
        );
        assert_eq!(String::from_utf8_lossy(&body), expected);
        assert_eq!(length, Some(expected.len() as u64));
    }

    #[test]
    fn a_large_file_in_memory_is_sent_from_its_own_buffer() {
        let content = Bytes::from(vec![b'x'; 100_000]);
        let form = Form::new().file("f", FilePart::bytes(content.clone()));
        let encoded = runtime().block_on(form.encode()).expect("encodes");
        assert!(
            matches!(encoded.body, RequestBody::Stream(_)),
            "{encoded:?}"
        );
        let (b, length, body) = encode_and_collect(&form);
        let head = format!("--{b}\r\nContent-Disposition: form-data; name=\"f\"\r\n\r\n");
        let tail = format!("\r\n--{b}--\r\n");
        assert_eq!(
            length,
            Some((head.len() + content.len() + tail.len()) as u64)
        );
        assert_eq!(body, [head.as_bytes(), &content, tail.as_bytes()].concat());
    }

    #[test]
    fn an_empty_form_is_its_closing_boundary() {
        let (b, length, body) = encode_and_collect(&Form::new());
        assert_eq!(body, format!("--{b}--\r\n"));
        assert_eq!(length, Some(body.len() as u64));
    }

    #[test]
    fn a_path_is_streamed_with_its_name_and_guessed_type() {
        // Over two chunks, so that the file is read in several pieces.
        let content: Vec<u8> = (0..150_000u32).map(|i| (i % 251) as u8).collect();
        let file = TempFile::new("catalog.json", &content);
        let file_name = file
            .0
            .file_name()
            .expect("a name")
            .to_string_lossy()
            .into_owned();
        let form = Form::new()
            .text("finalize", "false")
            .file("raw", FilePart::bytes("xy"))
            .file("catalog", FilePart::path(&file.0));
        let encoded = runtime().block_on(form.encode()).expect("encodes");
        assert!(
            matches!(encoded.body, RequestBody::Stream(_)),
            "{encoded:?}"
        );
        let (b, length, body) = encode_and_collect(&form);
        let mut expected = format!(
            "--{b}\r\nContent-Disposition: form-data; name=\"finalize\"\r\n\r\nfalse\r\n\
             --{b}\r\nContent-Disposition: form-data; name=\"raw\"\r\n\r\nxy\r\n\
             --{b}\r\nContent-Disposition: form-data; name=\"catalog\"; filename=\"{file_name}\"\r\n\
             Content-Type: application/json\r\n\r\n"
        )
        .into_bytes();
        expected.extend_from_slice(&content);
        expected.extend_from_slice(format!("\r\n--{b}--\r\n").as_bytes());
        assert_eq!(body, expected);
        assert_eq!(length, Some(expected.len() as u64));
    }

    #[test]
    fn a_path_part_takes_the_name_and_type_set() {
        let file = TempFile::new("export.csv", b"a,b\n");
        let part = FilePart::path(&file.0)
            .file_name("report.txt")
            .mime("text/plain");
        let (b, _, body) = encode_and_collect(&Form::new().file("f", part));
        let expected = format!(
            "--{b}\r\nContent-Disposition: form-data; name=\"f\"; filename=\"report.txt\"\r\n\
             Content-Type: text/plain\r\n\r\na,b\n\r\n--{b}--\r\n"
        );
        assert_eq!(String::from_utf8_lossy(&body), expected);
        let guessed = FilePart::path("data.unknownextension").sent_media_type();
        assert_eq!(
            guessed.expect("valid"),
            Some("application/octet-stream".to_owned())
        );
    }

    #[test]
    fn a_missing_file_is_an_io_error_and_leaves_streams_untaken() {
        let path =
            std::env::temp_dir().join(format!("intercom-multipart-{}-absent", std::process::id()));
        let stream = FilePart::stream(futures_util::stream::iter([Ok::<_, io::Error>(
            Bytes::from("ab"),
        )]));
        let form = Form::new()
            .file("s", stream.clone())
            .file("f", FilePart::path(&path));
        let error = runtime().block_on(form.encode()).expect_err("no such file");
        assert!(
            matches!(&error, Error::Io(e) if e.kind() == io::ErrorKind::NotFound),
            "{error:?}"
        );
        let source = std::error::Error::source(&error).map(ToString::to_string);
        assert!(source.is_some_and(|s| s.contains("absent")), "{error:?}");
        // The failed attempt did not take the stream.
        let (_, _, body) = encode_and_collect(&Form::new().file("s", stream));
        assert!(body.windows(2).any(|w| w == b"ab"));
    }

    #[test]
    fn quotes_and_line_breaks_in_names_are_escaped() {
        let part = FilePart::bytes("x").file_name("a\"b\r\nü.txt");
        let form = Form::new().text("na\"me\n", "v\r\n").file("f\r", part);
        let (b, _, body) = encode_and_collect(&form);
        let expected = format!(
            "--{b}\r\nContent-Disposition: form-data; name=\"na%22me%0A\"\r\n\r\nv\r\n\r\n\
             --{b}\r\nContent-Disposition: form-data; name=\"f%0D\"; filename=\"a%22b%0D%0Aü.txt\"\r\n\
             \r\nx\r\n--{b}--\r\n"
        );
        assert_eq!(String::from_utf8_lossy(&body), expected);
    }

    #[test]
    fn a_stream_part_yields_its_chunks_and_has_no_known_length() {
        let chunks = futures_util::stream::iter([
            Ok::<_, io::Error>(Bytes::from("ab")),
            Ok(Bytes::from("cd")),
        ]);
        let part = FilePart::stream(chunks).file_name("s.bin");
        let form = Form::new().text("t", "v").file("s", part);
        let (b, length, body) = encode_and_collect(&form);
        assert_eq!(length, None);
        let expected = format!(
            "--{b}\r\nContent-Disposition: form-data; name=\"t\"\r\n\r\nv\r\n\
             --{b}\r\nContent-Disposition: form-data; name=\"s\"; filename=\"s.bin\"\r\n\r\n\
             abcd\r\n--{b}--\r\n"
        );
        assert_eq!(String::from_utf8_lossy(&body), expected);
    }

    #[test]
    fn a_stream_error_fails_the_body() {
        let chunks = futures_util::stream::iter([
            Ok(Bytes::from("ab")),
            Err(io::Error::other("upstream gone")),
        ]);
        let form = Form::new().file("s", FilePart::stream(chunks));
        let error = runtime().block_on(async {
            let encoded = form.encode().await.expect("encodes");
            encoded.body.collect().await.expect_err("the stream failed")
        });
        assert_eq!(error.to_string(), "upstream gone");
    }
}
