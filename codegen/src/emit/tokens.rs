//! Small token builders shared by the emitters.
use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};

use std::collections::BTreeSet;

use crate::ir::{TypeRef, FULL_FEATURE};

/// An identifier (the model has already made it valid; `r#`-free by construction).
pub fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

/// One `#[doc]` attribute per line, so that prettyplease prints `///` comments.
pub fn docs(lines: &[String]) -> TokenStream {
    let attrs = lines.iter().map(|line| {
        let text = if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        };
        quote!(#[doc = #text])
    });
    quote!(#(#attrs)*)
}

/// `#[cfg(feature = "a")]`, or `#[cfg(any(feature = "a", ...))]` for several features; no
/// feature at all means only `full` compiles the item.
pub fn cfg_features(features: &BTreeSet<String>) -> TokenStream {
    let names: Vec<&str> = if features.is_empty() {
        vec![FULL_FEATURE]
    } else {
        features.iter().map(String::as_str).collect()
    };
    match names.as_slice() {
        [one] => quote!(#[cfg(feature = #one)]),
        many => quote!(#[cfg(any(#(feature = #many),*))]),
    }
}

/// Where named types are found from the emitting module.
#[derive(Clone, Copy)]
pub enum Scope {
    /// Inside a models module (`use super::*` brings every model).
    Models,
    /// Inside a resources module (`models::X`).
    Resources,
    /// Outside the SDK crate (`intercom_api::models::X`, `intercom_api::Id`).
    External,
}

/// The Rust type for a reference.
pub fn type_of(ty: &TypeRef, scope: Scope) -> TokenStream {
    match ty {
        TypeRef::Named(name) => {
            let name = format_ident!("{}", name);
            match scope {
                Scope::Models => quote!(#name),
                Scope::Resources => quote!(models::#name),
                Scope::External => quote!(intercom_api::models::#name),
            }
        }
        TypeRef::String => quote!(String),
        TypeRef::Id | TypeRef::NumericId => match scope {
            Scope::External => quote!(intercom_api::Id),
            _ => quote!(crate::Id),
        },
        TypeRef::Integer | TypeRef::Timestamp => quote!(i64),
        TypeRef::Number => quote!(f64),
        TypeRef::Boolean => quote!(bool),
        TypeRef::Json => quote!(serde_json::Value),
        TypeRef::Object => quote!(serde_json::Map<String, serde_json::Value>),
        TypeRef::Array(item) => {
            let item = type_of(item, scope);
            quote!(Vec<#item>)
        }
        TypeRef::Nullable(inner) => {
            let inner = type_of(inner, scope);
            quote!(Option<#inner>)
        }
        TypeRef::Map(value) => {
            let value = type_of(value, scope);
            quote!(std::collections::BTreeMap<String, #value>)
        }
        TypeRef::Runtime(path) => {
            let segments = path.split("::").map(|s| format_ident!("{}", s));
            match scope {
                Scope::External => quote!(intercom_api #(::#segments)*),
                _ => quote!(crate #(::#segments)*),
            }
        }
    }
}

/// The argument type a setter or constructor takes for a value of `ty`, and whether the
/// argument needs `.into()`.
pub fn argument(ty: &TypeRef, scope: Scope) -> (TokenStream, bool) {
    match ty {
        TypeRef::String => (quote!(impl Into<String>), true),
        TypeRef::Id | TypeRef::NumericId => match scope {
            Scope::External => (quote!(impl Into<intercom_api::Id>), true),
            _ => (quote!(impl Into<crate::Id>), true),
        },
        // Unions convert from their branches, enums from `&str`: `.query(filter)`, `.order("desc")`;
        // runtime types from what they wrap (`ObjectType` from `&str`).
        TypeRef::Named(_) | TypeRef::Runtime(_) => {
            let ty = type_of(ty, scope);
            (quote!(impl Into<#ty>), true)
        }
        other => (type_of(other, scope), false),
    }
}

/// A field initialiser `name: value`, shortened to `name` when the value is the argument itself.
pub fn init(name: &Ident, into: bool) -> TokenStream {
    if into {
        quote!(#name: #name.into())
    } else {
        quote!(#name)
    }
}
