//! How response bodies become models: strictly when they fit, field by field when they do not.
//!
//! Real Intercom traffic drifts from the API description: an object where a string is
//! declared, a string where an object is, `49.0` in an integer. A body is first decoded
//! strictly, at full speed. Only when that fails is it decoded again leniently: every field
//! of every generated model then decodes on its own, and a value that does not fit its field
//! leaves the field `None` (or drops one item of a list) and is kept as a [`Mismatch`]: the
//! JSON Pointer where it was, the type the SDK expected and the raw value. Nothing the server
//! sent is lost: [`restore`] puts the kept values back into the re-encoded model.
//!
//! Some shapes are accepted by every decode, because Intercom sends them routinely: integers
//! given as `49.0` or `"49"`, timestamps given as numeric or ISO 8601 strings, ids given as
//! numbers, and a bare JSON array where a list object (`{"type": "list", "data": [...]}`) is
//! declared.
//!
//! ```
//! use intercom_api::decode;
//! use intercom_api::models::Contact;
//!
//! let body = br#"{"type":"contact","id":"c1","email":"ada@example.com","created_at":{"oops":1}}"#;
//! let decoded = decode::from_slice::<Contact>(body)?;
//! assert_eq!(decoded.value.email.as_deref(), Some("ada@example.com"));
//! assert_eq!(decoded.value.created_at, None);
//! assert_eq!(decoded.mismatches[0].path, "/created_at");
//!
//! // Re-encoding plus the kept values gives the body back.
//! let mut again = serde_json::to_value(&decoded.value)?;
//! decode::restore(&mut again, &decoded.mismatches);
//! assert_eq!(again, serde_json::from_slice::<serde_json::Value>(body)?);
//! # Ok::<(), serde_json::Error>(())
//! ```
use std::cell::{Cell, RefCell};
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeOwned, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer};
use serde_json::de::StrRead;
use serde_json::value::RawValue;
use serde_json::{Map, Value};

use crate::extra::{Extra, Transcode};

mod time;

/// A value of the response that did not fit the type of its field. The field reads as `None`
/// (or the item is missing from its list); the value is kept here.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Mismatch {
    /// Where the value is in the response body, as a JSON Pointer (RFC 6901), e.g.
    /// `/data/3/avatar` (the empty string is the whole body).
    pub path: String,
    /// The Rust type the SDK expected there, e.g. `i64`, `Tag` or `Vec<Tag>`.
    pub expected: String,
    /// The value as the server sent it.
    pub value: Value,
    /// Why it did not fit, e.g. `invalid type: string "x", expected i64`.
    pub message: String,
}

impl fmt::Display for Mismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = if self.path.is_empty() {
            "/"
        } else {
            &self.path
        };
        write!(f, "`{path}`: expected {}: {}", self.expected, self.message)
    }
}

/// A decoded body and the values that did not fit (empty when the body matched its type).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Decoded<T> {
    /// The decoded model.
    pub value: T,
    /// The values left out of `value`, in document order.
    pub mismatches: Vec<Mismatch>,
}

/// Decodes a JSON body into `T`, field by field when it does not fit as a whole.
///
/// Fails only when the body is not JSON at all, or when its top level is not what `T` is
/// (an object for a model); every deeper misfit becomes a [`Mismatch`].
pub fn from_slice<T: DeserializeOwned>(bytes: &[u8]) -> Result<Decoded<T>, serde_json::Error> {
    let mut slot = None;
    let mismatches = body::<T>(bytes, false, &mut slot).map_err(|failure| failure.source)?;
    let value = slot.ok_or_else(nothing_decoded)?;
    Ok(Decoded { value, mismatches })
}

/// Decodes a response body into `slot`: strictly when it fits; otherwise field by field, or
/// (`strict`) the first value that did not fit as a [`Failure`]. After success `slot` holds
/// the value (every successful parse writes it); callers still check rather than unwrap.
///
/// The value is written where the caller keeps it: a model can be kilobytes, and each move
/// through a `Result` or tuple on the way out would copy it again.
pub(crate) fn body<T: DeserializeOwned>(
    bytes: &[u8],
    strict: bool,
    slot: &mut Option<T>,
) -> Result<Vec<Mismatch>, Box<Failure>> {
    decode_with(bytes, strict, &mut |text, lenient| {
        parse::<T>(text, lenient, slot)
    })
}

/// The error for a slot left empty after success, which `body` never does.
pub(crate) fn nothing_decoded() -> serde_json::Error {
    de::Error::custom("nothing decoded")
}

/// The only step that depends on the type: `T` from JSON text into `slot`, strictly or field
/// by field. After an error `slot` may hold a partial result, which the caller ignores.
fn parse<T: DeserializeOwned>(
    text: &str,
    lenient: bool,
    slot: &mut Option<T>,
) -> serde_json::Result<Vec<Mismatch>> {
    let scope = Scope::enter(lenient);
    let mut deserializer = serde_json::Deserializer::from_str(text);
    *slot = Some(T::deserialize(&mut deserializer)?);
    deserializer.end()?;
    Ok(scope.take_mismatches())
}

/// Decodes JSON text strictly (`false`) or field by field (`true`); returns the mismatches.
type Parse<'a> = dyn FnMut(&str, bool) -> serde_json::Result<Vec<Mismatch>> + 'a;

/// The decoding policy, the same for every type (so compiled once): `parse` decodes the text
/// strictly (`false`) or field by field (`true`) and returns the mismatches.
fn decode_with(
    bytes: &[u8],
    strict: bool,
    parse: &mut Parse<'_>,
) -> Result<Vec<Mismatch>, Box<Failure>> {
    let text = text(bytes).map_err(|e| Box::new(Failure::whole(e)))?;
    let source = match parse(text, false) {
        Ok(_) => return Ok(Vec::new()),
        Err(source) => source,
    };
    let lenient = parse(text, true);
    match (lenient, strict) {
        (Ok(mismatches), false) => Ok(mismatches),
        (Ok(mismatches), true) => Err(Box::new(match mismatches.into_iter().next() {
            Some(first) => Failure::at(first, source),
            None => Failure::whole(source),
        })),
        (Err(_), _) => Err(Box::new(Failure::whole(source))),
    }
}

