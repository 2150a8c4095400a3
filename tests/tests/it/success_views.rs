//! `success()`: what an answer without an error must hold, without
//! `Option`, or which fields it lacks.

use bereke_types::{
    GetOrderStatusExtendedResponse, GetOrderStatusResponse, MissingFields, OrderStatus,
    RegisterPreAuthResponse, RegisterResponse,
};

#[test]
fn a_registration_gives_its_order_id_and_payment_page() {
    let r: RegisterResponse = serde_json::from_str(
        r#"{"orderId":"70906e55","formUrl":"https://pay.example/merchants/x/payment_en.html?mdOrder=70906e55"}"#,
    )
    .unwrap();
    let ok = r.success().unwrap();
    assert_eq!(ok.order_id, "70906e55");
    assert!(ok.form_url.ends_with("mdOrder=70906e55"));
}

#[test]
fn a_missing_field_is_named_with_its_endpoint() {
    let r: RegisterPreAuthResponse = serde_json::from_str(r#"{"orderId":"70906e55"}"#).unwrap();
    let e: MissingFields = r.success().unwrap_err();
    assert_eq!(e.endpoint(), "rest/registerPreAuth.do");
    assert_eq!(e.missing(), ["formUrl"]);
    assert_eq!(
        e.to_string(),
        "rest/registerPreAuth.do answered without an error but without formUrl"
    );

    let r = RegisterResponse::new();
    assert_eq!(r.success().unwrap_err().missing(), ["formUrl", "orderId"]);
}

#[test]
fn a_status_gives_the_order_status() {
    let r: GetOrderStatusExtendedResponse =
        serde_json::from_str(r#"{"errorCode":"0","orderStatus":2}"#).unwrap();
    assert_eq!(*r.success().unwrap().order_status, OrderStatus::Deposited);
    let r: GetOrderStatusResponse = serde_json::from_str(r#"{"OrderStatus":1}"#).unwrap();
    assert_eq!(*r.success().unwrap().order_status, OrderStatus::Approved);
    let r: GetOrderStatusResponse = serde_json::from_str(r#"{"ErrorCode":0}"#).unwrap();
    assert_eq!(r.success().unwrap_err().missing(), ["OrderStatus"]);
}
