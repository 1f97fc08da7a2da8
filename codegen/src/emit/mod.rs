//! Emit: the model becomes files of tokens, rendered by [`crate::render`]. No decisions are
//! made here; every name and shape comes from [`crate::ir`].
mod models;
mod registry;
mod resources;
mod tokens;

use std::collections::{BTreeMap, BTreeSet};

use quote::quote;

use crate::error::Result;
use crate::ir::{Api, TypeDef, TypeKind, TypeRef, FULL_FEATURE};
use crate::render::render;
use crate::{GeneratedFile, Region};
use tokens::{cfg_features, docs, ident};

/// Where the SDK's generated modules live, relative to the workspace root.
pub const SDK_DIR: &str = "intercom-api/src/generated";
/// Where the tests' generated type registry lives, relative to the workspace root.
pub const TESTS_DIR: &str = "tests/src/generated";

/// Every generated file, in a stable order.
pub fn files(api: &Api) -> Result<Vec<GeneratedFile>> {
    let mut files = Vec::new();
    let mut push = |path: String, tokens| -> Result<()> {
        let path = format!("{SDK_DIR}/{path}");
        let contents = render(api, &path, tokens)?;
        files.push(GeneratedFile {
            path,
            contents,
            region: None,
        });
        Ok(())
    };
    push("mod.rs".into(), root(api))?;
    let by_module = models_by_module(api);
    push(
        "models/mod.rs".into(),
        models_root(api, &by_module, &runtime_types(api)),
    )?;
    for (module, defs) in &by_module {
        // A resource's own module is gated where it is declared; the shared one type by type.
        let per_type = match api.features.of_resource(module) {
            Some(_) => None,
            None => Some(&api.features),
        };
        push(
            format!("models/{module}.rs"),
            models::module(defs, &api.types, per_type)?,
        )?;
    }
    push("resources/mod.rs".into(), resources_root(api))?;
    for resource in api.resources.values() {
        push(
            format!("resources/{}.rs", resource.module),
            resources::module(resource),
        )?;
    }
    let path = format!("{TESTS_DIR}/registry.rs");
    let contents = render(api, &path, registry::module(api))?;
    files.push(GeneratedFile {
        path,
        contents,
        region: None,
    });
    files.push(GeneratedFile {
        path: format!("{SDK_DIR}/{NAMES_FILE}"),
        contents: names_manifest(api),
        region: None,
    });
    files.push(GeneratedFile {
        path: SDK_MANIFEST.to_owned(),
        contents: cargo_features(api),
        region: Some(FEATURES_REGION),
    });
    Ok(files)
}

/// The SDK's manifest, relative to the workspace root: the generator owns its resource features.
pub const SDK_MANIFEST: &str = "intercom-api/Cargo.toml";
/// The lines around the generated features in [`SDK_MANIFEST`].
pub const FEATURES_REGION: Region = Region {
    begin: "# BEGIN generated features",
    end: "# END generated features",
};
/// The `[features]` lines of the SDK's manifest between [`FEATURES_REGION`]'s markers: one
/// feature per resource, and `full`.
fn cargo_features(api: &Api) -> String {
    let mut out = String::from(
        "# Written by `cargo xtask codegen`: one feature per resource (`client.<resource>()` and\n\
         # the models its operations use).\n",
    );
    for feature in api.features.resources.values() {
        out.push_str(&format!("{feature} = []\n"));
    }
    // The runtime modules' own features (their dependencies) are hand-written in the manifest.
    out.push_str("# Every resource and every optional module.\n");
    let all = api
        .features
        .resources
        .values()
        .chain(&api.features.runtime)
        .map(String::as_str);
    out.push_str(&toml_list(FULL_FEATURE, all));
    out
}

/// `name = [...]`, wrapped at 100 columns.
fn toml_list<'a>(name: &str, items: impl Iterator<Item = &'a str>) -> String {
    let mut out = format!("{name} = [\n");
    let mut line = String::new();
    for item in items {
        let quoted = format!("\"{item}\",");
        if !line.is_empty() && line.len() + 1 + quoted.len() > 100 {
            out.push_str(&line);
            out.push('\n');
            line.clear();
        }
        line.push_str(if line.is_empty() { "    " } else { " " });
        line.push_str(&quoted);
    }
    if !line.is_empty() {
        out.push_str(&line);
        out.push('\n');
    }
    out.push_str("]\n");
    out
}

/// The name manifest, next to the generated modules.
pub const NAMES_FILE: &str = "names.json";