/// Puts the values kept in `mismatches` back into `target` (usually a re-encoded model), at
/// their paths, in order. A dropped list item is inserted back at its index.
pub fn restore(target: &mut Value, mismatches: &[Mismatch]) {
    for mismatch in mismatches {
        put(target, &mismatch.path, mismatch.value.clone());
    }
}

fn put(target: &mut Value, pointer: &str, value: Value) {
    let Some((parent, last)) = pointer.rsplit_once('/') else {
        *target = value;
        return;
    };
    let Some(parent) = target.pointer_mut(parent) else {
        return;
    };
    let key = last.replace("~1", "/").replace("~0", "~");
    match parent {
        Value::Object(map) => {
            map.insert(key, value);
        }
        Value::Array(items) => {
            let index = key.parse::<usize>().unwrap_or(items.len()).min(items.len());
            items.insert(index, value);
        }
        other => *other = Value::Object(Map::from_iter([(key, value)])),
    }
}

/// Why a strict decode failed: the first value that did not fit, or a body that is not JSON.
#[derive(Debug)]
pub(crate) struct Failure {
    /// JSON Pointer of the value (empty for the whole body).
    pub path: String,
    /// What went wrong, with the expected type.
    pub message: String,
    /// The value that did not fit, when the body is JSON.
    pub value: Option<Value>,
    /// The strict decoder's own error (positions refer to the whole body).
    pub source: serde_json::Error,
}

impl Failure {
    /// The whole body failed (not JSON, or not the expected kind of value).
    pub(crate) fn whole(source: serde_json::Error) -> Failure {
        Failure {
            path: String::new(),
            message: source.to_string(),
            value: None,
            source,
        }
    }

    /// One value did not fit.
    fn at(mismatch: Mismatch, source: serde_json::Error) -> Failure {
        Failure {
            message: format!("expected {}: {}", mismatch.expected, mismatch.message),
            path: mismatch.path,
            value: Some(mismatch.value),
            source,
        }
    }
}

/// The body as text. Checking UTF-8 once for the whole body is much cheaper than serde_json's
/// check of every string read from a byte slice; every decode then reads `&str`s, so one
/// instantiation of the models' decoding code serves the fast path and the lenient one.
fn text(bytes: &[u8]) -> Result<&str, serde_json::Error> {
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text),
        // serde_json's own error says where the invalid byte is.
        Err(_) => match serde_json::from_slice::<de::IgnoredAny>(bytes) {
            Err(error) => Err(error),
            Ok(_) => Err(de::Error::custom("the body is not valid UTF-8")),
        },
    }
}

// ---------------------------------------------------------------------------------------------
// The lenient state. Decoding is synchronous, so one decode owns its thread's state from start
// to end; `Scope` saves and restores it so that decodes can nest.

thread_local! {
    static LENIENT: Cell<bool> = const { Cell::new(false) };
    static STATE: RefCell<State> = const { RefCell::new(State::new()) };
}

#[derive(Default)]
struct State {
    /// JSON Pointer of the value being decoded.
    path: String,
    /// Length of `path` before each pushed segment.
    marks: Vec<usize>,
    mismatches: Vec<Mismatch>,
}

impl State {
    const fn new() -> Self {
        State {
            path: String::new(),
            marks: Vec::new(),
            mismatches: Vec::new(),
        }
    }
}

/// Whether the running decode degrades per field (asked for every field: inlined into the
/// callers' crates).
#[inline]
fn is_lenient() -> bool {
    LENIENT.with(Cell::get)
}

struct Scope {
    was_lenient: bool,
    saved: Option<State>,
}

impl Scope {
    /// Strict or lenient decoding until the scope ends; a lenient scope starts a fresh state.
    fn enter(lenient: bool) -> Scope {
        let was_lenient = LENIENT.with(|l| l.replace(lenient));
        let saved = lenient.then(|| STATE.with_borrow_mut(std::mem::take));
        Scope { was_lenient, saved }
    }

    /// The mismatches of this (lenient) scope; none for a strict one.
    fn take_mismatches(&self) -> Vec<Mismatch> {
        if self.saved.is_none() {
            return Vec::new();
        }
        STATE.with_borrow_mut(|s| std::mem::take(&mut s.mismatches))
    }
}

impl Drop for Scope {
    fn drop(&mut self) {
        LENIENT.with(|l| l.set(self.was_lenient));
        if let Some(saved) = self.saved.take() {
            STATE.with_borrow_mut(|s| *s = saved);
        }
    }
}

/// Strict decoding until the guard drops, for code that tries alternatives (untagged unions).
struct StrictGuard(bool);

impl StrictGuard {
    fn new() -> Self {
        StrictGuard(LENIENT.with(|l| l.replace(false)))
    }
}

impl Drop for StrictGuard {
    fn drop(&mut self) {
        LENIENT.with(|l| l.set(self.0));
    }
}

fn push_key(key: &str) {
    STATE.with_borrow_mut(|s| {
        let mark = s.path.len();
        s.marks.push(mark);
        s.path.push('/');
        for c in key.chars() {
            match c {
                '~' => s.path.push_str("~0"),
                '/' => s.path.push_str("~1"),
                c => s.path.push(c),
            }
        }
    });
}

fn push_index(index: usize) {
    use std::fmt::Write;
    STATE.with_borrow_mut(|s| {
        let mark = s.path.len();
        s.marks.push(mark);
        let _ = write!(s.path, "/{index}");
    });
}

