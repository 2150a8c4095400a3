//! The `tracing` span of a call: endpoint, order, attempts, duration and
//! outcome, and never a secret. One test per binary: it installs a global
//! subscriber that records every span field and event as text.

// Its own test binary, apart from `it`: it installs the process's tracing
// subscriber, which other tests running in the same process would disturb.
// It uses only some of the shared helpers.
#[allow(dead_code)]
#[path = "it/client_support/mod.rs"]
mod client_support;

use std::fmt::{self, Write as _};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use bereke::models::*;
use bereke::{Client, Credentials};
use client_support::{without_ports, Reply, Stub};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

const PASSWORD: &str = "Pa55-w0rd-secret";
const TOKEN: &str = "tok-5ecret-a1b2c3";
const PAN: &str = "4111111111111111";
const CVC: &str = "937";
const WALLET_TOKEN: &str = "eyJ3YWxsZXQtc2VjcmV0LXRva2VuIn0=";

/// Records every span's name and fields, every later `record`, and every
/// event, one line each.
#[derive(Clone, Default)]
struct Capture {
    lines: Arc<Mutex<Vec<String>>>,
    next_id: Arc<AtomicU64>,
}

struct Line<'a>(&'a mut String);

impl Visit for Line<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        let _ = write!(self.0, " {}={:?}", field.name(), value);
    }
}

impl Subscriber for Capture {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }

    fn new_span(&self, span: &Attributes<'_>) -> Id {
        let id = self.next_id.fetch_add(1, Ordering::SeqCst) + 1;
        let mut line = format!("span#{id} {}", span.metadata().name());
        span.record(&mut Line(&mut line));
        self.lines.lock().unwrap().push(line);
        Id::from_u64(id)
    }

    fn record(&self, span: &Id, values: &Record<'_>) {
        let mut line = format!("record#{}", span.into_u64());
        values.record(&mut Line(&mut line));
        self.lines.lock().unwrap().push(line);
    }

    fn record_follows_from(&self, _: &Id, _: &Id) {}

    fn event(&self, event: &Event<'_>) {
        let mut line = format!("event {}", event.metadata().level());
        event.record(&mut Line(&mut line));
        self.lines.lock().unwrap().push(line);
    }

    fn enter(&self, _: &Id) {}

    fn exit(&self, _: &Id) {}
}

impl Capture {
    fn take(&self) -> String {
        std::mem::take(&mut *self.lines.lock().unwrap()).join("\n")
    }
}

#[track_caller]
fn assert_clean(log: &str) {
    let log = without_ports(log);
    for secret in [PASSWORD, TOKEN, PAN, CVC, WALLET_TOKEN] {
        assert!(!log.contains(secret), "the log shows {secret:?}:\n{log}");
    }
}

#[tokio::test]
async fn calls_are_traced_without_secrets() {
    let capture = Capture::default();
    tracing::subscriber::set_global_default(capture.clone()).expect("the only subscriber");

    // A card payment answered by a redirect.
    let stub = Stub::start(Reply::json(
        r#"{"redirect":"https://gw/finish.html?orderId=o-77","info":"Your order is proceeded, redirecting...","errorCode":0}"#,
    ))
    .await;
    let client = stub
        .builder()
        .credentials(Credentials::password("u", PASSWORD))
        .build()
        .unwrap();
    let card = bereke::models::card::Card::new(
        PAN.parse().unwrap(),
        "2030-12".parse().unwrap(),
        CVC.parse().unwrap(),
        "CARD HOLDER".parse().unwrap(),
    );
    let card = PaymentOrderRequest::new("o-77", &card);
    client.payment_order(&card).await.unwrap();
    let log = capture.take();
    assert_clean(&log);
    assert!(
        log.contains("bereke.call endpoint=\"rest/paymentorder.do\" order=\"o-77\""),
        "{log}"
    );
    assert!(log.contains("attempts=1"), "{log}");
    assert!(log.contains("duration_ms="), "{log}");
    assert!(log.contains("outcome=\"ok\""), "{log}");

    // A wallet payment refused by the gateway.
    let stub = Stub::start(Reply::json(
        r#"{"success":false,"error":{"code":10,"description":"Processing Error","message":"Auth is invalid"}}"#,
    ))
    .await;
    let client = stub
        .builder()
        .credentials(Credentials::token(TOKEN))
        .wallet_merchant("m")
        .build()
        .unwrap();
    client
        .apple_pay_payment(&ApplePayPaymentRequest::new("n-5", WALLET_TOKEN))
        .await
        .unwrap_err();
    let log = capture.take();
    assert_clean(&log);
    assert!(log.contains("order=\"n-5\""), "{log}");
    assert!(log.contains("outcome=\"gateway_error\""), "{log}");
    assert!(log.contains("error_code=10"), "{log}");

    // A status read retried after a dropped connection.
    let stub = Stub::start_dropping(1, Reply::json(r#"{"errorCode":"0","orderStatus":2}"#)).await;
    let client = stub
        .builder()
        .credentials(Credentials::token(TOKEN))
        .build()
        .unwrap();
    client
        .get_order_status_extended(&GetOrderStatusExtendedRequest::new().order_number("A-9"))
        .await
        .unwrap();
    let log = capture.take();
    assert_clean(&log);
    assert!(log.contains("order=\"A-9\""), "{log}");
    assert!(log.contains("attempts=2"), "{log}");
    assert!(log.contains("trying again"), "{log}");

    // A refused connection: nothing was sent, so even a deposit is tried again.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let closed = format!("http://{}/payment/", listener.local_addr().unwrap());
    drop(listener);
    let client = Client::builder()
        .base_url(&closed)
        .credentials(Credentials::password("u", PASSWORD))
        .retry(client_support::quick_retries())
        .build()
        .unwrap();
    let err = client
        .deposit(&DepositRequest::new("o-8", Amount::ZERO))
        .await
        .unwrap_err();
    assert!(!err.may_have_been_sent());
    let log = capture.take();
    assert_clean(&log);
    assert!(log.contains("attempts=3"), "{log}");
    assert!(log.contains("outcome=\"transport_error\""), "{log}");

    // A deposit that times out is sent once, and says so loudly.
    let stub =
        Stub::start(Reply::json(r#"{"errorCode":"0"}"#).delayed(Duration::from_millis(800))).await;
    let client = stub
        .builder()
        .credentials(Credentials::password("u", PASSWORD))
        .timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    client
        .deposit(&DepositRequest::new("o-9", Amount::ZERO))
        .await
        .unwrap_err();
    let log = capture.take();
    assert_clean(&log);
    assert!(log.contains("attempts=1"), "{log}");
    assert!(!log.contains("attempts=2"), "{log}");
    assert!(log.contains("outcome=\"timeout\""), "{log}");
    assert!(log.contains("event WARN"), "{log}");
    assert!(log.contains("check the order's status"), "{log}");
}
