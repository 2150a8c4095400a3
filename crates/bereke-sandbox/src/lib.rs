//! A local imitation of Bereke Bank's e-commerce payment gateway (the
//! BPC/RBS gateway and its `*.do` endpoints), for tests and demos without
//! credentials or a network.
//!
//! Every endpoint of the spec behaves as the bank's document describes, with
//! state in memory: registering orders (one- and two-stage), paying by card
//! (the document's test cards, 3-D Secure through the sandbox's own ACS
//! page), by binding and by wallet, depositing, reversing and refunding,
//! order status, bindings, expiry of unpaid orders, automatic completion
//! of holds (registerPreAuth.do's `autocompletionDate`), and signed
//! callbacks.
//!
//! Test cards (expiry 12/24, CVC 123): `4444555511113333` pays at once;
//! `4012001038166662` asks 3-D Secure 1 (ACS code `12345678`);
//! `5555555555555599` runs 3-D Secure 2 with the 3DS Method and a challenge
//! (code `12345678`); [`FRICTIONLESS_CARD`] (`5555555555554444`, the
//! sandbox's own) runs 3-D Secure 2 without a challenge.
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
//!
//! The server bounds its connections and closes slow and idle ones
//! ([`ConnectionLimits`]). For testing a client's retries and what it does
//! when a money call's answer is lost, it injects faults into the API's
//! answers, seeded and reproducible ([`FaultProfile`], `--faults`): delays,
//! 5xx before or after processing, resets after processing, truncated
//! bodies and HTML error pages; [`Sandbox::fault_counts`] says how many.
//!
//! ```no_run
//! # async fn demo() -> std::io::Result<()> {
//! use bereke_sandbox::{FaultProfile, Sandbox, SandboxConfig};
//!
//! let profile: FaultProfile = "seed=7,error_after=0.1,reset_after=0.1".parse().expect("profile");
//! let sandbox = Sandbox::start(SandboxConfig::default().faults(profile)).await?;
//! // … run the client against sandbox.base_url() …
//! println!("faults injected: {}", sandbox.fault_counts());
//! sandbox.stop().await;
//! # Ok(())
//! # }
//! ```

mod auth;
mod callbacks;
mod cards;
mod config;
mod connections;
mod faults;
mod form;
#[doc(hidden)]
pub mod fuzzing;
mod ids;
mod messages;
mod pages;
mod routes;
mod server;
mod store;

pub use config::{
    BindingSeed, CallbackConfig, CardConfig, MerchantConfig, SandboxConfig, DECLINE_MARKER,
    DEFAULT_ACS_CODE, DEFAULT_CALLBACK_SECRET, DEFAULT_TOKEN, FRICTIONLESS_CARD, THREE_DS_MARKER,
};
pub use connections::ConnectionLimits;
pub use faults::{FaultCounts, FaultProfile, FaultProfileError};
pub use server::Sandbox;
