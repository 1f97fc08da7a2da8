//! Passes over the finished model: box recursive fields, put each type in the models module of
//! the one resource that uses it (or `shared`), gate it behind the features of the resources
//! that use it, and mark structs that can derive `Default`.
use std::collections::{BTreeMap, BTreeSet};

use heck::ToKebabCase;

use crate::ir::{
    Api, EnumVariant, Features, Field, StringEnum, Struct, TypeDef, TypeKind, TypeRef, Usage,
    FULL_FEATURE,
};

/// Models module for types used by several resources (or none).
pub const SHARED_MODULE: &str = "shared";

/// Run every layout pass.
pub fn finish(api: &mut Api) {
    tag_list_objects(&mut api.types);
    box_cycles(&mut api.types);
    mark_list_objects(&mut api.types);
    mark_object_branches(&mut api.types);
    mark_lists_of_models(&mut api.types);
    mark_usage(api);
    mark_fixed_fields(&mut api.types);
    super::describe::describe(api);
    assign_modules(api);
    for def in api.types.values_mut() {
        if let TypeKind::Struct(s) = &mut def.kind {
            s.default = s.fields.iter().all(|f| f.optional);
        }
    }
}

/// Which directions each type travels in, from the operations that reach it.
fn mark_usage(api: &mut Api) {
    let (mut requests, mut responses) = (Vec::new(), Vec::new());
    for op in api.resources.values().flat_map(|r| &r.operations) {
        op.path_params
            .iter()
            .chain(&op.query_params)
            .chain(&op.header_params)
            .for_each(|p| all_refs(&p.ty, &mut requests));
        if let Some(body) = &op.body {
            all_refs(body, &mut requests);
        }
        for (_, ty) in &op.responses {
            all_refs(ty, &mut responses);
        }
        for ty in op.response.json_types() {
            all_refs(ty, &mut responses);
        }
    }
    let request = reachable(&api.types, requests);
    let response = reachable(&api.types, responses);
    for (name, def) in api.types.iter_mut() {
        def.usage.request = request.contains(name);
        def.usage.response = response.contains(name);
    }
}

fn reachable(types: &BTreeMap<String, TypeDef>, roots: Vec<&str>) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut stack = roots;
    while let Some(name) = stack.pop() {
        if seen.insert(name.to_owned()) {
            if let Some(def) = types.get(name) {
                stack.extend(type_refs(def));
            }
        }
    }
    seen
}

/// Required fields whose type has exactly one value (constant tags such as `type: "admin"`).
fn mark_fixed_fields(types: &mut BTreeMap<String, TypeDef>) {
    let constants: BTreeSet<String> = types
        .values()
        .filter(|d| matches!(&d.kind, TypeKind::Enum(e) if e.variants.len() == 1))
        .map(|d| d.name.clone())
        .collect();
    for def in types.values_mut() {
        if let TypeKind::Struct(s) = &mut def.kind {
            for field in &mut s.fields {
                field.fixed = !field.optional
                    && matches!(&field.ty, TypeRef::Named(n) if constants.contains(n));
            }
        }
    }
}

/// List objects (`type` is `list` or `<kind>.list`, one array property) also decode from a bare
/// array of their items, which the API sends for some of them.
fn mark_list_objects(types: &mut BTreeMap<String, TypeDef>) {
    let list_tags: BTreeSet<String> = types
        .values()
        .filter_map(|def| match &def.kind {
            TypeKind::Enum(e)
                if !e.variants.is_empty()
                    && e.variants
                        .iter()
                        .all(|v| v.value == "list" || v.value.ends_with(".list")) =>
            {
                Some(def.name.clone())
            }
            _ => None,
        })
        .collect();
    for def in types.values_mut() {
        let TypeKind::Struct(s) = &mut def.kind else {
            continue;
        };
        let tagged_list = s.fields.iter().any(|f| {
            f.wire == "type" && matches!(&f.ty, TypeRef::Named(name) if list_tags.contains(name))
        });
        let arrays: Vec<usize> = (0..s.fields.len())
            .filter(|&i| matches!(s.fields[i].ty, TypeRef::Array(_)))
            .collect();
        if let ([only], true, true) = (arrays.as_slice(), tagged_list, s.lenient) {
            s.list_field = Some(*only);
        }
    }
}

/// Properties a list object has besides its `data` array.
const LIST_METADATA: &[&str] = &["url", "total_count", "has_more", "pages"];

