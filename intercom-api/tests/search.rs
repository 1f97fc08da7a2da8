//! Search queries: wire format, combinators, validation, and the body on the wire.

mod runtime_support;

use intercom_api::search::{Filter, Logic, Operator, Query, QueryError, SearchRequest, SortOrder};
use intercom_api::Error;
use reqwest::Method;
use serde_json::{json, Value};
use wiremock::matchers::{body_json, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn wire(query: impl Into<Query>) -> Value {
    serde_json::to_value(query.into()).unwrap()
}

fn filter(field: &str, operator: &str, value: Value) -> Value {
    json!({"field": field, "operator": operator, "value": value})
}

#[test]
fn every_operator_has_its_wire_symbol() {
    let f = || Filter::field("f");
    let cases = [
        (f().eq(1), "="),
        (f().ne(1), "!="),
        (f().is_in([1]), "IN"),
        (f().not_in([1]), "NIN"),
        (f().lt(1), "<"),
        (f().gt(1), ">"),
        (f().le(1), "<="),
        (f().ge(1), ">="),
        (f().contains(1), "~"),
        (f().not_contains(1), "!~"),
        (f().starts_with(1), "^"),
        (f().ends_with(1), "$"),
    ];
    for (built, symbol) in cases {
        let value = if symbol.contains("IN") {
            json!([1])
        } else {
            json!(1)
        };
        assert_eq!(wire(built.clone()), filter("f", symbol, value));
        assert_eq!(built.operator.as_str(), symbol);
        assert_eq!(built.operator.to_string(), symbol);
    }
    assert_eq!(
        wire(Filter::new("f", Operator::Ge, 3)),
        filter("f", ">=", json!(3))
    );
    assert_eq!(
        wire(Filter::field("f").op(Operator::NotContains, "x")),
        filter("f", "!~", json!("x"))
    );
}

#[test]
fn every_value_type_serialises_unchanged() {
    let eq = |value: Filter| wire(value)["value"].clone();
    let f = || Filter::field("f");
    assert_eq!(eq(f().eq("open")), json!("open"));
    assert_eq!(eq(f().eq(String::from("open"))), json!("open"));
    assert_eq!(eq(f().eq(1_577_869_200_i64)), json!(1_577_869_200));
    assert_eq!(eq(f().eq(7_u8)), json!(7));
    assert_eq!(eq(f().eq(u64::MAX)), json!(u64::MAX));
    assert_eq!(eq(f().eq(-3_i32)), json!(-3));
    assert_eq!(eq(f().eq(4.5_f64)), json!(4.5));
    assert_eq!(eq(f().eq(0.25_f32)), json!(0.25));
    assert_eq!(eq(f().eq(true)), json!(true));
    assert_eq!(eq(f().eq(None::<&str>)), Value::Null);
    assert_eq!(eq(f().eq(Some("x"))), json!("x"));
    assert_eq!(eq(f().eq(json!({"raw": [1]}))), json!({"raw": [1]}));
    assert_eq!(eq(f().is_in(vec!["a", "b"])), json!(["a", "b"]));
    assert_eq!(eq(f().is_in([1, 2, 3])), json!([1, 2, 3]));
    let ids: Vec<String> = ["x", "y"].into_iter().map(String::from).collect();
    assert_eq!(eq(f().not_in(&ids[..])), json!(["x", "y"]));
    assert_eq!(eq(f().is_in(json!([true, null]))), json!([true, null]));
}

#[test]
fn chained_and_is_one_flat_group() {
    let query = Filter::field("state")
        .eq("open")
        .and(Filter::field("updated_at").gt(1_577_869_200))
        .and(Filter::field("read").eq(false));
    assert_eq!(
        wire(query),
        json!({"operator": "AND", "value": [
            filter("state", "=", json!("open")),
            filter("updated_at", ">", json!(1_577_869_200)),
            filter("read", "=", json!(false)),
        ]})
    );
    let query = Filter::field("a")
        .eq(1)
        .or(Filter::field("b").eq(2))
        .or(Filter::field("c").eq(3));
    let Query::Group(group) = query else {
        panic!("expected a group")
    };
    assert_eq!(group.logic, Logic::Or);
    assert_eq!(group.queries.len(), 3);
}

#[test]
fn mixing_and_or_nests_in_call_order() {
    let (a, b, c) = (
        Filter::field("a").eq(1),
        Filter::field("b").eq(2),
        Filter::field("c").eq(3),
    );
    assert_eq!(
        wire(a.clone().or(b.clone()).and(c.clone())),
        json!({"operator": "AND", "value": [
            {"operator": "OR", "value": [filter("a", "=", json!(1)), filter("b", "=", json!(2))]},
            filter("c", "=", json!(3)),
        ]})
    );
    assert_eq!(
        wire(a.clone().and(b.clone().or(c.clone()))),
        json!({"operator": "AND", "value": [
            filter("a", "=", json!(1)),
            {"operator": "OR", "value": [filter("b", "=", json!(2)), filter("c", "=", json!(3))]},
        ]})
    );
    // An explicit group keeps growing when chained with its own operator.
    let all = Query::all([a, b]).and(c);
    assert_eq!(wire(all)["value"].as_array().unwrap().len(), 3);
}

#[test]
fn a_single_filter_is_a_valid_query_on_its_own() {
    let query: Query = Filter::field("email").eq("ada@example.com").into();
    assert_eq!(query.validate(), Ok(()));
    assert_eq!(wire(query), filter("email", "=", json!("ada@example.com")));
}

/// A group of groups of filters: two levels, the most Intercom allows.
fn deepest_valid() -> Query {
    Query::any([
        Query::all([
            Filter::field("state").eq("open"),
            Filter::field("read").eq(false),
        ]),
        Query::all([
            Filter::field("state").eq("snoozed"),
            Filter::field("team_assignee_id").is_in([7, 8]),
        ]),
    ])
}

#[test]
fn the_deepest_valid_query_passes_and_serialises() {
    let query = deepest_valid();
    assert_eq!(query.validate(), Ok(()));
    assert_eq!(
        wire(query),
        json!({"operator": "OR", "value": [
            {"operator": "AND", "value": [
                filter("state", "=", json!("open")),
                filter("read", "=", json!(false)),
            ]},
            {"operator": "AND", "value": [
                filter("state", "=", json!("snoozed")),
                filter("team_assignee_id", "IN", json!([7, 8])),
            ]},
        ]})
    );
}

#[test]
fn a_third_level_of_groups_is_rejected_where_it_occurs() {
    let query = Query::all([Query::from(Filter::field("open").eq(true)), deepest_valid()]);
    let error = query.validate().unwrap_err();
    assert_eq!(
        error,
        QueryError::TooDeep {
            path: "value[1].value[0]".into(),
            depth: 3
        }
    );
    assert_eq!(
        error.to_string(),
        "search query too deep: the group at `value[1].value[0]` is nested 3 levels deep; \
         Intercom allows at most 2"
    );
}

#[test]
fn fifteen_filters_pass_and_sixteen_fail() {
    let filters = |n: i64| (0..n).map(|i| Filter::field("id").ne(i));
    assert_eq!(Query::all(filters(15)).validate(), Ok(()));
    let error = Query::all(filters(16)).validate().unwrap_err();
    assert_eq!(
        error,
        QueryError::TooManyFilters {
            path: String::new(),
            len: 16
        }
    );
    assert_eq!(
        error.to_string(),
        "search query group too large: the group at the top level has 16 filters; \
         Intercom allows at most 15"
    );
    // Nested groups count; the error points at the nested group.
    let nested = Query::any([
        Query::from(Filter::field("a").eq(1)),
        Query::all(filters(16)),
    ]);
    assert!(matches!(
        nested.validate(),
        Err(QueryError::TooManyFilters { path, len: 16 }) if path == "value[1]"
    ));
}

#[test]
fn empty_groups_and_misused_lists_are_rejected() {
    let empty = Query::all(Vec::<Filter>::new());
    assert_eq!(
        empty.validate().unwrap_err().to_string(),
        "empty search query group at the top level: an AND/OR group needs at least one filter"
    );

    let scalar_in = Filter::field("a").eq(1).and(Filter::field("id").is_in("x"));
    let error = scalar_in.validate().unwrap_err();
    assert_eq!(
        error,
        QueryError::ExpectedList {
            path: "value[1]".into(),
            operator: Operator::In
        }
    );
    assert_eq!(
        error.to_string(),
        "search filter at `value[1]` uses `IN` with a single value; `IN` and `NIN` need a list"
    );
    let nin: Query = Filter::field("id").not_in(None::<i64>).into();
    assert!(matches!(
        nin.validate(),
        Err(QueryError::ExpectedList {
            operator: Operator::NotIn,
            ..
        })
    ));

    let list_eq: Query = Filter::field("id").eq(["x", "y"]).into();
    let error = list_eq.validate().unwrap_err();
    assert_eq!(
        error.to_string(),
        "search filter at the top level uses `=` with a list; only `IN` and `NIN` take a list"
    );
}

#[test]
fn query_errors_become_sdk_errors() {
    let query = Query::any(Vec::<Query>::new());
    let error: Error = query.validate().unwrap_err().into();
    assert!(matches!(
        error,
        Error::InvalidQuery(QueryError::EmptyGroup { .. })
    ));
    assert!(error.to_string().starts_with("empty search query group"));
    assert!(!error.is_retryable());
    assert_eq!(error.status(), None);
}

#[test]
fn search_request_body_combines_query_pagination_and_sort() {
    let body = SearchRequest::new(Filter::field("role").eq("user"))
        .per_page(25)
        .starting_after("WzE3MDAwMDAwMDAsIjEiXQ==")
        .sort("created_at", SortOrder::Descending);
    assert_eq!(body.validate(), Ok(()));
    assert_eq!(
        serde_json::to_value(&body).unwrap(),
        json!({
            "query": filter("role", "=", json!("user")),
            "pagination": {"per_page": 25, "starting_after": "WzE3MDAwMDAwMDAsIjEiXQ=="},
            "sort": {"field": "created_at", "order": "descending"}
        })
    );
    let ascending = SearchRequest::new(Filter::field("a").eq(1)).sort("name", SortOrder::Ascending);
    assert_eq!(
        serde_json::to_value(&ascending).unwrap()["sort"]["order"],
        "ascending"
    );
    // Unset pagination and sort are left out.
    assert_eq!(
        serde_json::to_value(SearchRequest::new(Filter::field("a").eq(1))).unwrap(),
        json!({"query": filter("a", "=", json!(1))})
    );
    assert_eq!(
        SearchRequest::new(Query::all(Vec::<Query>::new()))
            .validate()
            .unwrap_err(),
        QueryError::EmptyGroup {
            path: String::new()
        }
    );
}

#[tokio::test]
async fn a_built_search_body_goes_out_as_documented() {
    let server = MockServer::start().await;
    let expected = json!({
        "query": {"operator": "AND", "value": [
            filter("state", "=", json!("open")),
            {"operator": "OR", "value": [
                filter("source.author.email", "$", json!("@example.com")),
                filter("admin_assignee_id", "IN", json!([1, 2])),
            ]},
        ]},
        "pagination": {"per_page": 20}
    });
    Mock::given(method("POST"))
        .and(path("/conversations/search"))
        .and(body_json(&expected))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"type": "conversation.list", "conversations": []})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let (client, _) = runtime_support::client(&server);

    let query = Filter::field("state").eq("open").and(
        Filter::field("source.author.email")
            .ends_with("@example.com")
            .or(Filter::field("admin_assignee_id").is_in([1, 2])),
    );
    let body = SearchRequest::new(query).per_page(20);
    body.validate().unwrap();
    let response = client
        .request(Method::POST, "/conversations/search")
        .json(&body)
        .send::<Value>()
        .await
        .unwrap();

    assert_eq!(response.value()["type"], "conversation.list");
}
