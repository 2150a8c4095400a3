//! The one error type of every call, and the errors of building a client.
//!
//! No error, `Display` or `Debug` of this module holds a password, token,
//! card number, CVC or wallet token: requests are never echoed (a problem
//! names the field, never its value); what came from the network (body and
//! message) is kept only after every secret the request carried has been
//! masked as `***`, in case a proxy's error page or a message echoes the
//! request; and `Display` shows a bounded prefix of a body.

use std::fmt;
use std::time::Duration;

use bereke_types::{ErrorCode, InvalidRequest};
use reqwest::StatusCode;

/// How many characters of a body `Display` and `Debug` show.
const BODY_PREVIEW_CHARS: usize = 200;
/// How many characters of a gateway message `Display` shows.
pub(crate) const MESSAGE_CHARS: usize = 500;

/// Why a call failed.
///
/// Every kind says whether the request may have reached the gateway
/// ([`Error::may_have_been_sent`]): a call that can move money and failed
/// after it may have been sent must be checked with
/// `getOrderStatusExtended` before it is repeated.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The request breaks a rule of the spec (or the client has no wallet
    /// merchant for a wallet call); it was not sent.
    #[error("{endpoint}: request not sent: {problem}")]
    InvalidRequest {
        /// The endpoint's path (`rest/register.do`).
        endpoint: &'static str,
        /// The field and what is wrong with it (never its value).
        problem: InvalidRequest,
    },
    /// No complete answer within the client's timeout.
    #[error("{endpoint}: no answer within {timeout:?}; {}", sent_note(*.may_have_been_sent))]
    Timeout {
        /// The endpoint's path.
        endpoint: &'static str,
        /// The timeout of one attempt.
        timeout: Duration,
        /// Whether the request may have reached the gateway (false when the
        /// connection itself could not be opened in time).
        may_have_been_sent: bool,
        /// The HTTP client's error.
        #[source]
        source: HttpError,
    },
    /// The connection failed, or broke before the whole answer came.
    #[error("{endpoint}: {}; {}", transport_note(.source), sent_note(*.may_have_been_sent))]
    Transport {
        /// The endpoint's path.
        endpoint: &'static str,
        /// Whether the request may have reached the gateway (false when the
        /// TCP connection or the TLS handshake failed).
        may_have_been_sent: bool,
        /// The HTTP client's error.
        #[source]
        source: HttpError,
    },
    /// An HTTP status other than 200 (the gateway answers 200 even to its own
    /// errors, so this is a proxy, an outage, or a wrong base URL).
    #[error(transparent)]
    Status(StatusError),
    /// The body is not what the endpoint answers (not JSON, empty, cut short,
    /// or a field of the wrong type).
    #[error(transparent)]
    Decode(DecodeError),
    /// The gateway's own error: a non-zero `errorCode`, or `success: false`
    /// from a wallet endpoint.
    #[error(transparent)]
    Gateway(GatewayError),
    /// A payment answer would send the customer's browser to an address
    /// that is not `http(s)` ([`crate::payment::UnsafeUrl`]). The payment
    /// may have been processed: ask the order's status.
    #[error("{endpoint}: {source}")]
    UnsafeUrl {
        /// The endpoint's path.
        endpoint: &'static str,
        /// The field and the address.
        #[source]
        source: crate::payment::UnsafeUrl,
    },
    /// An answer without an error lacks a field the gateway sends on
    /// success: what a response's `success()` view returns, for `?` (the
    /// response stays with the caller).
    #[error(transparent)]
    Incomplete(#[from] bereke_types::MissingFields),
}

