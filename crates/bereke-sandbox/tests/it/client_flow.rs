//! The `bereke` client's whole flow against the sandbox over real sockets,
//! with the callbacks received and verified by a local listener.

use crate::common;

use std::time::Duration;

use bereke::models::test_cards::{CARD_3DS1, CARD_SSL};
use bereke::models::{
    Amount, Currency, DepositRequest, GetBindingsRequest, GetOrderStatusExtendedRequest,
    GooglePayPaymentRequest, OrderStatus, PaymentOrderBindingRequest, PaymentOrderRequest,
    PaymentState, RefundErrorCode, RefundRequest, RegisterPreAuthRequest, RegisterRequest,
    ReverseRequest,
};
use bereke::{Client, Credentials, PaymentOutcome};
use bereke_sandbox::{Sandbox, DEFAULT_TOKEN};
use common::*;

fn client(sandbox: &Sandbox) -> Client {
    Client::builder()
        .base_url(sandbox.base_url())
        .credentials(Credentials::password(USER.0, USER.1))
        .language("en")
        .build()
        .expect("client builds")
}

fn card(order_id: &str, card: &bereke::models::TestCard) -> PaymentOrderRequest {
    let card = card.card("TEST CARDHOLDER").expect("test card");
    PaymentOrderRequest::new(order_id, &card)
}

async fn order_status(
    client: &Client,
    order_id: &str,
) -> bereke::models::GetOrderStatusExtendedResponse {
    client
        .get_order_status_extended(&GetOrderStatusExtendedRequest::new().order_id(order_id))
        .await
        .expect("status")
}

#[tokio::test]
async fn one_stage_two_stage_and_three_ds_with_callbacks() {
    let sandbox = sandbox().await;
    let listener = listener().await;
    let callback_url = format!("{}/ok", listener.url);
    let client = client(&sandbox);

    // One-stage: register, pay with the SSL card, paid (2); a binding is made.
    let order = client
        .register(
            &RegisterRequest::new(Amount::from_minor(15000), "https://shop.example/paid")
                .currency(Currency::KZT)
                .client_id("customer-1")
                .dynamic_callback_url(&callback_url),
        )
        .await
        .expect("registered");
    let one = order.order_id.expect("orderId");
    let outcome = client.pay(&card(&one, &CARD_SSL)).await.expect("paid");
    let PaymentOutcome::Redirect { url, .. } = outcome else {
        panic!("expected a redirect, got {outcome:?}")
    };
    assert!(url.starts_with("https://shop.example/paid?orderId="));
    let status = order_status(&client, &one).await;
    assert_eq!(status.order_status, Some(OrderStatus::Deposited));
    listener
        .wait_for("deposited callback", |l| {
            l.events_of(&one) == [("deposited".into(), "1".into())]
        })
        .await;

    // The binding pays a two-stage order: held (1), partly deposited, refunded twice.
    let bindings = client
        .get_bindings(&GetBindingsRequest::new("customer-1"))
        .await
        .expect("bindings");
    assert_eq!(bindings.bindings.len(), 1);
    let binding_id = bindings.bindings[0].binding_id.clone().expect("bindingId");
    assert_eq!(
        bindings.bindings[0].masked_pan.as_deref(),
        Some("444455**3333")
    );

    let held = client
        .register_pre_auth(
            &RegisterPreAuthRequest::new(
                format!("two-{}", std::process::id()),
                Amount::from_minor(2000),
                "finish.html",
            )
            .dynamic_callback_url(&callback_url),
        )
        .await
        .expect("registered")
        .order_id
        .expect("orderId");
    let outcome = client
        .pay(
            &PaymentOrderBindingRequest::new(&held, &binding_id, "127.0.0.1")
                .cvc(&"123".parse().expect("CVC")),
        )
        .await
        .expect("paid by binding");
    assert!(
        matches!(outcome, PaymentOutcome::Redirect { .. }),
        "{outcome:?}"
    );
    assert_eq!(
        order_status(&client, &held).await.order_status,
        Some(OrderStatus::Approved)
    );

    client
        .deposit(&DepositRequest::new(&held, Amount::from_minor(1500)))
        .await
        .expect("deposited");
    let refund = RefundRequest::new(&held, Amount::from_minor(500)).external_refund_id("r-1");
    client.refund(&refund).await.expect("refunded");
    // The same refund again (same externalRefundId): nothing more is refunded.
    client.refund(&refund).await.expect("repeat answered");
    client
        .refund(&RefundRequest::new(&held, Amount::from_minor(700)).external_refund_id("r-2"))
        .await
        .expect("refunded again");
    let over = client
        .refund(&RefundRequest::new(&held, Amount::from_minor(301)))
        .await
        .expect_err("more than deposited");
    assert_eq!(
        over.gateway_code::<RefundErrorCode>(),
        Some(RefundErrorCode::InvalidStateOrSystemError)
    );
    let status = order_status(&client, &held).await;
    assert_eq!(status.order_status, Some(OrderStatus::Refunded));
    let amounts = status.payment_amount_info.expect("amounts");
    assert_eq!(amounts.approved_amount, Some(Amount::from_minor(2000)));
    assert_eq!(amounts.refunded_amount, Some(Amount::from_minor(1200)));
    assert_eq!(amounts.deposited_amount, Some(Amount::from_minor(300)));
    assert_eq!(amounts.payment_state, Some(PaymentState::Refunded));
    listener
        .wait_for("approved, deposited, refunded ×2", |l| {
            l.events_of(&held)
                == [
                    ("approved".to_owned(), "1".to_owned()),
                    ("deposited".to_owned(), "1".to_owned()),
                    ("refunded".to_owned(), "1".to_owned()),
                    ("refunded".to_owned(), "1".to_owned()),
                ]
        })
        .await;

    // 3-D Secure: the 3DS1 card, the customer's browser at the ACS, the code.
    let secure = client
        .register(
            &RegisterRequest::new(Amount::from_minor(999), "finish.html")
                .dynamic_callback_url(&callback_url),
        )
        .await
        .expect("registered")
        .order_id
        .expect("orderId");
    let outcome = client
        .pay(&card(&secure, &CARD_3DS1))
        .await
        .expect("answered");
    let PaymentOutcome::ThreeDsRequired(challenge) = outcome else {
        panic!("expected 3-D Secure, got {outcome:?}")
    };
    assert_eq!(
        order_status(&client, &secure).await.order_status,
        Some(OrderStatus::AcsAuthorization)
    );
    let answer = serde_json::json!({
        "acsUrl": challenge.acs_url, "paReq": challenge.pa_req, "termUrl": challenge.term_url,
    });
    let landed = authenticate(&answer, &challenge.md, CARD_3DS1.acs_code.unwrap()).await;
    assert!(landed.contains("finish.html?orderId="), "{landed}");
    let status = order_status(&client, &secure).await;
    assert_eq!(status.order_status, Some(OrderStatus::Deposited));
    assert_eq!(
        status.card_auth_info.and_then(|c| c.masked_pan).as_deref(),
        Some("401200**6662")
    );
    listener
        .wait_for("3-D Secure deposited callback", |l| {
            l.events_of(&secure).len() == 1
        })
        .await;

    // A two-stage hold reversed.
    let reversed = client
        .register_pre_auth(&RegisterPreAuthRequest::new(
            format!("rev-{}", std::process::id()),
            Amount::from_minor(100),
            "finish.html",
        ))
        .await
        .expect("registered")
        .order_id
        .expect("orderId");
    client.pay(&card(&reversed, &CARD_SSL)).await.expect("held");
    client
        .reverse(&ReverseRequest::new().order_id(&reversed))
        .await
        .expect("reversed");
    assert_eq!(
        order_status(&client, &reversed).await.order_status,
        Some(OrderStatus::Reversed)
    );

    // Google Pay through the client (the login names the wallet merchant).
    let google = client
        .pay(&GooglePayPaymentRequest::new(
            format!("gp-{}", std::process::id()),
            "eyJ0b2tlbiI6InRlc3QifQ==",
            Amount::from_minor(1000),
            "https://shop.example/paid",
        ))
        .await
        .expect("wallet payment");
    assert!(
        matches!(google, PaymentOutcome::Accepted { .. }),
        "{google:?}"
    );

    sandbox.stop().await;
}

