//! A two-stage payment: hold the customer's funds, take (deposit) part of
//! them, then refund part of what was taken.
//!
//! ```text
//! BEREKE_PAY_WITH_TEST_CARD=1 BEREKE_USER=… BEREKE_PASSWORD=… cargo run -p bereke --example two_stage
//! ```
//!
//! Without `BEREKE_PAY_WITH_TEST_CARD=1` the example stops after registering
//! and prints the payment page; pay there, then run it with
//! `BEREKE_ORDER_ID=<order id>` to deposit and refund.

mod common;

use bereke::models::test_cards::CARD_SSL;
use bereke::models::{
    Amount, DepositRequest, GetOrderStatusExtendedRequest, OrderStatus, PaymentOrderRequest,
    RefundRequest, RegisterPreAuthRequest,
};
use bereke::settle::{Before, MoneyCall, Settlement};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let Some(client) = common::client_from_env()? else {
        return Ok(());
    };

    let order_id = match std::env::var("BEREKE_ORDER_ID") {
        Ok(order_id) => order_id,
        Err(_) => {
            // 1. Register with pre-authorization: 500.00, held only.
            let order_number = common::order_number("two-stage");
            let order = client
                .register_pre_auth(&RegisterPreAuthRequest::new(
                    &order_number,
                    Amount::from_minor(50000),
                    "https://shop.example/held",
                ))
                .await?;
            // What a registration answers on success, or an error naming
            // what it lacks: no empty order id to carry on with.
            let registered = order.success()?;
            let order_id = registered.order_id.to_owned();
            println!("registered {order_number} as {order_id}");
            if !common::pay_with_test_card() {
                println!(
                    "pay on {}, then run again with BEREKE_ORDER_ID={order_id}",
                    registered.form_url
                );
                return Ok(());
            }
            let payment = PaymentOrderRequest::new(&order_id, &CARD_SSL.card("TEST CARDHOLDER")?);
            println!("payment: {:?}", client.pay(&payment).await?);
            order_id
        }
    };

    // 2. The funds must be held (orderStatus 1) before they can be taken.
    let status_request = GetOrderStatusExtendedRequest::new().order_id(&order_id);
    let status = client.get_order_status_extended(&status_request).await?;
    if status.order_status != Some(OrderStatus::Approved) {
        println!(
            "the order is not held but {:?}; nothing to deposit",
            status.order_status
        );
        return Ok(());
    }

    // 3. Take 400.00 of the 500.00 held (Amount::ZERO would take all of it).
    //    A deposit is never retried after it may have reached the gateway:
    //    when its answer is lost, the order's status settles whether it was
    //    applied, compared with what the books said before the call.
    let before = Before::from_status(&status);
    let deposit = Amount::from_minor(40000);
    match client
        .deposit(&DepositRequest::new(&order_id, deposit))
        .await
    {
        Ok(_) => println!("deposited 400.00"),
        Err(e) if e.may_have_been_sent() => {
            let call = MoneyCall::Deposit { amount: deposit };
            match client.settle(&order_id, &call, &before).await? {
                Settlement::Applied => println!("deposited 400.00 (the answer was lost: {e})"),
                Settlement::NotApplied => {
                    println!("the deposit was not made ({e}); it may be sent again");
                    return Ok(());
                }
                _ => {
                    println!("unsure whether the deposit happened ({e}); ask again later");
                    return Ok(());
                }
            }
        }
        Err(e) => return Err(e.into()),
    }

    // 4. Refund 100.00. The externalRefundId lets the gateway recognize a
    //    repeat, so the client retries this refund after a timeout.
    //    (At most 32 characters: the order id's first 29 and a suffix.)
    let refund_id: String = order_id.chars().take(29).chain("-r1".chars()).collect();
    let refund =
        RefundRequest::new(&order_id, Amount::from_minor(10000)).external_refund_id(refund_id);
    client.refund(&refund).await?;
    println!("refunded 100.00");

    let status = client.get_order_status_extended(&status_request).await?;
    if let Some(amounts) = status.payment_amount_info {
        let money = |amount| common::money(amount, status.currency);
        println!(
            "approved {}, deposited {}, refunded {}",
            money(amounts.approved_amount),
            money(amounts.deposited_amount),
            money(amounts.refunded_amount)
        );
    }
    Ok(())
}
