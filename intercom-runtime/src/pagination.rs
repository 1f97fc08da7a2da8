//! Lazy pagination over Intercom's list and search endpoints.
//!
//! Intercom paginates in several ways (see [`PageStyle`]). A paginated operation implements
//! [`Paginate`]; [`PaginateExt`] then gives it [`pages`](PaginateExt::pages) and
//! [`items`](PaginateExt::items) streams that fetch one page at a time, only when the
//! previous one has been consumed, so memory does not grow with the listing's size.
//!
//! The next position is read generically from the raw page body:
//!
//! | style | next position | end |
//! |---|---|---|
//! | [`QueryCursor`](PageStyle::QueryCursor), [`BodyCursor`](PageStyle::BodyCursor) | `pages.next.starting_after`, or `starting_after=` in a `pages.next` URL | no cursor |
//! | [`PageNumber`](PageStyle::PageNumber) | `pages.next.page`, `page=` in a `pages.next` URL, else `page + 1` | `page >= total_pages`, or an empty page |
//! | [`Scroll`](PageStyle::Scroll) | `scroll_param` | an empty page (no request past it) |
//! | [`OpaqueCursor`](PageStyle::OpaqueCursor) | `next_cursor` | `has_more: false` or no cursor |
//!
//! `page`/`total_pages` are read from `pages` or from the top level of the body. "Empty
//! page" means that every top-level array of the body is empty. A position is never
//! requested twice.

use std::fmt;
use std::future::Future;

use futures_util::stream::BoxStream;
use futures_util::TryStreamExt;
use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::pending::Pending;
use crate::request::Request;
use crate::response::Response;
use crate::shapes::query_param;
use crate::{Error, Result};

/// Where a listing continues. Serializable, so a long export can be resumed later with
/// [`PaginateExt::resume_from`].
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum PagePosition {
    /// A `starting_after` cursor (in the query or in the search body).
    StartingAfter(String),
    /// A 1-based page number.
    Page(u32),
    /// A `scroll_param`.
    Scroll(String),
    /// An opaque `next_cursor`.
    Cursor(String),
}

/// How an operation paginates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PageStyle {
    /// `starting_after` in the query string, e.g. `GET /contacts`.
    QueryCursor,
    /// `pagination.starting_after` in the JSON body, e.g. `POST /contacts/search`.
    BodyCursor,
    /// `page`/`per_page`, e.g. `GET /articles`.
    PageNumber,
    /// `scroll_param`, i.e. `GET /companies/scroll`. Only a 429 is retried (the API did not
    /// act on it); any other failure surfaces as [`Error::Scroll`]: restart the scroll.
    Scroll,
    /// `next_cursor` plus `has_more`.
    OpaqueCursor,
}

/// A paginated operation: generated code implements it once per list or search operation.
pub trait Paginate: Clone + Send + Sync + 'static {
    /// The decoded type of one page.
    type Page: Send + 'static;
    /// The type of one listed item.
    type Item: Send + 'static;
    /// How this operation paginates.
    const STYLE: PageStyle;

    /// Puts the position into the next request (query param, body field, ...).
    fn set_position(&mut self, position: &PagePosition);

    /// Builds the runtime request for the current state.
    fn to_request(&self) -> Request;

    /// Sends one page request (the generated code returns [`Pending::json_response`]; it is
    /// `#[inline]`, so the page's decoding is compiled only in apps that page this operation).
    fn send_page(request: Request) -> Pending<Response<Self::Page>>;

    /// Takes the items out of a page (`data`, `conversations`, `companies`, ...).
    fn into_items(page: Self::Page) -> Vec<Self::Item>;
}

