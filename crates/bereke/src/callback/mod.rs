//! Callback notifications: parse and verify what the gateway sends.
//!
//! The gateway tells the merchant about a payment's outcome by calling the
//! merchant's URL with `GET` and a query string, or `POST` and a form, e.g.
//! `mdOrder=…&orderNumber=2003&operation=deposited&status=1&checksum=…`.
//! Anyone can call that URL, so a callback is believed only once its
//! `checksum` has been verified with the merchant's [`CallbackKey`]:
//!
//! ```
//! use bereke::callback::{Callback, CallbackKey, CallbackOperation};
//!
//! let key = CallbackKey::hmac_sha256("ooc7slpvc61k7sf7ma7p4hrefr")?;
//! let callback = Callback::from_query(
//!     "?mdOrder=06cf5599-3f17-7c86-bdbc-bd7d00a8b38b&orderNumber=2003\
//!      &checksum=EAF2FB72CAB99FD5067F4BA493DD84F4D79C1589FDE8ED29622F0F07215AA972\
//!      &operation=approved&status=1",
//! )?;
//! callback.verify(&key)?;
//! assert_eq!(callback.operation(), Some(&CallbackOperation::Approved));
//! assert_eq!(callback.status(), Some(&bereke::callback::CallbackStatus::Success));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! In a web handler, [`CallbackVerifier::verify_request`] does the parsing
//! and the verification from the request's method, query and body.
//!
//! The bank decides how callbacks are signed: HMAC-SHA256 with a secret it
//! shares with the merchant (always available), or RSA with SHA-512, checked
//! with the bank's certificate or public key. The RSA keys need this
//! crate's **`rsa` feature**, off by default (it builds the rsa and
//! x509-cert crates): `bereke = { version = "0.1", features = ["rsa"] }`.
//!
//! Parsing keeps every parameter as received, in order and case-sensitively
//! (`mdOrder` and `mdorder` are different parameters), and refuses a
//! callback in which a name appears twice ([`CallbackError::DuplicateParameter`]):
//! the checksum would not say which of the two values it covers.
//!
//! A verified callback proves what the gateway said, not that the merchant
//! has seen it only once: the gateway retries until it gets HTTP 200, so
//! handle the same callback arriving again. When unsure, ask
//! `getOrderStatusExtended.do`.

mod builder;
mod checksum;
mod error;
mod key;
mod operation;
mod parse;
mod verifier;

use std::collections::HashSet;

pub use builder::CallbackBuilder;
pub use checksum::{checksum_payload, sign_hmac_sha256};
pub use error::{CallbackError, CallbackKeyError, KeyKind, ParamPart};
pub use key::CallbackKey;
pub use operation::{CallbackOperation, CallbackStatus};
pub use verifier::CallbackVerifier;

/// Parameters a verified callback must have: which order, what happened,
/// and whether it succeeded.
const REQUIRED: [&str; 3] = ["mdOrder", "operation", "status"];

/// Names of the parameters with their own accessors on [`Callback`]: the
/// spec's callback parameters.
const WELL_KNOWN: &[&str] = bereke_types::CALLBACK_PARAMS;

/// A callback notification from the gateway, parsed but not yet trusted.
///
/// Holds every parameter as received (decoded, in order, names
/// case-sensitive and unique), with typed accessors for the well-known ones.
/// Call [`Callback::verify`] before acting on it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Callback {
    params: Vec<(String, String)>,
    operation: Option<CallbackOperation>,
    status: Option<CallbackStatus>,
}

impl Callback {
    /// Parses a callback's query string, with or without the leading `?`.
    ///
    /// `+` is a space, `%XX` a byte, and the decoded bytes must be UTF-8.
    ///
    /// # Errors
    ///
    /// [`CallbackError::InvalidPercentEncoding`], [`CallbackError::InvalidUtf8`]
    /// or [`CallbackError::DuplicateParameter`].
    pub fn from_query(query: &str) -> Result<Self, CallbackError> {
        let query = query.strip_prefix('?').unwrap_or(query);
        Self::from_decoded(parse::parse_urlencoded(query.as_bytes())?)
    }

    /// Parses a callback's `application/x-www-form-urlencoded` body.
    ///
    /// # Errors
    ///
    /// As [`Callback::from_query`].
    pub fn from_form(body: &[u8]) -> Result<Self, CallbackError> {
        Self::from_decoded(parse::parse_urlencoded(body)?)
    }

    /// Builds a callback from parameters that are already decoded (for
    /// example by a web framework), in the order received.
    ///
    /// # Errors
    ///
    /// [`CallbackError::DuplicateParameter`] if a name appears twice.
    pub fn from_params<I, K, V>(params: I) -> Result<Self, CallbackError>
    where
        I: IntoIterator<Item = (K, V)>,
        K: Into<String>,
        V: Into<String>,
    {
        Self::from_decoded(
            params
                .into_iter()
                .map(|(name, value)| (name.into(), value.into()))
                .collect(),
        )
    }

    /// Starts building a callback, e.g. for a sandbox gateway that signs its
    /// callbacks, or for tests.
    pub fn builder() -> CallbackBuilder {
        CallbackBuilder::default()
    }

