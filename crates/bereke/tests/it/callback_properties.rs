//! Property tests: any change to a signed callback breaks its checksum, and
//! nothing the checksum does not cover (`sign_alias`, hex case, order) matters.
//!
//! Generated names and values never contain `;`: the gateway's format joins
//! `name;value;` without escaping, so a `;` inside a value can pose as a
//! parameter boundary (see `the_format_does_not_escape_semicolons` in
//! `callback.rs`). That is a property of the gateway's scheme, not of this code.

use crate::callback_support;

use bereke::callback::{Callback, CallbackError, CallbackKey};
use callback_support::{query, rsa_sign, FIXTURE_CERT_PEM, HMAC_SECRET};
use proptest::prelude::*;
use proptest::sample::Index;

type Params = Vec<(String, String)>;

fn name() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => "[A-Za-z_][A-Za-z0-9_]{0,15}",
        1 => "[^;]{0,12}",
    ]
    .prop_filter("checksum and sign_alias are not signed", |n| {
        n != "checksum" && n != "sign_alias"
    })
}

fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => "[A-Za-z0-9 +%&=.:/@-]{0,24}",
        1 => "[^;]{0,24}",
    ]
}

/// Unique names, in random order, always with the parameters a verified
/// callback must have (`mdOrder`, `operation`, `status`).
fn params() -> impl Strategy<Value = Params> {
    (
        prop::collection::btree_map(name(), value(), 0..8),
        value(),
        value(),
        value(),
    )
        .prop_map(|(mut map, md_order, operation, status)| {
            map.insert("mdOrder".into(), md_order);
            map.insert("operation".into(), operation);
            map.insert("status".into(), status);
            map.into_iter().collect::<Vec<_>>()
        })
        .prop_shuffle()
}

/// A secret HMAC accepts as a key: not blank.
fn secret() -> impl Strategy<Value = String> {
    "\\PC{1,40}".prop_filter("a blank secret is refused", |s| !s.trim().is_empty())
}

fn hmac_key() -> CallbackKey {
    CallbackKey::hmac_sha256(HMAC_SECRET).expect("the vector's secret is a key")
}

fn sign(params: &Params, secret: &str) -> Params {
    let callback = params
        .iter()
        .fold(Callback::builder(), |b, (n, v)| b.param(n, v))
        .sign_hmac_sha256(secret);
    callback.into_params()
}

fn verify(params: &Params, key: &CallbackKey) -> Result<(), CallbackError> {
    Callback::from_query(&query(params))?.verify(key)
}