/// Streams and helpers for every [`Paginate`] operation.
pub trait PaginateExt: Paginate {
    /// Every page, fetched lazily from the operation's current position.
    ///
    /// The stream is boxed (and so `Unpin`): `while let Some(page) = pages.try_next().await?`
    /// works without pinning it first.
    fn pages(self) -> BoxStream<'static, Result<Response<Self::Page>>> {
        let pager = Pager {
            op: self,
            last: None,
            done: false,
        };
        Box::pin(futures_util::stream::try_unfold(pager, next_page::<Self>))
    }

    /// Every item of every page, fetched lazily; one page is held in memory at a time.
    ///
    /// The stream is boxed (and so `Unpin`): `while let Some(item) = items.try_next().await?`
    /// works without pinning it first.
    fn items(self) -> BoxStream<'static, Result<Self::Item>> {
        Box::pin(
            self.pages()
                .map_ok(|page| {
                    let items = Self::into_items(page.into_inner());
                    futures_util::stream::iter(items.into_iter().map(Ok::<_, Error>))
                })
                .try_flatten(),
        )
    }

    /// Only the page at the operation's current position.
    fn first_page(self) -> Pending<Response<Self::Page>> {
        fetch::<Self>(self.to_request())
    }

    /// Continues from a position saved earlier (see [`next_position`](PaginateExt::next_position)).
    fn resume_from(mut self, position: &PagePosition) -> Self {
        self.set_position(position);
        self
    }

    /// The position after `page`, or `None` when `page` is the last one.
    fn next_position(page: &Response<Self::Page>) -> Option<PagePosition> {
        next_position(Self::STYLE, page)
    }

    /// Collects every item into a `Vec` (the whole listing in memory; prefer
    /// [`items`](PaginateExt::items) for big ones).
    fn collect_all(self) -> impl Future<Output = Result<Vec<Self::Item>>> + Send + 'static {
        self.items().try_collect()
    }
}

impl<P: Paginate> PaginateExt for P {}

/// The position after the page in `response` for an operation of `style`, read from the
/// raw body; `None` when the listing ends there.
pub fn next_position<T>(style: PageStyle, response: &Response<T>) -> Option<PagePosition> {
    next_after(style, response.body(), 1, None)
}

struct Pager<P> {
    op: P,
    /// The position this pager set last, to never request it twice.
    last: Option<PagePosition>,
    done: bool,
}

async fn next_page<P: Paginate>(
    mut pager: Pager<P>,
) -> Result<Option<(Response<P::Page>, Pager<P>)>> {
    if pager.done {
        return Ok(None);
    }
    let request = pager.op.to_request();
    let current_page = request
        .query_value("page")
        .and_then(|p| p.parse().ok())
        .or(match pager.last {
            Some(PagePosition::Page(page)) => Some(page),
            _ => None,
        })
        .unwrap_or(1);
    let response = fetch::<P>(request).await?;
    match next_after(P::STYLE, response.body(), current_page, pager.last.as_ref()) {
        Some(position) => {
            tracing::trace!(?position, "next Intercom page");
            pager.op.set_position(&position);
            pager.last = Some(position);
        }
        None => pager.done = true,
    }
    Ok(Some((response, pager)))
}

fn fetch<P: Paginate>(request: Request) -> Pending<Response<P::Page>> {
    if P::STYLE == PageStyle::Scroll {
        P::send_page(request.scroll())
    } else {
        P::send_page(request)
    }
}

/// The next position, never equal to `last`; `current_page` is the fallback page number
/// when the body does not say.
fn next_after(
    style: PageStyle,
    body: &[u8],
    current_page: u32,
    last: Option<&PagePosition>,
) -> Option<PagePosition> {
    let meta: PageMeta = serde_json::from_slice(body).ok()?;
    let next = match style {
        PageStyle::QueryCursor | PageStyle::BodyCursor => {
            meta.cursor().map(PagePosition::StartingAfter)
        }
        PageStyle::PageNumber => meta.next_page(current_page).map(PagePosition::Page),
        PageStyle::Scroll => meta.scroll().map(PagePosition::Scroll),
        PageStyle::OpaqueCursor => meta.opaque_cursor().map(PagePosition::Cursor),
    };
    next.filter(|next| Some(next) != last)
}

