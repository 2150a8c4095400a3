//! A hostile or careless upstream echoes the request body: a proxy's error
//! page, an HTML page with HTTP 200, a gateway error message that repeats
//! the request, a field of the wrong type whose value is the request. No
//! secret the client sent (password, token, every field the spec marks
//! sensitive) survives into the error's body, message, `Display`, `Debug`,
//! or the client's log lines.
//!
//! A test binary of its own, apart from `it`: `tracing` caches which call
//! sites are enabled process-wide, so another test's thread without the
//! capturing subscriber could switch the client's events off for this one.

// It uses only some of the shared helpers.
#[allow(dead_code)]
#[path = "it/client_support/mod.rs"]
mod client_support;

use std::io::Write;
use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::Router;
use bereke::models::*;
use bereke::{Client, Credentials, Error, RetryConfig};
use client_support::without_ports;
use tokio::net::TcpListener;

const USER: &str = "shop-api";
const PASSWORD: &str = "Pa55-w0rd-secret";
const TOKEN: &str = "tok-5ecret-a1b2c3";
const PAN: &str = "4111111111111111";
const CVC: &str = "937";
const YEAR: &str = "2031";
const MONTH: &str = "07";
const HOLDER: &str = "IVAN PETROV";

/// The card of the constants above, parsed as a user would.
fn card() -> bereke::models::card::Card {
    bereke::models::card::Card::new(
        PAN.parse().unwrap(),
        format!("{YEAR}-{MONTH}").parse().unwrap(),
        CVC.parse().unwrap(),
        HOLDER.parse().unwrap(),
    )
}
const CAVV: &str = "AAABBJkZUQAAAABgJBlRAAAAAAA=";
const WALLET_TOKEN: &str = "eyJ3YWxsZXQtc2VjcmV0LXRva2VuIn0=";

/// Each sensitive request field the spec marks, with the value the tests
/// send in it. A new sensitive field must be added here: the test checks
/// that every one of `E::INFO.sensitive` is.
const SENT: &[(&str, &str)] = &[
    ("$PAN", PAN),
    ("$CVC", CVC),
    ("YYYY", YEAR),
    ("MM", MONTH),
    ("TEXT", HOLDER),
    ("cavv", CAVV),
    ("cvc", CVC),
    ("paymentToken", WALLET_TOKEN),
];

/// How the echo server repeats the request.
const MODES: [&str; 4] = ["status500", "html200", "gateway", "mistyped"];

/// Serves `POST /{mode}/payment/{*path}`, echoing the raw body as `mode` says.
async fn echo_server() -> String {
    async fn echo(Path((mode, _path)): Path<(String, String)>, body: Bytes) -> Response {
        let raw = String::from_utf8_lossy(&body).into_owned();
        let decoded: String = form_urlencoded::parse(&body)
            .map(|(k, v)| format!("<tr><td>{k}</td><td>{v}</td></tr>"))
            .collect();
        match mode.as_str() {
            "status500" => (
                StatusCode::INTERNAL_SERVER_ERROR,
                format!("<html><h1>Bad request</h1><pre>{raw}</pre><table>{decoded}</table>"),
            )
                .into_response(),
            "html200" => {
                (StatusCode::OK, format!("<html><pre>{raw}</pre>{decoded}")).into_response()
            }
            "gateway" => (
                StatusCode::OK,
                [("content-type", "application/json")],
                serde_json::json!({
                    "errorCode": "5",
                    "errorMessage": format!("Invalid request: {raw} {decoded}"),
                    "success": false,
                    "error": {"code": 5, "message": format!("Invalid request: {raw}")},
                })
                .to_string(),
            )
                .into_response(),
            _ => (
                StatusCode::OK,
                [("content-type", "application/json")],
                serde_json::json!({ "errorCode": raw, "success": raw }).to_string(),
            )
                .into_response(),
        }
    }
    let app = Router::new().route("/{mode}/payment/{*path}", post(echo));
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("address");
    tokio::spawn(async move { axum::serve(listener, app).await });
    format!("http://{addr}")
}

/// Log lines the client writes, captured.
#[derive(Clone, Default)]
struct Logs(Arc<Mutex<Vec<u8>>>);

