//! Properties of an object that its model does not declare.
//!
//! Intercom adds properties before the API description mentions them, and leaves some out of
//! the description altogether (`"type": "list"` on a contact's `tags`). Every model keeps them
//! in its `extra` field, so that nothing the server sent is lost and re-encoding a model gives
//! them back. They are kept as JSON text in one buffer, written while the body is read: a body
//! full of undeclared properties costs one allocation per object, not one per value.
use std::fmt;

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

/// The undeclared properties of one object, in the order they were sent.
///
/// ```
/// use intercom_api::models::Contact;
///
/// let contact: Contact = serde_json::from_str(r#"{"id": "c1", "brand_new": {"a": 1}}"#)?;
/// assert_eq!(contact.extra.get("brand_new"), Some(serde_json::json!({"a": 1})));
///
/// // Re-encoding keeps them.
/// let again = serde_json::to_value(&contact)?;
/// assert_eq!(again["brand_new"]["a"], 1);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Default)]
pub struct Extra {
    /// Empty, or a JSON object (`{"k":v,...}`) with the properties in arrival order.
    json: Vec<u8>,
}

impl Extra {
    /// No properties.
    pub const fn new() -> Extra {
        Extra { json: Vec::new() }
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.json.is_empty()
    }

    /// The number of properties.
    pub fn len(&self) -> usize {
        self.to_map().len()
    }

    /// The value of property `key`, if the object had it.
    pub fn get(&self, key: &str) -> Option<Value> {
        if self.is_empty() {
            return None;
        }
        self.to_map().remove(key)
    }

    /// Whether the object had property `key`.
    pub fn contains_key(&self, key: &str) -> bool {
        !self.is_empty() && self.to_map().contains_key(key)
    }

    /// Sets property `key` (sent with a request body that has these properties); returns the
    /// value it replaces.
    pub fn insert(&mut self, key: impl Into<String>, value: Value) -> Option<Value> {
        let mut map = self.to_map();
        let old = map.insert(key.into(), value);
        *self = Extra::from(map);
        old
    }

    /// Removes property `key` and returns its value.
    pub fn remove(&mut self, key: &str) -> Option<Value> {
        let mut map = self.to_map();
        let old = map.remove(key)?;
        *self = Extra::from(map);
        Some(old)
    }

    /// The properties as a JSON map.
    pub fn to_map(&self) -> Map<String, Value> {
        if self.is_empty() {
            return Map::new();
        }
        // The buffer only ever holds a JSON object written by this module.
        serde_json::from_slice(self.json.as_slice()).unwrap_or_default()
    }

    /// The properties as one JSON object text (`{}` when there are none).
    pub fn to_json(&self) -> String {
        if self.is_empty() {
            return "{}".to_owned();
        }
        String::from_utf8_lossy(self.json.as_slice()).into_owned()
    }

    /// Starts a property: its key, escaped, and the separators around it. The caller writes
    /// the value with [`Transcode`], then calls [`Extra::end`].
    #[inline]
    pub(crate) fn begin(&mut self, key: &str) {
        match self.json.last_mut() {
            Some(close) => *close = b',',
            None => {
                // Room for a typical property (`"type":"list"`) in the one allocation.
                self.json.reserve(32 + key.len());
                self.json.push(b'{');
            }
        }
        write_str(&mut self.json, key);
        self.json.push(b':');
    }

    /// Ends the property started by [`Extra::begin`].
    #[inline]
    pub(crate) fn end(&mut self) {
        self.json.push(b'}');
    }

    /// Where the value of the property just begun is written, as JSON text.
    #[inline]
    pub(crate) fn buffer(&mut self) -> &mut Vec<u8> {
        &mut self.json
    }
}

impl From<Map<String, Value>> for Extra {
    fn from(map: Map<String, Value>) -> Extra {
        map.into_iter().collect()
    }
}

impl FromIterator<(String, Value)> for Extra {
    fn from_iter<I: IntoIterator<Item = (String, Value)>>(iter: I) -> Extra {
        let mut extra = Extra::new();
        for (key, value) in iter {
            extra.begin(&key);
            let _ = serde_json::to_writer(&mut extra.json, &value);
            extra.end();
        }
        extra
    }
}

impl PartialEq for Extra {
    fn eq(&self, other: &Extra) -> bool {
        self.json.as_slice() == other.json.as_slice() || self.to_map() == other.to_map()
    }
}

impl fmt::Debug for Extra {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.to_map()).finish()
    }
}

impl Serialize for Extra {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let map = self.to_map();
        let mut out = serializer.serialize_map(Some(map.len()))?;
        for (key, value) in &map {
            out.serialize_entry(key, value)?;
        }
        out.end()
    }
}

impl<'de> Deserialize<'de> for Extra {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Extra, D::Error> {
        deserializer.deserialize_map(ExtraVisitor)
    }
}

struct ExtraVisitor;

