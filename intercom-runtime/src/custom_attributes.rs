//! Custom attributes of contacts, companies, conversations and tickets.

use std::fmt;
use std::sync::OnceLock;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{map, Map, Value};

use crate::Extra;

/// The custom attributes of a contact, company, conversation or ticket: attribute names
/// mapped to JSON values, kept exactly as Intercom sent them.
///
/// Reading is lenient where Intercom is inconsistent: numeric accessors accept numbers sent
/// as strings, and a `custom_attributes: null` decodes as an empty map. Date attributes are
/// Unix seconds, read with [`get_i64`](CustomAttributes::get_i64).
///
/// An empty map encodes as `{}` (never `null`): in a request body it sets nothing. Leave
/// the field out instead with `skip_serializing_if = "CustomAttributes::is_empty"`.
///
/// A decoded set is kept as the JSON text Intercom sent and parsed on first use: a page of
/// contacts decodes without building a map per contact that nobody may read.
///
/// ```
/// use intercom_api::CustomAttributes;
///
/// let attrs: CustomAttributes =
///     serde_json::from_str(r#"{"plan": "pro", "seats": "12", "trial_ends_at": 1700000000.0}"#)?;
/// assert_eq!(attrs.get_str("plan"), Some("pro"));
/// assert_eq!(attrs.get_i64("seats"), Some(12));
/// assert_eq!(attrs.get_i64("trial_ends_at"), Some(1_700_000_000));
///
/// // For a request body:
/// let update = CustomAttributes::new().with("plan", "enterprise").with("churned", false);
/// assert_eq!(serde_json::to_value(&update)?, serde_json::json!({"plan": "enterprise", "churned": false}));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Default)]
pub struct CustomAttributes {
    /// The attributes as received; stale once `parsed` is set.
    text: Extra,
    /// The attributes as a map: `text` parsed on first read, or as built or changed here.
    parsed: OnceLock<Map<String, Value>>,
}

impl CustomAttributes {
    /// An empty set of attributes.
    pub fn new() -> Self {
        Self::default()
    }

    fn map(&self) -> &Map<String, Value> {
        self.parsed.get_or_init(|| self.text.to_map())
    }

    /// Applies a change to the map (parsing the text first if needed).
    fn edit<R>(&mut self, change: impl FnOnce(&mut Map<String, Value>) -> R) -> R {
        let mut map = self.take_map();
        let result = change(&mut map);
        self.parsed = OnceLock::from(map);
        result
    }

    fn take_map(&mut self) -> Map<String, Value> {
        let map = self.parsed.take().unwrap_or_else(|| self.text.to_map());
        self.text = Extra::new();
        map
    }

    /// The raw value of `name`, `null` included.
    pub fn get_value(&self, name: &str) -> Option<&Value> {
        self.map().get(name)
    }

    /// Decodes `name` into `T`: `None` when it is absent or `null`, `Some(Err)` when it does
    /// not have `T`'s shape.
    ///
    /// ```
    /// # use intercom_api::CustomAttributes;
    /// let attrs = CustomAttributes::new().with("tags", vec!["a", "b"]);
    /// let tags: Vec<String> = attrs.get("tags").transpose()?.unwrap_or_default();
    /// assert_eq!(tags, ["a", "b"]);
    /// assert!(attrs.get::<u32>("tags").unwrap().is_err());
    /// assert!(attrs.get::<u32>("seats").is_none());
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn get<T: DeserializeOwned>(&self, name: &str) -> Option<Result<T, serde_json::Error>> {
        let value = self.map().get(name).filter(|value| !value.is_null())?;
        Some(T::deserialize(value))
    }

    /// The string value of `name`; `None` when absent or not a string.
    pub fn get_str(&self, name: &str) -> Option<&str> {
        self.map().get(name)?.as_str()
    }

    /// The integer value of `name`, e.g. a date in Unix seconds. Also reads a float without
    /// a fraction (`49.0`) and a string holding an integer (`"49"`), both of which Intercom
    /// sends; `None` otherwise or when out of range.
    pub fn get_i64(&self, name: &str) -> Option<i64> {
        match self.map().get(name)? {
            Value::Number(n) => n.as_i64().or_else(|| n.as_f64().and_then(whole)),
            Value::String(s) => {
                let s = s.trim();
                s.parse().ok().or_else(|| s.parse().ok().and_then(whole))
            }
            _ => None,
        }
    }

