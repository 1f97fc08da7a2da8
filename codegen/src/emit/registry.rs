//! The tests' type registry: for each operation, the Rust type of its request body and of each
//! JSON response, so that tests can decode the spec's own examples into the real SDK types.
use proc_macro2::TokenStream;
use quote::quote;

use super::tokens::{type_of, Scope};
use crate::ir::Api;

/// Tokens of `tests/src/generated/registry.rs`.
pub fn module(api: &Api) -> TokenStream {
    let mut response_arms = Vec::new();
    let mut response_round_trips = Vec::new();
    let mut request_arms = Vec::new();
    for op in api.resources.values().flat_map(|r| &r.operations) {
        let id = &op.id;
        for (status, ty) in &op.responses {
            let ty = type_of(ty, Scope::Resources);
            response_arms.push(quote!((#id, #status) => Some(decode::<#ty>(value)),));
            response_round_trips.push(quote!((#id, #status) => Some(round_trip::<#ty>(value)),));
        }
        if let Some(body) = &op.body {
            let ty = type_of(body, Scope::Resources);
            request_arms.push(quote!(#id => Some(round_trip::<#ty>(value)),));
        }
    }
    let enums: Vec<_> = api
        .types
        .values()
        .filter(|t| matches!(t.kind, crate::ir::TypeKind::Enum(_)))
        .map(|t| {
            let name = &t.name;
            let ty = super::tokens::ident(name);
            quote!(#name => Some(round_trip::<models::#ty>(value)),)
        })
        .collect();
    let enum_names: Vec<&String> = api
        .types
        .values()
        .filter(|t| matches!(t.kind, crate::ir::TypeKind::Enum(_)))
        .map(|t| &t.name)
        .collect();
    quote! {
        //! Which SDK type decodes which operation's bodies (operation ids as in the patched spec).
        use intercom_api::models;

        use crate::{decode, round_trip};

        /// Decode a response body of `operation` with `status` into its SDK type. `None` when the
        /// spec declares no JSON schema for it.
        pub fn decode_response(operation: &str, status: u16, value: serde_json::Value) -> Option<Result<(), String>> {
            match (operation, status) {
                #(#response_arms)*
                _ => None,
            }
        }

        /// Decode a response body of `operation` with `status` into its SDK type and encode it
        /// again.
        pub fn round_trip_response(operation: &str, status: u16, value: serde_json::Value) -> Option<Result<serde_json::Value, String>> {
            match (operation, status) {
                #(#response_round_trips)*
                _ => None,
            }
        }

        /// Every string enum of the SDK.
        pub const ENUMS: &[&str] = &[#(#enum_names),*];

        /// Decode `value` as the enum `name` and encode it again.
        pub fn round_trip_enum(name: &str, value: serde_json::Value) -> Option<Result<serde_json::Value, String>> {
            match name {
                #(#enums)*
                _ => None,
            }
        }

        /// Decode a request body of `operation` into its SDK type and encode it again. `None` when
        /// the operation takes no body.
        pub fn round_trip_request(operation: &str, value: serde_json::Value) -> Option<Result<serde_json::Value, String>> {
            match operation {
                #(#request_arms)*
                _ => None,
            }
        }
    }
}
