//! Building a client: base URLs, environments, credentials and settings.

use crate::client_support;

use std::time::Duration;

use bereke::models::*;
use bereke::{BuildError, Client, Credentials, Environment};
use client_support::{pairs, Reply, Stub, PASSWORD, USER};

fn with_base(url: &str) -> Result<Client, BuildError> {
    Client::builder()
        .base_url(url)
        .credentials(Credentials::password(USER, PASSWORD))
        .build()
}

#[test]
fn environments_are_the_banks_gateways() {
    assert_eq!(Environment::Test.base_url(), bereke::models::TEST_BASE_URL);
    assert_eq!(
        Environment::Production.base_url(),
        bereke::models::PRODUCTION_BASE_URL
    );
    let client = Client::builder()
        .environment(Environment::Production)
        .credentials(Credentials::token("t"))
        .build()
        .unwrap();
    assert_eq!(
        client.base_url(),
        "https://securepayments.berekebank.kz/payment/"
    );
}

#[test]
fn any_https_gateway_works_and_gets_a_trailing_slash() {
    assert_eq!(
        with_base("https://ecomtest.other-bank.example/payment")
            .unwrap()
            .base_url(),
        "https://ecomtest.other-bank.example/payment/"
    );
}

#[test]
fn plain_http_needs_loopback_or_permission() {
    assert!(with_base("http://127.0.0.1:8080/payment/").is_ok());
    assert!(with_base("http://localhost:8080/payment/").is_ok());
    assert!(with_base("http://[::1]:8080/payment/").is_ok());
    assert!(matches!(
        with_base("http://sandbox.internal:8080/payment/"),
        Err(BuildError::InsecureBaseUrl)
    ));
    assert!(Client::builder()
        .base_url("http://sandbox.internal:8080/payment/")
        .credentials(Credentials::token("t"))
        .allow_insecure_http(true)
        .build()
        .is_ok());
}

#[test]
fn missing_or_unusable_settings_are_errors() {
    assert!(matches!(
        Client::builder()
            .credentials(Credentials::token("t"))
            .build(),
        Err(BuildError::MissingBaseUrl)
    ));
    assert!(matches!(
        Client::builder().environment(Environment::Test).build(),
        Err(BuildError::MissingCredentials)
    ));
    assert!(matches!(
        Client::builder()
            .environment(Environment::Test)
            .credentials(Credentials::password(USER, ""))
            .build(),
        Err(BuildError::InvalidCredentials { .. })
    ));
    let base = || {
        Client::builder()
            .environment(Environment::Test)
            .credentials(Credentials::token("t"))
    };
    for (builder, setting) in [
        (base().language("english"), "language"),
        (base().timeout(Duration::ZERO), "timeout"),
        (base().connect_timeout(Duration::ZERO), "connect_timeout"),
        (base().wallet_merchant(""), "wallet_merchant"),
    ] {
        match builder.build() {
            Err(BuildError::InvalidSetting { setting: s, .. }) => assert_eq!(s, setting),
            other => panic!("{setting}: {other:?}"),
        }
    }
    for bad in [
        "ftp://gw.example/",
        "https://u:p@gw.example/",
        "https://gw.example/?x=1",
        "nonsense",
    ] {
        assert!(
            matches!(with_base(bad), Err(BuildError::InvalidBaseUrl { .. })),
            "{bad}"
        );
    }
}

/// The builder of an application's own reqwest client: reqwest comes
/// without a crypto provider, so the application installs one first.
fn own_reqwest_builder() -> reqwest::ClientBuilder {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::builder()
}

#[tokio::test]
async fn an_existing_reqwest_client_is_used() {
    let stub = Stub::start(Reply::json(r#"{"errorCode":"0"}"#)).await;
    let http = own_reqwest_builder()
        .redirect(reqwest::redirect::Policy::none())
        .user_agent("shop/1.0")
        .build()
        .unwrap();
    let client = stub.builder().http_client(http).build().unwrap();
    client
        .deposit(&DepositRequest::new("o-1", Amount::ZERO))
        .await
        .unwrap();
    assert_eq!(
        stub.only_request().form(),
        pairs(&[
            ("userName", USER),
            ("password", PASSWORD),
            ("orderId", "o-1"),
            ("amount", "0")
        ])
    );
}

#[tokio::test]
async fn the_timeout_applies_to_an_existing_reqwest_client_too() {
    let stub =
        Stub::start(Reply::json(r#"{"errorCode":"0"}"#).delayed(Duration::from_millis(800))).await;
    let client = stub
        .builder()
        .http_client(own_reqwest_builder().build().unwrap())
        .timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    let err = client
        .deposit(&DepositRequest::new("o-1", Amount::ZERO))
        .await
        .unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
}

#[tokio::test]
async fn clones_share_the_settings() {
    let stub = Stub::start(Reply::json(r#"{"errorCode":"0"}"#)).await;
    let client = stub.builder().language("kk").build().unwrap();
    let clone = client.clone();
    clone
        .deposit(&DepositRequest::new("o-1", Amount::ZERO))
        .await
        .unwrap();
    assert!(stub
        .only_request()
        .form()
        .contains(&("language".into(), "kk".into())));
}

#[test]
fn clients_calls_and_errors_cross_threads() {
    fn send_sync<T: Send + Sync + 'static>() {}
    fn send<T: Send>(_: &T) {}
    send_sync::<Client>();
    send_sync::<bereke::Error>();
    send_sync::<BuildError>();
    let client = with_base("https://gw.example/payment/").unwrap();
    let request = RegisterRequest::new(Amount::from_minor(1), "https://s/ok");
    // Futures of calls can be spawned on a multi-threaded runtime.
    send(&client.register(&request));
    let card = bereke::models::test_cards::CARD_SSL.card("X").unwrap();
    let payment = PaymentOrderRequest::new("o", &card);
    send(&client.pay(&payment));
    send(&client.execute(&request));
}
