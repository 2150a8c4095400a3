//! The gateway's callback checksum: the text it covers and its HMAC-SHA256
//! signature, as the gateway computes them.
//!
//! The format belongs to the protocol, not to one side of it: the merchant's
//! client (`bereke::callback`) checks checksums with it, and the sandbox
//! gateway signs its callbacks with it, so both always agree on one
//! definition.

use ring::hmac;

/// Parameters the checksum never covers: the checksum itself, and the name of
/// the key (which says nothing about the algorithm and is not signed).
const UNSIGNED: [&str; 2] = ["checksum", "sign_alias"];

/// Whether a parameter is covered by the checksum.
pub fn is_signed(name: &str) -> bool {
    !UNSIGNED.contains(&name)
}

/// Builds the text the checksum covers: every parameter except `checksum`
/// and `sign_alias`, sorted by name in byte order (case-sensitive), written
/// as `name;value;` one after another.
///
/// Values are the decoded values. Parameters with the same name (which a
/// parsed callback never has) keep their relative order.
///
/// The gateway's format does not escape `;`, so `{a: "1;b;2"}` and
/// `{a: "1", b: "2"}` give the same text: do not let a customer choose a
/// parameter value that the gateway echoes back in a callback.
///
/// ```
/// let text = bereke_types::checksum::checksum_payload([
///     ("status", "1"),
///     ("mdOrder", "06cf5599"),
///     ("sign_alias", "SHA-256 with RSA"),
///     ("checksum", "AB12"),
/// ]);
/// assert_eq!(text, "mdOrder;06cf5599;status;1;");
/// ```
pub fn checksum_payload<I, K, V>(params: I) -> String
where
    I: IntoIterator<Item = (K, V)>,
    K: AsRef<str>,
    V: AsRef<str>,
{
    let mut signed: Vec<(K, V)> = params
        .into_iter()
        .filter(|(name, _)| is_signed(name.as_ref()))
        .collect();
    // A stable sort by the raw bytes: exactly the gateway's order.
    signed.sort_by(|(a, _), (b, _)| a.as_ref().as_bytes().cmp(b.as_ref().as_bytes()));
    let len = signed
        .iter()
        .map(|(n, v)| n.as_ref().len() + v.as_ref().len() + 2)
        .sum();
    let mut text = String::with_capacity(len);
    for (name, value) in &signed {
        text.push_str(name.as_ref());
        text.push(';');
        text.push_str(value.as_ref());
        text.push(';');
    }
    text
}

/// Computes the HMAC-SHA256 checksum of a set of parameters, as upper-case
/// hex: what the gateway puts in `checksum` when it signs with the merchant's
/// secret. `checksum` and `sign_alias` among `params` are ignored.
///
/// ```
/// let checksum = bereke_types::checksum::sign_hmac_sha256(
///     "ooc7slpvc61k7sf7ma7p4hrefr",
///     [
///         ("mdOrder", "06cf5599-3f17-7c86-bdbc-bd7d00a8b38b"),
///         ("operation", "approved"),
///         ("orderNumber", "2003"),
///         ("status", "1"),
///     ],
/// );
/// assert_eq!(checksum, "EAF2FB72CAB99FD5067F4BA493DD84F4D79C1589FDE8ED29622F0F07215AA972");
/// ```
pub fn sign_hmac_sha256<S, I, K, V>(secret: S, params: I) -> String
where
    S: AsRef<[u8]>,
    I: IntoIterator<Item = (K, V)>,
    K: AsRef<str>,
    V: AsRef<str>,
{
    let payload = checksum_payload(params);
    hex::encode_upper(hmac_sha256(secret.as_ref(), payload.as_bytes()))
}

/// HMAC-SHA256 of `message` under `secret`, a key of any length (HMAC hashes
/// a long key and pads a short one).
///
/// ring computes it: its HMAC is already in every client's build, under the
/// TLS stack, where the `hmac` and `sha2` crates would build a second one.
pub fn hmac_sha256(secret: &[u8], message: &[u8]) -> [u8; 32] {
    let tag = hmac::sign(&hmac::Key::new(hmac::HMAC_SHA256, secret), message);
    let mut digest = [0; 32];
    // A SHA-256 tag is always 32 bytes.
    digest.copy_from_slice(tag.as_ref());
    digest
}

#[cfg(test)]
mod tests {
    use super::hmac_sha256;

    /// RFC 4231's HMAC-SHA256 vectors: a short key, and a key longer than the
    /// hash's block, which HMAC hashes first (a merchant's secret may be
    /// either).
    #[test]
    fn hmac_sha256_matches_rfc_4231() {
        assert_eq!(
            hex::encode(hmac_sha256(b"Jefe", b"what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
        assert_eq!(
            hex::encode(hmac_sha256(
                &[0xaa; 131],
                b"Test Using Larger Than Block-Size Key - Hash Key First"
            )),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"
        );
    }
}
