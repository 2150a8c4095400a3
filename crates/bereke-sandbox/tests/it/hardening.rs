//! The sandbox holds against the attacks of the red-team review: acting for
//! another merchant, open redirects from the ACS, header-splitting return
//! addresses, a refund id reused for another amount, and pages without
//! security headers.

use crate::common;

use bereke_sandbox::{MerchantConfig, Sandbox, DEFAULT_TOKEN};
use bereke_types::test_cards::{CARD_3DS1, CARD_SSL};
use common::*;
use serde_json::Value;

const OTHER: (&str, &str) = ("ik_bindings-api", "Ik_pass1");

fn error_of(answer: &Value) -> (i64, String) {
    (
        answer["errorCode"]
            .as_str()
            .and_then(|c| c.parse().ok())
            .or_else(|| answer["errorCode"].as_i64())
            .unwrap_or(0),
        answer["errorMessage"]
            .as_str()
            .unwrap_or_default()
            .to_owned(),
    )
}

fn as_merchant<'a>(
    (user, password): (&'a str, &'a str),
    pairs: &[(&'a str, &'a str)],
) -> Vec<(&'a str, &'a str)> {
    let mut all = vec![("userName", user), ("password", password)];
    all.extend_from_slice(pairs);
    all
}

/// Registers a two-stage order of `merchant` and holds its money.
async fn held_order_of(sandbox: &Sandbox, merchant: (&str, &str), number: &str) -> String {
    let answer = post_form(
        sandbox,
        "rest/registerPreAuth.do",
        &as_merchant(
            merchant,
            &[
                ("amount", "1000"),
                ("returnUrl", "finish.html"),
                ("orderNumber", number),
            ],
        ),
    )
    .await;
    let id = answer["orderId"].as_str().expect("registered").to_owned();
    let paid = post_form(
        sandbox,
        "rest/paymentorder.do",
        &as_merchant(
            merchant,
            &[
                ("MDORDER", &id),
                ("$PAN", CARD_SSL.pan),
                ("$CVC", "123"),
                ("YYYY", "2024"),
                ("MM", "12"),
                ("TEXT", "TEST CARDHOLDER"),
            ],
        ),
    )
    .await;
    assert_eq!(error_of(&paid).0, 0, "paid: {paid}");
    id
}

async fn status_of(sandbox: &Sandbox, merchant: (&str, &str), id: &str) -> Value {
    post_form(
        sandbox,
        "rest/getOrderStatusExtended.do",
        &as_merchant(merchant, &[("orderId", id)]),
    )
    .await
}

#[tokio::test]
async fn merchant_login_of_a_merchant_that_is_not_a_child_is_access_denied() {
    let sandbox = sandbox().await;
    let victim = held_order_of(&sandbox, OTHER, "victim-1").await;

    let reverse = post_form(
        &sandbox,
        "rest/reverse.do",
        &with_user(&[("orderId", &victim), ("merchantLogin", OTHER.0)]),
    )
    .await;
    assert_eq!(error_of(&reverse), (5, "Access denied.".to_owned()));
    let by_number = post_form(
        &sandbox,
        "rest/reverse.do",
        &with_user(&[("orderNumber", "victim-1"), ("merchantLogin", OTHER.0)]),
    )
    .await;
    assert_eq!(error_of(&by_number), (5, "Access denied.".to_owned()));
    // An unknown login gets the same answer: no probing for other merchants.
    let unknown = post_form(
        &sandbox,
        "rest/reverse.do",
        &with_user(&[("orderId", &victim), ("merchantLogin", "nobody")]),
    )
    .await;
    assert_eq!(error_of(&unknown), (5, "Access denied.".to_owned()));
    assert_eq!(
        status_of(&sandbox, OTHER, &victim).await["orderStatus"],
        1,
        "the other merchant's hold is untouched"
    );

    for login in [OTHER.0, "nobody"] {
        let register = post_form(
            &sandbox,
            "rest/register.do",
            &with_user(&[
                ("amount", "100"),
                ("returnUrl", "finish.html"),
                ("merchantLogin", login),
            ]),
        )
        .await;
        assert_eq!(error_of(&register), (5, "Access denied.".to_owned()));
        let pre_auth = post_form(
            &sandbox,
            "rest/registerPreAuth.do",
            &with_user(&[
                ("amount", "100"),
                ("returnUrl", "finish.html"),
                ("orderNumber", "x-1"),
                ("merchantLogin", login),
            ]),
        )
        .await;
        assert_eq!(
            error_of(&pre_auth),
            (5, "Invalid merchant login.".to_owned())
        );
    }
    // Its own login is no "other merchant".
    let own = post_form(
        &sandbox,
        "rest/register.do",
        &with_user(&[
            ("amount", "100"),
            ("returnUrl", "finish.html"),
            ("merchantLogin", USER.0),
        ]),
    )
    .await;
    assert!(own["orderId"].is_string(), "{own}");
    sandbox.stop().await;
}

