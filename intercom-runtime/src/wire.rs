//! How generated models meet the wire: lenient ids, open string enums, tagged unions and query
//! strings. Intercom's responses break their own description in small ways (numbers where it
//! says strings, enum values it does not list); these helpers make such payloads decode.
use std::borrow::Cow;
use std::fmt;
use std::future::Future;
use std::pin::Pin;

use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

/// The future behind `.await` on a request builder.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// The traits of a newtype over [`Text`]: it reads, prints, compares and encodes as its text,
/// and is made from text.
macro_rules! text_type {
    ($name:ident, $what:literal) => {
        impl $name {
            #[doc = concat!($what, " as text.")]
            #[inline]
            pub fn as_str(&self) -> &str {
                self.0.as_str()
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Debug::fmt(self.as_str(), f)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::ops::Deref for $name {
            type Target = str;
            #[inline]
            fn deref(&self) -> &str {
                self.as_str()
            }
        }

        impl AsRef<str> for $name {
            #[inline]
            fn as_ref(&self) -> &str {
                self.as_str()
            }
        }

        impl From<String> for $name {
            fn from(text: String) -> Self {
                $name(Text::from(text))
            }
        }

        impl From<&str> for $name {
            #[inline]
            fn from(text: &str) -> Self {
                $name(Text::new(text))
            }
        }

        impl From<&String> for $name {
            fn from(text: &String) -> Self {
                $name(Text::new(text))
            }
        }

        impl From<$name> for String {
            fn from(value: $name) -> Self {
                value.0.into_string()
            }
        }

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.as_str() == other
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.as_str() == *other
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }
    };
}

/// An Intercom identifier. The API sends ids as JSON strings or numbers (sometimes both for
/// the same field); both decode, and an id is always sent back as a string.
///
/// Ids of up to 24 bytes (Intercom's are 24 hex digits, or shorter numbers) are kept inline,
/// so decoding one allocates nothing.
#[derive(Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Id(Text);

/// Up to [`INLINE`] bytes of text in place, longer text on the heap.
#[derive(Clone)]
enum Text {
    Inline { len: u8, bytes: [u8; INLINE] },
    Heap(Box<str>),
}

const INLINE: usize = 24;

// Compared, ordered and hashed as the text, whichever way it is stored.
impl PartialEq for Text {
    fn eq(&self, other: &Text) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for Text {}

impl PartialOrd for Text {
    fn partial_cmp(&self, other: &Text) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Text {
    fn cmp(&self, other: &Text) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl std::hash::Hash for Text {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl From<String> for Text {
    #[inline]
    fn from(text: String) -> Text {
        if text.len() <= INLINE {
            Text::new(&text)
        } else {
            Text::Heap(text.into_boxed_str())
        }
    }
}

impl From<Cow<'_, str>> for Text {
    #[inline]
    fn from(text: Cow<'_, str>) -> Text {
        match text {
            Cow::Borrowed(text) => Text::new(text),
            Cow::Owned(text) => Text::from(text),
        }
    }
}

impl Default for Text {
    fn default() -> Self {
        Text::Inline {
            len: 0,
            bytes: [0; INLINE],
        }
    }
}

// Inlined: ids and types are decoded in the generated crate, for every object of a page.
impl Text {
    #[inline]
    fn new(text: &str) -> Text {
        let len = text.len();
        if len > INLINE {
            return Text::Heap(text.into());
        }
        let mut bytes = [0; INLINE];
        bytes[..len].copy_from_slice(text.as_bytes());
        Text::Inline {
            len: len as u8,
            bytes,
        }
    }

    fn into_string(self) -> String {
        match self {
            Text::Heap(text) => text.into_string(),
            inline => inline.as_str().to_owned(),
        }
    }

    #[inline]
    fn as_str(&self) -> &str {
        match self {
            // Inline bytes are always a whole `str` copied in; the check cannot fail.
            Text::Inline { len, bytes } => {
                std::str::from_utf8(&bytes[..usize::from(*len)]).unwrap_or_default()
            }
            Text::Heap(text) => text,
        }
    }
}

text_type!(Id, "The id");

impl Id {
    /// A new id.
    pub fn new(id: impl Into<String>) -> Self {
        Id::from(id.into())
    }

    /// The id as an owned `String`.
    pub fn into_string(self) -> String {
        self.0.into_string()
    }
}

impl From<&Id> for Id {
    fn from(id: &Id) -> Self {
        id.clone()
    }
}

impl From<i64> for Id {
    fn from(id: i64) -> Self {
        Id::from(id.to_string())
    }
}

impl From<u64> for Id {
    fn from(id: u64) -> Self {
        Id::from(id.to_string())
    }
}

impl From<i32> for Id {
    fn from(id: i32) -> Self {
        Id::from(id.to_string())
    }
}

impl From<u32> for Id {
    fn from(id: u32) -> Self {
        Id::from(id.to_string())
    }
}

impl<'de> Deserialize<'de> for Id {
    #[inline]
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer
            .deserialize_any(ScalarText("an id (string or number)"))
            .map(|text| Id(Text::from(text)))
    }
}

/// The `type` Intercom gives an object: `contact`, `tag`, `conversation.list`... (the value of
/// a `type` property the API description declares as a plain string; where it lists the values,
/// the property is an enum instead).
///
/// Kept inline like [`Id`], so that decoding one allocates nothing; it reads as a `&str`.
///
/// ```
/// use intercom_api::models::Contact;
///
/// let contact: Contact = serde_json::from_str(r#"{"type": "contact", "id": "c1"}"#)?;
/// assert_eq!(contact.type_.as_deref(), Some("contact"));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ObjectType(Text);

text_type!(ObjectType, "The type");

impl<'de> Deserialize<'de> for ObjectType {
    #[inline]
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        enum_text(deserializer).map(|text| ObjectType(Text::from(text)))
    }
}

/// Serialisers for ids the API declares as integers: sent as JSON numbers when the text is a
/// number (an id that is not a number is sent as the string it is).
pub mod numeric_id {
    use serde::Serializer;

    use super::Id;

    /// One id.
    pub fn one<S: Serializer>(id: &Id, serializer: S) -> Result<S::Ok, S::Error> {
        match id.as_str().parse::<i64>() {
            Ok(number) => serializer.serialize_i64(number),
            Err(_) => serializer.serialize_str(id.as_str()),
        }
    }

    /// An optional id.
    pub fn option<S: Serializer>(id: &Option<Id>, serializer: S) -> Result<S::Ok, S::Error> {
        match id {
            Some(id) => one(id, serializer),
            None => serializer.serialize_none(),
        }
    }

    /// A list of ids.
    pub fn list<S: Serializer>(ids: &[Id], serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(ids.iter().map(Numeric))
    }

    /// An optional list of ids.
    pub fn option_list<S: Serializer>(
        ids: &Option<Vec<Id>>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match ids {
            Some(ids) => list(ids, serializer),
            None => serializer.serialize_none(),
        }
    }

    struct Numeric<'a>(&'a Id);

    impl serde::Serialize for Numeric<'_> {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            one(self.0, serializer)
        }
    }
}