fn pop() {
    STATE.with_borrow_mut(|s| {
        if let Some(mark) = s.marks.pop() {
            s.path.truncate(mark);
        }
    });
}

fn mismatch_count() -> usize {
    STATE.with_borrow(|s| s.mismatches.len())
}

/// Records that the value at the current path did not fit; mismatches recorded inside it since
/// `since` are replaced, as the whole value is kept.
fn record(since: usize, expected: String, raw: &RawValue, error: &serde_json::Error) {
    let value = serde_json::from_str(raw.get()).unwrap_or(Value::Null);
    STATE.with_borrow_mut(|s| {
        s.mismatches.truncate(since);
        s.mismatches.push(Mismatch {
            path: s.path.clone(),
            expected,
            value,
            message: without_position(error),
        });
    });
}

/// serde_json's message without " at line 1 column 7", which refers to a fragment.
fn without_position(error: &serde_json::Error) -> String {
    let text = error.to_string();
    match text.rfind(" at line ") {
        Some(at) => text[..at].to_owned(),
        None => text,
    }
}

/// `alloc::vec::Vec<intercom_api::models::Tag>` -> `Vec<Tag>`.
fn short_type_name(full: &str) -> String {
    let mut out = String::with_capacity(full.len());
    let mut segment_start = 0;
    for (i, c) in full.char_indices() {
        if c.is_alphanumeric() || c == '_' || c == ':' {
            continue;
        }
        out.push_str(last_segment(&full[segment_start..i]));
        out.push(c);
        segment_start = i + c.len_utf8();
    }
    out.push_str(last_segment(&full[segment_start..]));
    out
}

fn last_segment(path: &str) -> &str {
    path.rsplit("::").next().unwrap_or(path)
}

// ---------------------------------------------------------------------------------------------
// Field kinds: how one value decodes, and what it is called when it does not fit.

/// How one (possibly null) value decodes.
pub(crate) trait Kind<'de> {
    /// The decoded value.
    type Out;
    /// Decodes one value; `null` is `None`.
    fn decode<D: Deserializer<'de>>(deserializer: D) -> Result<Option<Self::Out>, D::Error>;
    /// Decodes one list item onto the end of `items` (nothing for `null`).
    fn push<D: Deserializer<'de>>(
        deserializer: D,
        items: &mut Vec<Self::Out>,
    ) -> Result<(), D::Error> {
        items.extend(Self::decode(deserializer)?);
        Ok(())
    }
    /// The type name shown in a [`Mismatch`].
    fn expected() -> String;
}

/// A value decoded by its own `Deserialize`.
pub(crate) struct Plain<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> Kind<'de> for Plain<T> {
    type Out = T;

    fn decode<D: Deserializer<'de>>(deserializer: D) -> Result<Option<T>, D::Error> {
        Option::<T>::deserialize(deserializer)
    }

    // Straight into the list, without the `Option` around the item: an item can be a large
    // model, and every layer it passes through by value copies it.
    fn push<D: Deserializer<'de>>(deserializer: D, items: &mut Vec<T>) -> Result<(), D::Error> {
        deserializer.deserialize_option(PushVisitor(items))
    }

    fn expected() -> String {
        short_type_name(std::any::type_name::<T>())
    }
}

/// A generated model as a list item: filled where it ends up in the list, not built aside and
/// moved in. A model can be over a kilobyte (a contact is 1.5 KB), and every layer a value
/// passes through by value copies all of it.
pub(crate) struct Model<T>(PhantomData<T>);

/// As [`Plain`], but for `push`.
impl<'de, T: Object + Deserialize<'de>> Kind<'de> for Model<T> {
    type Out = T;

    fn decode<D: Deserializer<'de>>(deserializer: D) -> Result<Option<T>, D::Error> {
        Plain::<T>::decode(deserializer)
    }

    fn push<D: Deserializer<'de>>(deserializer: D, items: &mut Vec<T>) -> Result<(), D::Error> {
        deserializer.deserialize_option(InPlace(items))
    }

    fn expected() -> String {
        Plain::<T>::expected()
    }
}

/// Fills a new last item of a list of models; `null` appends nothing, a failure removes it.
struct InPlace<'a, T>(&'a mut Vec<T>);

impl<'de, T: Object> Visitor<'de> for InPlace<'_, T> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        expecting_object(f, T::NAME)
    }

    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        self.0.push(T::default());
        let filled = match self.0.last_mut() {
            Some(item) => read(item, deserializer),
            None => Ok(()),
        };
        if filled.is_err() {
            self.0.pop();
        }
        filled
    }
}

/// Appends a list item decoded by its own `Deserialize`; `null` appends nothing.
struct PushVisitor<'a, T>(&'a mut Vec<T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for PushVisitor<'_, T> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list item")
    }

    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        self.0.push(T::deserialize(deserializer)?);
        Ok(())
    }
}

/// Decodes one list item with `K` onto the end of a list (strict decoding).
struct Push<'v, O, K>(&'v mut Vec<O>, PhantomData<K>);

impl<'de, K: Kind<'de>> DeserializeSeed<'de> for Push<'_, K::Out, K> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        K::push(deserializer, self.0)
    }
}

/// An integer, also given as a float without fraction (`49.0`) or a numeric string (`"49"`).
pub(crate) struct Int;

impl<'de> Kind<'de> for Int {
    type Out = i64;

    fn decode<D: Deserializer<'de>>(deserializer: D) -> Result<Option<i64>, D::Error> {
        deserializer.deserialize_any(IntVisitor { timestamp: false })
    }

    fn expected() -> String {
        "i64".to_owned()
    }
}

/// Unix seconds, also given as a numeric string or an ISO 8601 date or date-time.
pub(crate) struct Timestamp;

