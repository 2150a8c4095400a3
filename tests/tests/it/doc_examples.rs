//! Every example of the bank's document encodes and decodes through the models.

use std::collections::BTreeSet;

use bereke_tests::catalog::endpoints;
use bereke_tests::endpoint;
use bereke_types::*;

/// Credentials are filled in by the client, not held by request models.
const CREDENTIALS: &[&str] = &["userName", "password", "token", "merchant"];

#[test]
fn every_endpoint_has_examples_of_both_kinds() {
    for entry in endpoints() {
        // Endpoints of the vendor's API only have examples of that API.
        assert!(
            entry.examples.iter().any(|e| e.is_request),
            "{} has no request example",
            entry.info.name
        );
        assert!(
            entry.examples.iter().any(|e| !e.is_request),
            "{} has no response example",
            entry.info.name
        );
    }
}

#[test]
fn form_request_examples_roundtrip_through_serde_urlencoded() {
    let mut checked = 0;
    for entry in endpoints() {
        for ex in entry
            .examples
            .iter()
            .filter(|e| e.is_request && !e.form.is_empty())
        {
            let body = form_urlencode(ex.form.iter().copied());
            let encoded = (entry.form_roundtrip)(&body)
                .unwrap_or_else(|e| panic!("{} `{}`: {e}", entry.info.name, ex.title));
            let got: BTreeSet<(String, String)> =
                serde_urlencoded::from_str::<Vec<(String, String)>>(&encoded)
                    .expect("our own form decodes")
                    .into_iter()
                    .collect();
            // Every pair but the credentials must survive: a parameter the
            // model does not know would be dropped and show up here.
            let want: BTreeSet<(String, String)> = ex
                .form
                .iter()
                .filter(|(k, _)| !CREDENTIALS.contains(k))
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect();
            assert_eq!(got, want, "{} `{}`", entry.info.name, ex.title);
            checked += 1;
        }
    }
    assert!(checked >= 9, "only {checked} form examples checked");
}

#[test]
fn json_request_examples_roundtrip() {
    let mut checked = 0;
    for entry in endpoints() {
        for ex in entry.examples.iter().filter(|e| e.is_request) {
            let Some(json) = ex.json else { continue };
            let out = (entry.json_request_roundtrip)(json)
                .unwrap_or_else(|e| panic!("{} `{}`: {e}", entry.info.name, ex.title));
            let input: serde_json::Value = serde_json::from_str(json).expect("example is JSON");
            let (input, out) = (input.as_object().unwrap(), out.as_object().unwrap());
            for (k, v) in out {
                assert_eq!(Some(v), input.get(k), "{}: `{k}` changed", entry.info.name);
            }
            for (k, v) in input {
                let dropped = CREDENTIALS.contains(&k.as_str()) || v == &serde_json::json!([]);
                assert!(
                    dropped || out.contains_key(k),
                    "{}: `{k}` lost",
                    entry.info.name
                );
            }
            checked += 1;
        }
    }
    assert_eq!(
        checked, 3,
        "the Apple Pay, Google Pay and recurrentPayment.do request examples"
    );
}

#[test]
fn response_examples_decode_and_reencode_to_the_same_value() {
    let mut checked = 0;
    for entry in endpoints() {
        for ex in entry.examples.iter().filter(|e| !e.is_request) {
            let json = ex.json.expect("response examples are JSON");
            let once = (entry.response_roundtrip)(json)
                .unwrap_or_else(|e| panic!("{} `{}`: {e}", entry.info.name, ex.title));
            let twice = (entry.response_roundtrip)(&once.to_string()).expect("re-encoded decodes");
            assert_eq!(once, twice, "{} `{}`", entry.info.name, ex.title);
            checked += 1;
        }
    }
    assert!(checked >= 15, "only {checked} response examples checked");
}