#[tokio::test]
async fn wrong_acs_code_declines_and_token_credentials_work() {
    let sandbox = sandbox().await;
    let client = Client::builder()
        .base_url(sandbox.base_url())
        .credentials(Credentials::token(DEFAULT_TOKEN))
        .build()
        .expect("client builds");
    let order = client
        .register(
            &RegisterRequest::new(Amount::from_minor(500), "finish.html").fail_url("failed.html"),
        )
        .await
        .expect("registered with a token")
        .order_id
        .expect("orderId");
    let PaymentOutcome::ThreeDsRequired(challenge) = client
        .pay(&card(&order, &bereke::models::test_cards::CARD_3DS1))
        .await
        .expect("answered")
    else {
        panic!("expected 3-D Secure")
    };
    let answer = serde_json::json!({
        "acsUrl": challenge.acs_url, "paReq": challenge.pa_req, "termUrl": challenge.term_url,
    });
    let landed = authenticate(&answer, &challenge.md, "00000000").await;
    assert!(landed.contains("failed.html?orderId="), "{landed}");
    let status = order_status(&client, &order).await;
    assert_eq!(status.order_status, Some(OrderStatus::Declined));
    sandbox.stop().await;
}

#[tokio::test]
async fn callbacks_are_retried_then_given_up() {
    let sandbox = Sandbox::start(test_config().callback_retry_interval(Duration::from_millis(30)))
        .await
        .expect("sandbox starts");
    let listener = listener().await;

    // Fails twice, then answers 200: delivered on the third try.
    let flaky = register(
        &sandbox,
        false,
        "100",
        &[("dynamicCallbackUrl", &format!("{}/flaky", listener.url))],
    )
    .await;
    pay_ssl(&sandbox, &flaky).await;
    listener
        .wait_for("the third try", |l| l.events_of(&flaky).len() == 1)
        .await;
    assert_eq!(
        listener
            .attempts
            .lock()
            .unwrap()
            .iter()
            .filter(|(p, _)| p == "/flaky")
            .count(),
        3
    );

    // Never answers 200: three tries, then no more.
    let down = register(
        &sandbox,
        false,
        "100",
        &[("dynamicCallbackUrl", &format!("{}/down", listener.url))],
    )
    .await;
    pay_ssl(&sandbox, &down).await;
    let downs = || {
        listener
            .attempts
            .lock()
            .unwrap()
            .iter()
            .filter(|(p, _)| p == "/down")
            .count()
    };
    listener.wait_for("three tries", |_| downs() == 3).await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(downs(), 3);

    // An unpaid order that expires is reported as declinedByTimeout.
    let expiring = register(
        &sandbox,
        false,
        "100",
        &[
            ("dynamicCallbackUrl", &format!("{}/ok", listener.url)),
            ("expirationDate", "2000-01-01T00:00:00"),
        ],
    )
    .await;
    listener
        .wait_for("declinedByTimeout", |l| {
            l.events_of(&expiring) == [("declinedByTimeout".to_owned(), "0".to_owned())]
        })
        .await;
    assert_eq!(status(&sandbox, &expiring).await["orderStatus"], 6);
    sandbox.stop().await;
}

