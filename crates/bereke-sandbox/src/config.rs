//! What the sandbox knows before its first request: merchants and their
//! credentials, cards, stored bindings, callback delivery and timings.
//!
//! [`SandboxConfig::default`] knows the bank document's merchants
//! (`test_user` / `test_user_password`, `ik_bindings-api` / `Ik_pass1`, the
//! wallet merchant `sandbox_merchant`), the document's test cards and the two
//! bindings its examples use, so the document's curl examples work as written.

use std::fmt;
use std::net::SocketAddr;
use std::time::Duration;

use bereke_types::{test_cards, Amount, Currency, TestCard};

use crate::connections::ConnectionLimits;
use crate::faults::FaultProfile;

/// The API token of `test_user`'s merchant in the default configuration
/// (the document names no token; the sandbox makes one up).
pub const DEFAULT_TOKEN: &str = "test_user_token";

/// The HMAC-SHA256 secret the default merchants sign their callbacks with.
pub const DEFAULT_CALLBACK_SECRET: &str = "sandbox_callback_secret";

/// The code the sandbox's ACS page accepts for every 3-D Secure card that
/// names none of its own (the document gives `12345678` for its 3DS1 card).
pub const DEFAULT_ACS_CODE: &str = "12345678";

/// A wallet payment token (Apple Pay, Google Pay) whose text, or
/// Base64-decoded text, holds this is declined (insufficient funds).
pub const DECLINE_MARKER: &str = "sandbox-decline";

/// A Google Pay token holding this is answered as a card without a token
/// that needs 3-D Secure (`acsUrl`, `paReq`, `termUrl`).
pub const THREE_DS_MARKER: &str = "sandbox-3ds";

/// Everything the sandbox is configured with.
#[derive(Clone)]
pub struct SandboxConfig {
    /// Where to listen; port 0 picks a free port.
    pub addr: SocketAddr,
    /// The base URL written into answers (`formUrl`, `acsUrl`, `termUrl`,
    /// redirects), ending in `/payment/`; by default
    /// `http://<bound address>/payment/`.
    pub public_base_url: Option<String>,
    /// The merchants, with their credentials.
    pub merchants: Vec<MerchantConfig>,
    /// Cards the sandbox knows; any other card number is declined.
    pub cards: Vec<CardConfig>,
    /// Bindings that exist from the start.
    pub bindings: Vec<BindingSeed>,
    /// Currencies `register.do` accepts; others are answered "Unknown currency".
    pub currencies: Vec<Currency>,
    /// Lifetime of an unpaid order when the request gives none (the
    /// document's default: 1200 s).
    pub default_session_timeout: Duration,
    /// How many declined payment attempts an order allows before it is
    /// declined for good (status 6). The default, 1, declines at once.
    pub payment_attempts: u32,
    /// How often unpaid orders are checked for expiry (they are also checked
    /// whenever they are used).
    pub expiry_check_interval: Duration,
    /// Apple Pay requests carry no amount (it is inside the encrypted token):
    /// the amount used when the token does not reveal one.
    pub apple_pay_default_amount: Amount,
    /// How callbacks are delivered.
    pub callbacks: CallbackConfig,
    /// Connection limit and timeouts of the server.
    pub limits: ConnectionLimits,
    /// Faults to inject into the API's answers; none by default.
    pub faults: Option<FaultProfile>,
}

impl Default for SandboxConfig {
    fn default() -> Self {
        SandboxConfig {
            addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            public_base_url: None,
            merchants: vec![
                MerchantConfig::new("test_user", "test_user_password")
                    .token(DEFAULT_TOKEN)
                    .name("Sandbox Shop"),
                MerchantConfig::new("ik_bindings-api", "Ik_pass1").name("Sandbox Bindings Shop"),
                // The document gives the wallet merchant no password; the
                // sandbox gives it one so its orders can be completed,
                // reversed and refunded over REST.
                MerchantConfig::new("sandbox_merchant", "sandbox_merchant_password")
                    .name("Sandbox Wallet Shop"),
            ],
            cards: test_cards::ALL
                .iter()
                .map(CardConfig::from_test_card)
                .chain([CardConfig::frictionless()])
                .collect(),
            bindings: vec![
                // The binding of the document's getBindings.do example.
                BindingSeed {
                    merchant: "ik_bindings-api".into(),
                    client_id: "dos-clientos".into(),
                    binding_id: "69d6a793-afb5-79be-8ce7-63ff00a8656a".into(),
                    pan: test_cards::CARD_SSL.pan.into(),
                },
                // The binding of the document's paymentOrderBinding.do and
                // getOrderStatusExtended.do examples.
                BindingSeed {
                    merchant: "test_user".into(),
                    client_id: "259753456".into(),
                    binding_id: "01491394-63a6-7d45-a88f-7bce00a7d8c0".into(),
                    pan: test_cards::CARD_3DS2.pan.into(),
                },
            ],
            currencies: vec![Currency::KZT, Currency::USD, Currency::EUR, Currency::RUB],
            default_session_timeout: Duration::from_secs(1200),
            payment_attempts: 1,
            expiry_check_interval: Duration::from_secs(1),
            apple_pay_default_amount: Amount::from_minor(1000),
            callbacks: CallbackConfig::default(),
            limits: ConnectionLimits::default(),
            faults: None,
        }
    }
}

