//! Webhook notifications: check the `X-Hub-Signature` of a delivery, then decode its
//! `notification_event` envelope into a typed [`Notification`] (feature `webhooks`).
//!
//! Intercom POSTs one JSON notification per event to your endpoint and signs the raw body
//! with HMAC-SHA1 keyed with your app's client secret. Verify the bytes exactly as received,
//! before any JSON parsing: re-encoded JSON would not match the signature. Answer within a few
//! seconds (hand the work to a queue or task); Intercom retries deliveries that fail or time
//! out, so the same notification [`id`](Notification::id) may arrive more than once.
//!
//! ```
//! use intercom_api::webhooks::{self, Item, Topic, WebhookError};
//!
//! fn on_delivery(signature: Option<&str>, body: &[u8], secret: &str) -> Result<(), WebhookError> {
//!     let notification = webhooks::verify_and_parse(signature, body, secret)?;
//!     match (&notification.topic, notification.item()) {
//!         (Topic::ConversationUserCreated, Item::Conversation(conversation)) => {
//!             println!("new conversation {:?}", conversation.id);
//!         }
//!         (topic, item) => println!("{topic}: a {} item, not handled", item.kind()),
//!     }
//!     Ok(())
//! }
//! ```

mod topic;

use hmac::{Hmac, KeyInit, Mac};
use serde::de::DeserializeOwned;
use serde::ser::SerializeStruct;
use serde::{Deserialize, Serialize, Serializer};
use serde_json::Value;
use sha1::Sha1;

use crate::models::{Admin, Company, Contact, Conversation, DataEvent, Ticket, Visitor};
use crate::Id;

pub use topic::Topic;

pub use crate::decode::Mismatch;
use crate::decode::{from_slice, Decoded};

/// The request header that carries the signature: `X-Hub-Signature: sha1=<40 hex digits>`.
pub const SIGNATURE_HEADER: &str = "X-Hub-Signature";

/// Length of a hex-encoded SHA-1 digest.
const SHA1_HEX_LEN: usize = 40;

/// Why a delivery's signature was rejected. Answer such a request with `401 Unauthorized`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SignatureError {
    /// The `X-Hub-Signature` header is missing or empty: Intercom signs every delivery of an
    /// app that has a client secret, so this request did not come from Intercom.
    #[error("the X-Hub-Signature header is missing")]
    MissingHeader,
    /// The header does not start with `sha1=`.
    #[error("the X-Hub-Signature header does not start with `sha1=`")]
    WrongPrefix,
    /// The digest after `sha1=` is not 40 characters long.
    #[error("the X-Hub-Signature digest has {found} characters, expected 40 hex digits")]
    WrongLength {
        /// How many characters the digest has.
        found: usize,
    },
    /// The digest has 40 characters but not all are hex digits.
    #[error("the X-Hub-Signature digest is not hexadecimal")]
    BadHex,
    /// The digest is well formed but is not the HMAC of this body: a wrong client secret, a
    /// body altered (or re-encoded) after Intercom signed it, or a forged request.
    #[error("the X-Hub-Signature digest does not match the body")]
    Mismatch,
    /// The client secret passed to [`verify`] is empty, which would accept forged requests.
    #[error("the client secret used to verify webhooks is empty")]
    EmptySecret,
}

