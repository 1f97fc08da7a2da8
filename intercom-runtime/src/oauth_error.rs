//! Why OAuth's token endpoint refused a code exchange (feature `oauth`): the classification
//! lives here, beside [`Error`], so that it can be a method of it; the flow itself is
//! `intercom_api::oauth`.

use serde_json::Value;

use crate::{ApiError, Error};

/// Why the token endpoint refused an exchange, from [`Error::oauth_error`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum OAuthError {
    /// The code is unknown, expired (codes live about 5 minutes) or already used: send the
    /// user through the authorize page again.
    InvalidCode,
    /// The client id or secret was refused: fix the app's configuration.
    InvalidClient,
    /// Another `400` or `401` answer; [`Error::as_api`] has the details.
    Other,
}

impl Error {
    /// Classifies an error of `OAuth::exchange_code`: `Some` for a `400` or `401` answer of
    /// the token endpoint, `None` for anything else (timeouts, `5xx`, ...).
    ///
    /// Intercom does not document the error codes of this endpoint, so both its `error.list`
    /// codes and OAuth's standard ones (`invalid_grant`, `invalid_client`) are read, then the
    /// messages; an unexplained `401` counts as [`OAuthError::InvalidClient`]. On errors of
    /// other calls the answer means little (any `401` reads as `InvalidClient`).
    pub fn oauth_error(&self) -> Option<OAuthError> {
        let api = self.as_api()?;
        matches!(api.status.as_u16(), 400 | 401).then(|| classify(api))
    }
}

const CODE_ERRORS: &[&str] = &[
    "invalid_grant",
    "invalid_code",
    "expired_code",
    "code_expired",
    "code_not_found",
];
const CLIENT_ERRORS: &[&str] = &[
    "invalid_client",
    "unauthorized_client",
    "client_not_found",
    "invalid_client_secret",
];

fn classify(api: &ApiError) -> OAuthError {
    // A body in OAuth's standard shape: {"error": "invalid_grant", "error_description": "..."}.
    let standard: Value = serde_json::from_str(&api.body).unwrap_or_default();
    let standard_text = |key: &str| standard.get(key).and_then(Value::as_str);
    let codes = api.errors.iter().map(|item| item.code.as_str());
    for code in codes.chain(standard_text("error")) {
        if CODE_ERRORS.contains(&code) {
            return OAuthError::InvalidCode;
        }
        if CLIENT_ERRORS.contains(&code) {
            return OAuthError::InvalidClient;
        }
    }
    let texts = api
        .errors
        .iter()
        .flat_map(|item| [item.message.as_deref(), item.field.as_deref()])
        .chain([api.message.as_deref(), standard_text("error_description")])
        .flatten();
    let words: Vec<String> = texts
        .flat_map(|text| text.split(|c: char| !c.is_ascii_alphanumeric()))
        .map(str::to_ascii_lowercase)
        .collect();
    let mentions = |word: &str| words.iter().any(|w| w == word);
    if mentions("secret") {
        OAuthError::InvalidClient
    } else if mentions("code") {
        OAuthError::InvalidCode
    } else if mentions("client") || api.status.as_u16() == 401 {
        OAuthError::InvalidClient
    } else {
        OAuthError::Other
    }
}
