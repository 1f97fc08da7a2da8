//! One type per shape: inline types that are structurally identical are merged, and an inline
//! type identical to a component becomes that component. Enums merge when they give the same
//! property the same values (one `state` enum for conversations and their list items), unless
//! they hold a single constant (each object's own `type` tag).
use std::collections::{BTreeMap, BTreeSet};

use crate::ir::{rename_types, Resource, TypeDef, TypeKind};

/// Merge duplicates until none is left. `components` are the component type names (never
/// merged with each other); `candidates` gains the names of the merged types.
pub fn merge_duplicates(
    types: &mut BTreeMap<String, TypeDef>,
    resources: &mut BTreeMap<String, Resource>,
    components: &BTreeSet<String>,
    candidates: &mut BTreeMap<String, Vec<String>>,
) {
    loop {
        let mut groups: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for (name, def) in types.iter() {
            if let Some(key) = shape_key(def) {
                groups.entry(key).or_default().push(name.clone());
            }
        }
        let mut map = BTreeMap::new();
        for members in groups.values() {
            let in_components = members.iter().filter(|m| components.contains(*m)).count();
            if members.len() < 2 || in_components > 1 {
                continue;
            }
            let keep = representative(members, components);
            let mut names: Vec<String> = Vec::new();
            for member in members.iter().filter(|m| **m != keep) {
                map.insert(member.clone(), keep.clone());
                names.extend(candidates.remove(member).unwrap_or_default());
            }
            if !components.contains(&keep) {
                let merged = candidates.entry(keep.clone()).or_default();
                for name in names {
                    if !merged.contains(&name) {
                        merged.push(name);
                    }
                }
            }
            let docs = members
                .iter()
                .filter_map(|m| types.get(m))
                .map(|d| d.docs.clone())
                .find(|d| !d.is_empty());
            if let (Some(def), Some(docs)) = (types.get_mut(&keep), docs) {
                if def.docs.is_empty() {
                    def.docs = docs;
                }
            }
        }
        if map.is_empty() {
            return;
        }
        for gone in map.keys() {
            types.remove(gone);
        }
        rename_types(types, resources, &map);
    }
}

/// The member that stays: the component, else the one with the shortest full name (the
/// closest to a component: `ConversationState` rather than `ConversationListItemState`).
fn representative(members: &[String], components: &BTreeSet<String>) -> String {
    if let Some(component) = members.iter().find(|m| components.contains(*m)) {
        return component.clone();
    }
    members
        .iter()
        .min_by_key(|m| (m.len(), (*m).clone()))
        .cloned()
        .unwrap_or_default()
}

/// What makes two types the same, or `None` for types that are never merged.
fn shape_key(def: &TypeDef) -> Option<String> {
    match &def.kind {
        TypeKind::Enum(e) if e.variants.len() > 1 => {
            let mut values: Vec<&str> = e.variants.iter().map(|v| v.value.as_str()).collect();
            values.sort_unstable();
            let property = def.pointer.rsplit("/properties/").next().unwrap_or("");
            Some(format!("enum {property} {values:?}"))
        }
        TypeKind::Enum(_) | TypeKind::Alias(_) => None,
        kind => {
            let mut kind = kind.clone();
            if let TypeKind::Struct(s) = &mut kind {
                s.fields.iter_mut().for_each(|f| f.docs.clear());
            }
            Some(format!("{kind:?}"))
        }
    }
}
