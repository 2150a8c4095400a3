//! Fault injection, seen on the wire: each fault happens as documented,
//! faults "after" processing really applied the request, faults "before"
//! did not, the browser's pages get none, and a seed repeats its faults.

use crate::common;

use std::io;
use std::time::{Duration, Instant};

use bereke_sandbox::{FaultCounts, FaultProfile, Sandbox};
use common::*;
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

fn profile(text: &str) -> FaultProfile {
    text.parse().expect("profile")
}

/// What came back for a raw HTTP/1.1 request.
#[derive(Debug)]
struct Raw {
    /// Everything read before the connection ended.
    bytes: Vec<u8>,
    /// Whether it ended with a TCP reset.
    reset: bool,
}

impl Raw {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.bytes).into_owned()
    }

    fn status(&self) -> Option<u16> {
        self.text().get(9..12)?.parse().ok()
    }

    fn declared_length(&self) -> Option<usize> {
        self.text().lines().find_map(|line| {
            let (name, value) = line.split_once(':')?;
            name.eq_ignore_ascii_case("content-length")
                .then(|| value.trim().parse().ok())?
        })
    }

    fn body(&self) -> &[u8] {
        let at = self
            .bytes
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .map_or(self.bytes.len(), |p| p + 4);
        &self.bytes[at..]
    }
}

/// Posts a form on a connection of its own and reads until it ends.
async fn raw_post(sandbox: &Sandbox, path: &str, pairs: &[(&str, &str)]) -> Raw {
    let body = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs)
        .finish();
    let request = format!(
        "POST /payment/{path} HTTP/1.1\r\nhost: {}\r\nconnection: close\r\n\
         content-type: application/x-www-form-urlencoded\r\ncontent-length: {}\r\n\r\n{body}",
        sandbox.addr(),
        body.len()
    );
    let mut stream = TcpStream::connect(sandbox.addr()).await.unwrap();
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut bytes = Vec::new();
    let mut buf = [0u8; 4096];
    let reset = loop {
        match tokio::time::timeout(Duration::from_secs(5), stream.read(&mut buf)).await {
            Err(_) => panic!("no end of the answer within 5 s"),
            Ok(Ok(0)) => break false,
            Ok(Ok(n)) => bytes.extend_from_slice(&buf[..n]),
            Ok(Err(error)) if error.kind() == io::ErrorKind::ConnectionReset => break true,
            Ok(Err(error)) => panic!("read failed: {error}"),
        }
    };
    Raw { bytes, reset }
}

async fn faulty_sandbox() -> Sandbox {
    Sandbox::start(test_config()).await.expect("sandbox starts")
}

/// A paid one-stage order of 1000 and the state of its amounts.
async fn paid_order(sandbox: &Sandbox) -> String {
    let id = register(sandbox, false, "1000", &[]).await;
    pay_ssl(sandbox, &id).await;
    id
}

async fn refunded(sandbox: &Sandbox, id: &str) -> Value {
    status(sandbox, id).await["paymentAmountInfo"]["refundedAmount"].clone()
}

fn refund_pairs<'a>(id: &'a str, refund_id: &'a str) -> Vec<(&'a str, &'a str)> {
    with_user(&[
        ("orderId", id),
        ("amount", "300"),
        ("externalRefundId", refund_id),
    ])
}

