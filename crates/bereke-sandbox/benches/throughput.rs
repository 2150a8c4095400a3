//! How much the sandbox serves: status reads per second at 64 calls at
//! once with their latency percentiles, and whole payment flows per second
//! (register → pay with the SSL test card → status).
//!
//! ```text
//! cargo bench -p bereke-sandbox --bench throughput
//! BENCH_CALLS=40000 BENCH_FLOWS=4000 BENCH_CONCURRENCY=64 cargo bench -p bereke-sandbox --bench throughput
//! ```
//!
//! Each part also prints the process's CPU time (user + system, client and
//! sandbox together) per call or flow, steadier than the clock on a shared
//! machine. `BENCH_CALLS=0` or `BENCH_FLOWS=0` leaves a part out, for
//! counting one part's instructions under `valgrind --tool=callgrind` (two
//! runs with different counts; the difference over the difference in
//! calls is the cost of one call, the setup cancelling out).

use std::sync::Arc;
use std::time::{Duration, Instant};

use bereke::models::test_cards::CARD_SSL;
use bereke::models::{
    Amount, GetOrderStatusExtendedRequest, OrderStatus, PaymentOrderRequest, RegisterRequest,
};
use bereke::{Client, Credentials, RetryConfig};
use bereke_sandbox::{Sandbox, SandboxConfig};
use bereke_tests::bench::{cpu_time, env_count};
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

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

/// "; CPU 52.1 µs per call" for the CPU time spent since `before`.
fn cpu_per(before: Option<Duration>, count: usize, what: &str) -> String {
    match (before, cpu_time()) {
        (Some(before), Some(after)) if count > 0 => format!(
            "; CPU {:.1} µs per {what}",
            (after - before).as_secs_f64() * 1e6 / count as f64
        ),
        _ => String::new(),
    }
}

fn main() {
    let calls = env_count("BENCH_CALLS", 40_000);
    let flows = env_count("BENCH_FLOWS", 4_000);
    let concurrency = env_count("BENCH_CONCURRENCY", 64);
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

        if calls > 0 {
        let reader = client.clone();
        let cpu_before = cpu_time();
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
            "status reads: {calls} calls, {concurrency} at once: {:.0} calls/s; latency p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms{}",
            calls as f64 / elapsed.as_secs_f64(),
            percentile(&latencies, 0.50).as_secs_f64() * 1e3,
            percentile(&latencies, 0.99).as_secs_f64() * 1e3,
            latencies.last().map_or(0.0, |d| d.as_secs_f64() * 1e3),
            cpu_per(cpu_before, calls, "call"),
        );
        }

        if flows > 0 {
        let payer = client.clone();
        let cpu_before = cpu_time();
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
            "payment flows (register → pay → status): {flows} flows, {concurrency} at once: {:.0} flows/s; latency p50 {:.2} ms, p99 {:.2} ms{}",
            flows as f64 / elapsed.as_secs_f64(),
            percentile(&latencies, 0.50).as_secs_f64() * 1e3,
            percentile(&latencies, 0.99).as_secs_f64() * 1e3,
            cpu_per(cpu_before, flows, "flow"),
        );
        }
        sandbox.stop().await;
    });
}
