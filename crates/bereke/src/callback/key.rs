//! The key a callback's checksum is verified with.

use std::fmt;

#[cfg(feature = "rsa")]
use rsa::{
    pkcs1::{self, DecodeRsaPublicKey},
    pkcs1v15::{Signature, VerifyingKey},
    pkcs8::{spki, DecodePublicKey, SubjectPublicKeyInfoRef},
    signature::Verifier,
    traits::PublicKeyParts,
    PublicKey,
};
#[cfg(feature = "rsa")]
use sha2::Sha512;
use subtle::ConstantTimeEq;
#[cfg(feature = "rsa")]
use x509_cert::{
    der::{Decode, DecodePem, Encode},
    Certificate,
};
use zeroize::Zeroizing;

use super::checksum::{decode_hex, hmac_sha256, is_hex};
#[cfg(feature = "rsa")]
use super::error::truncate_for_error;
use super::error::{CallbackError, CallbackKeyError, KeyKind};

/// Hex digits of an HMAC-SHA256 checksum.
const HMAC_HEX_LEN: usize = 64;

/// RSA keys shorter than this are refused: they can be factored, and then
/// anyone can forge a callback.
const MIN_RSA_BITS: usize = 1024;

#[cfg(feature = "rsa")]
/// RSA keys shorter than this are accepted with a warning (1024-bit keys are
/// below today's recommendations, but banks still issue them).
const WARN_RSA_BITS: usize = 2048;

/// The key that proves a callback came from the gateway.
///
/// Either the merchant's shared secret ([`CallbackKey::hmac_sha256`]) or the
/// bank's RSA public key, given as a public key or as an X.509 certificate.
/// Which one a merchant has is set up by the bank. HMAC is always there;
/// the RSA constructors (`rsa_public_key_pem`, `rsa_public_key_der`,
/// `x509_certificate_pem`, `x509_certificate_der`) need the crate's `rsa`
/// feature, off by default because it builds the rsa and x509-cert crates:
/// a merchant whose bank signs callbacks with its RSA key (it gives you a
/// certificate or a public key, not a secret) enables it,
/// `bereke = { version = "0.1", features = ["rsa"] }`.
///
/// RSA keys of fewer than 1024 bits are refused; 1024-bit keys are accepted
/// with a `tracing` warning (below today's recommendations, but the gateway
/// vendor's own example certificate has one and a bank's may too).
///
/// `Debug` prints the kind of key only, never the secret.
#[derive(Clone)]
pub struct CallbackKey {
    inner: Inner,
}

#[derive(Clone)]
enum Inner {
    // Zeroized on drop so the secret does not linger in freed memory.
    Hmac(Zeroizing<Vec<u8>>),
    #[cfg(feature = "rsa")]
    Rsa(VerifyingKey<Sha512>),
}

impl CallbackKey {
    /// The merchant's shared secret for HMAC-SHA256 checksums, as the bank
    /// issued it (its bytes are the HMAC key; it is not hex-decoded).
    ///
    /// # Errors
    ///
    /// [`CallbackKeyError::EmptySecret`] when the secret is empty or only
    /// white space: HMAC accepts such a key, and anyone could then sign a
    /// callback (a missing environment variable would otherwise go unseen).
    pub fn hmac_sha256(secret: impl AsRef<[u8]>) -> Result<Self, CallbackKeyError> {
        let secret = secret.as_ref();
        if secret.trim_ascii().is_empty() {
            return Err(CallbackKeyError::EmptySecret);
        }
        Ok(Self {
            inner: Inner::Hmac(Zeroizing::new(secret.to_vec())),
        })
    }

    #[cfg(feature = "rsa")]
    /// The bank's RSA public key in PEM: `-----BEGIN PUBLIC KEY-----`
    /// (SubjectPublicKeyInfo) or `-----BEGIN RSA PUBLIC KEY-----` (PKCS#1).
    pub fn rsa_public_key_pem(pem: &str) -> Result<Self, CallbackKeyError> {
        let pem = pem.trim();
        let key = match pem_label(pem)? {
            "PUBLIC KEY" => PublicKey::from_public_key_pem(pem)
                .map_err(|e| too_small_or(ModulusBits::from_public_key_pem(pem), e))?,
            "RSA PUBLIC KEY" => PublicKey::from_pkcs1_pem(pem)
                .map_err(|e| too_small_or(ModulusBits::from_pkcs1_pem(pem), e))?,
            other => {
                return Err(CallbackKeyError::WrongPemLabel {
                    expected: "PUBLIC KEY or RSA PUBLIC KEY",
                    found: truncate_for_error(other),
                })
            }
        };
        Self::rsa(key)
    }

