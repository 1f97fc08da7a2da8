//! Documentation for what the description leaves undocumented, written from how it is used: a
//! field without a description borrows its type's, or says what it is of its owner; a type
//! without one says which operations return it or take it, and whose field it is; each resource
//! gets an example call.
use std::collections::BTreeMap;

use crate::ir::{Api, Operation, Resource, ResponseKind, TypeDef, TypeKind, TypeRef};

/// How many uses a synthesised type description lists before "and N more".
const MAX_USES: usize = 3;

/// Fill every missing description and pick each resource's example.
pub fn describe(api: &mut Api) {
    describe_fields(&mut api.types);
    describe_types(api);
    for resource in api.resources.values_mut() {
        let example = example(resource, &api.types);
        resource.docs.extend(example);
    }
}

fn describe_fields(types: &mut BTreeMap<String, TypeDef>) {
    let summaries: BTreeMap<String, String> = types
        .iter()
        .filter_map(|(name, def)| Some((name.clone(), def.docs.first()?.clone())))
        .collect();
    let constants: BTreeMap<String, String> = types
        .iter()
        .filter_map(|(name, def)| match &def.kind {
            TypeKind::Enum(e) if e.variants.len() == 1 => {
                Some((name.clone(), e.variants[0].value.clone()))
            }
            _ => None,
        })
        .collect();
    for def in types.values_mut() {
        let owner = words(&def.name);
        let def_name = def.name.clone();
        let TypeKind::Struct(s) = &mut def.kind else {
            continue;
        };
        for field in s.fields.iter_mut().filter(|f| f.docs.is_empty()) {
            let named = field.ty.named().unwrap_or_default();
            let line = match (constants.get(named), summaries.get(named)) {
                (Some(value), _) => format!("Always `{value}` for {}.", article(&def_name)),
                (None, Some(summary)) => summary.clone(),
                (None, None) => field_sentence(&owner, &field.wire, &field.ty),
            };
            field.docs.push(line);
        }
    }
}

/// "The contact's browser language." / "... time, in Unix seconds."
fn field_sentence(owner: &str, wire: &str, ty: &TypeRef) -> String {
    let what = wire.replace('_', " ");
    match ty {
        TypeRef::Timestamp => format!("The {owner}'s {what} time, in Unix seconds."),
        TypeRef::Boolean => format!("The {owner}'s {what} flag."),
        _ => format!("The {owner}'s {what}."),
    }
}

fn describe_types(api: &mut Api) {
    let mut uses: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for resource in api.resources.values() {
        for op in &resource.operations {
            let call = format!("`{}().{}`", resource.accessor, op.method);
            for ty in op.response.json_types() {
                note(ty, format!("Returned by {call}."), &mut uses);
            }
            if let Some(body) = &op.body {
                note(body, format!("The body of {call}."), &mut uses);
            }
            for param in op
                .path_params
                .iter()
                .chain(&op.query_params)
                .chain(&op.header_params)
            {
                note(
                    &param.ty,
                    format!("The `{}` parameter of {call}.", param.wire),
                    &mut uses,
                );
            }
            for (status, ty) in op.responses.iter().filter(|(s, _)| *s >= 300) {
                note(
                    ty,
                    format!("The body of {call}'s {status} error."),
                    &mut uses,
                );
            }
        }
    }
    for def in api.types.values() {
        if let TypeKind::Struct(s) = &def.kind {
            for field in &s.fields {
                let sentence = format!("The `{}` of {}.", field.wire, article(&def.name));
                note(&field.ty, sentence, &mut uses);
            }
        }
    }
    for def in api.types.values_mut().filter(|d| d.docs.is_empty()) {
        let mut lines = uses.remove(&def.name).unwrap_or_default();
        lines.dedup();
        if lines.len() > MAX_USES {
            let more = lines.len() - MAX_USES;
            lines.truncate(MAX_USES);
            lines.push(format!("(and {more} more uses)"));
        }
        if let TypeKind::Enum(e) = &def.kind {
            let values: Vec<String> = e
                .variants
                .iter()
                .map(|v| format!("`{}`", v.value))
                .collect();
            lines.insert(0, format!("One of {}.", values.join(", ")));
        }
        def.docs = vec![lines.join(" ")];
    }
}

