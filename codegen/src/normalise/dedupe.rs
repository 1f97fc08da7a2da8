//! One type per concept: inline types that are structurally identical *and* describe the same
//! thing are merged, and an inline copy of a component becomes that component.
//!
//! Identical shape alone is not enough: `{id, type, name}` is a tag in one place and an admin's
//! role in another, and `{id, object, deleted}` answers deletions of different objects. Two
//! types are the same thing when they are the value of the same property of objects of one
//! family (their names share a word: `Conversation` and `ConversationListItem`), when they are
//! the bodies or responses of operations of one family, or when a union branch repeats a
//! component (and would take its name). Enums merge the same way when they give the same values
//! (one `state` for conversations, their list items and parts), unless they hold a single
//! constant (each object's own `type` tag). A merged type is named by what its members' names
//! share (`ConversationState`).
use std::collections::{BTreeMap, BTreeSet};

use crate::ir::{rename_types, Resource, TypeDef, TypeKind};

/// Words of owner names that say nothing about which object it is.
const GENERIC_WORDS: &[&str] = &[
    "Create", "Update", "Delete", "Get", "List", "Request", "Response", "Item", "Detail", "Base",
    "Summary", "Object", "Type", "Data",
];

/// Merge duplicates until none is left. `components` are the component type names (never
/// merged with each other); `candidates` gains the names of the merged types.
pub fn merge_duplicates(
    types: &mut BTreeMap<String, TypeDef>,
    resources: &mut BTreeMap<String, Resource>,
    components: &BTreeSet<String>,
    candidates: &mut BTreeMap<String, Vec<String>>,
) {
    loop {
        let mut map = BTreeMap::new();
        for group in groups(types, components, candidates) {
            merge_group(&group, types, components, candidates, &mut map);
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

/// Sets of types to merge: same shape, and pairwise the same thing (see [`same_thing`]).
fn groups(
    types: &BTreeMap<String, TypeDef>,
    components: &BTreeSet<String>,
    candidates: &BTreeMap<String, Vec<String>>,
) -> Vec<Vec<String>> {
    let mut by_key: BTreeMap<String, Vec<&TypeDef>> = BTreeMap::new();
    for def in types.values() {
        if let Some(shape) = shape_key(def) {
            by_key.entry(shape).or_default().push(def);
        }
    }
    let mut out = Vec::new();
    for members in by_key.values().filter(|m| m.len() > 1) {
        // Union-find over "same family" (a shared word, or a component an operation repeats).
        let mut parent: Vec<usize> = (0..members.len()).collect();
        fn root(parent: &mut [usize], i: usize) -> usize {
            let mut i = i;
            while parent[i] != i {
                parent[i] = parent[parent[i]];
                i = parent[i];
            }
            i
        }
        for a in 0..members.len() {
            for b in a + 1..members.len() {
                if same_thing(members[a], members[b], components, candidates) {
                    let (ra, rb) = (root(&mut parent, a), root(&mut parent, b));
                    parent[ra] = rb;
                }
            }
        }
        let mut sets: BTreeMap<usize, Vec<String>> = BTreeMap::new();
        for (i, member) in members.iter().enumerate() {
            let r = root(&mut parent, i);
            sets.entry(r).or_default().push(member.name.clone());
        }
        out.extend(
            sets.into_values().filter(|s| {
                s.len() > 1 && s.iter().filter(|m| components.contains(*m)).count() <= 1
            }),
        );
    }
    out
}

fn merge_group(
    members: &[String],
    types: &mut BTreeMap<String, TypeDef>,
    components: &BTreeSet<String>,
    candidates: &mut BTreeMap<String, Vec<String>>,
    map: &mut BTreeMap<String, String>,
) {
    let keep = members
        .iter()
        .find(|m| components.contains(*m))
        .or_else(|| members.iter().min_by_key(|m| (m.len(), (*m).clone())))
        .cloned()
        .unwrap_or_default();
    let mut names = vec![shared_name(members)];
    let mut pointers = Vec::new();
    for member in members {
        names.extend(candidates.get(member).cloned().unwrap_or_default());
        if *member != keep {
            map.insert(member.clone(), keep.clone());
            candidates.remove(member);
            if let Some(def) = types.get(member) {
                pointers.push(def.pointer.clone());
                pointers.extend(def.merged.iter().cloned());
            }
        }
    }
    if !components.contains(&keep) {
        let mut merged: Vec<String> = Vec::new();
        for name in names.into_iter().filter(|n| !n.is_empty()) {
            if !merged.contains(&name) {
                merged.push(name);
            }
        }
        // Without a shared name, the shortest wins (the member closest to a component).
        if shared_name(members).is_empty() {
            merged.sort_by(|a, b| a.len().cmp(&b.len()).then(a.cmp(b)));
        }
        candidates.insert(keep.clone(), merged);
    }
    let docs = members
        .iter()
        .filter_map(|m| types.get(m))
        .map(|d| d.docs.clone())
        .find(|d| !d.is_empty());
    if let Some(def) = types.get_mut(&keep) {
        def.merged.extend(pointers);
        def.merged.sort();
        if def.docs.is_empty() {
            def.docs = docs.unwrap_or_default();
        }
    }
}

/// What the members' names share at the start and at the end (`ConversationState` for
/// `ConversationState` and `ConversationListItemState`); empty when they share no start.
fn shared_name(members: &[String]) -> String {
    let words: Vec<Vec<&str>> = members.iter().map(|m| camel_words(m)).collect();
    let Some(first) = words.first() else {
        return String::new();
    };
    let prefix = (0..first.len())
        .take_while(|&i| words.iter().all(|w| w.get(i) == first.get(i)))
        .count();
    let suffix = (0..first.len() - prefix)
        .take_while(|&i| {
            words
                .iter()
                .all(|w| w.len() > prefix + i && w[w.len() - 1 - i] == first[first.len() - 1 - i])
        })
        .count();
    // A shared start that ends with a linking word says nothing more without what follows it
    // (`AttachTagTo` + `Request`).
    let linking = ["To", "From", "For", "Of", "With", "By", "In", "On"];
    let mut prefix = prefix;
    while prefix > 0 && linking.contains(&first[prefix - 1]) {
        prefix -= 1;
    }
    if prefix == 0 || suffix == 0 {
        return String::new();
    }
    let mut name: String = first[..prefix].concat();
    name.push_str(&first[first.len() - suffix..].concat());
    name
}

/// The thing a type is the value of: its property (`state`), a union branch's title, a
/// component's key, or the operation part (a body, a response) it is.
fn concept(def: &TypeDef) -> String {
    let pointer = &def.pointer;
    if let Some(key) = pointer.strip_prefix("#/components/schemas/") {
        if !key.contains('/') {
            return "component".to_owned();
        }
    }
    if pointer.starts_with("#/paths/") && !pointer.contains("/properties/") {
        // A parameter is its name; a body or a response is the operation part it is.
        // A parameter is its name; a body or a response is the operation part it is, of the
        // collection its path ends with (`tags` of `/articles/{id}/tags`).
        return match pointer.split_once("/parameters/") {
            Some((_, rest)) => rest.split('/').next().unwrap_or(rest).to_owned(),
            None => {
                let path = pointer
                    .trim_start_matches("#/paths/")
                    .split('/')
                    .next()
                    .unwrap_or("");
                let collection = path
                    .split("~1")
                    .filter(|s| !s.is_empty() && !s.starts_with('{'))
                    .last()
                    .unwrap_or("");
                format!("operation {collection}")
            }
        };
    }
    let tail = pointer.rsplit("/properties/").next().unwrap_or(pointer);
    let property = tail.split('/').next().unwrap_or(tail);
    property.replace(['-', '_'], "").to_ascii_lowercase()
}

/// Whether two types of one shape describe one thing: an inline copy of a component (a union
/// branch the rules would give the component's name), or the values of the same property of
/// objects of one family (their names share a word), or bodies/responses of operations of one
/// family.
fn same_thing(
    a: &TypeDef,
    b: &TypeDef,
    components: &BTreeSet<String>,
    candidates: &BTreeMap<String, Vec<String>>,
) -> bool {
    let copy_of = |inline: &TypeDef, component: &TypeDef| {
        candidates
            .get(&inline.name)
            .is_some_and(|names| names.contains(&component.name))
    };
    match (components.contains(&a.name), components.contains(&b.name)) {
        (true, true) => return false,
        (true, false) => return copy_of(b, a),
        (false, true) => return copy_of(a, b),
        (false, false) => {}
    }
    let words = |d: &TypeDef| -> BTreeSet<String> {
        camel_words(owner(d))
            .into_iter()
            .filter(|w| !GENERIC_WORDS.contains(w))
            .map(str::to_owned)
            .collect()
    };
    concept(a) == concept(b) && !words(a).is_disjoint(&words(b))
}

/// The name of the object a type belongs to: its own name without its last word.
fn owner(def: &TypeDef) -> &str {
    def.name
        .strip_suffix(camel_words(&def.name).last().copied().unwrap_or_default())
        .unwrap_or(&def.name)
}

/// `ReplyConversationRequest` -> `["Reply", "Conversation", "Request"]`.
fn camel_words(name: &str) -> Vec<&str> {
    let mut words = Vec::new();
    let mut start = 0;
    for (i, c) in name.char_indices().skip(1) {
        if c.is_ascii_uppercase() {
            words.push(&name[start..i]);
            start = i;
        }
    }
    if start < name.len() {
        words.push(&name[start..]);
    }
    words
}

/// What makes two types the same shape, or `None` for types that are never merged.
fn shape_key(def: &TypeDef) -> Option<String> {
    match &def.kind {
        TypeKind::Enum(e) if e.variants.len() > 1 => {
            let mut values: Vec<&str> = e.variants.iter().map(|v| v.value.as_str()).collect();
            values.sort_unstable();
            Some(format!("enum {values:?}"))
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