/// Why a delivery could not be accepted by [`verify_and_parse`] or [`parse`].
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum WebhookError {
    /// The signature check failed: answer `401 Unauthorized`.
    #[error(transparent)]
    Signature(#[from] SignatureError),
    /// The body is not a `notification_event` (not JSON, no `topic` or `data.item`), or its
    /// item does not fit the SDK's model of its `type`. Answer `400 Bad Request`.
    #[error("not a valid Intercom notification: {0}")]
    Parse(#[from] serde_json::Error),
}

/// Checks that `signature_header` (the `X-Hub-Signature` value) is the HMAC-SHA1 of
/// `raw_body` keyed with the app's `client_secret`.
///
/// The digest may be in lower or upper case hex. The comparison is constant-time (the HMAC
/// crate's own `verify_slice`), so response timing reveals nothing about the expected digest.
///
/// ```
/// use intercom_api::webhooks::{verify, SignatureError};
///
/// let body = br#"{"type":"notification_event"}"#;
/// assert_eq!(verify(None, body, "secret"), Err(SignatureError::MissingHeader));
/// assert_eq!(
///     verify(Some("sha256=00"), body, "secret"),
///     Err(SignatureError::WrongPrefix)
/// );
/// ```
pub fn verify(
    signature_header: Option<&str>,
    raw_body: &[u8],
    client_secret: &str,
) -> Result<(), SignatureError> {
    if client_secret.is_empty() {
        return Err(SignatureError::EmptySecret);
    }
    let header = signature_header
        .map(str::trim)
        .filter(|header| !header.is_empty())
        .ok_or(SignatureError::MissingHeader)?;
    let digest = header
        .get(..5)
        .filter(|prefix| prefix.eq_ignore_ascii_case("sha1="))
        .and_then(|_| header.get(5..))
        .ok_or(SignatureError::WrongPrefix)?;
    let found = digest.chars().count();
    if found != SHA1_HEX_LEN {
        return Err(SignatureError::WrongLength { found });
    }
    let expected = hex::decode(digest).map_err(|_| SignatureError::BadHex)?;
    // HMAC takes keys of any length, so this cannot fail; if it did, reject the request.
    let mut mac = Hmac::<Sha1>::new_from_slice(client_secret.as_bytes())
        .map_err(|_| SignatureError::Mismatch)?;
    mac.update(raw_body);
    mac.verify_slice(&expected)
        .map_err(|_| SignatureError::Mismatch)
}

/// Decodes a notification body. Does not check the signature: use [`verify_and_parse`] for
/// requests from the network.
///
/// The item is decoded into the SDK's model for its `type` (see [`Item`]) by the SDK's
/// lenient decoder: values that do not fit their field are reported by
/// [`Notification::mismatches`].
// `#[inline]` down to `model`: decoding the seven models is compiled only into apps that parse
// webhooks (about 10 s of every release build of this crate otherwise).
#[inline]
pub fn parse(raw_body: &[u8]) -> Result<Notification, WebhookError> {
    Ok(serde_json::from_slice(raw_body)?)
}

/// [`verify`] then [`parse`]: the one call a webhook handler needs.
#[inline]
pub fn verify_and_parse(
    signature_header: Option<&str>,
    raw_body: &[u8],
    client_secret: &str,
) -> Result<Notification, WebhookError> {
    verify(signature_header, raw_body, client_secret)?;
    parse(raw_body)
}

/// One webhook delivery: the `notification_event` envelope around the changed object.
///
/// Serialising it gives the body back (fields that were `null` may be left out): envelope
/// fields this SDK does not model are kept in [`extra`](Notification::extra).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Notification {
    /// Always `notification_event`.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub type_: Option<String>,
    /// The notification's id, the same across redeliveries: use it to drop duplicates.
    /// `null` for a [`Topic::Ping`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<Id>,
    /// The workspace (app) the event happened in: tells workspaces apart in a public app.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub app_id: Option<Id>,
    /// What happened.
    pub topic: Topic,
    /// The object the notification is about.
    pub data: NotificationData,
    /// How many times Intercom has tried to deliver this notification, this one included.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delivery_attempts: Option<u32>,
    /// When the notification was first sent (Unix seconds).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_sent_at: Option<i64>,
    /// When the notification was created (Unix seconds).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<i64>,
    /// The delivery state Intercom recorded, when it sends one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delivery_status: Option<String>,
    /// When this delivery was attempted (Unix seconds), when Intercom sends it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delivery_attempted_at: Option<i64>,
    /// Envelope fields this SDK does not model (`links`, `self`, ...), kept as sent.
    #[serde(flatten)]
    pub extra: crate::Extra,
}

impl Notification {
    /// The object the notification is about (`data.item`).
    pub fn item(&self) -> &Item {
        &self.data.item
    }

    /// Values of the item that did not fit their field in the SDK's model (the field reads as
    /// `None`), with their JSON Pointer in the body, e.g. `/data/item/created_at`.
    pub fn mismatches(&self) -> &[Mismatch] {
        &self.data.mismatches
    }
}

/// The `data` object of a notification: `{"type": "notification_event_data", "item": {...}}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "RawData")]
#[non_exhaustive]
pub struct NotificationData {
    /// Always `notification_event_data`.
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub type_: Option<String>,
    /// The object, decoded by its `type`.
    pub item: Item,
    /// Fields of `data` this SDK does not model, kept as sent.
    #[serde(flatten)]
    pub extra: crate::Extra,
    #[serde(skip)]
    mismatches: Vec<Mismatch>,
}

/// The object a notification is about, decoded into the SDK's model for its `type`.
///
/// Models are boxed: they are large, and a notification holds exactly one.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Item {
    /// `"type": "conversation"` (`conversation.*` topics).
    Conversation(Box<Conversation>),
    /// `"type": "contact"` (`contact.*` topics).
    Contact(Box<Contact>),
    /// `"type": "company"` (`company.*` topics).
    Company(Box<Company>),
    /// `"type": "ticket"` (`ticket.*` topics).
    Ticket(Box<Ticket>),
    /// `"type": "admin"` (`admin.*` topics).
    Admin(Box<Admin>),
    /// `"type": "visitor"` (`visitor.signed_up`).
    Visitor(Box<Visitor>),
    /// `"type": "event"`: a data event (`event.created`).
    Event(Box<DataEvent>),
    /// `"type": "ping"`: Intercom's test delivery.
    Ping {
        /// The text Intercom sent with the ping.
        message: String,
    },
    /// Any other `type` (or a ping without a text `message`), kept as JSON.
    Unknown(Value),
}

