//! A local imitation of Bereke Bank's e-commerce payment gateway (the
//! BPC/RBS gateway and its `*.do` endpoints), for tests and demos without
//! credentials or a network.
//!
//! Every endpoint of the spec behaves as the bank's document describes, with
//! state in memory: registering orders (one- and two-stage), paying by card
//! (the document's test cards, 3-D Secure through the sandbox's own ACS
//! page), by binding and by wallet, depositing, reversing and refunding,
//! order status, bindings, expiry of unpaid orders, and signed callbacks.
//! Requests are read and answers written with the generated models of
//! `bereke-types`; error codes and messages come from the spec's tables.
//!
//! ```no_run
//! # async fn demo() -> std::io::Result<()> {
//! use bereke_sandbox::{Sandbox, SandboxConfig};
//!
//! let sandbox = Sandbox::start(SandboxConfig::default()).await?;
//! // Point a client at sandbox.base_url() with test_user / test_user_password.
//! # let _ = sandbox.base_url();
//! sandbox.stop().await;
//! # Ok(())
//! # }
//! ```
//!
//! The binary `bereke-sandbox --addr 127.0.0.1:PORT` serves the same.

mod acs;
mod auth;
mod callbacks;
mod cards;
mod config;
mod form;
mod ids;
mod messages;
mod routes;
mod server;
mod store;

pub use config::{
    BindingSeed, CallbackConfig, CardConfig, MerchantConfig, SandboxConfig, DECLINE_MARKER,
    DEFAULT_ACS_CODE, DEFAULT_CALLBACK_SECRET, DEFAULT_TOKEN, THREE_DS_MARKER,
};
pub use server::Sandbox;
