//! Search queries for Intercom's `POST …/search` endpoints (contacts, conversations, tickets,
//! activity logs, calls, ...).
//!
//! A [`Query`] is either one [`Filter`] (`{"field", "operator", "value"}`) or a [`Group`] of
//! queries joined by `AND` or `OR`. Build filters from a field name and an operator method,
//! then combine them:
//!
//! ```
//! use intercom_api::search::{Filter, Query, SearchRequest, SortOrder};
//!
//! let since = 1_577_869_200;
//! let query = Filter::field("state")
//!     .eq("open")
//!     .and(Filter::field("updated_at").gt(since))
//!     .and(Filter::field("admin_assignee_id").is_in([101, 102]));
//! query.validate()?;
//!
//! let body = SearchRequest::new(query).per_page(50);
//! assert_eq!(
//!     serde_json::to_value(&body)?,
//!     serde_json::json!({
//!         "query": {"operator": "AND", "value": [
//!             {"field": "state", "operator": "=", "value": "open"},
//!             {"field": "updated_at", "operator": ">", "value": 1577869200},
//!             {"field": "admin_assignee_id", "operator": "IN", "value": [101, 102]}
//!         ]},
//!         "pagination": {"per_page": 50}
//!     })
//! );
//!
//! // Explicit groups; nesting an `OR` inside an `AND`.
//! let vip = Query::any([
//!     Filter::field("custom_attributes.plan").eq("enterprise"),
//!     Filter::field("email").ends_with("@example.com"),
//! ]);
//! let contacts = SearchRequest::new(Filter::field("role").eq("user").and(vip))
//!     .sort("created_at", SortOrder::Descending);
//! contacts.validate()?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Limits
//!
//! Intercom allows at most [`Query::MAX_DEPTH`] (2) levels of nested groups and at most
//! [`Query::MAX_GROUP_LEN`] (15) filters in one group. [`Query::validate`] checks both, plus
//! the shape of `IN`/`NIN` values, so a bad query fails before it is sent. See
//! [`Query::MAX_DEPTH`] for what counts as a level.

use std::fmt;

use serde::de::{self, Deserializer};
use serde::{Deserialize, Serialize, Serializer};
use serde_json::Value;

/// A comparison between a field and a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Operator {
    /// `=`: equals.
    Eq,
    /// `!=`: does not equal.
    Ne,
    /// `IN`: equals one of a list of values.
    In,
    /// `NIN`: equals none of a list of values.
    NotIn,
    /// `<`: lower than (integers and dates).
    Lt,
    /// `>`: greater than (integers and dates).
    Gt,
    /// `<=`: lower than or equal to (integers; Intercom rejects it on dates).
    Le,
    /// `>=`: greater than or equal to (integers; Intercom rejects it on dates).
    Ge,
    /// `~`: the string contains the value.
    Contains,
    /// `!~`: the string does not contain the value.
    NotContains,
    /// `^`: the string starts with the value.
    StartsWith,
    /// `$`: the string ends with the value.
    EndsWith,
}

impl Operator {
    /// The operator as Intercom spells it on the wire, e.g. `"!~"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Operator::Eq => "=",
            Operator::Ne => "!=",
            Operator::In => "IN",
            Operator::NotIn => "NIN",
            Operator::Lt => "<",
            Operator::Gt => ">",
            Operator::Le => "<=",
            Operator::Ge => ">=",
            Operator::Contains => "~",
            Operator::NotContains => "!~",
            Operator::StartsWith => "^",
            Operator::EndsWith => "$",
        }
    }

    /// Whether the operator compares against a list (`IN`, `NIN`).
    pub fn takes_list(self) -> bool {
        matches!(self, Operator::In | Operator::NotIn)
    }
}

impl fmt::Display for Operator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Operator {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Operator {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        const ALL: [Operator; 12] = [
            Operator::Eq,
            Operator::Ne,
            Operator::In,
            Operator::NotIn,
            Operator::Lt,
            Operator::Gt,
            Operator::Le,
            Operator::Ge,
            Operator::Contains,
            Operator::NotContains,
            Operator::StartsWith,
            Operator::EndsWith,
        ];
        let text = String::deserialize(deserializer)?;
        ALL.into_iter()
            .find(|op| op.as_str().eq_ignore_ascii_case(&text))
            .ok_or_else(|| de::Error::custom(format!("unknown search operator `{text}`")))
    }
}

