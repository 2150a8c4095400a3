//! Random identifiers: order and binding ids (UUID-shaped, as the
//! gateway's), approval codes, reference numbers and one-time tokens.

use base64::Engine as _;

/// `n` random bytes. Falls back to a time- and counter-based mix when the
/// system's random source fails, so an id is always produced.
fn random_bytes<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    if getrandom::fill(&mut bytes).is_err() {
        use std::hash::{BuildHasher, Hasher};
        use std::sync::atomic::{AtomicU64, Ordering};
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let state = std::collections::hash_map::RandomState::new();
        for (i, chunk) in bytes.chunks_mut(8).enumerate() {
            let mut hasher = state.build_hasher();
            hasher.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
            hasher.write_usize(i);
            let nanos = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos())
                .unwrap_or_default();
            hasher.write_u128(nanos);
            let value = hasher.finish().to_le_bytes();
            chunk.copy_from_slice(&value[..chunk.len()]);
        }
    }
    bytes
}

/// A gateway id such as `01491d0b-c848-7dd6-a20d-e96900a7d8c0` (a random
/// version-4 UUID).
pub fn uuid() -> String {
    let mut b = random_bytes::<16>();
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex: String = b.iter().map(|byte| format!("{byte:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

/// `n` random decimal digits.
pub fn digits(n: usize) -> String {
    let mut out = String::with_capacity(n);
    while out.len() < n {
        for byte in random_bytes::<16>() {
            // Reject 250..=255 so every digit is equally likely.
            if byte < 250 && out.len() < n {
                out.push(char::from(b'0' + byte % 10));
            }
        }
    }
    out
}

/// A random opaque token (URL-safe Base64 of 24 random bytes).
pub fn token() -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(random_bytes::<24>())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes() {
        let id = uuid();
        assert_eq!(id.len(), 36);
        assert_eq!(id.matches('-').count(), 4);
        assert_ne!(uuid(), id);
        let d = digits(12);
        assert_eq!(d.len(), 12);
        assert!(d.bytes().all(|b| b.is_ascii_digit()));
        assert!(token().len() >= 32);
    }
}
