//! Polling an order's status until the payment is settled one way or the
//! other. Status reads are safe to repeat: the client itself retries
//! connection failures and timeouts with backoff.
//!
//! ```text
//! BEREKE_ORDER_ID=… BEREKE_USER=… BEREKE_PASSWORD=… cargo run -p bereke --example status_polling
//! ```

mod common;

use std::time::Duration;

use bereke::models::{GetOrderStatusExtendedRequest, OrderStatus};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let Some(client) = common::client_from_env()? else {
        return Ok(());
    };
    let Ok(order_id) = std::env::var("BEREKE_ORDER_ID") else {
        eprintln!("Set BEREKE_ORDER_ID to the gateway's order id (the orderId of register.do).");
        return Ok(());
    };

    let request = GetOrderStatusExtendedRequest::new().order_id(&order_id);
    for attempt in 1..=30 {
        let status = client.get_order_status_extended(&request).await?;
        match status.order_status {
            Some(OrderStatus::Approved) => {
                println!(
                    "held (two-stage): {}",
                    common::money(status.amount, status.currency)
                );
                return Ok(());
            }
            Some(OrderStatus::Deposited) => {
                let deposited = status
                    .payment_amount_info
                    .as_ref()
                    .and_then(|amounts| amounts.deposited_amount);
                println!("paid: {}", common::money(deposited, status.currency));
                return Ok(());
            }
            Some(OrderStatus::Declined)
            | Some(OrderStatus::Reversed)
            | Some(OrderStatus::Refunded) => {
                println!(
                    "not paid: {:?} ({})",
                    status.order_status,
                    status
                        .action_code_description
                        .as_deref()
                        .unwrap_or("no description")
                );
                return Ok(());
            }
            other => {
                println!("attempt {attempt}: {other:?}, waiting");
                tokio::time::sleep(Duration::from_secs(2)).await;
            }
        }
    }
    println!("still not settled; the customer may not have paid yet");
    Ok(())
}
