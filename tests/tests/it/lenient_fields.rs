//! The lenient field decoders take each value in whichever JSON kind the
//! gateway sends, and `null` (and, for non-text fields, `""`) as absent,
//! whatever drives them: serde_json's parser, a `serde_json::Value`, or a
//! wrapping deserializer that tracks the field path.

use bereke_types::{Amount, GetOrderStatusExtendedResponse, OrderStatus};
use serde::de::DeserializeOwned;

/// Decodes `json` three ways and checks that they agree.
fn decode<T: DeserializeOwned + PartialEq + std::fmt::Debug>(json: &str) -> T {
    let parsed: T = serde_json::from_str(json).expect("decodes from text");
    let value: serde_json::Value = serde_json::from_str(json).expect("JSON");
    let from_value: T = serde_json::from_value(value).expect("decodes from a Value");
    let mut de = serde_json::Deserializer::from_str(json);
    let tracked: T = serde_path_to_error::deserialize(&mut de).expect("decodes with a path");
    assert_eq!(parsed, from_value, "{json}");
    assert_eq!(parsed, tracked, "{json}");
    parsed
}

#[test]
fn numbers_as_numbers_or_text_and_absent_as_null_empty_or_missing() {
    for (json, amount) in [
        (r#"{"amount": 2000}"#, Some(2000)),
        (r#"{"amount": "2000"}"#, Some(2000)),
        (r#"{"amount": " 2000 "}"#, Some(2000)),
        (r#"{"amount": 2000.0}"#, Some(2000)),
        (r#"{"amount": ""}"#, None),
        (r#"{"amount": null}"#, None),
        (r#"{}"#, None),
    ] {
        let answer: GetOrderStatusExtendedResponse = decode(json);
        assert_eq!(answer.amount, amount.map(Amount::from_minor), "{json}");
    }
}

#[test]
fn text_fields_take_numbers_and_keep_empty_text() {
    let answer: GetOrderStatusExtendedResponse =
        decode(r#"{"orderNumber": 7005, "authRefNum": "", "terminalId": null}"#);
    assert_eq!(answer.order_number.as_deref(), Some("7005"));
    assert_eq!(answer.auth_ref_num.as_deref(), Some(""));
    assert_eq!(answer.terminal_id, None);
}

#[test]
fn enumerations_take_their_code_as_number_or_text() {
    for json in [r#"{"orderStatus": 2}"#, r#"{"orderStatus": "2"}"#] {
        let answer: GetOrderStatusExtendedResponse = decode(json);
        assert_eq!(answer.order_status, Some(OrderStatus::Deposited), "{json}");
    }
}

#[test]
fn malformed_values_are_errors_naming_the_field() {
    for json in [
        r#"{"amount": "20a0"}"#,
        r#"{"amount": "-"}"#,
        r#"{"amount": -5}"#,
        r#"{"amount": 1.5}"#,
        r#"{"amount": "1234567890123456789012345678901"}"#,
        r#"{"amount": "99999999999999999999"}"#,
        r#"{"amount": [1]}"#,
        r#"{"amount": {"minor": 1}}"#,
    ] {
        let mut de = serde_json::Deserializer::from_str(json);
        let error = serde_path_to_error::deserialize::<_, GetOrderStatusExtendedResponse>(&mut de)
            .expect_err(json);
        assert_eq!(error.path().to_string(), "amount", "{json}: {error}");
    }
}
