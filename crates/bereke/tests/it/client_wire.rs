//! What the HTTP client puts on the wire and takes from it, seen from a raw
//! TCP server: no compression is asked for, and an answer is capped at 4 MiB.

use bereke::models::{Amount, DepositRequest};
use bereke::{Client, Credentials, RetryConfig};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio::sync::oneshot;

/// A server that reads one request, reports its head and sends `answer`.
async fn raw_gateway(answer: Vec<u8>) -> (Client, oneshot::Receiver<String>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (tx, rx) = oneshot::channel();
    tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.unwrap();
        let mut request = Vec::new();
        let mut buf = [0; 4096];
        // The head, then as much body as it announces.
        let (head, body_len) = loop {
            let n = socket.read(&mut buf).await.unwrap();
            assert!(n > 0, "the request ended early");
            request.extend_from_slice(&buf[..n]);
            if let Some(end) = request.windows(4).position(|w| w == b"\r\n\r\n") {
                let head = String::from_utf8_lossy(&request[..end]).to_ascii_lowercase();
                let len = head
                    .lines()
                    .find_map(|l| l.strip_prefix("content-length:"))
                    .map_or(0, |v| v.trim().parse::<usize>().unwrap());
                break (head, end + 4 + len);
            }
        };
        while request.len() < body_len {
            let n = socket.read(&mut buf).await.unwrap();
            request.extend_from_slice(&buf[..n]);
        }
        let _ = tx.send(head);
        // The client may stop reading (and close) before the end.
        let _ = socket.write_all(&answer).await;
    });
    let client = Client::builder()
        .base_url(format!("http://{addr}/payment/"))
        .credentials(Credentials::password("shop-api", "s3cret"))
        .retry(RetryConfig::disabled())
        .build()
        .unwrap();
    (client, rx)
}

fn json_answer(body: &[u8]) -> Vec<u8> {
    let mut answer = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    answer.extend_from_slice(body);
    answer
}

#[tokio::test]
async fn no_compressed_answer_is_asked_for() {
    let (client, head) = raw_gateway(json_answer(br#"{"errorCode":"0"}"#)).await;
    client
        .deposit(&DepositRequest::new("o-1", Amount::ZERO))
        .await
        .unwrap();
    let head = head.await.unwrap();
    assert!(head.starts_with("post /payment/rest/deposit.do "), "{head}");
    assert!(!head.contains("accept-encoding"), "{head}");
}

#[tokio::test]
async fn an_answer_over_4_mib_is_refused() {
    let mut body = br#"{"errorCode":"0","errorMessage":""#.to_vec();
    body.resize(4 * 1024 * 1024 + 1, b'x');
    let (client, _head) = raw_gateway(json_answer(&body)).await;
    let err = client
        .deposit(&DepositRequest::new("o-1", Amount::ZERO))
        .await
        .unwrap_err();
    assert!(
        err.to_string().contains("longer than 4194304 bytes"),
        "{err}"
    );
}
