//! Every use of the project's SDK (intercom-api) in this benchmark is in this file.
//!
//! The project's copy of `shared/bench/runtime/src/ours.rs`, updated for the domain API's
//! renames: a contact is `Contact` and reading one is `get`.
//!
//! When the SDK's public names change (for example the method `show` renamed to `get`, or the
//! types `ContactList` or `ShowContactResponse` renamed), copy this file into the project as
//! `benches/yardstick/ours.rs` and update it there: bench/runtime.sh then uses that copy (the
//! shared directory is read-only for the project). Nothing else in bench/runtime names the SDK.

/// What `client.contacts().list()` returns: one page of contacts.
pub type ContactPage = intercom_api::models::ContactList;
/// What `client.contacts().get(id)` returns: one contact.
pub type Contact = intercom_api::models::Contact;

/// A client for `base_url`, with the SDK's default settings (retries, rate-limit handling and so on).
pub fn client(base_url: &str) -> intercom_api::Client {
    intercom_api::Client::builder()
        .token("test-token")
        .base_url(base_url)
        .build()
        .expect("intercom-api client")
}

/// `GET /contacts/{id}`, decoded.
pub async fn get_contact(client: &intercom_api::Client, id: &str) -> Contact {
    client.contacts().get(id).await.expect("intercom-api GET /contacts/{id}")
}
