//! Pagination styles with a hand-written `Paginate` implementation.

mod runtime_support;

use std::marker::PhantomData;
use std::time::Duration;

use futures_util::{StreamExt, TryStreamExt};
use intercom_api::pagination::{next_position, PagePosition, PageStyle, Paginate, PaginateExt};
use intercom_api::{Client, Error, Pending, Request, Response};
use reqwest::{Method, StatusCode};
use runtime_support::{client, received};
use serde::Deserialize;
use serde_json::{json, Value};
use wiremock::matchers::{body_json, method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

trait Style: Clone + Send + Sync + 'static {
    const STYLE: PageStyle;
}

macro_rules! style {
    ($name:ident) => {
        #[derive(Clone)]
        struct $name;
        impl Style for $name {
            const STYLE: PageStyle = PageStyle::$name;
        }
    };
}
style!(QueryCursor);
style!(BodyCursor);
style!(PageNumber);
style!(Scroll);
style!(OpaqueCursor);

/// What a generated list operation looks like: state plus where the position goes.
#[derive(Clone)]
struct ListOp<S> {
    client: Client,
    path: &'static str,
    position: Option<PagePosition>,
    style: PhantomData<S>,
}

fn op<S: Style>(client: &Client, path: &'static str) -> ListOp<S> {
    ListOp {
        client: client.clone(),
        path,
        position: None,
        style: PhantomData,
    }
}

/// A page whose items are under `data` or, as in some endpoints, `companies`.
#[derive(Deserialize)]
struct ListPage {
    #[serde(alias = "companies")]
    data: Vec<Value>,
}

impl<S: Style> Paginate for ListOp<S> {
    type Page = ListPage;
    type Item = Value;
    const STYLE: PageStyle = S::STYLE;

    fn set_position(&mut self, position: &PagePosition) {
        self.position = Some(position.clone());
    }

    fn send_page(request: Request) -> Pending<Response<ListPage>> {
        Pending::json_response(request)
    }

    fn to_request(&self) -> Request {
        if S::STYLE == PageStyle::BodyCursor {
            let mut pagination = json!({"per_page": 2});
            if let Some(PagePosition::StartingAfter(cursor)) = &self.position {
                pagination["starting_after"] = json!(cursor);
            }
            let body = json!({"query": {"field": "role", "operator": "=", "value": "user"}, "pagination": pagination});
            return self.client.request(Method::POST, self.path).json(&body);
        }
        let request = self
            .client
            .request(Method::GET, self.path)
            .query("per_page", "2");
        match &self.position {
            None => request,
            Some(PagePosition::StartingAfter(cursor)) => {
                request.query("starting_after", cursor.clone())
            }
            Some(PagePosition::Page(page)) => request.query("page", page.to_string()),
            Some(PagePosition::Scroll(scroll)) => request.query("scroll_param", scroll.clone()),
            Some(PagePosition::Cursor(cursor)) => request.query("cursor", cursor.clone()),
        }
    }

    fn into_items(page: ListPage) -> Vec<Value> {
        page.data
    }
}

fn page(body: Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(body)
}

/// The query parameter `name` of every received request, in order.
async fn sent_params(server: &MockServer, name: &str) -> Vec<Option<String>> {
    let requests = server.received_requests().await.unwrap();
    requests
        .iter()
        .map(|r| {
            r.url
                .query_pairs()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.into_owned())
        })
        .collect()
}