/// `yyyy-MM-ddTHH:mm:ss` in the gateway's UTC+3, `ahead` of now.
fn gateway_time_in(ahead: Duration) -> String {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("after 1970");
    let secs = i64::try_from((now + ahead).as_secs()).expect("in range") + 3 * 3600;
    let (days, rest) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    // Days since 1970 to a civil date (the proleptic Gregorian calendar).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}",
        rest / 3600,
        rest % 3600 / 60,
        rest % 60
    )
}

/// `autocompletionDate` is a field of registerPreAuth.do's table only: the
/// sandbox reads that endpoint's form as its own model, so a hold is
/// completed when the date comes (UTC+3), with a deposit callback, while a
/// hold without it waits for deposit.do.
#[tokio::test]
async fn a_hold_is_completed_at_its_autocompletion_date() {
    let sandbox = sandbox().await;
    let listener = listener().await;
    let callbacks = format!("{}/ok", listener.url);
    // Far enough ahead that registering and paying both orders, and the
    // status read before the date, fit before it on a loaded machine.
    let soon = gateway_time_in(Duration::from_secs(7));
    // The date is the gateway's local time, three hours ahead of UTC.
    let parsed = bereke::models::EpochMillis::parse_local_date_time(&soon)
        .expect("the test writes the table's format")
        .millis();
    let in_utc = parsed - 3 * 3_600_000;
    let ahead = in_utc - epoch_ms_now();
    assert!(
        (5_000..=7_000).contains(&ahead),
        "{soon} is {ahead} ms ahead"
    );

    let auto = register(
        &sandbox,
        true,
        "1500",
        &[
            ("dynamicCallbackUrl", &callbacks),
            ("autocompletionDate", &soon),
        ],
    )
    .await;
    let held = register(
        &sandbox,
        true,
        "1500",
        &[("dynamicCallbackUrl", &callbacks)],
    )
    .await;
    pay_ssl(&sandbox, &auto).await;
    pay_ssl(&sandbox, &held).await;
    // Two stages: held first, not taken.
    let before = status(&sandbox, &auto).await;
    assert_eq!(before["orderStatus"], 1, "{before}");
    assert_eq!(before["paymentAmountInfo"]["depositedAmount"], 0);

    listener
        .wait_for("deposited by the autocompletion date", |l| {
            l.events_of(&auto)
                == [
                    ("approved".to_owned(), "1".to_owned()),
                    ("deposited".to_owned(), "1".to_owned()),
                ]
        })
        .await;
    let after = status(&sandbox, &auto).await;
    assert_eq!(after["orderStatus"], 2, "{after}");
    assert_eq!(after["paymentAmountInfo"]["depositedAmount"], 1500);
    // Completed already: deposit.do finds nothing to take.
    let deposit = post_form(
        &sandbox,
        "rest/deposit.do",
        &with_user(&[("orderId", &auto), ("amount", "0")]),
    )
    .await;
    assert_eq!(deposit["errorCode"], 7, "{deposit}");

    // Without the field the hold stays until deposit.do.
    let still = status(&sandbox, &held).await;
    assert_eq!(still["orderStatus"], 1, "{still}");
    assert_eq!(
        listener.events_of(&held),
        [("approved".to_owned(), "1".to_owned())]
    );
    sandbox.stop().await;
}

/// Milliseconds since the epoch, now.
fn epoch_ms_now() -> i64 {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("after 1970");
    i64::try_from(now.as_millis()).expect("in range")
}
