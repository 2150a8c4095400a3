//! The server's connection limit and timeouts, with real sockets on
//! loopback: a connection that sends nothing, sends its head too slowly,
//! stops in the middle of a body or stays idle after an answer is closed,
//! and connections over the limit are answered 503 at once.

use crate::common;

use std::io;
use std::time::{Duration, Instant};

use bereke_sandbox::{ConnectionLimits, Sandbox};
use common::*;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

async fn sandbox_with(limits: ConnectionLimits) -> Sandbox {
    Sandbox::start(bereke_sandbox::SandboxConfig {
        limits,
        ..test_config()
    })
    .await
    .expect("sandbox starts")
}

/// Reads until the server closes the connection (EOF or reset), at most
/// `within`; returns what was read and when the connection ended.
async fn read_until_closed(stream: &mut TcpStream, within: Duration) -> (Vec<u8>, Duration) {
    let started = Instant::now();
    let mut received = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        let left = within.saturating_sub(started.elapsed());
        match tokio::time::timeout(left, stream.read(&mut buf)).await {
            Err(_) => panic!(
                "the server kept the connection open for {within:?}; read {:?}",
                String::from_utf8_lossy(&received)
            ),
            Ok(Ok(0)) => break,
            Ok(Ok(n)) => received.extend_from_slice(&buf[..n]),
            Ok(Err(error)) if error.kind() == io::ErrorKind::ConnectionReset => break,
            Ok(Err(error)) => panic!("read failed: {error}"),
        }
    }
    (received, started.elapsed())
}

fn request_head(sandbox: &Sandbox, path: &str) -> String {
    format!(
        "GET /payment/{path} HTTP/1.1\r\nhost: {}\r\n\r\n",
        sandbox.addr()
    )
}

