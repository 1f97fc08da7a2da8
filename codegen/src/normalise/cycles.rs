//! Cycles no Rust type can have. A struct field on a cycle is boxed later (layout); what is
//! left are cycles through aliases and union branches only, which hold their target inline:
//! - an alias that leads back to itself (`X: {$ref: X}`) says nothing about the value: it
//!   becomes any JSON value;
//! - a union branch that leads back to its union only through unions and aliases adds no
//!   value the other branches do not accept (`X = X | string` is `string`): it is dropped, and
//!   a union left without branches becomes any JSON value.
//!
//! Each repair is a warning at the type's pointer.
use std::collections::{BTreeMap, BTreeSet};

use crate::ir::{TypeDef, TypeKind, TypeRef, Warning};

/// Break every cycle of `types` that does not go through a struct field.
pub fn break_inline_cycles(types: &mut BTreeMap<String, TypeDef>, warnings: &mut Vec<Warning>) {
    // Unions first: dropping a branch keeps the aliases that lead to the union.
    let is_alias = |d: &TypeDef| matches!(d.kind, TypeKind::Alias(_));
    let unions: Vec<String> = types
        .values()
        .filter(|d| !is_alias(d))
        .map(|d| d.name.clone())
        .collect();
    let aliases: Vec<String> = types
        .values()
        .filter(|d| is_alias(d))
        .map(|d| d.name.clone())
        .collect();
    for name in unions.iter().chain(&aliases) {
        break_at(types, name, warnings);
    }
}

fn break_at(types: &mut BTreeMap<String, TypeDef>, name: &str, warnings: &mut Vec<Warning>) {
    // By position among the alias target or the union's variants (scalar ones included).
    let held: Vec<Option<String>> = match types.get(name).map(|d| &d.kind) {
        Some(TypeKind::Alias(ty)) => vec![named(ty)],
        Some(TypeKind::Tagged(u)) => u.variants.iter().map(|v| named(&v.ty)).collect(),
        Some(TypeKind::Untagged(u)) => u.variants.iter().map(|v| named(&v.ty)).collect(),
        _ => Vec::new(),
    };
    let cyclic: BTreeSet<usize> = held
        .iter()
        .enumerate()
        .filter(|(_, target)| target.as_ref().is_some_and(|t| reaches(types, t, name)))
        .map(|(i, _)| i)
        .collect();
    if cyclic.is_empty() {
        return;
    }
    let Some(def) = types.get_mut(name) else {
        return;
    };
    let message = match &mut def.kind {
        TypeKind::Alias(ty) => {
            *ty = TypeRef::Json;
            "its `$ref` chain leads back to itself; typed as any JSON value".to_owned()
        }
        TypeKind::Tagged(union) => {
            let dropped = drop_indexes(&mut union.variants, &cyclic, |v| v.ident.clone());
            if union.variants.is_empty() {
                def.kind = TypeKind::Alias(TypeRef::Json);
            }
            dropped_message(&dropped)
        }
        TypeKind::Untagged(union) => {
            let dropped = drop_indexes(&mut union.variants, &cyclic, |v| v.ident.clone());
            if union.variants.is_empty() {
                def.kind = TypeKind::Alias(TypeRef::Json);
            }
            dropped_message(&dropped)
        }
        TypeKind::Struct(_) | TypeKind::Enum(_) => return,
    };
    warnings.push(Warning {
        pointer: def.pointer.clone(),
        message,
    });
}

fn dropped_message(dropped: &[String]) -> String {
    format!(
        "union branch(es) {} lead back to the union itself and add no value; dropped",
        dropped.join(", ")
    )
}

fn drop_indexes<T>(
    items: &mut Vec<T>,
    indexes: &BTreeSet<usize>,
    label: impl Fn(&T) -> String,
) -> Vec<String> {
    let mut dropped = Vec::new();
    let mut i = 0;
    items.retain(|item| {
        let keep = !indexes.contains(&i);
        if !keep {
            dropped.push(label(item));
        }
        i += 1;
        keep
    });
    dropped
}

fn named(ty: &TypeRef) -> Option<String> {
    match ty {
        TypeRef::Named(name) => Some(name.clone()),
        _ => None,
    }
}

/// Named types a definition holds inline, without a struct in between: an alias's target, a
/// union's branches.
fn inline_targets(kind: Option<&TypeKind>) -> Vec<String> {
    match kind {
        Some(TypeKind::Alias(ty)) => named(ty).into_iter().collect(),
        Some(TypeKind::Tagged(u)) => u.variants.iter().filter_map(|v| named(&v.ty)).collect(),
        Some(TypeKind::Untagged(u)) => u.variants.iter().filter_map(|v| named(&v.ty)).collect(),
        _ => Vec::new(),
    }
}

fn reaches(types: &BTreeMap<String, TypeDef>, from: &str, target: &str) -> bool {
    let mut seen = BTreeSet::new();
    let mut stack = vec![from.to_owned()];
    while let Some(name) = stack.pop() {
        if name == target {
            return true;
        }
        if seen.insert(name.clone()) {
            stack.extend(inline_targets(types.get(&name).map(|d| &d.kind)));
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{UntaggedUnion, UntaggedVariant, Usage};

    fn def(name: &str, kind: TypeKind) -> (String, TypeDef) {
        let def = TypeDef {
            name: name.to_owned(),
            module: String::new(),
            pointer: format!("#/components/schemas/{name}"),
            docs: Vec::new(),
            kind,
            usage: Usage::default(),
            merged: Vec::new(),
        };
        (name.to_owned(), def)
    }

    fn variant(ident: &str, ty: TypeRef) -> UntaggedVariant {
        UntaggedVariant {
            ident: ident.to_owned(),
            ty,
        }
    }

    #[test]
    fn self_aliases_become_json_and_self_branches_are_dropped() {
        let union = UntaggedUnion {
            variants: vec![
                variant("String", TypeRef::String),
                variant("Me", TypeRef::Named("U".into())),
                variant("Alias", TypeRef::Named("A".into())),
            ],
            object_branch: None,
            other: "Other".into(),
        };
        let mut types: BTreeMap<String, TypeDef> = [
            def("X", TypeKind::Alias(TypeRef::Named("X".into()))),
            def("A", TypeKind::Alias(TypeRef::Named("U".into()))),
            def("U", TypeKind::Untagged(union)),
        ]
        .into_iter()
        .collect();
        let mut warnings = Vec::new();
        break_inline_cycles(&mut types, &mut warnings);
        assert!(matches!(types["X"].kind, TypeKind::Alias(TypeRef::Json)));
        let TypeKind::Untagged(u) = &types["U"].kind else {
            panic!("still a union");
        };
        let kept: Vec<&str> = u.variants.iter().map(|v| v.ident.as_str()).collect();
        assert_eq!(kept, ["String"]);
        assert!(matches!(&types["A"].kind, TypeKind::Alias(TypeRef::Named(n)) if n == "U"));
        assert_eq!(warnings.len(), 2, "{warnings:?}");
    }
}