impl Item {
    /// The item's `type` as sent, e.g. `conversation` (empty when an unknown item has none).
    pub fn kind(&self) -> &str {
        match self {
            Item::Conversation(_) => "conversation",
            Item::Contact(_) => "contact",
            Item::Company(_) => "company",
            Item::Ticket(_) => "ticket",
            Item::Admin(_) => "admin",
            Item::Visitor(_) => "visitor",
            Item::Event(_) => "event",
            Item::Ping { .. } => "ping",
            Item::Unknown(item) => item_type(item),
        }
    }
}

impl Serialize for Item {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Item::Conversation(item) => item.serialize(serializer),
            Item::Contact(item) => item.serialize(serializer),
            Item::Company(item) => item.serialize(serializer),
            Item::Ticket(item) => item.serialize(serializer),
            Item::Admin(item) => item.serialize(serializer),
            Item::Visitor(item) => item.serialize(serializer),
            Item::Event(item) => item.serialize(serializer),
            Item::Ping { message } => {
                let mut ping = serializer.serialize_struct("Ping", 2)?;
                ping.serialize_field("type", "ping")?;
                ping.serialize_field("message", message)?;
                ping.end()
            }
            Item::Unknown(item) => item.serialize(serializer),
        }
    }
}

/// `data` as sent, before its item is decoded by type.
#[derive(Deserialize)]
struct RawData {
    #[serde(rename = "type", default)]
    type_: Option<String>,
    item: Value,
    #[serde(flatten)]
    extra: crate::Extra,
}

impl TryFrom<RawData> for NotificationData {
    type Error = String;

    #[inline]
    fn try_from(raw: RawData) -> Result<Self, String> {
        let kind = item_type(&raw.item).to_owned();
        let (item, mismatches) = decode_item(raw.item)
            .map_err(|e| format!("the `{kind}` item does not fit its model: {e}"))?;
        Ok(NotificationData {
            type_: raw.type_,
            item,
            extra: raw.extra,
            mismatches,
        })
    }
}

fn item_type(item: &Value) -> &str {
    item.get("type").and_then(Value::as_str).unwrap_or_default()
}

/// Decodes the item into the model its `type` names; other types stay JSON.
#[inline]
fn decode_item(item: Value) -> Result<(Item, Vec<Mismatch>), serde_json::Error> {
    match item_type(&item) {
        "conversation" => model(&item, Item::Conversation),
        "contact" => model(&item, Item::Contact),
        "company" => model(&item, Item::Company),
        "ticket" => model(&item, Item::Ticket),
        "admin" => model(&item, Item::Admin),
        "visitor" => model(&item, Item::Visitor),
        "event" => model(&item, Item::Event),
        "ping" => Ok((ping(item), Vec::new())),
        _ => Ok((Item::Unknown(item), Vec::new())),
    }
}

/// A ping carries only `type` and a text `message`; any other shape is kept as JSON, so
/// re-encoding loses nothing.
fn ping(item: Value) -> Item {
    let only_message = item.as_object().is_some_and(|fields| fields.len() == 2);
    match item.get("message").and_then(Value::as_str) {
        Some(message) if only_message => Item::Ping {
            message: message.to_owned(),
        },
        _ => Item::Unknown(item),
    }
}

/// Decodes one model with the SDK's lenient decoder; mismatch paths become pointers into the
/// whole notification body.
fn model<T: DeserializeOwned>(
    item: &Value,
    wrap: fn(Box<T>) -> Item,
) -> Result<(Item, Vec<Mismatch>), serde_json::Error> {
    let bytes = serde_json::to_vec(item)?;
    let Decoded {
        value,
        mut mismatches,
        ..
    } = from_slice::<T>(&bytes)?;
    for mismatch in &mut mismatches {
        mismatch.path.insert_str(0, "/data/item");
    }
    Ok((wrap(Box::new(value)), mismatches))
}
