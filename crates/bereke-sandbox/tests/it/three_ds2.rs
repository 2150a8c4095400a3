//! 3-D Secure 2 end to end over real sockets: the `bereke` client pays, and
//! a reqwest client acts as the customer's browser on the pages the client
//! builds (hidden-iframe 3DS Method page, auto-submitting `creq` form) and
//! on the sandbox's method, challenge and return pages.

use crate::common;

use base64::Engine as _;
use bereke::models::card::Card;
use bereke::models::test_cards::CARD_3DS2;
use bereke::models::{
    Amount, OrderStatus, PaymentOrderRequest, RegisterRequest, UpdateSslCardListErrorCode,
    UpdateSslCardListRequest,
};
use bereke::three_ds::{ThreeDs2Challenge, ThreeDsMethod};
use bereke::{Client, Credentials, PaymentOutcome};
use bereke_sandbox::{Sandbox, FRICTIONLESS_CARD};
use common::*;

fn client(sandbox: &Sandbox) -> Client {
    Client::builder()
        .base_url(sandbox.base_url())
        .credentials(Credentials::password(USER.0, USER.1))
        .language("en")
        .build()
        .expect("client builds")
}

async fn new_order(client: &Client) -> String {
    client
        .register(
            &RegisterRequest::new(Amount::from_minor(12_345), "https://shop.example/paid")
                .fail_url("https://shop.example/failed"),
        )
        .await
        .expect("registered")
        .order_id
        .expect("an order id")
}

fn card_request(order: &str, pan: &str) -> PaymentOrderRequest {
    let card = Card::new(
        pan.parse().expect("a test card number"),
        "12/24".parse().expect("expiry"),
        "123".parse().expect("CVC"),
        "TEST CARDHOLDER".parse().expect("name"),
    );
    PaymentOrderRequest::new(order, &card)
}

fn decoded(message: &str) -> serde_json::Value {
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(message.trim_end_matches('='))
        .expect("Base64url");
    serde_json::from_slice(&bytes).expect("JSON")
}

/// The first `paymentorder.do`, and the 3DS Method run in the browser
/// through the page `ThreeDsMethod::iframe_html` builds.
async fn method_step(client: &Client, request: &PaymentOrderRequest) -> ThreeDsMethod {
    let outcome = client.pay(request).await.expect("answered");
    let PaymentOutcome::ThreeDsMethod(method) = outcome else {
        panic!("expected the 3DS Method, got {outcome:?}")
    };
    assert_eq!(method.md, request.md_order);
    let page = method
        .iframe_html("https://shop.example/3ds-continue")
        .expect("http(s) method URL");
    let method_form = form_of(&page, Some("three-ds-method-form"));
    assert!(page.contains("target=\"three-ds-method\""), "{page}");
    let continue_form = form_of(&page, Some("three-ds-continue"));
    assert_eq!(continue_form.action, "https://shop.example/3ds-continue");
    assert_eq!(
        field(&continue_form, "threeDSServerTransId"),
        method.server_trans_id
    );

    // The hidden iframe: the issuer's method page notifies the shop.
    let answer = submit(&method_form, &[]).await;
    assert_eq!(answer.status(), 200);
    let csp = answer.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(csp.contains("frame-ancestors http: https:"), "{csp}");
    assert!(answer.headers().get("x-frame-options").is_none());
    let html = answer.text().await.unwrap();
    assert_script_allowed_by_hash(&csp, &html);
    let notice = form_of(&html, Some("next"));
    assert_eq!(notice.action, "https://shop.example/3ds-method");
    assert_eq!(
        decoded(field(&notice, "threeDSMethodData"))["threeDSServerTransID"],
        method.server_trans_id.as_str()
    );
    method
}

/// The page's one inline script is allowed by its SHA-256 hash, and the
/// policy allows scripts and styles by hash only.
fn assert_script_allowed_by_hash(csp: &str, html: &str) {
    use sha2::Digest as _;

    let script = html
        .split("<script>")
        .nth(1)
        .and_then(|rest| rest.split("</script>").next())
        .unwrap_or_else(|| panic!("an inline script in {html}"));
    let hash = base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(script));
    common::assert_hashes_only(csp, "the 3DS Method page");
    assert!(csp.contains(&format!("'sha256-{hash}'")), "{csp}");
}

