//! Pagination through the generated operations: each paging family over three pages, asserting
//! every request the SDK sends and that no page is fetched twice.
use intercom_api::models::ListContactMergeHistoryOrder;
use intercom_api::prelude::*;
use intercom_api::search::Filter;
use serde_json::{json, Value};
use wiremock::matchers::{body_partial_json, method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn client(server: &MockServer) -> Client {
    Client::builder()
        .token("t")
        .base_url(server.uri())
        .max_retries(0)
        .build()
        .expect("client")
}

async fn queries(server: &MockServer) -> Vec<String> {
    let requests = server.received_requests().await.expect("recorded");
    requests
        .iter()
        .map(|r| r.url.query().unwrap_or_default().to_owned())
        .collect()
}

fn ok(body: Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(body)
}

#[tokio::test]
async fn query_cursor_follows_pages_next_starting_after() {
    let server = MockServer::start().await;
    let page = |ids: [&str; 2], next: Option<&str>| {
        let conversations: Vec<Value> = ids
            .iter()
            .map(|id| json!({"type": "conversation", "id": id}))
            .collect();
        let next = next.map(|c| json!({"starting_after": c}));
        ok(
            json!({"type": "conversation.list", "conversations": conversations, "pages": {"type": "pages", "next": next}}),
        )
    };
    Mock::given(method("GET"))
        .and(query_param_is_missing("starting_after"))
        .respond_with(page(["1", "2"], Some("c2")))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(query_param("starting_after", "c2"))
        .respond_with(page(["3", "4"], Some("c4")))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(query_param("starting_after", "c4"))
        .respond_with(page(["5", "6"], None))
        .mount(&server)
        .await;

    let conversations = client(&server)
        .await
        .conversations()
        .list()
        .per_page(2)
        .collect_all()
        .await
        .expect("all pages");
    let ids: Vec<_> = conversations
        .iter()
        .filter_map(|c| c.id.as_deref())
        .collect();
    assert_eq!(ids, ["1", "2", "3", "4", "5", "6"]);
    assert_eq!(
        queries(&server).await,
        [
            "per_page=2",
            "per_page=2&starting_after=c2",
            "per_page=2&starting_after=c4"
        ]
    );
}

#[tokio::test]
async fn body_cursor_goes_back_in_the_search_body() {
    let server = MockServer::start().await;
    let page = |id: &str, next: Option<&str>| {
        let next = next.map(|c| json!({"per_page": 1, "starting_after": c}));
        ok(
            json!({"type": "list", "data": [{"type": "contact", "id": id}], "pages": {"type": "pages", "next": next}}),
        )
    };
    Mock::given(method("POST"))
        .and(path("/contacts/search"))
        .respond_with(page("a", Some("n1")))
        .with_priority(5)
        .mount(&server)
        .await;
    for (cursor, id, next) in [("n1", "b", Some("n2")), ("n2", "c", None)] {
        Mock::given(method("POST"))
            .and(body_partial_json(
                json!({"pagination": {"starting_after": cursor}}),
            ))
            .respond_with(page(id, next))
            .with_priority(1)
            .mount(&server)
            .await;
    }
    let contacts = client(&server)
        .await
        .contacts()
        .search(Filter::field("role").eq("user"))
        .per_page(1)
        .collect_all()
        .await
        .expect("all pages");
    let ids: Vec<_> = contacts.iter().filter_map(|c| c.id.as_deref()).collect();
    assert_eq!(ids, ["a", "b", "c"]);
    let requests = server.received_requests().await.expect("recorded");
    let bodies: Vec<Value> = requests
        .iter()
        .map(|r| serde_json::from_slice(&r.body).expect("json"))
        .collect();
    assert_eq!(
        bodies[0],
        json!({"query": {"field": "role", "operator": "=", "value": "user"}, "pagination": {"per_page": 1}})
    );
    assert_eq!(
        bodies[1]["pagination"],
        json!({"per_page": 1, "starting_after": "n1"})
    );
    assert_eq!(
        bodies[2]["pagination"],
        json!({"per_page": 1, "starting_after": "n2"})
    );
    assert!(
        requests.iter().all(|r| r.url.query().is_none()),
        "the cursor never goes in the query"
    );
}

#[tokio::test]
async fn page_numbers_start_at_one_and_stop_at_total_pages() {
    let server = MockServer::start().await;
    for page in 1..=3 {
        Mock::given(method("POST"))
            .and(path("/companies/list"))
            .and(query_param("page", page.to_string()))
            .respond_with(ok(json!({
                "type": "list",
                "data": [{"type": "company", "id": format!("co{page}")}],
                "pages": {"type": "pages", "page": page, "per_page": 1, "total_pages": 3}
            })))
            .mount(&server)
            .await;
    }
    let companies = client(&server)
        .await
        .companies()
        .list()
        .page(1)
        .per_page(1)
        .collect_all()
        .await
        .expect("pages");
    assert_eq!(companies.len(), 3);
    let queries = queries(&server).await;
    assert_eq!(
        queries,
        [
            "page=1&per_page=1",
            "page=2&per_page=1",
            "page=3&per_page=1"
        ],
        "no page twice, none past the last"
    );
}

#[tokio::test]
async fn scroll_stops_on_the_empty_page() {
    let server = MockServer::start().await;
    let page = |ids: &[&str], param: &str| {
        let data: Vec<Value> = ids
            .iter()
            .map(|id| json!({"type": "company", "id": id}))
            .collect();
        ok(json!({"type": "dataset.list", "data": data, "scroll_param": param}))
    };
    Mock::given(method("GET"))
        .and(query_param_is_missing("scroll_param"))
        .respond_with(page(&["a", "b"], "s1"))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(query_param("scroll_param", "s1"))
        .respond_with(page(&["c"], "s2"))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(query_param("scroll_param", "s2"))
        .respond_with(page(&[], "s3"))
        .mount(&server)
        .await;
    let companies = client(&server)
        .await
        .companies()
        .scroll()
        .collect_all()
        .await
        .expect("scroll");
    assert_eq!(companies.len(), 3);
    assert_eq!(
        queries(&server).await,
        ["", "scroll_param=s1", "scroll_param=s2"],
        "nothing after the empty page"
    );
}

#[tokio::test]
async fn opaque_cursor_follows_next_cursor_while_has_more() {
    let server = MockServer::start().await;
    let page = |id: &str, next: Option<&str>| {
        ok(
            json!({"type": "list", "data": [{"id": id}], "next_cursor": next, "has_more": next.is_some()}),
        )
    };
    Mock::given(method("GET"))
        .and(query_param_is_missing("cursor"))
        .respond_with(page("m1", Some("k1")))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(query_param("cursor", "k1"))
        .respond_with(page("m2", Some("k2")))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(query_param("cursor", "k2"))
        .respond_with(page("m3", None))
        .mount(&server)
        .await;
    let history = client(&server)
        .await
        .contacts()
        .list_merge_history("c1")
        .order(ListContactMergeHistoryOrder::Desc)
        .collect_all()
        .await
        .expect("history");
    assert_eq!(history.len(), 3);
    assert_eq!(
        queries(&server).await,
        ["order=desc", "cursor=k1&order=desc", "cursor=k2&order=desc"]
    );
}

#[tokio::test]
async fn one_page_at_a_time_and_resume_from_a_saved_position() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(query_param_is_missing("starting_after"))
        .respond_with(ok(
            json!({"conversations": [{"id": "1"}], "pages": {"next": {"starting_after": "saved"}}}),
        ))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(query_param("starting_after", "saved"))
        .respond_with(ok(
            json!({"conversations": [{"id": "2"}], "pages": {"next": null}}),
        ))
        .mount(&server)
        .await;
    let client = client(&server).await;
    let first = client
        .conversations()
        .list()
        .first_page()
        .await
        .expect("first page");
    let position = intercom_api::resources::conversations::ListConversations::next_position(&first)
        .expect("more pages");
    let rest = client
        .conversations()
        .list()
        .resume_from(&position)
        .collect_all()
        .await
        .expect("rest");
    assert_eq!(
        rest.iter()
            .filter_map(|c| c.id.as_deref())
            .collect::<Vec<_>>(),
        ["2"]
    );
    assert_eq!(queries(&server).await, ["", "starting_after=saved"]);
}
