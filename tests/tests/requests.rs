//! What the generated SDK puts on the wire, against a local mock: one operation per HTTP method
//! and per kind of parameter, asserting the exact method, path, query string, headers and
//! body; and how error responses come back.
use intercom_api::models::{
    CreateContactRequest, ListContactMergeHistoryOrder, ListDataEventsFilter,
    ListDataEventsFilterUserId, UpdateContactRequest,
};
use intercom_api::search::{Filter, Query};
use intercom_api::{CallOptions, Client, CustomAttributes, Error};
use serde_json::{json, Value};
use wiremock::matchers::{body_json, header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn client(server: &MockServer) -> Client {
    Client::builder()
        .token("secret-token")
        .base_url(server.uri())
        .max_retries(0)
        .build()
        .expect("valid client")
}

/// The single request the server received.
async fn only_request(server: &MockServer) -> wiremock::Request {
    let mut requests = server.received_requests().await.expect("recording is on");
    assert_eq!(requests.len(), 1, "exactly one request");
    requests.remove(0)
}

fn header_value<'a>(request: &'a wiremock::Request, name: &str) -> Option<&'a str> {
    request.headers.get(name).and_then(|v| v.to_str().ok())
}

fn assert_common_headers(request: &wiremock::Request) {
    assert_eq!(
        header_value(request, "authorization"),
        Some("Bearer secret-token")
    );
    assert_eq!(
        header_value(request, "intercom-version"),
        Some(intercom_api::API_VERSION)
    );
    assert_eq!(header_value(request, "accept"), Some("application/json"));
    let agent = header_value(request, "user-agent").unwrap_or_default();
    assert!(
        agent.starts_with("intercom-api-rust/"),
        "user agent {agent}"
    );
}

#[tokio::test]
async fn get_with_a_path_parameter_percent_encodes_it() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/contacts/a%2Fb%20c"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"type": "contact", "id": "a/b c"})),
        )
        .mount(&server)
        .await;
    let contact = client(&server)
        .await
        .contacts()
        .get("a/b c")
        .await
        .expect("contact");
    assert_eq!(contact.id.as_deref(), Some("a/b c"));
    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "GET");
    assert_eq!(request.url.path(), "/contacts/a%2Fb%20c");
    assert_eq!(request.url.query(), None);
    assert_common_headers(&request);
    assert!(request.body.is_empty());
}

#[tokio::test]
async fn get_with_optional_query_parameters_and_an_enum() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"type": "list", "data": []})))
        .mount(&server)
        .await;
    client(&server)
        .await
        .contacts()
        .list_merge_history("c1")
        .per_page(5)
        .order(ListContactMergeHistoryOrder::Asc)
        .await
        .expect("history");
    let request = only_request(&server).await;
    assert_eq!(request.url.path(), "/contacts/c1/merge_history");
    assert_eq!(request.url.query(), Some("per_page=5&order=asc"));
}

#[tokio::test]
async fn required_query_parameter_is_positional() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/visitors"))
        .and(query_param("user_id", "u 1&x"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"type": "visitor", "id": "v1"})),
        )
        .mount(&server)
        .await;
    let visitor = client(&server)
        .await
        .visitors()
        .get("u 1&x")
        .await
        .expect("visitor");
    assert_eq!(visitor.id.as_deref(), Some("v1"));
    assert_eq!(
        only_request(&server).await.url.query(),
        Some("user_id=u%201%26x")
    );
}

#[tokio::test]
async fn comma_separated_array_query_parameter() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"type": "list", "data": []})))
        .mount(&server)
        .await;
    client(&server)
        .await
        .content()
        .search()
        .tag_ids(vec![1_i64.into(), 2_i64.into(), 3_i64.into()])
        .page(2)
        .await
        .expect("search");
    let request = only_request(&server).await;
    assert_eq!(request.url.path(), "/content/search");
    let pairs: Vec<(String, String)> = request.url.query_pairs().into_owned().collect();
    assert!(
        pairs.contains(&("tag_ids".into(), "1,2,3".into())),
        "{pairs:?}"
    );
    assert!(pairs.contains(&("page".into(), "2".into())), "{pairs:?}");
}

#[tokio::test]
async fn exploded_object_query_parameter() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"type": "event.summary", "events": []})),
        )
        .mount(&server)
        .await;
    let filter: ListDataEventsFilter = ListDataEventsFilterUserId::new("u1").into();
    client(&server)
        .await
        .data_events()
        .list(filter, "user")
        .summary(true)
        .await
        .expect("events");
    let request = only_request(&server).await;
    assert_eq!(request.url.path(), "/events");
    assert_eq!(
        request.url.query(),
        Some("user_id=u1&type=user&summary=true")
    );
}

#[tokio::test]
async fn post_sends_the_typed_body_as_json() {
    let server = MockServer::start().await;
    let expected =
        json!({"email": "ada@example.com", "role": "user", "custom_attributes": {"plan": 3}});
    Mock::given(method("POST"))
        .and(path("/contacts"))
        .and(header("content-type", "application/json"))
        .and(body_json(&expected))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"type": "contact", "id": "c9"})),
        )
        .mount(&server)
        .await;
    let body = CreateContactRequest::new()
        .email("ada@example.com")
        .role("user")
        .custom_attributes(CustomAttributes::new().with("plan", 3));
    let created = client(&server)
        .await
        .contacts()
        .create(body)
        .await
        .expect("created");
    assert_eq!(created.id.as_deref(), Some("c9"));
    let request = only_request(&server).await;
    assert_common_headers(&request);
    assert_eq!(
        serde_json::from_slice::<Value>(&request.body).expect("json body"),
        expected
    );
}