/// Accepts a JSON string, number or boolean as text.
struct ScalarText(&'static str);

impl<'de> Visitor<'de> for ScalarText {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v.to_owned()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v.to_string()))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v.to_string()))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v.to_string()))
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v.to_string()))
    }
}

/// Decode the text of an enum value (a string, or a scalar the API sent instead).
pub fn enum_text<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Cow<'de, str>, D::Error> {
    deserializer.deserialize_any(ScalarText("an enum value (string)"))
}

/// Implements the traits of an open string enum from its `as_str` and `From<&str>`: known
/// values are variants, any other value is kept in the catch-all variant and serialised back
/// unchanged.
// Only the generated models call it (as `crate::wire::impl_string_enum!`).
#[doc(hidden)]
#[macro_export]
macro_rules! impl_string_enum {
    ($name:ident) => {
        impl From<String> for $name {
            fn from(value: String) -> Self {
                Self::from(value.as_str())
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                $crate::wire::enum_text(deserializer).map(|text| Self::from(text.as_ref()))
            }
        }
    };
}
#[doc(hidden)]
pub use crate::impl_string_enum;

/// Query pairs for an object parameter exploded into the query string (`style: form`,
/// `explode: true`): each property becomes a parameter.
pub fn exploded_query<T: Serialize>(value: &T) -> Vec<(String, String)> {
    match serde_json::to_value(value) {
        Ok(Value::Object(map)) => map
            .into_iter()
            .filter(|(_, v)| !v.is_null())
            .map(|(k, v)| (k, query_text(&v)))
            .collect(),
        _ => Vec::new(),
    }
}

