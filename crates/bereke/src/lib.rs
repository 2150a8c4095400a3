//! Typed async client for Bereke Bank's e-commerce payment gateway.

pub mod callback;
pub mod three_ds;

/// Every request, response, enumeration and error-code model of the gateway.
pub use bereke_types as models;
