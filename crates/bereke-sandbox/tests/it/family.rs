//! The endpoints beyond the bank's document (the gateway vendor's API),
//! through the `bereke` client against the sandbox over real sockets.

use crate::common;

use bereke::models::card::Pan;
use bereke::models::test_cards::{CARD_3DS1, CARD_3DS2, CARD_SSL};
use bereke::models::{
    Amount, BindCardErrorCode, BindCardRequest, DeclineErrorCode, DeclineRequest, Expiry,
    ExtendBindingErrorCode, ExtendBindingRequest, GetBindingsByCardOrIdErrorCode,
    GetBindingsByCardOrIdRequest, GetLastOrdersForMerchantsErrorCode,
    GetLastOrdersForMerchantsRequest, GetOrderStatusErrorCode, GetOrderStatusRequest, OrderStatus,
    PaymentOrderRequest, RegisterRequest, UnBindCardErrorCode, UnBindCardRequest,
    VerifyEnrollmentRequest,
};
use bereke::{Client, Credentials};
use bereke_sandbox::Sandbox;
use common::*;

fn client(sandbox: &Sandbox) -> Client {
    Client::builder()
        .base_url(sandbox.base_url())
        .credentials(Credentials::password(USER.0, USER.1))
        .language("en")
        .build()
        .expect("client builds")
}

async fn new_order(client: &Client, amount: u64) -> String {
    client
        .register(&RegisterRequest::new(
            Amount::from_minor(amount),
            "https://shop.example/paid",
        ))
        .await
        .expect("registered")
        .order_id
        .expect("an order id")
}

/// A test card's number as a checked `Pan`.
fn pan(digits: &str) -> Pan {
    digits.parse().expect("a test card number")
}

async fn pay(client: &Client, order_id: &str) {
    let card = CARD_SSL.card("TEST CARDHOLDER").expect("test card");
    let request = PaymentOrderRequest::new(order_id, &card);
    client.payment_order(&request).await.expect("paid");
}

#[tokio::test]
async fn decline_cancels_an_unpaid_order_only() {
    let sandbox = sandbox().await;
    let client = client(&sandbox);

    let order = new_order(&client, 1_500).await;
    client
        .decline(&DeclineRequest::new().order_id(&order))
        .await
        .expect("declined");
    let answer = status(&sandbox, &order).await;
    assert_eq!(answer["orderStatus"], 6, "{answer}");
    // A declined order can no longer be paid, nor declined again.
    pay_ssl(&sandbox, &order).await;
    assert_eq!(status(&sandbox, &order).await["orderStatus"], 6);
    let again = client
        .decline(&DeclineRequest::new().order_id(&order))
        .await
        .expect_err("already declined");
    assert_eq!(
        again.gateway_code::<DeclineErrorCode>(),
        Some(DeclineErrorCode::InvalidStateOrSystemError)
    );

    // A paid order is reversed or refunded, never declined.
    let paid = new_order(&client, 2_000).await;
    pay(&client, &paid).await;
    let err = client
        .decline(&DeclineRequest::new().order_id(&paid))
        .await
        .expect_err("paid");
    assert_eq!(
        err.gateway_code::<DeclineErrorCode>(),
        Some(DeclineErrorCode::InvalidStateOrSystemError)
    );
    assert_eq!(status(&sandbox, &paid).await["orderStatus"], 2);

    let err = client
        .decline(&DeclineRequest::new().order_id("no-such-order"))
        .await
        .expect_err("unknown");
    assert_eq!(
        err.gateway_code::<DeclineErrorCode>(),
        Some(DeclineErrorCode::OrderNotFound)
    );
    // Without an order the request is refused before it is sent.
    let err = client
        .decline(&DeclineRequest::new())
        .await
        .expect_err("no order");
    assert!(matches!(err, bereke::Error::InvalidRequest { .. }), "{err}");
    sandbox.stop().await;
}