/// The browser at the ACS: the client's auto-submit page posts `creq`, the
/// customer types `code`; returns where the gateway sends the browser last.
async fn challenge(challenge: &ThreeDs2Challenge, code: &str) -> String {
    let page = challenge.auto_submit_html().expect("http(s) ACS URL");
    let creq_form = form_of(&page, Some("three-ds"));
    assert_eq!(field(&creq_form, "creq"), challenge.creq);
    let acs = submit(&creq_form, &[]).await;
    assert_eq!(acs.status(), 200);
    assert_eq!(acs.headers()["x-frame-options"], "DENY");
    let html = acs.text().await.unwrap();
    assert!(
        html.contains("12345678"),
        "the page names the test code: {html}"
    );
    let code_form = form_of(&html, None);
    let returned = submit(&code_form, &[("code", code)]).await;
    assert_eq!(returned.status(), 200);
    let html = returned.text().await.unwrap();
    assert!(
        html.contains("<noscript>") || html.contains("<button"),
        "{html}"
    );
    let cres_form = form_of(&html, Some("next"));
    let cres = decoded(field(&cres_form, "cres"));
    assert_eq!(cres["messageType"], "CRes");
    assert_eq!(
        cres["transStatus"],
        if code == "12345678" { "Y" } else { "N" }
    );
    let back = submit(&cres_form, &[]).await;
    assert_eq!(back.status(), 303);
    back.headers()["location"].to_str().unwrap().to_owned()
}

async fn order_status(client: &Client, order: &str) -> Option<OrderStatus> {
    client
        .get_order_status_extended(
            &bereke::models::GetOrderStatusExtendedRequest::new().order_id(order),
        )
        .await
        .expect("status")
        .order_status
}

#[tokio::test]
async fn challenge_card_runs_the_method_then_the_challenge() {
    let sandbox = sandbox().await;
    let client = client(&sandbox);
    let order = new_order(&client).await;
    let first = card_request(&order, CARD_3DS2.pan)
        .three_ds_method_notification_url("https://shop.example/3ds-method");
    let method = method_step(&client, &first).await;

    // The second paymentorder.do, with the transaction id.
    let second = method
        .continue_request(&first)
        .three_ds_ver2_finish_url("https://shop.example/3ds-done");
    let outcome = client.pay(&second).await.expect("answered");
    let PaymentOutcome::ThreeDs2Challenge(acs) = outcome else {
        panic!("expected the challenge, got {outcome:?}")
    };
    assert_eq!(
        order_status(&client, &order).await,
        Some(OrderStatus::AcsAuthorization)
    );
    let landed = challenge(&acs, "12345678").await;
    assert!(
        landed.starts_with(&format!("https://shop.example/3ds-done?orderId={order}")),
        "{landed}"
    );
    assert_eq!(
        order_status(&client, &order).await,
        Some(OrderStatus::Deposited)
    );
    sandbox.stop().await;
}

#[tokio::test]
async fn a_wrong_challenge_code_declines() {
    let sandbox = sandbox().await;
    let client = client(&sandbox);
    let order = new_order(&client).await;
    let first = card_request(&order, CARD_3DS2.pan);
    let method = method_step_without_notification(&client, &first).await;
    let outcome = client
        .pay(&method.finish_request(true))
        .await
        .expect("finish3dsMethod.do answered");
    let PaymentOutcome::ThreeDs2Challenge(acs) = outcome else {
        panic!("expected the challenge, got {outcome:?}")
    };
    let landed = challenge(&acs, "00000000").await;
    assert!(
        landed.starts_with(&format!("https://shop.example/failed?orderId={order}")),
        "{landed}"
    );
    assert_eq!(
        order_status(&client, &order).await,
        Some(OrderStatus::Declined)
    );
    sandbox.stop().await;
}

/// The 3DS Method without a notification URL: the method page just runs.
async fn method_step_without_notification(
    client: &Client,
    request: &PaymentOrderRequest,
) -> ThreeDsMethod {
    let PaymentOutcome::ThreeDsMethod(method) = client.pay(request).await.expect("answered") else {
        panic!("expected the 3DS Method")
    };
    let page = method.iframe_html("/3ds-continue").expect("page");
    let answer = submit(&form_of(&page, Some("three-ds-method-form")), &[]).await;
    assert_eq!(answer.status(), 200);
    let html = answer.text().await.unwrap();
    assert!(!html.contains("<form"), "nothing to notify: {html}");
    method
}

#[tokio::test]
async fn frictionless_card_is_paid_after_the_method_without_a_challenge() {
    let sandbox = sandbox().await;
    let client = client(&sandbox);
    let order = new_order(&client).await;
    let first = card_request(&order, FRICTIONLESS_CARD)
        .three_ds_method_notification_url("https://shop.example/3ds-method");
    let method = method_step(&client, &first).await;
    assert_eq!(
        order_status(&client, &order).await,
        Some(OrderStatus::Registered)
    );
    let outcome = client
        .pay(&method.continue_request(&first))
        .await
        .expect("answered");
    let PaymentOutcome::Redirect { url, .. } = outcome else {
        panic!("expected a redirect, got {outcome:?}")
    };
    assert!(
        url.starts_with("https://shop.example/paid?orderId="),
        "{url}"
    );
    assert_eq!(
        order_status(&client, &order).await,
        Some(OrderStatus::Deposited)
    );

    // The same transaction cannot pay twice.
    let again = client
        .pay(&method.finish_request(true))
        .await
        .expect_err("already paid");
    assert!(again.to_string().contains("finish3dsMethod"), "{again}");
    sandbox.stop().await;
}

