//! The client against what a user would write by hand, in one run: the same
//! loopback HTTP/1.1 server answering the document's `getOrderStatusExtended`
//! body, the same number of concurrent calls.
//!
//! ```text
//! cargo bench -p bereke-tests --bench client
//! BENCH_CALLS=40000 BENCH_ROUNDS=15 BENCH_CONCURRENCY=64 cargo bench -p bereke-tests --bench client
//! ```
//!
//! The machine's speed drifts by a factor of two within a minute on a
//! shared 2-core host, so one long round per caller compares minutes, not
//! callers. Instead rounds of the three callers are interleaved, each round
//! in a rotated order so that no caller always runs first, and
//! the client's ratio to each hand-written caller is taken within every
//! round. The goal's figure is the median of those ratios (with the
//! quartiles beside it); each caller's best round is printed too, and its
//! CPU time per call over all its rounds (client and server, which share
//! the process), whose ratio leaves out the time the host gave to others.
//! Rounds are not shorter than 20,000 calls by default: each switch to
//! another caller costs a warm-up, and with rounds of 5,000 it put the
//! client at 0.91× to 0.95× the hand-written call by CPU time, where each
//! run alone used the same CPU per call within 1%.
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
use bereke_tests::bench::{cpu_time, env_count, order_status_example, quartiles};
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

const USER: &str = "test_user";
const PASSWORD: &str = "test_user_password";
const ORDER: &str = "b8d70aa7-bfb3-4f94-b7bb-aec7273e1fce";

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
    /// One `reqwest` client per hand-written caller, as each caller has its
    /// own in `bereke::Client`: a shared pool would keep its connections
    /// warm in the cache for the next hand-written round only.
    http_value: reqwest::Client,
    http_typed: reqwest::Client,
    client: Client,
}

/// The HTTP client a user would build for the hand-written calls.
fn hand_written_http() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()
        .expect("reqwest")
}

/// One call as the caller makes it.
async fn call(setup: &Setup, caller: Caller) {
    match caller {
        Caller::HandValue | Caller::HandTyped => {
            let body = format!("userName={USER}&password={PASSWORD}&orderId={ORDER}");
            let http = match caller {
                Caller::HandValue => &setup.http_value,
                _ => &setup.http_typed,
            };
            let answer = http
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
    let calls = env_count("BENCH_CALLS", 20_000);
    let rounds = env_count("BENCH_ROUNDS", 9);
    let concurrency = env_count("BENCH_CONCURRENCY", 64);
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
            http_value: hand_written_http(),
            http_typed: hand_written_http(),
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
        // rates[r][i]: round r's calls per second of callers[i].
        let mut rates = Vec::with_capacity(rounds);
        // Each caller's CPU time over all its rounds (client and server).
        let mut cpu = vec![Duration::ZERO; callers.len()];
        for r in 0..rounds {
            let mut rate = vec![0.0f64; callers.len()];
            for k in 0..callers.len() {
                let i = (r + k) % callers.len();
                let before = cpu_time();
                rate[i] = round(&setup, callers[i], calls, concurrency).await;
                if let (Some(before), Some(after)) = (before, cpu_time()) {
                    cpu[i] += after.saturating_sub(before);
                }
            }
            let line: Vec<String> = rate.iter().map(|x| format!("{x:>7.0}")).collect();
            println!(
                "round {:>2}: {} (Value, typed, client)",
                r + 1,
                line.join(" ")
            );
            rates.push(rate);
        }
        println!(
            "\n{calls} calls × {rounds} rounds, {concurrency} at once, against {}",
            setup.base_url
        );
        let cpu_per_call: Vec<f64> = cpu
            .iter()
            .map(|t| t.as_secs_f64() * 1e6 / (calls * rounds) as f64)
            .collect();
        for (i, caller) in callers.iter().enumerate() {
            let best = rates.iter().map(|r| r[i]).fold(0.0, f64::max);
            println!(
                "best: {:<44} {best:>9.0} calls/s; CPU {:.1} µs per call",
                caller.name(),
                cpu_per_call[i]
            );
        }
        if callers.len() == all.len() {
            for (i, name) in [(0, "Value"), (1, "typed")] {
                let q = quartiles(rates.iter().map(|r| r[2] / r[i]).collect());
                println!(
                    "client / hand-written {name}: median {:.3}× (quartiles {:.3}× to {:.3}×) \
                     by the clock, {:.3}× by CPU time",
                    q[1],
                    q[0],
                    q[2],
                    cpu_per_call[i] / cpu_per_call[2]
                );
            }
        }
    });
}
