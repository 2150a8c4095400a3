//! A request serialized with `serde_urlencoded` is the gateway's form body,
//! nested objects as JSON strings, and decodes back to the same request.

use bereke_types::*;

fn full_register() -> RegisterRequest {
    RegisterRequest::new(
        Amount::from_minor(15_000),
        "https://shop.example/ok?x=1&y=2",
    )
    .order_number("ORDER-42")
    .currency(Currency::KZT)
    .fail_url("https://shop.example/fail")
    .description("Кофе × 2")
    .language("kk")
    .client_id("client-7")
    .json_params([("email".to_owned(), "buyer@example.com".to_owned())])
    .session_timeout_secs(600)
    .features(Feature::ForceTds)
    .phone("+77011234567")
    .billing_payer_data(
        BillingPayerData::new()
            .billing_city("Алматы")
            .billing_country("398")
            .billing_address_line1("Абай 1, кв. 2"),
    )
}

#[test]
fn register_form_is_what_the_gateway_expects() {
    let request = full_register();
    let form = serde_urlencoded::to_string(&request).expect("encodes");
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(&form).unwrap();
    let get = |k: &str| pairs.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
    assert_eq!(get("amount"), Some("15000"));
    assert_eq!(get("currency"), Some("398"));
    assert_eq!(get("returnUrl"), Some("https://shop.example/ok?x=1&y=2"));
    assert_eq!(get("features"), Some("FORCE_TDS"));
    assert_eq!(get("jsonParams"), Some(r#"{"email":"buyer@example.com"}"#));
    let billing: serde_json::Value =
        serde_json::from_str(get("billingPayerData").unwrap()).unwrap();
    assert_eq!(billing["billingCity"], "Алматы");
    assert_eq!(
        get("userName"),
        None,
        "credentials are the client's, not the model's"
    );
    assert!(
        !pairs.iter().any(|(k, _)| k == "bindingId"),
        "absent fields are not sent"
    );
}

#[test]
fn register_form_decodes_to_the_same_request() {
    let request = full_register();
    let form = serde_urlencoded::to_string(&request).unwrap();
    let back: RegisterRequest = serde_urlencoded::from_str(&form).expect("decodes");
    assert_eq!(back, request);
    assert_eq!(back.validate(), Ok(()));
}

#[test]
fn card_payment_form_uses_the_gateway_spellings() {
    let card = bereke_types::test_cards::CARD_3DS2
        .card("TEST CARDHOLDER")
        .unwrap();
    let request = PaymentOrderRequest::new("014932b6-9dc7-7782-aeec-a07500a7d8c0", &card);
    let form = serde_urlencoded::to_string(&request).unwrap();
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(&form).unwrap();
    let names: Vec<&str> = pairs.iter().map(|(k, _)| k.as_str()).collect();
    for wire in ["MDORDER", "$PAN", "$CVC", "YYYY", "MM", "TEXT"] {
        assert!(names.contains(&wire), "{wire} missing from {names:?}");
    }
    let back: PaymentOrderRequest = serde_urlencoded::from_str(&form).unwrap();
    assert_eq!(back, request);
    let debug = format!("{request:?}");
    assert!(
        !debug.contains("5555555555555599") && !debug.contains("\"123\""),
        "{debug}"
    );
}

#[test]
fn responses_reencoded_to_json_decode_to_the_same_value() {
    let body = r#"{"errorCode":"0","orderStatus":"2","amount":"2000","currency":978,
        "date":"1617972915659","cardAuthInfo":{"expiration":202412,"maskedPan":"555555**5599"},
        "paymentAmountInfo":{"paymentState":"DEPOSITED","depositedAmount":"2000"}}"#;
    let first: GetOrderStatusExtendedResponse = serde_json::from_str(body).unwrap();
    let json = serde_json::to_string(&first).unwrap();
    let second: GetOrderStatusExtendedResponse = serde_json::from_str(&json).unwrap();
    assert_eq!(first, second);
    assert_eq!(second.order_status, Some(OrderStatus::Deposited));
    assert_eq!(
        second.card_auth_info.unwrap().expiration,
        Expiry::new(2024, 12)
    );
}
