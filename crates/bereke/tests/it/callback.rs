//! Callback parsing and verification: the gateway's published vectors,
//! every key form, malformed input and the HTTP helper.

use crate::callback_support;

use bereke::callback::{
    checksum_payload, sign_hmac_sha256, Callback, CallbackError, CallbackKey, CallbackKeyError,
    CallbackOperation, CallbackStatus, CallbackVerifier, KeyKind, ParamPart,
};
use callback_support::*;

fn hmac_key() -> CallbackKey {
    CallbackKey::hmac_sha256(HMAC_SECRET).expect("the vector's secret is a key")
}

fn vector_rsa_key() -> CallbackKey {
    CallbackKey::rsa_public_key_pem(RSA_PUBLIC_KEY).expect("published public key")
}

fn with_checksum<'a>(params: &[(&'a str, &'a str)], checksum: &'a str) -> Vec<(&'a str, &'a str)> {
    let mut all = params.to_vec();
    all.push(("checksum", checksum));
    all
}

// --- The published vectors -------------------------------------------------

#[test]
fn hmac_vector_payload_and_signature() {
    assert_eq!(checksum_payload(HMAC_PARAMS), HMAC_PAYLOAD);
    assert_eq!(sign_hmac_sha256(HMAC_SECRET, HMAC_PARAMS), HMAC_CHECKSUM);
}

#[test]
fn hmac_vector_verifies_in_every_order() {
    let params = with_checksum(&HMAC_PARAMS, HMAC_CHECKSUM);
    let orders = permutations(&params);
    assert_eq!(orders.len(), 120);
    for order in orders {
        let q = query(&order);
        let callback = Callback::from_query(&q).expect("parses");
        assert_eq!(callback.checksum_payload(), HMAC_PAYLOAD);
        assert_eq!(callback.verify(&hmac_key()), Ok(()), "{q}");
        let form = Callback::from_form(q.as_bytes()).expect("parses");
        assert_eq!(form.verify(&hmac_key()), Ok(()), "{q}");
    }
}

#[test]
fn hmac_vector_typed_fields() {
    let q = format!("?{}", query(&with_checksum(&HMAC_PARAMS, HMAC_CHECKSUM)));
    let callback = Callback::from_query(&q).expect("parses");
    assert_eq!(
        callback.md_order(),
        Some("06cf5599-3f17-7c86-bdbc-bd7d00a8b38b")
    );
    assert_eq!(callback.order_number(), Some("2003"));
    assert_eq!(callback.operation(), Some(&CallbackOperation::Approved));
    assert_eq!(callback.status(), Some(&CallbackStatus::Success));
    assert_eq!(callback.checksum(), Some(HMAC_CHECKSUM));
    assert_eq!(callback.sign_alias(), None);
    assert_eq!(callback.other_params().count(), 0);
    assert_eq!(callback.params().len(), 5);
}

#[test]
fn hmac_vector_accepts_lower_case_hex() {
    let lower = HMAC_CHECKSUM.to_ascii_lowercase();
    let q = query(&with_checksum(&HMAC_PARAMS, &lower));
    assert_eq!(
        Callback::from_query(&q).unwrap().verify(&hmac_key()),
        Ok(())
    );
}

#[test]
fn rsa_vector_verifies_in_every_order() {
    let key = vector_rsa_key();
    assert_eq!(key.kind(), KeyKind::RsaSha512);
    assert_eq!(checksum_payload(RSA_PARAMS), RSA_PAYLOAD);
    let params = with_checksum(&RSA_PARAMS, RSA_CHECKSUM);
    // 720 orderings; RSA verification with e = 65537 is fast enough for all.
    for order in permutations(&params) {
        let q = query(&order);
        let callback = Callback::from_query(&q).expect("parses");
        assert_eq!(callback.checksum_payload(), RSA_PAYLOAD);
        assert_eq!(callback.verify(&key), Ok(()), "{q}");
    }
}

#[test]
fn rsa_vector_accepts_lower_case_hex_and_ignores_sign_alias() {
    let key = vector_rsa_key();
    let lower = RSA_CHECKSUM.to_ascii_lowercase();
    let callback = Callback::from_query(&query(&with_checksum(&RSA_PARAMS, &lower))).unwrap();
    assert_eq!(callback.sign_alias(), Some("SHA-256 with RSA"));
    assert_eq!(callback.verify(&key), Ok(()));
    // Without sign_alias, or with another one, the checksum still holds.
    let without: Vec<_> = RSA_PARAMS
        .iter()
        .copied()
        .filter(|(n, _)| *n != "sign_alias")
        .collect();
    let callback = Callback::from_query(&query(&with_checksum(&without, RSA_CHECKSUM))).unwrap();
    assert_eq!(callback.verify(&key), Ok(()));
    let mut other = with_checksum(&without, RSA_CHECKSUM);
    other.push(("sign_alias", "anything at all"));
    assert_eq!(
        Callback::from_query(&query(&other)).unwrap().verify(&key),
        Ok(())
    );
}