/// Three pages; `page_two_hits` is how often page 2 must be requested.
async fn mount_query_cursor_pages(server: &MockServer, page_two_hits: u64) {
    Mock::given(method("GET"))
        .and(path("/contacts"))
        .and(query_param_is_missing("starting_after"))
        .respond_with(page(json!({
            "type": "list", "data": [{"id": 1}, {"id": 2}],
            "pages": {"type": "pages", "next": {"page": 2, "starting_after": "c2"}, "per_page": 2, "total_pages": 3}
        })))
        .expect(1)
        .mount(server)
        .await;
    Mock::given(method("GET"))
        .and(path("/contacts"))
        .and(query_param("starting_after", "c2"))
        .respond_with(page(json!({
            "type": "list", "data": [{"id": 3}, {"id": 4}],
            // The URL-string shape of `pages.next`.
            "pages": {"next": "https://api.intercom.io/contacts?per_page=2&starting_after=c3%3D%3D"}
        })))
        .expect(page_two_hits)
        .mount(server)
        .await;
    Mock::given(method("GET"))
        .and(path("/contacts"))
        .and(query_param("starting_after", "c3=="))
        .respond_with(page(
            json!({"type": "list", "data": [{"id": 5}], "pages": {"next": null}}),
        ))
        .expect(1)
        .mount(server)
        .await;
}

fn ids(items: &[Value]) -> Vec<i64> {
    items
        .iter()
        .map(|item| item["id"].as_i64().unwrap())
        .collect()
}

#[tokio::test]
async fn query_cursor_walks_every_page_once() {
    let server = MockServer::start().await;
    mount_query_cursor_pages(&server, 1).await;
    let (client, _) = client(&server);

    let items: Vec<Value> = op::<QueryCursor>(&client, "/contacts")
        .items()
        .try_collect()
        .await
        .unwrap();

    assert_eq!(ids(&items), [1, 2, 3, 4, 5]);
    let cursors = sent_params(&server, "starting_after").await;
    assert_eq!(cursors, [None, Some("c2".into()), Some("c3==".into())]);
    assert!(sent_params(&server, "per_page")
        .await
        .iter()
        .all(|p| p.as_deref() == Some("2")));
}

#[tokio::test]
async fn items_are_fetched_lazily() {
    let server = MockServer::start().await;
    mount_query_cursor_pages(&server, 1).await;
    let (client, _) = client(&server);

    let mut items = Box::pin(op::<QueryCursor>(&client, "/contacts").items());
    let first_two: Vec<Value> = (&mut items).take(2).try_collect().await.unwrap();
    assert_eq!(ids(&first_two), [1, 2]);
    assert_eq!(
        received(&server).await,
        1,
        "page 2 is not fetched before it is needed"
    );
    let third = items.next().await.unwrap().unwrap();
    assert_eq!(third["id"], 3);
    assert_eq!(received(&server).await, 2);
    let rest: Vec<Value> = items.try_collect().await.unwrap();
    assert_eq!(ids(&rest), [4, 5]);
}

#[tokio::test]
async fn first_page_next_position_and_resume() {
    let server = MockServer::start().await;
    mount_query_cursor_pages(&server, 0).await;
    let (client, _) = client(&server);
    let list = op::<QueryCursor>(&client, "/contacts");

    let first = list.clone().first_page().await.unwrap();
    let next = ListOp::<QueryCursor>::next_position(&first).unwrap();
    assert_eq!(next, PagePosition::StartingAfter("c2".into()));
    assert_eq!(next_position(PageStyle::QueryCursor, &first), Some(next));

    // A position saved as JSON resumes the listing later.
    let saved = serde_json::to_string(&PagePosition::StartingAfter("c3==".into())).unwrap();
    let restored: PagePosition = serde_json::from_str(&saved).unwrap();
    let rest: Vec<Value> = list.resume_from(&restored).collect_all().await.unwrap();
    assert_eq!(ids(&rest), [5]);
    assert_eq!(
        received(&server).await,
        2,
        "the resumed listing skips page 2"
    );
}

