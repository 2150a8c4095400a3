//! Retries: reads are repeated after a dropped connection or a timeout; a
//! call that can move money is never sent again once it may have reached the
//! gateway, unless its repeat is safe (a refund with an `externalRefundId`).

use crate::client_support;

use std::time::Duration;

use bereke::models::*;
use bereke::{Error, RetryConfig};
use client_support::{Reply, Stub};

const CLIENT_TIMEOUT: Duration = Duration::from_millis(250);
const SLOW: Duration = Duration::from_millis(1_000);
/// Long enough for a retry to have arrived if one were sent.
const SETTLE: Duration = Duration::from_millis(400);

fn status_request() -> GetOrderStatusExtendedRequest {
    GetOrderStatusExtendedRequest::new().order_id("o-1")
}

const STATUS_OK: &str = r#"{"errorCode":"0","orderStatus":2,"amount":2000}"#;

#[tokio::test]
async fn a_status_read_is_retried_after_a_dropped_connection() {
    let stub = Stub::start_dropping(1, Reply::json(STATUS_OK)).await;
    let status = stub
        .client()
        .get_order_status_extended(&status_request())
        .await
        .expect("the second attempt answers");
    assert_eq!(status.order_status, Some(OrderStatus::Deposited));
    assert_eq!(stub.dropped(), 1);
    assert_eq!(stub.count(), 1);
}