#[test]
fn rsa_vector_rejects_tampering() {
    let key = vector_rsa_key();
    let tampered = with_checksum(&RSA_PARAMS, RSA_CHECKSUM)
        .into_iter()
        .map(|(n, v)| {
            if n == "amount" {
                (n, "35000098")
            } else {
                (n, v)
            }
        })
        .collect::<Vec<_>>();
    let callback = Callback::from_query(&query(&tampered)).unwrap();
    assert_eq!(callback.verify(&key), Err(CallbackError::ChecksumMismatch));
}

// --- Every form of RSA key, with the fixture key pair ----------------------

fn fixture_signed_callback() -> Callback {
    let builder = Callback::builder()
        .md_order("0e2a4c1e-1b6f-7b5d-9c1a-2f3b4c5d6e7f")
        .order_number("ORD-42")
        .operation(CallbackOperation::Deposited)
        .status(CallbackStatus::Success)
        .param("amount", "150000")
        .param("sign_alias", "SHA-256 with RSA")
        .param("description", "Тапсырыс № 42 & more");
    let checksum = rsa_sign(&builder.checksum_payload());
    builder.checksum(checksum).build()
}

#[test]
fn fixture_signature_verifies_with_every_key_form() {
    let callback = Callback::from_query(&fixture_signed_callback().to_query()).unwrap();
    let keys = [
        (
            "public key PEM",
            CallbackKey::rsa_public_key_pem(FIXTURE_PUBLIC_KEY),
        ),
        (
            "PKCS#1 PEM",
            CallbackKey::rsa_public_key_pem(FIXTURE_PUBLIC_KEY_PKCS1),
        ),
        (
            "certificate PEM",
            CallbackKey::x509_certificate_pem(FIXTURE_CERT_PEM),
        ),
        (
            "certificate DER",
            CallbackKey::x509_certificate_der(FIXTURE_CERT_DER),
        ),
        (
            "expired certificate PEM",
            CallbackKey::x509_certificate_pem(FIXTURE_EXPIRED_CERT_PEM),
        ),
    ];
    for (what, key) in keys {
        let key = key.unwrap_or_else(|e| panic!("{what}: {e}"));
        assert_eq!(key.kind(), KeyKind::RsaSha512, "{what}");
        assert_eq!(callback.verify(&key), Ok(()), "{what}");
        // The published key is another key: the same callback must fail with it.
        assert_eq!(
            callback.verify(&vector_rsa_key()),
            Err(CallbackError::ChecksumMismatch)
        );
    }
}

#[test]
fn pem_with_surrounding_whitespace_and_crlf_is_accepted() {
    let crlf = FIXTURE_CERT_PEM.replace('\n', "\r\n");
    assert!(CallbackKey::x509_certificate_pem(&format!("\n  {crlf}\n")).is_ok());
    assert!(CallbackKey::rsa_public_key_pem(&format!("\n{FIXTURE_PUBLIC_KEY}\n\n")).is_ok());
}

#[test]
fn bad_keys_are_errors() {
    assert!(matches!(
        CallbackKey::rsa_public_key_pem("not a key"),
        Err(CallbackKeyError::Pem { .. })
    ));
    assert!(matches!(
        CallbackKey::rsa_public_key_pem(""),
        Err(CallbackKeyError::Pem { .. })
    ));
    assert!(matches!(
        CallbackKey::rsa_public_key_pem(FIXTURE_CERT_PEM),
        Err(CallbackKeyError::WrongPemLabel { found, .. }) if found == "CERTIFICATE"
    ));
    assert!(matches!(
        CallbackKey::x509_certificate_pem(FIXTURE_PUBLIC_KEY),
        Err(CallbackKeyError::WrongPemLabel { found, .. }) if found == "PUBLIC KEY"
    ));
    assert!(matches!(
        CallbackKey::rsa_public_key_pem(FIXTURE_PRIVATE_KEY),
        Err(CallbackKeyError::WrongPemLabel { found, .. }) if found == "PRIVATE KEY"
    ));
    assert!(matches!(
        CallbackKey::x509_certificate_pem(FIXTURE_EC_CERT_PEM),
        Err(CallbackKeyError::NotRsa { .. })
    ));
    assert!(matches!(
        CallbackKey::rsa_public_key_pem(FIXTURE_RSA_512_PUBLIC_KEY),
        Err(CallbackKeyError::KeyTooSmall {
            bits: 512,
            minimum: 1024
        })
    ));
    for der in [&b""[..], b"\x30\x03\x02\x01\x01", &FIXTURE_CERT_DER[..100]] {
        assert!(matches!(
            CallbackKey::x509_certificate_der(der),
            Err(CallbackKeyError::Certificate { .. })
        ));
    }
    // A PEM body that is not base64 of a key.
    let garbage = "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n";
    assert!(CallbackKey::rsa_public_key_pem(garbage).is_err());
    let garbage = "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n";
    assert!(CallbackKey::x509_certificate_pem(garbage).is_err());
}

