//! No `Debug`, `Display` or error ever shows a password, token, card number,
//! CVC or wallet token.

use crate::client_support;

use std::time::Duration;

use bereke::models::*;
use bereke::{Client, Credentials, Error};
use client_support::{without_ports, Reply, Stub};

const PASSWORD: &str = "Pa55-w0rd-secret";
const TOKEN: &str = "tok-5ecret-a1b2c3";
const PAN: &str = "4111111111111111";
const CVC: &str = "937";
const WALLET_TOKEN: &str = "eyJ3YWxsZXQtc2VjcmV0LXRva2VuIn0=";

const SECRETS: &[&str] = &[PASSWORD, TOKEN, PAN, CVC, WALLET_TOKEN];

#[track_caller]
fn assert_clean(what: &str, text: &str) {
    // The stub's port is random and could contain the CVC's digits.
    let text = without_ports(text);
    for secret in SECRETS {
        assert!(!text.contains(secret), "{what} shows {secret:?}: {text}");
    }
}

fn card() -> bereke::models::card::Card {
    bereke::models::card::Card::new(
        PAN.parse().unwrap(),
        "2030-12".parse().unwrap(),
        CVC.parse().unwrap(),
        "CARD HOLDER".parse().unwrap(),
    )
}

fn card_request() -> PaymentOrderRequest {
    PaymentOrderRequest::new("o-1", &card())
}

fn apple_request() -> ApplePayPaymentRequest {
    ApplePayPaymentRequest::new("n-1", WALLET_TOKEN)
}

fn google_request() -> GooglePayPaymentRequest {
    GooglePayPaymentRequest::new("n-1", WALLET_TOKEN, 1000u64, "https://shop.example/ok")
}

#[test]
fn debug_of_credentials_and_client_hides_secrets() {
    let password = Credentials::password("shop-api", PASSWORD);
    let token = Credentials::token(TOKEN);
    assert_clean(
        "credentials",
        &format!("{password:?} {token:?} {password:#?}"),
    );
    assert!(format!("{password:?}").contains("shop-api"));

    for credentials in [password, token] {
        let builder = Client::builder()
            .base_url("https://3dsec.berekebank.kz/payment/")
            .credentials(credentials);
        assert_clean("builder", &format!("{builder:?}"));
        let client = builder.build().unwrap();
        let shown = format!("{client:?} {client:#?}");
        assert_clean("client", &shown);
        assert!(shown.contains("3dsec.berekebank.kz"), "{shown}");
    }
}

#[test]
fn debug_of_requests_with_card_data_hides_it() {
    assert_clean(
        "PaymentOrderRequest",
        &format!("{:?} {:#?}", card_request(), card_request()),
    );
    let binding =
        PaymentOrderBindingRequest::new("o-1", "b-1", "10.0.0.1").cvc(&CVC.parse().unwrap());
    assert_clean("PaymentOrderBindingRequest", &format!("{binding:?}"));
    assert_clean("ApplePayPaymentRequest", &format!("{:?}", apple_request()));
    assert_clean(
        "GooglePayPaymentRequest",
        &format!("{:?}", google_request()),
    );
}

#[test]
fn a_base_url_with_a_password_is_refused_without_echoing_it() {
    let err = Client::builder()
        .base_url(format!(
            "https://shop:{PASSWORD}@3dsec.berekebank.kz/payment/"
        ))
        .credentials(Credentials::token(TOKEN))
        .build()
        .unwrap_err();
    assert_clean("build error", &format!("{err} {err:?}"));
}