impl Write for Logs {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[track_caller]
fn assert_clean(what: &str, text: &str) {
    let text = without_ports(text);
    for secret in [PASSWORD, TOKEN, PAN, CVC, YEAR, HOLDER, CAVV, WALLET_TOKEN] {
        assert!(!text.contains(secret), "{what} shows {secret:?}: {text}");
    }
    for encoded in ["IVAN+PETROV", "MM=07", "Pa55-w0rd"] {
        assert!(!text.contains(encoded), "{what} shows {encoded:?}: {text}");
    }
}

#[track_caller]
fn assert_covers(sensitive: &[&str]) {
    for name in sensitive {
        assert!(
            SENT.iter().any(|(sent, _)| sent == name),
            "the spec marks `{name}` sensitive: add it to SENT"
        );
    }
}

fn client(base: &str, mode: &str, credentials: Credentials) -> Client {
    Client::builder()
        .base_url(format!("{base}/{mode}/payment/"))
        .credentials(credentials)
        .wallet_merchant("wallet-shop")
        .retry(RetryConfig::disabled())
        .build()
        .expect("client")
}

fn check(what: &str, error: &Error) {
    assert_clean(&format!("{what} Display"), &error.to_string());
    assert_clean(&format!("{what} Debug"), &format!("{error:?} {error:#?}"));
    assert_clean(&format!("{what} body"), error.body().unwrap_or_default());
    if let Some(gateway) = error.gateway() {
        assert_clean(
            &format!("{what} message"),
            gateway.message().unwrap_or_default(),
        );
    }
    if let Error::Decode(decode) = error {
        assert_clean(&format!("{what} decode message"), decode.message());
    }
}

#[tokio::test]
async fn no_echoed_secret_reaches_an_error_or_a_log_line() {
    let logs = Logs::default();
    let writer = logs.clone();
    // The client's own events and spans, at every level; no timestamps
    // (their digits could hold the CVC's).
    let subscriber = tracing_subscriber::fmt()
        .with_env_filter("bereke=trace")
        .without_time()
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let base = echo_server().await;
    let card = PaymentOrderRequest::new("o-1", &card()).cavv(CAVV);
    let binding =
        PaymentOrderBindingRequest::new("o-1", "b-1", "10.0.0.1").cvc(&CVC.parse().unwrap());
    let apple = ApplePayPaymentRequest::new("n-1", WALLET_TOKEN);
    let google =
        GooglePayPaymentRequest::new("n-1", WALLET_TOKEN, 1000u64, "https://shop.example/ok");
    assert_covers(PaymentOrderRequest::INFO.sensitive);
    assert_covers(PaymentOrderBindingRequest::INFO.sensitive);
    assert_covers(ApplePayPaymentRequest::INFO.sensitive);
    assert_covers(GooglePayPaymentRequest::INFO.sensitive);

    let mut checked = 0;
    for mode in MODES {
        for credentials in [
            Credentials::password(USER, PASSWORD),
            Credentials::token(TOKEN),
        ] {
            let c = client(&base, mode, credentials);
            let errors = [
                ("paymentorder", c.payment_order(&card).await.map(drop)),
                ("binding", c.payment_order_binding(&binding).await.map(drop)),
                (
                    "status",
                    c.get_order_status_extended(
                        &GetOrderStatusExtendedRequest::new().order_id("o-1"),
                    )
                    .await
                    .map(drop),
                ),
            ];
            for (what, result) in errors {
                let error = result.expect_err("an echo is never a success");
                check(&format!("{mode} {what}"), &error);
                checked += 1;
            }
        }
        let c = client(&base, mode, Credentials::password(USER, PASSWORD));
        for (what, result) in [
            ("apple", c.apple_pay_payment(&apple).await.map(drop)),
            ("google", c.google_pay_payment(&google).await.map(drop)),
        ] {
            let error = result.expect_err("an echo is never a success");
            check(&format!("{mode} {what}"), &error);
            checked += 1;
        }
    }
    assert_eq!(checked, MODES.len() * 8);
    the_rest_of_an_echoed_body_is_kept(&base).await;

    let logs = String::from_utf8(logs.0.lock().unwrap().clone()).unwrap();
    assert!(
        logs.contains("check the order's status"),
        "the money warning was logged: {logs}"
    );
    assert_clean("logs", &logs);
}

/// What is not secret stays in the kept body: the merchant still sees what
/// the upstream said.
async fn the_rest_of_an_echoed_body_is_kept(base: &str) {
    let c = client(base, "status500", Credentials::password(USER, PASSWORD));
    let error = c
        .payment_order(&PaymentOrderRequest::new("order-77", &card()))
        .await
        .expect_err("HTTP 500");
    let body = error.body().expect("a body");
    assert!(body.contains("<h1>Bad request</h1>"), "{body}");
    assert!(body.contains("MDORDER=order-77"), "{body}");
    assert!(body.contains("userName=shop-api"), "{body}");
    assert!(body.contains("***"), "{body}");
}
