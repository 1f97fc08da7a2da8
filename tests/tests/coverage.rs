//! Every operation of the pinned spec has a method on its resource's handler, and every
//! component schema has a type, checked in the generated source itself (parsed with `syn`).
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use codegen::ir::TypeKind;

/// `impl Handler { pub fn method }` and public type names found in the generated code.
#[derive(Default)]
struct Generated {
    methods: BTreeSet<(String, String)>,
    types: BTreeSet<String>,
}

fn scan(dir: &Path, found: &mut Generated) {
    for entry in std::fs::read_dir(dir)
        .expect("generated dir exists")
        .flatten()
    {
        let path = entry.path();
        if path.is_dir() {
            scan(&path, found);
            continue;
        }
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("readable");
        let file = syn::parse_file(&text)
            .unwrap_or_else(|e| panic!("{} does not parse: {e}", path.display()));
        for item in file.items {
            match item {
                syn::Item::Impl(block) => {
                    let syn::Type::Path(self_ty) = &*block.self_ty else {
                        continue;
                    };
                    let Some(handler) = self_ty.path.segments.last() else {
                        continue;
                    };
                    for inner in &block.items {
                        if let syn::ImplItem::Fn(f) = inner {
                            if matches!(f.vis, syn::Visibility::Public(_)) {
                                found
                                    .methods
                                    .insert((handler.ident.to_string(), f.sig.ident.to_string()));
                            }
                        }
                    }
                }
                syn::Item::Struct(s) => drop(found.types.insert(s.ident.to_string())),
                syn::Item::Enum(e) => drop(found.types.insert(e.ident.to_string())),
                syn::Item::Type(t) => drop(found.types.insert(t.ident.to_string())),
                // Runtime types re-exported as models (a component that is one).
                syn::Item::Use(u) => collect_use_names(&u.tree, &mut found.types),
                _ => {}
            }
        }
    }
}

fn collect_use_names(tree: &syn::UseTree, names: &mut BTreeSet<String>) {
    match tree {
        syn::UseTree::Path(path) => collect_use_names(&path.tree, names),
        syn::UseTree::Name(name) => drop(names.insert(name.ident.to_string())),
        syn::UseTree::Group(group) => group.items.iter().for_each(|t| collect_use_names(t, names)),
        _ => {}
    }
}

#[test]
fn every_operation_and_schema_is_generated() {
    let spec = intercom_tests::spec();
    let api = codegen::normalise::normalise(&spec).expect("normalises");
    let mut generated = Generated::default();
    scan(
        &codegen::workspace::root().join(codegen::emit::SDK_DIR),
        &mut generated,
    );

    let by_id: BTreeMap<&str, (&str, &str)> = api
        .resources
        .values()
        .flat_map(|r| {
            r.operations
                .iter()
                .map(move |op| (op.id.as_str(), (r.handler.as_str(), op.method.as_str())))
        })
        .collect();
    let mut missing = Vec::new();
    let mut operations = 0;
    for (path, item) in &spec.openapi.paths.paths {
        let Some(item) = item.as_item() else { continue };
        for (method, op) in item.iter() {
            operations += 1;
            let id = op
                .operation_id
                .clone()
                .unwrap_or_else(|| codegen::normalise::operation::synthesise_id(method, path));
            match by_id.get(id.as_str()) {
                Some((handler, name))
                    if generated
                        .methods
                        .contains(&((*handler).to_owned(), (*name).to_owned())) => {}
                other => missing.push(format!("operation {id} ({method} {path}): {other:?}")),
            }
        }
    }
    let found_operations = operations - missing.len();

    let components = spec
        .openapi
        .components
        .as_ref()
        .map(|c| c.schemas.keys().collect::<Vec<_>>())
        .unwrap_or_default();
    let by_pointer: BTreeMap<&str, &str> = api
        .types
        .values()
        .map(|t| (t.pointer.as_str(), t.name.as_str()))
        .collect();
    let mut schemas_found = 0;
    for key in &components {
        let pointer = format!("#/components/schemas/{key}");
        match by_pointer.get(pointer.as_str()) {
            Some(name) if generated.types.contains(*name) => schemas_found += 1,
            other => missing.push(format!("schema {key}: {other:?}")),
        }
    }
    let kinds = api
        .types
        .values()
        .fold(BTreeMap::<&str, usize>::new(), |mut acc, t| {
            let kind = match t.kind {
                TypeKind::Struct(_) => "structs",
                TypeKind::Enum(_) => "enums",
                TypeKind::Tagged(_) => "tagged unions",
                TypeKind::Untagged(_) => "untagged unions",
                TypeKind::Alias(_) => "aliases",
            };
            *acc.entry(kind).or_default() += 1;
            acc
        });
    println!(
        "operations: {found_operations}/{operations}, schemas: {schemas_found}/{} ({} types in all: {kinds:?})",
        components.len(),
        api.types.len()
    );
    assert!(missing.is_empty(), "not generated:\n{}", missing.join("\n"));
    assert_eq!(
        (operations, components.len()),
        (231, 338),
        "the pinned 2.16 spec has 231 operations and 338 schemas"
    );
}