fn response_example<T: serde::de::DeserializeOwned>(endpoint_name: &str, index: usize) -> T {
    let entry = endpoint(endpoint_name);
    let ex = entry
        .examples
        .iter()
        .filter(|e| !e.is_request)
        .nth(index)
        .unwrap_or_else(|| panic!("{endpoint_name} has no response example {index}"));
    serde_json::from_str(ex.json.expect("json")).expect("decodes")
}

#[test]
fn register_example_gives_order_id_and_form_url() {
    let r: RegisterResponse = response_example("Register", 0);
    assert_eq!(
        r.order_id.as_deref(),
        Some("01491d0b-c848-7dd6-a20d-e96900a7d8c0")
    );
    assert!(r
        .form_url
        .as_deref()
        .unwrap()
        .ends_with("mdOrder=01491d0b-c848-7dd6-a20d-e96900a7d8c0"));
    assert_eq!(
        r.error_code, None,
        "a successful register.do has no errorCode"
    );
    assert_eq!(r.reported_error(), None);
}

#[test]
fn order_status_example_values() {
    let r: GetOrderStatusExtendedResponse = response_example("GetOrderStatusExtended", 0);
    assert_eq!(
        r.error_code,
        Some(GetOrderStatusExtendedErrorCode::from_code(0))
    );
    assert_eq!(r.order_status, Some(OrderStatus::Deposited));
    assert_eq!(r.order_number.as_deref(), Some("7005"));
    assert_eq!(r.amount, Some(Amount::from_minor(2000)));
    assert_eq!(
        r.currency,
        Some(Currency::EUR),
        "\"978\" as a string decodes"
    );
    assert_eq!(r.date, Some(EpochMillis::from_millis(1_617_972_915_659)));
    let info = r.payment_amount_info.as_ref().expect("paymentAmountInfo");
    assert_eq!(info.payment_state, Some(PaymentState::Deposited));
    assert_eq!(info.approved_amount, Some(Amount::from_minor(2000)));
    assert_eq!(info.deposited_amount, Some(Amount::from_minor(2000)));
    assert_eq!(info.refunded_amount, Some(Amount::ZERO));
    let card = r.card_auth_info.as_ref().expect("cardAuthInfo");
    assert_eq!(card.masked_pan.as_deref(), Some("555555**5599"));
    assert_eq!(card.expiration, Expiry::new(2024, 12));
    assert_eq!(r.attributes.len(), 1);
    assert_eq!(
        r.attributes[0].value.as_deref(),
        Some("01491d0b-c848-7dd6-a20d-e96900a7d8c0")
    );
    assert_eq!(r.reported_error(), None);
}

#[test]
fn payment_by_binding_examples_tell_3ds_from_redirect_and_errors() {
    let ssl: PaymentOrderBindingResponse = response_example("PaymentOrderBinding", 0);
    assert!(ssl.redirect.is_some() && ssl.acs_url.is_none());
    let tds: PaymentOrderBindingResponse = response_example("PaymentOrderBinding", 1);
    assert_eq!(
        tds.acs_url.as_deref(),
        Some("https://web.rbsuat.com/acs/auth/start.do")
    );
    assert!(tds.pa_req.is_some() && tds.term_url.is_some());
    let err: PaymentOrderBindingResponse = response_example("PaymentOrderBinding", 2);
    assert_eq!(
        err.error_code,
        Some(PaymentOrderBindingErrorCode::from_code(5))
    );
    let reported = err.reported_error().expect("code 5 is an error");
    assert_eq!(reported.code, Some(5));
    assert_eq!(reported.message, Some("Access denied"));
}

#[test]
fn bindings_example_lists_bindings() {
    let r: GetBindingsResponse = response_example("GetBindings", 0);
    assert_eq!(r.bindings.len(), 1);
    let b = &r.bindings[0];
    assert_eq!(
        b.binding_id.as_deref(),
        Some("69d6a793-afb5-79be-8ce7-63ff00a8656a")
    );
    assert_eq!(b.expiry_date, Expiry::new(2024, 12));
    assert_eq!(b.payment_way, Some(PaymentWay::Card));
}

