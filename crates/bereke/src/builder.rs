//! Configuring a [`Client`]: where the gateway is, who the merchant is, how
//! long to wait and how often to retry.

use std::fmt;
use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;

use url::{Host, Url};

use crate::client::{Client, Inner};
use crate::credentials::Credentials;
use crate::error::{BuildError, HttpError};
use crate::retry::RetryConfig;
use crate::tls;
use crate::Environment;

/// The default time for a whole request (connect, send, answer). Generous
/// on purpose: a payment waits for the card issuer, and a payment that
/// times out leaves the order in doubt.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

/// The default time to open a connection (TCP and TLS).
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// Builds a [`Client`]; start with [`Client::builder`].
///
/// ```
/// use std::time::Duration;
/// use bereke::{Client, Credentials, Environment, RetryConfig};
///
/// let client = Client::builder()
///     .environment(Environment::Test)
///     .credentials(Credentials::password("shop-api", "s3cret"))
///     .language("en")
///     .timeout(Duration::from_secs(30))
///     .retry(RetryConfig::default().with_max_attempts(4))
///     .build()?;
/// # let _ = client;
/// # Ok::<(), bereke::BuildError>(())
/// ```
#[must_use]
#[derive(Clone)]
pub struct ClientBuilder {
    base_url: Option<String>,
    credentials: Option<Credentials>,
    wallet_merchant: Option<String>,
    timeout: Duration,
    connect_timeout: Duration,
    http_client: Option<reqwest::Client>,
    language: Option<String>,
    retry: RetryConfig,
    allow_insecure_http: bool,
}

impl Default for ClientBuilder {
    fn default() -> Self {
        ClientBuilder {
            base_url: None,
            credentials: None,
            wallet_merchant: None,
            timeout: DEFAULT_TIMEOUT,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            http_client: None,
            language: None,
            retry: RetryConfig::default(),
            allow_insecure_http: false,
        }
    }
}

impl ClientBuilder {
    /// A builder with the defaults: no base URL or credentials yet,
    /// [`DEFAULT_TIMEOUT`], [`DEFAULT_CONNECT_TIMEOUT`], [`RetryConfig::default`].
    pub fn new() -> Self {
        ClientBuilder::default()
    }

    /// The gateway's root, up to and including `/payment/`
    /// (`https://3dsec.berekebank.kz/payment/`; a missing final `/` is
    /// added). Any `https` URL is accepted, so other banks running the same
    /// gateway work too; plain `http` only for a loopback address (a local
    /// sandbox) unless [`allow_insecure_http`](Self::allow_insecure_http).
    /// The URL must not hold a login, a query or a fragment.
    pub fn base_url(mut self, url: impl AsRef<str>) -> Self {
        self.base_url = Some(url.as_ref().to_owned());
        self
    }

    /// One of Bereke Bank's environments as the base URL.
    pub fn environment(self, environment: Environment) -> Self {
        self.base_url(environment.base_url())
    }

    /// The merchant's API credentials, sent in the body of every REST request.
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = Some(credentials);
        self
    }

    /// The merchant login sent as `merchant` to the wallet endpoints (Apple
    /// Pay, Google Pay). Without it, the login of password credentials is
    /// used; token credentials need it for wallet calls.
    pub fn wallet_merchant(mut self, merchant: impl Into<String>) -> Self {
        self.wallet_merchant = Some(merchant.into());
        self
    }

    /// The longest a whole attempt may take, from connecting to the last
    /// byte of the answer. Applies to a client given with
    /// [`http_client`](Self::http_client) as well.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The longest opening a connection (TCP and TLS) may take. Applies only
    /// to the HTTP client this builder creates, not to one given with
    /// [`http_client`](Self::http_client).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Sends through an existing `reqwest` client (its connection pool,
    /// proxy and TLS settings are used as they are). Give it a client that
    /// does not follow redirects (`reqwest::redirect::Policy::none()`): a
    /// followed redirect could carry the credentials in the body elsewhere.
    ///
    /// This crate builds reqwest without a bundled rustls crypto provider:
    /// unless the application enables reqwest's `rustls` feature, install
    /// one before building that client, or reqwest panics:
    /// `bereke::rustls::crypto::ring::default_provider().install_default()`.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http_client = Some(client);
        self
    }

    /// The language (ISO 639-1, e.g. `en`, `kk`, `ru`) sent as `language`
    /// with every request whose endpoint takes one and that sets none.
    pub fn language(mut self, language: impl Into<String>) -> Self {
        self.language = Some(language.into());
        self
    }

    /// How failed calls are retried; [`RetryConfig::disabled`] turns retries off.
    pub fn retry(mut self, retry: RetryConfig) -> Self {
        self.retry = retry;
        self
    }

    /// Allows a plain `http` base URL for a host that is not a loopback
    /// address (a sandbox on another machine of a trusted network). The
    /// credentials then travel unencrypted: never for a real gateway.
    pub fn allow_insecure_http(mut self, allow: bool) -> Self {
        self.allow_insecure_http = allow;
        self
    }

    /// Checks the settings and builds the client.
    ///
    /// # Errors
    ///
    /// A [`BuildError`] when the base URL or the credentials are missing or
    /// unusable, a setting is out of range, or the HTTP client cannot be
    /// created.
    pub fn build(self) -> Result<Client, BuildError> {
        let raw = self.base_url.ok_or(BuildError::MissingBaseUrl)?;
        let base_url = parse_base_url(&raw, self.allow_insecure_http)?;
        let credentials = self.credentials.ok_or(BuildError::MissingCredentials)?;
        if let Some(reason) = credentials.problem() {
            return Err(BuildError::InvalidCredentials { reason });
        }
        if self.wallet_merchant.as_deref() == Some("") {
            return Err(BuildError::InvalidSetting {
                setting: "wallet_merchant",
                reason: "must not be empty",
            });
        }
        if let Some(language) = &self.language {
            if language.len() != 2 || !language.bytes().all(|b| b.is_ascii_alphabetic()) {
                return Err(BuildError::InvalidSetting {
                    setting: "language",
                    reason: "must be a two-letter ISO 639-1 code",
                });
            }
        }
        if self.timeout.is_zero() {
            return Err(BuildError::InvalidSetting {
                setting: "timeout",
                reason: "must be longer than zero",
            });
        }
        if self.connect_timeout.is_zero() {
            return Err(BuildError::InvalidSetting {
                setting: "connect_timeout",
                reason: "must be longer than zero",
            });
        }
        let http = match self.http_client {
            Some(http) => http,
            None => reqwest::Client::builder()
                .tls_backend_preconfigured(tls::client_config().map_err(BuildError::Tls)?)
                .connect_timeout(self.connect_timeout)
                .timeout(self.timeout)
                // The body carries the credentials: never replay it to
                // wherever a redirect points.
                .redirect(reqwest::redirect::Policy::none())
                .user_agent(concat!("bereke/", env!("CARGO_PKG_VERSION")))
                .build()
                .map_err(|e| BuildError::HttpClient(HttpError::new(e)))?,
        };
        let wallet_merchant = self
            .wallet_merchant
            .or_else(|| credentials.user_name().map(str::to_owned));
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                base_url,
                credentials,
                wallet_merchant,
                language: self.language,
                timeout: self.timeout,
                retry: self.retry,
            }),
        })
    }
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            // The raw text is not shown: it could hold a login and password.
            .field("base_url_set", &self.base_url.is_some())
            .field("credentials", &self.credentials)
            .field("wallet_merchant", &self.wallet_merchant)
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("custom_http_client", &self.http_client.is_some())
            .field("language", &self.language)
            .field("retry", &self.retry)
            .field("allow_insecure_http", &self.allow_insecure_http)
            .finish()
    }
}