#[tokio::test]
async fn a_parent_merchant_acts_for_its_configured_child_only() {
    let config = test_config().merchant(
        MerchantConfig::new(USER.0, USER.1)
            .token(DEFAULT_TOKEN)
            .child(OTHER.0),
    );
    let sandbox = Sandbox::start(config).await.expect("sandbox starts");

    let registered = post_form(
        &sandbox,
        "rest/register.do",
        &with_user(&[
            ("amount", "100"),
            ("returnUrl", "finish.html"),
            ("orderNumber", "child-1"),
            ("merchantLogin", OTHER.0),
        ]),
    )
    .await;
    let id = registered["orderId"].as_str().expect("registered");
    assert_eq!(
        status_of(&sandbox, OTHER, id).await["orderNumber"],
        "child-1",
        "the order belongs to the child"
    );

    let held = held_order_of(&sandbox, OTHER, "child-2").await;
    let reverse = post_form(
        &sandbox,
        "rest/reverse.do",
        &with_user(&[("orderNumber", "child-2"), ("merchantLogin", OTHER.0)]),
    )
    .await;
    assert_eq!(error_of(&reverse).0, 0, "{reverse}");
    assert_eq!(status_of(&sandbox, OTHER, &held).await["orderStatus"], 3);

    // The relation has a direction: the child cannot act for its parent.
    let mine = held_order_of(&sandbox, USER, "parent-1").await;
    let upward = post_form(
        &sandbox,
        "rest/reverse.do",
        &as_merchant(OTHER, &[("orderId", &mine), ("merchantLogin", USER.0)]),
    )
    .await;
    assert_eq!(error_of(&upward), (5, "Access denied.".to_owned()));
    assert_eq!(status_of(&sandbox, USER, &mine).await["orderStatus"], 1);
    sandbox.stop().await;
}

/// Pays an order with the 3DS1 card and returns the ACS answer.
async fn at_the_acs(sandbox: &Sandbox) -> (String, Value) {
    let id = register(sandbox, false, "500", &[]).await;
    let answer = pay_card(sandbox, &id, CARD_3DS1.pan, "123").await;
    assert!(answer["acsUrl"].is_string(), "{answer}");
    (id, answer)
}