#[tokio::test]
async fn the_older_status_call_reports_the_paid_order() {
    let sandbox = sandbox().await;
    let client = client(&sandbox);

    let order = new_order(&client, 12_345).await;
    let before = client
        .get_order_status(&GetOrderStatusRequest::new(&order))
        .await
        .expect("status");
    assert_eq!(before.order_status, Some(OrderStatus::Registered));
    assert_eq!(before.pan, None);

    pay(&client, &order).await;
    let after = client
        .get_order_status(&GetOrderStatusRequest::new(&order))
        .await
        .expect("status");
    assert_eq!(after.order_status, Some(OrderStatus::Deposited));
    assert_eq!(after.amount, Some(Amount::from_minor(12_345)));
    assert_eq!(after.deposit_amount, Some(Amount::from_minor(12_345)));
    let pan = after.pan.as_deref().expect("masked card");
    assert!(pan.contains('*') && !pan.contains(CARD_SSL.pan), "{pan}");
    assert!(!format!("{after:?}").contains("TEST CARDHOLDER"));

    // The gateway's capitalized names, as it sends them.
    let raw = post_form(
        &sandbox,
        "rest/getOrderStatus.do",
        &with_user(&[("orderId", &order)]),
    )
    .await;
    assert_eq!(raw["OrderStatus"], 2, "{raw}");
    assert_eq!(raw["Amount"], 12_345, "{raw}");

    let err = client
        .get_order_status(&GetOrderStatusRequest::new("no-such-order"))
        .await
        .expect_err("unknown");
    assert_eq!(
        err.gateway_code::<GetOrderStatusErrorCode>(),
        Some(GetOrderStatusErrorCode::OrderNotFound)
    );
    sandbox.stop().await;
}

/// The binding of the document's paymentOrderBinding.do example, seeded for
/// `test_user` (customer `259753456`).
const BINDING: &str = "01491394-63a6-7d45-a88f-7bce00a7d8c0";

/// How many bindings getBindings.do lists for the binding's customer.
async fn listed(sandbox: &Sandbox) -> usize {
    let answer = post_form(
        sandbox,
        "rest/getBindings.do",
        &with_user(&[("clientId", "259753456")]),
    )
    .await;
    answer["bindings"].as_array().map_or(0, Vec::len)
}

#[tokio::test]
async fn a_binding_is_deactivated_activated_and_extended() {
    let sandbox = sandbox().await;
    let client = client(&sandbox);
    assert_eq!(listed(&sandbox).await, 1);

    client
        .un_bind_card(&UnBindCardRequest::new(BINDING))
        .await
        .expect("deactivated");
    assert_eq!(
        listed(&sandbox).await,
        0,
        "an inactive binding is not listed"
    );
    let err = client
        .un_bind_card(&UnBindCardRequest::new(BINDING))
        .await
        .expect_err("already inactive");
    assert_eq!(
        err.gateway_code::<UnBindCardErrorCode>(),
        Some(UnBindCardErrorCode::BindingNotActive)
    );
    // An inactive binding pays nothing.
    let order = new_order(&client, 500).await;
    let paid = post_form(
        &sandbox,
        "rest/paymentOrderBinding.do",
        &with_user(&[
            ("mdOrder", &order),
            ("bindingId", BINDING),
            ("ip", "10.0.0.1"),
            ("cvc", "123"),
        ]),
    )
    .await;
    assert_ne!(paid["errorCode"], 0, "{paid}");
    let err = client
        .extend_binding(&ExtendBindingRequest::new(
            BINDING,
            Expiry::new(2030, 12).unwrap(),
        ))
        .await
        .expect_err("inactive");
    assert_eq!(
        err.gateway_code::<ExtendBindingErrorCode>(),
        Some(ExtendBindingErrorCode::BindingNotActive)
    );

    client
        .bind_card(&BindCardRequest::new(BINDING))
        .await
        .expect("activated");
    assert_eq!(listed(&sandbox).await, 1);
    let err = client
        .bind_card(&BindCardRequest::new(BINDING))
        .await
        .expect_err("already active");
    assert_eq!(
        err.gateway_code::<BindCardErrorCode>(),
        Some(BindCardErrorCode::BindingActive)
    );

    client
        .extend_binding(&ExtendBindingRequest::new(
            BINDING,
            Expiry::new(2030, 12).unwrap(),
        ))
        .await
        .expect("extended");
    let answer = post_form(
        &sandbox,
        "rest/getBindings.do",
        &with_user(&[("clientId", "259753456")]),
    )
    .await;
    assert_eq!(answer["bindings"][0]["expiryDate"], 203012, "{answer}");
    let err = client
        .extend_binding(&ExtendBindingRequest::new(
            BINDING,
            Expiry::new(2029, 1).unwrap(),
        ))
        .await
        .expect_err("earlier");
    assert_eq!(
        err.gateway_code::<ExtendBindingErrorCode>(),
        Some(ExtendBindingErrorCode::InvalidExpiry)
    );

    // Another merchant's binding, or none, is not found.
    let other = Client::builder()
        .base_url(sandbox.base_url())
        .credentials(Credentials::password("ik_bindings-api", "Ik_pass1"))
        .build()
        .unwrap();
    let err = other
        .un_bind_card(&UnBindCardRequest::new(BINDING))
        .await
        .expect_err("not its binding");
    assert_eq!(
        err.gateway_code::<UnBindCardErrorCode>(),
        Some(UnBindCardErrorCode::BindingNotFound)
    );
    sandbox.stop().await;
}

