//! Logs never show passwords, tokens, card numbers, CVCs or wallet tokens,
//! even at the most verbose level.

// Its own test binary, apart from `it`: it installs the process's tracing
// subscriber, which other tests running in the same process would disturb.
// It uses only some of the shared helpers.
#[allow(dead_code)]
#[path = "it/common/mod.rs"]
mod common;

use std::io::Write;
use std::sync::{Arc, Mutex};

use bereke_types::test_cards::{CARD_3DS1, CARD_SSL};
use common::*;

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn logs_keep_secrets_out() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    tracing::subscriber::set_global_default(subscriber).expect("one subscriber per test binary");

    let sandbox = sandbox().await;
    let order = register(&sandbox, false, "100", &[("clientId", "c-1")]).await;
    pay_card(&sandbox, &order, CARD_SSL.pan, "123").await;
    let secure = register(&sandbox, false, "100", &[]).await;
    let answer = pay_card(&sandbox, &secure, CARD_3DS1.pan, "321").await;
    let answer = pay_card(&sandbox, &secure, CARD_3DS1.pan, "123")
        .await
        .get("acsUrl")
        .map(|_| answer)
        .unwrap_or_default();
    let _ = answer;
    post_form(
        &sandbox,
        "rest/register.do",
        &[
            ("token", bereke_sandbox::DEFAULT_TOKEN),
            ("amount", "5"),
            ("returnUrl", "x"),
        ],
    )
    .await;
    post_json(
        &sandbox,
        "google/payment.do",
        r#"{"merchant":"sandbox_merchant","orderNumber":"log-1","paymentToken":"secret-wallet-token","amount":100,"returnUrl":"r"}"#,
    )
    .await;
    sandbox.stop().await;

    let logs = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(
        logs.contains("rest/paymentorder.do"),
        "requests are logged: {logs}"
    );
    for secret in [
        "test_user_password",
        bereke_sandbox::DEFAULT_TOKEN,
        CARD_SSL.pan,
        CARD_3DS1.pan,
        "secret-wallet-token",
        "$CVC",
    ] {
        assert!(!logs.contains(secret), "the logs show {secret}: {logs}");
    }
}