impl<'de> Kind<'de> for Timestamp {
    type Out = i64;

    fn decode<D: Deserializer<'de>>(deserializer: D) -> Result<Option<i64>, D::Error> {
        deserializer.deserialize_any(IntVisitor { timestamp: true })
    }

    fn expected() -> String {
        "timestamp (Unix seconds)".to_owned()
    }
}

/// A number, also given as a numeric string.
pub(crate) struct Number;

impl<'de> Kind<'de> for Number {
    type Out = f64;

    fn decode<D: Deserializer<'de>>(deserializer: D) -> Result<Option<f64>, D::Error> {
        deserializer.deserialize_any(NumberVisitor)
    }

    fn expected() -> String {
        "f64".to_owned()
    }
}

/// A list whose `null` items are dropped and, in a lenient decode, whose items that do not fit
/// are dropped and kept as mismatches.
pub(crate) struct List<K>(PhantomData<K>);

impl<'de, K: Kind<'de>> Kind<'de> for List<K> {
    type Out = Vec<K::Out>;

    fn decode<D: Deserializer<'de>>(deserializer: D) -> Result<Option<Vec<K::Out>>, D::Error> {
        deserializer.deserialize_any(ListVisitor::<K>(PhantomData))
    }

    fn expected() -> String {
        format!("Vec<{}>", K::expected())
    }
}

/// An item of a list whose items the description declares nullable: `null` stays in the list
/// as `None`.
pub(crate) struct Nullable<K>(PhantomData<K>);

impl<'de, K: Kind<'de>> Kind<'de> for Nullable<K> {
    type Out = Option<K::Out>;

    fn decode<D: Deserializer<'de>>(deserializer: D) -> Result<Option<Self::Out>, D::Error> {
        K::decode(deserializer).map(Some)
    }

    fn expected() -> String {
        format!("Option<{}>", K::expected())
    }
}

/// Decodes one value with `K`. In a lenient decode, a value that does not fit becomes `None`
/// and a [`Mismatch`].
struct Field<K>(PhantomData<K>);

impl<'de, K: Kind<'de>> DeserializeSeed<'de> for Field<K> {
    type Value = Option<K::Out>;

    #[inline]
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        if is_lenient() {
            return lenient_field::<K, D>(deserializer);
        }
        K::decode(deserializer)
    }
}

/// A field of a lenient decode, kept out of line: the strict path is the one to inline.
#[cold]
#[inline(never)]
fn lenient_field<'de, K: Kind<'de>, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<K::Out>, D::Error> {
    // A lenient decode always reads text with serde_json: the value is captured raw
    // (borrowed, no copy), then decoded from its own text, so a failure inside it leaves
    // the outer reader intact.
    let raw = <&'de RawValue>::deserialize(deserializer)?;
    let mut slot = None;
    degrade(raw, K::expected, &mut |inner| {
        slot = K::decode(inner)?;
        Ok(())
    });
    Ok(slot)
}

/// The part of a lenient field decode that does not depend on the field's type.
fn degrade<'de>(
    raw: &'de RawValue,
    expected: fn() -> String,
    decode: &mut dyn FnMut(&mut serde_json::Deserializer<StrRead<'de>>) -> serde_json::Result<()>,
) {
    let since = mismatch_count();
    let mut inner = serde_json::Deserializer::from_str(raw.get());
    if let Err(error) = decode(&mut inner) {
        record(since, expected(), raw, &error);
    }
}

fn next_value<'de, K: Kind<'de>, A: MapAccess<'de>>(
    map: &mut A,
) -> Result<Option<K::Out>, A::Error> {
    map.next_value_seed(Field::<K>(PhantomData))
}

// Field setters called by the generated `Object::field` implementations (public for them, and
// hidden: they are not an API for apps). Never inlined: each
// is compiled once per value type and shared by every field of that type in every model, which
// keeps the code a body runs through small (inlined into every arm of a large model's `field`,
// they cost 17% more instruction-cache misses decoding a page of contacts, under callgrind).

/// A field decoded by its type's own `Deserialize`.
#[inline(never)]
#[doc(hidden)]
pub fn plain<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
    map: &mut A,
    slot: &mut Option<T>,
) -> Result<(), A::Error> {
    *slot = next_value::<Plain<T>, A>(map)?;
    Ok(())
}

/// An integer field.
#[inline(never)]
#[doc(hidden)]
pub fn int<'de, A: MapAccess<'de>>(map: &mut A, slot: &mut Option<i64>) -> Result<(), A::Error> {
    *slot = next_value::<Int, A>(map)?;
    Ok(())
}

/// A timestamp field (Unix seconds).
#[inline(never)]
#[doc(hidden)]
pub fn timestamp<'de, A: MapAccess<'de>>(
    map: &mut A,
    slot: &mut Option<i64>,
) -> Result<(), A::Error> {
    *slot = next_value::<Timestamp, A>(map)?;
    Ok(())
}

/// A number field.
#[inline(never)]
#[doc(hidden)]
pub fn number<'de, A: MapAccess<'de>>(map: &mut A, slot: &mut Option<f64>) -> Result<(), A::Error> {
    *slot = next_value::<Number, A>(map)?;
    Ok(())
}

/// A list field whose items decode by their own `Deserialize`.
#[inline(never)]
#[doc(hidden)]
pub fn list<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
    map: &mut A,
    slot: &mut Option<Vec<T>>,
) -> Result<(), A::Error> {
    list_of::<Plain<T>, A>(map, slot)
}

/// A list field of generated models, each filled in place (see [`Model`]).
#[inline(never)]
#[doc(hidden)]
pub fn model_list<'de, A: MapAccess<'de>, T: Object + Deserialize<'de>>(
    map: &mut A,
    slot: &mut Option<Vec<T>>,
) -> Result<(), A::Error> {
    list_of::<Model<T>, A>(map, slot)
}