    #[cfg(feature = "rsa")]
    /// The bank's RSA public key as DER-encoded SubjectPublicKeyInfo.
    pub fn rsa_public_key_der(der: &[u8]) -> Result<Self, CallbackKeyError> {
        Self::rsa(
            PublicKey::from_public_key_der(der)
                .map_err(|e| too_small_or(ModulusBits::from_public_key_der(der), e))?,
        )
    }

    #[cfg(feature = "rsa")]
    /// The bank's X.509 certificate in PEM (`-----BEGIN CERTIFICATE-----`).
    ///
    /// Only the public key is used: the certificate's dates and issuer are
    /// not checked, so an expired certificate still verifies callbacks.
    pub fn x509_certificate_pem(pem: &str) -> Result<Self, CallbackKeyError> {
        let pem = pem.trim();
        match pem_label(pem)? {
            "CERTIFICATE" => {}
            other => {
                return Err(CallbackKeyError::WrongPemLabel {
                    expected: "CERTIFICATE",
                    found: truncate_for_error(other),
                })
            }
        }
        Self::from_certificate(Certificate::from_pem(pem).map_err(bad_certificate)?)
    }

    #[cfg(feature = "rsa")]
    /// The bank's X.509 certificate in DER.
    ///
    /// Only the public key is used: the certificate's dates and issuer are
    /// not checked, so an expired certificate still verifies callbacks.
    pub fn x509_certificate_der(der: &[u8]) -> Result<Self, CallbackKeyError> {
        Self::from_certificate(Certificate::from_der(der).map_err(bad_certificate)?)
    }

    /// Which kind of key this is.
    pub fn kind(&self) -> KeyKind {
        match self.inner {
            Inner::Hmac(_) => KeyKind::HmacSha256,
            #[cfg(feature = "rsa")]
            Inner::Rsa(_) => KeyKind::RsaSha512,
        }
    }

    #[cfg(feature = "rsa")]
    fn from_certificate(cert: Certificate) -> Result<Self, CallbackKeyError> {
        let spki = cert
            .tbs_certificate()
            .subject_public_key_info()
            .to_der()
            .map_err(bad_certificate)?;
        Self::rsa_public_key_der(&spki)
    }

    #[cfg(feature = "rsa")]
    fn rsa(key: PublicKey) -> Result<Self, CallbackKeyError> {
        let bits = key.n().bit_width() as usize;
        if bits < MIN_RSA_BITS {
            return Err(CallbackKeyError::KeyTooSmall {
                bits,
                minimum: MIN_RSA_BITS,
            });
        }
        if bits < WARN_RSA_BITS {
            // Accepted: the vendor's own example certificate has a 1024-bit
            // key and a bank's may too; refusing it would leave the merchant
            // with no way to verify at all.
            tracing::warn!(
                bits,
                "the bank's callback key has fewer than {WARN_RSA_BITS} bits; \
                 ask the bank for a longer key"
            );
        }
        Ok(Self {
            inner: Inner::Rsa(VerifyingKey::new(key)),
        })
    }

    /// Checks `checksum` (hex, either case) against the text it should cover.
    pub(crate) fn verify(&self, payload: &str, checksum: &str) -> Result<(), CallbackError> {
        if !is_hex(checksum) {
            return Err(CallbackError::ChecksumNotHex);
        }
        let len = checksum.len();
        match &self.inner {
            Inner::Hmac(secret) => {
                if len != HMAC_HEX_LEN {
                    // Long enough to be an RSA signature: say so, it is the
                    // likely misconfiguration.
                    return Err(if len >= MIN_RSA_BITS / 4 {
                        CallbackError::WrongKeyKind {
                            key: KeyKind::HmacSha256,
                            checksum_len: len,
                        }
                    } else {
                        CallbackError::ChecksumLength {
                            expected: HMAC_HEX_LEN,
                            actual: len,
                        }
                    });
                }
                let received = decode_hex(checksum).ok_or(CallbackError::ChecksumNotHex)?;
                let expected = hmac_sha256(secret, payload.as_bytes());
                // Constant time: a timing difference would let an attacker
                // learn the right checksum one byte at a time.
                if bool::from(expected.as_slice().ct_eq(&received)) {
                    Ok(())
                } else {
                    Err(CallbackError::ChecksumMismatch)
                }
            }
            #[cfg(feature = "rsa")]
            Inner::Rsa(key) => {
                let expected_len = 2 * key.as_ref().size();
                // A signature is a number below the modulus: printed without
                // its leading zeros (as Java's `BigInteger.toString(16)`
                // does) it is the same signature, so it is padded back.
                let padded;
                let checksum = if len < expected_len && len > expected_len / 2 {
                    padded = format!("{checksum:0>expected_len$}");
                    padded.as_str()
                } else {
                    checksum
                };
                let len = checksum.len();
                if len != expected_len {
                    return Err(if len == HMAC_HEX_LEN {
                        CallbackError::WrongKeyKind {
                            key: KeyKind::RsaSha512,
                            checksum_len: len,
                        }
                    } else {
                        CallbackError::ChecksumLength {
                            expected: expected_len,
                            actual: len,
                        }
                    });
                }
                let received = decode_hex(checksum).ok_or(CallbackError::ChecksumNotHex)?;
                let signature = Signature::try_from(received.as_slice())
                    .map_err(|_| CallbackError::ChecksumMismatch)?;
                key.verify(payload.as_bytes(), &signature)
                    .map_err(|_| CallbackError::ChecksumMismatch)
            }
        }
    }
}