impl Error {
    /// The path of the endpoint called (`rest/register.do`).
    pub fn endpoint(&self) -> &'static str {
        match self {
            Error::InvalidRequest { endpoint, .. }
            | Error::Timeout { endpoint, .. }
            | Error::Transport { endpoint, .. }
            | Error::UnsafeUrl { endpoint, .. } => endpoint,
            Error::Status(e) => e.endpoint,
            Error::Decode(e) => e.endpoint,
            Error::Gateway(e) => e.endpoint,
            Error::Incomplete(e) => e.endpoint(),
        }
    }

    /// Whether the request may have reached the gateway. When it may have,
    /// a call that moves money may have done so: check the order's status
    /// before repeating it.
    pub fn may_have_been_sent(&self) -> bool {
        match self {
            Error::InvalidRequest { .. } => false,
            Error::Timeout {
                may_have_been_sent, ..
            }
            | Error::Transport {
                may_have_been_sent, ..
            } => *may_have_been_sent,
            Error::Status(_)
            | Error::Decode(_)
            | Error::Gateway(_)
            | Error::UnsafeUrl { .. }
            | Error::Incomplete(_) => true,
        }
    }

    /// Whether the call timed out.
    pub fn is_timeout(&self) -> bool {
        matches!(self, Error::Timeout { .. })
    }

    /// The gateway's own error, if that is what this is.
    pub fn gateway(&self) -> Option<&GatewayError> {
        match self {
            Error::Gateway(e) => Some(e),
            _ => None,
        }
    }

    /// The gateway's error code as the endpoint's code enumeration
    /// (`RegisterErrorCode`, …); a code the spec does not know comes back as
    /// its `Unknown(code)` value. `None` unless this is a gateway error with
    /// a code.
    ///
    /// ```
    /// # fn check(err: &bereke::Error) {
    /// use bereke::models::RegisterErrorCode;
    /// if err.gateway_code::<RegisterErrorCode>() == Some(RegisterErrorCode::from_code(1)) {
    ///     // an order with this number already exists
    /// }
    /// # }
    /// ```
    pub fn gateway_code<C: ErrorCode>(&self) -> Option<C> {
        self.gateway().and_then(GatewayError::code_as)
    }

    /// The HTTP status of the answer, when one came.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Status(e) => Some(e.status),
            Error::Decode(e) => Some(e.status),
            Error::Gateway(_) => Some(StatusCode::OK),
            _ => None,
        }
    }

    /// The raw body of the answer, when one came.
    pub fn body(&self) -> Option<&str> {
        match self {
            Error::Status(e) => Some(&e.body),
            Error::Decode(e) => Some(&e.body),
            Error::Gateway(e) => Some(&e.body),
            _ => None,
        }
    }
}

/// An answer with an HTTP status other than 200.
#[derive(Clone, thiserror::Error)]
#[error("{endpoint}: HTTP status {status}; body: {}", Preview(.body))]
pub struct StatusError {
    pub(crate) endpoint: &'static str,
    pub(crate) status: StatusCode,
    pub(crate) body: String,
}

impl StatusError {
    /// The path of the endpoint called.
    pub fn endpoint(&self) -> &'static str {
        self.endpoint
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The whole body, as received (invalid UTF-8 replaced).
    pub fn body(&self) -> &str {
        &self.body
    }
}

impl fmt::Debug for StatusError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StatusError")
            .field("endpoint", &self.endpoint)
            .field("status", &self.status)
            .field("body", &Preview(&self.body))
            .finish()
    }
}

/// A body that does not decode into the endpoint's response.
#[derive(Clone, thiserror::Error)]
#[error(
    "{endpoint}: undecodable answer (HTTP {status}){}: {message}; body: {}",
    PathNote(.path),
    Preview(.body)
)]
pub struct DecodeError {
    pub(crate) endpoint: &'static str,
    pub(crate) status: StatusCode,
    pub(crate) path: String,
    pub(crate) message: String,
    pub(crate) body: String,
}

impl DecodeError {
    /// The path of the endpoint called.
    pub fn endpoint(&self) -> &'static str {
        self.endpoint
    }

    /// The HTTP status (200 when the gateway sent, say, an HTML page with 200).
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// Where in the body decoding failed, as a path of field names and
    /// indexes (`paymentAmountInfo.approvedAmount`, `bindings[0].bindingId`);
    /// `.` for the body as a whole.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// What was wrong there.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The whole body, as received (invalid UTF-8 replaced).
    pub fn body(&self) -> &str {
        &self.body
    }
}

impl fmt::Debug for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DecodeError")
            .field("endpoint", &self.endpoint)
            .field("status", &self.status)
            .field("path", &self.path)
            .field("message", &self.message)
            .field("body", &Preview(&self.body))
            .finish()
    }
}

/// The gateway's own error: the code (with the endpoint's meaning) and the
/// message as the gateway sent it.
#[derive(Clone, thiserror::Error)]
#[error(
    "{endpoint}: gateway error {}: {}",
    CodeNote(*.code, *.known),
    MessageNote(.message.as_deref())
)]
pub struct GatewayError {
    pub(crate) endpoint: &'static str,
    pub(crate) code: Option<i64>,
    pub(crate) known: bool,
    pub(crate) message: Option<String>,
    pub(crate) body: String,
}

