//! Emit: the model becomes files of tokens, rendered by [`crate::render`]. No decisions are
//! made here; every name and shape comes from [`crate::ir`].
mod models;
mod registry;
mod resources;
mod tokens;

use std::collections::{BTreeMap, BTreeSet};

use quote::quote;

use crate::error::Result;
use crate::ir::{Api, TypeDef, TypeKind, TypeRef};
use crate::render::render;
use crate::GeneratedFile;
use tokens::{docs, ident};

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
        files.push(GeneratedFile { path, contents });
        Ok(())
    };
    push("mod.rs".into(), root(api))?;
    let by_module = models_by_module(api);
    push(
        "models/mod.rs".into(),
        models_root(&by_module, &runtime_types(api)),
    )?;
    for (module, defs) in &by_module {
        push(
            format!("models/{module}.rs"),
            models::module(defs, &api.types),
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
    files.push(GeneratedFile { path, contents });
    files.push(GeneratedFile {
        path: format!("{SDK_DIR}/{NAMES_FILE}"),
        contents: names_manifest(api),
    });
    Ok(files)
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
    modules: &BTreeMap<&str, Vec<&TypeDef>>,
    runtime: &BTreeSet<&str>,
) -> proc_macro2::TokenStream {
    let names: Vec<_> = modules.keys().map(|m| ident(m)).collect();
    let runtime = runtime.iter().map(|name| ident(name));
    quote! {
        //! Types of the Intercom API: one per schema of the description, plus the inline objects,
        //! enums and unions it declares. Response types are lenient: every field is optional,
        //! unknown enum values and unknown properties are kept, and a value that does not fit
        //! its field is kept aside (see [`crate::decode`]).
        #(mod #names;)*
        #(pub use self::#names::*;)*
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
    let modules = api.resources.values().map(|r| {
        let module = ident(&r.module);
        let doc = docs(&r.docs[..1]);
        quote!(#doc pub mod #module;)
    });
    let accessors = api.resources.values().map(|r| {
        let (module, handler, accessor) = (ident(&r.module), ident(&r.handler), ident(&r.accessor));
        let doc = docs(&r.docs[..1]);
        quote! {
            #doc
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