fn note(ty: &TypeRef, sentence: String, uses: &mut BTreeMap<String, Vec<String>>) {
    if let Some(name) = ty.named() {
        uses.entry(name.to_owned()).or_default().push(sentence);
    }
}

/// A compiled example for a resource's documentation: a listing without arguments, else a read
/// of one item, else any call whose arguments (and body constructor's) are ids or text.
fn example(resource: &Resource, types: &BTreeMap<String, TypeDef>) -> Vec<String> {
    let ops = &resource.operations;
    let by = |prefix: &str| {
        ops.iter()
            .filter(|op| op.method.starts_with(prefix))
            .find_map(|op| call(resource, op, types))
    };
    let Some((call, returns)) = by("list")
        .or_else(|| by("get"))
        .or_else(|| ops.iter().find_map(|op| call(resource, op, types)))
    else {
        return Vec::new();
    };
    let statement = if returns {
        format!("let response = {call}.await?;\n# let _ = response;")
    } else {
        format!("{call}.await?;")
    };
    let mut lines = vec![
        String::new(),
        "```no_run".to_owned(),
        "# async fn example(client: intercom_api::Client) -> intercom_api::Result<()> {".to_owned(),
    ];
    lines.extend(statement.lines().map(str::to_owned));
    lines.extend(["# Ok(())", "# }", "```"].map(str::to_owned));
    lines
}

/// The call expression for `op` with placeholder arguments, and whether it returns a value;
/// `None` when an argument is not an id or text.
fn call(
    resource: &Resource,
    op: &Operation,
    types: &BTreeMap<String, TypeDef>,
) -> Option<(String, bool)> {
    if matches!(op.response, ResponseKind::Download) {
        return None;
    }
    let mut args: Vec<String> = op
        .positional()
        .iter()
        .map(|p| simple_value(&p.ty, &p.wire, types))
        .collect::<Option<_>>()?;
    if let Some(body) = &op.body {
        args.push(body_value(body, types)?);
    }
    let call = format!(
        "client.{}().{}({})",
        resource.accessor,
        op.method,
        args.join(", ")
    );
    Some((call, !matches!(op.response, ResponseKind::Empty)))
}

/// `Type::new(..)` for a body whose required arguments are ids or text.
fn body_value(body: &TypeRef, types: &BTreeMap<String, TypeDef>) -> Option<String> {
    let name = body.named()?;
    let TypeKind::Struct(s) = &types.get(name)?.kind else {
        return None;
    };
    if s.default && !types[name].usage.request {
        return None;
    }
    let args: Vec<String> = s
        .fields
        .iter()
        .filter(|f| !f.optional && !f.fixed)
        .map(|f| simple_value(&f.ty, &f.wire, types))
        .collect::<Option<_>>()?;
    Some(format!(
        "intercom_api::models::{name}::new({})",
        args.join(", ")
    ))
}

/// A placeholder for an id, text or enum argument (enums convert from their text).
fn simple_value(ty: &TypeRef, wire: &str, types: &BTreeMap<String, TypeDef>) -> Option<String> {
    match ty {
        TypeRef::Id | TypeRef::NumericId => Some("\"123\"".to_owned()),
        TypeRef::String => Some(format!("\"your_{wire}\"")),
        TypeRef::Named(name) => match &types.get(name)?.kind {
            TypeKind::Enum(e) => Some(format!("\"{}\"", e.variants.first()?.value)),
            _ => None,
        },
        _ => None,
    }
}

/// `ConversationListItem` -> `conversation list item`.
fn words(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    for (i, c) in name.chars().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            out.push(' ');
        }
        out.push(c.to_ascii_lowercase());
    }
    out
}

/// ``a `Contact` ``, ``an `Admin` ``.
fn article(type_name: &str) -> String {
    let vowel = type_name.starts_with(['A', 'E', 'I', 'O', 'U']);
    format!("{} `{type_name}`", if vowel { "an" } else { "a" })
}
