//! OAuth: the authorize URL parsed back pair by pair, and the code exchange against a mock
//! token endpoint (success, expired code, bad secret), asserting what goes on the wire and how
//! errors are classified.
#![cfg(feature = "oauth")]

use intercom_api::oauth::{OAuth, OAuthError, AUTHORIZE_URL, TOKEN_PATH};
use intercom_api::{Client, Error};
use serde_json::{json, Value};
use wiremock::matchers::{body_partial_json, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const CLIENT_ID: &str = "client-5f1e";
const CLIENT_SECRET: &str = "cs_SECRET_9d8c7b";
const TOKEN: &str = "tok_OAUTH_SECRET_1a2b";

fn oauth(server: &MockServer) -> OAuth {
    let builder = Client::builder().base_url(server.uri()).max_retries(0);
    OAuth::with_client_builder(CLIENT_ID, CLIENT_SECRET, builder).unwrap()
}

/// Answers `POST /auth/eagle/token` for one `code` with `response`.
async fn token_endpoint(server: &MockServer, code: &str, response: ResponseTemplate) {
    Mock::given(method("POST"))
        .and(path(TOKEN_PATH))
        .and(body_partial_json(json!({ "code": code })))
        .respond_with(response)
        .mount(server)
        .await;
}

fn error_list(code: &str, message: &str) -> Value {
    json!({
        "type": "error.list",
        "request_id": "req_oauth_1",
        "errors": [{"code": code, "message": message}]
    })
}

/// The message, debug output and source chain of an error, for secrecy checks.
fn all_text(err: &Error) -> String {
    let mut text = format!("{err} {err:?}");
    let mut source = std::error::Error::source(err);
    while let Some(cause) = source {
        text.push_str(&format!(" {cause} {cause:?}"));
        source = cause.source();
    }
    text
}

#[test]
fn authorize_url_carries_encoded_pairs() {
    let oauth = OAuth::new(CLIENT_ID, CLIENT_SECRET).unwrap();
    let state = "a b&c=d/é";
    let redirect = "https://example.com/oauth/callback?next=/home&x=1";
    let url = oauth.authorize_url(state, Some(redirect));

    assert_eq!(
        format!(
            "{}://{}{}",
            url.scheme(),
            url.host_str().unwrap(),
            url.path()
        ),
        AUTHORIZE_URL
    );
    let pairs: Vec<(String, String)> = url.query_pairs().into_owned().collect();
    assert_eq!(
        pairs,
        [
            ("client_id".to_owned(), CLIENT_ID.to_owned()),
            ("state".to_owned(), state.to_owned()),
            ("redirect_uri".to_owned(), redirect.to_owned()),
        ]
    );
    // Reserved characters are percent-encoded, so they cannot split or add parameters.
    let query = url.query().unwrap();
    assert!(query.contains("state=a+b%26c%3Dd%2F%C3%A9"), "{query}");
    assert!(
        query.contains(
            "redirect_uri=https%3A%2F%2Fexample.com%2Foauth%2Fcallback%3Fnext%3D%2Fhome%26x%3D1"
        ),
        "{query}"
    );
    assert!(!query.contains(CLIENT_SECRET));
}

#[test]
fn authorize_url_without_redirect_uri() {
    let oauth = OAuth::new(CLIENT_ID, CLIENT_SECRET).unwrap();
    let url = oauth.authorize_url("s1", None);
    let names: Vec<String> = url
        .query_pairs()
        .map(|(name, _)| name.into_owned())
        .collect();
    assert_eq!(names, ["client_id", "state"]);
    assert_eq!(
        url.as_str(),
        format!("{AUTHORIZE_URL}?client_id={CLIENT_ID}&state=s1")
    );
}

#[test]
fn empty_credentials_are_config_errors_and_secret_is_hidden() {
    assert!(matches!(
        OAuth::new("", CLIENT_SECRET),
        Err(Error::Config(_))
    ));
    assert!(matches!(OAuth::new(CLIENT_ID, " "), Err(Error::Config(_))));
    let debug = format!("{:?}", OAuth::new(CLIENT_ID, CLIENT_SECRET).unwrap());
    assert!(debug.contains(CLIENT_ID), "{debug}");
    assert!(!debug.contains(CLIENT_SECRET), "{debug}");
}

#[tokio::test]
async fn exchange_sends_the_code_and_credentials_without_bearer() {
    let server = MockServer::start().await;
    let body =
        json!({"type": "token", "token": TOKEN, "access_token": TOKEN, "token_type": "Bearer"});
    token_endpoint(
        &server,
        "code-ok",
        ResponseTemplate::new(200).set_body_json(body),
    )
    .await;

    let token = oauth(&server).exchange_code("code-ok").await.unwrap();
    assert_eq!(token.secret(), TOKEN);
    assert_eq!(token.token_type(), Some("Bearer"));
    let debug = format!("{token:?}");
    assert!(!debug.contains(TOKEN), "{debug}");

    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1);
    let request = &requests[0];
    assert_eq!(request.method.as_str(), "POST");
    assert_eq!(request.url.path(), "/auth/eagle/token");
    assert_eq!(
        request.headers.get("content-type").unwrap(),
        "application/json"
    );
    assert!(
        request.headers.get("authorization").is_none(),
        "the token endpoint gets no bearer token"
    );
    let sent: Value = serde_json::from_slice(&request.body).unwrap();
    assert_eq!(
        sent,
        json!({"code": "code-ok", "client_id": CLIENT_ID, "client_secret": CLIENT_SECRET})
    );

    // The token plugs into a regular client, which sends it as a bearer token.
    Mock::given(method("GET"))
        .and(path("/me"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"type": "admin"})))
        .mount(&server)
        .await;
    let client = token
        .into_client_builder()
        .base_url(server.uri())
        .build()
        .unwrap();
    client
        .request(reqwest::Method::GET, "/me")
        .send::<Value>()
        .await
        .unwrap();
    let requests = server.received_requests().await.unwrap();
    assert_eq!(
        requests[1].headers.get("authorization").unwrap(),
        &format!("Bearer {TOKEN}")
    );
}