#[test]
fn wallet_examples() {
    let ok: ApplePayPaymentResponse = response_example("ApplePayPayment", 0);
    assert_eq!(ok.success, Some(true));
    assert_eq!(ok.reported_error(), None);
    let status = ok.order_status.as_ref().expect("orderStatus");
    assert_eq!(status.amount, Some(Amount::from_minor(960_000)));
    assert_eq!(status.order_status, Some(OrderStatus::Approved));
    let paid = status
        .payment_amount_info
        .as_ref()
        .expect("paymentAmountInfo");
    assert_eq!(paid.payment_state, Some(PaymentState::Approved));
    let failed: ApplePayPaymentResponse = response_example("ApplePayPayment", 1);
    let reported = failed.reported_error().expect("success false is an error");
    assert_eq!(reported.code, Some(10));
    assert_eq!(reported.message, Some("Auth is invalid"));

    let google_3ds: GooglePayPaymentResponse = response_example("GooglePayPayment", 1);
    let data = google_3ds.data.as_ref().expect("data");
    assert_eq!(
        data.acs_url.as_deref(),
        Some("https://test.ru/acs/auth/start.do")
    );
    let google_failed: GooglePayPaymentResponse = response_example("GooglePayPayment", 2);
    assert_eq!(google_failed.reported_error().and_then(|e| e.code), Some(1));
}

#[test]
fn unknown_values_are_kept_not_errors() {
    let r: GetOrderStatusExtendedResponse = serde_json::from_str(
        r#"{"errorCode":"999","orderStatus":"42","paymentAmountInfo":{"paymentState":"FROZEN"},"brandNewField":{"x":1}}"#,
    )
    .expect("unknown codes, statuses and fields decode");
    let code = r.error_code.clone().expect("code");
    assert!(!code.is_known());
    assert_eq!(code.code(), 999);
    assert_eq!(r.order_status, Some(OrderStatus::from(42)));
    assert_eq!(
        r.payment_amount_info.unwrap().payment_state,
        Some(PaymentState::from("FROZEN"))
    );
    // Re-encoding keeps the unknown values as they came.
    let r2: RegisterResponse =
        serde_json::from_str(r#"{"ErrorCode":7,"ErrorMessage":"System error"}"#).unwrap();
    assert_eq!(
        r2.error_code.as_ref().map(|c| c.code()),
        Some(7),
        "PascalCase ErrorCode"
    );
    assert_eq!(r2.error_message.as_deref(), Some("System error"));
}

#[test]
fn requests_with_invalid_input_are_refused_before_sending() {
    // An empty order number: the gateway would answer code 4.
    let bad =
        RegisterRequest::new(Amount::from_minor(100), "https://shop.example/ok").order_number("");
    let err = bad.validate().unwrap_err();
    assert_eq!(err.field, "orderNumber");
    let long = RegisterRequest::new(Amount::from_minor(100), "https://shop.example/ok")
        .order_number("n".repeat(31));
    assert_eq!(long.validate().unwrap_err().field, "orderNumber");
    let phone =
        RegisterRequest::new(Amount::from_minor(100), "https://shop.example/ok").phone("+7123");
    assert_eq!(phone.validate().unwrap_err().field, "phone");
    let neither = GetOrderStatusExtendedRequest::new();
    assert!(neither.validate().unwrap_err().field.contains("orderId"));
    let ok = GetOrderStatusExtendedRequest::new().order_id("01491d0b-c848-7dd6-a20d-e96900a7d8c0");
    assert_eq!(ok.validate(), Ok(()));
}

fn form_urlencode<'a>(pairs: impl Iterator<Item = (&'a str, &'a str)>) -> String {
    serde_urlencoded::to_string(pairs.collect::<Vec<_>>()).expect("pairs encode")
}