#[tokio::test]
async fn faults_before_processing_answer_without_applying_the_request() {
    let sandbox = faulty_sandbox().await;
    let id = paid_order(&sandbox).await;

    sandbox.set_faults(Some(profile("error_before=1")));
    let raw = raw_post(&sandbox, "rest/refund.do", &refund_pairs(&id, "b-1")).await;
    assert_eq!(raw.status(), Some(503), "{}", raw.text());
    sandbox.set_faults(None);
    assert_eq!(refunded(&sandbox, &id).await, 0, "not refunded");

    sandbox.set_faults(Some(profile("html=1")));
    let response = http()
        .post(sandbox.url("rest/refund.do"))
        .form(&refund_pairs(&id, "b-2"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert!(response.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/html"));
    let page = response.text().await.unwrap();
    assert!(page.contains("<html>") && page.contains("502 Bad Gateway"));
    sandbox.set_faults(None);
    assert_eq!(refunded(&sandbox, &id).await, 0, "not refunded");

    let counts = sandbox.fault_counts();
    println!("faults injected: {counts}");
    assert_eq!(
        counts,
        FaultCounts {
            requests: 2,
            error_before: 1,
            html: 1,
            ..FaultCounts::default()
        }
    );
    sandbox.stop().await;
}

#[tokio::test]
async fn faults_after_processing_lose_the_answer_of_an_applied_request() {
    let sandbox = faulty_sandbox().await;
    let id = paid_order(&sandbox).await;

    // 504: the refund happened, the answer says nothing about it.
    sandbox.set_faults(Some(profile("error_after=1")));
    let response = http()
        .post(sandbox.url("rest/refund.do"))
        .form(&refund_pairs(&id, "a-1"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 504);
    sandbox.set_faults(None);
    assert_eq!(refunded(&sandbox, &id).await, 300);

    // Reset: no answer at all, a TCP RST; the refund happened.
    sandbox.set_faults(Some(profile("reset_after=1")));
    let raw = raw_post(&sandbox, "rest/refund.do", &refund_pairs(&id, "a-2")).await;
    assert!(raw.reset, "the connection was reset");
    assert!(raw.bytes.is_empty(), "no answer: {}", raw.text());
    let by_client = http()
        .post(sandbox.url("rest/refund.do"))
        .form(&refund_pairs(&id, "a-3"))
        .send()
        .await;
    assert!(by_client.is_err(), "reqwest sees no answer: {by_client:?}");
    sandbox.set_faults(None);
    assert_eq!(refunded(&sandbox, &id).await, 900);

    // Truncated: the headers promise more body than comes; applied.
    sandbox.set_faults(Some(profile("truncate=1")));
    let raw = raw_post(
        &sandbox,
        "rest/refund.do",
        &with_user(&[
            ("orderId", &id),
            ("amount", "100"),
            ("externalRefundId", "a-4"),
        ]),
    )
    .await;
    assert_eq!(raw.status(), Some(200), "{}", raw.text());
    let declared = raw.declared_length().expect("content-length");
    assert!(
        !raw.body().is_empty() && raw.body().len() < declared,
        "{} of {declared} bytes",
        raw.body().len()
    );
    assert!(serde_json::from_slice::<Value>(raw.body()).is_err());
    let order_number = format!("t-{}", std::process::id());
    let by_client = http()
        .post(sandbox.url("rest/register.do"))
        .form(&with_user(&[
            ("amount", "100"),
            ("returnUrl", "finish.html"),
            ("orderNumber", &order_number),
        ]))
        .send()
        .await
        .unwrap();
    assert!(
        by_client.bytes().await.is_err(),
        "reqwest fails reading the body"
    );
    sandbox.set_faults(None);
    assert_eq!(refunded(&sandbox, &id).await, 1000);
    let again = post_form(
        &sandbox,
        "rest/register.do",
        &with_user(&[
            ("amount", "100"),
            ("returnUrl", "finish.html"),
            ("orderNumber", &order_number),
        ]),
    )
    .await;
    assert_eq!(
        again["errorCode"], 1,
        "the truncated registration was applied: {again}"
    );

    let counts = sandbox.fault_counts();
    println!("faults injected: {counts}");
    assert_eq!(counts.after_processing(), 5);
    assert_eq!(
        (counts.error_after, counts.reset_after, counts.truncate),
        (1, 2, 2)
    );
    sandbox.stop().await;
}

#[tokio::test]
async fn latency_delays_api_answers_and_pages_get_no_faults() {
    let sandbox = faulty_sandbox().await;
    sandbox.set_faults(Some(profile("latency=1:300ms,error_before=1")));
    let started = Instant::now();
    let raw = raw_post(&sandbox, "rest/getOrderStatusExtended.do", &with_user(&[])).await;
    assert!(started.elapsed() >= Duration::from_millis(300));
    assert_eq!(raw.status(), Some(503));

    let page = http()
        .get(sandbox.url("merchants/temp/finish.html?orderId=x"))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200, "pages get no faults");

    sandbox.set_faults(Some(profile("latency=1:300ms")));
    let started = Instant::now();
    let answer = post_form(
        &sandbox,
        "rest/getOrderStatusExtended.do",
        &with_user(&[("orderId", "unknown")]),
    )
    .await;
    assert!(started.elapsed() >= Duration::from_millis(300));
    assert_eq!(answer["errorCode"], 6, "a delayed answer is the real one");
    let counts = sandbox.fault_counts();
    println!("faults injected: {counts}");
    assert_eq!((counts.requests, counts.latency), (2, 2));
    sandbox.stop().await;
}

/// How the answer to a status request ended.
async fn outcome(sandbox: &Sandbox) -> String {
    let raw = raw_post(
        sandbox,
        "rest/getOrderStatusExtended.do",
        &with_user(&[("orderId", "unknown")]),
    )
    .await;
    match (raw.reset, raw.status(), raw.declared_length()) {
        (true, _, _) => "reset".to_owned(),
        (false, Some(status), Some(length)) if raw.body().len() < length => {
            format!("{status} truncated")
        }
        (false, Some(status), _) if raw.text().contains("<html>") => format!("{status} html"),
        (false, Some(status), _) => status.to_string(),
        (false, None, _) => "nothing".to_owned(),
    }
}

#[tokio::test]
async fn the_same_seed_injects_the_same_faults() {
    let text = "seed=7,latency=0.1:5ms,error_before=0.1,error_after=0.1,reset_after=0.1,truncate=0.1,html=0.1";
    let mut runs = Vec::new();
    for _ in 0..2 {
        let sandbox = Sandbox::start(test_config().faults(profile(text)))
            .await
            .expect("sandbox starts");
        let mut outcomes = Vec::new();
        for _ in 0..60 {
            outcomes.push(outcome(&sandbox).await);
        }
        println!("faults injected: {}", sandbox.fault_counts());
        runs.push((outcomes, sandbox.fault_counts()));
        sandbox.stop().await;
    }
    assert_eq!(runs[0], runs[1]);
    let (outcomes, counts) = &runs[0];
    for kind in ["200", "503", "504", "reset", "200 truncated", "200 html"] {
        assert!(outcomes.iter().any(|o| o == kind), "{kind} in {outcomes:?}");
    }
    assert_eq!(counts.requests, 60);

    let other = Sandbox::start(test_config().faults(FaultProfile {
        seed: 8,
        ..profile(text)
    }))
    .await
    .unwrap();
    let mut outcomes = Vec::new();
    for _ in 0..60 {
        outcomes.push(outcome(&other).await);
    }
    assert_ne!(&outcomes, &runs[0].0, "another seed, other faults");
    other.stop().await;
}