/// Parses and checks a base URL; the result ends with `/`, so that joining
/// an endpoint's path keeps every segment.
fn parse_base_url(raw: &str, allow_insecure_http: bool) -> Result<Url, BuildError> {
    let invalid = |reason: &str| BuildError::InvalidBaseUrl {
        reason: reason.to_owned(),
    };
    let mut url = Url::parse(raw.trim()).map_err(|e| invalid(&e.to_string()))?;
    if !url.username().is_empty() || url.password().is_some() {
        return Err(invalid(
            "it holds a login: credentials go in the request body, set them with ClientBuilder::credentials",
        ));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(invalid("it has a query or a fragment"));
    }
    let Some(host) = url.host() else {
        return Err(invalid("it has no host"));
    };
    match url.scheme() {
        "https" => {}
        "http" if allow_insecure_http || is_loopback(&host) => {}
        "http" => return Err(BuildError::InsecureBaseUrl),
        _ => return Err(invalid("the scheme is not https")),
    }
    if !url.path().ends_with('/') {
        let path = format!("{}/", url.path());
        url.set_path(&path);
    }
    Ok(url)
}

fn is_loopback(host: &Host<&str>) -> bool {
    match host {
        Host::Ipv4(ip) => ip.is_loopback(),
        Host::Ipv6(ip) => ip.is_loopback(),
        Host::Domain(name) => {
            name.eq_ignore_ascii_case("localhost")
                || name.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(raw: &str) -> Result<String, BuildError> {
        parse_base_url(raw, false).map(String::from)
    }

    #[test]
    fn https_urls_get_a_trailing_slash() {
        assert_eq!(
            parse("https://3dsec.berekebank.kz/payment").unwrap(),
            "https://3dsec.berekebank.kz/payment/"
        );
        assert_eq!(
            parse("https://gw.example/payment/").unwrap(),
            "https://gw.example/payment/"
        );
        assert_eq!(parse("https://gw.example").unwrap(), "https://gw.example/");
    }

    #[test]
    fn plain_http_only_for_loopback() {
        for ok in [
            "http://127.0.0.1:8080/payment/",
            "http://127.1.2.3/payment/",
            "http://[::1]:9/payment/",
            "http://localhost:8080/payment/",
            "http://LOCALHOST/payment/",
        ] {
            assert!(parse(ok).is_ok(), "{ok}");
        }
        for bad in [
            "http://3dsec.berekebank.kz/payment/",
            "http://10.0.0.1/payment/",
            "http://localhost.evil.example/",
        ] {
            assert!(
                matches!(parse(bad), Err(BuildError::InsecureBaseUrl)),
                "{bad}"
            );
            assert!(parse_base_url(bad, true).is_ok(), "{bad}");
        }
    }

    #[test]
    fn refuses_logins_queries_and_other_schemes() {
        for bad in [
            "https://user:secret@gw.example/payment/",
            "https://user@gw.example/payment/",
            "https://gw.example/payment/?a=1",
            "https://gw.example/payment/#x",
            "ftp://gw.example/payment/",
            "file:///payment/",
            "not a url",
            "",
        ] {
            let err = parse(bad).unwrap_err();
            assert!(
                matches!(err, BuildError::InvalidBaseUrl { .. }),
                "{bad}: {err}"
            );
            assert!(!err.to_string().contains("secret"));
        }
    }
}