/// A list field whose items may be `null` (kept as `None`).
#[inline(never)]
#[doc(hidden)]
pub fn nullable_list<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
    map: &mut A,
    slot: &mut Option<Vec<Option<T>>>,
) -> Result<(), A::Error> {
    list_of::<Nullable<Plain<T>>, A>(map, slot)
}

/// A list field whose items decode as kind `K` (integers, timestamps, numbers).
#[inline(never)]
pub(crate) fn list_of<'de, K: Kind<'de>, A: MapAccess<'de>>(
    map: &mut A,
    slot: &mut Option<Vec<K::Out>>,
) -> Result<(), A::Error> {
    *slot = next_value::<List<K>, A>(map)?;
    Ok(())
}

/// Fills a list object's items from a bare JSON array (see [`Object::items`]).
#[doc(hidden)]
pub fn items<'de, S: SeqAccess<'de>, T: Deserialize<'de>>(
    seq: S,
    slot: &mut Option<Vec<T>>,
) -> Result<bool, S::Error> {
    *slot = ListVisitor::<Plain<T>>(PhantomData).visit_seq(seq)?;
    Ok(true)
}

// ---------------------------------------------------------------------------------------------
// Objects: the generated models implement `Object`; `object` is their `Deserialize`.

/// A generated model with named fields, decoded by [`object`]: known properties by index,
/// unknown ones kept in `extra`. Only the properties a body sends are touched.
#[doc(hidden)]
pub trait Object: Default {
    /// The type's name, for error messages.
    const NAME: &'static str;
    /// Wire names of the fields.
    const FIELDS: &'static [&'static str];

    /// The index in `FIELDS` of a property name, given as bytes: a declared name matches byte
    /// for byte, so a key needs no UTF-8 check (serde_json checks every string it hands out as
    /// `&str`, and most keys of a body are declared ones).
    fn index(key: &[u8]) -> Option<usize>;

    /// Decodes the value of field `FIELDS[index]` into its field.
    fn field<'de, A: MapAccess<'de>>(&mut self, index: usize, map: &mut A) -> Result<(), A::Error>;

    /// Where properties the description does not declare are kept.
    fn extra(&mut self) -> &mut Extra;

    /// Whether a bare JSON array is also this object: a list object's items, which the API
    /// sends for some of them (`GET /away_status_reasons`, `conversation.contacts`).
    const BARE_ARRAY: bool = false;

    /// Fills a list object's items from a bare JSON array; other objects return false.
    fn items<'de, S: SeqAccess<'de>>(&mut self, seq: S) -> Result<bool, S::Error> {
        let _ = seq;
        Ok(false)
    }
}

/// `Deserialize` for every [`Object`].
#[doc(hidden)]
pub fn object<'de, T: Object, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
    let mut value = T::default();
    read(&mut value, deserializer)?;
    Ok(value)
}

/// Reads one value into `value`, whose fields are all `None`: a JSON object, or for a list
/// object also a bare array of its items, which needs serde's self-describing entry point.
fn read<'de, T: Object, D: Deserializer<'de>>(
    value: &mut T,
    deserializer: D,
) -> Result<(), D::Error> {
    if T::BARE_ARRAY {
        deserializer.deserialize_any(Fields(value))
    } else {
        deserializer.deserialize_map(Fields(value))
    }
}

/// An [`Object`] read from a map another visitor was given (a type with several shapes).
#[doc(hidden)]
pub fn object_from_map<'de, T: Object, A: MapAccess<'de>>(map: A) -> Result<T, A::Error> {
    let mut value = T::default();
    Fields(&mut value).visit_map(map)?;
    Ok(value)
}

/// Fills an [`Object`]; the work is done by [`fill`], which does not depend on the type.
struct Fields<'t, T>(&'t mut T);

impl<'de, T: Object> Visitor<'de> for Fields<'_, T> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        expecting_object(f, T::NAME)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        fill(&mut map, T::FIELDS, T::index, self.0)
    }

    fn visit_seq<S: SeqAccess<'de>>(self, seq: S) -> Result<(), S::Error> {
        if self.0.items(seq)? {
            Ok(())
        } else {
            Err(de::Error::invalid_type(de::Unexpected::Seq, &self))
        }
    }
}

fn expecting_object(f: &mut fmt::Formatter<'_>, name: &str) -> fmt::Result {
    write!(f, "a {name} object")
}

/// An object's fields as seen by [`fill`]: each type's `Object` implementation.
trait Sink<'de, A: MapAccess<'de>> {
    fn field(&mut self, index: usize, map: &mut A) -> Result<(), A::Error>;
    fn extra(&mut self) -> &mut Extra;
}

impl<'de, A: MapAccess<'de>, T: Object> Sink<'de, A> for T {
    fn field(&mut self, index: usize, map: &mut A) -> Result<(), A::Error> {
        Object::field(self, index, map)
    }

    fn extra(&mut self) -> &mut Extra {
        Object::extra(self)
    }
}

/// Reads every property of a map: declared ones into their fields, others into `extra`. One
/// loop for every type (through `Sink`), which keeps the code a body runs through small.
fn fill<'de, A: MapAccess<'de>>(
    map: &mut A,
    fields: &'static [&'static str],
    index: fn(&[u8]) -> Option<usize>,
    target: &mut dyn Sink<'de, A>,
) -> Result<(), A::Error> {
    let lenient = is_lenient();
    loop {
        // The seed reaches `extra` only for an undeclared key: most keys cost no call for it.
        let seed = KeySeed {
            index,
            target: &mut *target,
        };
        match map.next_key_seed(seed)? {
            None => return Ok(()),
            Some(Key::Known(index)) if lenient => {
                push_key(fields[index]);
                let result = target.field(index, map);
                pop();
                result?;
            }
            Some(Key::Known(index)) => target.field(index, map)?,
            // Undeclared: the key is already in `extra`; the value is kept as JSON text, lent
            // by the reader when it can (see `KeySeed::visit_borrowed_bytes`), else rewritten.
            Some(Key::Extra { lent }) => {
                let extra = target.extra();
                if lent {
                    let raw = map.next_value::<&'de RawValue>()?;
                    extra.buffer().extend_from_slice(raw.get().as_bytes());
                } else {
                    map.next_value_seed(Transcode(extra.buffer()))?;
                }
                extra.end();
            }
        }
    }
}

