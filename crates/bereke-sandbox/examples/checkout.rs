//! The quickstart: a checkout against the sandbox gateway, started in this
//! process, through the `bereke` client. No credentials, no network.
//!
//! ```text
//! cargo run --example checkout
//! ```
//!
//! It runs a one-stage payment, a two-stage payment with a partial deposit
//! and a refund, a 3-D Secure 1 payment, and two 3-D Secure 2 payments (the
//! 3DS Method, then a challenge or none), acting as the customer's browser
//! at the sandbox's pages, printing each step, the callbacks the gateway
//! sends (verified), and each order's final status.

use std::sync::Arc;
use std::time::Duration;

use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::routing::get;
use axum::Router;
use bereke::callback::{CallbackKey, CallbackVerifier};
use bereke::models::card::{Card, CardError};
use bereke::models::test_cards::{CARD_3DS1, CARD_3DS2, CARD_SSL};
use bereke::models::{
    Amount, Currency, DepositRequest, GetOrderStatusExtendedRequest, PaymentOrderRequest,
    RefundRequest, RegisterPreAuthRequest, RegisterRequest, TestCard,
};
use bereke::three_ds::{ThreeDs2Challenge, ThreeDsMethod};
use bereke::{Client, Credentials, PaymentOutcome};
use bereke_sandbox::{Sandbox, SandboxConfig, DEFAULT_CALLBACK_SECRET, FRICTIONLESS_CARD};

type Error = Box<dyn std::error::Error + Send + Sync>;

#[tokio::main]
async fn main() -> Result<(), Error> {
    // The sandbox gateway, on a free port of 127.0.0.1.
    let sandbox = Sandbox::start(SandboxConfig::default()).await?;
    println!("sandbox gateway at {}", sandbox.base_url());

    // Where the gateway sends its callbacks: a small listener that verifies them.
    let callback_url = start_callback_listener().await?;

    // The client, with the document's test merchant.
    let client = Client::builder()
        .base_url(sandbox.base_url())
        .credentials(Credentials::password("test_user", "test_user_password"))
        .language("en")
        .build()?;

    println!("\n== One-stage payment: 150.00 KZT with the SSL test card");
    let order = client
        .register(
            &RegisterRequest::new(Amount::from_minor(15000), "https://shop.example/paid")
                .currency(Currency::KZT)
                .description("Quickstart one-stage")
                .dynamic_callback_url(&callback_url),
        )
        .await?;
    // What a registration answers on success, without `Option`.
    let registered = order.success()?;
    let one_stage = registered.order_id;
    println!(
        "registered {one_stage}; payment page {}",
        registered.form_url
    );
    let outcome = client.pay(&card_payment(one_stage, &CARD_SSL)?).await?;
    println!("paid: {outcome:?}");
    print_status(&client, one_stage).await?;

    println!("\n== Two-stage payment: hold 500.00, deposit 300.00, refund 100.00");
    let order = client
        .register_pre_auth(
            &RegisterPreAuthRequest::new(
                order_number("two-stage"),
                Amount::from_minor(50000),
                "https://shop.example/held",
            )
            .currency(Currency::KZT)
            .dynamic_callback_url(&callback_url),
        )
        .await?;
    let two_stage = order.success()?.order_id;
    println!("registered {two_stage}");
    let outcome = client.pay(&card_payment(two_stage, &CARD_SSL)?).await?;
    println!("paid (held): {outcome:?}");
    print_status(&client, two_stage).await?;
    client
        .deposit(&DepositRequest::new(two_stage, Amount::from_minor(30000)))
        .await?;
    println!("deposited 300.00 of the 500.00 held");
    client
        .refund(
            &RefundRequest::new(two_stage, Amount::from_minor(10000))
                .external_refund_id("quickstart-r1"),
        )
        .await?;
    println!("refunded 100.00");
    print_status(&client, two_stage).await?;

    println!("\n== 3-D Secure payment: 99.90 KZT with the 3DS1 test card");
    let order = client
        .register(
            &RegisterRequest::new(Amount::from_minor(9990), "finish.html")
                .currency(Currency::KZT)
                .dynamic_callback_url(&callback_url),
        )
        .await?;
    let secure = order.success()?.order_id;
    println!("registered {secure}");
    match client.pay(&card_payment(secure, &CARD_3DS1)?).await? {
        PaymentOutcome::ThreeDsRequired(challenge) => {
            println!(
                "3-D Secure needed: the customer's browser goes to {}",
                challenge.acs_url
            );
            let code = CARD_3DS1.acs_code.unwrap_or("12345678");
            let landed = act_as_browser(&challenge, code).await?;
            println!("typed the code {code} at the ACS; the browser lands on {landed}");
        }
        other => println!("unexpected answer: {other:?}"),
    }
    print_status(&client, secure).await?;

    for (title, pan) in [
        (
            "with a challenge: the document's 3DS2 test card",
            CARD_3DS2.pan,
        ),
        (
            "frictionless: the sandbox's second 3DS2 card",
            FRICTIONLESS_CARD,
        ),
    ] {
        println!("\n== 3-D Secure 2 payment, {title}");
        let order = client
            .register(
                &RegisterRequest::new(Amount::from_minor(4550), "finish.html")
                    .currency(Currency::KZT)
                    .dynamic_callback_url(&callback_url),
            )
            .await?;
        let order_id = order.success()?.order_id;
        let card = Card::new(
            pan.parse()?,
            "12/24".parse()?,
            "123".parse()?,
            "TEST CARDHOLDER".parse()?,
        );
        let first = PaymentOrderRequest::new(order_id, &card);
        let PaymentOutcome::ThreeDsMethod(method) = client.pay(&first).await? else {
            println!("unexpected answer: no 3DS Method");
            continue;
        };
        run_method(&method).await?;
        // The second paymentorder.do, with the same card data and the
        // transaction id (finish3dsMethod.do would do without the card data).
        match client.pay(&method.continue_request(&first)).await? {
            PaymentOutcome::ThreeDs2Challenge(challenge) => {
                println!(
                    "challenge: the customer's browser posts creq to {}",
                    challenge.acs_url
                );
                let landed = answer_challenge(&challenge, "12345678").await?;
                println!("typed the code 12345678 at the ACS; the browser lands on {landed}");
            }
            PaymentOutcome::Redirect { url, .. } => {
                println!("no challenge: the customer goes to {url}");
            }
            other => println!("unexpected answer: {other:?}"),
        }
        print_status(&client, order_id).await?;
    }

    // Give the callbacks a moment to arrive, then stop.
    tokio::time::sleep(Duration::from_millis(300)).await;
    sandbox.stop().await;
    Ok(())
}