impl<'de> Visitor<'de> for ExtraVisitor {
    type Value = Extra;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Extra, A::Error> {
        let mut extra = Extra::new();
        while map.next_key_seed(KeyInto(&mut extra))?.is_some() {
            map.next_value_seed(Transcode(extra.buffer()))?;
            extra.end();
        }
        Ok(extra)
    }
}

/// Reads a property name and begins it in an [`Extra`].
struct KeyInto<'a>(&'a mut Extra);

impl<'de> DeserializeSeed<'de> for KeyInto<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl Visitor<'_> for KeyInto<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a property name")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<(), E> {
        self.0.begin(key);
        Ok(())
    }
}

/// Writes the value being read as JSON text, without building a `Value`.
pub(crate) struct Transcode<'a>(pub(crate) &'a mut Vec<u8>);

impl Transcode<'_> {
    fn write<T: Serialize + ?Sized>(self, value: &T) {
        // Writing JSON scalars to a `Vec` cannot fail (non-finite floats become `null`).
        let _ = serde_json::to_writer(self.0, value);
    }
}

impl<'de> DeserializeSeed<'de> for Transcode<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Transcode<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<(), E> {
        self.write(&v);
        Ok(())
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<(), E> {
        self.write(&v);
        Ok(())
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<(), E> {
        self.write(&v);
        Ok(())
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<(), E> {
        self.write(&v);
        Ok(())
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<(), E> {
        write_str(self.0, v);
        Ok(())
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        self.0.extend_from_slice(b"null");
        Ok(())
    }

    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        self.visit_unit()
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_seq<S: SeqAccess<'de>>(self, mut seq: S) -> Result<(), S::Error> {
        self.0.push(b'[');
        let mut first = true;
        while seq
            .next_element_seed(Element {
                out: &mut *self.0,
                first,
            })?
            .is_some()
        {
            first = false;
        }
        self.0.push(b']');
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        self.0.push(b'{');
        let mut first = true;
        while map
            .next_key_seed(Element {
                out: &mut *self.0,
                first,
            })?
            .is_some()
        {
            self.0.push(b':');
            map.next_value_seed(Transcode(&mut *self.0))?;
            first = false;
        }
        self.0.push(b'}');
        Ok(())
    }
}

/// An item of an array or a key of an object, preceded by a comma unless it is the first.
struct Element<'a> {
    out: &'a mut Vec<u8>,
    first: bool,
}

impl<'de> DeserializeSeed<'de> for Element<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        if !self.first {
            self.out.push(b',');
        }
        Transcode(self.out).deserialize(deserializer)
    }
}

/// Writes `text` as a JSON string; most need no escaping, and skip serde_json's escaper.
fn write_str(out: &mut Vec<u8>, text: &str) {
    // A fold without early exit, which the compiler vectorises.
    let plain = !text.bytes().fold(false, |special, b| {
        special | (b < 0x20) | (b == b'"') | (b == b'\\')
    });
    if plain {
        out.push(b'"');
        out.extend_from_slice(text.as_bytes());
        out.push(b'"');
    } else {
        // Writing to a `Vec` cannot fail.
        let _ = serde_json::to_writer(out, text);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn read(text: &str) -> Extra {
        serde_json::from_str(text).expect("an object")
    }

    #[test]
    fn keeps_every_kind_of_value() {
        let text = r#"{"s":"a\"b\\c\u00e9\n","i":-3,"u":18446744073709551615,"f":1.5,
            "t":true,"n":null,"a":[1,[],{}],"o":{"k/~":"v","e":{}}}"#;
        let extra = read(text);
        let expected: Map<String, Value> = serde_json::from_str(text).expect("json");
        assert_eq!(extra.to_map(), expected);
        assert_eq!(extra.len(), 8);
        assert_eq!(extra.get("o"), Some(json!({"k/~": "v", "e": {}})));
        assert_eq!(extra.get("missing"), None);
    }

    #[test]
    fn edits_and_round_trips() {
        let mut extra = read(r#"{"a":1}"#);
        assert_eq!(extra.insert("b", json!([true])), None);
        assert_eq!(extra.insert("a", json!(2)), Some(json!(1)));
        assert_eq!(extra.remove("a"), Some(json!(2)));
        assert!(extra.contains_key("b"));
        assert_eq!(
            serde_json::to_value(&extra).ok(),
            Some(json!({"b": [true]}))
        );
        assert_eq!(extra.remove("b"), Some(json!([true])));
        assert!(extra.is_empty());
        assert_eq!(extra.to_json(), "{}");
        assert_eq!(Extra::new(), read("{}"));
    }

    #[test]
    fn reads_from_values_too() {
        let extra: Extra = serde_json::from_value(json!({"x": {"y": [1.25, "z"]}})).expect("map");
        assert_eq!(extra.get("x"), Some(json!({"y": [1.25, "z"]})));
        assert_eq!(
            format!("{extra:?}"),
            r#"{"x": Object {"y": Array [Number(1.25), String("z")]}}"#
        );
    }
}
