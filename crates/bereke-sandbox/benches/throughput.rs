//! How much the sandbox serves: status reads per second at 64 calls at
//! once with their latency percentiles, and whole payment flows per second
//! (register → pay with the SSL test card → status).
//!
//! ```text
//! cargo bench -p bereke-sandbox --bench throughput
//! BENCH_CALLS=40000 BENCH_FLOWS=4000 BENCH_CONCURRENCY=64 cargo bench -p bereke-sandbox --bench throughput
//! ```

use std::sync::Arc;
use std::time::{Duration, Instant};

use bereke::models::test_cards::CARD_SSL;
use bereke::models::{
    Amount, GetOrderStatusExtendedRequest, OrderStatus, PaymentOrderRequest, RegisterRequest,
};
use bereke::{Client, Credentials, RetryConfig};
use bereke_sandbox::{Sandbox, SandboxConfig};
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

fn env(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Runs `count` jobs, at most `concurrency` at once; each job's duration.
async fn run<F, Fut>(count: usize, concurrency: usize, job: F) -> (Duration, Vec<Duration>)
where
    F: Fn(usize) -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = ()> + Send,
{
    let job = Arc::new(job);
    let gate = Arc::new(Semaphore::new(concurrency));
    let mut tasks = JoinSet::new();
    let started = Instant::now();
    for i in 0..count {
        let permit = gate.clone().acquire_owned().await.expect("open");
        let job = job.clone();
        tasks.spawn(async move {
            let begun = Instant::now();
            job(i).await;
            drop(permit);
            begun.elapsed()
        });
    }
    let mut latencies = Vec::with_capacity(count);
    while let Some(done) = tasks.join_next().await {
        latencies.push(done.expect("job ends"));
    }
    latencies.sort();
    (started.elapsed(), latencies)
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index.min(sorted.len() - 1)]
}

fn main() {
    let calls = env("BENCH_CALLS", 40_000);
    let flows = env("BENCH_FLOWS", 4_000);
    let concurrency = env("BENCH_CONCURRENCY", 64);
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    runtime.block_on(async move {
        let sandbox = Sandbox::start(SandboxConfig::default())
            .await
            .expect("sandbox starts");
        let client = Client::builder()
            .base_url(sandbox.base_url())
            .credentials(Credentials::password("test_user", "test_user_password"))
            .retry(RetryConfig::disabled())
            .build()
            .expect("client");

        // One paid order to read the status of.
        let order = client
            .register(&RegisterRequest::new(
                Amount::from_minor(15_000),
                "https://shop.example/ok",
            ))
            .await
            .expect("registered")
            .order_id
            .expect("orderId");
        let card = |order: &str| {
            PaymentOrderRequest::new(order, &CARD_SSL.card("BENCH").expect("the test card"))
        };
        client.payment_order(&card(&order)).await.expect("paid");

        let reader = client.clone();
        let (elapsed, latencies) = run(calls, concurrency, move |_| {
            let client = reader.clone();
            let request = GetOrderStatusExtendedRequest::new().order_id(&order);
            async move {
                let status = client
                    .get_order_status_extended(&request)
                    .await
                    .expect("status");
                assert_eq!(status.order_status, Some(OrderStatus::Deposited));
            }
        })
        .await;
        println!(
            "status reads: {calls} calls, {concurrency} at once: {:.0} calls/s; latency p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
            calls as f64 / elapsed.as_secs_f64(),
            percentile(&latencies, 0.50).as_secs_f64() * 1e3,
            percentile(&latencies, 0.99).as_secs_f64() * 1e3,
            latencies.last().map_or(0.0, |d| d.as_secs_f64() * 1e3),
        );

        let payer = client.clone();
        let (elapsed, latencies) = run(flows, concurrency, move |_| {
            let client = payer.clone();
            async move {
                let order = client
                    .register(&RegisterRequest::new(
                        Amount::from_minor(2_000),
                        "https://shop.example/ok",
                    ))
                    .await
                    .expect("registered")
                    .order_id
                    .expect("orderId");
                client.payment_order(&card(&order)).await.expect("paid");
                let status = client
                    .get_order_status_extended(&GetOrderStatusExtendedRequest::new().order_id(&order))
                    .await
                    .expect("status");
                assert_eq!(status.order_status, Some(OrderStatus::Deposited));
            }
        })
        .await;
        println!(
            "payment flows (register → pay → status): {flows} flows, {concurrency} at once: {:.0} flows/s; latency p50 {:.2} ms, p99 {:.2} ms",
            flows as f64 / elapsed.as_secs_f64(),
            percentile(&latencies, 0.50).as_secs_f64() * 1e3,
            percentile(&latencies, 0.99).as_secs_f64() * 1e3,
        );
        sandbox.stop().await;
    });
}