impl fmt::Debug for SandboxConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SandboxConfig")
            .field("addr", &self.addr)
            .field("public_base_url", &self.public_base_url)
            .field("merchants", &self.merchants)
            .field("cards", &self.cards.len())
            .field("bindings", &self.bindings.len())
            .field("currencies", &self.currencies)
            .field("default_session_timeout", &self.default_session_timeout)
            .field("payment_attempts", &self.payment_attempts)
            .field("expiry_check_interval", &self.expiry_check_interval)
            .field("callbacks", &self.callbacks)
            .field("limits", &self.limits)
            .field("faults", &self.faults.map(|f| f.to_string()))
            .finish_non_exhaustive()
    }
}

impl SandboxConfig {
    /// The default configuration, listening on `addr`.
    pub fn with_addr(addr: SocketAddr) -> Self {
        SandboxConfig {
            addr,
            ..SandboxConfig::default()
        }
    }

    /// Adds a merchant (or replaces the one with the same login).
    pub fn merchant(mut self, merchant: MerchantConfig) -> Self {
        self.merchants.retain(|m| m.login != merchant.login);
        self.merchants.push(merchant);
        self
    }

    /// Sets the static callback URL of every merchant.
    pub fn callback_url(mut self, url: impl Into<String>) -> Self {
        let url = url.into();
        for merchant in &mut self.merchants {
            merchant.callback_url = Some(url.clone());
        }
        self
    }

    /// Sets the callback secret of every merchant.
    pub fn callback_secret(mut self, secret: impl Into<String>) -> Self {
        let secret = secret.into();
        for merchant in &mut self.merchants {
            merchant.callback_secret = Some(secret.clone());
        }
        self
    }

    /// Injects the faults of `profile` (see [`FaultProfile`]).
    pub fn faults(mut self, profile: FaultProfile) -> Self {
        self.faults = Some(profile);
        self
    }

    /// Sets the pause between two delivery attempts of a callback.
    pub fn callback_retry_interval(mut self, interval: Duration) -> Self {
        self.callbacks.retry_interval = interval;
        self
    }
}

/// A merchant of the sandbox and its API credentials.
#[derive(Clone)]
pub struct MerchantConfig {
    /// The merchant's login: its API `userName`, and `merchant` of the
    /// wallet endpoints.
    pub login: String,
    /// The name the payment page shows the customer (the login by default).
    pub name: String,
    /// The API password.
    pub password: String,
    /// Tokens accepted instead of `userName` and `password`.
    pub tokens: Vec<String>,
    /// The static callback URL of the merchant's settings: payment callbacks
    /// of orders without `dynamicCallbackUrl`, and binding callbacks.
    pub callback_url: Option<String>,
    /// The HMAC-SHA256 secret callbacks are signed with; unsigned when `None`.
    pub callback_secret: Option<String>,
    /// Currency of orders registered without one.
    pub default_currency: Currency,
    /// Whether the merchant may register verification orders (`features=VERIFY`).
    pub verify_allowed: bool,
    /// Logins of the child merchants this merchant may act for with
    /// `merchantLogin` (the gateway's parent → child relation). Any other
    /// `merchantLogin` is refused with access denied.
    pub children: Vec<String>,
}

impl MerchantConfig {
    /// A merchant with this login and password, signing callbacks with
    /// [`DEFAULT_CALLBACK_SECRET`], in tenge.
    pub fn new(login: impl Into<String>, password: impl Into<String>) -> Self {
        let login = login.into();
        MerchantConfig {
            name: login.clone(),
            login,
            password: password.into(),
            tokens: Vec::new(),
            callback_url: None,
            callback_secret: Some(DEFAULT_CALLBACK_SECRET.to_owned()),
            default_currency: Currency::KZT,
            verify_allowed: true,
            children: Vec::new(),
        }
    }

    /// Lets this merchant act for the merchant `login` (`merchantLogin`).
    pub fn child(mut self, login: impl Into<String>) -> Self {
        self.children.push(login.into());
        self
    }