fn checksum_index(params: &Params) -> usize {
    params
        .iter()
        .position(|(n, _)| n == "checksum")
        .expect("signed callbacks have a checksum")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn sign_then_verify_succeeds(params in params(), secret in secret()) {
        let signed = sign(&params, &secret);
        let key = CallbackKey::hmac_sha256(&secret).unwrap();
        prop_assert_eq!(verify(&signed, &key), Ok(()));
        let form = Callback::from_form(query(&signed).as_bytes()).unwrap();
        prop_assert_eq!(form.verify(&key), Ok(()));
        // Parsing gives back exactly what was signed.
        prop_assert_eq!(Callback::from_query(&query(&signed)).unwrap().into_params(), signed);
    }

    #[test]
    fn order_does_not_matter(params in params(), seed in any::<u64>()) {
        let mut signed = sign(&params, HMAC_SECRET);
        // A cheap deterministic shuffle of the signed list (checksum included).
        let len = signed.len();
        for i in (1..len).rev() {
            let j = (seed.wrapping_mul(i as u64 + 7).rotate_left(i as u32) % (i as u64 + 1)) as usize;
            signed.swap(i, j);
        }
        prop_assert_eq!(verify(&signed, &hmac_key()), Ok(()));
    }

    #[test]
    fn changing_a_value_fails(params in params(), at in any::<Index>(), new in value()) {
        prop_assume!(!params.is_empty());
        let mut signed = sign(&params, HMAC_SECRET);
        // The checksum comes last, so this is a signed parameter.
        let i = at.index(params.len());
        prop_assume!(signed[i].1 != new);
        signed[i].1 = new;
        prop_assert_eq!(verify(&signed, &hmac_key()), Err(CallbackError::ChecksumMismatch));
    }

    #[test]
    fn changing_a_name_fails(params in params(), at in any::<Index>(), new in name()) {
        prop_assume!(!params.is_empty());
        prop_assume!(params.iter().all(|(n, _)| *n != new));
        let mut signed = sign(&params, HMAC_SECRET);
        let i = at.index(params.len());
        signed[i].0 = new;
        prop_assert_eq!(verify(&signed, &hmac_key()), Err(CallbackError::ChecksumMismatch));
    }

    #[test]
    fn adding_a_parameter_fails(params in params(), at in any::<Index>(), n in name(), v in value()) {
        prop_assume!(params.iter().all(|(existing, _)| *existing != n));
        let mut signed = sign(&params, HMAC_SECRET);
        let i = at.index(signed.len() + 1);
        signed.insert(i, (n, v));
        prop_assert_eq!(verify(&signed, &hmac_key()), Err(CallbackError::ChecksumMismatch));
    }

    #[test]
    fn removing_a_parameter_fails(params in params(), at in any::<Index>()) {
        prop_assume!(!params.is_empty());
        let mut signed = sign(&params, HMAC_SECRET);
        let checksum = checksum_index(&signed);
        let i = at.index(signed.len() - 1);
        let i = if i >= checksum { i + 1 } else { i };
        signed.remove(i);
        prop_assert_eq!(verify(&signed, &hmac_key()), Err(CallbackError::ChecksumMismatch));
    }

    #[test]
    fn flipping_a_hex_digit_fails(params in params(), at in any::<Index>(), flip in 1u8..16) {
        let mut signed = sign(&params, HMAC_SECRET);
        let c = checksum_index(&signed);
        signed[c].1 = flip_digit(&signed[c].1, at.index(64), flip);
        prop_assert_eq!(verify(&signed, &hmac_key()), Err(CallbackError::ChecksumMismatch));
    }

    #[test]
    fn hex_case_does_not_matter(params in params(), mask in prop::collection::vec(any::<bool>(), 64)) {
        let mut signed = sign(&params, HMAC_SECRET);
        let c = checksum_index(&signed);
        signed[c].1 = signed[c]
            .1
            .chars()
            .zip(&mask)
            .map(|(ch, &lower)| if lower { ch.to_ascii_lowercase() } else { ch })
            .collect();
        prop_assert_eq!(verify(&signed, &hmac_key()), Ok(()));
    }

    #[test]
    fn sign_alias_never_changes_the_result(
        params in params(),
        alias in "[^;]{0,30}",
        tamper in any::<bool>(),
        at in any::<Index>(),
    ) {
        let mut signed = sign(&params, HMAC_SECRET);
        if tamper {
            signed.push(("tampered".repeat(3), "1".into()));
        }
        let without = verify(&signed, &hmac_key());
        signed.insert(at.index(signed.len() + 1), ("sign_alias".into(), alias));
        prop_assert_eq!(verify(&signed, &hmac_key()), without.clone());
        prop_assert_eq!(without.is_ok(), !tamper);
    }

    #[test]
    fn another_secret_fails(params in params(), secret in secret()) {
        prop_assume!(secret != HMAC_SECRET);
        let signed = sign(&params, HMAC_SECRET);
        prop_assert_eq!(
            verify(&signed, &CallbackKey::hmac_sha256(&secret).unwrap()),
            Err(CallbackError::ChecksumMismatch)
        );
    }

    #[test]
    fn arbitrary_input_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..512), text in "\\PC{0,200}") {
        let rsa = CallbackKey::x509_certificate_pem(FIXTURE_CERT_PEM).unwrap();
        let parsed = [Callback::from_form(&bytes), Callback::from_query(&text)];
        for callback in parsed.into_iter().flatten() {
            let _ = callback.verify(&hmac_key());
            let _ = callback.verify(&rsa);
            // Whatever parsed serializes back to the same parameters.
            prop_assert_eq!(Callback::from_query(&callback.to_query()), Ok(callback));
        }
    }

    #[test]
    fn percent_soup_never_panics(text in "[%0-9a-fA-FzZ+=&]{0,64}") {
        let _ = Callback::from_query(&text).map(|c| c.verify(&hmac_key()));
    }
}