#[tokio::test]
async fn bindings_are_retried_after_two_dropped_connections() {
    let stub = Stub::start_dropping(2, Reply::json(r#"{"errorCode":"0","bindings":[]}"#)).await;
    stub.client()
        .get_bindings(&GetBindingsRequest::new("c-1"))
        .await
        .unwrap();
    assert_eq!(stub.dropped(), 2);
    assert_eq!(stub.count(), 1);
}

#[tokio::test]
async fn retries_stop_after_the_last_attempt() {
    let stub = Stub::start_dropping(5, Reply::json(STATUS_OK)).await;
    let err = stub
        .client()
        .get_order_status_extended(&status_request())
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::Transport {
                may_have_been_sent: true,
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(stub.dropped(), 3, "three attempts in all");
}

#[tokio::test]
async fn retries_can_be_turned_off() {
    let stub = Stub::start_dropping(1, Reply::json(STATUS_OK)).await;
    let client = stub
        .builder()
        .retry(RetryConfig::disabled())
        .build()
        .unwrap();
    let err = client
        .get_order_status_extended(&status_request())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Transport { .. }), "{err:?}");
    assert_eq!(stub.dropped(), 1);
    assert_eq!(stub.count(), 0);
}

#[tokio::test]
async fn a_status_read_is_retried_after_a_timeout() {
    let stub = Stub::start(Reply::json(STATUS_OK)).await;
    stub.push(Reply::json(STATUS_OK).delayed(SLOW));
    let client = stub.builder().timeout(CLIENT_TIMEOUT).build().unwrap();
    client
        .get_order_status_extended(&status_request())
        .await
        .unwrap();
    assert_eq!(stub.count(), 2);
}

#[tokio::test]
async fn a_status_read_is_retried_after_service_unavailable() {
    let stub = Stub::start(Reply::json(STATUS_OK)).await;
    stub.push(Reply::html(503, "<h1>Service Unavailable</h1>"));
    stub.client()
        .get_order_status_extended(&status_request())
        .await
        .unwrap();
    assert_eq!(stub.count(), 2);
}

#[tokio::test]
async fn a_timed_out_deposit_is_sent_once() {
    let stub = Stub::start(Reply::json(r#"{"errorCode":"0"}"#).delayed(SLOW)).await;
    let client = stub.builder().timeout(CLIENT_TIMEOUT).build().unwrap();
    let err = client
        .deposit(&DepositRequest::new("o-1", Amount::from_minor(2000)))
        .await
        .unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
    assert!(err.may_have_been_sent());
    assert!(
        err.to_string().contains("may have reached the gateway"),
        "{err}"
    );
    tokio::time::sleep(SETTLE).await;
    assert_eq!(stub.count(), 1, "exactly one request");
}

#[tokio::test]
async fn a_timed_out_card_payment_is_sent_once() {
    let stub = Stub::start(Reply::json(r#"{"errorCode":"0"}"#).delayed(SLOW)).await;
    let client = stub.builder().timeout(CLIENT_TIMEOUT).build().unwrap();
    let err = client
        .payment_order(&PaymentOrderRequest::new(
            "o-1",
            &test_cards::CARD_SSL.card("CARD HOLDER").unwrap(),
        ))
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::Timeout {
                may_have_been_sent: true,
                ..
            }
        ),
        "{err:?}"
    );
    tokio::time::sleep(SETTLE).await;
    assert_eq!(stub.count(), 1, "exactly one request");
}

#[tokio::test]
async fn a_timed_out_wallet_payment_is_sent_once() {
    let stub = Stub::start(Reply::json(r#"{"success":true}"#).delayed(SLOW)).await;
    let client = stub.builder().timeout(CLIENT_TIMEOUT).build().unwrap();
    let err = client
        .google_pay_payment(&GooglePayPaymentRequest::new(
            "n-1",
            "dG9rZW4=",
            1000u64,
            "https://s/ok",
        ))
        .await
        .unwrap_err();
    assert!(err.is_timeout() && err.may_have_been_sent(), "{err:?}");
    tokio::time::sleep(SETTLE).await;
    assert_eq!(stub.count(), 1);
}

#[tokio::test]
async fn a_register_is_not_retried_after_a_dropped_connection() {
    let stub = Stub::start_dropping(1, Reply::json(r#"{"orderId":"o-1"}"#)).await;
    let err = stub
        .client()
        .register(&RegisterRequest::new(
            Amount::from_minor(2000),
            "https://s/ok",
        ))
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::Transport {
                may_have_been_sent: true,
                ..
            }
        ),
        "{err:?}"
    );
    tokio::time::sleep(SETTLE).await;
    assert_eq!(stub.dropped(), 1);
    assert_eq!(stub.count(), 0, "no second attempt");
}

#[tokio::test]
async fn a_deposit_is_not_retried_after_service_unavailable() {
    let stub = Stub::start(Reply::json(r#"{"errorCode":"0"}"#)).await;
    stub.push(Reply::html(503, "<h1>Service Unavailable</h1>"));
    let err = stub
        .client()
        .deposit(&DepositRequest::new("o-1", Amount::ZERO))
        .await
        .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(stub.count(), 1);
}

#[tokio::test]
async fn a_refund_with_an_external_id_is_retried_after_a_timeout() {
    let stub = Stub::start(Reply::json(r#"{"errorCode":"0","errorMessage":"Success"}"#)).await;
    stub.push(Reply::json(r#"{"errorCode":"0"}"#).delayed(SLOW));
    let client = stub.builder().timeout(CLIENT_TIMEOUT).build().unwrap();
    let request =
        RefundRequest::new("o-1", Amount::from_minor(500)).external_refund_id("refund-o-1-1");
    client
        .refund(&request)
        .await
        .expect("the second attempt answers");
    assert_eq!(stub.count(), 2);
    let requests = stub.requests();
    assert_eq!(requests[0].body, requests[1].body, "the very same request");
}

#[tokio::test]
async fn a_refund_without_an_external_id_is_sent_once() {
    let stub = Stub::start(Reply::json(r#"{"errorCode":"0"}"#).delayed(SLOW)).await;
    let client = stub.builder().timeout(CLIENT_TIMEOUT).build().unwrap();
    let err = client
        .refund(&RefundRequest::new("o-1", Amount::from_minor(500)))
        .await
        .unwrap_err();
    assert!(err.is_timeout() && err.may_have_been_sent());
    tokio::time::sleep(SETTLE).await;
    assert_eq!(stub.count(), 1);
}

#[tokio::test]
async fn gateway_errors_are_final() {
    let stub = Stub::start(Reply::json(
        r#"{"errorCode":"7","errorMessage":"System error"}"#,
    ))
    .await;
    let err = stub
        .client()
        .get_order_status_extended(&status_request())
        .await
        .unwrap_err();
    assert!(err.gateway().is_some());
    assert_eq!(stub.count(), 1);
}

/// Without a deadline, three hanging attempts take three timeouts; with
/// one, the call ends when the deadline does, whatever the retries.
#[tokio::test]
async fn a_deadline_bounds_a_call_across_its_attempts() {
    let stub = Stub::start(Reply::json(STATUS_OK).delayed(SLOW)).await;
    let deadline = Duration::from_millis(400);
    let client = stub
        .builder()
        .timeout(CLIENT_TIMEOUT)
        .retry(
            RetryConfig::default()
                .with_max_attempts(5)
                .with_initial_backoff(Duration::from_millis(10))
                .with_max_backoff(Duration::from_millis(10))
                .with_deadline(deadline),
        )
        .build()
        .unwrap();
    let started = std::time::Instant::now();
    let error = client
        .get_order_status_extended(&status_request())
        .await
        .unwrap_err();
    let took = started.elapsed();
    assert!(error.is_timeout(), "{error:?}");
    // 250 ms, a 10 ms wait, then what is left (about 140 ms): two attempts,
    // where five timeouts would have taken 1.25 s.
    assert!(took >= deadline, "{took:?}");
    // Slack for a loaded machine, still far below five timeouts.
    assert!(took < Duration::from_millis(900), "{took:?}");
    assert_eq!(stub.count(), 2);
}

/// A wait that would outlast the deadline is not started.
#[tokio::test]
async fn no_retry_is_started_past_the_deadline() {
    let stub = Stub::start(Reply::html(503, "busy")).await;
    let client = stub
        .builder()
        .retry(
            RetryConfig::default()
                .with_max_attempts(5)
                // Jitter keeps a wait at half its delay or more: 500 ms at
                // least, past the 200 ms deadline whatever the first try took.
                .with_initial_backoff(Duration::from_secs(1))
                .with_deadline(Duration::from_millis(200)),
        )
        .build()
        .unwrap();
    let started = std::time::Instant::now();
    let error = client
        .get_order_status_extended(&status_request())
        .await
        .unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(stub.count(), 1);
    assert!(started.elapsed() < Duration::from_secs(1));
}