enum Key {
    /// The index of a declared field.
    Known(usize),
    /// An undeclared property, begun in the object's [`Extra`]; `lent` when the reader can
    /// lend the value's JSON text.
    Extra { lent: bool },
}

struct KeySeed<'t, 'de, A> {
    index: fn(&[u8]) -> Option<usize>,
    target: &'t mut dyn Sink<'de, A>,
}

impl<'de, A: MapAccess<'de>> DeserializeSeed<'de> for KeySeed<'_, 'de, A> {
    type Value = Key;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Key, D::Error> {
        // As bytes: serde_json then skips the UTF-8 check, which only an undeclared key needs.
        // Deserializers without bytes (`serde_json::Value`) hand out `&str` instead.
        deserializer.deserialize_bytes(self)
    }
}

impl<'de, A: MapAccess<'de>> KeySeed<'_, 'de, A> {
    // Asked for every key of every object: the declared-key path is forced inline, as LLVM
    // chose while the models and the runtime were one crate (left out of line, a page of
    // contacts ran 3% more instructions). An undeclared key takes the call.
    #[inline(always)]
    fn key<E: de::Error>(self, key: &[u8], lent: bool) -> Result<Key, E> {
        match (self.index)(key) {
            Some(index) => Ok(Key::Known(index)),
            None => self.extra_key(key, lent),
        }
    }

    fn extra_key<E: de::Error>(self, key: &[u8], lent: bool) -> Result<Key, E> {
        let text = std::str::from_utf8(key)
            .map_err(|_| E::invalid_value(de::Unexpected::Bytes(key), &"a UTF-8 property name"))?;
        self.target.extra().begin(text);
        Ok(Key::Extra { lent })
    }
}

impl<'de, A: MapAccess<'de>> Visitor<'de> for KeySeed<'_, 'de, A> {
    type Value = Key;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a property name")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<Key, E> {
        self.key(key.as_bytes(), false)
    }

    fn visit_bytes<E: de::Error>(self, key: &[u8]) -> Result<Key, E> {
        self.key(key, false)
    }

    /// Only a reader of JSON text held in memory (serde_json's `from_slice`/`from_str`) lends a
    /// key's bytes in place when asked for bytes: such a reader also lends a value's text as
    /// a `RawValue`, which keeps an undeclared value without decoding it. Other deserializers
    /// (`serde_json::Value`, serde's buffered content, readers of `io::Read`) hand out text or
    /// copied bytes, and the value is rewritten instead.
    fn visit_borrowed_bytes<E: de::Error>(self, key: &'de [u8]) -> Result<Key, E> {
        self.key(key, true)
    }
}

struct ListVisitor<K>(PhantomData<K>);

impl<'de, K: Kind<'de>> Visitor<'de> for ListVisitor<K> {
    type Value = Option<Vec<K::Out>>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_seq<S: SeqAccess<'de>>(self, mut seq: S) -> Result<Self::Value, S::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
        if !is_lenient() {
            while seq
                .next_element_seed(Push::<_, K>(&mut items, PhantomData))?
                .is_some()
            {}
            return Ok(Some(items));
        }
        for index in 0.. {
            push_index(index);
            let item = seq.next_element_seed(Field::<K>(PhantomData));
            pop();
            match item? {
                Some(item) => items.extend(item),
                None => break,
            }
        }
        Ok(Some(items))
    }
}

// ---------------------------------------------------------------------------------------------
// Scalars.

struct IntVisitor {
    timestamp: bool,
}

impl Visitor<'_> for IntVisitor {
    type Value = Option<i64>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.timestamp {
            f.write_str("a timestamp (Unix seconds, or an ISO 8601 string)")
        } else {
            f.write_str("an integer")
        }
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Some(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        i64::try_from(v)
            .map(Some)
            .map_err(|_| E::invalid_value(de::Unexpected::Unsigned(v), &self))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        whole(v)
            .map(Some)
            .ok_or_else(|| E::invalid_value(de::Unexpected::Float(v), &self))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        let text = v.trim();
        let number = text
            .parse::<i64>()
            .ok()
            .or_else(|| text.parse::<f64>().ok().and_then(whole));
        let parsed = match number {
            Some(n) => Some(n),
            None if self.timestamp => time::parse_iso8601(text),
            None => None,
        };
        parsed
            .map(Some)
            .ok_or_else(|| E::invalid_value(de::Unexpected::Str(v), &self))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
}

/// `49.0` -> 49; a fraction or a value out of range is not an integer.
fn whole(v: f64) -> Option<i64> {
    // -2^63 and 2^63 are exact in f64; the range check keeps the cast lossless.
    let range = -9_223_372_036_854_775_808.0..9_223_372_036_854_775_808.0;
    (v.fract() == 0.0 && range.contains(&v)).then_some(v as i64)
}

struct NumberVisitor;