// --- Wrong key kinds and bad checksums --------------------------------------

#[test]
fn hmac_key_on_rsa_signed_callback_is_wrong_key_kind() {
    let q = query(&with_checksum(&RSA_PARAMS, RSA_CHECKSUM));
    let callback = Callback::from_query(&q).unwrap();
    let error = callback.verify(&hmac_key()).unwrap_err();
    assert_eq!(
        error,
        CallbackError::WrongKeyKind {
            key: KeyKind::HmacSha256,
            checksum_len: 512
        }
    );
    assert!(error.is_authentication_failure());
}

#[test]
fn rsa_key_on_hmac_signed_callback_is_wrong_key_kind() {
    let q = query(&with_checksum(&HMAC_PARAMS, HMAC_CHECKSUM));
    let callback = Callback::from_query(&q).unwrap();
    for key in [
        vector_rsa_key(),
        CallbackKey::x509_certificate_pem(FIXTURE_CERT_PEM).unwrap(),
    ] {
        assert_eq!(
            callback.verify(&key),
            Err(CallbackError::WrongKeyKind {
                key: KeyKind::RsaSha512,
                checksum_len: 64
            })
        );
    }
}

#[test]
fn bad_checksums_say_why() {
    let cases: [(&str, CallbackError); 7] = [
        (
            "",
            CallbackError::ChecksumLength {
                expected: 64,
                actual: 0,
            },
        ),
        (
            "ABC",
            CallbackError::ChecksumLength {
                expected: 64,
                actual: 3,
            },
        ),
        (
            &HMAC_CHECKSUM[..63],
            CallbackError::ChecksumLength {
                expected: 64,
                actual: 63,
            },
        ),
        ("XYZ", CallbackError::ChecksumNotHex),
        (" EAF2", CallbackError::ChecksumNotHex),
        (
            "ÉAF2FB72CAB99FD5067F4BA493DD84F4D79C1589FDE8ED29622F0F07215AA97",
            CallbackError::ChecksumNotHex,
        ),
        (
            "0000000000000000000000000000000000000000000000000000000000000000",
            CallbackError::ChecksumMismatch,
        ),
    ];
    for (checksum, expected) in cases {
        let callback =
            Callback::from_query(&query(&with_checksum(&HMAC_PARAMS, checksum))).unwrap();
        assert_eq!(callback.verify(&hmac_key()), Err(expected), "{checksum:?}");
    }
    let callback = Callback::from_query(&query(&with_checksum(&RSA_PARAMS, "ABCD"))).unwrap();
    assert_eq!(
        callback.verify(&vector_rsa_key()),
        Err(CallbackError::ChecksumLength {
            expected: 512,
            actual: 4
        })
    );
    // An RSA-sized checksum that is not a valid signature (not below the modulus).
    let callback =
        Callback::from_query(&query(&with_checksum(&RSA_PARAMS, &"F".repeat(512)))).unwrap();
    assert_eq!(
        callback.verify(&vector_rsa_key()),
        Err(CallbackError::ChecksumMismatch)
    );
}

#[test]
fn missing_checksum_is_an_error() {
    let callback = Callback::from_query(&query(&HMAC_PARAMS)).unwrap();
    let error = callback.verify(&hmac_key()).unwrap_err();
    assert_eq!(error, CallbackError::MissingChecksum);
    assert!(error.is_authentication_failure());
    // Case matters: `Checksum` is some other parameter.
    let mut params = HMAC_PARAMS.to_vec();
    params.push(("Checksum", HMAC_CHECKSUM));
    let callback = Callback::from_query(&query(&params)).unwrap();
    assert_eq!(
        callback.verify(&hmac_key()),
        Err(CallbackError::MissingChecksum)
    );
}

// --- Parsing ----------------------------------------------------------------

