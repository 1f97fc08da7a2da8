//! Everyday tasks through the generated API: one search query type for every search endpoint
//! (the body on the wire is exactly Intercom's), a query that breaks a limit is never sent, and
//! custom attributes are one type on contacts, companies, conversations and tickets.
use intercom_api::models::{Company, Contact, Conversation, CreateContactRequest, Ticket};
use intercom_api::prelude::*;
use intercom_api::search::{Filter, Query, SortOrder};
use intercom_api::{CustomAttributes, Error};
use serde_json::{json, Value};
use wiremock::matchers::{body_json, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn client(server: &MockServer) -> Client {
    Client::builder()
        .token("t")
        .base_url(server.uri())
        .max_retries(0)
        .build()
        .expect("client")
}

/// The two-clause query of the README: open conversations updated since a time.
fn open_since(since: i64) -> Query {
    Filter::field("state")
        .eq("open")
        .and(Filter::field("updated_at").gt(since))
}

fn two_clauses_on_the_wire(since: i64) -> Value {
    json!({"operator": "AND", "value": [
        {"field": "state", "operator": "=", "value": "open"},
        {"field": "updated_at", "operator": ">", "value": since}
    ]})
}

async fn expect_search(server: &MockServer, route: &str, body: Value, reply: Value) {
    Mock::given(method("POST"))
        .and(path(route))
        .and(body_json(body))
        .respond_with(ResponseTemplate::new(200).set_body_json(reply))
        .expect(1)
        .mount(server)
        .await;
}

#[tokio::test]
async fn conversations_search_sends_the_documented_body() {
    let server = MockServer::start().await;
    let body =
        json!({"query": two_clauses_on_the_wire(1_700_000_000), "pagination": {"per_page": 20}});
    let reply = json!({"type": "conversation.list", "conversations": [{"type": "conversation", "id": "1", "state": "open"}], "total_count": 1});
    expect_search(&server, "/conversations/search", body, reply).await;
    let page = client(&server)
        .await
        .conversations()
        .search(open_since(1_700_000_000))
        .per_page(20)
        .await
        .expect("results");
    assert_eq!(page.conversations.map(|c| c.len()), Some(1));
}

#[tokio::test]
async fn tickets_search_takes_the_same_query() {
    let server = MockServer::start().await;
    let body =
        json!({"query": two_clauses_on_the_wire(7), "pagination": {"starting_after": "WzE3"}});
    let reply = json!({"type": "ticket.list", "tickets": [], "total_count": 0});
    expect_search(&server, "/tickets/search", body, reply).await;
    client(&server)
        .await
        .tickets()
        .search(open_since(7))
        .starting_after("WzE3")
        .await
        .expect("results");
}

#[tokio::test]
async fn contacts_search_sorts_and_nests() {
    let server = MockServer::start().await;
    let query = Query::any([
        Query::all([
            Filter::field("role").eq("user"),
            Filter::field("custom_attributes.plan").is_in(["pro", "team"]),
        ]),
        Filter::field("email").ends_with("@example.com").into(),
    ]);
    let body = json!({
        "query": {"operator": "OR", "value": [
            {"operator": "AND", "value": [
                {"field": "role", "operator": "=", "value": "user"},
                {"field": "custom_attributes.plan", "operator": "IN", "value": ["pro", "team"]}
            ]},
            {"field": "email", "operator": "$", "value": "@example.com"}
        ]},
        "pagination": {"per_page": 150},
        "sort": {"field": "created_at", "order": "descending"}
    });
    let reply =
        json!({"type": "list", "data": [{"type": "contact", "id": "c1"}], "total_count": 1});
    expect_search(&server, "/contacts/search", body, reply).await;
    let contacts = client(&server)
        .await
        .contacts()
        .search(query)
        .per_page(150)
        .sort("created_at", SortOrder::Descending)
        .await
        .expect("results");
    assert_eq!(contacts.data.map(|d| d.len()), Some(1));
}

#[tokio::test]
async fn a_query_over_a_limit_is_never_sent() {
    let server = MockServer::start().await;
    let sixteen: Vec<Filter> = (0..16).map(|i| Filter::field("tag_id").eq(i)).collect();
    let error = client(&server)
        .await
        .contacts()
        .search(Query::any(sixteen))
        .await
        .expect_err("16 filters in one group");
    assert!(matches!(error, Error::InvalidQuery(_)), "{error:?}");
    assert!(error.to_string().contains("at most 15"), "{error}");
    assert!(server
        .received_requests()
        .await
        .expect("recorded")
        .is_empty());
}

/// Every JSON type a custom attribute can hold.
fn attributes() -> Value {
    json!({"plan": "pro", "seats": 12, "mrr": 49.5, "vip": true, "churned_at": null,
           "regions": ["eu", "us"], "owner": {"name": "Ada", "team": 7}})
}

fn assert_accessors(attributes: &CustomAttributes) {
    assert_eq!(attributes.get_str("plan"), Some("pro"));
    assert_eq!(attributes.get_i64("seats"), Some(12));
    assert_eq!(attributes.get_f64("mrr"), Some(49.5));
    assert_eq!(attributes.get_bool("vip"), Some(true));
    let regions: Vec<String> = attributes
        .get("regions")
        .expect("present")
        .expect("a list of strings");
    assert_eq!(regions, ["eu", "us"]);
}

/// Decodes `entity` as `T`, checks its attributes, and re-encodes it unchanged.
fn round_trip<T: serde::de::DeserializeOwned + serde::Serialize>(
    entity: Value,
    attributes_of: impl Fn(&T) -> Option<&CustomAttributes>,
    field: &str,
) {
    let decoded =
        intercom_api::decode::from_slice::<T>(&serde_json::to_vec(&entity).expect("json"))
            .expect("decodes");
    assert!(decoded.mismatches.is_empty(), "{:?}", decoded.mismatches);
    assert_accessors(attributes_of(&decoded.value).expect("attributes"));
    let again = serde_json::to_value(&decoded.value).expect("encodes");
    assert_eq!(again[field], entity[field], "{field} round-trips unchanged");
}

#[test]
fn custom_attributes_are_one_type_everywhere() {
    round_trip::<Contact>(
        json!({"type": "contact", "id": "c1", "custom_attributes": attributes()}),
        |c| c.custom_attributes.as_ref(),
        "custom_attributes",
    );
    round_trip::<Company>(
        json!({"type": "company", "id": "co1", "custom_attributes": attributes()}),
        |c| c.custom_attributes.as_ref(),
        "custom_attributes",
    );
    round_trip::<Conversation>(
        json!({"type": "conversation", "id": "1", "custom_attributes": attributes()}),
        |c| c.custom_attributes.as_ref(),
        "custom_attributes",
    );
    round_trip::<Ticket>(
        json!({"type": "ticket", "id": "t1", "ticket_attributes": attributes()}),
        |t| t.ticket_attributes.as_ref(),
        "ticket_attributes",
    );
}

#[test]
fn custom_attributes_are_set_on_request_bodies() {
    let body = CreateContactRequest::new()
        .email("ada@example.com")
        .custom_attributes(
            CustomAttributes::new()
                .with("plan", "pro")
                .with("seats", 12)
                .with("vip", true),
        );
    assert_eq!(
        serde_json::to_value(&body).expect("encodes"),
        json!({"email": "ada@example.com", "custom_attributes": {"plan": "pro", "seats": 12, "vip": true}})
    );
}