impl Visitor<'_> for NumberVisitor {
    type Value = Option<f64>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a number")
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Some(v as f64))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Some(v as f64))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok(Some(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        v.trim()
            .parse::<f64>()
            .ok()
            .filter(|n| n.is_finite())
            .map(Some)
            .ok_or_else(|| E::invalid_value(de::Unexpected::Str(v), &self))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
}

// ---------------------------------------------------------------------------------------------
// Unions: buffered as JSON, then decoded as the chosen branch.

/// The string value of `property` in a JSON object (the tag of a tagged union).
#[doc(hidden)]
pub fn tag<'v>(value: &'v Value, property: &str) -> Option<&'v str> {
    value.get(property).and_then(Value::as_str)
}

/// Decodes the branch of a tagged union chosen by its tag. Strictly, a branch that does not fit
/// fails the decode (which is then retried leniently); leniently, the branch degrades per field,
/// and `None` means it could not be decoded at all (the caller keeps the JSON).
#[doc(hidden)]
pub fn branch<T: DeserializeOwned, E: de::Error>(value: &Value) -> Result<Option<T>, E> {
    // Through bytes rather than from the `Value`, so that the branch's decoding code is the one
    // the rest of the SDK already uses, and a lenient decode keeps its paths.
    let text = serde_json::to_string(value).map_err(E::custom)?;
    let mut deserializer = serde_json::Deserializer::from_str(&text);
    match T::deserialize(&mut deserializer) {
        Ok(branch) => Ok(Some(branch)),
        Err(_) if is_lenient() => Ok(None),
        Err(error) => Err(E::custom(without_position(&error))),
    }
}

/// The value as `T` if it fits exactly (to try the branches of an untagged union in order).
#[doc(hidden)]
pub fn fits<T: DeserializeOwned>(value: &Value) -> Option<T> {
    let _strict = StrictGuard::new();
    T::deserialize(value).ok()
}

