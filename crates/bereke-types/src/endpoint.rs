//! What every endpoint is: its path, content type, authentication, retry
//! safety, and the types of its request, response and error codes.
//!
//! The implementations are generated from the spec; the client crate sends
//! any [`Endpoint`] with one generic routine.

use std::fmt;

use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::validate::Validate;

/// A request of one gateway endpoint.
pub trait Endpoint: Serialize + Validate + fmt::Debug + Send + Sync {
    /// The endpoint's response.
    type Response: DeserializeOwned + GatewayResponse + fmt::Debug + Send;
    /// The endpoint's error codes.
    type ErrorCode: ErrorCode;

    /// Static facts about the endpoint.
    const INFO: EndpointInfo;

    /// Whether sending this very request again is safe after it may have
    /// reached the gateway (always for reads; for a refund only with an
    /// `externalRefundId`, which the gateway deduplicates).
    fn repeat_is_safe(&self) -> bool;

    /// The order this request concerns (gateway id or merchant number), for logs.
    fn order_ref(&self) -> Option<&str>;
}

/// Static facts about an endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EndpointInfo {
    /// Spec name (`Register`).
    pub name: &'static str,
    /// Client method name (`register`).
    pub method: &'static str,
    /// Path under the base URL (`rest/register.do`).
    pub path: &'static str,
    /// How the request body is encoded.
    pub content_type: ContentType,
    /// How credentials are sent.
    pub auth: AuthScheme,
    /// Whether a repeat is safe.
    pub retry: RetryPolicy,
    /// Whether the call may move money.
    pub moves_money: bool,
    /// Wire name of the request's field choosing the answer's language (the
    /// spec's `answer_language: true`), if it has one; the client fills in
    /// its default language there when the request sets none.
    pub language_field: Option<&'static str>,
    /// Wire names of the request's fields that the spec marks sensitive
    /// (card data, wallet tokens): the client scrubs their values from any
    /// answer it keeps, in case something upstream echoes the request.
    pub sensitive: &'static [&'static str],
    /// Only in the gateway vendor's API, not in Bereke's document: the bank
    /// has not promised it, though merchants of the same gateway software
    /// use it.
    pub vendor_only: bool,
    /// English title.
    pub title: &'static str,
}

/// How a request body is encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContentType {
    /// `application/x-www-form-urlencoded` (REST endpoints).
    Form,
    /// `application/json` (wallet endpoints).
    Json,
}

impl ContentType {
    /// The MIME type.
    pub fn mime(self) -> &'static str {
        match self {
            ContentType::Form => "application/x-www-form-urlencoded",
            ContentType::Json => "application/json",
        }
    }
}

/// How the merchant's credentials travel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthScheme {
    /// `userName` + `password`, or `token`, in the form body.
    Rest,
    /// `merchant` (the login) in the JSON body.
    Wallet,
}

/// Whether a call may be repeated after it may have reached the gateway.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RetryPolicy {
    /// A read: always safe.
    Safe,
    /// Never: it may move money twice.
    Never,
    /// Safe when the request carries one of these fields (wire names).
    WhenPresent(&'static [&'static str]),
}

/// An endpoint's error codes: an open enumeration of integers.
pub trait ErrorCode: Clone + fmt::Debug + fmt::Display + PartialEq + Send + Sync + 'static {
    /// The numeric code.
    fn code(&self) -> i64;
    /// The enumeration value for a code; unknown codes are kept.
    fn from_code(code: i64) -> Self;
    /// Whether the spec knows the code.
    fn is_known(&self) -> bool;
    /// Every message the bank's document gives for the code.
    fn messages(&self) -> &'static [ErrorMessage];
    /// Whether the code means "processed without system errors" (0).
    ///
    /// Not the same as "the payment succeeded": see the order status.
    fn is_success(&self) -> bool {
        self.code() == 0
    }
}

/// One message of an error code, in English and in the document's Kazakh,
/// with the other wordings the spec knows gateways to send for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ErrorMessage {
    /// English.
    pub en: &'static str,
    /// The document's original text.
    pub kk: &'static str,
    /// Other wordings of the same message (the Russian other banks'
    /// gateways send, for one): a reader recognises them, nothing sends them.
    pub also: &'static [&'static str],
}

impl ErrorMessage {
    /// Every wording of the message: English, Kazakh, then `also`.
    pub fn wordings(&self) -> impl Iterator<Item = &'static str> {
        [self.en, self.kk]
            .into_iter()
            .chain(self.also.iter().copied())
    }
}

/// A message of an endpoint's error table by name (`RegisterErrorMessage`),
/// generated from the spec with its code and text, so that code refers to a
/// message by name rather than by its place in the table.
pub trait NamedErrorMessage: Copy + fmt::Debug + PartialEq + Send + Sync + 'static {
    /// The endpoint (its request) whose table holds the message.
    type Endpoint: Endpoint;
    /// The code the message comes with.
    fn code(self) -> <Self::Endpoint as Endpoint>::ErrorCode;
    /// The text, in English and in the document's Kazakh.
    fn text(self) -> ErrorMessage;
}

/// The gateway's own error, as a response reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportedError<'a> {
    /// The numeric code; `None` when the gateway said "failed" without one.
    pub code: Option<i64>,
    /// The message as sent.
    pub message: Option<&'a str>,
}

/// A response that may report the gateway's own error.
pub trait GatewayResponse {
    /// The error the response reports, if any. A response with code 0 or
    /// `success: true` reports none (which does not mean a payment succeeded).
    fn reported_error(&self) -> Option<ReportedError<'_>>;
}
