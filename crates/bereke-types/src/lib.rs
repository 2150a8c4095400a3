//! Models of Bereke Bank's e-commerce payment gateway: one request and one
//! response type per endpoint, the nested blocks, the enumerations and the
//! per-endpoint error codes, generated from the hand-maintained spec.
//!
//! Encoding and decoding need no network: a request serialized with
//! `serde_urlencoded` is the form body the gateway expects, and a response
//! decodes from whatever shape the gateway is known to send.
//!
//! The feature `schema` (off by default) derives `schemars::JsonSchema` for
//! every model, from which the project's tests build the JSON Schema and
//! OpenAPI documents; the client does not need it, so its users do not
//! compile schemars.

// Every public item is re-exported at the crate root: one path each.
mod builder;
pub mod card;
pub mod checksum;
mod endpoint;
mod money;
mod payment_info;
mod redact;
mod success;
mod unknown;
mod validate;
mod values;
// Used by the generated models and by the client's callback parsing, not
// by users.
#[doc(hidden)]
pub mod wire;

#[rustfmt::skip]
mod generated;

pub use endpoint::{
    AuthScheme, ContentType, Endpoint, EndpointInfo, ErrorCode, ErrorMessage, GatewayResponse,
    NamedErrorMessage, ReportedError, RetryPolicy,
};
pub use generated::*;
pub use money::{CurrencyInfo, Money, WithSymbol, CURRENCIES};
pub use success::MissingFields;
pub use unknown::UnknownValue;
pub use validate::{InvalidRequest, Validate};
pub use values::{Amount, Currency, EpochMillis, Expiry};
