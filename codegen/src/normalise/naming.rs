//! Final type names, chosen once every type is known and duplicates are merged: each inline
//! type takes the first free name the rules proposed for it (shortest wishes first), or the
//! project's table entry for its pointer. Component names are Intercom's and are kept. A type
//! that finds no free name is reported with both pointers, and gets a numbered name until the
//! table (`types` in `spec/domain.yaml`) names it.
use std::collections::{BTreeMap, BTreeSet};

use crate::ir::{rename_types, Resource, TypeDef, Warning};
use crate::load::Domain;

/// Give every type its final name.
pub fn assign(
    types: &mut BTreeMap<String, TypeDef>,
    resources: &mut BTreeMap<String, Resource>,
    components: &BTreeSet<String>,
    candidates: &BTreeMap<String, Vec<String>>,
    domain: &Domain,
    warnings: &mut Vec<Warning>,
) {
    let mut holders: BTreeMap<String, String> = BTreeMap::new();
    let mut map = BTreeMap::new();
    for name in components {
        let fixed = domain
            .type_name_of(&types[name].pointer)
            .map_or_else(|| name.clone(), str::to_owned);
        holders.insert(fixed.clone(), types[name].pointer.clone());
        if fixed != *name {
            map.insert(name.clone(), fixed);
        }
    }
    let mut inline: Vec<&String> = types.keys().filter(|n| !components.contains(*n)).collect();
    let wish = |name: &String| {
        candidates
            .get(name)
            .and_then(|c| c.first())
            .unwrap_or(name)
            .len()
    };
    inline.sort_by_key(|name| (wish(name), (*name).clone()));
    for name in inline {
        let def = &types[name];
        let pointer = &def.pointer;
        let from_table = std::iter::once(pointer)
            .chain(&def.merged)
            .find_map(|p| domain.type_name_of(p));
        let proposed: Vec<String> = from_table
            .map(str::to_owned)
            .into_iter()
            .chain(
                candidates
                    .get(name)
                    .cloned()
                    .unwrap_or_else(|| vec![name.clone()]),
            )
            .collect();
        let chosen = match proposed.iter().find(|c| !holders.contains_key(*c)) {
            Some(free) => free.clone(),
            None => numbered(&proposed[0], &holders, pointer, warnings),
        };
        holders.insert(chosen.clone(), pointer.clone());
        if chosen != *name {
            map.insert(name.clone(), chosen);
        }
    }
    rename_types(types, resources, &map);
}

/// A numbered name for a type whose names are all taken, reported for the table.
fn numbered(
    wanted: &str,
    holders: &BTreeMap<String, String>,
    pointer: &str,
    warnings: &mut Vec<Warning>,
) -> String {
    let other = holders.get(wanted).cloned().unwrap_or_default();
    let separator = if wanted.ends_with(|c: char| c.is_ascii_digit()) {
        "_"
    } else {
        ""
    };
    let name = (2..)
        .map(|n| format!("{wanted}{separator}{n}"))
        .find(|candidate| !holders.contains_key(candidate))
        .unwrap_or_else(|| wanted.to_owned());
    warnings.push(Warning {
        pointer: pointer.to_owned(),
        message: format!(
            "its type would be `{wanted}`, which the schema at {other} has; named `{name}` \
             (add an entry to `types` in spec/domain.yaml)"
        ),
    });
    name
}