/// A card payment with one of the document's test cards (expiry 12/24).
fn card_payment(order_id: &str, card: &TestCard) -> Result<PaymentOrderRequest, CardError> {
    Ok(PaymentOrderRequest::new(
        order_id,
        &card.card("TEST CARDHOLDER")?,
    ))
}

fn order_number(prefix: &str) -> String {
    let millis = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis())
        .unwrap_or_default();
    format!("{prefix}-{millis}")
}

async fn print_status(client: &Client, order_id: &str) -> Result<(), Error> {
    let status = client
        .get_order_status_extended(&GetOrderStatusExtendedRequest::new().order_id(order_id))
        .await?;
    let order_status = status.success()?.order_status.clone();
    let amounts = status.payment_amount_info.unwrap_or_default();
    // Amounts in the order's currency: `500.00 KZT`.
    let currency = status.currency.unwrap_or(Currency::KZT);
    let money = |amount: Option<Amount>| amount.unwrap_or(Amount::ZERO).in_currency(currency);
    println!(
        "status of {}: orderStatus {:?}, state {:?}, approved {}, deposited {}, refunded {}, card {:?}",
        status.order_number.as_deref().unwrap_or("-"),
        order_status,
        amounts.payment_state,
        money(amounts.approved_amount),
        money(amounts.deposited_amount),
        money(amounts.refunded_amount),
        status.card_auth_info.and_then(|c| c.masked_pan),
    );
    Ok(())
}

