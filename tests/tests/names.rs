//! The generated 2.16 SDK reads as if written by hand: no type named by position or numbered
//! to dodge a clash, one verb for reading one item, and one type per Intercom object.
use std::collections::BTreeSet;

use codegen::ir::{HttpMethod, ResponseKind, TypeKind, TypeRef};
use codegen::normalise::names::snake_ident;
use codegen::normalise::verbs::{self, Noun};

/// Type names that end in digits on purpose (versions such as `V2_16` are variants, not types).
fn numbered(name: &str) -> bool {
    name.ends_with(|c: char| c.is_ascii_digit())
}

fn positional(name: &str) -> bool {
    name.match_indices("Variant")
        .any(|(at, _)| name[at + 7..].starts_with(|c: char| c.is_ascii_digit()))
}

#[test]
fn the_generated_api_reads_as_if_written_by_hand() {
    let spec = intercom_tests::spec();
    let api = codegen::normalise::normalise(&spec).expect("normalises");
    let types: Vec<&String> = api.types.keys().collect();
    let variant_n: Vec<&&String> = types.iter().filter(|n| positional(n)).collect();
    let digits: Vec<&&String> = types.iter().filter(|n| numbered(n)).collect();
    assert!(variant_n.is_empty(), "named by position: {variant_n:?}");
    assert!(digits.is_empty(), "numbered names: {digits:?}");
    assert!(
        api.warnings.is_empty(),
        "unresolved names: {:?}",
        api.warnings
    );

    // Every read of one item of a resource (`GET /contacts/{id}`) is `get`, unless the
    // project's table names it (with a reason).
    let table: BTreeSet<&str> = spec
        .domain
        .methods
        .iter()
        .filter(|rule| !rule.reason.trim().is_empty())
        .map(|rule| rule.operation.as_str())
        .collect();
    let mut item_reads = 0;
    let mut normalised = 0;
    for (module, resource) in &api.resources {
        let noun = Noun::of(module);
        for op in &resource.operations {
            if op.method != snake_ident(&op.id) {
                normalised += 1;
            }
            // A listing of items below a parameter (`/custom_object_instances/{type}`) is not.
            let listing = op.pagination.is_some()
                || matches!(&op.response, ResponseKind::Json(TypeRef::Named(name))
                    if matches!(&api.types[name].kind, TypeKind::Struct(s) if s.list_field.is_some()));
            let item_read =
                op.http == HttpMethod::Get && verbs::names_item(&noun, &op.path) && !listing;
            if item_read && !table.contains(op.id.as_str()) {
                item_reads += 1;
                assert_eq!(op.method, "get", "{} ({}) reads one item", op.id, op.path);
            }
        }
    }
    assert!(item_reads >= 15, "too few item reads found: {item_reads}");

    // Every operation that returns a contact returns `Contact`.
    for id in [
        "ShowContact",
        "CreateContact",
        "UpdateContact",
        "MergeContact",
        "ShowContactByExternalId",
    ] {
        let op = api
            .resources
            .values()
            .flat_map(|r| &r.operations)
            .find(|op| op.id == id)
            .unwrap_or_else(|| panic!("no operation {id}"));
        assert!(
            matches!(&op.response, ResponseKind::Json(TypeRef::Named(name)) if name == "Contact"),
            "{id} returns {:?}",
            op.response
        );
    }
    println!(
        "names: {} types, {} VariantN, {} digit-suffixed, {normalised} verbs normalised ({item_reads} item reads named `get`)",
        types.len(),
        variant_n.len(),
        digits.len()
    );
}