/// One condition: `{"field": …, "operator": …, "value": …}`.
///
/// Values are anything that converts into a [`serde_json::Value`]: strings, integers,
/// floats, booleans, `Option` (`None` is `null`), and `Vec`s, arrays or slices for `IN`
/// and `NIN`. Non-finite floats become `null`, as in `serde_json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Filter {
    /// The field, e.g. `email`, `source.author.email` or `custom_attributes.plan`.
    pub field: String,
    /// How the field is compared with the value.
    pub operator: Operator,
    /// The value compared against; a JSON array for `IN` and `NIN`.
    pub value: Value,
}

impl Filter {
    /// Starts a filter on `field`; finish it with an operator method such as
    /// [`eq`](Field::eq) or [`is_in`](Field::is_in).
    pub fn field(field: impl Into<String>) -> Field {
        Field(field.into())
    }

    /// A filter from its three parts, for operators chosen at run time.
    pub fn new(field: impl Into<String>, operator: Operator, value: impl Into<Value>) -> Filter {
        Filter {
            field: field.into(),
            operator,
            value: value.into(),
        }
    }

    /// `self AND other`; see [`Query::and`].
    pub fn and(self, other: impl Into<Query>) -> Query {
        Query::from(self).and(other)
    }

    /// `self OR other`; see [`Query::or`].
    pub fn or(self, other: impl Into<Query>) -> Query {
        Query::from(self).or(other)
    }
}

/// A field waiting for its operator: the result of [`Filter::field`].
#[derive(Debug, Clone)]
#[must_use = "a field does nothing until an operator method turns it into a Filter"]
pub struct Field(String);

impl Field {
    /// Compares with any operator.
    pub fn op(self, operator: Operator, value: impl Into<Value>) -> Filter {
        Filter::new(self.0, operator, value)
    }

    /// `=`: the field equals `value` (`None` matches `null`).
    pub fn eq(self, value: impl Into<Value>) -> Filter {
        self.op(Operator::Eq, value)
    }

    /// `!=`: the field does not equal `value`.
    pub fn ne(self, value: impl Into<Value>) -> Filter {
        self.op(Operator::Ne, value)
    }

    /// `IN`: the field equals one of `values` (a `Vec`, array or slice).
    pub fn is_in(self, values: impl Into<Value>) -> Filter {
        self.op(Operator::In, values)
    }

    /// `NIN`: the field equals none of `values` (a `Vec`, array or slice).
    pub fn not_in(self, values: impl Into<Value>) -> Filter {
        self.op(Operator::NotIn, values)
    }

    /// `<`: the field is lower than `value`.
    pub fn lt(self, value: impl Into<Value>) -> Filter {
        self.op(Operator::Lt, value)
    }

    /// `>`: the field is greater than `value`. On dates Intercom matches from the start of
    /// the next day in the workspace's time zone.
    pub fn gt(self, value: impl Into<Value>) -> Filter {
        self.op(Operator::Gt, value)
    }

    /// `<=`: the field is lower than or equal to `value` (integers only).
    pub fn le(self, value: impl Into<Value>) -> Filter {
        self.op(Operator::Le, value)
    }

    /// `>=`: the field is greater than or equal to `value` (integers only).
    pub fn ge(self, value: impl Into<Value>) -> Filter {
        self.op(Operator::Ge, value)
    }

    /// `~`: the string field contains `value`.
    pub fn contains(self, value: impl Into<Value>) -> Filter {
        self.op(Operator::Contains, value)
    }

    /// `!~`: the string field does not contain `value`.
    pub fn not_contains(self, value: impl Into<Value>) -> Filter {
        self.op(Operator::NotContains, value)
    }

    /// `^`: the string field starts with `value`.
    pub fn starts_with(self, value: impl Into<Value>) -> Filter {
        self.op(Operator::StartsWith, value)
    }

    /// `$`: the string field ends with `value`.
    pub fn ends_with(self, value: impl Into<Value>) -> Filter {
        self.op(Operator::EndsWith, value)
    }
}

/// How the queries of a [`Group`] combine.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Logic {
    /// Every query must match.
    #[serde(rename = "AND")]
    And,
    /// At least one query must match.
    #[serde(rename = "OR")]
    Or,
}

/// Queries joined by `AND` or `OR`: `{"operator": "AND", "value": [ … ]}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Group {
    /// `AND` or `OR`.
    #[serde(rename = "operator")]
    pub logic: Logic,
    /// The filters and nested groups, in order.
    #[serde(rename = "value")]
    pub queries: Vec<Query>,
}

/// A search query: one filter or a group of queries. Accepted by every search operation.
///
/// It also decodes from the JSON Intercom documents (a filter has a `field`), so queries can
/// be kept in configuration.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Query {
    /// A single condition.
    Filter(Filter),
    /// Conditions joined by `AND` or `OR`.
    Group(Group),
}

