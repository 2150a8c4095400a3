//! The client against what a user would write by hand, in one run: the same
//! loopback HTTP/1.1 server answering the document's `getOrderStatusExtended`
//! body, the same number of concurrent calls.
//!
//! ```text
//! cargo bench -p bereke-tests --bench client
//! BENCH_CALLS=40000 BENCH_ROUNDS=3 BENCH_CONCURRENCY=64 cargo bench -p bereke-tests --bench client
//! ```
//!
//! Rounds of the three callers are interleaved, so drift of the machine
//! falls on all of them; each caller's best round is reported, with the
//! client's ratio to the hand-written calls.
//!
//! `BENCH_ONLY=value|typed|client` runs one caller alone, for counting its
//! instructions: under `valgrind --tool=callgrind`, two runs with different
//! `BENCH_CALLS` give the instructions of one call (client and server
//! together) as their difference over the difference in calls; see the
//! README.

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::http::header::CONTENT_TYPE;
use axum::routing::post;
use axum::Router;
use bereke::models::{GetOrderStatusExtendedRequest, GetOrderStatusExtendedResponse};
use bereke::{Client, Credentials, RetryConfig};
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

const USER: &str = "test_user";
const PASSWORD: &str = "test_user_password";
const ORDER: &str = "b8d70aa7-bfb3-4f94-b7bb-aec7273e1fce";

/// The document's order-status example: the largest answer of the gateway.
fn order_status_example() -> &'static str {
    bereke_tests::catalog::endpoints()
        .iter()
        .find(|e| e.info.name == "GetOrderStatusExtended")
        .and_then(|e| e.examples.iter().find(|x| !x.is_request))
        .and_then(|x| x.json)
        .expect("the spec has the order-status example")
}

fn env(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Caller {
    /// `reqwest` + `serde_json::Value`.
    HandValue,
    /// `reqwest` + the generated model, decoded by `serde_json`.
    HandTyped,
    /// `bereke::Client::get_order_status_extended`.
    Client,
}

impl Caller {
    /// Its name in `BENCH_ONLY`.
    fn key(self) -> &'static str {
        match self {
            Caller::HandValue => "value",
            Caller::HandTyped => "typed",
            Caller::Client => "client",
        }
    }

    fn name(self) -> &'static str {
        match self {
            Caller::HandValue => "hand-written reqwest + serde_json::Value",
            Caller::HandTyped => "hand-written reqwest + typed decode",
            Caller::Client => "bereke::Client::get_order_status_extended",
        }
    }
}

struct Setup {
    url: String,
    base_url: String,
    http: reqwest::Client,
    client: Client,
}

/// One call as the caller makes it.
async fn call(setup: &Setup, caller: Caller) {
    match caller {
        Caller::HandValue | Caller::HandTyped => {
            let body = format!("userName={USER}&password={PASSWORD}&orderId={ORDER}");
            let answer = setup
                .http
                .post(&setup.url)
                .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(body)
                .send()
                .await
                .expect("sent");
            let bytes = answer.bytes().await.expect("read");
            if caller == Caller::HandValue {
                let value: serde_json::Value = serde_json::from_slice(&bytes).expect("JSON");
                assert!(value.get("orderStatus").is_some());
            } else {
                let typed: GetOrderStatusExtendedResponse =
                    serde_json::from_slice(&bytes).expect("decodes");
                assert!(typed.order_status.is_some());
            }
        }
        Caller::Client => {
            let status = setup
                .client
                .get_order_status_extended(&GetOrderStatusExtendedRequest::new().order_id(ORDER))
                .await
                .expect("answered");
            assert!(status.order_status.is_some());
        }
    }
}

/// `calls` calls, at most `concurrency` at once; calls per second.
async fn round(setup: &Arc<Setup>, caller: Caller, calls: usize, concurrency: usize) -> f64 {
    let gate = Arc::new(Semaphore::new(concurrency));
    let mut tasks = JoinSet::new();
    let started = Instant::now();
    for _ in 0..calls {
        let permit = gate.clone().acquire_owned().await.expect("open");
        let setup = setup.clone();
        tasks.spawn(async move {
            call(&setup, caller).await;
            drop(permit);
        });
    }
    while tasks.join_next().await.is_some() {}
    calls as f64 / started.elapsed().as_secs_f64()
}

fn main() {
    let calls = env("BENCH_CALLS", 40_000);
    let rounds = env("BENCH_ROUNDS", 3);
    let concurrency = env("BENCH_CONCURRENCY", 64);
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    runtime.block_on(async {
        let body = order_status_example();
        let app = Router::new().route(
            "/payment/rest/getOrderStatusExtended.do",
            post(move || async move { ([(CONTENT_TYPE, "application/json;charset=UTF-8")], body) }),
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("address");
        tokio::spawn(async move { axum::serve(listener, app).await });

        // A hand-written reqwest 0.13 client without a TLS provider feature
        // needs one installed, as a user's would.
        let _ = bereke::rustls::crypto::ring::default_provider().install_default();
        let base_url = format!("http://{addr}/payment/");
        let setup = Arc::new(Setup {
            url: format!("{base_url}rest/getOrderStatusExtended.do"),
            http: reqwest::Client::builder()
                .timeout(Duration::from_secs(10))
                .build()
                .expect("reqwest"),
            client: Client::builder()
                .base_url(&base_url)
                .credentials(Credentials::password(USER, PASSWORD))
                .retry(RetryConfig::disabled())
                .build()
                .expect("client"),
            base_url,
        });

        let all = [Caller::HandValue, Caller::HandTyped, Caller::Client];
        let only = std::env::var("BENCH_ONLY").ok();
        let callers: Vec<Caller> = all
            .into_iter()
            .filter(|c| only.as_deref().is_none_or(|o| o == c.key()))
            .collect();
        // Warm the connection pools.
        for &caller in &callers {
            round(&setup, caller, concurrency * 4, concurrency).await;
        }
        let mut best = vec![0.0f64; callers.len()];
        for r in 1..=rounds {
            for (i, &caller) in callers.iter().enumerate() {
                let rate = round(&setup, caller, calls, concurrency).await;
                println!("round {r}: {:<44} {:>9.0} calls/s", caller.name(), rate);
                best[i] = best[i].max(rate);
            }
        }
        println!(
            "\n{} calls × {} rounds, {} at once, against {}",
            calls, rounds, concurrency, setup.base_url
        );
        for (i, caller) in callers.iter().enumerate() {
            println!("best: {:<44} {:>9.0} calls/s", caller.name(), best[i]);
        }
        if let [value, typed, client] = best[..] {
            println!(
                "client / hand-written typed: {:.2}×; client / hand-written Value: {:.2}×",
                client / typed,
                client / value
            );
        }
    });
}