#[test]
fn names_are_case_sensitive_and_order_is_kept() {
    let q = "mdorder=b&mdOrder=a&MDORDER=c&extra=1&amount=100";
    let callback = Callback::from_query(q).unwrap();
    assert_eq!(callback.md_order(), Some("a"));
    assert_eq!(callback.get("mdorder"), Some("b"));
    assert_eq!(callback.get("MDORDER"), Some("c"));
    let names: Vec<_> = callback.params().map(|(n, _)| n).collect();
    assert_eq!(names, ["mdorder", "mdOrder", "MDORDER", "extra", "amount"]);
    let others: Vec<_> = callback.other_params().collect();
    assert_eq!(
        others,
        [
            ("mdorder", "b"),
            ("MDORDER", "c"),
            ("extra", "1"),
            ("amount", "100")
        ]
    );
    assert_eq!(
        callback.checksum_payload(),
        "MDORDER;c;amount;100;extra;1;mdOrder;a;mdorder;b;"
    );
}

#[test]
fn signed_callback_with_case_variants_verifies() {
    let callback = Callback::builder()
        .md_order("A")
        .param("mdorder", "a")
        .param("MdOrder", "Aa")
        .operation(CallbackOperation::Deposited)
        .status(CallbackStatus::Success)
        .sign_hmac_sha256(HMAC_SECRET);
    let parsed = Callback::from_query(&callback.to_query()).unwrap();
    assert_eq!(parsed.verify(&hmac_key()), Ok(()));
    // Swapping the values of the two case variants breaks it.
    let swapped = callback
        .to_query()
        .replace("mdOrder=A&mdorder=a", "mdOrder=a&mdorder=A");
    assert_ne!(swapped, callback.to_query());
    assert_eq!(
        Callback::from_query(&swapped).unwrap().verify(&hmac_key()),
        Err(CallbackError::ChecksumMismatch)
    );
}

#[test]
fn decodes_as_the_gateway_encodes() {
    let callback = Callback::builder()
        .md_order("x")
        .operation(CallbackOperation::Deposited)
        .status(CallbackStatus::Success)
        .param("description", "Оплата заказа №7: 100% + tax & more=ok")
        .param("email", "a+b@example.kz")
        .sign_hmac_sha256(HMAC_SECRET);
    let q = callback.to_query();
    assert!(q.contains("a%2Bb%40example.kz"), "{q}");
    let parsed = Callback::from_query(&q).unwrap();
    assert_eq!(parsed, callback);
    assert_eq!(
        parsed.get("description"),
        Some("Оплата заказа №7: 100% + tax & more=ok")
    );
    assert_eq!(parsed.verify(&hmac_key()), Ok(()));
    // Unencoded UTF-8 and `%20` for space decode to the same text.
    let raw = "description=%D0%9E%D0%BF%D0%BB%D0%B0%D1%82%D0%B0 x%20y+z";
    assert_eq!(
        Callback::from_query(raw).unwrap().get("description"),
        Some("Оплата x y z")
    );
    let raw_utf8 = "description=Оплата";
    assert_eq!(
        Callback::from_form(raw_utf8.as_bytes())
            .unwrap()
            .get("description"),
        Some("Оплата")
    );
}

#[test]
fn leading_question_mark_is_optional() {
    let q = query(&with_checksum(&HMAC_PARAMS, HMAC_CHECKSUM));
    assert_eq!(
        Callback::from_query(&q).unwrap(),
        Callback::from_query(&format!("?{q}")).unwrap()
    );
    // Only one `?` is a prefix; a second one is part of the first name.
    assert_eq!(Callback::from_query("??a=1").unwrap().get("?a"), Some("1"));
}

#[test]
fn duplicate_names_are_rejected_at_parse_time() {
    let q = format!(
        "{}&status=0",
        query(&with_checksum(&HMAC_PARAMS, HMAC_CHECKSUM))
    );
    let expected = CallbackError::DuplicateParameter {
        name: "status".into(),
    };
    assert_eq!(Callback::from_query(&q), Err(expected.clone()));
    assert_eq!(Callback::from_form(q.as_bytes()), Err(expected.clone()));
    assert_eq!(
        Callback::from_params([("status", "1"), ("status", "1")]),
        Err(expected)
    );
    assert!(!CallbackError::DuplicateParameter { name: "x".into() }.is_authentication_failure());
    // Two checksums are just as ambiguous.
    let q = format!("{q}&checksum=00");
    assert!(matches!(
        Callback::from_query(&q),
        Err(CallbackError::DuplicateParameter { .. })
    ));
    // A long duplicate name is cut short in the error.
    let long = "n".repeat(10_000);
    let error = Callback::from_query(&format!("{long}=1&{long}=2")).unwrap_err();
    assert!(error.to_string().len() < 300, "{error}");
}

