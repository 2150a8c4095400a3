//! Models of Bereke Bank's e-commerce payment gateway: one request and one
//! response type per endpoint, the nested blocks, the enumerations and the
//! per-endpoint error codes, generated from the hand-maintained spec.
//!
//! Encoding and decoding need no network: a request serialized with
//! `serde_urlencoded` is the form body the gateway expects, and a response
//! decodes from whatever shape the gateway is known to send.
//!
//! The feature `schema` (off by default) derives `schemars::JsonSchema` for
//! every model and adds the `schema` and `openapi` modules (the documents); the
//! client does not need it, so its users do not compile schemars.

pub mod checksum;
pub mod endpoint;
mod money;
#[cfg(feature = "schema")]
pub mod openapi;
pub mod redact;
pub mod registry;
#[cfg(feature = "schema")]
pub mod schema;
pub mod validate;
pub mod values;
pub mod wire;

#[rustfmt::skip]
mod generated;

pub use endpoint::{
    AuthScheme, ContentType, Endpoint, EndpointInfo, ErrorCode, ErrorMessage, GatewayResponse,
    ReportedError, RetryPolicy,
};
pub use generated::*;
pub use money::{CurrencyInfo, Money, WithSymbol, CURRENCIES};
pub use validate::{InvalidRequest, Validate};
pub use values::{Amount, Currency, EpochMillis, Expiry};