#[tokio::test]
async fn a_connection_that_sends_no_complete_head_is_closed_after_the_header_timeout() {
    let sandbox = sandbox_with(ConnectionLimits {
        header_read_timeout: Duration::from_millis(300),
        idle_timeout: Duration::from_secs(30),
        max_connections: 16,
    })
    .await;

    let mut silent = TcpStream::connect(sandbox.addr()).await.unwrap();
    let (_, after) = read_until_closed(&mut silent, Duration::from_secs(5)).await;
    assert!(
        after >= Duration::from_millis(250),
        "closed after {after:?}"
    );

    // Slowloris: a byte of header every 50 ms keeps bytes flowing, but the
    // head is never complete.
    let mut slow = TcpStream::connect(sandbox.addr()).await.unwrap();
    slow.write_all(b"GET /payment/merchants/x HTTP/1.1\r\n")
        .await
        .unwrap();
    let started = Instant::now();
    let mut sent_after_deadline = false;
    loop {
        if started.elapsed() > Duration::from_secs(5) {
            panic!("a trickled head kept the connection open for 5 s");
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
        if slow.write_all(b"x").await.is_err() {
            break;
        }
        sent_after_deadline |= started.elapsed() > Duration::from_millis(300);
        let mut byte = [0u8; 1];
        match tokio::time::timeout(Duration::from_millis(1), slow.read(&mut byte)).await {
            Ok(Ok(0)) | Ok(Err(_)) => break,
            _ => {}
        }
    }
    assert!(
        sent_after_deadline,
        "bytes were still arriving at the deadline"
    );
    assert!(started.elapsed() < Duration::from_secs(3));

    // After an answer, a kept-alive connection waits for the next head
    // no longer than the same timeout.
    let mut kept = TcpStream::connect(sandbox.addr()).await.unwrap();
    kept.write_all(request_head(&sandbox, "merchants/temp/ok.html").as_bytes())
        .await
        .unwrap();
    let (answer, after) = read_until_closed(&mut kept, Duration::from_secs(5)).await;
    assert!(String::from_utf8_lossy(&answer).starts_with("HTTP/1.1 200"));
    assert!(
        after >= Duration::from_millis(250),
        "closed after {after:?}"
    );
    sandbox.stop().await;
}

#[tokio::test]
async fn a_connection_whose_body_stops_arriving_is_closed_after_the_idle_timeout() {
    let sandbox = sandbox_with(ConnectionLimits {
        header_read_timeout: Duration::from_secs(30),
        idle_timeout: Duration::from_millis(300),
        max_connections: 16,
    })
    .await;
    let mut stalled = TcpStream::connect(sandbox.addr()).await.unwrap();
    let head = format!(
        "POST /payment/rest/register.do HTTP/1.1\r\nhost: {}\r\n\
         content-type: application/x-www-form-urlencoded\r\ncontent-length: 100\r\n\r\n\
         amount=100",
        sandbox.addr()
    );
    stalled.write_all(head.as_bytes()).await.unwrap();
    let (_, after) = read_until_closed(&mut stalled, Duration::from_secs(5)).await;
    assert!(
        after >= Duration::from_millis(250),
        "closed after {after:?}"
    );
    assert!(after < Duration::from_secs(3), "closed after {after:?}");
    sandbox.stop().await;
}

#[tokio::test]
async fn a_connection_whose_body_keeps_arriving_outlives_the_idle_timeout() {
    let sandbox = sandbox_with(ConnectionLimits {
        header_read_timeout: Duration::from_secs(30),
        idle_timeout: Duration::from_millis(400),
        max_connections: 16,
    })
    .await;
    let mut slow = TcpStream::connect(sandbox.addr()).await.unwrap();
    let start = "amount=100&description=";
    let trickled = "abcdefgh";
    let head = format!(
        "POST /payment/rest/register.do HTTP/1.1\r\nhost: {}\r\n\
         content-type: application/x-www-form-urlencoded\r\ncontent-length: {}\r\n\r\n{start}",
        sandbox.addr(),
        start.len() + trickled.len()
    );
    slow.write_all(head.as_bytes()).await.unwrap();
    // One byte every 150 ms: 1.2 s in all, three idle timeouts, but the
    // connection is never idle for one.
    for byte in trickled.bytes() {
        tokio::time::sleep(Duration::from_millis(150)).await;
        slow.write_all(&[byte]).await.unwrap();
    }
    let mut answer = [0u8; 64];
    let read = tokio::time::timeout(Duration::from_secs(5), slow.read(&mut answer))
        .await
        .expect("answered in time")
        .unwrap();
    let answer = String::from_utf8_lossy(&answer[..read]);
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    sandbox.stop().await;
}

#[tokio::test]
async fn connections_over_the_limit_are_answered_503_and_real_requests_recover() {
    const LIMIT: usize = 8;
    let sandbox = sandbox_with(ConnectionLimits {
        header_read_timeout: Duration::from_secs(2),
        idle_timeout: Duration::from_secs(30),
        max_connections: LIMIT,
    })
    .await;
    let mut idle = Vec::new();
    for _ in 0..LIMIT {
        idle.push(TcpStream::connect(sandbox.addr()).await.unwrap());
    }
    // Give the server time to accept them all.
    tokio::time::sleep(Duration::from_millis(100)).await;

    let mut extra = TcpStream::connect(sandbox.addr()).await.unwrap();
    extra
        .write_all(request_head(&sandbox, "merchants/temp/ok.html").as_bytes())
        .await
        .unwrap();
    let (answer, after) = read_until_closed(&mut extra, Duration::from_secs(2)).await;
    let answer = String::from_utf8_lossy(&answer);
    assert!(
        answer.starts_with("HTTP/1.1 503"),
        "over the limit: {answer:?}"
    );
    // At once, not when the header timeout would have closed it.
    assert!(after < Duration::from_secs(1), "answered after {after:?}");
    let refused = http()
        .get(sandbox.url("merchants/temp/ok.html"))
        .send()
        .await
        .expect("an answer, not a hang");
    assert_eq!(refused.status(), 503);

    // The idle connections are closed by the header timeout; then real
    // requests are served again.
    for stream in &mut idle {
        read_until_closed(stream, Duration::from_secs(5)).await;
    }
    let mut served = None;
    for _ in 0..20 {
        let response = http()
            .get(sandbox.url("merchants/temp/ok.html"))
            .send()
            .await
            .unwrap();
        if response.status() == 200 {
            served = Some(response);
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(
        served.is_some(),
        "served once the idle connections are gone"
    );

    // Many requests, each on a connection of its own, one after another:
    // a connection's slot is given back when it closes.
    for _ in 0..(LIMIT * 4) {
        let answer = post_form(
            &sandbox,
            "rest/getOrderStatusExtended.do",
            &with_user(&[("orderId", "unknown")]),
        )
        .await;
        assert_eq!(answer["errorCode"], 6);
    }
    sandbox.stop().await;
}
