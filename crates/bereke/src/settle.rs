//! Settling a money call whose answer was lost.
//!
//! A payment, deposit, refund or reverse that failed after it may have
//! reached the gateway ([`Error::may_have_been_sent`](crate::Error::may_have_been_sent))
//! is never repeated by the client: it may have been applied. What the
//! order looks like now tells: [`Client::settle`] asks
//! `getOrderStatusExtended` and compares the order with what the merchant's
//! books said of it before the call.
//!
//! ```no_run
//! # async fn run(client: &bereke::Client, order_id: &str) -> Result<(), bereke::Error> {
//! use bereke::models::{Amount, DepositRequest};
//! use bereke::settle::{Before, MoneyCall, Settlement};
//!
//! let before = Before::new(Amount::ZERO, Amount::ZERO); // nothing deposited or refunded yet
//! let amount = Amount::from_minor(40_000);
//! if let Err(e) = client.deposit(&DepositRequest::new(order_id, amount)).await {
//!     if !e.may_have_been_sent() {
//!         return Err(e); // not sent: nothing happened
//!     }
//!     match client.settle(order_id, &MoneyCall::Deposit { amount }, &before).await? {
//!         Settlement::Applied => { /* book the deposit */ }
//!         Settlement::NotApplied => { /* safe to deposit again */ }
//!         _ => { /* Unknown: ask again later; do not repeat */ }
//!     }
//! }
//! # Ok(()) }
//! ```
//!
//! The reading is sound when nothing else changes the order meanwhile (one
//! money call at a time per order, as the gateway itself processes them):
//! then a lost deposit shows as exactly its amount more deposited, a lost
//! refund as exactly its amount more refunded. Anything else is
//! [`Settlement::Unknown`], never a guess.

use bereke_types::{
    Amount, GetOrderStatusExtendedRequest, GetOrderStatusExtendedResponse, OrderStatus,
};

use crate::{Client, Error};

/// The money call whose answer was lost.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum MoneyCall {
    /// A card, binding or wallet payment (`paymentorder.do`, …).
    Payment,
    /// `deposit.do` of this amount (of a held order).
    Deposit {
        /// The amount asked for; for "all of it" (`Amount::ZERO`), give the
        /// held amount.
        amount: Amount,
    },
    /// `refund.do` of this amount.
    Refund {
        /// The amount asked for.
        amount: Amount,
    },
    /// `reverse.do` (cancel a hold or a same-day payment).
    Reverse,
}

/// What the merchant's books said of the order just before the call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Before {
    /// Deposited (taken) so far.
    pub deposited: Amount,
    /// Refunded so far.
    pub refunded: Amount,
}

impl Before {
    /// The order's deposited and refunded amounts before the call.
    pub fn new(deposited: Amount, refunded: Amount) -> Self {
        Self {
            deposited,
            refunded,
        }
    }

    /// The amounts an order status answer gives (absent amounts count as 0).
    pub fn from_status(status: &GetOrderStatusExtendedResponse) -> Self {
        let amounts = status.payment_amount_info.as_ref();
        Self {
            deposited: amounts
                .and_then(|a| a.deposited_amount)
                .unwrap_or(Amount::ZERO),
            refunded: amounts
                .and_then(|a| a.refunded_amount)
                .unwrap_or(Amount::ZERO),
        }
    }
}

/// Whether a money call whose answer was lost was applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Settlement {
    /// The gateway applied it: book it, do not repeat it.
    Applied,
    /// The gateway did not apply it: it may be made again.
    NotApplied,
    /// The order's state does not say (something else changed it, or it is
    /// still being processed): do not repeat; ask again later.
    Unknown,
}

/// Reads an order status answer against the books: was `call` applied?
pub fn settle(
    call: &MoneyCall,
    before: &Before,
    after: &GetOrderStatusExtendedResponse,
) -> Settlement {
    let now = Before::from_status(after);
    let status = after.order_status.as_ref();
    let unchanged = now == *before;
    match call {
        MoneyCall::Payment => match status {
            Some(OrderStatus::Approved | OrderStatus::Deposited) => Settlement::Applied,
            // An order is paid at most once: the gateway refuses a second
            // payment of a paid order, so a repeat cannot charge twice.
            Some(OrderStatus::Registered | OrderStatus::Declined) => Settlement::NotApplied,
            _ => Settlement::Unknown,
        },
        MoneyCall::Deposit { amount } => {
            let applied = before.deposited.checked_add(*amount) == Some(now.deposited)
                && now.refunded == before.refunded;
            match status {
                Some(OrderStatus::Deposited) if applied => Settlement::Applied,
                Some(OrderStatus::Approved) if unchanged => Settlement::NotApplied,
                _ => Settlement::Unknown,
            }
        }
        MoneyCall::Refund { amount } => {
            // Some gateways report the deposited amount net of refunds, so
            // only the refunded amount is compared.
            if before.refunded.checked_add(*amount) == Some(now.refunded) {
                Settlement::Applied
            } else if now.refunded == before.refunded {
                Settlement::NotApplied
            } else {
                Settlement::Unknown
            }
        }
        MoneyCall::Reverse => match status {
            Some(OrderStatus::Reversed) => Settlement::Applied,
            Some(OrderStatus::Approved | OrderStatus::Registered) if unchanged => {
                Settlement::NotApplied
            }
            _ => Settlement::Unknown,
        },
    }
}

