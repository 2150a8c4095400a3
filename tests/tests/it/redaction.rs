//! `Debug` of every model prints `***` for every field the spec marks
//! sensitive, whatever the value.

use bereke_tests::catalog::models;
use serde_json::{Map, Value};

const MARKER: &str = "4111111111111111";

#[test]
fn debug_never_shows_a_sensitive_field() {
    let mut walked = Vec::new();
    for model in models()
        .iter()
        .filter(|m| m.fields.iter().any(|f| f.sensitive))
    {
        let mut object = Map::new();
        for f in model.fields {
            let sample: Value = serde_json::from_str(f.sample).expect("samples are JSON");
            let value = if f.sensitive && sample.is_string() {
                Value::String(format!("{MARKER}-{}", f.wire))
            } else {
                sample
            };
            object.insert(f.wire.to_owned(), value);
        }
        let debug = (model.debug_from_json)(Value::Object(object))
            .unwrap_or_else(|e| panic!("{} does not decode from its samples: {e}", model.name));
        assert!(
            !debug.contains(MARKER),
            "{} leaks a sensitive value: {debug}",
            model.name
        );
        for f in model.fields.iter().filter(|f| f.sensitive) {
            let shown = format!("{}: ***", f.rust);
            let shown_opt = format!("{}: Some(***)", f.rust);
            assert!(
                debug.contains(&shown) || debug.contains(&shown_opt),
                "{}.{} is not shown as ***: {debug}",
                model.name,
                f.rust
            );
            walked.push(format!("{}.{}", model.name, f.wire));
        }
    }
    for expected in [
        "PaymentOrderRequest.$PAN",
        "PaymentOrderRequest.$CVC",
        "PaymentOrderBindingRequest.cvc",
        "ApplePayPaymentRequest.paymentToken",
        "GooglePayPaymentRequest.paymentToken",
    ] {
        assert!(
            walked.iter().any(|w| w == expected),
            "{expected} is not marked sensitive"
        );
    }
}

#[test]
fn non_sensitive_fields_are_shown() {
    let model = models()
        .iter()
        .find(|m| m.name == "RegisterRequest")
        .unwrap();
    let debug = (model.debug_from_json)(serde_json::json!({
        "amount": 2000, "returnUrl": "https://shop.example/ok", "orderNumber": "A-1"
    }))
    .unwrap();
    assert!(debug.contains("A-1") && debug.contains("2000"), "{debug}");
}