#[test]
fn malformed_input_is_an_error_or_a_faithful_parse() {
    // Faithful parses.
    assert_eq!(Callback::from_query("").unwrap().params().len(), 0);
    assert_eq!(Callback::from_query("?").unwrap().params().len(), 0);
    assert_eq!(Callback::from_query("&&&").unwrap().params().len(), 0);
    assert_eq!(Callback::from_form(b"").unwrap().params().len(), 0);
    let c = Callback::from_query("mdOrder&status=1&&=&x==").unwrap();
    assert_eq!(
        c.params().collect::<Vec<_>>(),
        [("mdOrder", ""), ("status", "1"), ("", ""), ("x", "=")]
    );
    assert_eq!(c.verify(&hmac_key()), Err(CallbackError::MissingChecksum));
    assert_eq!(
        Callback::from_query("checksum")
            .unwrap()
            .verify(&hmac_key()),
        Err(CallbackError::ChecksumLength {
            expected: 64,
            actual: 0
        })
    );
    // Errors.
    assert_eq!(
        Callback::from_query("a=1&b=%zz"),
        Err(CallbackError::InvalidPercentEncoding {
            index: 1,
            part: ParamPart::Value
        })
    );
    assert_eq!(
        Callback::from_query("a%=1"),
        Err(CallbackError::InvalidPercentEncoding {
            index: 0,
            part: ParamPart::Name
        })
    );
    assert_eq!(
        Callback::from_query("a=%E2%82"),
        Err(CallbackError::InvalidUtf8 {
            index: 0,
            part: ParamPart::Value
        })
    );
    assert_eq!(
        Callback::from_form(b"a=\xff\xfe"),
        Err(CallbackError::InvalidUtf8 {
            index: 0,
            part: ParamPart::Value
        })
    );
    for bad in ["%", "%%", "a=%", "a=%2", "%E2%82%AC=%C3"] {
        assert!(Callback::from_query(bad).is_err(), "{bad}");
    }
    for error in [
        Callback::from_query("a=%zz").unwrap_err(),
        Callback::from_query("a=%E2%82").unwrap_err(),
    ] {
        assert!(!error.is_authentication_failure());
        assert!(!error.to_string().is_empty());
    }
}

#[test]
fn very_long_values_are_handled() {
    let big = "x".repeat(1 << 20);
    let callback = Callback::builder()
        .md_order("m")
        .operation(CallbackOperation::Deposited)
        .status(CallbackStatus::Success)
        .param("blob", big.as_str())
        .sign_hmac_sha256(HMAC_SECRET);
    let q = callback.to_query();
    let parsed = Callback::from_query(&q).unwrap();
    assert_eq!(parsed.get("blob").map(str::len), Some(1 << 20));
    assert_eq!(parsed.verify(&hmac_key()), Ok(()));
    // A megabyte of percent-escapes, and a megabyte-long bogus checksum.
    let escaped = "%41".repeat(1 << 18);
    assert_eq!(
        Callback::from_query(&format!("a={escaped}"))
            .unwrap()
            .get("a")
            .map(str::len),
        Some(1 << 18)
    );
    let long_checksum = format!("checksum={}", "A".repeat(1 << 20));
    let c = Callback::from_query(&long_checksum).unwrap();
    assert_eq!(
        c.verify(&hmac_key()),
        Err(CallbackError::WrongKeyKind {
            key: KeyKind::HmacSha256,
            checksum_len: 1 << 20
        })
    );
    assert_eq!(
        c.verify(&vector_rsa_key()),
        Err(CallbackError::ChecksumLength {
            expected: 512,
            actual: 1 << 20
        })
    );
    // Many parameters.
    let many: String = (0..50_000).map(|i| format!("p{i}={i}&")).collect();
    assert_eq!(Callback::from_query(&many).unwrap().params().len(), 50_000);
}

// --- Operations and statuses -----------------------------------------------

