//! The sandbox's integration tests, one binary: each module drives the
//! sandbox over real HTTP (or its binary) for one area; `common` holds the
//! sandbox set-up and request helpers they share.

mod common;

mod binary;
mod chaos;
mod client_flow;
mod concurrency;
mod doc_examples;
mod errors;
mod family;
mod faults;
mod hardening;
mod limits;
mod refund_through_proxy;
mod three_ds2;