    fn from_decoded(params: Vec<(String, String)>) -> Result<Self, CallbackError> {
        let mut seen = HashSet::with_capacity(params.len());
        if let Some((name, _)) = params.iter().find(|(name, _)| !seen.insert(name.as_str())) {
            return Err(CallbackError::DuplicateParameter {
                name: error::truncate_for_error(name),
            });
        }
        Ok(Self::from_unique(params))
    }

    /// `params` must have unique names.
    pub(crate) fn from_unique(params: Vec<(String, String)>) -> Self {
        let find = |wanted: &str| {
            params
                .iter()
                .find(|(name, _)| name == wanted)
                .map(|(_, value)| value.as_str())
        };
        let operation = find("operation").map(CallbackOperation::from);
        let status = find("status").and_then(operation::parse_status);
        Self {
            params,
            operation,
            status,
        }
    }

    /// The value of a parameter, by exact (case-sensitive) name.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, value)| value.as_str())
    }

    /// `mdOrder`: the gateway's order id.
    pub fn md_order(&self) -> Option<&str> {
        self.get("mdOrder")
    }

    /// `orderNumber`: the merchant's order number.
    pub fn order_number(&self) -> Option<&str> {
        self.get("orderNumber")
    }

    /// `operation`: the event the callback reports.
    pub fn operation(&self) -> Option<&CallbackOperation> {
        self.operation.as_ref()
    }

    /// `status`: whether that operation succeeded.
    pub fn status(&self) -> Option<&CallbackStatus> {
        self.status.as_ref()
    }

    /// `checksum`: the hex checksum, absent from an unsigned callback.
    pub fn checksum(&self) -> Option<&str> {
        self.get("checksum")
    }

    /// `sign_alias`: the name of the key the bank signed with (not covered
    /// by the checksum, and not a reliable name of the algorithm).
    pub fn sign_alias(&self) -> Option<&str> {
        self.get("sign_alias")
    }

    /// Every parameter, decoded, in the order received.
    pub fn params(&self) -> impl ExactSizeIterator<Item = (&str, &str)> + '_ {
        self.params.iter().map(|(n, v)| (n.as_str(), v.as_str()))
    }

    /// The parameters other than `mdOrder`, `orderNumber`, `operation`,
    /// `status` and `checksum` (e.g. `amount`, `bindingId`, `sign_alias`), in order.
    pub fn other_params(&self) -> impl Iterator<Item = (&str, &str)> + '_ {
        self.params().filter(|(name, _)| !WELL_KNOWN.contains(name))
    }

    /// Consumes the callback, giving back its parameters in order.
    pub fn into_params(self) -> Vec<(String, String)> {
        self.params
    }

    /// The text the checksum covers (see [`checksum_payload`]); useful when
    /// a verification fails and you need to see why.
    pub fn checksum_payload(&self) -> String {
        checksum_payload(self.params())
    }

    /// Checks the `checksum` parameter with `key`, and that the callback
    /// says which order (`mdOrder`), what happened (`operation`) and whether
    /// it succeeded (`status`).
    ///
    /// A callback in which a signed name or value contains `;` is refused
    /// ([`CallbackError::AmbiguousParameter`]) even when its checksum
    /// matches: the gateway signs `name;value;…` without escaping, so such
    /// parameters can be regrouped under the same checksum into a callback
    /// the gateway never sent (for example a customer-chosen `clientId` of
    /// `x;mdOrder;<another order>;operation;deposited;status;1`). The gateway
    /// does not put `;` in its own values, and the client refuses it in the
    /// request fields that come back in callbacks (`orderNumber`,
    /// `clientId`).
    ///
    /// # Errors
    ///
    /// [`CallbackError::MissingChecksum`], [`CallbackError::AmbiguousParameter`],
    /// [`CallbackError::ChecksumNotHex`], [`CallbackError::ChecksumLength`],
    /// [`CallbackError::WrongKeyKind`], [`CallbackError::ChecksumMismatch`]
    /// or [`CallbackError::MissingParameter`].
    pub fn verify(&self, key: &CallbackKey) -> Result<(), CallbackError> {
        let checksum = self.checksum().ok_or(CallbackError::MissingChecksum)?;
        // Without a `;` in any signed name or value, the checksum text has
        // exactly one reading as `name;value;` pairs.
        for (name, value) in self.params().filter(|(name, _)| checksum::is_signed(name)) {
            let part = if name.contains(';') {
                ParamPart::Name
            } else if value.contains(';') {
                ParamPart::Value
            } else {
                continue;
            };
            return Err(CallbackError::AmbiguousParameter {
                name: error::truncate_for_error(name),
                part,
            });
        }
        key.verify(&self.checksum_payload(), checksum)?;
        for name in REQUIRED {
            if self.get(name).is_none() {
                return Err(CallbackError::MissingParameter { name });
            }
        }
        Ok(())
    }

    /// The callback as a query string (without `?`), parameters in order,
    /// form-encoded as the gateway sends them; also a valid form body.
    pub fn to_query(&self) -> String {
        form_urlencoded::Serializer::new(String::new())
            .extend_pairs(self.params())
            .finish()
    }
}