/// In a lenient decode, the value decoded as the union's only object branch, degrading per field,
/// when no branch fit exactly.
// Only generated code calls it, and only descriptions with such a union (not 2.7-2.11) make it.
#[allow(dead_code)]
#[doc(hidden)]
pub fn object_branch<T: DeserializeOwned>(value: &Value) -> Option<T> {
    if !is_lenient() || !value.is_object() {
        return None;
    }
    branch::<T, serde_json::Error>(value).ok().flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_names() {
        assert_eq!(
            short_type_name("alloc::vec::Vec<intercom_api::models::Tag>"),
            "Vec<Tag>"
        );
        assert_eq!(short_type_name("i64"), "i64");
        assert_eq!(
            short_type_name(
                "std::collections::BTreeMap<alloc::string::String, serde_json::value::Value>"
            ),
            "BTreeMap<String, Value>"
        );
    }

    #[test]
    fn integers_widen() {
        let ints: Vec<Option<i64>> = ["1", "49.0", "\"7\"", "\" 8 \"", "\"9.0\"", "null"]
            .iter()
            .map(|t| {
                Int::decode(&mut serde_json::Deserializer::from_str(t))
                    .ok()
                    .flatten()
            })
            .collect();
        assert_eq!(
            ints,
            vec![Some(1), Some(49), Some(7), Some(8), Some(9), None]
        );
        for bad in ["4.5", "\"x\"", "true", "{}", "1e30"] {
            assert!(
                Int::decode(&mut serde_json::Deserializer::from_str(bad)).is_err(),
                "{bad}"
            );
        }
    }

    #[test]
    fn timestamps_widen() {
        let parse = |t: &str| {
            Timestamp::decode(&mut serde_json::Deserializer::from_str(t))
                .ok()
                .flatten()
        };
        assert_eq!(parse("1700000000"), Some(1_700_000_000));
        assert_eq!(parse("\"1700000000\""), Some(1_700_000_000));
        assert_eq!(parse("\"2023-11-14T22:13:20Z\""), Some(1_700_000_000));
        assert_eq!(
            parse("\"2023-11-14T23:13:20.123+01:00\""),
            Some(1_700_000_000)
        );
        assert_eq!(parse("\"2023-11-14\""), Some(1_699_920_000));
    }

    use crate::AvatarImage;

    #[test]
    fn keys_match_through_every_reader() {
        let body = r#"{"image_\u0075rl": "u", "new": {"a": [1, 2.50]}, "n\u0065xt": true}"#;
        let expected = serde_json::json!({"new": {"a": [1, 2.5]}, "next": true});
        let from_slice: AvatarImage = serde_json::from_slice(body.as_bytes()).expect("slice");
        let from_reader: AvatarImage = serde_json::from_reader(body.as_bytes()).expect("reader");
        let value: Value = serde_json::from_str(body).expect("json");
        let from_value: AvatarImage = serde_json::from_value(value).expect("value");
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Buffered {
            Image(AvatarImage),
        }
        let Buffered::Image(buffered) = serde_json::from_str(body).expect("buffered");
        for image in [&from_slice, &from_reader, &from_value, &buffered] {
            assert_eq!(image.image_url.as_deref(), Some("u"));
            assert_eq!(
                serde_json::to_value(&image.extra).ok(),
                Some(expected.clone())
            );
        }
        // Lent by the reader, an undeclared value is kept exactly as sent.
        assert_eq!(
            from_slice.extra.to_json(),
            r#"{"new":{"a": [1, 2.50]},"next":true}"#
        );
    }

    #[test]
    fn an_undeclared_key_that_is_not_utf8_is_an_error() {
        let body = b"{\"image_url\": \"u\", \"\xff\": 1}";
        assert!(serde_json::from_slice::<AvatarImage>(body).is_err());
    }

    /// A model of several hundred bytes.
    #[derive(Default)]
    struct Large {
        n: Option<i64>,
        _padding: Option<[u64; 80]>,
        extra: Extra,
    }

    impl Object for Large {
        const NAME: &'static str = "Large";
        const FIELDS: &'static [&'static str] = &["n"];
        fn index(key: &[u8]) -> Option<usize> {
            (key == b"n").then_some(0)
        }
        fn field<'de, A: MapAccess<'de>>(&mut self, _: usize, map: &mut A) -> Result<(), A::Error> {
            int(map, &mut self.n)
        }
        fn extra(&mut self) -> &mut Extra {
            &mut self.extra
        }
    }

    impl<'de> Deserialize<'de> for Large {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            object(deserializer)
        }
    }

    /// A list object: `{"data": [...]}`, or the bare array.
    #[derive(Default)]
    struct Page {
        data: Option<Vec<Large>>,
        extra: Extra,
    }

    impl Object for Page {
        const NAME: &'static str = "Page";
        const FIELDS: &'static [&'static str] = &["data"];
        const BARE_ARRAY: bool = true;
        fn index(key: &[u8]) -> Option<usize> {
            (key == b"data").then_some(0)
        }
        fn field<'de, A: MapAccess<'de>>(&mut self, _: usize, map: &mut A) -> Result<(), A::Error> {
            model_list(map, &mut self.data)
        }
        fn extra(&mut self) -> &mut Extra {
            &mut self.extra
        }
        fn items<'de, S: SeqAccess<'de>>(&mut self, seq: S) -> Result<bool, S::Error> {
            items(seq, &mut self.data)
        }
    }

    /// Pages in place, each an object or a bare array.
    #[derive(Default)]
    struct Book {
        pages: Option<Vec<Page>>,
        extra: Extra,
    }

    impl Object for Book {
        const NAME: &'static str = "Book";
        const FIELDS: &'static [&'static str] = &["pages"];
        fn index(key: &[u8]) -> Option<usize> {
            (key == b"pages").then_some(0)
        }
        fn field<'de, A: MapAccess<'de>>(&mut self, _: usize, map: &mut A) -> Result<(), A::Error> {
            model_list(map, &mut self.pages)
        }
        fn extra(&mut self) -> &mut Extra {
            &mut self.extra
        }
    }

    impl<'de> Deserialize<'de> for Book {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            object(deserializer)
        }
    }

    fn numbers(page: &Page) -> Vec<i64> {
        page.data
            .iter()
            .flatten()
            .filter_map(|item| item.n)
            .collect()
    }

    /// `body` with its value returned rather than left in a slot.
    fn decoded<T: DeserializeOwned>(
        body: &[u8],
        strict: bool,
    ) -> Result<(T, Vec<Mismatch>), Box<Failure>> {
        let mut slot = None;
        let mismatches = super::body::<T>(body, strict, &mut slot)?;
        Ok((slot.expect("a value after success"), mismatches))
    }

    #[test]
    fn models_in_place_take_objects_bare_arrays_and_nulls() {
        let body = br#"{"pages": [{"data": [{"n": 1}, null]}, null, [{"n": 2}, {"n": 3}], {}]}"#;
        let (book, mismatches) = decoded::<Book>(body, true).expect("book");
        assert!(mismatches.is_empty());
        let pages = book.pages.unwrap_or_default();
        let read: Vec<Vec<i64>> = pages.iter().map(numbers).collect();
        assert_eq!(read, vec![vec![1], vec![2, 3], vec![]]);
    }

    #[test]
    fn a_model_in_place_that_does_not_fit_fails_strictly_and_is_kept_leniently() {
        let body = br#"{"pages": [{"data": [{"n": 1}]}, "torn out", {"data": [{"n": "x"}]}]}"#;
        let strict = decoded::<Book>(body, true)
            .err()
            .map(|failure| failure.path);
        assert_eq!(strict.as_deref(), Some("/pages/1"));
        let (book, mismatches) = decoded::<Book>(body, false).expect("lenient");
        let paths: Vec<&str> = mismatches.iter().map(|m| m.path.as_str()).collect();
        assert_eq!(paths, ["/pages/1", "/pages/2/data/0/n"]);
        let read: Vec<Vec<i64>> = book.pages.unwrap_or_default().iter().map(numbers).collect();
        assert_eq!(read, vec![vec![1], vec![]]);
    }

    impl<'de> Deserialize<'de> for Page {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            object(deserializer)
        }
    }

    #[test]
    fn lists_of_large_models_keep_every_item_in_order() {
        for count in [0, 1, 4, 5, 21, 150] {
            let mut items: Vec<String> = (0..count).map(|i| format!(r#"{{"n": {i}}}"#)).collect();
            items.push("null".to_owned());
            let body = format!(r#"{{"data": [{}]}}"#, items.join(","));
            let page: Page = serde_json::from_str(&body).expect("page");
            assert_eq!(numbers(&page), (0..count).collect::<Vec<i64>>());
            let data = page.data.unwrap_or_default();
            let numbers: Vec<i64> = data.iter().filter_map(|item| item.n).collect();
            assert_eq!(numbers, (0..count).collect::<Vec<i64>>());
            // Grown like any `Vec` and never shrunk: a shrink frees the tail at the top of the
            // heap, which the allocator may give back to the OS and fault in again next time.
            assert!(
                data.capacity() <= 2 * data.len().max(2),
                "{count}: {}",
                data.capacity()
            );
        }
    }

    #[test]
    fn restore_puts_values_back() {
        let mut value = serde_json::json!({"a": {"b": 1}, "list": [1, 3]});
        let mismatches = vec![
            Mismatch {
                path: "/a/c~1d".into(),
                expected: "i64".into(),
                value: Value::String("x".into()),
                message: String::new(),
            },
            Mismatch {
                path: "/list/1".into(),
                expected: "i64".into(),
                value: Value::String("two".into()),
                message: String::new(),
            },
        ];
        restore(&mut value, &mismatches);
        assert_eq!(
            value,
            serde_json::json!({"a": {"b": 1, "c/d": "x"}, "list": [1, "two", 3]})
        );
    }
}
