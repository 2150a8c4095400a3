//! TLS over a real socket: the client verifies the gateway's certificate,
//! and a refused certificate is an error that says nothing was sent.

use std::error::Error as _;
use std::sync::Arc;

use bereke::models::{Amount, DepositRequest};
use bereke::{Client, Credentials, RetryConfig};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use tokio::io::AsyncReadExt;
use tokio::net::TcpListener;
use tokio::sync::mpsc;
use tokio_rustls::TlsAcceptor;

/// A self-signed certificate (no system trusts it) and its key.
const CERT: &str = include_str!("../fixtures/rsa-cert.pem");
const KEY: &str = include_str!("../fixtures/rsa-private.pem");

/// What a connection to the TLS gateway came to.
#[derive(Debug, PartialEq)]
enum Seen {
    /// The handshake failed: the client refused the certificate.
    HandshakeFailed,
    /// The handshake succeeded and this many bytes of request came.
    Request(usize),
}

/// A TLS server on a loopback port with the self-signed certificate; it
/// reports each connection.
async fn tls_gateway() -> (String, mpsc::UnboundedReceiver<Seen>) {
    let cert = CertificateDer::from_pem_slice(CERT.as_bytes()).unwrap();
    let key = PrivateKeyDer::from_pem_slice(KEY.as_bytes()).unwrap();
    let config = rustls::ServerConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .unwrap()
    .with_no_client_auth()
    .with_single_cert(vec![cert], key)
    .unwrap();
    let acceptor = TlsAcceptor::from(Arc::new(config));
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (tx, rx) = mpsc::unbounded_channel();
    tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            let seen = match acceptor.accept(socket).await {
                Err(_) => Seen::HandshakeFailed,
                Ok(mut stream) => {
                    let mut buf = vec![0; 4096];
                    Seen::Request(stream.read(&mut buf).await.unwrap_or(0))
                }
            };
            let _ = tx.send(seen);
        }
    });
    (format!("https://{addr}/payment/"), rx)
}

#[tokio::test]
async fn an_untrusted_certificate_is_refused_before_anything_is_sent() {
    let (base_url, mut seen) = tls_gateway().await;
    let client = Client::builder()
        .base_url(&base_url)
        .credentials(Credentials::password("shop-api", "s3cret"))
        .retry(RetryConfig::disabled())
        .build()
        .unwrap();
    let err = client
        .deposit(&DepositRequest::new("o-1", Amount::from_minor(100)))
        .await
        .unwrap_err();

    assert!(!err.may_have_been_sent(), "{err:?}");
    let mut chain = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        chain = format!("{chain}: {cause}");
        source = cause.source();
    }
    assert!(chain.contains("certificate"), "{chain}");
    assert!(!chain.contains("s3cret"), "{chain}");
    assert_eq!(seen.recv().await, Some(Seen::HandshakeFailed));
    assert!(seen.try_recv().is_err(), "one connection only");
}
