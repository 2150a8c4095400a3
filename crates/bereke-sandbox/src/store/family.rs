//! Store operations of the endpoints beyond the bank's document (the gateway
//! vendor's API only).

use super::{Order, OrderError, OrderRef, State, Store};

impl Store {
    /// Declines an unpaid order (`decline.do`): the customer can no longer
    /// pay it. A paid, declined or expired order is in the wrong state.
    pub fn decline_unpaid(
        &self,
        merchant: &str,
        reference: OrderRef<'_>,
        now: i64,
    ) -> Result<Order, OrderError> {
        self.with_order(Some(merchant), reference, now, |_, inner, id| {
            let order = inner.orders.get_mut(&id).ok_or(OrderError::NotFound)?;
            if !order.state.is_payable() {
                return Err(OrderError::WrongState);
            }
            order.state = State::Declined;
            order.pending = None;
            order.action_code_description = "Declined by the merchant".to_owned();
            Ok(order.clone())
        })
    }
}