impl GatewayError {
    /// The path of the endpoint called.
    pub fn endpoint(&self) -> &'static str {
        self.endpoint
    }

    /// The numeric code as sent; `None` when the gateway reported a failure
    /// without one (a wallet `success: false` without an `error` block).
    pub fn code(&self) -> Option<i64> {
        self.code
    }

    /// The code as the endpoint's code enumeration, e.g.
    /// `err.code_as::<RefundErrorCode>()`; unknown codes are kept as
    /// `Unknown(code)`.
    pub fn code_as<C: ErrorCode>(&self) -> Option<C> {
        self.code.map(C::from_code)
    }

    /// Whether the spec knows the code for this endpoint.
    pub fn is_known_code(&self) -> bool {
        self.known
    }

    /// The message exactly as the gateway sent it (in the request's language).
    pub fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }

    /// The whole body of the answer.
    pub fn body(&self) -> &str {
        &self.body
    }
}

impl fmt::Debug for GatewayError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("GatewayError")
            .field("endpoint", &self.endpoint)
            .field("code", &self.code)
            .field("known", &self.known)
            .field("message", &self.message.as_deref().map(Bounded))
            .field("body", &Preview(&self.body))
            .finish()
    }
}

/// Why a client could not be built.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum BuildError {
    /// No base URL: call `base_url` or `environment`.
    #[error("no base URL: set ClientBuilder::base_url or ClientBuilder::environment")]
    MissingBaseUrl,
    /// The base URL cannot be used (the URL itself is not repeated: it could
    /// hold a password).
    #[error("invalid base URL: {reason}")]
    InvalidBaseUrl {
        /// What is wrong with it.
        reason: String,
    },
    /// A plain `http` base URL for a host other than a loopback address.
    #[error(
        "the base URL uses plain http for a host that is not a loopback address: \
         use https, or ClientBuilder::allow_insecure_http(true) for a sandbox you trust"
    )]
    InsecureBaseUrl,
    /// No credentials: call `credentials`.
    #[error("no credentials: set ClientBuilder::credentials")]
    MissingCredentials,
    /// The credentials cannot be sent.
    #[error("invalid credentials: {reason}")]
    InvalidCredentials {
        /// What is wrong with them (never their value).
        reason: &'static str,
    },
    /// Another setting is out of range.
    #[error("invalid setting `{setting}`: {reason}")]
    InvalidSetting {
        /// The builder method.
        setting: &'static str,
        /// What is wrong.
        reason: &'static str,
    },
    /// The HTTP client could not be created (e.g. no TLS backend).
    #[error("the HTTP client could not be created")]
    HttpClient(#[source] HttpError),
    /// TLS could not be set up (e.g. no root certificates on the system:
    /// install them, on Debian the `ca-certificates` package).
    #[error("TLS could not be set up")]
    Tls(#[source] rustls::Error),
}

fn sent_note(may_have_been_sent: bool) -> &'static str {
    if may_have_been_sent {
        "the request may have reached the gateway: check the order's status before repeating it"
    } else {
        "the request was not sent"
    }
}

fn transport_note(error: &HttpError) -> &'static str {
    let error = &error.0;
    if error.is_connect() {
        "could not connect to the gateway"
    } else if error.is_body() || error.is_decode() {
        "the connection broke while the answer was read"
    } else if error.is_builder() {
        "the HTTP request could not be built"
    } else {
        "the connection failed before an answer came"
    }
}

/// An error of the HTTP client under the client, behind
/// [`Error::Timeout`], [`Error::Transport`] and [`BuildError::HttpClient`].
///
/// Opaque so that the HTTP client can change without changing this API:
/// its `Display` and its [`source`](std::error::Error::source) chain carry
/// the details (the I/O or TLS error). The request's URL is left out of
/// it: the [`Error`] names the endpoint.
pub struct HttpError(reqwest::Error);

impl HttpError {
    pub(crate) fn new(error: reqwest::Error) -> Self {
        HttpError(error.without_url())
    }

    /// Whether the TCP connection or the TLS handshake failed, so that no
    /// byte of the request was written.
    pub fn is_connect(&self) -> bool {
        self.0.is_connect()
    }