#[tokio::test]
async fn put_and_delete() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path("/contacts/c1"))
        .and(body_json(json!({"name": "Ada"})))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"type": "contact", "id": "c1", "name": "Ada"})),
        )
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(path("/contacts/c1"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"id": "c1", "deleted": true})),
        )
        .mount(&server)
        .await;
    let client = client(&server).await;
    let body = UpdateContactRequest {
        name: Some("Ada".into()),
        ..Default::default()
    };
    let updated = client.contacts().update("c1", body).await.expect("updated");
    assert_eq!(updated.name.as_deref(), Some("Ada"));
    let deleted = client.contacts().delete("c1").await.expect("deleted");
    assert_eq!(deleted.deleted, Some(true));
    let requests = server.received_requests().await.expect("recorded");
    let methods: Vec<&str> = requests.iter().map(|r| r.method.as_str()).collect();
    assert_eq!(methods, ["PUT", "DELETE"]);
    assert!(
        requests[1].body.is_empty(),
        "DELETE without body sends none"
    );
}

#[tokio::test]
async fn patch_and_a_per_call_version_override() {
    let server = MockServer::start().await;
    Mock::given(method("PATCH"))
        .and(path("/data_connectors/42"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"type": "data_connector", "id": "42"})),
        )
        .mount(&server)
        .await;
    use intercom_api::CallOptions;
    let body = serde_json::from_value(json!({"name": "Renamed"})).expect("valid body");
    let connector = client(&server)
        .await
        .data_connectors()
        .update("42", body)
        .intercom_version("Preview")
        .await
        .expect("updated");
    assert_eq!(connector.id.as_deref(), Some("42"));
    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "PATCH");
    assert_eq!(header_value(&request, "intercom-version"), Some("Preview"));
    assert_eq!(
        serde_json::from_slice::<Value>(&request.body).expect("json"),
        json!({"name": "Renamed"})
    );
}

#[tokio::test]
async fn search_body_with_nested_query() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/contacts/search"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"type": "list", "data": [], "total_count": 0})),
        )
        .mount(&server)
        .await;
    let query = json!({"query": {"operator": "AND", "value": [{"field": "email", "operator": "=", "value": "a@b.c"}]}});
    client(&server)
        .await
        .contacts()
        .search(Query::all([Filter::field("email").eq("a@b.c")]))
        .await
        .expect("results");
    let sent: Value = serde_json::from_slice(&only_request(&server).await.body).expect("json");
    assert_eq!(sent, query);
}

#[tokio::test]
async fn error_list_becomes_an_api_error_with_request_id() {
    let server = MockServer::start().await;
    let body = json!({
        "type": "error.list",
        "request_id": "req-123",
        "errors": [{"code": "not_found", "message": "Contact Not Found", "field": "id"}]
    });
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(404).set_body_json(body))
        .mount(&server)
        .await;
    let error = client(&server)
        .await
        .contacts()
        .get("nope")
        .await
        .expect_err("404");
    let Error::Api(api) = &error else {
        panic!("expected an API error, got {error:?}")
    };
    assert_eq!(api.status.as_u16(), 404);
    assert_eq!(api.request_id.as_deref(), Some("req-123"));
    assert_eq!(api.errors.len(), 1);
    assert_eq!(api.errors[0].code, "not_found");
    assert_eq!(api.errors[0].message.as_deref(), Some("Contact Not Found"));
    assert_eq!(api.errors[0].field.as_deref(), Some("id"));
    let text = error.to_string();
    assert!(
        text.contains("404") && text.contains("not_found") && text.contains("req-123"),
        "{text}"
    );
    assert!(!format!("{error:?}").contains("secret-token"));
}

#[tokio::test]
async fn html_502_becomes_an_api_error_with_the_text() {
    let server = MockServer::start().await;
    let html = "<html><body><h1>502 Bad Gateway</h1></body></html>";
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(502).set_body_raw(html, "text/html"))
        .mount(&server)
        .await;
    let error = client(&server)
        .await
        .contacts()
        .get("c1")
        .await
        .expect_err("502");
    let Error::Api(api) = &error else {
        panic!("expected an API error, got {error:?}")
    };
    assert_eq!(api.status.as_u16(), 502);
    assert_eq!(api.body, html);
    assert!(api.errors.is_empty());
    assert_eq!(api.request_id, None);
}

#[tokio::test]
async fn strict_decode_error_names_the_path_and_status() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("x-request-id", "req-9")
                .set_body_json(json!({"type": "contact", "id": "c1", "created_at": "yesterday"})),
        )
        .mount(&server)
        .await;
    let error = client(&server)
        .await
        .contacts()
        .get("c1")
        .strict_decoding(true)
        .await
        .expect_err("bad body");
    let Error::Decode(decode) = &error else {
        panic!("expected a decode error, got {error:?}")
    };
    assert_eq!(decode.status.as_u16(), 200);
    assert_eq!(decode.path, "/created_at");
    assert_eq!(decode.request_id.as_deref(), Some("req-9"));
}
