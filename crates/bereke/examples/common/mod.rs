//! Shared by the examples: a client configured from environment variables.
//!
//! - `BEREKE_BASE_URL`: the gateway root, e.g. `https://3dsec.berekebank.kz/payment/`
//!   (default: the bank's test gateway);
//! - `BEREKE_USER` and `BEREKE_PASSWORD`, or `BEREKE_TOKEN`: the merchant's API credentials;
//! - `BEREKE_LANGUAGE` (optional): `en`, `kk`, `ru`, …

// Each example uses only some of these.
#![allow(dead_code)]

use bereke::models::{Amount, Currency};
use bereke::{Client, Credentials, Environment};

/// The client, or `None` (after saying what is missing) when the
/// credentials are not set.
pub fn client_from_env() -> Result<Option<Client>, bereke::BuildError> {
    let credentials = match (
        std::env::var("BEREKE_USER"),
        std::env::var("BEREKE_PASSWORD"),
        std::env::var("BEREKE_TOKEN"),
    ) {
        (Ok(user), Ok(password), _) => Credentials::password(user, password),
        (_, _, Ok(token)) => Credentials::token(token),
        _ => {
            eprintln!(
                "Set BEREKE_USER and BEREKE_PASSWORD (or BEREKE_TOKEN) to the merchant's API \
                 credentials for the test gateway, and optionally BEREKE_BASE_URL \
                 (default {}), then run this example again.",
                Environment::Test.base_url()
            );
            return Ok(None);
        }
    };
    let base_url = std::env::var("BEREKE_BASE_URL")
        .unwrap_or_else(|_| Environment::Test.base_url().to_owned());
    let mut builder = Client::builder()
        .base_url(base_url)
        .credentials(credentials);
    if let Ok(language) = std::env::var("BEREKE_LANGUAGE") {
        builder = builder.language(language);
    }
    builder.build().map(Some)
}

/// A fresh order number (unique per merchant), from the clock.
pub fn order_number(prefix: &str) -> String {
    let millis = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis())
        .unwrap_or_default();
    format!("{prefix}-{millis}")
}

/// Whether the example should pay with the bank's published test card
/// itself (`BEREKE_PAY_WITH_TEST_CARD=1`) instead of waiting for a customer
/// on the payment page. Needs the merchant's permission for `paymentorder.do`.
pub fn pay_with_test_card() -> bool {
    std::env::var("BEREKE_PAY_WITH_TEST_CARD").is_ok_and(|v| v == "1")
}

/// An amount of a status answer with the answer's currency (`150.00 KZT`),
/// or `-` when the answer has none.
pub fn money(amount: Option<Amount>, currency: Option<Currency>) -> String {
    match (amount, currency) {
        (Some(amount), Some(currency)) => amount.in_currency(currency).to_string(),
        (Some(amount), None) => format!("{} minor units", amount.minor()),
        (None, _) => "-".to_owned(),
    }
}
