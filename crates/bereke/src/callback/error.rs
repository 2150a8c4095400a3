//! Why a callback or a callback key was rejected.
//!
//! No variant carries key material: an HMAC secret never reaches an error,
//! and parameter names are cut short so that a hostile request cannot make
//! an error message (and so a log line) arbitrarily long.

use std::fmt;

/// The kind of key a checksum is verified with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum KeyKind {
    /// The merchant's shared secret: HMAC-SHA256, 64 hex digits.
    HmacSha256,
    /// The bank's public key: RSA PKCS#1 v1.5 with SHA-512, as many hex digits
    /// as twice the modulus length in bytes (512 for a 2048-bit key).
    RsaSha512,
}

impl fmt::Display for KeyKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::HmacSha256 => "an HMAC-SHA256 secret",
            Self::RsaSha512 => "an RSA public key (SHA-512)",
        })
    }
}

/// Where in the input a malformed parameter was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ParamPart {
    /// The parameter's name (before `=`).
    Name,
    /// The parameter's value (after `=`).
    Value,
}

impl fmt::Display for ParamPart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Name => "name",
            Self::Value => "value",
        })
    }
}

/// Why a callback was rejected: it could not be parsed, its request was not
/// a callback request, or its checksum does not prove that the gateway sent it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CallbackError {
    /// A `%` not followed by two hex digits.
    #[error("parameter #{index} has invalid percent-encoding in its {part}")]
    InvalidPercentEncoding {
        /// Zero-based position of the parameter in the input.
        index: usize,
        /// Whether the name or the value is malformed.
        part: ParamPart,
    },
    /// The percent-decoded bytes are not UTF-8. The checksum covers the exact
    /// text, so a lossy replacement would make an honest callback fail later
    /// with a confusing mismatch; rejecting here says what is wrong.
    #[error("parameter #{index} is not valid UTF-8 in its {part} after percent-decoding")]
    InvalidUtf8 {
        /// Zero-based position of the parameter in the input.
        index: usize,
        /// Whether the name or the value is malformed.
        part: ParamPart,
    },
    /// A parameter name appears more than once, which makes the checksum
    /// ambiguous. Detected when the callback is parsed.
    #[error("parameter `{name}` appears more than once; the checksum would be ambiguous")]
    DuplicateParameter {
        /// The repeated name (cut to 64 characters).
        name: String,
    },
    /// The callback has no `checksum` parameter, so nothing proves where it came from.
    #[error("the callback has no checksum")]
    MissingChecksum,
    /// The checksum contains a character that is not a hex digit.
    #[error("the checksum is not hexadecimal")]
    ChecksumNotHex,
    /// The checksum has the wrong number of hex digits for the key.
    #[error("the checksum has {actual} hex digits; the key expects {expected}")]
    ChecksumLength {
        /// Hex digits a checksum made with this key has.
        expected: usize,
        /// Hex digits received.
        actual: usize,
    },
    /// The checksum's length fits the other kind of key: the callback was
    /// signed with an RSA key and verified with an HMAC secret, or the reverse.
    /// (RSA keys need the crate's `rsa` feature, which is off by default.)
    #[error("the checksum has {checksum_len} hex digits, which does not fit {key}; is the callback signed with the other kind of key? (RSA keys: `CallbackKey::x509_certificate_pem` and the others, with bereke's `rsa` feature)")]
    WrongKeyKind {
        /// The kind of key verification was attempted with.
        key: KeyKind,
        /// Hex digits received.
        checksum_len: usize,
    },
    /// The checksum is well-formed but does not match the parameters.
    #[error("the checksum does not match the callback's parameters")]
    ChecksumMismatch,
    /// A signed parameter's name or value contains `;`. The checksum covers
    /// `name;value;` joined without escaping, so such a callback's
    /// parameters can be regrouped (a value swallowing the next parameters,
    /// or a customer-chosen value carrying `;mdOrder;…;status;1`) without
    /// changing the checksum: it cannot prove what the gateway said.
    #[error("parameter `{name}` has a `;` in its {part}; the checksum cannot tell how its parameters were grouped")]
    AmbiguousParameter {
        /// The parameter's name (cut to 64 characters).
        name: String,
        /// Whether the name or the value holds the `;`.
        part: ParamPart,
    },
    /// A verified callback must name its order, its operation and its
    /// status; one without them could be a genuine callback regrouped.
    #[error("the callback has no `{name}`; a callback must name its order, operation and status")]
    MissingParameter {
        /// `mdOrder`, `operation` or `status`.
        name: &'static str,
    },
    /// The request's HTTP method is neither `GET` nor `POST`.
    #[error("callbacks come as GET or POST, not `{method}`")]
    UnsupportedMethod {
        /// The method received (cut to 64 characters).
        method: String,
    },
    /// A `POST` body whose content type is not `application/x-www-form-urlencoded`.
    #[error("a POST callback is a form (application/x-www-form-urlencoded), not `{content_type}`")]
    UnsupportedContentType {
        /// The content type received (cut to 64 characters).
        content_type: String,
    },
}

impl CallbackError {
    /// `true` when the callback was readable but not proven to come from the
    /// gateway (no checksum, a bad checksum, or a key of the wrong kind): the
    /// answer a web handler would give is 403 rather than 400.
    pub fn is_authentication_failure(&self) -> bool {
        matches!(
            self,
            Self::MissingChecksum
                | Self::ChecksumNotHex
                | Self::ChecksumLength { .. }
                | Self::WrongKeyKind { .. }
                | Self::ChecksumMismatch
                | Self::AmbiguousParameter { .. }
        )
    }
}

/// Why a callback key could not be read.
///
/// Only public-key material reaches these errors (never an HMAC secret),
/// and only as a short description of what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CallbackKeyError {
    /// The text is not a PEM document.
    #[error("not a PEM document: {reason}")]
    Pem {
        /// What the PEM decoder reported.
        reason: String,
    },
    /// A PEM document of another kind than the constructor expects.
    #[error("expected a PEM document labelled {expected}, found `{found}`")]
    WrongPemLabel {
        /// The label(s) the constructor accepts.
        expected: &'static str,
        /// The label found (cut to 64 characters).
        found: String,
    },
    /// The certificate could not be decoded.
    #[error("not an X.509 certificate: {reason}")]
    Certificate {
        /// What the certificate decoder reported.
        reason: String,
    },
    /// The key is not an RSA key (e.g. an EC certificate).
    #[error("the key is not an RSA public key: {reason}")]
    NotRsa {
        /// What the key decoder reported.
        reason: String,
    },
    /// The HMAC secret is empty or only white space.
    #[error("the HMAC secret is empty; a callback signed with it would prove nothing")]
    EmptySecret,
    /// The RSA key is too short to protect anything.
    #[error("the RSA key has {bits} bits; at least {minimum} are required")]
    KeyTooSmall {
        /// Size of the key's modulus in bits.
        bits: usize,
        /// The smallest size accepted.
        minimum: usize,
    },
}

/// Cuts untrusted text that goes into an error message to a bounded length.
pub(crate) fn truncate_for_error(text: &str) -> String {
    const MAX_CHARS: usize = 64;
    let mut chars = text.chars();
    let mut out: String = chars.by_ref().take(MAX_CHARS).collect();
    if chars.next().is_some() {
        out.push('…');
    }
    out
}
