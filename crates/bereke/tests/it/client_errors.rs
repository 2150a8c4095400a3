//! Each kind of error, from a real HTTP exchange with a stub gateway.

use crate::client_support;

use std::time::Duration;

use bereke::models::*;
use bereke::{Client, Credentials, Error};
use client_support::{Reply, Stub, PASSWORD, USER};

fn status_request() -> GetOrderStatusExtendedRequest {
    GetOrderStatusExtendedRequest::new().order_id("o-1")
}

fn register_request() -> RegisterRequest {
    RegisterRequest::new(Amount::from_minor(2000), "https://shop.example/ok").order_number("A-1")
}

#[tokio::test]
async fn an_unknown_gateway_code_is_kept() {
    let stub = Stub::start(Reply::json(r#"{"errorCode":"999","errorMessage":"x"}"#)).await;
    let err = stub
        .client()
        .register(&register_request())
        .await
        .unwrap_err();
    let gateway = err.gateway().expect("a gateway error");
    assert_eq!(gateway.code(), Some(999));
    assert!(!gateway.is_known_code());
    assert_eq!(gateway.message(), Some("x"));
    assert_eq!(
        gateway.code_as::<RegisterErrorCode>(),
        Some(RegisterErrorCode::from(999))
    );
    assert_eq!(
        err.gateway_code::<RegisterErrorCode>(),
        Some(RegisterErrorCode::from(999))
    );
    let shown = err.to_string();
    assert!(shown.contains("999") && shown.ends_with(": x"), "{shown}");
    assert_eq!(err.endpoint(), "rest/register.do");
    assert_eq!(err.status(), Some(reqwest::StatusCode::OK));
    assert_eq!(
        err.body(),
        Some(r#"{"errorCode":"999","errorMessage":"x"}"#)
    );
}

#[tokio::test]
async fn a_known_gateway_code_shows_code_and_message() {
    let stub = Stub::start(Reply::json(
        r#"{"errorCode":1,"errorMessage":"Order with given order number has already been processed or the childId is incorrect"}"#,
    ))
    .await;
    let err = stub
        .client()
        .register(&register_request())
        .await
        .unwrap_err();
    let code = err.gateway_code::<RegisterErrorCode>().unwrap();
    assert!(code.is_known());
    assert_eq!(code.code(), 1);
    assert!(!code.messages().is_empty());
    assert_eq!(
        err.to_string(),
        "rest/register.do: gateway error 1: Order with given order number has already been processed or the childId is incorrect"
    );
}

#[tokio::test]
async fn old_pascal_case_error_fields_are_read() {
    let stub = Stub::start(Reply::json(
        r#"{"ErrorCode":"6","ErrorMessage":"Unregistered order Id"}"#,
    ))
    .await;
    let err = stub
        .client()
        .get_order_status_extended(&status_request())
        .await
        .unwrap_err();
    let gateway = err.gateway().unwrap();
    assert_eq!(gateway.code(), Some(6));
    assert_eq!(gateway.message(), Some("Unregistered order Id"));
}

#[tokio::test]
async fn a_wallet_success_false_without_details_is_a_gateway_error() {
    let stub = Stub::start(Reply::json(r#"{"success":false}"#)).await;
    let err = stub
        .client()
        .apple_pay_payment(&ApplePayPaymentRequest::new("n-1", "dG9rZW4="))
        .await
        .unwrap_err();
    let gateway = err.gateway().expect("a gateway error");
    assert_eq!(gateway.code(), None);
    assert_eq!(
        err.to_string(),
        "applepay/payment.do: gateway error without a code: (no message)"
    );
}

#[tokio::test]
async fn an_html_error_page_with_status_500_keeps_status_and_body() {
    let page = "<html><body><h1>500 Internal Server Error</h1></body></html>";
    let stub = Stub::start(Reply::html(500, page)).await;
    let err = stub
        .client()
        .register(&register_request())
        .await
        .unwrap_err();
    match &err {
        Error::Status(e) => {
            assert_eq!(e.status(), reqwest::StatusCode::INTERNAL_SERVER_ERROR);
            assert_eq!(e.body(), page);
            assert_eq!(e.endpoint(), "rest/register.do");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(err.status().map(|s| s.as_u16()), Some(500));
    assert!(err.to_string().contains("HTTP status 500"), "{err}");
    assert!(
        err.to_string().contains("500 Internal Server Error"),
        "{err}"
    );
    assert!(err.may_have_been_sent());
    assert_eq!(stub.count(), 1, "register is never repeated");
}

#[tokio::test]
async fn an_html_page_with_status_200_is_undecodable_and_kept() {
    let page =
        "<!DOCTYPE html><html><head><title>Maintenance</title></head><body>Back soon</body></html>";
    let stub = Stub::start(Reply::html(200, page)).await;
    let err = stub
        .client()
        .get_order_status_extended(&status_request())
        .await
        .unwrap_err();
    match &err {
        Error::Decode(e) => {
            assert_eq!(e.status(), reqwest::StatusCode::OK);
            assert_eq!(e.body(), page);
            assert_eq!(e.path(), ".");
            assert!(e.message().contains("expected value"), "{}", e.message());
        }
        other => panic!("{other:?}"),
    }
    assert!(err.to_string().contains("Maintenance"), "{err}");
    assert_eq!(stub.count(), 1, "an answer is final, even for a read");
}

#[tokio::test]
async fn an_empty_body_is_undecodable() {
    let stub = Stub::start(Reply::json("")).await;
    let err = stub
        .client()
        .deposit(&DepositRequest::new("o-1", Amount::ZERO))
        .await
        .unwrap_err();
    match &err {
        Error::Decode(e) => {
            assert_eq!(e.message(), "the body is empty");
            assert_eq!(e.body(), "");
        }
        other => panic!("{other:?}"),
    }
    assert!(err.to_string().contains("(empty)"), "{err}");
}

#[tokio::test]
async fn truncated_json_is_undecodable_with_the_body_kept() {
    let body = r#"{"errorCode":"0","orderStatus":2,"paymentAmountInfo":{"approvedAmount":20"#;
    let stub = Stub::start(Reply::json(body)).await;
    let err = stub
        .client()
        .get_order_status_extended(&status_request())
        .await
        .unwrap_err();
    match &err {
        Error::Decode(e) => {
            assert_eq!(e.body(), body);
            assert!(e.message().contains("EOF"), "{}", e.message());
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn a_field_of_the_wrong_type_names_its_path() {
    let body = r#"{"errorCode":"0","orderStatus":2,"paymentAmountInfo":{"approvedAmount":"lots"}}"#;
    let stub = Stub::start(Reply::json(body)).await;
    let err = stub
        .client()
        .get_order_status_extended(&status_request())
        .await
        .unwrap_err();
    match &err {
        Error::Decode(e) => assert_eq!(e.path(), "paymentAmountInfo.approvedAmount", "{e}"),
        other => panic!("{other:?}"),
    }
    assert!(
        err.to_string()
            .contains("`paymentAmountInfo.approvedAmount`"),
        "{err}"
    );

    let body = r#"{"errorCode":"0","bindings":[{"bindingId":"b-1"},{"bindingId":{"x":1}}]}"#;
    let stub = Stub::start(Reply::json(body)).await;
    let err = stub
        .client()
        .get_bindings(&GetBindingsRequest::new("c-1"))
        .await
        .unwrap_err();
    match &err {
        Error::Decode(e) => assert_eq!(e.path(), "bindings[1].bindingId", "{e}"),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn trailing_garbage_after_json_is_undecodable() {
    let stub = Stub::start(Reply::json(r#"{"errorCode":"0"} <html>"#)).await;
    let err = stub
        .client()
        .deposit(&DepositRequest::new("o-1", Amount::ZERO))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Decode(_)), "{err:?}");
}

#[tokio::test]
async fn unknown_fields_and_values_are_not_errors() {
    let body = r#"{"errorCode":0,"orderStatus":42,"newField":{"a":[1,2]},"paymentAmountInfo":{"paymentState":"SOMETHING_NEW"}}"#;
    let stub = Stub::start(Reply::json(body)).await;
    let status = stub
        .client()
        .get_order_status_extended(&status_request())
        .await
        .unwrap();
    assert_eq!(status.order_status, Some(OrderStatus::from(42)));
}

#[tokio::test]
async fn a_body_with_a_byte_order_mark_decodes() {
    let stub = Stub::start(Reply::json("\u{feff}{\"errorCode\":\"0\"}")).await;
    stub.client()
        .deposit(&DepositRequest::new("o-1", Amount::ZERO))
        .await
        .unwrap();
}

#[tokio::test]
async fn a_refused_connection_was_not_sent() {
    // A port that was just free: connecting is refused.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let base_url = format!("http://{}/payment/", listener.local_addr().unwrap());
    drop(listener);
    let client = Client::builder()
        .base_url(&base_url)
        .credentials(Credentials::password(USER, PASSWORD))
        .retry(client_support::quick_retries())
        .build()
        .unwrap();
    let err = client
        .deposit(&DepositRequest::new("o-1", Amount::ZERO))
        .await
        .unwrap_err();
    match &err {
        Error::Transport {
            endpoint,
            may_have_been_sent,
            source,
        } => {
            assert_eq!(*endpoint, "rest/deposit.do");
            assert!(!may_have_been_sent);
            assert!(source.is_connect());
        }
        other => panic!("{other:?}"),
    }
    assert!(!err.may_have_been_sent());
    assert_eq!(
        err.to_string(),
        "rest/deposit.do: could not connect to the gateway; the request was not sent"
    );
    // The HTTP client's error is opaque, has its own cause (the refused
    // connection) and leaves the URL out: the endpoint is already named.
    let http = std::error::Error::source(&err).expect("the HTTP client's error");
    assert!(http.downcast_ref::<bereke::HttpError>().is_some());
    assert!(std::error::Error::source(http).is_some());
    assert!(!http.to_string().contains("127.0.0.1"), "{http}");
    assert!(!format!("{http:?}").contains("/payment/"), "{http:?}");
}

#[tokio::test]
async fn a_timeout_says_the_request_may_have_been_sent() {
    let stub =
        Stub::start(Reply::json(r#"{"errorCode":"0"}"#).delayed(Duration::from_millis(1_000)))
            .await;
    let client = stub
        .builder()
        .timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    let err = client
        .deposit(&DepositRequest::new("o-1", Amount::ZERO))
        .await
        .unwrap_err();
    match &err {
        Error::Timeout {
            endpoint,
            timeout,
            may_have_been_sent,
            ..
        } => {
            assert_eq!(*endpoint, "rest/deposit.do");
            assert_eq!(*timeout, Duration::from_millis(200));
            assert!(may_have_been_sent);
        }
        other => panic!("{other:?}"),
    }
    assert!(err.is_timeout());
    assert!(
        err.to_string().contains("may have reached the gateway"),
        "{err}"
    );
}

#[tokio::test]
async fn an_unexpected_status_with_json_is_still_a_status_error() {
    let stub = Stub::start(Reply {
        status: 404,
        ..Reply::json(r#"{"error":"not found"}"#)
    })
    .await;
    let err = stub
        .client()
        .get_order_status_extended(&status_request())
        .await
        .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(404));
    assert!(matches!(err, Error::Status(_)));
}

#[tokio::test]
async fn redirects_are_not_followed() {
    // A redirect would replay the body, credentials included, elsewhere.
    let elsewhere = Stub::start(Reply::json(r#"{"errorCode":"0"}"#)).await;
    let app_redirect = format!("{}rest/register.do", elsewhere.base_url);
    // The stub sends no Location header; a small router does.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let router = axum::Router::new().fallback(move || {
        let location = app_redirect.clone();
        async move {
            (
                axum::http::StatusCode::TEMPORARY_REDIRECT,
                [("location", location)],
                "",
            )
        }
    });
    tokio::spawn(async move { axum::serve(listener, router).await });
    let client = Client::builder()
        .base_url(format!("http://{addr}/payment/"))
        .credentials(Credentials::password(USER, PASSWORD))
        .build()
        .unwrap();
    let err = client.register(&register_request()).await.unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(307), "{err:?}");
    assert_eq!(elsewhere.count(), 0, "the redirect was not followed");
}

#[tokio::test]
async fn error_sources_and_kinds_are_reachable() {
    let stub = Stub::start(Reply::json(
        r#"{"errorCode":"5","errorMessage":"Access denied"}"#,
    ))
    .await;
    let err = stub
        .client()
        .refund(&RefundRequest::new("o-1", Amount::from_minor(1)))
        .await
        .unwrap_err();
    assert!(!err.is_timeout());
    assert_eq!(
        err.gateway_code::<RefundErrorCode>().map(|c| c.code()),
        Some(5)
    );
    // A gateway error's code read as another endpoint's enum is still the number.
    assert_eq!(
        err.gateway_code::<DepositErrorCode>().map(|c| c.code()),
        Some(5)
    );
    let boxed: Box<dyn std::error::Error + Send + Sync> = Box::new(err);
    assert!(boxed.to_string().contains("Access denied"));
}
