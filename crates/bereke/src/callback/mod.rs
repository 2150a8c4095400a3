//! Callback notifications: parse and verify what the gateway sends.