impl fmt::Debug for CallbackKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.inner {
            Inner::Hmac(_) => f
                .debug_struct("CallbackKey")
                .field("kind", &KeyKind::HmacSha256)
                .field("secret", &format_args!("***"))
                .finish(),
            #[cfg(feature = "rsa")]
            Inner::Rsa(key) => f
                .debug_struct("CallbackKey")
                .field("kind", &KeyKind::RsaSha512)
                .field("bits", &key.as_ref().n().bit_width())
                .finish(),
        }
    }
}

#[cfg(feature = "rsa")]
/// The label of a PEM document (`PUBLIC KEY`, `CERTIFICATE`, …).
fn pem_label(pem: &str) -> Result<&str, CallbackKeyError> {
    x509_cert::der::pem::decode_label(pem.as_bytes()).map_err(|e| CallbackKeyError::Pem {
        reason: e.to_string(),
    })
}

#[cfg(feature = "rsa")]
fn not_rsa(e: impl fmt::Display) -> CallbackKeyError {
    CallbackKeyError::NotRsa {
        reason: e.to_string(),
    }
}

#[cfg(feature = "rsa")]
fn bad_certificate(e: impl fmt::Display) -> CallbackKeyError {
    CallbackKeyError::Certificate {
        reason: e.to_string(),
    }
}

#[cfg(feature = "rsa")]
/// The length in bits of an RSA key's modulus, read from its encoding
/// without rsa's limits: rsa refuses a modulus under 1024 bits as
/// "malformed", which would hide why the key is refused.
struct ModulusBits(usize);

#[cfg(feature = "rsa")]
impl DecodeRsaPublicKey for ModulusBits {
    fn from_pkcs1_der(der: &[u8]) -> pkcs1::Result<Self> {
        let key = pkcs1::RsaPublicKeyRef::from_der(der)?;
        // The bytes of a DER integer, leading zeros stripped.
        let n = key.modulus.as_bytes();
        Ok(Self(n.first().map_or(0, |top| {
            n.len() * 8 - top.leading_zeros() as usize
        })))
    }
}

#[cfg(feature = "rsa")]
impl TryFrom<SubjectPublicKeyInfoRef<'_>> for ModulusBits {
    type Error = spki::Error;

    fn try_from(info: SubjectPublicKeyInfoRef<'_>) -> spki::Result<Self> {
        if info.algorithm.oid != pkcs1::ALGORITHM_OID {
            return Err(spki::Error::OidUnknown {
                oid: info.algorithm.oid,
            });
        }
        let der = info
            .subject_public_key
            .as_bytes()
            .ok_or(spki::Error::KeyMalformed)?;
        Self::from_pkcs1_der(der).map_err(|_| spki::Error::KeyMalformed)
    }
}

#[cfg(feature = "rsa")]
/// The error for an RSA key rsa refused: too small when its modulus is
/// shorter than [`MIN_RSA_BITS`], else what rsa said.
fn too_small_or<E>(bits: Result<ModulusBits, E>, error: impl fmt::Display) -> CallbackKeyError {
    match bits {
        Ok(ModulusBits(bits)) if bits < MIN_RSA_BITS => CallbackKeyError::KeyTooSmall {
            bits,
            minimum: MIN_RSA_BITS,
        },
        _ => not_rsa(error),
    }
}