#[tokio::test]
async fn an_ssl_listed_card_pays_without_3ds2() {
    let sandbox = sandbox().await;
    let client = client(&sandbox);
    let order = new_order(&client).await;
    let first = card_request(&order, FRICTIONLESS_CARD);
    let method = method_step_without_notification(&client, &first).await;
    client
        .pay(&method.finish_request(false))
        .await
        .expect("paid");

    let unpaid = new_order(&client).await;
    let refused = client
        .update_ssl_card_list(&UpdateSslCardListRequest::new(&unpaid))
        .await
        .expect_err("an unpaid order has no card");
    assert_eq!(
        refused.gateway_code::<UpdateSslCardListErrorCode>(),
        Some(UpdateSslCardListErrorCode::OrderNotFoundOrListed)
    );
    client
        .update_ssl_card_list(&UpdateSslCardListRequest::new(&order))
        .await
        .expect("listed");
    let twice = client
        .update_ssl_card_list(&UpdateSslCardListRequest::new(&order))
        .await
        .expect_err("listed already");
    assert_eq!(
        twice.gateway_code::<UpdateSslCardListErrorCode>(),
        Some(UpdateSslCardListErrorCode::OrderNotFoundOrListed)
    );

    // The listed card now pays at once; the challenge card still asks.
    let outcome = client
        .pay(&card_request(&unpaid, FRICTIONLESS_CARD))
        .await
        .expect("answered");
    assert!(
        matches!(outcome, PaymentOutcome::Redirect { .. }),
        "{outcome:?}"
    );
    let other = new_order(&client).await;
    let outcome = client
        .pay(&card_request(&other, CARD_3DS2.pan))
        .await
        .expect("answered");
    assert!(
        matches!(outcome, PaymentOutcome::ThreeDsMethod(_)),
        "{outcome:?}"
    );
    sandbox.stop().await;
}

#[tokio::test]
async fn the_payment_page_runs_3ds2_for_the_browser() {
    let sandbox = sandbox().await;
    let client = client(&sandbox);
    for (pan, challenged) in [(CARD_3DS2.pan, true), (FRICTIONLESS_CARD, false)] {
        let order = new_order(&client).await;
        let card = [
            ("MDORDER", order.as_str()),
            ("$PAN", pan),
            ("MM", "12"),
            ("YYYY", "2024"),
            ("$CVC", "123"),
            ("TEXT", "TEST CARDHOLDER"),
        ];
        let page = http()
            .post(sandbox.url("processform.do"))
            .form(&card)
            .send()
            .await
            .expect("card posted");
        assert_eq!(page.status(), 200);
        let csp = page.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .to_owned();
        let html = page.text().await.unwrap();
        assert_script_allowed_by_hash(&csp, &html);
        assert!(html.contains("<iframe name=\"three-ds-method\""), "{html}");
        let method = form_of(&html, Some("three-ds-method-form"));
        assert_eq!(submit(&method, &[]).await.status(), 200);
        // Without JavaScript: the continue button posts threeDSCompInd=N.
        let next = submit(&form_of(&html, Some("three-ds-continue")), &[]).await;
        if challenged {
            assert_eq!(next.status(), 200);
            let html = next.text().await.unwrap();
            let returned = submit(&form_of(&html, None), &[("code", "12345678")]).await;
            let html = returned.text().await.unwrap();
            let back = submit(&form_of(&html, Some("next")), &[]).await;
            assert_eq!(back.status(), 303);
            let landed = back.headers()["location"].to_str().unwrap().to_owned();
            assert!(
                landed.starts_with("https://shop.example/paid?orderId="),
                "{landed}"
            );
        } else {
            assert_eq!(next.status(), 303);
            let landed = next.headers()["location"].to_str().unwrap().to_owned();
            assert!(
                landed.starts_with("https://shop.example/paid?orderId="),
                "{landed}"
            );
        }
        assert_eq!(
            order_status(&client, &order).await,
            Some(OrderStatus::Deposited)
        );
    }
    sandbox.stop().await;
}

#[tokio::test]
async fn pages_refuse_what_no_payment_is_waiting_for() {
    let sandbox = sandbox().await;
    for (path, name) in [
        ("acs2/method.do", "threeDSMethodData"),
        ("acs2/challenge.do", "creq"),
        ("rest/finish3dsVer2.do", "cres"),
    ] {
        let forged = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .encode(r#"{"threeDSServerTransID":"not-a-transaction"}"#);
        for value in [forged.as_str(), "%%%", ""] {
            let answer = http()
                .post(sandbox.url(path))
                .form(&[(name, value)])
                .send()
                .await
                .expect("posted");
            assert_eq!(answer.status(), 400, "{path} {value}");
        }
    }
    sandbox.stop().await;
}
