//! Normalise: the typed description becomes the intermediate model ([`crate::ir`]), with every
//! Intercom quirk resolved by a general rule (see [`schema`] for types, [`operation`] for
//! operations, [`pagination`] for paging, [`layout`] for module placement).
pub mod cycles;
pub mod dedupe;
pub mod describe;
pub mod docs;
pub mod layout;
pub mod names;
pub mod naming;
pub mod operation;
pub mod pagination;
pub mod schema;
pub mod search;
pub mod usage;
pub mod verbs;

use std::collections::BTreeSet;

use indexmap::IndexMap;

use crate::error::Result;
use crate::ir::Api;
use crate::load::Spec;

/// Build the model of the SDK from a loaded description.
pub fn normalise(spec: &Spec) -> Result<Api> {
    let empty = IndexMap::new();
    let components = spec
        .openapi
        .components
        .as_ref()
        .map_or(&empty, |c| &c.schemas);
    let usage = usage::component_usage(&spec.document);
    let mut space = schema::TypeSpace::new(components, &usage, &spec.domain);
    space.define_components()?;
    let mut warnings = spec.warnings.clone();
    let mut resources = operation::lower(&spec.openapi, &mut space, &spec.domain, &mut warnings)?;
    let components: BTreeSet<String> = space.component_names().values().cloned().collect();
    let mut candidates = std::mem::take(&mut space.candidates);
    dedupe::merge_duplicates(
        &mut space.types,
        &mut resources,
        &components,
        &mut candidates,
    );
    naming::assign(
        &mut space.types,
        &mut resources,
        &components,
        &candidates,
        &spec.domain,
        &mut warnings,
    );
    warnings.append(&mut space.warnings);
    cycles::break_inline_cycles(&mut space.types, &mut warnings);
    for resource in resources.values_mut() {
        for op in &mut resource.operations {
            search::apply(op, &space.types);
            op.pagination = pagination::detect(op, &space.types);
        }
    }
    let mut api = Api {
        version: spec.openapi.info.version.clone(),
        sha256: spec.sha256.clone(),
        types: space.types,
        resources,
        warnings,
        features: Default::default(),
    };
    layout::finish(&mut api);
    Ok(api)
}