impl Query {
    /// The deepest nesting of groups Intercom accepts ("max 2 nested filters").
    ///
    /// A top-level group is level 1, a group inside it level 2; a group inside that would
    /// be level 3 and is rejected. A single filter without a group is level 0. The deepest
    /// valid query is therefore a group of groups of filters:
    ///
    /// ```
    /// use intercom_api::search::{Filter, Query};
    ///
    /// let deepest = Query::any([
    ///     Query::all([Filter::field("state").eq("open"), Filter::field("read").eq(false)]),
    ///     Query::all([Filter::field("state").eq("snoozed"), Filter::field("team_assignee_id").eq(7)]),
    /// ]);
    /// assert!(deepest.validate().is_ok());
    ///
    /// let too_deep = Query::all([deepest, Filter::field("open").eq(true).into()]);
    /// assert!(too_deep.validate().is_err());
    /// ```
    pub const MAX_DEPTH: usize = 2;

    /// The most filters one group may hold ("max 15 filters for each AND or OR group").
    /// A nested group counts as one filter of its parent.
    pub const MAX_GROUP_LEN: usize = 15;

    /// All of `queries` must match (`AND`).
    pub fn all<Q: Into<Query>>(queries: impl IntoIterator<Item = Q>) -> Query {
        Query::group(Logic::And, queries)
    }

    /// At least one of `queries` must match (`OR`).
    pub fn any<Q: Into<Query>>(queries: impl IntoIterator<Item = Q>) -> Query {
        Query::group(Logic::Or, queries)
    }

    /// A group of `queries` joined by `logic`.
    pub fn group<Q: Into<Query>>(logic: Logic, queries: impl IntoIterator<Item = Q>) -> Query {
        Query::Group(Group {
            logic,
            queries: queries.into_iter().map(Into::into).collect(),
        })
    }

    /// `self AND other`. When `self` already is an `AND` group, `other` joins it, so
    /// `a.and(b).and(c)` is one group of three; otherwise a new group holds both.
    /// Mixing with [`or`](Query::or) nests in call order: `a.or(b).and(c)` is
    /// `(a OR b) AND c`.
    pub fn and(self, other: impl Into<Query>) -> Query {
        self.join(Logic::And, other.into())
    }

    /// `self OR other`, flattened like [`and`](Query::and).
    pub fn or(self, other: impl Into<Query>) -> Query {
        self.join(Logic::Or, other.into())
    }

    fn join(self, logic: Logic, other: Query) -> Query {
        match self {
            Query::Group(mut group) if group.logic == logic => {
                group.queries.push(other);
                Query::Group(group)
            }
            first => Query::group(logic, [first, other]),
        }
    }

    /// Checks Intercom's documented limits (see [`MAX_DEPTH`](Query::MAX_DEPTH) and
    /// [`MAX_GROUP_LEN`](Query::MAX_GROUP_LEN)), that no group is empty, and that lists
    /// are used with `IN`/`NIN` and only there. Reports the first problem found.
    pub fn validate(&self) -> Result<(), QueryError> {
        self.check(&mut String::new(), 0)
    }

    /// `path` is the JSON path of `self` inside the top-level query; `depth` counts the
    /// groups above it.
    fn check(&self, path: &mut String, depth: usize) -> Result<(), QueryError> {
        match self {
            Query::Filter(filter) => filter.check(path),
            Query::Group(group) => {
                let (depth, len) = (depth + 1, group.queries.len());
                if depth > Query::MAX_DEPTH {
                    return Err(QueryError::TooDeep {
                        path: path.clone(),
                        depth,
                    });
                }
                if len == 0 {
                    return Err(QueryError::EmptyGroup { path: path.clone() });
                }
                if len > Query::MAX_GROUP_LEN {
                    return Err(QueryError::TooManyFilters {
                        path: path.clone(),
                        len,
                    });
                }
                for (i, query) in group.queries.iter().enumerate() {
                    let parent = path.len();
                    let dot = if parent == 0 { "" } else { "." };
                    path.push_str(&format!("{dot}value[{i}]"));
                    query.check(path, depth)?;
                    path.truncate(parent);
                }
                Ok(())
            }
        }
    }
}

impl Filter {
    fn check(&self, path: &str) -> Result<(), QueryError> {
        let is_list = self.value.is_array();
        if is_list == self.operator.takes_list() {
            return Ok(());
        }
        let (path, operator) = (path.to_owned(), self.operator);
        Err(if is_list {
            QueryError::UnexpectedList { path, operator }
        } else {
            QueryError::ExpectedList { path, operator }
        })
    }
}

impl<'de> Deserialize<'de> for Query {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = Value::deserialize(deserializer)?;
        let parsed = if value.get("field").is_some() {
            Filter::deserialize(value).map(Query::Filter)
        } else {
            Group::deserialize(value).map(Query::Group)
        };
        parsed.map_err(de::Error::custom)
    }
}

