//! TLS for the HTTP client a [`ClientBuilder`](crate::ClientBuilder) creates.
//!
//! reqwest is used without a bundled crypto provider (its `rustls` feature
//! would compile aws-lc, a large C library, into every user's binary), so
//! this crate hands it a finished rustls configuration instead: the
//! application's process-wide provider if it installed one, else ring.
//! Nothing is installed process-wide. Certificates are verified by
//! rustls-platform-verifier against the system's root certificates.

use std::sync::Arc;

use rustls::crypto::CryptoProvider;
use rustls_platform_verifier::BuilderVerifierExt;

/// The rustls configuration for the gateway: safe protocol versions,
/// certificate and host name verification on, no client certificate.
pub(crate) fn client_config() -> Result<rustls::ClientConfig, rustls::Error> {
    let provider = CryptoProvider::get_default()
        .cloned()
        .unwrap_or_else(|| Arc::new(rustls::crypto::ring::default_provider()));
    Ok(rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()?
        .with_platform_verifier()?
        .with_no_client_auth())
}