#[tokio::test]
async fn body_cursor_sends_the_cursor_in_the_body() {
    let server = MockServer::start().await;
    let query = json!({"field": "role", "operator": "=", "value": "user"});
    let bodies = [
        json!({"query": query, "pagination": {"per_page": 2}}),
        json!({"query": query, "pagination": {"per_page": 2, "starting_after": "s2"}}),
        json!({"query": query, "pagination": {"per_page": 2, "starting_after": "s3"}}),
    ];
    let responses = [
        json!({"data": [{"id": 1}, {"id": 2}], "total_count": 5, "pages": {"next": {"starting_after": "s2"}}}),
        json!({"data": [{"id": 3}, {"id": 4}], "total_count": 5, "pages": {"next": {"starting_after": "s3"}}}),
        json!({"data": [{"id": 5}], "total_count": 5, "pages": {"next": {"starting_after": ""}}}),
    ];
    for (body, response) in bodies.iter().zip(responses) {
        Mock::given(method("POST"))
            .and(path("/contacts/search"))
            .and(body_json(body))
            .respond_with(page(response))
            .expect(1)
            .mount(&server)
            .await;
    }
    let (client, _) = client(&server);

    let pages: Vec<_> = op::<BodyCursor>(&client, "/contacts/search")
        .pages()
        .try_collect()
        .await
        .unwrap();

    assert_eq!(pages.len(), 3);
    assert!(pages.iter().all(|p| p.status() == StatusCode::OK));
    let requests = server.received_requests().await.unwrap();
    let sent: Vec<Value> = requests.iter().map(|r| r.body_json().unwrap()).collect();
    assert_eq!(sent, bodies);
    assert!(
        requests.iter().all(|r| r.url.query().is_none()),
        "no cursor in the query"
    );
}

#[tokio::test]
async fn page_numbers_stop_at_total_pages_without_an_extra_request() {
    let server = MockServer::start().await;
    let pages = [
        // No `page` param on the first request: the API's default page 1 must not be fetched again.
        (
            None,
            json!({"data": [{"id": 1}, {"id": 2}], "pages": {"type": "pages", "page": 1, "per_page": 2, "total_pages": 3, "next": "https://api.intercom.io/articles?page=2&per_page=2"}}),
        ),
        (
            Some("2"),
            json!({"data": [{"id": 3}, {"id": 4}], "pages": {"page": 2, "per_page": 2, "total_pages": 3, "next": {"page": 3}}}),
        ),
        (
            Some("3"),
            json!({"data": [{"id": 5}], "pages": {"page": 3, "per_page": 2, "total_pages": 3}}),
        ),
    ];
    for (number, body) in pages {
        let mock = Mock::given(method("GET")).and(path("/articles"));
        let mock = match number {
            None => mock.and(query_param_is_missing("page")),
            Some(n) => mock.and(query_param("page", n)),
        };
        mock.respond_with(page(body)).expect(1).mount(&server).await;
    }
    Mock::given(method("GET"))
        .and(query_param("page", "4"))
        .respond_with(page(json!({"data": []})))
        .expect(0)
        .mount(&server)
        .await;
    let (client, _) = client(&server);

    let items: Vec<Value> = op::<PageNumber>(&client, "/articles")
        .items()
        .try_collect()
        .await
        .unwrap();

    assert_eq!(ids(&items), [1, 2, 3, 4, 5]);
    assert_eq!(
        sent_params(&server, "page").await,
        [None, Some("2".into()), Some("3".into())]
    );
}

#[tokio::test]
async fn page_numbers_without_totals_stop_on_an_empty_page() {
    let server = MockServer::start().await;
    // Top-level `page`, items under `companies`, no total: the empty page ends the listing.
    let bodies = [
        (
            Some("1"),
            json!({"type": "list", "companies": [{"id": 1}], "page": 1}),
        ),
        (
            Some("2"),
            json!({"type": "list", "companies": [{"id": 2}], "page": 2}),
        ),
        (
            Some("3"),
            json!({"type": "list", "companies": [], "page": 3}),
        ),
    ];
    for (number, body) in bodies {
        Mock::given(method("GET"))
            .and(path("/contacts/c1/companies"))
            .and(query_param("page", number.unwrap()))
            .respond_with(page(body))
            .expect(1)
            .mount(&server)
            .await;
    }
    let (client, _) = client(&server);

    let list =
        op::<PageNumber>(&client, "/contacts/c1/companies").resume_from(&PagePosition::Page(1));
    let items: Vec<Value> = list.items().try_collect().await.unwrap();

    assert_eq!(ids(&items), [1, 2]);
    assert_eq!(received(&server).await, 3);
}

