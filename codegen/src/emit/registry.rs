//! The tests' registry: for each operation, the Rust type of its request body and of each JSON
//! response, and a call that drives the operation's public builder from data (positional
//! arguments, setters, `send`), so that tests can run every operation from
//! `tests/e2e/operations.yaml` and decode the spec's own examples into the real SDK types.
use proc_macro2::TokenStream;
use quote::quote;

use super::tokens::{ident, type_of, Scope};
use crate::ir::{Api, Operation, Resource, ResponseKind, TypeKind};

/// Tokens of `tests/src/generated/registry.rs`.
pub fn module(api: &Api) -> TokenStream {
    let operations: Vec<(&Resource, &Operation)> = api
        .resources
        .values()
        .flat_map(|r| r.operations.iter().map(move |op| (r, op)))
        .collect();
    let decode_arms = operations.iter().flat_map(|(_, op)| {
        let id = &op.id;
        op.responses.iter().map(move |(status, ty)| {
            let ty = type_of(ty, Scope::External);
            quote!((#id, #status) => Some(decode::<#ty>(value)),)
        })
    });
    let lenient_arms = operations.iter().flat_map(|(_, op)| {
        let id = &op.id;
        op.responses.iter().map(move |(status, ty)| {
            let ty = type_of(ty, Scope::External);
            quote!((#id, #status) => Some(lenient::<#ty>(bytes)),)
        })
    });
    let round_trip_arms = operations.iter().flat_map(|(_, op)| {
        let id = &op.id;
        op.responses.iter().map(move |(status, ty)| {
            let ty = type_of(ty, Scope::External);
            quote!((#id, #status) => Some(round_trip::<#ty>(value)),)
        })
    });
    let request_arms = operations
        .iter()
        .filter(|(_, op)| !op.multipart)
        .filter_map(|(_, op)| {
            let (id, ty) = (&op.id, type_of(op.body.as_ref()?, Scope::External));
            Some(quote!(#id => Some(round_trip::<#ty>(value)),))
        });
    let enums: Vec<&String> = api
        .types
        .values()
        .filter(|t| matches!(t.kind, TypeKind::Enum(_)))
        .map(|t| &t.name)
        .collect();
    let enum_arms = enums.iter().map(|name| {
        let ty = ident(name);
        quote!(#name => Some(round_trip::<intercom_api::models::#ty>(value)),)
    });
    let call_arms = operations
        .iter()
        .map(|(resource, op)| call_arm(resource, op));
    let operation_ids = operations.iter().map(|(_, op)| &op.id);
    quote! {
        //! Which SDK type decodes which operation's bodies, and how to call each operation from
        //! data (operation ids as in the patched spec).
        use crate::{argument, decode, finish, finish_download, lenient, round_trip, CallArgs, CallFuture};

        /// Every operation id, in the order the generator lists them.
        pub const OPERATIONS: &[&str] = &[#(#operation_ids),*];

        /// Decode a response body of `operation` with `status` into its SDK type. `None` when the
        /// spec declares no JSON schema for it.
        pub fn decode_response(operation: &str, status: u16, value: serde_json::Value) -> Option<Result<(), String>> {
            match (operation, status) {
                #(#decode_arms)*
                _ => None,
            }
        }

        /// Decode a response body of `operation` with `status` field by field, as the client
        /// does, and encode the value again; with the values that did not fit.
        pub fn lenient_response(operation: &str, status: u16, bytes: &[u8]) -> Option<Result<(serde_json::Value, Vec<intercom_api::decode::Mismatch>), String>> {
            match (operation, status) {
                #(#lenient_arms)*
                _ => None,
            }
        }

        /// Decode a response body of `operation` with `status` into its SDK type and encode it
        /// again.
        pub fn round_trip_response(operation: &str, status: u16, value: serde_json::Value) -> Option<Result<serde_json::Value, String>> {
            match (operation, status) {
                #(#round_trip_arms)*
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

        /// Every string enum of the SDK.
        pub const ENUMS: &[&str] = &[#(#enums),*];

        /// Decode `value` as the enum `name` and encode it again.
        pub fn round_trip_enum(name: &str, value: serde_json::Value) -> Option<Result<serde_json::Value, String>> {
            match name {
                #(#enum_arms)*
                _ => None,
            }
        }

        /// Call `operation` through its public builder with `args`; an error when the id is
        /// unknown or an argument does not fit its parameter's type.
        pub fn call(client: &intercom_api::Client, operation: &str, args: &CallArgs) -> Result<CallFuture, String> {
            Ok(match operation {
                #(#call_arms)*
                _ => return Err(format!("unknown operation {operation}")),
            })
        }
    }
}

fn call_arm(resource: &Resource, op: &Operation) -> TokenStream {
    let id = &op.id;
    if op.multipart {
        // A form's files cannot come from JSON data.
        return quote!(#id => return Err(format!("{operation} takes a multipart form, not JSON data")),);
    }
    let accessor = ident(&resource.accessor);
    let method = ident(&op.method);
    let mut args: Vec<TokenStream> = op
        .positional()
        .into_iter()
        .map(|p| {
            let (wire, ty) = (&p.wire, type_of(&p.ty, Scope::External));
            quote!(argument::<#ty>(args.param(#wire), #wire)?)
        })
        .collect();
    let mut search_body = quote!();
    if op.search.is_some() {
        args.push(quote!(search.query.clone()));
        search_body = quote!(builder = builder.body(search););
    } else if let Some(body) = &op.body {
        let ty = type_of(body, Scope::External);
        args.push(quote!(argument::<#ty>(args.body.as_ref(), "body")?));
    }
    let parse_search = op.search.map(|_| {
        quote!(let search = argument::<intercom_api::search::SearchRequest>(args.body.as_ref(), "body")?;)
    });
    let setters = op
        .query_params
        .iter()
        .chain(&op.header_params)
        .filter(|p| !op.is_positional(p))
        .map(|p| {
            let (wire, setter, ty) = (&p.wire, ident(&p.ident), type_of(&p.ty, Scope::External));
            quote! {
                if let Some(value) = args.param(#wire) {
                    builder = builder.#setter(argument::<#ty>(Some(value), #wire)?);
                }
            }
        });
    let send = match op.response {
        ResponseKind::Download => quote!(finish_download(builder.await).await),
        _ => quote!(finish(builder.send_with_response().await)),
    };
    quote! {
        #id => {
            #parse_search
            #[allow(unused_mut)]
            let mut builder = client.#accessor().#method(#(#args),*);
            #search_body
            #(#setters)*
            let builder = args.apply_options(builder);
            Box::pin(async move { #send })
        }
    }
}
