//! Typed async client for Bereke Bank's e-commerce payment gateway (the
//! BPC/RBS gateway and its `*.do` endpoints), which also serves any other
//! bank that runs the same gateway software.
//!
//! - [`Client`]: one `async` method per endpoint, taking the endpoint's
//!   request model from [`models`] and returning its response model.
//!   Requests are checked against the spec before anything is sent;
//!   credentials travel in the body; status reads are retried, payments are
//!   never sent twice.
//! - [`Error`]: one error type that tells "not sent", "may have been sent"
//!   and "the gateway refused" apart, with the endpoint's error code.
//! - [`payment`]: what a payment answer means (done, 3-D Secure, declined),
//!   including the declines that come with `errorCode` 0.
//! - [`callback`]: verifying the gateway's callback notifications (RSA-signed
//!   ones need the `rsa` feature, off by default; HMAC-SHA256 is always
//!   there); [`three_ds`]: sending the customer's browser to the card issuer.
//!
//! **`errorCode: 0` only means the gateway processed a request.** Whether a
//! customer paid is the order's status: `orderStatus` 1 (held) or 2 (paid)
//! from [`Client::get_order_status_extended`], or a callback whose checksum
//! verifies.
//!
//! # Setting up
//!
//! ```no_run
//! use bereke::{Client, Credentials, Environment};
//!
//! let client = Client::builder()
//!     .environment(Environment::Test) // or .base_url("https://…/payment/")
//!     .credentials(Credentials::password("shop-api", "s3cret")) // or Credentials::token(…)
//!     .language("en")
//!     .build()?;
//! # Ok::<(), bereke::BuildError>(())
//! ```
//!
//! # One-stage payment
//!
//! Register the order, send the customer to the gateway's payment page, and
//! confirm the payment when the customer comes back (or the callback comes).
//!
//! ```no_run
//! use bereke::models::{Amount, Currency, GetOrderStatusExtendedRequest, OrderStatus, RegisterRequest};
//!
//! # async fn run(client: bereke::Client) -> Result<(), bereke::Error> {
//! // Amounts are in minor units (tiyn): 15000 is 150.00 ₸.
//! let order = client
//!     .register(
//!         &RegisterRequest::new(Amount::from_minor(15000), "https://shop.example/paid")
//!             .order_number("A-1001")
//!             .currency(Currency::KZT)
//!             .fail_url("https://shop.example/failed")
//!             .description("Order A-1001"),
//!     )
//!     .await?;
//! // What a registration answers on success, without `Option`; an answer
//! // without them is `Error::Incomplete`, not an empty string.
//! let registered = order.success()?;
//! println!("send the customer to {}", registered.form_url);
//!
//! // Later, when the customer is back on https://shop.example/paid:
//! let status = client
//!     .get_order_status_extended(&GetOrderStatusExtendedRequest::new().order_id(registered.order_id))
//!     .await?;
//! if *status.success()?.order_status == OrderStatus::Deposited {
//!     println!("paid");
//! }
//! # Ok(()) }
//! ```
//!
//! # Two-stage payment: hold, deposit, refund
//!
//! ```no_run
//! use bereke::models::{Amount, DepositRequest, RefundRequest, RegisterPreAuthRequest, ReverseRequest};
//!
//! # async fn run(client: bereke::Client) -> Result<(), bereke::Error> {
//! // 1. Register with pre-authorization (500.00): the customer's funds are only held.
//! let order = client
//!     .register_pre_auth(&RegisterPreAuthRequest::new("B-2002", Amount::from_minor(50000), "https://shop.example/held"))
//!     .await?;
//! let order_id = order.success()?.order_id;
//! // … the customer pays on its formUrl; the order reaches orderStatus 1 (held) …
//!
//! // 2. Take the held amount (or part of it; `Amount::ZERO` takes all of it) …
//! client.deposit(&DepositRequest::new(order_id, Amount::from_minor(50000))).await?;
//! // … or release the hold instead:
//! // client.reverse(&ReverseRequest::new().order_id(order_id)).await?;
//! # let _ = ReverseRequest::new();
//!
//! // 3. Refund part of it (100.00) later. The `externalRefundId` lets the gateway
//! //    recognize a repeat, so the client may safely retry this refund.
//! let refund = RefundRequest::new(order_id, Amount::from_minor(10000)).external_refund_id("B-2002-r1");
//! match client.refund(&refund).await {
//!     Ok(_) => println!("refunded"),
//!     Err(e) if e.may_have_been_sent() => println!("unsure: check the order's status ({e})"),
//!     Err(e) => println!("not refunded: {e}"),
//! }
//! # Ok(()) }
//! ```
//!
//! # Polling an order's status
//!
//! Status reads are safe to repeat; connection failures and timeouts are
//! retried by the client itself ([`RetryConfig`]).
//!
//! ```no_run
//! use std::time::Duration;
//! use bereke::models::{GetOrderStatusExtendedRequest, OrderStatus};
//!
//! # async fn run(client: bereke::Client, order_id: &str) -> Result<(), bereke::Error> {
//! let request = GetOrderStatusExtendedRequest::new().order_id(order_id);
//! for _ in 0..30 {
//!     let status = client.get_order_status_extended(&request).await?;
//!     match status.order_status {
//!         Some(OrderStatus::Approved) | Some(OrderStatus::Deposited) => {
//!             println!("paid: {:?}", status.payment_amount_info);
//!             break;
//!         }
//!         Some(OrderStatus::Declined) | Some(OrderStatus::Reversed) => {
//!             println!("not paid: {:?}", status.action_code_description);
//!             break;
//!         }
//!         _ => tokio::time::sleep(Duration::from_secs(2)).await, // not paid yet
//!     }
//! }
//! # Ok(()) }
//! ```
//!
//! # Errors
//!
//! ```no_run
//! use bereke::models::{DepositErrorCode, DepositRequest, Amount};
//!
//! # async fn run(client: bereke::Client) {
//! match client.deposit(&DepositRequest::new("order-id", Amount::ZERO)).await {
//!     Ok(_) => {}
//!     Err(bereke::Error::Gateway(e)) => {
//!         // The gateway's code, typed for this endpoint; unknown codes are kept.
//!         let code = e.code_as::<DepositErrorCode>();
//!         println!("refused ({code:?}): {}", e.message().unwrap_or(""));
//!     }
//!     Err(e) if e.may_have_been_sent() => println!("unsure, check the status: {e}"),
//!     Err(e) => println!("not sent: {e}"),
//! }
//! # }
//! ```