    /// The numeric value of `name`, also read from a string holding a number (`"4.5"`).
    pub fn get_f64(&self, name: &str) -> Option<f64> {
        match self.map().get(name)? {
            Value::Number(n) => n.as_f64(),
            Value::String(s) => s.trim().parse().ok().filter(|f: &f64| f.is_finite()),
            _ => None,
        }
    }

    /// The boolean value of `name`; `None` when absent or not a boolean.
    pub fn get_bool(&self, name: &str) -> Option<bool> {
        self.map().get(name)?.as_bool()
    }

    /// Whether `name` is present (even as `null`).
    pub fn contains(&self, name: &str) -> bool {
        self.map().contains_key(name)
    }

    /// Sets `name` to `value` (anything convertible to JSON; `None` is `null`) and returns
    /// the value it replaces.
    pub fn insert(&mut self, name: impl Into<String>, value: impl Into<Value>) -> Option<Value> {
        self.edit(|map| map.insert(name.into(), value.into()))
    }

    /// [`insert`](CustomAttributes::insert) for chaining when building a request body.
    pub fn with(mut self, name: impl Into<String>, value: impl Into<Value>) -> Self {
        self.insert(name, value);
        self
    }

    /// Removes `name`, returning its value.
    pub fn remove(&mut self, name: &str) -> Option<Value> {
        self.edit(|map| map.remove(name))
    }

    /// The attributes as `(name, value)` pairs.
    pub fn iter(&self) -> map::Iter<'_> {
        self.map().iter()
    }

    /// How many attributes there are.
    pub fn len(&self) -> usize {
        self.map().len()
    }

    /// Whether there are no attributes.
    pub fn is_empty(&self) -> bool {
        self.map().is_empty()
    }
}

/// `f` as an `i64` when it has no fraction and fits.
fn whole(f: f64) -> Option<i64> {
    // `i64::MAX as f64` rounds up to 2^63, which is already out of range.
    let fits = f >= i64::MIN as f64 && f < i64::MAX as f64;
    (f.fract() == 0.0 && fits).then_some(f as i64)
}

impl<'de> Deserialize<'de> for CustomAttributes {
    /// Decodes an object (kept as its JSON text), or `null` as an empty map.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = Option::<Extra>::deserialize(deserializer)?;
        Ok(CustomAttributes {
            text: text.unwrap_or_default(),
            ..CustomAttributes::default()
        })
    }
}

impl Serialize for CustomAttributes {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.map().serialize(serializer)
    }
}

impl PartialEq for CustomAttributes {
    fn eq(&self, other: &Self) -> bool {
        self.map() == other.map()
    }
}

impl Eq for CustomAttributes {}

impl fmt::Debug for CustomAttributes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("CustomAttributes").field(self.map()).finish()
    }
}

impl From<Map<String, Value>> for CustomAttributes {
    fn from(map: Map<String, Value>) -> Self {
        CustomAttributes {
            text: Extra::new(),
            parsed: OnceLock::from(map),
        }
    }
}

impl From<CustomAttributes> for Map<String, Value> {
    fn from(mut attributes: CustomAttributes) -> Self {
        attributes.take_map()
    }
}

impl From<CustomAttributes> for Value {
    fn from(mut attributes: CustomAttributes) -> Self {
        Value::Object(attributes.take_map())
    }
}

impl<K: Into<String>, V: Into<Value>> FromIterator<(K, V)> for CustomAttributes {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(pairs: I) -> Self {
        let mut attributes = CustomAttributes::new();
        attributes.extend(pairs);
        attributes
    }
}

impl<K: Into<String>, V: Into<Value>> Extend<(K, V)> for CustomAttributes {
    fn extend<I: IntoIterator<Item = (K, V)>>(&mut self, pairs: I) {
        for (name, value) in pairs {
            self.insert(name, value);
        }
    }
}

impl IntoIterator for CustomAttributes {
    type Item = (String, Value);
    type IntoIter = map::IntoIter;

    fn into_iter(mut self) -> Self::IntoIter {
        self.take_map().into_iter()
    }
}

impl<'a> IntoIterator for &'a CustomAttributes {
    type Item = (&'a String, &'a Value);
    type IntoIter = map::Iter<'a>;

    fn into_iter(self) -> Self::IntoIter {
        self.map().iter()
    }
}