/// Replaces the hex digit at `at` with one that differs by `flip` (XOR).
fn flip_digit(hex: &str, at: usize, flip: u8) -> String {
    hex.chars()
        .enumerate()
        .map(|(i, ch)| {
            if i == at {
                let digit = ch.to_digit(16).expect("hex") as u8 ^ flip;
                char::from_digit(u32::from(digit), 16)
                    .expect("nibble")
                    .to_ascii_uppercase()
            } else {
                ch
            }
        })
        .collect()
}

/// A callback signed once with the fixture RSA key, to mutate cheaply.
fn rsa_signed() -> &'static Params {
    static SIGNED: std::sync::OnceLock<Params> = std::sync::OnceLock::new();
    SIGNED.get_or_init(|| {
        let builder = Callback::builder()
            .md_order("0e2a4c1e-1b6f-7b5d-9c1a-2f3b4c5d6e7f")
            .order_number("ORD-42")
            .param("operation", "deposited")
            .param("status", "1")
            .param("amount", "150000");
        let checksum = rsa_sign(&builder.checksum_payload());
        builder.checksum(checksum).build().into_params()
    })
}

fn rsa_key() -> CallbackKey {
    CallbackKey::x509_certificate_pem(FIXTURE_CERT_PEM).unwrap()
}

proptest! {
    // Verification is cheap; signing with a 2048-bit key in a debug build is
    // not, so mutations start from one signed callback.
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn rsa_mutations_fail(at in any::<Index>(), new in value(), n in name(), kind in 0u8..4, flip in 1u8..16) {
        let mut signed = rsa_signed().clone();
        let c = checksum_index(&signed);
        match kind {
            0 => {
                let i = at.index(c); // a signed parameter (checksum is last)
                prop_assume!(signed[i].1 != new);
                signed[i].1 = new;
            }
            1 => {
                prop_assume!(signed.iter().all(|(existing, _)| *existing != n));
                signed.push((n, new));
            }
            2 => {
                signed.remove(at.index(c));
            }
            _ => {
                signed[c].1 = flip_digit(&signed[c].1, at.index(512), flip);
            }
        }
        prop_assert_eq!(verify(&signed, &rsa_key()), Err(CallbackError::ChecksumMismatch));
    }

    #[test]
    fn rsa_ignores_order_case_and_sign_alias(seed in any::<u64>(), alias in "[^;]{0,30}", lower in any::<bool>()) {
        let mut signed = rsa_signed().clone();
        signed.push(("sign_alias".into(), alias));
        let len = signed.len();
        for i in (1..len).rev() {
            signed.swap(i, (seed.rotate_left(i as u32) % (i as u64 + 1)) as usize);
        }
        if lower {
            let c = checksum_index(&signed);
            signed[c].1 = signed[c].1.to_ascii_lowercase();
        }
        prop_assert_eq!(verify(&signed, &rsa_key()), Ok(()));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    #[test]
    fn rsa_sign_then_verify_succeeds(params in params()) {
        let builder = params.iter().fold(Callback::builder(), |b, (n, v)| b.param(n, v));
        let checksum = rsa_sign(&builder.checksum_payload());
        let signed = builder.checksum(checksum).build();
        let parsed = Callback::from_query(&signed.to_query()).unwrap();
        prop_assert_eq!(parsed.verify(&rsa_key()), Ok(()));
    }
}
