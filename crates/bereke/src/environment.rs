//! The bank's gateway environments.

/// One of Bereke Bank's gateway environments.
///
/// Other banks run the same gateway software under other hosts: give their
/// base URL to [`ClientBuilder::base_url`](crate::ClientBuilder::base_url)
/// instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Environment {
    /// The test gateway, `https://3dsec.berekebank.kz/payment/`: test cards, no real money.
    Test,
    /// The production gateway, `https://securepayments.berekebank.kz/payment/`.
    Production,
}

impl Environment {
    /// The environment's base URL, up to and including `/payment/`.
    ///
    /// ```
    /// assert_eq!(bereke::Environment::Test.base_url(), "https://3dsec.berekebank.kz/payment/");
    /// ```
    pub const fn base_url(self) -> &'static str {
        match self {
            Environment::Test => bereke_types::TEST_BASE_URL,
            Environment::Production => bereke_types::PRODUCTION_BASE_URL,
        }
    }
}
