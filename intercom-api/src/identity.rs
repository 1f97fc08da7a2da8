//! Messenger identity verification: prove to Intercom that the person in the Messenger is the
//! user your backend says it is (feature `identity`).
//!
//! Sign on your server, never in the browser or app: the identity secret (Intercom's
//! Messenger security settings) must not leave the backend.
//! - [`IdentitySecret::messenger_jwt`]: the current method, a Messenger Security JWT (HS256)
//!   passed to the Messenger as `intercom_user_jwt`.
//! - [`IdentitySecret::user_hash`]: the legacy method, the hex HMAC-SHA256 of the user id (or
//!   email) passed as `user_hash`.
//!
//! ```
//! use std::time::Duration;
//! use intercom_api::identity::{IdentitySecret, MessengerClaims};
//!
//! # fn main() -> Result<(), intercom_api::identity::IdentityError> {
//! let secret = IdentitySecret::new("identity-secret-from-settings")?;
//! let claims = MessengerClaims::new("user-42")
//!     .email("ada@example.com")
//!     .expires_in(Duration::from_secs(3600))
//!     .attribute("plan", "pro");
//! let jwt = secret.messenger_jwt(&claims)?;
//! assert_eq!(jwt.split('.').count(), 3);
//!
//! let user_hash = secret.user_hash("user-42");
//! assert_eq!(user_hash.len(), 64);
//! # Ok(()) }
//! ```

use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use hmac::{Hmac, KeyInit, Mac};
use serde_json::{Map, Value};
use sha2::Sha256;

/// Why a secret or a token was refused. The messages never contain the secret.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum IdentityError {
    /// The identity secret is empty: anything signed with it could be forged.
    #[error("the identity secret is empty")]
    EmptySecret,
    /// The claims have an empty `user_id`, which Intercom requires.
    #[error("the Messenger JWT needs a non-empty `user_id`")]
    EmptyUserId,
}

/// The workspace's identity verification secret, keyed once for every signature.
///
/// `Debug` prints `<redacted>`, never the secret.
#[derive(Clone)]
pub struct IdentitySecret {
    mac: Hmac<Sha256>,
}

impl IdentitySecret {
    /// Keys HMAC-SHA256 with `secret` (as shown in Intercom's Messenger security settings).
    ///
    /// Fails with [`IdentityError::EmptySecret`] when `secret` is empty.
    pub fn new(secret: impl AsRef<[u8]>) -> Result<Self, IdentityError> {
        let secret = secret.as_ref();
        if secret.is_empty() {
            return Err(IdentityError::EmptySecret);
        }
        let mac = Hmac::new_from_slice(secret).map_err(|_| IdentityError::EmptySecret)?;
        Ok(IdentitySecret { mac })
    }

    /// The legacy `user_hash`: lowercase hex HMAC-SHA256 of `user_id` (or of the email, for
    /// users identified by email only).
    pub fn user_hash(&self, user_id_or_email: &str) -> String {
        hex::encode(self.sign(user_id_or_email.as_bytes()))
    }

    /// A Messenger Security JWT: `base64url(header).base64url(claims).base64url(signature)`
    /// with the HS256 header `{"alg":"HS256","typ":"JWT"}`.
    ///
    /// Fails with [`IdentityError::EmptyUserId`] when `claims.user_id` is empty.
    pub fn messenger_jwt(&self, claims: &MessengerClaims) -> Result<String, IdentityError> {
        if claims.user_id.is_empty() {
            return Err(IdentityError::EmptyUserId);
        }
        let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"HS256","typ":"JWT"}"#);
        let payload = URL_SAFE_NO_PAD.encode(claims.to_json().to_string());
        let signing_input = format!("{header}.{payload}");
        let signature = URL_SAFE_NO_PAD.encode(self.sign(signing_input.as_bytes()));
        Ok(format!("{signing_input}.{signature}"))
    }

    fn sign(&self, message: &[u8]) -> Vec<u8> {
        let mut mac = self.mac.clone();
        mac.update(message);
        mac.finalize().into_bytes().to_vec()
    }
}

impl fmt::Debug for IdentitySecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("IdentitySecret(<redacted>)")
    }
}

/// The claims of a Messenger Security JWT: who the user is, and attributes Intercom may
/// trust because your server signed them.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct MessengerClaims {
    /// Your id for the user (required, non-empty).
    pub user_id: String,
    /// The user's email address.
    pub email: Option<String>,
    /// When the token stops being accepted (Unix seconds). Short-lived tokens limit the harm
    /// of a leaked one.
    pub exp: Option<i64>,
    /// Other user attributes to sign (e.g. `name`, `phone`, custom attributes). A key that
    /// repeats `user_id`, `email` or `exp` is overridden by that field.
    pub attributes: Map<String, Value>,
}

impl MessengerClaims {
    /// Claims for the user with this id.
    pub fn new(user_id: impl Into<String>) -> Self {
        MessengerClaims {
            user_id: user_id.into(),
            ..MessengerClaims::default()
        }
    }

    /// Sets the user's email.
    pub fn email(mut self, email: impl Into<String>) -> Self {
        self.email = Some(email.into());
        self
    }

    /// Sets the expiry to `exp` (Unix seconds).
    pub fn expires_at(mut self, exp: i64) -> Self {
        self.exp = Some(exp);
        self
    }

    /// Sets the expiry to `ttl` from now.
    pub fn expires_in(self, ttl: Duration) -> Self {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default();
        let exp = now.saturating_add(ttl).as_secs();
        self.expires_at(i64::try_from(exp).unwrap_or(i64::MAX))
    }

    /// Adds one signed attribute, e.g. `.attribute("plan", "pro")`.
    pub fn attribute(mut self, name: impl Into<String>, value: impl Into<Value>) -> Self {
        self.attributes.insert(name.into(), value.into());
        self
    }

    /// The JSON claims object; the named fields win over same-named attributes.
    fn to_json(&self) -> Value {
        let mut claims = self.attributes.clone();
        claims.insert("user_id".to_owned(), self.user_id.clone().into());
        if let Some(email) = &self.email {
            claims.insert("email".to_owned(), email.clone().into());
        }
        if let Some(exp) = self.exp {
            claims.insert("exp".to_owned(), exp.into());
        }
        Value::Object(claims)
    }
}