#[tokio::test]
async fn page_numbers_resume_from_a_later_page() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(query_param("page", "5"))
        .respond_with(page(
            json!({"data": [{"id": 9}], "pages": {"page": 5, "total_pages": 5}}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let (client, _) = client(&server);

    let list = op::<PageNumber>(&client, "/articles").resume_from(&PagePosition::Page(5));
    let items = list.collect_all().await.unwrap();

    assert_eq!(ids(&items), [9]);
    assert_eq!(received(&server).await, 1);
}

async fn mount_scroll_pages(server: &MockServer) {
    let pages = [
        (
            None,
            json!({"type": "list", "data": [{"id": 1}, {"id": 2}], "pages": null, "total_count": null, "scroll_param": "s1"}),
        ),
        (
            Some("s1"),
            json!({"type": "list", "data": [{"id": 3}], "pages": null, "scroll_param": "s2"}),
        ),
        (
            Some("s2"),
            json!({"type": "list", "data": [], "pages": null, "scroll_param": "s3"}),
        ),
    ];
    for (param, body) in pages {
        let mock = Mock::given(method("GET")).and(path("/companies/scroll"));
        let mock = match param {
            None => mock.and(query_param_is_missing("scroll_param")),
            Some(p) => mock.and(query_param("scroll_param", p)),
        };
        mock.respond_with(page(body)).expect(1).mount(server).await;
    }
}

#[tokio::test]
async fn scroll_stops_on_the_empty_page() {
    let server = MockServer::start().await;
    mount_scroll_pages(&server).await;
    Mock::given(method("GET"))
        .and(query_param("scroll_param", "s3"))
        .respond_with(ResponseTemplate::new(404))
        .expect(0)
        .mount(&server)
        .await;
    let (client, _) = client(&server);

    let items: Vec<Value> = op::<Scroll>(&client, "/companies/scroll")
        .items()
        .try_collect()
        .await
        .unwrap();

    assert_eq!(ids(&items), [1, 2, 3]);
    assert_eq!(
        sent_params(&server, "scroll_param").await,
        [None, Some("s1".into()), Some("s2".into())]
    );
}

#[tokio::test]
async fn failed_scroll_is_not_retried_and_asks_for_a_restart() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(query_param_is_missing("scroll_param"))
        .respond_with(page(
            json!({"type": "list", "data": [{"id": 1}], "scroll_param": "s1"}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(query_param("scroll_param", "s1"))
        .respond_with(ResponseTemplate::new(500).set_body_json(json!({
            "type": "error.list", "request_id": "req_scroll",
            "errors": [{"code": "server_error", "message": "Request failed due to an internal network error. Please restart the scroll operation."}]
        })))
        .expect(1)
        .mount(&server)
        .await;
    // The client would retry a GET 500 twice; a scroll must not be.
    let (client, sleeps) = client(&server);

    let mut items = Box::pin(op::<Scroll>(&client, "/companies/scroll").items());
    assert_eq!(items.next().await.unwrap().unwrap()["id"], 1);
    let error = items.next().await.unwrap().unwrap_err();

    assert!(matches!(error, Error::Scroll(_)), "{error:?}");
    assert!(!error.is_retryable());
    assert_eq!(error.status(), Some(StatusCode::INTERNAL_SERVER_ERROR));
    assert_eq!(error.request_id(), Some("req_scroll"));
    let cause = error.scroll_cause().unwrap();
    assert!(cause.to_string().contains("restart the scroll"), "{cause}");
    assert!(
        items.next().await.is_none(),
        "the stream ends after the error"
    );
    assert_eq!(received(&server).await, 2);
    assert!(sleeps.all().is_empty());
}

#[tokio::test]
async fn a_rate_limited_scroll_page_is_retried_and_the_scroll_continues() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(query_param_is_missing("scroll_param"))
        .respond_with(page(
            json!({"type": "list", "data": [{"id": 1}], "scroll_param": "s1"}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    // The second page is rate limited once (the API did not act on it), then served.
    Mock::given(method("GET"))
        .and(query_param("scroll_param", "s1"))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("retry-after", "2")
                .set_body_json(
                    json!({"type": "error.list", "errors": [{"code": "rate_limit_exceeded"}]}),
                ),
        )
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(query_param("scroll_param", "s1"))
        .respond_with(page(
            json!({"type": "list", "data": [{"id": 2}], "scroll_param": "s2"}),
        ))
        .with_priority(2)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(query_param("scroll_param", "s2"))
        .respond_with(page(
            json!({"type": "list", "data": [], "scroll_param": "s3"}),
        ))
        .mount(&server)
        .await;
    let (client, sleeps) = client(&server);

    // `items()` is `Unpin`: no `pin!` needed to call `try_next`.
    let mut items = op::<Scroll>(&client, "/companies/scroll").items();
    let mut ids = Vec::new();
    while let Some(item) = items.try_next().await.expect("the 429 is retried") {
        ids.push(item["id"].clone());
    }

    assert_eq!(ids, [json!(1), json!(2)]);
    assert_eq!(
        received(&server).await,
        4,
        "first page, 429, its retry, empty page"
    );
    assert_eq!(
        sleeps.all(),
        [Duration::from_secs(2)],
        "waited as Retry-After said"
    );
}

#[tokio::test]
async fn opaque_cursor_follows_next_cursor_until_has_more_is_false() {
    let server = MockServer::start().await;
    let pages = [
        (
            None,
            json!({"data": [{"id": 1}], "next_cursor": "k2", "has_more": true}),
        ),
        (
            Some("k2"),
            json!({"data": [{"id": 2}], "next_cursor": "k3", "has_more": true}),
        ),
        (
            Some("k3"),
            json!({"data": [{"id": 3}], "next_cursor": "k4", "has_more": false}),
        ),
    ];
    for (cursor, body) in pages {
        let mock = Mock::given(method("GET"));
        let mock = match cursor {
            None => mock.and(query_param_is_missing("cursor")),
            Some(c) => mock.and(query_param("cursor", c)),
        };
        mock.respond_with(page(body)).expect(1).mount(&server).await;
    }
    let (client, _) = client(&server);

    let items = op::<OpaqueCursor>(&client, "/things")
        .collect_all()
        .await
        .unwrap();

    assert_eq!(ids(&items), [1, 2, 3]);
    assert_eq!(
        sent_params(&server, "cursor").await,
        [None, Some("k2".into()), Some("k3".into())]
    );
}

#[tokio::test]
async fn a_repeated_cursor_ends_the_listing() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(page(
            json!({"data": [{"id": 1}], "pages": {"next": {"starting_after": "same"}}}),
        ))
        .mount(&server)
        .await;
    let (client, _) = client(&server);

    let items = op::<QueryCursor>(&client, "/contacts")
        .collect_all()
        .await
        .unwrap();

    assert_eq!(ids(&items), [1, 1]);
    assert_eq!(
        received(&server).await,
        2,
        "the cursor `same` is not requested twice"
    );
}

#[tokio::test]
async fn a_page_error_ends_the_stream_with_the_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(403).set_body_json(json!({
            "type": "error.list", "errors": [{"code": "unauthorized"}]
        })))
        .mount(&server)
        .await;
    let (client, _) = client(&server);

    let results: Vec<_> = op::<QueryCursor>(&client, "/contacts")
        .items()
        .collect()
        .await;

    assert_eq!(results.len(), 1);
    let error = results.into_iter().next().unwrap().unwrap_err();
    assert_eq!(error.as_api().unwrap().code(), Some("unauthorized"));
}