#[test]
fn operations_and_statuses_are_open() {
    let parse = |op: &str, status: &str| {
        let c = Callback::from_query(&query(&[("operation", op), ("status", status)])).unwrap();
        (c.operation().cloned(), c.status().cloned())
    };
    assert_eq!(
        parse("declinedCardpresent", "0"),
        (
            Some(CallbackOperation::DeclinedCardPresent),
            Some(CallbackStatus::Failure)
        )
    );
    let (op, _) = parse("declinedCardPresent", "1");
    assert_eq!(op, Some(CallbackOperation::DeclinedCardPresent));
    let raw = Callback::from_query("operation=declinedCardPresent").unwrap();
    assert_eq!(
        raw.get("operation"),
        Some("declinedCardPresent"),
        "the raw spelling is kept"
    );
    assert_eq!(
        parse("bindingActivityChanged", "1").0,
        Some(CallbackOperation::BindingActivityChanged)
    );
    assert_eq!(
        parse("declinedByTimeout", "0").0,
        Some(CallbackOperation::DeclinedByTimeout)
    );
    assert_eq!(
        parse("chargeback", "7"),
        (
            Some(CallbackOperation::from("chargeback")),
            Some(CallbackStatus::from(7))
        )
    );
    let none = Callback::from_query("mdOrder=1").unwrap();
    assert_eq!((none.operation(), none.status()), (None, None));
}

// --- Secrets stay secret ----------------------------------------------------

#[test]
fn debug_and_errors_never_show_the_secret() {
    let secret = "my-very-secret-merchant-key";
    let key = CallbackKey::hmac_sha256(secret).unwrap();
    let debug = format!("{key:?} {:?}", CallbackVerifier::new(key.clone()));
    assert!(!debug.contains(secret), "{debug}");
    assert!(debug.contains("***"), "{debug}");
    let rsa = format!("{:?}", vector_rsa_key());
    assert!(rsa.contains("RsaSha512") && rsa.contains("2048"), "{rsa}");

    let signed = Callback::builder()
        .md_order("1")
        .sign_hmac_sha256("other secret");
    let q = signed.to_query();
    for q in [q.as_str(), "mdOrder=1", "checksum=zz", "checksum=00"] {
        let error = Callback::from_query(q).unwrap().verify(&key).unwrap_err();
        assert!(!format!("{error} {error:?}").contains(secret));
    }
}

// --- Signing ----------------------------------------------------------------

#[test]
fn builder_signs_and_replaces() {
    let callback = Callback::builder()
        .md_order("06cf5599-3f17-7c86-bdbc-bd7d00a8b38b")
        .order_number("1")
        .order_number("2003")
        .operation(CallbackOperation::Approved)
        .status(CallbackStatus::Success)
        .checksum("stale")
        .sign_hmac_sha256(HMAC_SECRET);
    assert_eq!(callback.checksum(), Some(HMAC_CHECKSUM));
    assert_eq!(
        callback.to_query(),
        format!(
            "mdOrder=06cf5599-3f17-7c86-bdbc-bd7d00a8b38b&orderNumber=2003&operation=approved&status=1&checksum={HMAC_CHECKSUM}"
        )
    );
    let unsigned = Callback::builder().md_order("1").build();
    assert_eq!(unsigned.checksum(), None);
    assert_eq!(unsigned.to_query(), "mdOrder=1");
}

#[test]
fn sign_ignores_checksum_and_sign_alias() {
    let mut params = HMAC_PARAMS.to_vec();
    params.push(("sign_alias", "merchant-key-1"));
    params.push(("checksum", "whatever"));
    assert_eq!(sign_hmac_sha256(HMAC_SECRET, params), HMAC_CHECKSUM);
}

#[test]
fn the_format_does_not_escape_semicolons() {
    // The gateway's format, not ours: a value holding `;` can pose as two
    // parameters. Documented on `checksum_payload`; this test pins it down.
    assert_eq!(
        checksum_payload([("a", "1;b;2")]),
        checksum_payload([("a", "1"), ("b", "2")])
    );
}

// --- The framework-neutral helper -------------------------------------------

