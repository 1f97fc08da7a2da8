//! An app that enables only the `contacts` feature: `client.contacts()` and the models its
//! operations use compile on their own, list and decode. CI runs it with
//! `--no-default-features --features contacts,rustls`.

use intercom_api::models::{Contact, ContactList};
use intercom_api::prelude::*;
use serde_json::json;
use wiremock::matchers::{header, method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn contact(id: &str, email: &str, plan: &str) -> serde_json::Value {
    json!({
        "type": "contact",
        "id": id,
        "role": "user",
        "email": email,
        "name": format!("Contact {id}"),
        "created_at": 1_700_000_000,
        "custom_attributes": {"plan": plan, "seats": 3},
        "tags": {"type": "list", "data": [], "url": "/contacts/1/tags", "total_count": 0},
        "a_property_the_sdk_does_not_know": true
    })
}

async fn server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/contacts"))
        .and(query_param("per_page", "2"))
        .and(query_param_is_missing("starting_after"))
        .and(header("authorization", "Bearer tok_contacts"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "type": "list",
            "data": [contact("1", "ada@example.com", "pro"), contact("2", "bob@example.com", "free")],
            "total_count": 3,
            "pages": {"type": "pages", "page": 1, "per_page": 2, "total_pages": 2,
                      "next": {"per_page": 2, "starting_after": "cursor_2"}}
        })))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/contacts"))
        .and(query_param("starting_after", "cursor_2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "type": "list",
            "data": [contact("3", "cy@example.com", "pro")],
            "total_count": 3,
            "pages": {"type": "pages", "page": 2, "per_page": 2, "total_pages": 2}
        })))
        .mount(&server)
        .await;
    server
}

fn client(server: &MockServer) -> Client {
    Client::builder()
        .token("tok_contacts")
        .base_url(server.uri())
        .build()
        .expect("a client for the mock server")
}

#[tokio::test]
async fn lists_and_decodes_a_page_of_contacts() {
    let server = server().await;
    let page: ContactList = client(&server)
        .contacts()
        .list()
        .per_page(2)
        .await
        .expect("the first page");

    assert_eq!(page.total_count, Some(3));
    let contacts = page.data.expect("data");
    assert_eq!(contacts.len(), 2);
    let ada = &contacts[0];
    assert_eq!(ada.id.as_ref().map(|id| id.as_str()), Some("1"));
    assert_eq!(ada.email.as_deref(), Some("ada@example.com"));
    assert_eq!(ada.name.as_deref(), Some("Contact 1"));
    assert_eq!(ada.role.as_deref(), Some("user"));
    assert_eq!(ada.created_at, Some(1_700_000_000));
    let attributes = ada.custom_attributes.as_ref().expect("custom attributes");
    assert_eq!(
        attributes.get::<String>("plan").transpose().ok().flatten(),
        Some("pro".to_owned())
    );
    assert_eq!(
        attributes.get::<i64>("seats").transpose().ok().flatten(),
        Some(3)
    );
    assert!(ada.extra.contains_key("a_property_the_sdk_does_not_know"));
}

#[tokio::test]
async fn streams_every_contact_across_pages() {
    let server = server().await;
    let contacts: Vec<Contact> = client(&server)
        .contacts()
        .list()
        .per_page(2)
        .items()
        .try_collect()
        .await
        .expect("every page");

    let emails: Vec<_> = contacts.iter().filter_map(|c| c.email.as_deref()).collect();
    assert_eq!(
        emails,
        ["ada@example.com", "bob@example.com", "cy@example.com"]
    );
    assert_eq!(server.received_requests().await.map(|r| r.len()), Some(2));
}
