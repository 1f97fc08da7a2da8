//! Typed async client for the [Intercom REST API](https://developers.intercom.com/docs/references/rest-api/api.intercom.io).
//!
//! The crate has two halves:
//! - a hand-written runtime: [`Client`] (auth, regions, API version, retries, rate limits,
//!   timeouts), [`Error`], [`Response`], pagination streams, [`search`] queries, [`multipart`]
//!   forms, [`decode`] (field-by-field decoding), downloads, and the [`webhooks`], [`identity`]
//!   and [`oauth`] features;
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
mod custom_attributes;
pub mod decode;
mod download;
mod error;
mod extra;
#[cfg(feature = "identity")]
pub mod identity;
pub mod multipart;
#[cfg(feature = "oauth")]
pub mod oauth;
pub mod pagination;
mod pending;
mod rate_limit;
mod region;
mod request;
mod response;
mod retry;
pub mod search;
mod shapes;
mod transport;
#[cfg(feature = "webhooks")]
pub mod webhooks;
pub mod wire;

// Written by `cargo xtask codegen`; formatted by the generator, not by rustfmt.
#[rustfmt::skip]
mod generated;

#[cfg(feature = "rustls")]
pub use client::install_rustls_provider;
pub use client::{Client, ClientBuilder};
pub use custom_attributes::CustomAttributes;
pub use download::Download;
pub use error::{ApiError, ApiErrorItem, DecodeError, Error};
pub use extra::Extra;
pub use generated::{models, resources, API_VERSION};
pub use http::{Method, StatusCode};
pub use pending::Pending;
pub use rate_limit::RateLimit;
pub use region::Region;
pub use request::{path_segment, CallOptions, Request, RequestOptions};
pub use response::Response;
pub use retry::RetryPolicy;
pub use shapes::{Avatar, AvatarImage, NextPage, PageCursor};
pub use wire::{Id, ObjectType};

/// The usual imports: `use intercom_api::prelude::*;` brings the client, per-call options,
/// pagination streams and the stream combinators needed to consume them.
pub mod prelude {
    pub use crate::pagination::PaginateExt;
    pub use crate::{CallOptions, Client, Region};
    pub use futures_util::{StreamExt, TryStreamExt};
}

/// Result type of every fallible SDK call.
pub type Result<T, E = Error> = std::result::Result<T, E>;
