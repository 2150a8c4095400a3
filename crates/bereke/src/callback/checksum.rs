//! Checking a callback's checksum: the text it covers and HMAC signing come
//! from the protocol's definition in [`bereke_types::checksum`].

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

pub use bereke_types::checksum::{checksum_payload, is_signed, sign_hmac_sha256};

/// HMAC-SHA256 of `message`. `None` only if the key were refused, which
/// HMAC never does (it hashes or pads a key of any length).
pub(crate) fn hmac_sha256(secret: &[u8], message: &[u8]) -> Option<[u8; 32]> {
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(secret).ok()?;
    mac.update(message);
    Some(mac.finalize().into_bytes().into())
}

/// Decodes a checksum's hex digits (either case) after checking them.
pub(crate) fn decode_hex(checksum: &str) -> Option<Vec<u8>> {
    hex::decode(checksum).ok()
}

/// Whether every character is a hex digit (either case).
pub(crate) fn is_hex(checksum: &str) -> bool {
    checksum.bytes().all(|b| b.is_ascii_hexdigit())
}
