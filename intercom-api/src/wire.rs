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

/// An Intercom identifier. The API sends ids as JSON strings or numbers (sometimes both for
/// the same field); both decode, and an id is always sent back as a string.
#[derive(Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Id(String);

impl Id {
    /// A new id.
    pub fn new(id: impl Into<String>) -> Self {
        Id(id.into())
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The id as an owned `String`.
    pub fn into_string(self) -> String {
        self.0
    }
}

impl fmt::Debug for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.0, f)
    }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::ops::Deref for Id {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for Id {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl From<String> for Id {
    fn from(id: String) -> Self {
        Id(id)
    }
}

impl From<&str> for Id {
    fn from(id: &str) -> Self {
        Id(id.to_owned())
    }
}

impl From<&String> for Id {
    fn from(id: &String) -> Self {
        Id(id.clone())
    }
}

impl From<&Id> for Id {
    fn from(id: &Id) -> Self {
        id.clone()
    }
}

impl From<i64> for Id {
    fn from(id: i64) -> Self {
        Id(id.to_string())
    }
}

impl From<u64> for Id {
    fn from(id: u64) -> Self {
        Id(id.to_string())
    }
}

impl From<i32> for Id {
    fn from(id: i32) -> Self {
        Id(id.to_string())
    }
}

impl From<u32> for Id {
    fn from(id: u32) -> Self {
        Id(id.to_string())
    }
}

impl From<Id> for String {
    fn from(id: Id) -> Self {
        id.0
    }
}

impl PartialEq<str> for Id {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<&str> for Id {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

impl Serialize for Id {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Id {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer
            .deserialize_any(ScalarText("an id (string or number)"))
            .map(|text| Id(text.into_owned()))
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
// Only the generated models call it; a feature set without any of their enums leaves it unused.
#[cfg_attr(not(feature = "full"), allow(unused_macros))]
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
#[cfg_attr(not(feature = "full"), allow(unused_imports))]
pub(crate) use impl_string_enum;

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