impl From<Filter> for Query {
    fn from(filter: Filter) -> Query {
        Query::Filter(filter)
    }
}

impl From<Group> for Query {
    fn from(group: Group) -> Query {
        Query::Group(group)
    }
}

/// Why [`Query::validate`] rejected a query. `path` is where, as a JSON path inside the
/// query such as `value[1].value[0]`; it is empty for the top level.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum QueryError {
    /// A group is nested deeper than [`Query::MAX_DEPTH`].
    #[error(
        "search query too deep: the group at {} is nested {depth} levels deep; Intercom allows at most {}",
        at(path), Query::MAX_DEPTH
    )]
    TooDeep {
        /// Where the group is.
        path: String,
        /// Its level (the top-level group is 1).
        depth: usize,
    },
    /// A group holds more than [`Query::MAX_GROUP_LEN`] filters.
    #[error(
        "search query group too large: the group at {} has {len} filters; Intercom allows at most {}",
        at(path), Query::MAX_GROUP_LEN
    )]
    TooManyFilters {
        /// Where the group is.
        path: String,
        /// How many filters and groups it holds.
        len: usize,
    },
    /// A group holds nothing.
    #[error(
        "empty search query group at {}: an AND/OR group needs at least one filter",
        at(path)
    )]
    EmptyGroup {
        /// Where the group is.
        path: String,
    },
    /// `IN` or `NIN` with a value that is not a list.
    #[error(
        "search filter at {} uses `{operator}` with a single value; `IN` and `NIN` need a list",
        at(path)
    )]
    ExpectedList {
        /// Where the filter is.
        path: String,
        /// `IN` or `NIN`.
        operator: Operator,
    },
    /// A list value with an operator other than `IN` or `NIN`.
    #[error(
        "search filter at {} uses `{operator}` with a list; only `IN` and `NIN` take a list",
        at(path)
    )]
    UnexpectedList {
        /// Where the filter is.
        path: String,
        /// The operator used.
        operator: Operator,
    },
}

/// A path for messages: "the top level" or "`value[1]`".
fn at(path: &str) -> String {
    if path.is_empty() {
        "the top level".to_owned()
    } else {
        format!("`{path}`")
    }
}

/// The body of a search operation: the query, pagination and (contacts only) a sort.
///
/// Serialises to `{"query": …, "pagination": {"per_page": …, "starting_after": …},
/// "sort": {"field": …, "order": …}}`, leaving out what is unset.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SearchRequest {
    /// What to search for.
    pub query: Query,
    /// Page size and cursor; omitted when neither is set.
    #[serde(default, skip_serializing_if = "Pagination::is_empty")]
    pub pagination: Pagination,
    /// The order of results (`POST /contacts/search` only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sort: Option<Sort>,
}

impl SearchRequest {
    /// A body with `query` and Intercom's default pagination and order.
    pub fn new(query: impl Into<Query>) -> SearchRequest {
        SearchRequest {
            query: query.into(),
            pagination: Pagination::default(),
            sort: None,
        }
    }

    /// Results per page (Intercom's default is 50, its maximum 150).
    pub fn per_page(mut self, per_page: u32) -> Self {
        self.pagination.per_page = Some(per_page);
        self
    }

    /// Continues after this cursor: the `pages.next.starting_after` of the previous page.
    pub fn starting_after(mut self, cursor: impl Into<String>) -> Self {
        self.pagination.starting_after = Some(cursor.into());
        self
    }

    /// Sorts results by `field` (contacts only).
    pub fn sort(mut self, field: impl Into<String>, order: SortOrder) -> Self {
        self.sort = Some(Sort {
            field: field.into(),
            order,
        });
        self
    }

    /// Validates the query; see [`Query::validate`].
    pub fn validate(&self) -> Result<(), QueryError> {
        self.query.validate()
    }
}

/// The `pagination` object of a search body.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Pagination {
    /// Results per page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per_page: Option<u32>,
    /// The cursor of the page to start after.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub starting_after: Option<String>,
}

impl Pagination {
    /// Whether neither field is set (then the body leaves `pagination` out).
    pub fn is_empty(&self) -> bool {
        self.per_page.is_none() && self.starting_after.is_none()
    }
}

/// The `sort` object of a contact search body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Sort {
    /// The field to sort by, e.g. `created_at`.
    pub field: String,
    /// Ascending or descending.
    pub order: SortOrder,
}

/// The direction of a [`Sort`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SortOrder {
    /// Smallest first.
    Ascending,
    /// Largest first.
    Descending,
}
