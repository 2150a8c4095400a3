//! The client crate's integration tests, one binary: each module is one
//! area (callbacks, the client over real HTTP, 3-D Secure), and the
//! `*_support` modules hold what several of them share.

mod callback_support;
mod client_support;

mod callback;
mod callback_properties;
mod client_builder;
mod client_errors;
mod client_examples;
mod client_payment;
mod client_redaction;
mod client_requests;
mod client_retry;
mod client_tls;
mod client_wire;
mod three_ds;
