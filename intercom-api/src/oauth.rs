//! OAuth for public apps: send the user to Intercom to approve your app, then exchange the
//! returned code for an access token (feature `oauth`).
//!
//! 1. Redirect the user to [`OAuth::authorize_url`] with a fresh, unguessable `state` that
//!    you keep (in the session, say).
//! 2. Intercom redirects back to your `redirect_uri` with `code` and `state`. Reject the
//!    request unless `state` is the one you kept: it is what stops cross-site request forgery.
//! 3. Exchange the code with [`OAuth::exchange_code`] within about 5 minutes; a code works
//!    once. Intercom's tokens do not expire and there is no refresh token: store the token
//!    as a secret and use it like an access token.
//!
//! ```no_run
//! use intercom_api::oauth::{OAuth, OAuthError};
//!
//! # async fn run(code: &str) -> intercom_api::Result<()> {
//! let oauth = OAuth::new("client-id", "client-secret")?;
//! let url = oauth.authorize_url("random-state-kept-in-the-session", Some("https://example.com/cb"));
//! println!("send the user to {url}");
//!
//! // ... on the redirect, after checking `state`:
//! match oauth.exchange_code(code).await {
//!     Ok(token) => {
//!         let client = token.into_client_builder().build()?;
//!         let me: serde_json::Value = client.request(intercom_api::Method::GET, "/me").send().await?.into_inner();
//!         println!("connected to workspace {}", me["app"]["id_code"]);
//!     }
//!     Err(e) if e.oauth_error() == Some(OAuthError::InvalidCode) => {
//!         println!("the code expired or was used: start over");
//!     }
//!     Err(e) => return Err(e),
//! }
//! # Ok(()) }
//! ```

use std::fmt;

use crate::Method;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use url::Url;

pub use intercom_runtime::OAuthError;

use crate::{Client, ClientBuilder, Error, Result};

/// Intercom's authorize page, where the user approves the app.
pub const AUTHORIZE_URL: &str = "https://app.intercom.com/oauth";

/// The token endpoint, relative to the API base URL.
pub const TOKEN_PATH: &str = "/auth/eagle/token";

/// A public app's OAuth credentials and the client that calls the token endpoint.
///
/// `Debug` shows the client id but never the client secret.
#[derive(Clone)]
pub struct OAuth {
    client_id: String,
    client_secret: String,
    authorize: Url,
    client: Client,
}

impl OAuth {
    /// OAuth with the app's client id and secret (Developer Hub, Basic information), calling
    /// the token endpoint on the default (US) API host.
    ///
    /// Fails with [`Error::Config`] when the id or the secret is empty.
    pub fn new(client_id: impl Into<String>, client_secret: impl Into<String>) -> Result<OAuth> {
        OAuth::with_client_builder(client_id, client_secret, Client::builder())
    }

    /// Like [`new`](OAuth::new), with the token endpoint's client configured by `builder`
    /// (region, base URL, timeouts, your own `reqwest` client, ...). Its token, if any, is not
    /// sent: the token endpoint authenticates with the client secret.
    pub fn with_client_builder(
        client_id: impl Into<String>,
        client_secret: impl Into<String>,
        builder: ClientBuilder,
    ) -> Result<OAuth> {
        let client_id = client_id.into();
        let client_secret = client_secret.into();
        if client_id.trim().is_empty() {
            return Err(Error::Config("missing OAuth client id".to_owned()));
        }
        if client_secret.trim().is_empty() {
            return Err(Error::Config("missing OAuth client secret".to_owned()));
        }
        let authorize = Url::parse(AUTHORIZE_URL)
            .map_err(|e| Error::Config(format!("invalid authorize URL: {e}")))?;
        Ok(OAuth {
            client_id,
            client_secret,
            authorize,
            client: Client::from(builder.build_without_token()?),
        })
    }

    /// The app's client id.
    pub fn client_id(&self) -> &str {
        &self.client_id
    }

