//! A refund through a proxy that loses the gateway's first answer (it
//! forwards the request, the sandbox refunds, and the proxy answers 504):
//! the client's retries must never refund twice.
//!
//! This is the red team's finding R1: a refund with a blank
//! `externalRefundId` counted as safe to repeat, while the gateway reads
//! `externalRefundId=` as no id and does not deduplicate.

use crate::common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Router;
use bereke::models::{Amount, GetOrderStatusExtendedRequest, RefundRequest};
use bereke::{Client, Credentials, Error, RetryConfig};
use bereke_sandbox::Sandbox;
use common::*;

/// A loopback proxy in front of the sandbox that forwards every request and
/// answers `504` instead of the sandbox's answer for the first `lose` of them.
struct LossyProxy {
    base_url: String,
    seen: Arc<AtomicUsize>,
}

#[derive(Clone)]
struct ProxyState {
    upstream: String,
    http: reqwest::Client,
    seen: Arc<AtomicUsize>,
    lose: usize,
}

impl LossyProxy {
    async fn start(sandbox: &Sandbox, lose: usize) -> Self {
        let seen = Arc::new(AtomicUsize::new(0));
        let state = ProxyState {
            upstream: format!("http://{}", sandbox.addr()),
            http: http(),
            seen: seen.clone(),
            lose,
        };
        let app = Router::new().fallback(forward).with_state(state);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("proxy binds");
        let addr = listener.local_addr().expect("proxy address");
        tokio::spawn(async move { axum::serve(listener, app).await });
        Self {
            base_url: format!("http://{addr}/payment/"),
            seen,
        }
    }

    fn requests(&self) -> usize {
        self.seen.load(Ordering::SeqCst)
    }
}

async fn forward(
    State(state): State<ProxyState>,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let n = state.seen.fetch_add(1, Ordering::SeqCst);
    let mut request = state.http.post(format!("{}{}", state.upstream, uri));
    if let Some(ct) = headers.get("content-type") {
        request = request.header("content-type", ct.clone());
    }
    let answer = request.body(body).send().await.expect("sandbox answers");
    let status = answer.status().as_u16();
    let text = answer.text().await.unwrap_or_default();
    if n < state.lose {
        // The operation was applied; its answer is lost.
        return (
            StatusCode::GATEWAY_TIMEOUT,
            "<html>504 Gateway Time-out</html>",
        )
            .into_response();
    }
    (StatusCode::from_u16(status).expect("status"), text).into_response()
}

fn client(base_url: &str) -> Client {
    Client::builder()
        .base_url(base_url)
        .credentials(Credentials::password(USER.0, USER.1))
        .retry(
            RetryConfig::default()
                .with_max_attempts(3)
                .with_initial_backoff(Duration::from_millis(10)),
        )
        .build()
        .expect("client builds")
}

/// A one-stage order of 1000, paid with the SSL card: deposited at 1000.
async fn paid_order(sandbox: &Sandbox) -> String {
    let order = register(sandbox, false, "1000", &[]).await;
    let paid = pay_ssl(sandbox, &order).await;
    assert_eq!(paid["errorCode"], 0, "paid: {paid}");
    order
}

async fn refunded(sandbox: &Sandbox, order: &str) -> u64 {
    let status = client(sandbox.base_url())
        .get_order_status_extended(&GetOrderStatusExtendedRequest::new().order_id(order))
        .await
        .expect("status");
    status
        .payment_amount_info
        .and_then(|a| a.refunded_amount)
        .map(|a| a.minor())
        .unwrap_or(0)
}

#[tokio::test]
async fn a_blank_external_refund_id_is_refused_before_anything_is_sent() {
    let sandbox = sandbox().await;
    let proxy = LossyProxy::start(&sandbox, 1).await;
    let order = paid_order(&sandbox).await;
    for blank in ["", " ", "\t  "] {
        let refund = RefundRequest::new(&order, Amount::from_minor(300)).external_refund_id(blank);
        let error = client(&proxy.base_url)
            .refund(&refund)
            .await
            .expect_err("a blank id is refused");
        let Error::InvalidRequest { problem, .. } = &error else {
            panic!("expected InvalidRequest for {blank:?}, got {error:?}")
        };
        assert_eq!(problem.field, "externalRefundId");
        assert!(problem.problem.contains("blank"), "{problem}");
        assert!(!error.may_have_been_sent());
    }
    assert_eq!(proxy.requests(), 0, "nothing reached the proxy");
    assert_eq!(refunded(&sandbox, &order).await, 0);
}

#[tokio::test]
async fn a_refund_with_a_real_id_is_repeated_and_refunds_once() {
    let sandbox = sandbox().await;
    let proxy = LossyProxy::start(&sandbox, 1).await;
    let order = paid_order(&sandbox).await;
    let refund = RefundRequest::new(&order, Amount::from_minor(300)).external_refund_id("r-77");
    client(&proxy.base_url)
        .refund(&refund)
        .await
        .expect("the repeat answers with the first refund's result");
    assert_eq!(proxy.requests(), 2, "sent, lost, repeated once");
    assert_eq!(refunded(&sandbox, &order).await, 300);
}

#[tokio::test]
async fn a_refund_without_an_id_is_sent_once_and_its_loss_reported() {
    let sandbox = sandbox().await;
    let proxy = LossyProxy::start(&sandbox, 1).await;
    let order = paid_order(&sandbox).await;
    let error = client(&proxy.base_url)
        .refund(&RefundRequest::new(&order, Amount::from_minor(300)))
        .await
        .expect_err("the answer was lost");
    assert!(matches!(error, Error::Status(_)), "{error:?}");
    assert!(error.may_have_been_sent());
    assert_eq!(proxy.requests(), 1, "never repeated");
    assert_eq!(refunded(&sandbox, &order).await, 300);
}

#[test]
fn only_a_non_blank_id_makes_a_refund_safe_to_repeat() {
    use bereke::models::Endpoint;
    let base = || RefundRequest::new("o-1", Amount::from_minor(1));
    assert!(!base().repeat_is_safe());
    assert!(!base().external_refund_id("").repeat_is_safe());
    assert!(!base().external_refund_id("   ").repeat_is_safe());
    assert!(base().external_refund_id("r-1").repeat_is_safe());
}