/// Intercom tags every list object `type: "list"`, also where the description does not declare
/// it (`contact.tags`, `contact.notes`, ...). Declaring it on response lists that lack it lets
/// the tag decode into a field (no allocation, no trip through `extra`) and such a list also
/// accepts a bare array of its items, like the lists that declare their tag.
fn tag_list_objects(types: &mut BTreeMap<String, TypeDef>) {
    let untagged: Vec<String> = types
        .values()
        .filter(|def| matches!(&def.kind, TypeKind::Struct(s) if is_untagged_list(s)))
        .map(|def| def.name.clone())
        .collect();
    let Some(first) = untagged.first() else {
        return;
    };
    let mut tag = "ListType".to_owned();
    for n in 2.. {
        if !types.contains_key(&tag) {
            break;
        }
        tag = format!("ListType{n}");
    }
    let pointer = format!("{}/properties/type", types[first].pointer);
    types.insert(
        tag.clone(),
        TypeDef {
            name: tag.clone(),
            module: SHARED_MODULE.to_owned(),
            pointer,
            docs: vec!["The type tag of a list object: `list`.".to_owned()],
            kind: TypeKind::Enum(StringEnum {
                variants: vec![EnumVariant {
                    ident: "List".to_owned(),
                    value: "list".to_owned(),
                }],
                unknown: "Unknown".to_owned(),
            }),
            usage: Usage::default(),
            merged: Vec::new(),
        },
    );
    for name in untagged {
        if let Some(TypeDef {
            kind: TypeKind::Struct(s),
            ..
        }) = types.get_mut(&name)
        {
            s.fields.insert(
                0,
                Field {
                    wire: "type".to_owned(),
                    ident: super::names::snake_ident("type"),
                    ty: TypeRef::Named(tag.clone()),
                    optional: true,
                    skip_none: true,
                    boxed: false,
                    fixed: false,
                    models_in_place: false,
                    docs: vec!["The object's type, `list` (sent by the API though its description does not declare it).".to_owned()],
                },
            );
        }
    }
}

/// A response object with a `data` array, only list metadata besides, and no `type`.
fn is_untagged_list(s: &Struct) -> bool {
    let data = s
        .fields
        .iter()
        .any(|f| f.wire == "data" && matches!(f.ty, TypeRef::Array(_)));
    let rest = s
        .fields
        .iter()
        .all(|f| f.wire == "data" || LIST_METADATA.contains(&f.wire.as_str()));
    s.lenient && data && rest
}

/// The names of the structs that decode field by field (the runtime's `Object`s).
fn lenient_structs(types: &BTreeMap<String, TypeDef>) -> BTreeSet<String> {
    types
        .values()
        .filter(|def| matches!(&def.kind, TypeKind::Struct(s) if s.lenient))
        .map(|def| def.name.clone())
        .collect()
}

/// Lists whose items are such structs, in such structs, fill each item in place (see
/// `Field::models_in_place`; other structs derive serde's `Deserialize`).
fn mark_lists_of_models(types: &mut BTreeMap<String, TypeDef>) {
    let models = lenient_structs(types);
    for def in types.values_mut() {
        let TypeKind::Struct(s) = &mut def.kind else {
            continue;
        };
        if !s.lenient {
            continue;
        }
        for field in &mut s.fields {
            field.models_in_place = !field.boxed
                && matches!(&field.ty, TypeRef::Array(item)
                    if matches!(&**item, TypeRef::Named(n) if models.contains(n)));
        }
    }
}

/// An untagged union with exactly one branch that decodes field by field: a lenient decode
/// takes an object that fits no branch exactly as that branch.
fn mark_object_branches(types: &mut BTreeMap<String, TypeDef>) {
    let lenient_structs = lenient_structs(types);
    for def in types.values_mut() {
        let TypeKind::Untagged(u) = &mut def.kind else {
            continue;
        };
        let objects: Vec<usize> = (0..u.variants.len())
            .filter(
                |&i| matches!(&u.variants[i].ty, TypeRef::Named(n) if lenient_structs.contains(n)),
            )
            .collect();
        u.object_branch = match objects.as_slice() {
            [only] => Some(*only),
            _ => None,
        };
    }
}

/// Named types a type contains without indirection (`Vec`/map fields already are indirect).
fn direct_refs(def: &TypeDef) -> Vec<&str> {
    fn named(ty: &TypeRef) -> Option<&str> {
        match ty {
            TypeRef::Named(name) => Some(name.as_str()),
            _ => None,
        }
    }
    match &def.kind {
        TypeKind::Struct(s) => s.fields.iter().filter_map(|f| named(&f.ty)).collect(),
        TypeKind::Tagged(u) => u.variants.iter().filter_map(|v| named(&v.ty)).collect(),
        TypeKind::Untagged(u) => u.variants.iter().filter_map(|v| named(&v.ty)).collect(),
        TypeKind::Alias(ty) => named(ty).into_iter().collect(),
        TypeKind::Enum(_) => Vec::new(),
    }
}

fn reaches(types: &BTreeMap<String, TypeDef>, from: &str, target: &str) -> bool {
    let mut seen = BTreeSet::new();
    let mut stack = vec![from];
    while let Some(name) = stack.pop() {
        if name == target {
            return true;
        }
        if seen.insert(name) {
            stack.extend(types.get(name).map(direct_refs).unwrap_or_default());
        }
    }
    false
}