    /// The URL to send the user to: [`AUTHORIZE_URL`] with `client_id`, `state` and, when
    /// given, `redirect_uri` (one of the app's registered redirect URLs; Intercom uses the
    /// first one otherwise), all percent-encoded.
    ///
    /// `state` should be random (from a CSPRNG), bound to the user's session and checked on
    /// the redirect.
    pub fn authorize_url(&self, state: &str, redirect_uri: Option<&str>) -> Url {
        let mut url = self.authorize.clone();
        {
            let mut query = url.query_pairs_mut();
            query.append_pair("client_id", &self.client_id);
            query.append_pair("state", state);
            if let Some(redirect_uri) = redirect_uri {
                query.append_pair("redirect_uri", redirect_uri);
            }
        }
        url
    }

    /// Exchanges the `code` of the redirect for an access token (`POST /auth/eagle/token`).
    ///
    /// Errors are the client's usual [`Error`]; [`Error::oauth_error`] tells an expired or
    /// reused code from rejected credentials. The request is not retried after a server
    /// error or timeout, since a code works only once.
    pub async fn exchange_code(&self, code: &str) -> Result<AccessToken> {
        let body = TokenRequest {
            code,
            client_id: &self.client_id,
            client_secret: &self.client_secret,
        };
        let response = self
            .client
            .request(Method::POST, TOKEN_PATH)
            .json(&body)
            .send::<TokenResponse>()
            .await?;
        Ok(response.into_inner().0)
    }
}

impl fmt::Debug for OAuth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OAuth")
            .field("client_id", &self.client_id)
            .field("client_secret", &"<redacted>")
            .field("token_endpoint", &self.client.base_url())
            .finish()
    }
}

/// An access token granted by a workspace to the app. It does not expire: store it as a
/// secret. `Debug` prints `<redacted>` in place of the token.
#[derive(Clone, PartialEq, Eq)]
pub struct AccessToken {
    token: String,
    token_type: Option<String>,
}

impl AccessToken {
    /// The token itself, to store or to pass to [`ClientBuilder::token`].
    pub fn secret(&self) -> &str {
        &self.token
    }

    /// The token itself, owned.
    pub fn into_secret(self) -> String {
        self.token
    }

    /// The `token_type` Intercom sent (`Bearer`), if any.
    pub fn token_type(&self) -> Option<&str> {
        self.token_type.as_deref()
    }

    /// A client builder already holding this token; set the workspace's region on it.
    pub fn into_client_builder(self) -> ClientBuilder {
        Client::builder().token(self.token)
    }
}

impl fmt::Debug for AccessToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AccessToken")
            .field("token", &"<redacted>")
            .field("token_type", &self.token_type)
            .finish()
    }
}

#[derive(Serialize)]
struct TokenRequest<'a> {
    code: &'a str,
    client_id: &'a str,
    client_secret: &'a str,
}

/// The token endpoint's answer; it has carried the token as `token`, `access_token` or both.
#[derive(Deserialize)]
#[serde(try_from = "RawTokenResponse")]
struct TokenResponse(AccessToken);

/// Any JSON type is accepted here, so that a decode failure (whose error quotes the body)
/// can only happen when the body holds no token string.
#[derive(Deserialize)]
struct RawTokenResponse {
    #[serde(default)]
    token: Value,
    #[serde(default)]
    access_token: Value,
    #[serde(default)]
    token_type: Value,
}

impl TryFrom<RawTokenResponse> for TokenResponse {
    type Error = &'static str;

    fn try_from(raw: RawTokenResponse) -> std::result::Result<Self, Self::Error> {
        let token = [&raw.token, &raw.access_token]
            .into_iter()
            .filter_map(Value::as_str)
            .find(|token| !token.is_empty())
            .ok_or("the token response has no `token` or `access_token` string")?;
        Ok(TokenResponse(AccessToken {
            token: token.to_owned(),
            token_type: raw.token_type.as_str().map(str::to_owned),
        }))
    }
}
