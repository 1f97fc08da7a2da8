//! Which operations page, and how, decided from their parameters and response fields (after
//! the project's overrides have added the paging parameters upstream forgot).
use std::collections::BTreeMap;

use crate::ir::{
    BodyStep, Operation, PageStyle, Pagination, PositionTarget, ResponseKind, TypeDef, TypeKind,
    TypeRef,
};

/// The pagination of `op`, if it pages.
pub fn detect(op: &Operation, types: &BTreeMap<String, TypeDef>) -> Option<Pagination> {
    let (items_field, item) = items_field(op, types)?;
    let query = |wire: &str| op.query_params.iter().find(|p| p.wire == wire);
    let query_target = |wire: &str| {
        query(wire).map(|p| PositionTarget::Query {
            ident: p.ident.clone(),
            ty: p.ty.clone(),
        })
    };
    let (style, position) = if let Some(target) = query_target("starting_after") {
        (PageStyle::QueryCursor, target)
    } else if let Some(target) = query_target("scroll_param") {
        (PageStyle::Scroll, target)
    } else if let (Some(target), true) = (
        query_target("cursor"),
        response_has(op, types, "next_cursor"),
    ) {
        (PageStyle::OpaqueCursor, target)
    } else if let Some(target) = query_target("page") {
        (PageStyle::PageNumber, target)
    } else if let Some(target) = body_target(op, types, &["pagination", "starting_after"]) {
        (PageStyle::BodyCursor, target)
    } else if let Some(target) = body_target(op, types, &["page"]) {
        (PageStyle::PageNumber, target)
    } else {
        return None;
    };
    Some(Pagination {
        style,
        position,
        items_field,
        item,
    })
}

fn response_struct<'a>(
    op: &Operation,
    types: &'a BTreeMap<String, TypeDef>,
) -> Option<&'a crate::ir::Struct> {
    let ResponseKind::Json(TypeRef::Named(name)) = &op.response else {
        return None;
    };
    struct_named(types, name)
}

fn struct_named<'a>(
    types: &'a BTreeMap<String, TypeDef>,
    name: &str,
) -> Option<&'a crate::ir::Struct> {
    match &types.get(name)?.kind {
        TypeKind::Struct(s) => Some(s),
        TypeKind::Alias(TypeRef::Named(target)) => struct_named(types, target),
        _ => None,
    }
}

fn response_has(op: &Operation, types: &BTreeMap<String, TypeDef>, wire: &str) -> bool {
    response_struct(op, types).is_some_and(|s| s.fields.iter().any(|f| f.wire == wire))
}

/// The response's list of items: `data` when present, otherwise its only array of objects.
fn items_field(op: &Operation, types: &BTreeMap<String, TypeDef>) -> Option<(String, TypeRef)> {
    let fields = &response_struct(op, types)?.fields;
    let arrays: Vec<_> = fields
        .iter()
        .filter_map(|f| match &f.ty {
            TypeRef::Array(item) if matches!(**item, TypeRef::Named(_)) => Some((f, item)),
            _ => None,
        })
        .collect();
    let chosen = arrays
        .iter()
        .find(|(f, _)| f.wire == "data")
        .or(if arrays.len() == 1 {
            arrays.first()
        } else {
            None
        })?;
    Some((chosen.0.ident.clone(), (**chosen.1).clone()))
}

/// The cursor of the runtime search body: `pagination.starting_after`.
fn search_target(wires: &[&str]) -> Option<PositionTarget> {
    (wires == ["pagination", "starting_after"]).then(|| PositionTarget::Body {
        path: vec![
            BodyStep {
                ident: "pagination".to_owned(),
                ty: Some("search::Pagination".to_owned()),
                optional: false,
            },
            BodyStep {
                ident: "starting_after".to_owned(),
                ty: None,
                optional: true,
            },
        ],
        ty: TypeRef::String,
    })
}

fn body_target(
    op: &Operation,
    types: &BTreeMap<String, TypeDef>,
    wires: &[&str],
) -> Option<PositionTarget> {
    if op.search.is_some() {
        return search_target(wires);
    }
    let Some(TypeRef::Named(mut current)) = op.body.clone() else {
        return None;
    };
    let mut path = Vec::with_capacity(wires.len());
    for (i, wire) in wires.iter().enumerate() {
        let field = struct_named(types, &current)?
            .fields
            .iter()
            .find(|f| f.wire == *wire)?;
        let last = i + 1 == wires.len();
        let next = match (&field.ty, last) {
            (_, true) => None,
            (TypeRef::Named(name), false) => Some(name.clone()),
            _ => return None,
        };
        path.push(BodyStep {
            ident: field.ident.clone(),
            ty: next.clone(),
            optional: field.optional,
        });
        if last {
            return Some(PositionTarget::Body {
                path,
                ty: field.ty.clone(),
            });
        }
        current = next?;
    }
    None
}