#[tokio::test]
async fn bindings_are_found_by_card_or_id_and_cards_by_enrolment() {
    let sandbox = sandbox().await;
    let client = client(&sandbox);

    let by_id = client
        .get_bindings_by_card_or_id(&GetBindingsByCardOrIdRequest::new().binding_id(BINDING))
        .await
        .expect("found");
    let bindings = by_id.bindings;
    assert_eq!(bindings.len(), 1);
    assert_eq!(bindings[0].client_id.as_deref(), Some("259753456"));
    assert_eq!(bindings[0].masked_pan.as_deref(), Some("555555**5599"));
    let by_card = client
        .get_bindings_by_card_or_id(&GetBindingsByCardOrIdRequest::new().pan(&pan(CARD_3DS2.pan)))
        .await
        .expect("found");
    assert_eq!(by_card.bindings[0].binding_id.as_deref(), Some(BINDING));
    // The SSL card has no binding of this merchant; another merchant's
    // binding is not shown.
    let err = client
        .get_bindings_by_card_or_id(&GetBindingsByCardOrIdRequest::new().pan(&pan(CARD_SSL.pan)))
        .await
        .expect_err("none");
    assert_eq!(
        err.gateway_code::<GetBindingsByCardOrIdErrorCode>(),
        Some(GetBindingsByCardOrIdErrorCode::NotFound)
    );
    let err = client
        .get_bindings_by_card_or_id(
            &GetBindingsByCardOrIdRequest::new().binding_id("69d6a793-afb5-79be-8ce7-63ff00a8656a"),
        )
        .await
        .expect_err("another merchant's");
    assert_eq!(
        err.gateway_code::<GetBindingsByCardOrIdErrorCode>(),
        Some(GetBindingsByCardOrIdErrorCode::NotFound)
    );
    // The card number never shows in the request's Debug.
    let request = GetBindingsByCardOrIdRequest::new().pan(&pan(CARD_SSL.pan));
    assert!(!format!("{request:?}").contains(CARD_SSL.pan));

    for (digits, enrolled) in [
        (CARD_3DS1.pan, "Y"),
        (CARD_3DS2.pan, "Y"),
        (CARD_SSL.pan, "N"),
        ("4111111111111111", "U"),
    ] {
        let answer = client
            .verify_enrollment(&VerifyEnrollmentRequest::new(&pan(digits)))
            .await
            .expect("answered");
        assert_eq!(answer.enrolled.as_deref(), Some(enrolled), "{digits}");
    }
    // A `Pan` refuses it; the request's public field does not, so the
    // client's own check must.
    assert_eq!(
        "not a card".parse::<Pan>(),
        Err(bereke::models::card::CardError::PanNotDigits)
    );
    let mut request = VerifyEnrollmentRequest::new(&pan(CARD_SSL.pan));
    request.pan = "not a card".to_owned();
    let err = client
        .verify_enrollment(&request)
        .await
        .expect_err("refused before sending");
    assert!(matches!(err, bereke::Error::InvalidRequest { .. }), "{err}");
    sandbox.stop().await;
}