/// Every kind of error from calls that carry card data or wallet tokens.
async fn failing_calls() -> Vec<Error> {
    let mut errors = Vec::new();

    // Invalid request: a card number too long, a wallet token with a bad order number.
    let stub = Stub::start(Reply::json(r#"{"errorCode":"0"}"#)).await;
    let client = stub
        .builder()
        .credentials(Credentials::password("u", PASSWORD))
        .build()
        .unwrap();
    let long_pan = format!("{PAN}{PAN}");
    // A typed card cannot hold these; the request's public fields can, and
    // the client's own check must refuse them without echoing them.
    let mut bad = card_request();
    bad.pan = long_pan;
    errors.push(client.payment_order(&bad).await.unwrap_err());
    let mut bad = card_request();
    bad.cvc = format!("{CVC}{CVC}");
    errors.push(client.payment_order(&bad).await.unwrap_err());
    // An order number longer than the document's 30 characters.
    let bad = ApplePayPaymentRequest::new("n".repeat(31), WALLET_TOKEN);
    errors.push(client.apple_pay_payment(&bad).await.unwrap_err());
    // A wallet call without a merchant.
    let token_client = stub
        .builder()
        .credentials(Credentials::token(TOKEN))
        .build()
        .unwrap();
    errors.push(
        token_client
            .google_pay_payment(&google_request())
            .await
            .unwrap_err(),
    );
    assert_eq!(stub.count(), 0);

    // Gateway errors, HTTP status, undecodable bodies.
    for reply in [
        Reply::json(r#"{"errorCode":"5","errorMessage":"Access denied"}"#),
        Reply::json(r#"{"errorCode":"999","errorMessage":"x"}"#),
        Reply::html(500, "<html>Internal error</html>"),
        Reply::html(200, "<html>Maintenance</html>"),
        Reply::json(""),
        Reply::json(r#"{"errorCode":"0","redirect":"#),
    ] {
        let stub = Stub::start(reply).await;
        let client = stub
            .builder()
            .credentials(Credentials::password("u", PASSWORD))
            .build()
            .unwrap();
        errors.push(client.payment_order(&card_request()).await.unwrap_err());
        let client = stub
            .builder()
            .credentials(Credentials::token(TOKEN))
            .build()
            .unwrap();
        errors.push(client.payment_order(&card_request()).await.unwrap_err());
    }
    for reply in [
        Reply::json(
            r#"{"success":false,"error":{"code":10,"description":"Processing Error","message":"Auth is invalid"}}"#,
        ),
        Reply::html(502, "Bad gateway"),
    ] {
        let stub = Stub::start(reply).await;
        errors.push(
            stub.client()
                .apple_pay_payment(&apple_request())
                .await
                .unwrap_err(),
        );
        errors.push(
            stub.client()
                .google_pay_payment(&google_request())
                .await
                .unwrap_err(),
        );
    }

    // Timeout.
    let stub =
        Stub::start(Reply::json(r#"{"errorCode":"0"}"#).delayed(Duration::from_millis(800))).await;
    let client = stub
        .builder()
        .credentials(Credentials::password("u", PASSWORD))
        .timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    errors.push(client.payment_order(&card_request()).await.unwrap_err());
    errors.push(
        client
            .google_pay_payment(&google_request())
            .await
            .unwrap_err(),
    );

    // Transport: refused, and dropped.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let closed = format!("http://{}/payment/", listener.local_addr().unwrap());
    drop(listener);
    let client = Client::builder()
        .base_url(&closed)
        .credentials(Credentials::token(TOKEN))
        .wallet_merchant("m")
        .retry(client_support::quick_retries())
        .build()
        .unwrap();
    errors.push(client.payment_order(&card_request()).await.unwrap_err());
    errors.push(
        client
            .apple_pay_payment(&apple_request())
            .await
            .unwrap_err(),
    );
    let stub = Stub::start_dropping(1, Reply::json("{}")).await;
    let client = stub
        .builder()
        .credentials(Credentials::password("u", PASSWORD))
        .build()
        .unwrap();
    errors.push(client.payment_order(&card_request()).await.unwrap_err());

    errors
}

#[tokio::test]
async fn every_error_kind_hides_secrets() {
    let errors = failing_calls().await;
    let mut kinds = std::collections::BTreeSet::new();
    for err in &errors {
        kinds.insert(match err {
            Error::InvalidRequest { .. } => "invalid",
            Error::Timeout { .. } => "timeout",
            Error::Transport { .. } => "transport",
            Error::Status(_) => "status",
            Error::Decode(_) => "decode",
            Error::Gateway(_) => "gateway",
            _ => "other",
        });
        assert_clean("Display", &err.to_string());
        assert_clean("Debug", &format!("{err:?}"));
        assert_clean("pretty Debug", &format!("{err:#?}"));
        // The whole chain of sources too.
        let mut source = std::error::Error::source(err);
        while let Some(s) = source {
            assert_clean("source", &format!("{s} {s:?}"));
            source = s.source();
        }
    }
    assert_eq!(
        kinds.into_iter().collect::<Vec<_>>(),
        [
            "decode",
            "gateway",
            "invalid",
            "status",
            "timeout",
            "transport"
        ]
    );
}

#[tokio::test]
async fn invalid_card_data_is_named_not_shown() {
    let stub = Stub::start(Reply::json("{}")).await;
    let err = stub
        .client()
        .payment_order(&{
            let mut request = card_request();
            request.pan = "41111111111111111111111".to_owned();
            request
        })
        .await
        .unwrap_err();
    let shown = err.to_string();
    assert!(shown.contains("$PAN"), "{shown}");
    assert!(!shown.contains("41111111111111111111111"), "{shown}");
}