#[tokio::test]
async fn exchange_accepts_access_token_alone() {
    let server = MockServer::start().await;
    let body = json!({"access_token": TOKEN, "token_type": "Bearer"});
    token_endpoint(
        &server,
        "code-at",
        ResponseTemplate::new(200).set_body_json(body),
    )
    .await;
    let token = oauth(&server).exchange_code("code-at").await.unwrap();
    assert_eq!(token.into_secret(), TOKEN);
}

#[tokio::test]
async fn response_without_token_is_a_decode_error() {
    let server = MockServer::start().await;
    let body = json!({"type": "token", "token_type": "Bearer"});
    token_endpoint(
        &server,
        "code-none",
        ResponseTemplate::new(200).set_body_json(body),
    )
    .await;
    let err = oauth(&server).exchange_code("code-none").await.unwrap_err();
    assert!(matches!(err, Error::Decode(_)), "{err:?}");
    assert!(
        err.to_string().contains("no `token` or `access_token`"),
        "{err}"
    );
    assert_eq!(err.oauth_error(), None);
}

#[tokio::test]
async fn expired_code_is_invalid_code() {
    let server = MockServer::start().await;
    let body = error_list(
        "parameter_invalid",
        "The code has expired or was already used",
    );
    token_endpoint(
        &server,
        "code-old",
        ResponseTemplate::new(400).set_body_json(body),
    )
    .await;

    let err = oauth(&server).exchange_code("code-old").await.unwrap_err();
    assert_eq!(err.oauth_error(), Some(OAuthError::InvalidCode));
    assert_eq!(err.status().map(|s| s.as_u16()), Some(400));
    assert_eq!(err.request_id(), Some("req_oauth_1"));
    let text = all_text(&err);
    assert!(!text.contains(CLIENT_SECRET), "{text}");
    // A POST with a used-up code must not be repeated.
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn bad_secret_is_invalid_client() {
    let server = MockServer::start().await;
    let body = error_list("unauthorized", "Access Token Invalid");
    token_endpoint(
        &server,
        "code-x",
        ResponseTemplate::new(401).set_body_json(body),
    )
    .await;

    let err = oauth(&server).exchange_code("code-x").await.unwrap_err();
    assert_eq!(err.oauth_error(), Some(OAuthError::InvalidClient));
    assert_eq!(err.status().map(|s| s.as_u16()), Some(401));
    let text = all_text(&err);
    assert!(!text.contains(CLIENT_SECRET), "{text}");
}

#[tokio::test]
async fn error_bodies_are_classified() {
    let server = MockServer::start().await;
    let cases = [
        // OAuth's standard error codes, in an Intercom error list or in RFC 6749's shape.
        (
            "c1",
            400,
            error_list("invalid_grant", "bad"),
            Some(OAuthError::InvalidCode),
        ),
        (
            "c2",
            400,
            json!({"error": "invalid_client"}),
            Some(OAuthError::InvalidClient),
        ),
        (
            "c3",
            400,
            json!({"error": "invalid_request", "error_description": "Invalid code"}),
            Some(OAuthError::InvalidCode),
        ),
        // Messages and fields when the code says little.
        (
            "c4",
            400,
            error_list("parameter_invalid", "client_secret is wrong"),
            Some(OAuthError::InvalidClient),
        ),
        (
            "c5",
            400,
            json!({"type": "error.list", "errors": [{"code": "parameter_invalid", "field": "code"}]}),
            Some(OAuthError::InvalidCode),
        ),
        (
            "c6",
            400,
            error_list("parameter_invalid", "Client not found"),
            Some(OAuthError::InvalidClient),
        ),
        // A 400 and a 401 that nothing explains.
        (
            "c7",
            400,
            error_list("parameter_missing", "something is off"),
            Some(OAuthError::Other),
        ),
        (
            "c8",
            401,
            json!({"message": "Unauthorized"}),
            Some(OAuthError::InvalidClient),
        ),
        // Not an OAuth refusal at all.
        ("c9", 500, error_list("server_error", "code broke"), None),
        ("c10", 404, error_list("not_found", "code"), None),
    ];
    for (code, status, body, _) in &cases {
        token_endpoint(
            &server,
            code,
            ResponseTemplate::new(*status).set_body_json(body),
        )
        .await;
    }
    let oauth = oauth(&server);
    for (code, status, _, expected) in cases {
        let err = oauth.exchange_code(code).await.unwrap_err();
        assert_eq!(err.status().map(|s| s.as_u16()), Some(status), "{code}");
        assert_eq!(err.oauth_error(), expected, "{code}: {err}");
    }
    assert_eq!(Error::Timeout.oauth_error(), None);
}
