//! Values Intercom sends in more than one JSON shape, typed so that every shape seen decodes.
//! The generator uses these for the properties that vary (see `spec/shapes.yaml` and the
//! pagination rule of the normaliser); each keeps the shape it arrived in when re-encoded.
use std::fmt;

use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::decode::{self, Object};

/// `pages.next` of a listing: where the next page starts. Intercom sends a cursor object on
/// some endpoints and a URL on others (sometimes for the same endpoint).
///
/// ```
/// use intercom_api::models::NextPage;
///
/// let url: NextPage = serde_json::from_str(r#""https://api.intercom.io/companies?page=3""#)?;
/// assert_eq!(url.page(), Some(3));
/// let cursor: NextPage = serde_json::from_str(r#"{"per_page": 50, "starting_after": "WzE2"}"#)?;
/// assert_eq!(cursor.starting_after().as_deref(), Some("WzE2"));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub enum NextPage {
    /// `{"page": 2, "per_page": 50, "starting_after": "..."}` (any part may be missing).
    Cursor(PageCursor),
    /// A URL whose query holds the position, e.g. `https://api.intercom.io/companies?page=2`.
    Url(String),
}

impl NextPage {
    /// The `starting_after` cursor, from the object or from the URL's query.
    pub fn starting_after(&self) -> Option<String> {
        match self {
            NextPage::Cursor(cursor) => cursor.starting_after.clone(),
            NextPage::Url(url) => query_param(url, "starting_after"),
        }
    }

    /// The next page number, from the object or from the URL's query.
    pub fn page(&self) -> Option<u32> {
        match self {
            NextPage::Cursor(cursor) => cursor.page.and_then(|p| u32::try_from(p).ok()),
            NextPage::Url(url) => query_param(url, "page")?.parse().ok(),
        }
    }

    /// The URL, when Intercom sent one.
    pub fn url(&self) -> Option<&str> {
        match self {
            NextPage::Url(url) => Some(url),
            NextPage::Cursor(_) => None,
        }
    }
}

/// The cursor object form of [`NextPage`].
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct PageCursor {
    /// The next page number (page-numbered listings).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<i64>,
    /// The page size the cursor was made for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub per_page: Option<i64>,
    /// The cursor to send as `starting_after` for the next page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub starting_after: Option<String>,
    /// Properties the API description does not declare, kept as sent.
    #[serde(flatten)]
    pub extra: crate::Extra,
}

impl Object for PageCursor {
    const NAME: &'static str = "PageCursor";
    const FIELDS: &'static [&'static str] = &["page", "per_page", "starting_after"];

    fn index(key: &[u8]) -> Option<usize> {
        match key {
            b"page" => Some(0),
            b"per_page" => Some(1),
            b"starting_after" => Some(2),
            _ => None,
        }
    }

    fn field<'de, A: MapAccess<'de>>(&mut self, index: usize, map: &mut A) -> Result<(), A::Error> {
        match index {
            0 => decode::int(map, &mut self.page),
            1 => decode::int(map, &mut self.per_page),
            _ => decode::plain(map, &mut self.starting_after),
        }
    }

    fn extra(&mut self) -> &mut crate::Extra {
        &mut self.extra
    }
}

impl Serialize for NextPage {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            NextPage::Cursor(cursor) => cursor.serialize(serializer),
            NextPage::Url(url) => serializer.serialize_str(url),
        }
    }
}

impl<'de> Deserialize<'de> for NextPage {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(StringOrObject {
            what: "a URL or a cursor object",
            string: NextPage::Url,
            object: NextPage::Cursor,
        })
    }
}

impl<'de> Deserialize<'de> for PageCursor {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        decode::object(deserializer)
    }
}

/// An avatar: Intercom sends an image URL for some objects and `{"type": "avatar",
/// "image_url": "..."}` for others, whatever the description of each says.
///
/// ```
/// use intercom_api::models::Avatar;
///
/// let url: Avatar = serde_json::from_str(r#""https://static.intercom.io/a.png""#)?;
/// let object: Avatar = serde_json::from_str(r#"{"type":"avatar","image_url":"https://static.intercom.io/a.png"}"#)?;
/// assert_eq!(url.image_url(), object.image_url());
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub enum Avatar {
    /// The object form.
    Image(AvatarImage),
    /// The image URL alone.
    Url(String),
}

impl Avatar {
    /// The image URL, whichever form arrived.
    pub fn image_url(&self) -> Option<&str> {
        match self {
            Avatar::Image(image) => image.image_url.as_deref(),
            Avatar::Url(url) => Some(url),
        }
    }
}

/// The object form of [`Avatar`].
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct AvatarImage {
    /// The object type, `avatar`.
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub type_: Option<String>,
    /// The URL of the image.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image_url: Option<String>,
    /// Properties the API description does not declare, kept as sent.
    #[serde(flatten)]
    pub extra: crate::Extra,
}

impl Object for AvatarImage {
    const NAME: &'static str = "AvatarImage";
    const FIELDS: &'static [&'static str] = &["image_url", "type"];

    fn index(key: &[u8]) -> Option<usize> {
        match key {
            b"image_url" => Some(0),
            b"type" => Some(1),
            _ => None,
        }
    }

    fn field<'de, A: MapAccess<'de>>(&mut self, index: usize, map: &mut A) -> Result<(), A::Error> {
        match index {
            0 => decode::plain(map, &mut self.image_url),
            _ => decode::plain(map, &mut self.type_),
        }
    }

    fn extra(&mut self) -> &mut crate::Extra {
        &mut self.extra
    }
}

impl Serialize for Avatar {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Avatar::Image(image) => image.serialize(serializer),
            Avatar::Url(url) => serializer.serialize_str(url),
        }
    }
}

impl<'de> Deserialize<'de> for Avatar {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(StringOrObject {
            what: "an image URL or an avatar object",
            string: Avatar::Url,
            object: Avatar::Image,
        })
    }
}

impl<'de> Deserialize<'de> for AvatarImage {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        decode::object(deserializer)
    }
}

/// A value that is a string or an [`Object`], wrapped by the matching constructor.
struct StringOrObject<T, O> {
    what: &'static str,
    string: fn(String) -> T,
    object: fn(O) -> T,
}

impl<'de, T, O: Object> Visitor<'de> for StringOrObject<T, O> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.what)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
        Ok((self.string)(v.to_owned()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<T, E> {
        Ok((self.string)(v))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        decode::object_from_map::<O, A>(map).map(self.object)
    }
}

/// The decoded value of `name` in the query of a (possibly relative) URL.
pub(crate) fn query_param(url: &str, name: &str) -> Option<String> {
    let query = url.split_once('?')?.1;
    let query = query.split('#').next().unwrap_or_default();
    url::form_urlencoded::parse(query.as_bytes())
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.into_owned())
        .filter(|value| !value.is_empty())
}