/// The pagination fields of a page body. Only these are kept; the items are skipped
/// without being materialised.
#[derive(Default)]
struct PageMeta {
    pages: Option<Value>,
    page: Option<Value>,
    total_pages: Option<Value>,
    scroll_param: Option<Value>,
    next_cursor: Option<Value>,
    has_more: Option<Value>,
    /// `Some(true)` when a top-level array has an element, `Some(false)` when all top-level
    /// arrays are empty, `None` without arrays.
    has_items: Option<bool>,
}

impl PageMeta {
    fn pages_field(&self, name: &str) -> Option<&Value> {
        self.pages.as_ref()?.get(name).filter(|v| !v.is_null())
    }

    /// `pages.next`: an object, or a URL string whose query holds the position.
    fn next_field(&self, name: &str) -> Option<String> {
        match self.pages_field("next")? {
            Value::Object(next) => next.get(name).and_then(text),
            Value::String(url) => query_param(url, name),
            _ => None,
        }
    }

    fn cursor(&self) -> Option<String> {
        self.next_field("starting_after")
    }

    fn next_page(&self, fallback_current: u32) -> Option<u32> {
        if self.has_items == Some(false) {
            return None;
        }
        let current = (self.pages_field("page").or(self.page.as_ref()))
            .and_then(number)
            .unwrap_or(fallback_current);
        let total = (self
            .pages_field("total_pages")
            .or(self.total_pages.as_ref()))
        .and_then(number);
        if total.is_some_and(|total| current >= total) {
            return None;
        }
        let from_next = self.next_field("page").and_then(|p| p.parse().ok());
        let next = from_next.or(current.checked_add(1))?;
        let within_total = total.is_none_or(|total| next <= total);
        (next > current && within_total).then_some(next)
    }

    fn scroll(&self) -> Option<String> {
        if self.has_items == Some(false) {
            return None;
        }
        self.scroll_param.as_ref().and_then(text)
    }

    fn opaque_cursor(&self) -> Option<String> {
        let has_more = self.has_more.as_ref().or(self.pages_field("has_more"));
        if has_more.and_then(Value::as_bool) == Some(false) {
            return None;
        }
        let cursor = self
            .next_cursor
            .as_ref()
            .or(self.pages_field("next_cursor"));
        cursor.and_then(text)
    }
}

/// A non-empty string (or a number, for lenient cursors).
fn text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// A page count or number given as a number or a numeric string.
fn number(value: &Value) -> Option<u32> {
    match value {
        Value::Number(n) => n.as_u64().and_then(|n| u32::try_from(n).ok()),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

impl<'de> Deserialize<'de> for PageMeta {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(PageMetaVisitor)
    }
}

struct PageMetaVisitor;

impl<'de> Visitor<'de> for PageMetaVisitor {
    type Value = PageMeta;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a page object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<PageMeta, A::Error> {
        let mut meta = PageMeta::default();
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            let slot = match key.as_ref() {
                "pages" => &mut meta.pages,
                "page" => &mut meta.page,
                "total_pages" => &mut meta.total_pages,
                "scroll_param" => &mut meta.scroll_param,
                "next_cursor" => &mut meta.next_cursor,
                "has_more" => &mut meta.has_more,
                _ => {
                    if let Some(non_empty) = map.next_value::<ArrayProbe>()?.0 {
                        meta.has_items = Some(meta.has_items.unwrap_or(false) || non_empty);
                    }
                    continue;
                }
            };
            *slot = Some(map.next_value()?);
        }
        Ok(meta)
    }
}

/// Skips any JSON value; for an array, records whether it has an element.
struct ArrayProbe(Option<bool>);

impl<'de> Deserialize<'de> for ArrayProbe {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ArrayProbeVisitor)
    }
}

struct ArrayProbeVisitor;

