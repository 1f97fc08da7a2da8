//! The runtime of [`intercom-api`](https://docs.rs/intercom-api): everything the SDK does that
//! does not depend on Intercom's description. Apps use it through `intercom-api`, which
//! re-exports all of it; the items here are documented with the paths an app writes.
//!
//! - [`Engine`] and [`ClientBuilder`]: the transport (hyper over rustls, or reqwest), auth,
//!   regions, the API version header, retries, rate limits and timeouts;
//! - [`Request`] and [`Pending`]: one request and its sending, decoding and error mapping,
//!   written once for every operation;
//! - [`Error`], [`Response`], [`pagination`] streams, [`search`] queries, [`multipart`] forms,
//!   [`decode`] (field-by-field decoding), [`Download`], and the shapes the generated models
//!   share ([`Id`], [`Extra`], [`CustomAttributes`], [`NextPage`], [`Avatar`], ...).
//!
//! It is a crate of its own so that it compiles once, as a dependency, whatever resources the
//! app turns on in `intercom-api`: a change of features recompiles only the generated code.
#![warn(missing_docs)]

mod client;
mod custom_attributes;
pub mod decode;
mod download;
mod error;
mod extra;
pub mod multipart;
#[cfg(feature = "oauth")]
mod oauth_error;
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
pub mod wire;

#[cfg(feature = "rustls")]
pub use client::install_rustls_provider;
pub use client::{ClientBuilder, Engine};
pub use custom_attributes::CustomAttributes;
pub use download::Download;
pub use error::{ApiError, ApiErrorItem, DecodeError, Error};
pub use extra::Extra;
pub use http::{Method, StatusCode};
#[cfg(feature = "oauth")]
pub use oauth_error::OAuthError;
pub use pending::Pending;
pub use rate_limit::RateLimit;
pub use region::Region;
#[doc(hidden)]
pub use request::Exchange;
pub use request::{path_segment, CallOptions, Request, RequestOptions};
pub use response::Response;
pub use retry::RetryPolicy;
pub use shapes::{Avatar, AvatarImage, NextPage, PageCursor};
pub use wire::{Id, ObjectType};

/// Result type of every fallible SDK call.
pub type Result<T, E = Error> = std::result::Result<T, E>;
