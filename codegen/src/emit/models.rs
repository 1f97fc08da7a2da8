//! Models: one Rust item (plus its impls) per named type of the model.
use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::quote;
use syn::parse::Parser;

use super::tokens::{argument, cfg_features, docs, ident, init, type_of, Scope};
use crate::error::{Error, Result};
use crate::ir::{
    Features, Field, StringEnum, Struct, TaggedUnion, TypeDef, TypeKind, TypeRef, UntaggedUnion,
    FILE_PART,
};

/// Tokens of one models module; `all` is every type of the SDK. A module of one resource is
/// gated as a whole where it is declared; `per_type` gates each type of a module shared by
/// several resources behind the features of the resources that use it.
pub fn module(
    defs: &[&TypeDef],
    all: &BTreeMap<String, TypeDef>,
    per_type: Option<&Features>,
) -> Result<TokenStream> {
    let mut items = Vec::with_capacity(defs.len());
    for def in defs {
        let tokens = type_def(def);
        items.push(match per_type {
            Some(features) => gated(tokens, cfg_features(features.of_type(&def.name)), def)?,
            None => tokens,
        });
    }
    // Import only what the module uses: enums and aliases derive nothing from serde, and only
    // request-only structs derive `Deserialize` (the others implement it through the runtime).
    // Multipart forms derive neither.
    let serialize = defs.iter().any(|d| match &d.kind {
        TypeKind::Struct(s) => !s.form,
        TypeKind::Enum(_) | TypeKind::Alias(_) => false,
        TypeKind::Tagged(_) | TypeKind::Untagged(_) => true,
    });
    let deserialize = defs
        .iter()
        .any(|d| matches!(&d.kind, TypeKind::Struct(s) if !s.lenient && !s.form));
    // With items gated one by one, a feature set may leave an import unused.
    let allow = per_type.map(|_| quote!(#[allow(unused_imports)]));
    let serde_import = match (serialize, deserialize) {
        (true, true) => quote!(
            #allow
            use serde::{Deserialize, Serialize};
        ),
        (true, false) => quote!(
            #allow
            use serde::Serialize;
        ),
        _ => quote!(),
    };
    let elsewhere = |name: &str| {
        all.get(name)
            .is_some_and(|t| defs.first().is_some_and(|d| d.module != t.module))
    };
    let models_import = if defs.iter().any(|d| named_refs(d).any(elsewhere)) {
        quote!(
            #allow
            use super::*;
        )
    } else {
        quote!()
    };
    Ok(quote! {
        #serde_import
        #models_import
        #(#items)*
    })
}

/// Every item of a type (its definition, impls and macro calls) behind `cfg`, placed after the
/// item's documentation.
fn gated(tokens: TokenStream, cfg: TokenStream, def: &TypeDef) -> Result<TokenStream> {
    let render_error = |e: syn::Error| Error::Render {
        file: format!("the models of `{}`", def.name),
        message: e.to_string(),
    };
    let mut file: syn::File = syn::parse2(tokens).map_err(render_error)?;
    for item in &mut file.items {
        // An item left ungated would name types its feature set may not compile.
        let attrs = item_attrs(item).ok_or_else(|| Error::Render {
            file: format!("the models of `{}`", def.name),
            message: "an item kind the feature gate does not handle".to_owned(),
        })?;
        let at = attrs
            .iter()
            .take_while(|a| a.path().is_ident("doc"))
            .count();
        // syn's `Attribute` is not `Clone` here: parse it afresh for each item.
        let gate = syn::Attribute::parse_outer
            .parse2(cfg.clone())
            .map_err(render_error)?;
        attrs.splice(at..at, gate);
    }
    let items = &file.items;
    Ok(quote!(#(#items)*))
}

/// The outer attributes of the kinds of items a type emits.
fn item_attrs(item: &mut syn::Item) -> Option<&mut Vec<syn::Attribute>> {
    match item {
        syn::Item::Struct(i) => Some(&mut i.attrs),
        syn::Item::Enum(i) => Some(&mut i.attrs),
        syn::Item::Impl(i) => Some(&mut i.attrs),
        syn::Item::Type(i) => Some(&mut i.attrs),
        syn::Item::Macro(i) => Some(&mut i.attrs),
        syn::Item::Const(i) => Some(&mut i.attrs),
        syn::Item::Fn(i) => Some(&mut i.attrs),
        syn::Item::Use(i) => Some(&mut i.attrs),
        _ => None,
    }
}

/// Named types a type definition refers to.
fn named_refs(def: &TypeDef) -> Box<dyn Iterator<Item = &str> + '_> {
    match &def.kind {
        TypeKind::Struct(s) => Box::new(s.fields.iter().filter_map(|f| f.ty.named())),
        TypeKind::Tagged(u) => Box::new(u.variants.iter().filter_map(|v| v.ty.named())),
        TypeKind::Untagged(u) => Box::new(u.variants.iter().filter_map(|v| v.ty.named())),
        TypeKind::Alias(ty) => Box::new(ty.named().into_iter()),
        TypeKind::Enum(_) => Box::new(std::iter::empty()),
    }
}

fn type_def(def: &TypeDef) -> TokenStream {
    let mut lines = def.docs.clone();
    if lines.is_empty() {
        lines.push(format!("`{}` in the Intercom API.", def.name));
    }
    lines.push(String::new());
    lines.push(format!("Schema: `{}`", def.pointer));
    let doc = docs(&lines);
    let name = ident(&def.name);
    match &def.kind {
        TypeKind::Struct(s) => structure(&doc, &name, s, def.usage.request),
        TypeKind::Enum(e) => string_enum(&doc, &name, e),
        TypeKind::Tagged(u) => tagged(&doc, &name, u),
        TypeKind::Untagged(u) => untagged(&doc, &name, u),
        // A component that is a runtime type is re-exported under its own name.
        TypeKind::Alias(TypeRef::Runtime(runtime)) if *runtime == def.name => quote!(),
        TypeKind::Alias(target) => {
            let target = type_of(target, Scope::Models);
            quote! { #doc pub type #name = #target; }
        }
    }
}

fn field_type(field: &Field) -> TokenStream {
    let mut ty = type_of(&field.ty, Scope::Models);
    if field.boxed {
        ty = quote!(Box<#ty>);
    }
    if field.optional {
        ty = quote!(Option<#ty>);
    }
    ty
}

fn structure(
    doc: &TokenStream,
    name: &proc_macro2::Ident,
    s: &Struct,
    request: bool,
) -> TokenStream {
    let default = if s.default {
        quote!(Default,)
    } else {
        quote!()
    };
    let fields = s.fields.iter().map(|field| {
        let ident = ident(&field.ident);
        let ty = field_type(field);
        let doc = docs(&field.docs);
        let mut serde_args = Vec::new();
        if field.ident != field.wire {
            let wire = &field.wire;
            serde_args.push(quote!(rename = #wire));
        }
        if field.optional && !s.lenient {
            serde_args.push(quote!(default));
        }
        if field.optional && field.skip_none {
            serde_args.push(quote!(skip_serializing_if = "Option::is_none"));
        }
        if let Some(path) = numeric_id_serializer(field) {
            serde_args.push(quote!(serialize_with = #path));
        }
        let serde_attr = if serde_args.is_empty() {
            quote!()
        } else {
            quote!(#[serde(#(#serde_args),*)])
        };
        quote! { #doc #serde_attr pub #ident: #ty, }
    });
    let extra = ident(&s.extra);
    let constructor = construction(name, s, request);
    if s.form {
        return form_structure((doc, name, default), s, constructor);
    }
    let (derive_deserialize, decode) = if s.lenient {
        (quote!(), object_impl(name, s))
    } else {
        (quote!(Deserialize), quote!())
    };
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, #default Serialize, #derive_deserialize)]
        pub struct #name {
            #(#fields)*
            /// Properties the API description does not declare, kept as sent.
            #[serde(flatten)]
            pub #extra: crate::Extra,
        }
        #constructor
        #decode
    }
}

/// A `multipart/form-data` body: no JSON form, but a conversion into the runtime's form (file
/// fields as file parts, other values as text).
fn form_structure(
    (doc, name, default): (&TokenStream, &proc_macro2::Ident, TokenStream),
    s: &Struct,
    constructor: TokenStream,
) -> TokenStream {
    let fields = s.fields.iter().map(|field| {
        let (ident, ty, doc) = (ident(&field.ident), field_type(field), docs(&field.docs));
        quote! { #doc pub #ident: #ty, }
    });
    let parts = s.fields.iter().map(|field| {
        let (ident, wire) = (ident(&field.ident), &field.wire);
        let file = matches!(&field.ty, TypeRef::Runtime(r) if r == FILE_PART);
        let files = matches!(&field.ty, TypeRef::Array(item) if matches!(&**item, TypeRef::Runtime(r) if r == FILE_PART));
        let add = if file {
            quote!(form = form.file(#wire, value.clone());)
        } else if files {
            quote!(for file in value { form = form.file(#wire, file.clone()); })
        } else {
            quote!(form = form.value(#wire, value);)
        };
        if field.optional {
            quote!(if let Some(value) = &body.#ident { #add })
        } else {
            quote!(let value = &body.#ident; #add)
        }
    });
    let extra = ident(&s.extra);
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, #default)]
        pub struct #name {
            #(#fields)*
            /// Form fields the API description does not declare, sent as text.
            pub #extra: crate::Extra,
        }
        #constructor
        impl From<&#name> for crate::multipart::Form {
            fn from(body: &#name) -> Self {
                let mut form = crate::multipart::Form::new();
                #(#parts)*
                form.extra(&body.#extra)
            }
        }
    }
}

/// `Deserialize` through the runtime's field-by-field decoder (`crate::decode::Object`).
fn object_impl(name: &proc_macro2::Ident, s: &Struct) -> TokenStream {
    let mut order: Vec<usize> = (0..s.fields.len()).collect();
    order.sort_by(|&a, &b| s.fields[a].wire.cmp(&s.fields[b].wire));
    let wires = order.iter().map(|&i| &s.fields[i].wire);
    let last = order.len().saturating_sub(1);
    let lookup = key_lookup(order.iter().map(|&i| s.fields[i].wire.as_str()));
    let arms = order.iter().enumerate().map(|(index, &i)| {
        let field = &s.fields[i];
        let setter = field_decoder(field);
        let slot = ident(&field.ident);
        let pattern = if index == last {
            quote!(_)
        } else {
            quote!(#index)
        };
        quote!(#pattern => crate::decode::#setter(map, &mut self.#slot),)
    });
    let body = match order.as_slice() {
        [] => quote! {
            let _ = (index, map);
            Ok(())
        },
        [only] => {
            let field = &s.fields[*only];
            let (setter, slot) = (field_decoder(field), ident(&field.ident));
            quote! {
                let _ = index;
                crate::decode::#setter(map, &mut self.#slot)
            }
        }
        _ => quote!(match index { #(#arms)* }),
    };
    let items = s.list_field.map(|i| {
        let slot = ident(&s.fields[i].ident);
        quote! {
            const BARE_ARRAY: bool = true;
            fn items<'de, S: serde::de::SeqAccess<'de>>(&mut self, seq: S) -> Result<bool, S::Error> {
                crate::decode::items(seq, &mut self.#slot)
            }
        }
    });
    let extra = ident(&s.extra);
    let type_name = name.to_string();
    quote! {
        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                crate::decode::object(deserializer)
            }
        }
        impl crate::decode::Object for #name {
            const NAME: &'static str = #type_name;
            const FIELDS: &'static [&'static str] = &[#(#wires),*];
            #[inline]
            fn index(key: &[u8]) -> Option<usize> {
                #lookup
            }
            fn field<'de, A: serde::de::MapAccess<'de>>(&mut self, index: usize, map: &mut A) -> Result<(), A::Error> {
                #body
            }
            fn extra(&mut self) -> &mut crate::Extra {
                &mut self.#extra
            }
            #items
        }
    }
}

/// The body of `Object::index`: the position of a wire name, dispatched on the key's length
/// first; each comparison is then between slices of one known length, which the compiler turns
/// into a few word-sized comparisons (a slice pattern would compare byte by byte).
fn key_lookup<'a>(wires: impl Iterator<Item = &'a str>) -> TokenStream {
    let mut arms: Vec<(usize, TokenStream)> = wires
        .enumerate()
        .map(|(index, wire)| {
            let bytes = proc_macro2::Literal::byte_string(wire.as_bytes());
            let length = wire.len();
            (length, quote!(#length if key == #bytes => Some(#index),))
        })
        .collect();
    arms.sort_by_key(|(length, _)| *length);
    let arms = arms.into_iter().map(|(_, arm)| arm);
    quote! {
        match key.len() {
            #(#arms)*
            _ => None,
        }
    }
}

/// The runtime call that decodes a field of this type (with the widenings of its kind).
fn field_decoder(field: &Field) -> TokenStream {
    let list_of = |kind: &str| {
        let kind = ident(kind);
        quote!(list_of::<crate::decode::#kind, _>)
    };
    match (&field.ty, field.boxed) {
        (_, true) => quote!(plain),
        (TypeRef::Array(_), _) if field.models_in_place => quote!(model_list),
        (TypeRef::Integer, _) => quote!(int),
        (TypeRef::Timestamp, _) => quote!(timestamp),
        (TypeRef::Number, _) => quote!(number),
        (TypeRef::Array(item), _) => match **item {
            TypeRef::Integer => list_of("Int"),
            TypeRef::Timestamp => list_of("Timestamp"),
            TypeRef::Number => list_of("Number"),
            TypeRef::Nullable(_) => quote!(nullable_list),
            _ => quote!(list),
        },
        _ => quote!(plain),
    }
}

/// Ids the spec declares as integers go out as JSON numbers.
fn numeric_id_serializer(field: &Field) -> Option<&'static str> {
    let list = match &field.ty {
        TypeRef::NumericId => false,
        TypeRef::Array(item) if **item == TypeRef::NumericId => true,
        _ => return None,
    };
    Some(match (list, field.optional) {
        (false, false) => "crate::wire::numeric_id::one",
        (false, true) => "crate::wire::numeric_id::option",
        (true, false) => "crate::wire::numeric_id::list",
        (true, true) => "crate::wire::numeric_id::option_list",
    })
}

/// How a request body is built: `new(required...)` (constant fields are set, optional ones start
/// empty) and a chainable setter per optional field. Response-only types get a constructor
/// only when some field is required.
fn construction(name: &proc_macro2::Ident, s: &Struct, request: bool) -> TokenStream {
    let mut args = Vec::new();
    let mut inits = Vec::new();
    for field in &s.fields {
        let ident = ident(&field.ident);
        if field.optional {
            inits.push(quote!(#ident: None));
        } else if field.fixed {
            inits.push(quote!(#ident: Default::default()));
        } else {
            let (arg_ty, into) = argument(&field.ty, Scope::Models);
            args.push(quote!(#ident: #arg_ty));
            inits.push(initialiser(field, &ident, into));
        }
    }
    let extra = ident(&s.extra);
    let constructor = if s.default && !request {
        quote!()
    } else {
        let doc = if args.is_empty() {
            format!(" An empty `{name}`; set its fields with the methods below.")
        } else {
            format!(" A `{name}` with its required fields; optional fields start empty.")
        };
        // Clippy's limit is seven arguments; a few request bodies have more required fields.
        let allow = (args.len() > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
        quote! {
            #[doc = #doc]
            #allow
            pub fn new(#(#args),*) -> Self {
                Self { #(#inits,)* #extra: crate::Extra::new() }
            }
        }
    };
    let setters = s
        .fields
        .iter()
        .filter(|f| request && f.optional && !f.fixed)
        .map(setter);
    quote! {
        impl #name {
            #constructor
            #(#setters)*
        }
    }
}

/// `field: value` for a constructor argument (boxed or converted as the field needs).
fn initialiser(field: &Field, name: &proc_macro2::Ident, into: bool) -> TokenStream {
    if field.boxed {
        let value = if into {
            quote!(#name.into())
        } else {
            quote!(#name)
        };
        quote!(#name: Box::new(#value))
    } else {
        init(name, into)
    }
}

/// `From` each branch's type for a union, so that `.into()` builds it; a type that two
/// branches share (or plain JSON, which the catch-all holds) gets none. A text branch also
/// converts from `&str`.
fn union_conversions<'a>(
    name: &proc_macro2::Ident,
    variants: impl Iterator<Item = (&'a str, &'a TypeRef)> + Clone,
) -> TokenStream {
    let impls = variants.clone().filter_map(|(variant, ty)| {
        let shared = variants.clone().filter(|(_, other)| *other == ty).count() > 1;
        let own = ty.named() == Some(name.to_string().as_str()) && !matches!(ty, TypeRef::Array(_));
        if shared || own || matches!(ty, TypeRef::Json) {
            return None;
        }
        let variant = ident(variant);
        let payload = type_of(ty, Scope::Models);
        let text = matches!(ty, TypeRef::String).then(|| {
            quote! {
                impl From<&str> for #name {
                    fn from(value: &str) -> Self {
                        Self::#variant(value.to_owned())
                    }
                }
            }
        });
        Some(quote! {
            impl From<#payload> for #name {
                fn from(value: #payload) -> Self {
                    Self::#variant(value)
                }
            }
            #text
        })
    });
    quote!(#(#impls)*)
}

/// A chainable setter for an optional field: `.email("a@b.c")`.
fn setter(field: &Field) -> TokenStream {
    let name = ident(&field.ident);
    // A field called `new` would shadow the constructor.
    let method = if field.ident == "new" {
        ident("with_new")
    } else {
        name.clone()
    };
    let (arg_ty, into) = argument(&field.ty, Scope::Models);
    let value = match (into, field.boxed) {
        (true, true) => quote!(Box::new(value.into())),
        (true, false) => quote!(value.into()),
        (false, true) => quote!(Box::new(value)),
        (false, false) => quote!(value),
    };
    let doc = format!(" Sets `{}`.", field.wire);
    quote! {
        #[doc = #doc]
        pub fn #method(mut self, value: #arg_ty) -> Self {
            self.#name = Some(#value);
            self
        }
    }
}

fn string_enum(doc: &TokenStream, name: &proc_macro2::Ident, e: &StringEnum) -> TokenStream {
    let unknown = ident(&e.unknown);
    // A single known value is the natural default (constant `type` fields).
    let single = e.variants.len() == 1;
    let variants = e.variants.iter().map(|v| {
        let ident = ident(&v.ident);
        let doc = format!(" `{}`", v.value);
        let default = if single { quote!(#[default]) } else { quote!() };
        quote!(#[doc = #doc] #default #ident,)
    });
    let derive_default = if single { quote!(Default,) } else { quote!() };
    let to_str = e.variants.iter().map(|v| {
        let (ident, value) = (ident(&v.ident), &v.value);
        quote!(Self::#ident => #value,)
    });
    let from_str = e.variants.iter().map(|v| {
        let (ident, value) = (ident(&v.ident), &v.value);
        quote!(#value => Self::#ident,)
    });
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, #derive_default)]
        pub enum #name {
            #(#variants)*
            /// A value this version of the SDK does not know, kept as sent.
            #unknown(String),
        }
        impl #name {
            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#to_str)*
                    Self::#unknown(value) => value,
                }
            }
        }
        impl From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #(#from_str)*
                    other => Self::#unknown(other.to_owned()),
                }
            }
        }
        crate::wire::impl_string_enum!(#name);
    }
}

fn tagged(doc: &TokenStream, name: &proc_macro2::Ident, u: &TaggedUnion) -> TokenStream {
    let unknown = ident(&u.unknown);
    let property = &u.property;
    let variants = u.variants.iter().map(|v| {
        let ident = ident(&v.ident);
        let ty = type_of(&v.ty, Scope::Models);
        let tags: Vec<String> = v.tags.iter().map(|t| format!("`{t}`")).collect();
        let doc = format!(" `{property}` is {}.", tags.join(" or "));
        quote!(#[doc = #doc] #ident(#ty),)
    });
    let arms = u.variants.iter().map(|v| {
        let ident = ident(&v.ident);
        let tags = &v.tags;
        quote!(Some(#(#tags)|*) => crate::decode::branch::<_, D::Error>(&value)?.map(Self::#ident),)
    });
    let unknown_doc = format!(" Any other `{property}`, kept as sent.");
    let conversions = union_conversions(name, u.variants.iter().map(|v| (v.ident.as_str(), &v.ty)));
    quote! {
        #doc
        // The variants are Intercom objects of any size; boxing the large ones would make every
        // match on them noisier.
        #[allow(clippy::large_enum_variant)]
        #[derive(Debug, Clone, PartialEq, Serialize)]
        #[serde(untagged)]
        pub enum #name {
            #(#variants)*
            #[doc = #unknown_doc]
            #unknown(serde_json::Value),
        }
        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = <serde_json::Value as serde::Deserialize>::deserialize(deserializer)?;
                let branch = match crate::decode::tag(&value, #property) {
                    #(#arms)*
                    _ => None,
                };
                Ok(branch.unwrap_or(Self::#unknown(value)))
            }
        }
        #conversions
    }
}

fn untagged(doc: &TokenStream, name: &proc_macro2::Ident, u: &UntaggedUnion) -> TokenStream {
    let other = ident(&u.other);
    let variants = u.variants.iter().map(|v| {
        let ident = ident(&v.ident);
        let ty = type_of(&v.ty, Scope::Models);
        let doc = format!(" The `{}` form.", v.ident);
        quote!(#[doc = #doc] #ident(#ty),)
    });
    let attempts = u.variants.iter().map(|v| {
        let ident = ident(&v.ident);
        quote! {
            if let Some(branch) = crate::decode::fits(&value) {
                return Ok(Self::#ident(branch));
            }
        }
    });
    let conversions = union_conversions(name, u.variants.iter().map(|v| (v.ident.as_str(), &v.ty)));
    let object_branch = u.object_branch.map(|i| {
        let ident = ident(&u.variants[i].ident);
        quote! {
            if let Some(branch) = crate::decode::object_branch(&value) {
                return Ok(Self::#ident(branch));
            }
        }
    });
    quote! {
        #doc
        #[doc = ""]
        #[doc = " Variants are tried in order; a value matching none is kept in the last one."]
        #[allow(clippy::large_enum_variant)]
        #[derive(Debug, Clone, PartialEq, Serialize)]
        #[serde(untagged)]
        pub enum #name {
            #(#variants)*
            /// A value matching no other variant, kept as sent.
            #other(serde_json::Value),
        }
        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = <serde_json::Value as serde::Deserialize>::deserialize(deserializer)?;
                #(#attempts)*
                #object_branch
                Ok(Self::#other(value))
            }
        }
        #conversions
    }
}