impl<'de> Visitor<'de> for ArrayProbeVisitor {
    type Value = ArrayProbe;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<ArrayProbe, A::Error> {
        let non_empty = seq.next_element::<IgnoredAny>()?.is_some();
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(ArrayProbe(Some(non_empty)))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<ArrayProbe, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(ArrayProbe(None))
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<ArrayProbe, E> {
        Ok(ArrayProbe(None))
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<ArrayProbe, E> {
        Ok(ArrayProbe(None))
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<ArrayProbe, E> {
        Ok(ArrayProbe(None))
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<ArrayProbe, E> {
        Ok(ArrayProbe(None))
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<ArrayProbe, E> {
        Ok(ArrayProbe(None))
    }

    fn visit_unit<E: de::Error>(self) -> Result<ArrayProbe, E> {
        Ok(ArrayProbe(None))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn next(style: PageStyle, body: &str) -> Option<PagePosition> {
        next_after(style, body.as_bytes(), 1, None)
    }

    #[test]
    fn cursor_shapes() {
        let object = r#"{"data":[1],"pages":{"next":{"page":2,"starting_after":"abc"}}}"#;
        assert_eq!(
            next(PageStyle::QueryCursor, object),
            Some(PagePosition::StartingAfter("abc".into()))
        );
        let url = r#"{"data":[1],"pages":{"next":"https://api.intercom.io/contacts?per_page=5&starting_after=x%3D%3D"}}"#;
        assert_eq!(
            next(PageStyle::BodyCursor, url),
            Some(PagePosition::StartingAfter("x==".into()))
        );
        for end in [
            r#"{"data":[1],"pages":{"next":null}}"#,
            r#"{"data":[1],"pages":{"next":{"starting_after":""}}}"#,
            r#"{"data":[1]}"#,
        ] {
            assert_eq!(next(PageStyle::QueryCursor, end), None, "{end}");
        }
    }

    #[test]
    fn page_numbers() {
        let mid = r#"{"data":[1],"pages":{"page":2,"total_pages":3}}"#;
        assert_eq!(
            next(PageStyle::PageNumber, mid),
            Some(PagePosition::Page(3))
        );
        let last = r#"{"data":[1],"pages":{"page":3,"total_pages":3,"next":{"page":4}}}"#;
        assert_eq!(next(PageStyle::PageNumber, last), None);
        let top_level = r#"{"companies":[1],"page":"1","total_pages":2}"#;
        assert_eq!(
            next(PageStyle::PageNumber, top_level),
            Some(PagePosition::Page(2))
        );
        let url = r#"{"data":[1],"pages":{"page":1,"next":"https://x/articles?page=2"}}"#;
        assert_eq!(
            next(PageStyle::PageNumber, url),
            Some(PagePosition::Page(2))
        );
        let empty = r#"{"data":[],"pages":{"page":1,"total_pages":9}}"#;
        assert_eq!(next(PageStyle::PageNumber, empty), None);
        let backwards = r#"{"data":[1],"pages":{"page":2,"next":{"page":1}}}"#;
        assert_eq!(next(PageStyle::PageNumber, backwards), None);
    }

    #[test]
    fn scroll_and_opaque() {
        let page = r#"{"type":"list","data":[{"id":1}],"scroll_param":"s1","pages":null}"#;
        assert_eq!(
            next(PageStyle::Scroll, page),
            Some(PagePosition::Scroll("s1".into()))
        );
        let empty = r#"{"type":"list","data":[],"scroll_param":"s2"}"#;
        assert_eq!(next(PageStyle::Scroll, empty), None);
        let more = r#"{"data":[1],"next_cursor":"c2","has_more":true}"#;
        assert_eq!(
            next(PageStyle::OpaqueCursor, more),
            Some(PagePosition::Cursor("c2".into()))
        );
        let done = r#"{"data":[1],"next_cursor":"c3","has_more":false}"#;
        assert_eq!(next(PageStyle::OpaqueCursor, done), None);
    }

    #[test]
    fn never_repeats_the_last_position() {
        let body = br#"{"data":[1],"pages":{"next":{"starting_after":"a"}}}"#;
        let last = PagePosition::StartingAfter("a".into());
        assert_eq!(
            next_after(PageStyle::QueryCursor, body, 1, Some(&last)),
            None
        );
    }
}