#[test]
fn verifier_reads_get_query_and_post_form() {
    let verifier = CallbackVerifier::new(hmac_key());
    let q = query(&with_checksum(&HMAC_PARAMS, HMAC_CHECKSUM));
    let forged = q.replace("status=1", "status=0");

    let ok = verifier.verify_request("GET", &q, b"").unwrap();
    assert_eq!(ok.order_number(), Some("2003"));
    assert!(verifier
        .verify_request("get", &format!("?{q}"), b"ignored=1")
        .is_ok());
    assert!(verifier.verify_request("POST", "", q.as_bytes()).is_ok());
    assert!(verifier.verify_request("post", "", q.as_bytes()).is_ok());
    // POST with an empty body falls back to the query.
    assert!(verifier.verify_request("POST", &q, b"").is_ok());
    // POST with a body reads the body, not the query.
    assert_eq!(
        verifier
            .verify_request("POST", &q, forged.as_bytes())
            .unwrap_err(),
        CallbackError::ChecksumMismatch
    );
    assert_eq!(
        verifier
            .verify_request("GET", &forged, q.as_bytes())
            .unwrap_err(),
        CallbackError::ChecksumMismatch
    );
    assert_eq!(verifier.verify_query(&q).map(|_| ()), Ok(()));
    assert_eq!(verifier.verify_form(q.as_bytes()).map(|_| ()), Ok(()));
    assert_eq!(
        verifier.verify_form(forged.as_bytes()).unwrap_err(),
        CallbackError::ChecksumMismatch
    );

    assert!(matches!(
        verifier.verify_request("PUT", &q, b""),
        Err(CallbackError::UnsupportedMethod { method }) if method == "PUT"
    ));
    assert_eq!(
        verifier.verify_request("GET", "a=%zz", b"").unwrap_err(),
        CallbackError::InvalidPercentEncoding {
            index: 0,
            part: ParamPart::Value
        }
    );
    assert_eq!(
        verifier.verify_request("GET", "", b"").unwrap_err(),
        CallbackError::MissingChecksum
    );
}

#[test]
fn verifier_checks_the_content_type_of_a_post_body() {
    let verifier = CallbackVerifier::new(hmac_key());
    let q = query(&with_checksum(&HMAC_PARAMS, HMAC_CHECKSUM));
    for ok in [
        None,
        Some("application/x-www-form-urlencoded"),
        Some("Application/X-WWW-Form-Urlencoded; charset=UTF-8"),
    ] {
        assert!(
            verifier
                .verify_request_with_content_type("POST", ok, "", q.as_bytes())
                .is_ok(),
            "{ok:?}"
        );
    }
    for bad in ["application/json", "multipart/form-data; boundary=x", ""] {
        assert!(matches!(
            verifier.verify_request_with_content_type("POST", Some(bad), "", q.as_bytes()),
            Err(CallbackError::UnsupportedContentType { .. })
        ));
    }
    // GET ignores the content type; an empty POST body falls back to the query.
    assert!(verifier
        .verify_request_with_content_type("GET", Some("application/json"), &q, b"")
        .is_ok());
    assert!(verifier
        .verify_request_with_content_type("POST", Some("application/json"), &q, b"")
        .is_ok());
}

// --- Forgery by regrouping (the `;` in the checksum text) ------------------

/// The red team's forgery, end to end in-process: a customer-chosen
/// `clientId` holding `;mdOrder;<victim>;operation;deposited;…` is signed by
/// the gateway in a genuine `bindingCreated` callback; regrouped, the same
/// parameters and checksum read as a successful deposit of another order.
#[test]
fn a_regrouped_callback_with_a_semicolon_is_refused() {
    let client_id = "c;mdOrder;VICTIM;operation;deposited;orderNumber;X;status;1;zz";
    let genuine = Callback::builder()
        .param("clientId", client_id)
        .md_order("ATTACKER")
        .operation(CallbackOperation::BindingCreated)
        .order_number("A-1")
        .status(CallbackStatus::Success)
        .sign_hmac_sha256(HMAC_SECRET);
    let checksum = genuine.checksum().unwrap().to_owned();
    // Same checksum text, different grouping: `zz` swallows the real tail.
    let forged = Callback::from_params([
        ("clientId", "c"),
        ("mdOrder", "VICTIM"),
        ("operation", "deposited"),
        ("orderNumber", "X"),
        ("status", "1"),
        (
            "zz",
            "mdOrder;ATTACKER;operation;bindingCreated;orderNumber;A-1;status;1",
        ),
        ("checksum", checksum.as_str()),
    ])
    .unwrap();
    assert_eq!(forged.checksum_payload(), genuine.checksum_payload());
    assert_eq!(
        forged.verify(&hmac_key()),
        Err(CallbackError::AmbiguousParameter {
            name: "zz".into(),
            part: ParamPart::Value
        })
    );
    // The genuine one carries the `;` too: it cannot be told apart, so it is
    // refused as well, and the error says why.
    let error = genuine.verify(&hmac_key()).unwrap_err();
    assert_eq!(
        error,
        CallbackError::AmbiguousParameter {
            name: "clientId".into(),
            part: ParamPart::Value
        }
    );
    assert!(error.is_authentication_failure());
    assert!(error.to_string().contains(';'), "{error}");
    // A `;` in a name is refused the same way.
    let named = Callback::builder()
        .md_order("m")
        .operation(CallbackOperation::Deposited)
        .status(CallbackStatus::Success)
        .param("a;b", "1")
        .sign_hmac_sha256(HMAC_SECRET);
    assert_eq!(
        named.verify(&hmac_key()),
        Err(CallbackError::AmbiguousParameter {
            name: "a;b".into(),
            part: ParamPart::Name
        })
    );
}