#[tokio::test]
async fn the_acs_redirects_only_to_http_and_https_term_urls() {
    let sandbox = sandbox().await;
    let (id, answer) = at_the_acs(&sandbox).await;
    let acs_url = answer["acsUrl"].as_str().unwrap();
    let pa_req = answer["paReq"].as_str().unwrap();
    let client = http();

    for term in [
        "javascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "//evil.example/steal",
        "evil.example/steal",
        "ftp://evil.example/",
        "https://shop.example/term\r\nSet-Cookie: a=b",
    ] {
        for with_code in [false, true] {
            let mut form = vec![("MD", id.as_str()), ("PaReq", pa_req), ("TermUrl", term)];
            if with_code {
                form.push(("code", CARD_3DS1.acs_code.unwrap()));
            }
            let response = client.post(acs_url).form(&form).send().await.unwrap();
            assert_eq!(response.status(), 400, "TermUrl {term:?} refused");
            assert!(response.headers().get("location").is_none());
        }
    }
    assert_eq!(
        status(&sandbox, &id).await["orderStatus"],
        5,
        "a refused TermUrl leaves the order at the ACS (status 5)"
    );

    let term = "https://shop.example/term?x=1";
    let response = client
        .post(acs_url)
        .form(&[
            ("MD", id.as_str()),
            ("PaReq", pa_req),
            ("TermUrl", term),
            ("code", CARD_3DS1.acs_code.unwrap()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
    let location = response.headers()["location"].to_str().unwrap();
    assert!(location.starts_with("https://shop.example/term?x=1&MD="));
    assert_eq!(status(&sandbox, &id).await["orderStatus"], 2);
    sandbox.stop().await;
}

#[tokio::test]
async fn control_characters_in_return_addresses_are_refused_at_registration() {
    let sandbox = sandbox().await;
    for (field, value) in [
        ("returnUrl", "https://shop.example/ok\r\nSet-Cookie: a=b"),
        ("returnUrl", "https://shop.example/ok\n"),
        ("returnUrl", "https://shop.example/\tok"),
        ("returnUrl", "finish\u{0}.html"),
        ("failUrl", "https://shop.example/fail\r\nX: y"),
        ("dynamicCallbackUrl", "https://shop.example/cb\r\n"),
    ] {
        for path in ["rest/register.do", "rest/registerPreAuth.do"] {
            let mut pairs = with_user(&[
                ("amount", "100"),
                ("returnUrl", "finish.html"),
                ("orderNumber", "ctl-1"),
            ]);
            pairs.retain(|(name, _)| *name != field);
            pairs.push((field, value));
            let answer = post_form(&sandbox, path, &pairs).await;
            assert_eq!(
                error_of(&answer),
                (5, "Access denied.".to_owned()),
                "{path} refuses {field}={value:?}"
            );
            assert!(answer.get("orderId").is_none());
        }
    }
    // Non-ASCII text is no control character.
    let fine = register(
        &sandbox,
        false,
        "100",
        &[("failUrl", "https://дүкен.kz/қате")],
    )
    .await;
    assert!(!fine.is_empty());
    sandbox.stop().await;
}

#[tokio::test]
async fn a_refund_id_reused_with_another_amount_is_an_error() {
    let sandbox = sandbox().await;
    let id = register(&sandbox, false, "1000", &[]).await;
    pay_ssl(&sandbox, &id).await;
    let refund = |amount: &'static str| {
        let id = id.clone();
        let sandbox = &sandbox;
        async move {
            post_form(
                sandbox,
                "rest/refund.do",
                &with_user(&[
                    ("orderId", &id),
                    ("amount", amount),
                    ("externalRefundId", "r-77"),
                ]),
            )
            .await
        }
    };
    assert_eq!(error_of(&refund("100").await).0, 0);
    assert_eq!(
        error_of(&refund("900").await),
        (5, "Invalid amount.".to_owned())
    );
    // The same refund again is still its earlier success.
    assert_eq!(error_of(&refund("100").await).0, 0);
    let state = status(&sandbox, &id).await;
    assert_eq!(state["paymentAmountInfo"]["refundedAmount"], 100);
    sandbox.stop().await;
}

fn assert_page_headers(response: &reqwest::Response, what: &str) {
    let headers = response.headers();
    let get = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_else(|| panic!("{what} sends {name}"))
            .to_owned()
    };
    let csp = get("content-security-policy");
    for directive in [
        "default-src 'none'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
    ] {
        assert!(csp.contains(directive), "{what}: CSP {csp} has {directive}");
    }
    common::assert_hashes_only(&csp, what);
    assert_eq!(get("x-frame-options"), "DENY", "{what}");
    assert_eq!(get("x-content-type-options"), "nosniff", "{what}");
    assert_eq!(get("cache-control"), "no-store", "{what}");
    assert_eq!(get("referrer-policy"), "no-referrer", "{what}");
}

#[tokio::test]
async fn pages_send_security_headers() {
    let sandbox = sandbox().await;
    let client = http();

    let registered = post_form(
        &sandbox,
        "rest/register.do",
        &with_user(&[("amount", "100"), ("returnUrl", "finish.html")]),
    )
    .await;
    let form_url = registered["formUrl"].as_str().unwrap();
    let card_page = client.get(form_url).send().await.unwrap();
    assert_eq!(card_page.status(), 200);
    assert_page_headers(&card_page, "the card page");

    let (id, answer) = at_the_acs(&sandbox).await;
    let acs_page = client
        .post(answer["acsUrl"].as_str().unwrap())
        .form(&[
            ("MD", id.as_str()),
            ("PaReq", answer["paReq"].as_str().unwrap()),
            ("TermUrl", answer["termUrl"].as_str().unwrap()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(acs_page.status(), 200);
    assert_page_headers(&acs_page, "the ACS page");

    let refused = client
        .get(sandbox.url("acsRedirect.do?orderId=unknown"))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 400);
    assert_page_headers(&refused, "an error page");

    let merchant_page = client
        .get(sandbox.url("merchants/temp/finish.html?orderId=x"))
        .send()
        .await
        .unwrap();
    assert_page_headers(&merchant_page, "a merchant page");
    sandbox.stop().await;
}