    /// Whether the error is a timeout.
    pub fn is_timeout(&self) -> bool {
        self.0.is_timeout()
    }
}

impl fmt::Display for HttpError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl fmt::Debug for HttpError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.0, f)
    }
}

impl std::error::Error for HttpError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        std::error::Error::source(&self.0)
    }
}

/// A bounded, escaped prefix of a body.
struct Preview<'a>(&'a str);

impl fmt::Display for Preview<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            return f.write_str("(empty)");
        }
        let (prefix, cut) = bounded(self.0, BODY_PREVIEW_CHARS);
        write!(f, "{prefix:?}")?;
        if cut {
            write!(f, " … ({} bytes in all)", self.0.len())?;
        }
        Ok(())
    }
}

impl fmt::Debug for Preview<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// A message shown up to [`MESSAGE_CHARS`] characters.
struct Bounded<'a>(&'a str);

impl fmt::Debug for Bounded<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (prefix, cut) = bounded(self.0, MESSAGE_CHARS);
        write!(f, "{prefix:?}")?;
        if cut {
            f.write_str("…")?;
        }
        Ok(())
    }
}

struct MessageNote<'a>(Option<&'a str>);

impl fmt::Display for MessageNote<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            None | Some("") => f.write_str("(no message)"),
            Some(message) => {
                let (prefix, cut) = bounded(message, MESSAGE_CHARS);
                // Control characters could forge log lines.
                for c in prefix.chars() {
                    if c.is_control() {
                        write!(f, "{}", c.escape_default())?;
                    } else {
                        fmt::Write::write_char(f, c)?;
                    }
                }
                if cut {
                    f.write_str("…")?;
                }
                Ok(())
            }
        }
    }
}

struct CodeNote(Option<i64>, bool);

impl fmt::Display for CodeNote {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CodeNote(Some(code), true) => write!(f, "{code}"),
            CodeNote(Some(code), false) => write!(f, "{code} (a code the spec does not list)"),
            CodeNote(None, _) => f.write_str("without a code"),
        }
    }
}

struct PathNote<'a>(&'a str);

impl fmt::Display for PathNote<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            "" | "." => Ok(()),
            path => write!(f, " at `{path}`"),
        }
    }
}

/// The first `max` characters of `text`, and whether it was cut.
pub(crate) fn bounded(text: &str, max: usize) -> (&str, bool) {
    match text.char_indices().nth(max) {
        Some((end, _)) => (&text[..end], true),
        None => (text, false),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gateway(code: Option<i64>, known: bool, message: Option<&str>) -> GatewayError {
        GatewayError {
            endpoint: "rest/register.do",
            code,
            known,
            message: message.map(str::to_owned),
            body: "{}".into(),
        }
    }

    #[test]
    fn gateway_display_shows_code_and_message() {
        let e = gateway(Some(1), true, Some("Order number is duplicated"));
        assert_eq!(
            e.to_string(),
            "rest/register.do: gateway error 1: Order number is duplicated"
        );
        let e = gateway(Some(999), false, Some("x"));
        assert_eq!(
            e.to_string(),
            "rest/register.do: gateway error 999 (a code the spec does not list): x"
        );
        let e = gateway(None, false, None);
        assert_eq!(
            e.to_string(),
            "rest/register.do: gateway error without a code: (no message)"
        );
        let e = gateway(Some(5), true, Some("line\nforged"));
        assert!(e.to_string().ends_with("line\\nforged"));
    }

    #[test]
    fn bodies_are_bounded() {
        let body = "é".repeat(10_000);
        let e = DecodeError {
            endpoint: "rest/deposit.do",
            status: StatusCode::OK,
            path: ".".into(),
            message: "expected value at line 1 column 1".into(),
            body: body.clone(),
        };
        let shown = e.to_string();
        assert!(shown.len() < 1_000, "{shown}");
        assert!(shown.contains("20000 bytes in all"));
        assert!(format!("{e:?}").len() < 1_000);
        assert_eq!(e.body(), body);
        assert!(!shown.contains(" at `"));
    }

    #[test]
    fn bounded_cuts_on_char_boundaries() {
        assert_eq!(bounded("aéb", 2), ("aé", true));
        assert_eq!(bounded("aé", 2), ("aé", false));
        assert_eq!(bounded("", 2), ("", false));
    }
}