/// Every generated name keyed by what does not change between releases (operationIds and
/// schema pointers), as JSON: what a `spec-diff` compares to list renames.
fn names_manifest(api: &Api) -> String {
    let mut methods = serde_json::Map::new();
    let mut builders = serde_json::Map::new();
    for resource in api.resources.values() {
        for op in &resource.operations {
            let method = format!("{}().{}", resource.accessor, op.method);
            methods.insert(op.id.clone(), method.into());
            builders.insert(op.id.clone(), op.builder.clone().into());
        }
    }
    let mut types = serde_json::Map::new();
    for def in api.types.values() {
        for pointer in std::iter::once(&def.pointer).chain(&def.merged) {
            types.insert(pointer.clone(), def.name.clone().into());
        }
    }
    let manifest = serde_json::json!({
        "api_version": api.version,
        "methods": methods,
        "builders": builders,
        "types": types,
    });
    let mut text = serde_json::to_string_pretty(&manifest).unwrap_or_default();
    text.push('\n');
    text
}

fn models_by_module(api: &Api) -> BTreeMap<&str, Vec<&TypeDef>> {
    let mut modules: BTreeMap<&str, Vec<&TypeDef>> = BTreeMap::new();
    for def in api.types.values() {
        modules.entry(def.module.as_str()).or_default().push(def);
    }
    modules
}

fn root(api: &Api) -> proc_macro2::TokenStream {
    let version = &api.version;
    let version_doc =
        format!(" The Intercom API version this SDK was generated from (`{version}`).");
    quote! {
        pub mod models;
        pub mod resources;

        #[doc = #version_doc]
        pub const API_VERSION: &str = #version;
    }
}

fn models_root(
    api: &Api,
    modules: &BTreeMap<&str, Vec<&TypeDef>>,
    runtime: &BTreeSet<&str>,
) -> proc_macro2::TokenStream {
    let names: Vec<_> = modules.keys().map(|m| ident(m)).collect();
    // A resource's models come with its feature; the shared module gates its types one by one,
    // and some feature sets compile none of them.
    let gates: Vec<_> = modules
        .keys()
        .map(|m| match api.features.of_resource(m) {
            Some(f) => quote!(#[cfg(feature = #f)]),
            None => quote!(),
        })
        .collect();
    let reexport_gates = modules.keys().map(|m| match api.features.of_resource(m) {
        Some(f) => quote!(#[cfg(feature = #f)]),
        None => quote!(#[allow(unused_imports)]),
    });
    let runtime = runtime.iter().map(|name| ident(name));
    quote! {
        //! Types of the Intercom API: one per schema of the description, plus the inline objects,
        //! enums and unions it declares. Response types are lenient: every field is optional,
        //! unknown enum values and unknown properties are kept, and a value that does not fit
        //! its field is kept aside (see [`crate::decode`]). Each type is compiled with the
        //! feature of any resource that uses it (see the crate's features).
        #(#gates mod #names;)*
        #(#reexport_gates pub use self::#names::*;)*
        pub use crate::{#(#runtime),*};
    }
}

/// Hand-written runtime types the models use (plus the forms they wrap).
fn runtime_types(api: &Api) -> BTreeSet<&'static str> {
    let mut used = BTreeSet::new();
    for def in api.types.values() {
        let refs: Vec<&TypeRef> = match &def.kind {
            TypeKind::Struct(s) => s.fields.iter().map(|f| &f.ty).collect(),
            TypeKind::Alias(ty) => vec![ty],
            _ => Vec::new(),
        };
        for ty in refs {
            match ty.runtime() {
                Some("NextPage") => used.extend(["NextPage", "PageCursor"]),
                Some("Avatar") => used.extend(["Avatar", "AvatarImage"]),
                Some("CustomAttributes") => drop(used.insert("CustomAttributes")),
                _ => {}
            }
        }
    }
    used
}

fn resources_root(api: &Api) -> proc_macro2::TokenStream {
    let gate = |module: &str| {
        let features = api
            .features
            .of_resource(module)
            .map(|f| [f.to_owned()].into());
        cfg_features(&features.unwrap_or_default())
    };
    let modules = api.resources.values().map(|r| {
        let module = ident(&r.module);
        let doc = docs(&r.docs[..1]);
        let cfg = gate(&r.module);
        quote!(#doc #cfg pub mod #module;)
    });
    let accessors = api.resources.values().map(|r| {
        let (module, handler, accessor) = (ident(&r.module), ident(&r.handler), ident(&r.accessor));
        let doc = docs(&r.docs[..1]);
        let cfg = gate(&r.module);
        quote! {
            #doc
            #cfg
            pub fn #accessor(&self) -> #module::#handler {
                #module::#handler::new(self.clone())
            }
        }
    });
    quote! {
        //! One module per resource (the first tag of each operation in the description).
        #(#modules)*

        impl crate::Client {
            #(#accessors)*
        }
    }
}