    /// Sets the name the payment page shows.
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = name.into();
        self
    }

    /// Adds an API token.
    pub fn token(mut self, token: impl Into<String>) -> Self {
        self.tokens.push(token.into());
        self
    }

    /// Sets the static callback URL.
    pub fn callback_url(mut self, url: impl Into<String>) -> Self {
        self.callback_url = Some(url.into());
        self
    }

    /// Sets (or, with `None`, removes) the callback secret.
    pub fn callback_secret(mut self, secret: Option<String>) -> Self {
        self.callback_secret = secret;
        self
    }
}

impl fmt::Debug for MerchantConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MerchantConfig")
            .field("login", &self.login)
            .field("name", &self.name)
            .field("password", &"***")
            .field("tokens", &self.tokens.len())
            .field("callback_url", &self.callback_url)
            .field(
                "callback_secret",
                &self.callback_secret.as_ref().map(|_| "***"),
            )
            .field("default_currency", &self.default_currency)
            .field("verify_allowed", &self.verify_allowed)
            .field("children", &self.children)
            .finish()
    }
}

/// A card the sandbox accepts, with how it behaves.
#[derive(Clone, PartialEq, Eq)]
pub struct CardConfig {
    /// The card number, digits only.
    pub pan: String,
    /// Expiry year, four digits.
    pub expiry_year: u16,
    /// Expiry month, 1–12.
    pub expiry_month: u8,
    /// The security code.
    pub cvc: String,
    /// The 3-D Secure version the card is enrolled in (`"1"`, `"2"`), if any.
    pub three_ds: Option<String>,
    /// The code the ACS page accepts for it.
    pub acs_code: String,
    /// 3-D Secure 2 without a challenge (see [`FRICTIONLESS_CARD`]).
    pub frictionless: bool,
}

/// The sandbox's own 3-D Secure 2 card that is authenticated without a
/// challenge (frictionless), beside the document's `5555555555555599`,
/// which is challenged. Not in the bank's document.
pub const FRICTIONLESS_CARD: &str = "5555555555554444";

impl CardConfig {
    /// A card of the bank's document (`bereke_types::test_cards`); the
    /// document's expiry `MM/YY` is read as year 20YY.
    pub fn from_test_card(card: &TestCard) -> Self {
        let (month, year) = card.expiry.split_once('/').unwrap_or(("12", "24"));
        CardConfig {
            pan: card.pan.to_owned(),
            expiry_year: 2000 + year.parse::<u16>().unwrap_or(24),
            expiry_month: month.parse().unwrap_or(12),
            cvc: card.cvc.to_owned(),
            three_ds: card.three_ds.map(str::to_owned),
            acs_code: card.acs_code.unwrap_or(DEFAULT_ACS_CODE).to_owned(),
            frictionless: false,
        }
    }

    /// The sandbox's frictionless 3-D Secure 2 card ([`FRICTIONLESS_CARD`]),
    /// with the document's expiry 12/24 and CVC 123.
    pub fn frictionless() -> Self {
        CardConfig {
            pan: FRICTIONLESS_CARD.to_owned(),
            expiry_year: 2024,
            expiry_month: 12,
            cvc: "123".to_owned(),
            three_ds: Some("2".to_owned()),
            acs_code: DEFAULT_ACS_CODE.to_owned(),
            frictionless: true,
        }
    }
}

impl fmt::Debug for CardConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CardConfig")
            .field("pan", &crate::cards::mask_pan(&self.pan))
            .field("three_ds", &self.three_ds)
            .finish_non_exhaustive()
    }
}

/// A binding (stored card) that exists when the sandbox starts.
#[derive(Clone, PartialEq, Eq)]
pub struct BindingSeed {
    /// Login of the merchant it belongs to.
    pub merchant: String,
    /// The customer's `clientId`.
    pub client_id: String,
    /// The binding's id.
    pub binding_id: String,
    /// Number of a configured card.
    pub pan: String,
}

impl fmt::Debug for BindingSeed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BindingSeed")
            .field("merchant", &self.merchant)
            .field("client_id", &self.client_id)
            .field("binding_id", &self.binding_id)
            .field("pan", &crate::cards::mask_pan(&self.pan))
            .finish()
    }
}

/// How callbacks are delivered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallbackConfig {
    /// Delivery attempts of one callback, the first included (the gateway's
    /// default: 3).
    pub attempts: u32,
    /// Pause between two attempts (the gateway's default: 30 s).
    pub retry_interval: Duration,
    /// How long one attempt may take.
    pub timeout: Duration,
}

impl Default for CallbackConfig {
    fn default() -> Self {
        CallbackConfig {
            attempts: 3,
            retry_interval: Duration::from_secs(30),
            timeout: Duration::from_secs(10),
        }
    }
}