mod builder;
pub mod callback;
mod client;
mod credentials;
mod error;
#[doc(hidden)]
pub mod fuzzing;
#[rustfmt::skip]
mod generated;
pub mod payment;
mod retry;
mod scrub;
pub mod settle;
pub mod three_ds;
mod tls;
mod transport;

pub use builder::{ClientBuilder, DEFAULT_CONNECT_TIMEOUT, DEFAULT_TIMEOUT};
pub use client::Client;
pub use credentials::Credentials;
pub use error::{BuildError, DecodeError, Error, GatewayError, HttpError, StatusError};
pub use generated::Environment;
pub use payment::{PaymentOutcome, PaymentRequest};
pub use retry::RetryConfig;

/// Every request, response, enumeration and error-code model of the gateway.
pub use bereke_types as models;

/// The HTTP client crate this one sends with, for
/// [`ClientBuilder::http_client`].
pub use reqwest;

/// The TLS crate under reqwest, with its ring provider: for
/// [`BuildError::Tls`]'s source, and to install a provider before building
/// a reqwest client of your own (see [`ClientBuilder::http_client`]).
pub use rustls;

/// The README's Rust example, compiled (not run) by `cargo test --doc`, so
/// that the first code a user copies stays true.
#[doc = include_str!("../../../README.md")]
#[cfg(doctest)]
pub struct ReadmeExample;
