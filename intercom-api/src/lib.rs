//! Typed async client for the [Intercom REST API](https://developers.intercom.com/docs/references/rest-api/api.intercom.io).
//!
//! The crate has two halves:
//! - a hand-written runtime: [`Client`] (auth, regions, API version, retries, rate limits,
//!   timeouts), [`Error`], [`Response`], pagination streams, [`search`] queries, [`decode`]
//!   (field-by-field decoding), downloads, and the [`webhooks`], [`identity`] and [`oauth`]
//!   features;
//! - generated code (`cargo xtask codegen`): [`models`] (one type per Intercom object) and
//!   [`resources`] (one handler per API resource, one method per operation).
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
pub use pending::Pending;
pub use rate_limit::RateLimit;
pub use region::Region;
pub use request::{path_segment, CallOptions, Request, RequestOptions};
pub use reqwest::StatusCode;
pub use response::Response;
pub use retry::RetryPolicy;
pub use shapes::{Avatar, AvatarImage, NextPage, PageCursor};
pub use wire::Id;

/// The usual imports: `use intercom_api::prelude::*;` brings the client, per-call options,
/// pagination streams and the stream combinators needed to consume them.
pub mod prelude {
    pub use crate::pagination::PaginateExt;
    pub use crate::{CallOptions, Client, Region};
    pub use futures_util::{StreamExt, TryStreamExt};
}

/// Result type of every fallible SDK call.
pub type Result<T, E = Error> = std::result::Result<T, E>;
