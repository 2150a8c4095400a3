//! Checking a callback's checksum: the text it covers and HMAC signing come
//! from the protocol's definition in [`bereke_types::checksum`].

pub use bereke_types::checksum::{checksum_payload, hmac_sha256, is_signed, sign_hmac_sha256};

/// Decodes a checksum's hex digits (either case) after checking them.
pub(crate) fn decode_hex(checksum: &str) -> Option<Vec<u8>> {
    hex::decode(checksum).ok()
}

/// Whether every character is a hex digit (either case).
pub(crate) fn is_hex(checksum: &str) -> bool {
    checksum.bytes().all(|b| b.is_ascii_hexdigit())
}
