//! Typed async client for the [Intercom REST API](https://developers.intercom.com/docs/references/rest-api/api.intercom.io).
//!
//! The crate has two halves:
//! - a hand-written runtime, in the crate `intercom-runtime` and re-exported here: the
//!   transport, auth, regions, API version, retries, rate limits and timeouts behind
//!   [`Client`], [`Error`], [`Response`], pagination streams, [`search`] queries, [`multipart`]
//!   forms, [`decode`] (field-by-field decoding) and downloads; it compiles once, whatever
//!   resources are on. The [`webhooks`], [`identity`] and [`oauth`] features are hand-written
//!   here;
//! - generated code (`cargo xtask codegen`): [`models`] (one type per Intercom object) and
//!   [`resources`] (one handler per API resource, one method per operation).
//!
//! # Cargo features
//!
//! | Feature | What it compiles |
//! | --- | --- |
//! | one per resource: `contacts`, `conversations`, `data-export`, ... (the resource's module name in kebab case) | its handler (`client.contacts()`), its operations, and exactly the models they reach |
//! | `full` | every resource feature, `webhooks`, `identity` and `oauth` |
//! | `webhooks` | [`webhooks`], and the models a notification decodes into (`Contact`, `Conversation`, ...) |
//! | `identity` | [`identity`]: Messenger Security JWTs and `user_hash` |
//! | `oauth` | [`oauth`]: the OAuth flow of public apps |
//! | `rustls` | TLS through rustls with the *ring* provider, installed as the process default by [`ClientBuilder::build`] when none is (see `install_rustls_provider`) |
//! | `rustls-aws-lc` | TLS through rustls with the aws-lc-rs provider (C code, built with cmake) |
//! | `native-tls` | the platform's TLS (OpenSSL on Linux), sent through reqwest; takes precedence over rustls when both are on |
//!
//! The defaults are `full` and `rustls`. An app that calls a few resources compiles much less
//! with `default-features = false, features = ["contacts", "rustls"]`. A model used by several
//! resources comes with any of their features; [`Client::request`] still reaches any endpoint.
//! Without a TLS feature the client speaks plain HTTP only (`http://` base URLs, such as a
//! local mock server); an `https://` request then fails.
//!
//! The guide below is the project's README: set-up, a quick start, and each feature.
//!
#![doc = include_str!("../../README.md")]
#![warn(missing_docs)]

mod client;
#[cfg(feature = "identity")]
pub mod identity;
#[cfg(feature = "oauth")]
pub mod oauth;
#[cfg(feature = "webhooks")]
pub mod webhooks;

// Written by `cargo xtask codegen`; formatted by the generator, not by rustfmt.
#[rustfmt::skip]
mod generated;

pub use client::{Client, ClientBuilder};
pub use generated::{models, resources, API_VERSION};
// The runtime (crate `intercom-runtime`), with the paths the generated code and apps use.
#[cfg(feature = "rustls")]
pub use intercom_runtime::install_rustls_provider;
#[doc(hidden)]
pub use intercom_runtime::Exchange;
pub use intercom_runtime::{decode, multipart, pagination, search, wire};
pub use intercom_runtime::{
    path_segment, ApiError, ApiErrorItem, Avatar, AvatarImage, CallOptions, CustomAttributes,
    DecodeError, Download, Engine, Error, Extra, Id, Method, NextPage, ObjectType, PageCursor,
    Pending, RateLimit, Region, Request, RequestOptions, Response, Result, RetryPolicy, StatusCode,
};

/// The usual imports: `use intercom_api::prelude::*;` brings the client, per-call options,
/// pagination streams and the stream combinators needed to consume them.
pub mod prelude {
    pub use crate::pagination::PaginateExt;
    pub use crate::{CallOptions, Client, Region};
    pub use futures_util::{StreamExt, TryStreamExt};
}