/// Regrouping with no attacker data (`operation` folded into `mdOrder`'s
/// value) is refused, and a callback without order, operation or status does
/// not verify even with a good checksum.
#[test]
fn a_verified_callback_names_its_order_operation_and_status() {
    let folded = Callback::from_params([
        (
            "mdOrder",
            "06cf5599-3f17-7c86-bdbc-bd7d00a8b38b;operation;approved",
        ),
        ("orderNumber", "2003"),
        ("status", "1"),
        ("checksum", HMAC_CHECKSUM),
    ])
    .unwrap();
    assert_eq!(folded.checksum_payload(), HMAC_PAYLOAD);
    assert!(matches!(
        folded.verify(&hmac_key()),
        Err(CallbackError::AmbiguousParameter { .. })
    ));
    for missing in ["mdOrder", "operation", "status"] {
        let signed = HMAC_PARAMS
            .iter()
            .filter(|(name, _)| *name != missing)
            .fold(Callback::builder(), |b, (n, v)| b.param(*n, *v))
            .sign_hmac_sha256(HMAC_SECRET);
        let error = signed.verify(&hmac_key()).unwrap_err();
        assert_eq!(error, CallbackError::MissingParameter { name: missing });
        assert!(error.to_string().contains(missing), "{error}");
    }
}

#[test]
fn an_empty_hmac_secret_is_refused() {
    for blank in ["", " ", "\n", " \t\r\n"] {
        assert_eq!(
            CallbackKey::hmac_sha256(blank).unwrap_err(),
            CallbackKeyError::EmptySecret
        );
    }
    assert!(CallbackKey::hmac_sha256(b"\x00").is_ok());
}

/// A genuine RSA signature printed without its leading zeros (as Java's
/// `BigInteger.toString(16)` prints it) still verifies; a truncated one
/// does not.
#[test]
fn an_rsa_signature_without_its_leading_zeros_verifies() {
    let key = CallbackKey::rsa_public_key_pem(FIXTURE_PUBLIC_KEY).unwrap();
    let (params, signature) = (0..400)
        .map(|n| {
            let params = [
                ("mdOrder", format!("order-{n}")),
                ("operation", "deposited".to_owned()),
                ("status", "1".to_owned()),
            ];
            let signature = rsa_sign(&checksum_payload(params.clone()));
            (params, signature)
        })
        .find(|(_, signature)| signature.starts_with('0'))
        .expect("one signature in 400 starts with a zero digit");
    let stripped = signature.trim_start_matches('0');
    assert!(stripped.len() < signature.len());
    let with = |checksum: &str| {
        let mut all: Vec<(&str, &str)> = params.iter().map(|(n, v)| (*n, v.as_str())).collect();
        all.push(("checksum", checksum));
        Callback::from_params(all).unwrap()
    };
    assert_eq!(with(&signature).verify(&key), Ok(()));
    assert_eq!(with(stripped).verify(&key), Ok(()));
    // Cutting digits off the end is not the same number: refused.
    let cut = &signature[..signature.len() - 1];
    assert_eq!(with(cut).verify(&key), Err(CallbackError::ChecksumMismatch));
}

/// The client refuses a `;` in the request fields that come back in signed
/// callbacks, so a merchant cannot be made to register the forgery's bait.
#[test]
fn the_client_refuses_a_semicolon_in_a_client_id_or_an_order_number() {
    use bereke::models::{Amount, RegisterPreAuthRequest, RegisterRequest, Validate};
    let bait = "c;mdOrder;VICTIM;operation;deposited;status;1";
    let one = RegisterRequest::new(Amount::from_minor(100), "https://shop.example/ok")
        .client_id(bait)
        .validate()
        .unwrap_err();
    let two =
        RegisterPreAuthRequest::new("n-1", Amount::from_minor(100), "https://shop.example/ok")
            .client_id(bait)
            .validate()
            .unwrap_err();
    for problem in [one, two] {
        assert_eq!(problem.field, "clientId");
        assert!(!problem.to_string().contains("VICTIM"), "{problem}");
    }
    let number =
        RegisterPreAuthRequest::new(bait, Amount::from_minor(100), "https://shop.example/ok")
            .validate()
            .unwrap_err();
    assert_eq!(number.field, "orderNumber");
    assert!(
        RegisterRequest::new(Amount::from_minor(100), "https://shop.example/ok")
            .client_id("customer-42")
            .validate()
            .is_ok()
    );
}