fn box_cycles(types: &mut BTreeMap<String, TypeDef>) {
    let mut to_box = Vec::new();
    for (name, def) in types.iter() {
        if let TypeKind::Struct(s) = &def.kind {
            for (i, field) in s.fields.iter().enumerate() {
                if let TypeRef::Named(target) = &field.ty {
                    if reaches(types, target, name) {
                        to_box.push((name.clone(), i));
                    }
                }
            }
        }
    }
    for (name, i) in to_box {
        if let Some(TypeKind::Struct(s)) = types.get_mut(&name).map(|d| &mut d.kind) {
            s.fields[i].boxed = true;
        }
    }
}

fn all_refs<'a>(ty: &'a TypeRef, out: &mut Vec<&'a str>) {
    match ty {
        TypeRef::Named(name) => out.push(name),
        TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => {
            all_refs(inner, out)
        }
        _ => {}
    }
}

fn type_refs(def: &TypeDef) -> Vec<&str> {
    let mut out = Vec::new();
    match &def.kind {
        TypeKind::Struct(s) => s.fields.iter().for_each(|f| all_refs(&f.ty, &mut out)),
        TypeKind::Tagged(u) => u.variants.iter().for_each(|v| all_refs(&v.ty, &mut out)),
        TypeKind::Untagged(u) => u.variants.iter().for_each(|v| all_refs(&v.ty, &mut out)),
        TypeKind::Alias(ty) => all_refs(ty, &mut out),
        TypeKind::Enum(_) => {}
    }
    out
}

/// The runtime's optional modules, by feature, with the models each decodes outside any
/// resource (`intercom-api/src/webhooks/mod.rs` imports them): those models, and the types they
/// reach, compile with that feature too, whatever resource features are on.
pub const RUNTIME_FEATURES: &[(&str, &[&str])] = &[
    (
        "webhooks",
        &[
            "Admin",
            "Company",
            "Contact",
            "Conversation",
            "DataEvent",
            "Ticket",
            "Visitor",
        ],
    ),
    ("identity", &[]),
    ("oauth", &[]),
];

fn assign_modules(api: &mut Api) {
    // Resource modules whose operations reach each type.
    let mut users: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (module, resource) in &api.resources {
        let mut roots = Vec::new();
        for op in &resource.operations {
            op.path_params
                .iter()
                .chain(&op.query_params)
                .chain(&op.header_params)
                .for_each(|p| all_refs(&p.ty, &mut roots));
            if let Some(body) = &op.body {
                all_refs(body, &mut roots);
            }
            for ty in op.response.json_types() {
                all_refs(ty, &mut roots);
            }
        }
        for name in reachable(&api.types, roots) {
            users.entry(name).or_default().insert(module.clone());
        }
    }
    let resources = resource_features(api.resources.keys());
    let mut types: BTreeMap<String, BTreeSet<String>> = users
        .iter()
        .map(|(name, modules)| {
            let features = modules.iter().filter_map(|m| resources.get(m).cloned());
            (name.clone(), features.collect())
        })
        .collect();
    // A description that lacks a model of a runtime module (older versions have no `Ticket`)
    // cannot compile that module: `full` leaves it out.
    let mut runtime = Vec::new();
    for (feature, roots) in RUNTIME_FEATURES {
        if !roots.iter().all(|r| api.types.contains_key(*r)) {
            continue;
        }
        runtime.push((*feature).to_owned());
        for name in reachable(&api.types, roots.to_vec()) {
            types.entry(name).or_default().insert((*feature).to_owned());
        }
    }
    for (name, def) in api.types.iter_mut() {
        // A type lives with its resource when that resource's feature alone compiles it.
        let own = match users.get(name) {
            Some(modules) if modules.len() == 1 => modules.first(),
            _ => None,
        };
        let alone = |module: &String| match (types.get(name), resources.get(module)) {
            (Some(features), Some(own)) => features.len() == 1 && features.contains(own),
            _ => false,
        };
        def.module = match own {
            Some(module) if alone(module) => module.clone(),
            _ => SHARED_MODULE.to_owned(),
        };
    }
    api.features = Features {
        resources,
        types,
        runtime,
    };
}

/// Features the manifest defines by hand: a resource must not take one of their names.
pub const RESERVED_FEATURES: &[&str] = &[
    "default",
    FULL_FEATURE,
    "webhooks",
    "identity",
    "oauth",
    "rustls",
    "rustls-aws-lc",
    "native-tls",
];

/// One feature per resource: its module name in kebab case.
fn resource_features<'a>(modules: impl Iterator<Item = &'a String>) -> BTreeMap<String, String> {
    modules
        .map(|module| {
            let mut feature = module.to_kebab_case();
            if RESERVED_FEATURES.contains(&feature.as_str()) {
                feature.push_str("-resource");
            }
            (module.clone(), feature)
        })
        .collect()
}
