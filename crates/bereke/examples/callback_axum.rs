//! Receiving the gateway's callbacks in an axum application.
//!
//! ```text
//! BEREKE_CALLBACK_SECRET=… cargo run -p bereke --example callback_axum
//! curl 'http://127.0.0.1:8080/bereke/callback?mdOrder=06cf5599-3f17-7c86-bdbc-bd7d00a8b38b&orderNumber=2003&operation=approved&status=1&checksum=EAF2FB72CAB99FD5067F4BA493DD84F4D79C1589FDE8ED29622F0F07215AA972'
//! ```
//!
//! (That checksum is the gateway's published example, made with the secret
//! `ooc7slpvc61k7sf7ma7p4hrefr`.) The route answers 200 only for a verified
//! callback, 403 for one whose checksum is missing or wrong, and 400 for a
//! request that is not a callback at all. The gateway retries a callback
//! that does not get 200.
//!
//! If the bank signs callbacks with its RSA key instead, enable bereke's
//! `rsa` feature and build the key with `CallbackKey::x509_certificate_pem`
//! (or `rsa_public_key_pem`) from the certificate it gives you.

use std::net::SocketAddr;
use std::process::ExitCode;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::routing::get;
use axum::Router;
use bereke::callback::{CallbackKey, CallbackVerifier};

const SECRET_VAR: &str = "BEREKE_CALLBACK_SECRET";
const ADDR_VAR: &str = "BEREKE_CALLBACK_ADDR";

#[tokio::main]
async fn main() -> ExitCode {
    let secret = match std::env::var(SECRET_VAR) {
        Ok(secret) if !secret.is_empty() => secret,
        _ => {
            eprintln!(
                "{SECRET_VAR} is not set: set it to the callback secret the bank issued \
                 for your merchant account (without it, no callback can be verified)"
            );
            return ExitCode::from(2);
        }
    };
    let key = match CallbackKey::hmac_sha256(secret) {
        Ok(key) => key,
        Err(e) => {
            eprintln!("{SECRET_VAR}: {e}");
            return ExitCode::from(2);
        }
    };
    let verifier = Arc::new(CallbackVerifier::new(key));

    let app = Router::new()
        .route("/bereke/callback", get(callback).post(callback))
        .with_state(verifier);

    let addr = std::env::var(ADDR_VAR).unwrap_or_else(|_| "127.0.0.1:8080".to_owned());
    let addr: SocketAddr = match addr.parse() {
        Ok(addr) => addr,
        Err(e) => {
            eprintln!("{ADDR_VAR}={addr:?} is not HOST:PORT: {e}");
            return ExitCode::from(2);
        }
    };
    let listener = match tokio::net::TcpListener::bind(addr).await {
        Ok(listener) => listener,
        Err(e) => {
            eprintln!("cannot listen on {addr}: {e}");
            return ExitCode::FAILURE;
        }
    };
    println!("waiting for callbacks on http://{addr}/bereke/callback");
    match axum::serve(listener, app).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("server error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Handles `GET` (query string) and `POST` (form body) callbacks alike.
async fn callback(
    State(verifier): State<Arc<CallbackVerifier>>,
    method: Method,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
    body: Bytes,
) -> (StatusCode, &'static str) {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok());
    let verified = verifier.verify_request_with_content_type(
        method.as_str(),
        content_type,
        query.as_deref().unwrap_or(""),
        &body,
    );
    match verified {
        Ok(callback) => {
            // Record the outcome here, idempotently: the gateway may send the
            // same callback more than once. Answer 200 only once it is stored.
            println!(
                "order {} ({}): {} -> {}",
                callback.order_number().unwrap_or("?"),
                callback.md_order().unwrap_or("?"),
                callback.operation().map_or("?", |op| op.as_str()),
                if callback.status() == Some(&bereke::callback::CallbackStatus::Success) {
                    "success"
                } else {
                    "failure"
                },
            );
            (StatusCode::OK, "OK")
        }
        Err(rejected) if rejected.is_authentication_failure() => {
            eprintln!(
                "rejected a callback that is not proven to come from the gateway: {rejected}"
            );
            (StatusCode::FORBIDDEN, "checksum not verified")
        }
        Err(rejected) => {
            eprintln!("rejected a malformed callback request: {rejected}");
            (StatusCode::BAD_REQUEST, "not a callback")
        }
    }
}
