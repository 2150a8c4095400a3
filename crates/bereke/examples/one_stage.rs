//! A one-stage payment: register an order, let the customer pay on the
//! gateway's page (or pay with the bank's test card right here), and confirm
//! the payment with the order's status.
//!
//! ```text
//! BEREKE_USER=… BEREKE_PASSWORD=… cargo run -p bereke --example one_stage
//! BEREKE_PAY_WITH_TEST_CARD=1 BEREKE_USER=… BEREKE_PASSWORD=… cargo run -p bereke --example one_stage
//! ```

mod common;

use bereke::models::test_cards::CARD_SSL;
use bereke::models::{
    Amount, Currency, GetOrderStatusExtendedRequest, OrderStatus, PaymentOrderRequest,
    RegisterRequest,
};
use bereke::PaymentOutcome;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let Some(client) = common::client_from_env()? else {
        return Ok(());
    };

    // 1. Register the order: 150.00 KZT, in tiyn.
    let order_number = common::order_number("one-stage");
    let order = client
        .register(
            &RegisterRequest::new(Amount::from_minor(15000), "https://shop.example/paid")
                .order_number(&order_number)
                .currency(Currency::KZT)
                .fail_url("https://shop.example/failed")
                .description("Example one-stage order"),
        )
        .await?;
    // What a registration answers on success (`orderId`, `formUrl`), or an
    // error naming what it lacks.
    let registered = order.success()?;
    let order_id = registered.order_id;
    println!("registered {order_number} as {order_id}");

    if !common::pay_with_test_card() {
        // 2. The usual way: the customer pays on the gateway's page.
        println!("send the customer to {}", registered.form_url);
        println!("then confirm with: BEREKE_ORDER_ID={order_id} cargo run -p bereke --example status_polling");
        return Ok(());
    }

    // 2. Or pay with the bank's published test card (no 3-D Secure).
    let card = CARD_SSL.card("TEST CARDHOLDER")?;
    let payment = PaymentOrderRequest::new(order_id, &card);
    match client.pay(&payment).await? {
        PaymentOutcome::Redirect { url, .. } => {
            println!("processed; the customer would go to {url}")
        }
        PaymentOutcome::ThreeDsRequired(challenge) => {
            println!("3-D Secure needed: serve this page to the customer's browser:");
            println!("{}", challenge.auto_submit_html()?);
            return Ok(());
        }
        PaymentOutcome::Declined { message, .. } => {
            println!("declined: {}", message.as_deref().unwrap_or("(no text)"))
        }
        other => println!("unclear answer: {other:?}"),
    }

    // 3. The order's status is the truth.
    let status = client
        .get_order_status_extended(&GetOrderStatusExtendedRequest::new().order_id(order_id))
        .await?;
    match status.success()?.order_status {
        OrderStatus::Deposited => {
            println!("paid: {}", common::money(status.amount, status.currency))
        }
        other => println!("not paid: {other:?} {:?}", status.action_code_description),
    }
    Ok(())
}
