//! Operations whose body is Intercom's search body (`{query, pagination, sort}`) take the
//! hand-written search query of the runtime (`intercom_api::search`) instead of the generated
//! body: one query type for contacts, conversations, tickets and any later search endpoint.
use std::collections::BTreeMap;

use crate::ir::{Operation, SearchBody, Struct, TypeDef, TypeKind, TypeRef};

/// The runtime's search body type.
pub const SEARCH_REQUEST: &str = "search::SearchRequest";

/// Switch `op` to the runtime search body when its body is the search body: an object with a
/// `query` that is a union with a `{field, operator, value}` branch, and a `pagination`.
pub fn apply(op: &mut Operation, types: &BTreeMap<String, TypeDef>) {
    let Some(TypeRef::Named(body)) = &op.body else {
        return;
    };
    let Some(body) = structure(types, body) else {
        return;
    };
    let has = |wire: &str| body.fields.iter().find(|f| f.wire == wire);
    let is_query = has("query").is_some_and(|f| is_filter_union(types, &f.ty));
    if !is_query || has("pagination").is_none() {
        return;
    }
    op.search = Some(SearchBody {
        sort: has("sort").is_some(),
    });
    op.body = Some(TypeRef::Runtime(SEARCH_REQUEST.to_owned()));
}

fn structure<'a>(types: &'a BTreeMap<String, TypeDef>, name: &str) -> Option<&'a Struct> {
    match &types.get(name)?.kind {
        TypeKind::Struct(s) => Some(s),
        TypeKind::Alias(TypeRef::Named(target)) => structure(types, target),
        _ => None,
    }
}

/// A union one of whose branches is a single filter (`field`, `operator`, `value`).
fn is_filter_union(types: &BTreeMap<String, TypeDef>, ty: &TypeRef) -> bool {
    let branches: Vec<&TypeRef> = match ty.named().and_then(|n| types.get(n)).map(|d| &d.kind) {
        Some(TypeKind::Untagged(union)) => union.variants.iter().map(|v| &v.ty).collect(),
        Some(TypeKind::Tagged(union)) => union.variants.iter().map(|v| &v.ty).collect(),
        _ => return false,
    };
    branches.into_iter().any(|branch| {
        branch
            .named()
            .and_then(|n| structure(types, n))
            .is_some_and(|s| {
                ["field", "operator", "value"]
                    .iter()
                    .all(|w| s.fields.iter().any(|f| f.wire == *w))
            })
    })
}