/// What the customer's browser does at the ACS: open the page (a POST of
/// MD, PaReq and TermUrl to acsUrl), post the one-time code, and follow the
/// redirects back to the shop. Returns the last address.
async fn act_as_browser(
    challenge: &bereke::three_ds::ThreeDsChallenge,
    code: &str,
) -> Result<String, Error> {
    // reqwest comes without a crypto provider: pick ring, as an application would.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let browser = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(10))
        .build()?;
    let fields = [
        ("MD", challenge.md.as_str()),
        ("PaReq", challenge.pa_req.as_str()),
        ("TermUrl", challenge.term_url.as_str()),
    ];
    let page = browser
        .post(&challenge.acs_url)
        .form(&fields)
        .send()
        .await?;
    println!("ACS page: HTTP {}", page.status());
    let mut with_code = fields.to_vec();
    with_code.push(("code", code));
    let mut response = browser
        .post(&challenge.acs_url)
        .form(&with_code)
        .send()
        .await?;
    let mut location = challenge.acs_url.clone();
    for _ in 0..5 {
        let Some(next) = response
            .headers()
            .get("location")
            .and_then(|l| l.to_str().ok())
        else {
            break;
        };
        location = next.to_owned();
        response = browser.get(&location).send().await?;
    }
    Ok(location)
}

fn browser() -> Result<reqwest::Client, Error> {
    // reqwest comes without a crypto provider: pick ring, as an application would.
    let _ = rustls::crypto::ring::default_provider().install_default();
    Ok(reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(10))
        .build()?)
}

/// What the hidden iframe of `ThreeDsMethod::iframe_html` does: post
/// `threeDSMethodData` to the issuer's method URL.
async fn run_method(method: &ThreeDsMethod) -> Result<(), Error> {
    let page = method.iframe_html("/checkout/3ds-continue")?;
    println!(
        "3DS Method: the shop's page ({} bytes) loads {} in a hidden iframe",
        page.len(),
        method.method_url.as_deref().unwrap_or("nothing")
    );
    if let Some(url) = &method.method_url {
        let data = method.method_data.as_deref().unwrap_or_default();
        let answer = browser()?
            .post(url)
            .form(&[("threeDSMethodData", data)])
            .send()
            .await?;
        println!("3DS Method page: HTTP {}", answer.status());
    }
    Ok(())
}

/// What the customer's browser does in a 3-D Secure 2 challenge: post
/// `creq` to the ACS (the page of `ThreeDs2Challenge::auto_submit_html`),
/// post the code, then post the ACS's `cres` to the gateway, which sends
/// it back to the shop. Returns that address.
async fn answer_challenge(challenge: &ThreeDs2Challenge, code: &str) -> Result<String, Error> {
    let browser = browser()?;
    let creq = [("creq", challenge.creq.as_str())];
    browser.post(&challenge.acs_url).form(&creq).send().await?;
    let page = browser
        .post(&challenge.acs_url)
        .form(&[("creq", challenge.creq.as_str()), ("code", code)])
        .send()
        .await?
        .text()
        .await?;
    // The ACS's page auto-posts `cres` to the gateway.
    let value_of = |marker: &str| {
        page.split(marker)
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .map(|v| html_escape::decode_html_entities(v).into_owned())
    };
    let (Some(action), Some(cres)) = (value_of("action=\""), value_of("name=\"cres\" value=\""))
    else {
        return Err("the ACS page has no cres form".into());
    };
    let back = browser.post(&action).form(&[("cres", cres)]).send().await?;
    Ok(back
        .headers()
        .get("location")
        .and_then(|l| l.to_str().ok())
        .unwrap_or_default()
        .to_owned())
}

/// Starts a listener on 127.0.0.1 that verifies callbacks with the sandbox's
/// default secret and prints them; returns its URL.
async fn start_callback_listener() -> Result<String, Error> {
    let verifier = Arc::new(CallbackVerifier::new(CallbackKey::hmac_sha256(
        DEFAULT_CALLBACK_SECRET,
    )?));
    let router = Router::new()
        .route("/callback", get(receive))
        .with_state(verifier);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let url = format!("http://{}/callback", listener.local_addr()?);
    tokio::spawn(async move {
        let _ = axum::serve(listener, router).await;
    });
    Ok(url)
}

async fn receive(
    State(verifier): State<Arc<CallbackVerifier>>,
    RawQuery(query): RawQuery,
) -> StatusCode {
    match verifier.verify_query(&query.unwrap_or_default()) {
        Ok(callback) => {
            println!(
                "  callback (checksum verified): order {} {} status {}",
                callback.md_order().unwrap_or_default(),
                callback.get("operation").unwrap_or_default(),
                callback.get("status").unwrap_or_default(),
            );
            StatusCode::OK
        }
        Err(error) => {
            println!("  callback refused: {error}");
            StatusCode::FORBIDDEN
        }
    }
}
