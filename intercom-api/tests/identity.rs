//! Identity verification: the Messenger JWT is decoded and verified independently (by hand
//! with `base64` + `hmac`, and with the `jsonwebtoken` crate), and `user_hash` matches a
//! vector computed with Python.
#![cfg(feature = "identity")]

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use hmac::{Hmac, KeyInit, Mac};
use intercom_api::identity::{IdentityError, IdentitySecret, MessengerClaims};
use jsonwebtoken::errors::ErrorKind;
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use serde_json::{json, Value};
use sha2::Sha256;

const SECRET: &str = "identity-secret";

fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

fn decode_part(part: &str) -> Value {
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(part).unwrap()).unwrap()
}

/// Verifies the HS256 signature by recomputing the HMAC here.
fn signature_valid(jwt: &str, secret: &str) -> bool {
    let (signing_input, signature) = jwt.rsplit_once('.').unwrap();
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(signing_input.as_bytes());
    mac.verify_slice(&URL_SAFE_NO_PAD.decode(signature).unwrap())
        .is_ok()
}

fn claims() -> MessengerClaims {
    MessengerClaims::new("user-42")
        .email("ada@example.com")
        .expires_at(now() + 3600)
        .attribute("name", "Ada Lovelace")
        .attribute("plan", json!({"tier": "pro", "seats": 3}))
}

#[test]
fn jwt_header_claims_and_signature_decode_by_hand() {
    let secret = IdentitySecret::new(SECRET).unwrap();
    let claims = claims();
    let jwt = secret.messenger_jwt(&claims).unwrap();

    let parts: Vec<&str> = jwt.split('.').collect();
    assert_eq!(parts.len(), 3);
    assert!(
        jwt.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c)),
        "base64url without padding: {jwt}"
    );
    assert_eq!(decode_part(parts[0]), json!({"alg": "HS256", "typ": "JWT"}));
    assert_eq!(
        decode_part(parts[1]),
        json!({
            "user_id": "user-42",
            "email": "ada@example.com",
            "exp": claims.exp.unwrap(),
            "name": "Ada Lovelace",
            "plan": {"tier": "pro", "seats": 3},
        })
    );
    assert!(signature_valid(&jwt, SECRET));
    assert!(!signature_valid(&jwt, "another-secret"));
}

#[test]
fn jwt_verifies_with_jsonwebtoken() {
    let secret = IdentitySecret::new(SECRET).unwrap();
    let jwt = secret.messenger_jwt(&claims()).unwrap();

    let validation = Validation::new(Algorithm::HS256);
    let key = DecodingKey::from_secret(SECRET.as_bytes()).unwrap();
    let data = jsonwebtoken::decode::<Value>(&jwt, &key, &validation).unwrap();
    assert_eq!(data.claims["user_id"], "user-42");
    assert_eq!(data.claims["email"], "ada@example.com");
    assert_eq!(data.header.alg, Algorithm::HS256);

    let wrong = DecodingKey::from_secret(b"another-secret").unwrap();
    let err = jsonwebtoken::decode::<Value>(&jwt, &wrong, &validation).unwrap_err();
    assert_eq!(err.kind(), &ErrorKind::InvalidSignature);
}

#[test]
fn jwt_minimal_claims_and_expiry() {
    let secret = IdentitySecret::new(SECRET).unwrap();
    let jwt = secret.messenger_jwt(&MessengerClaims::new("u1")).unwrap();
    let payload = decode_part(jwt.split('.').nth(1).unwrap());
    assert_eq!(payload, json!({"user_id": "u1"}));

    let before = now();
    let claims = MessengerClaims::new("u1").expires_in(Duration::from_secs(600));
    let exp = claims.exp.unwrap();
    assert!((before + 600..=now() + 600).contains(&exp), "{exp}");
}

#[test]
fn named_claims_win_over_attributes() {
    let secret = IdentitySecret::new(SECRET).unwrap();
    let claims = MessengerClaims::new("real-id")
        .attribute("user_id", "spoofed")
        .attribute("email", "spoofed@example.com")
        .email("real@example.com");
    let jwt = secret.messenger_jwt(&claims).unwrap();
    let payload = decode_part(jwt.split('.').nth(1).unwrap());
    assert_eq!(payload["user_id"], "real-id");
    assert_eq!(payload["email"], "real@example.com");
}

#[test]
fn empty_secret_and_user_id_are_refused() {
    assert_eq!(
        IdentitySecret::new("").unwrap_err(),
        IdentityError::EmptySecret
    );
    let secret = IdentitySecret::new(SECRET).unwrap();
    assert_eq!(
        secret.messenger_jwt(&MessengerClaims::new("")),
        Err(IdentityError::EmptyUserId)
    );
}

#[test]
fn user_hash_matches_python() {
    // python3 -c "import hmac,hashlib;print(hmac.new(b'identity-secret',b'user-42',hashlib.sha256).hexdigest())"
    let expected = "2bdde05d54d28f6c1686a5f352227bdf69a7a114e6f1a2694f9315696e7a7962";
    let secret = IdentitySecret::new(SECRET).unwrap();
    assert_eq!(secret.user_hash("user-42"), expected);
    assert_ne!(
        IdentitySecret::new("other").unwrap().user_hash("user-42"),
        expected
    );
}

#[test]
fn secret_is_not_printed() {
    let secret = IdentitySecret::new(SECRET).unwrap();
    let debug = format!("{secret:?}");
    assert!(!debug.contains(SECRET), "{debug}");
    assert!(debug.contains("redacted"));
}