#[tokio::test]
async fn the_orders_of_a_period_come_a_page_at_a_time() {
    let sandbox = sandbox().await;
    let client = client(&sandbox);
    let unpaid = new_order(&client, 100).await;
    let paid = new_order(&client, 200).await;
    pay(&client, &paid).await;
    let list_of = |size: i64, states: &str| {
        GetLastOrdersForMerchantsRequest::new(size, "20000101000000", "20991231235959", states)
    };
    let list = |states: &str| list_of(10, states);

    let deposited = client
        .get_last_orders_for_merchants(&list("DEPOSITED"))
        .await
        .expect("listed");
    assert_eq!(deposited.total_count, Some(1));
    let order = &deposited.order_statuses[0];
    assert_eq!(order.order_status, Some(OrderStatus::Deposited));
    assert_eq!(order.amount, Some(Amount::from_minor(200)));
    assert!(order
        .attributes
        .iter()
        .any(|a| a.value.as_deref() == Some(paid.as_str())));

    // One per page: the two pages hold both orders.
    let mut seen = Vec::new();
    for page in [0, 1] {
        let answer = client
            .get_last_orders_for_merchants(&list_of(1, "CREATED,DEPOSITED").page(page))
            .await
            .expect("listed");
        assert_eq!(answer.total_count, Some(2));
        assert_eq!(answer.page_size, Some(1));
        assert_eq!(answer.order_statuses.len(), 1, "one per page");
        let attributes = &answer.order_statuses[0].attributes;
        seen.extend(attributes.iter().filter_map(|a| a.value.clone()));
    }
    seen.sort();
    let mut both = vec![unpaid, paid];
    both.sort();
    assert_eq!(seen, both);

    // Another merchant's orders are not the caller's to list.
    let err = client
        .get_last_orders_for_merchants(&list("DEPOSITED").merchants("ik_bindings-api"))
        .await
        .expect_err("refused");
    assert_eq!(
        err.gateway_code::<GetLastOrdersForMerchantsErrorCode>(),
        Some(GetLastOrdersForMerchantsErrorCode::InvalidParameter),
        "{err}"
    );
    // A period in another format: the client refuses it, the sandbox too.
    let request =
        GetLastOrdersForMerchantsRequest::new(10, "2000-01-01", "20991231235959", "DEPOSITED");
    let err = client
        .get_last_orders_for_merchants(&request)
        .await
        .expect_err("refused");
    assert!(matches!(err, bereke::Error::InvalidRequest { .. }), "{err}");
    let raw = post_form(
        &sandbox,
        "rest/getLastOrdersForMerchants.do",
        &with_user(&[
            ("size", "10"),
            ("from", "2000-01-01"),
            ("to", "20991231235959"),
            ("transactionStates", "DEPOSITED"),
        ]),
    )
    .await;
    assert_eq!(raw["errorCode"], 5, "{raw}");
    sandbox.stop().await;
}

#[tokio::test]
async fn recurrent_payment_registers_and_pays_with_a_binding() {
    use bereke::models::{
        GetOrderStatusExtendedRequest, RecurrentPaymentErrorCode, RecurrentPaymentRequest,
    };
    use bereke::PaymentOutcome;

    let sandbox = sandbox().await;
    let client = client(&sandbox);
    // The document's binding of test_user (a 3-D Secure 2 card): paid
    // without the customer, so without CVC and 3-D Secure.
    let binding = "01491394-63a6-7d45-a88f-7bce00a7d8c0";
    let request = RecurrentPaymentRequest::new("monthly-1", binding, Amount::from_minor(2_500))
        .currency("398")
        .description("Subscription, month 1");
    let paid = client.recurrent_payment(&request).await.expect("paid");
    assert_eq!(paid.success, Some(true));
    let data = paid.data.expect("data");
    assert_eq!(data.order_number.as_deref(), Some("monthly-1"));
    let status = paid.order_status.expect("orderStatus");
    assert_eq!(status.order_status, Some(OrderStatus::Deposited));
    assert_eq!(status.amount, Some(Amount::from_minor(2_500)));
    let order = client
        .get_order_status_extended(
            &GetOrderStatusExtendedRequest::new().order_id(data.order_id.expect("orderId")),
        )
        .await
        .expect("status");
    assert_eq!(order.order_status, Some(OrderStatus::Deposited));

    // Through Client::pay: a wallet-style answer, accepted.
    let outcome = client
        .pay(&RecurrentPaymentRequest::new(
            "monthly-2",
            binding,
            Amount::from_minor(2_500),
        ))
        .await
        .expect("paid");
    assert!(
        matches!(outcome, PaymentOutcome::Accepted { .. }),
        "{outcome:?}"
    );

    // The same order number again is refused: a repeat cannot pay twice.
    let again = client
        .recurrent_payment(&request)
        .await
        .expect_err("number used");
    assert_eq!(
        again.gateway_code::<RecurrentPaymentErrorCode>(),
        Some(RecurrentPaymentErrorCode::DuplicateOrderNumber)
    );
    // An unknown binding pays nothing and registers nothing.
    let unknown = client
        .recurrent_payment(&RecurrentPaymentRequest::new(
            "monthly-3",
            "00000000-0000-0000-0000-000000000000",
            Amount::from_minor(2_500),
        ))
        .await
        .expect_err("no such binding");
    assert_eq!(
        unknown.gateway_code::<RecurrentPaymentErrorCode>(),
        Some(RecurrentPaymentErrorCode::BindingNotFound)
    );
    let none = client
        .get_order_status_extended(&GetOrderStatusExtendedRequest::new().order_number("monthly-3"))
        .await;
    assert!(none.is_err(), "{none:?}");
    sandbox.stop().await;
}