impl Client {
    /// Asks the order's status and tells whether `call`, whose answer was
    /// lost, was applied (see [`crate::settle`]).
    ///
    /// # Errors
    ///
    /// As [`Client::get_order_status_extended`]; the status read itself is
    /// retried as reads are.
    pub async fn settle(
        &self,
        order_id: &str,
        call: &MoneyCall,
        before: &Before,
    ) -> Result<Settlement, Error> {
        let status = self
            .get_order_status_extended(&GetOrderStatusExtendedRequest::new().order_id(order_id))
            .await?;
        Ok(settle(call, before, &status))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn status(order_status: u8, deposited: u64, refunded: u64) -> GetOrderStatusExtendedResponse {
        serde_json::from_value(serde_json::json!({
            "errorCode": "0",
            "orderStatus": order_status,
            "paymentAmountInfo": {
                "approvedAmount": 1000,
                "depositedAmount": deposited,
                "refundedAmount": refunded,
            }
        }))
        .expect("a status answer")
    }

    const HELD: Before = Before {
        deposited: Amount::ZERO,
        refunded: Amount::ZERO,
    };

    #[test]
    fn a_deposit_is_read_from_the_deposited_amount() {
        let call = MoneyCall::Deposit {
            amount: Amount::from_minor(400),
        };
        assert_eq!(
            settle(&call, &HELD, &status(2, 400, 0)),
            Settlement::Applied
        );
        assert_eq!(
            settle(&call, &HELD, &status(1, 0, 0)),
            Settlement::NotApplied
        );
        assert_eq!(
            settle(&call, &HELD, &status(2, 1000, 0)),
            Settlement::Unknown
        );
        assert_eq!(settle(&call, &HELD, &status(3, 0, 0)), Settlement::Unknown);
    }

    #[test]
    fn a_refund_is_read_from_the_refunded_amount() {
        let before = Before::new(Amount::from_minor(1000), Amount::from_minor(100));
        let call = MoneyCall::Refund {
            amount: Amount::from_minor(300),
        };
        assert_eq!(
            settle(&call, &before, &status(4, 600, 400)),
            Settlement::Applied
        );
        assert_eq!(
            settle(&call, &before, &status(2, 900, 100)),
            Settlement::NotApplied
        );
        // Refunded twice (or another refund came between): not this one alone.
        assert_eq!(
            settle(&call, &before, &status(4, 300, 700)),
            Settlement::Unknown
        );
    }

    #[test]
    fn payments_and_reversals_are_read_from_the_order_status() {
        let before = HELD;
        assert_eq!(
            settle(&MoneyCall::Payment, &before, &status(1, 0, 0)),
            Settlement::Applied
        );
        assert_eq!(
            settle(&MoneyCall::Payment, &before, &status(2, 1000, 0)),
            Settlement::Applied
        );
        assert_eq!(
            settle(&MoneyCall::Payment, &before, &status(0, 0, 0)),
            Settlement::NotApplied
        );
        assert_eq!(
            settle(&MoneyCall::Payment, &before, &status(6, 0, 0)),
            Settlement::NotApplied
        );
        assert_eq!(
            settle(&MoneyCall::Payment, &before, &status(5, 0, 0)),
            Settlement::Unknown
        );
        assert_eq!(
            settle(&MoneyCall::Reverse, &before, &status(3, 0, 0)),
            Settlement::Applied
        );
        assert_eq!(
            settle(&MoneyCall::Reverse, &before, &status(1, 0, 0)),
            Settlement::NotApplied
        );
        assert_eq!(
            settle(&MoneyCall::Reverse, &before, &status(2, 1000, 0)),
            Settlement::Unknown
        );
    }
}