/// Text of one query (or header) value: strings without quotes, numbers and booleans as
/// written in JSON, enums as their wire value.
pub fn query_value<T: Serialize + ?Sized>(value: &T) -> String {
    // Models serialise to JSON without failing (string keys only), so no error is lost here.
    serde_json::to_value(value)
        .map(|v| query_text(&v))
        .unwrap_or_default()
}

/// A list written as one comma-separated value (`style: form, explode: false`).
pub fn query_list<T: Serialize>(values: &[T]) -> String {
    values.iter().map(query_value).collect::<Vec<_>>().join(",")
}

/// Text of a JSON value in a query string: strings without quotes, the rest as JSON.
pub fn query_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq)]
    enum Color {
        Red,
        NotEqual,
        Unknown(String),
    }

    impl Color {
        fn as_str(&self) -> &str {
            match self {
                Self::Red => "red",
                Self::NotEqual => "!=",
                Self::Unknown(value) => value,
            }
        }
    }

    impl From<&str> for Color {
        fn from(value: &str) -> Self {
            match value {
                "red" => Self::Red,
                "!=" => Self::NotEqual,
                other => Self::Unknown(other.to_owned()),
            }
        }
    }

    impl_string_enum!(Color);

    #[test]
    fn ids_accept_strings_and_numbers() {
        let ids: Vec<Id> = serde_json::from_str(r#"["a1", 42, 7.5]"#).expect("ids decode");
        assert_eq!(ids, vec![Id::from("a1"), Id::from("42"), Id::from("7.5")]);
        assert_eq!(
            serde_json::to_string(&Id::from(42_i64)).expect("serialises"),
            r#""42""#
        );
    }

    #[test]
    fn short_and_long_ids_behave_the_same() {
        use std::collections::BTreeSet;
        let short = "6762f0cd1bb69f9f21930000"; // 24 bytes: inline
        let long = "6762f0cd1bb69f9f219300001"; // 25 bytes: on the heap
        for text in [short, long, "", "é✓"] {
            let from_str = Id::from(text);
            let from_string = Id::from(text.to_owned());
            let decoded: Id = serde_json::from_str(&format!("{text:?}")).expect("decodes");
            assert_eq!(from_str, from_string);
            assert_eq!(from_str, decoded);
            assert_eq!(decoded.as_str(), text);
            assert_eq!(&*decoded, text);
            assert_eq!(decoded.clone().into_string(), text);
            assert_eq!(String::from(decoded), text);
        }
        // Ordered as text, whichever way each is stored.
        let ids: BTreeSet<Id> = [long, short, "a"].into_iter().map(Id::from).collect();
        let order: Vec<&str> = ids.iter().map(Id::as_str).collect();
        assert_eq!(order, [short, long, "a"]);
    }

    #[test]
    fn object_types_read_as_text() {
        let types: Vec<ObjectType> =
            serde_json::from_str(r#"["contact", "conversation_part.list", 7]"#).expect("decode");
        assert_eq!(types[0], "contact");
        assert_eq!(types[1].as_str(), "conversation_part.list");
        assert_eq!(types[2].to_string(), "7");
        assert_eq!(
            serde_json::to_string(&types).expect("encode"),
            r#"["contact","conversation_part.list","7"]"#
        );
        let long = "a".repeat(40);
        assert_eq!(ObjectType::from(long.clone()).as_str(), long);
    }

    #[test]
    fn enums_keep_unknown_values() {
        let colors: Vec<Color> = serde_json::from_str(r#"["red", "!=", "mauve"]"#).expect("decode");
        assert_eq!(
            colors,
            vec![Color::Red, Color::NotEqual, Color::Unknown("mauve".into())]
        );
        assert_eq!(
            serde_json::to_string(&colors).expect("encode"),
            r#"["red","!=","mauve"]"#
        );
    }

    #[test]
    fn exploded_objects_become_pairs() {
        let pairs = exploded_query(&serde_json::json!({"user_id": "u1", "n": 3, "skip": null}));
        assert_eq!(
            pairs,
            vec![("n".into(), "3".into()), ("user_id".into(), "u1".into())]
        );
    }
}
