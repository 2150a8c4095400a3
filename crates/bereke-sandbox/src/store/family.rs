//! Store operations of the endpoints beyond the bank's document (the gateway
//! vendor's API only): declining an unpaid order, and changing a binding.

use bereke_types::Expiry;

use super::{Binding, Order, OrderError, OrderRef, State, Store};
use crate::cards;

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

/// Why a binding could not be changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BindingChangeError {
    /// The merchant has no such binding.
    NotFound,
    /// The binding is already in the state asked for (`bindCard.do`,
    /// `unBindCard.do`), or inactive (`extendBinding.do`).
    WrongState,
    /// The new expiry is earlier than the card's.
    InvalidExpiry,
}

impl Store {
    /// Activates or deactivates a binding of the merchant (`bindCard.do`,
    /// `unBindCard.do`). An inactive binding pays nothing and is not listed.
    pub fn set_binding_active(
        &self,
        merchant: &str,
        binding_id: &str,
        active: bool,
    ) -> Result<(), BindingChangeError> {
        let mut inner = self.lock();
        let binding = inner
            .bindings
            .get_mut(binding_id)
            .filter(|b| b.merchant == merchant)
            .ok_or(BindingChangeError::NotFound)?;
        if binding.active == active {
            return Err(BindingChangeError::WrongState);
        }
        binding.active = active;
        Ok(())
    }

    /// Sets a new expiry on an active binding's card (`extendBinding.do`);
    /// the same expiry again changes nothing, so a repeat is harmless.
    pub fn extend_binding(
        &self,
        merchant: &str,
        binding_id: &str,
        expiry: Expiry,
    ) -> Result<(), BindingChangeError> {
        let mut inner = self.lock();
        let binding = inner
            .bindings
            .get_mut(binding_id)
            .filter(|b| b.merchant == merchant)
            .ok_or(BindingChangeError::NotFound)?;
        if !binding.active {
            return Err(BindingChangeError::WrongState);
        }
        if expiry.yyyymm() < binding.card.expiry.yyyymm() {
            return Err(BindingChangeError::InvalidExpiry);
        }
        binding.card.expiry = expiry;
        Ok(())
    }
}

impl Store {
    /// The merchant's active bindings of a card number, or the one with an id
    /// (`getBindingsByCardOrId.do`), sorted by id. A card is recognized by
    /// its masked number, which is unique among the sandbox's test cards.
    pub fn bindings_by_card_or_id(
        &self,
        merchant: &str,
        pan: Option<&str>,
        binding_id: Option<&str>,
    ) -> Vec<Binding> {
        let masked = pan.and_then(|pan| cards::summary_of(&self.cards, pan).map(|c| c.masked_pan));
        let inner = self.lock();
        let mut found: Vec<Binding> = inner
            .bindings
            .values()
            .filter(|b| b.merchant == merchant && b.active)
            .filter(|b| binding_id.is_none_or(|id| b.id == id))
            .filter(|b| pan.is_none() || masked.as_deref() == Some(b.card.masked_pan.as_str()))
            .cloned()
            .collect();
        found.sort_by(|a, b| a.id.cmp(&b.id));
        found
    }

    /// Whether a card is enrolled in 3-D Secure (`verifyEnrollment.do`):
    /// `None` for a card the sandbox does not know.
    pub fn enrolled(&self, pan: &str) -> Option<bool> {
        cards::summary_of(&self.cards, pan).map(|card| card.three_ds.is_some())
    }
}

impl Store {
    /// The orders of these merchants registered from `from` to `to`
    /// (milliseconds, both included), newest first
    /// (`getLastOrdersForMerchants.do`).
    pub fn orders_between(&self, merchants: &[&str], from: i64, to: i64, now: i64) -> Vec<Order> {
        let mut inner = self.lock();
        let mut found: Vec<Order> = inner
            .orders
            .values_mut()
            .filter(|o| merchants.contains(&o.merchant.as_str()))
            .filter(|o| (from..=to).contains(&o.created))
            .map(|o| {
                self.expire_if_due(o, now);
                o.clone()
            })
            .collect();
        found.sort_by(|a, b| b.created.cmp(&a.created).then(a.id.cmp(&b.id)));
        found
    }
}

/// Why `updateSSLCardList.do` could not list a card.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SslListError {
    /// The merchant has no such order.
    NotFound,
    /// The order has not been paid with a card yet.
    NoCard,
    /// The card is in the list already.
    AlreadyListed,
}

impl Store {
    /// Lets the card an order was paid with pay the merchant's later orders
    /// without 3-D Secure (`updateSSLCardList.do`).
    pub fn add_ssl_card(
        &self,
        merchant: &str,
        order_id: &str,
        now: i64,
    ) -> Result<(), SslListError> {
        let result = self.with_order(
            Some(merchant),
            OrderRef::Id(order_id),
            now,
            |_, inner, id| {
                let order = inner.orders.get(&id).ok_or(OrderError::NotFound)?;
                let Some(payment) = &order.payment else {
                    return Ok(Err(SslListError::NoCard));
                };
                let key = (merchant.to_owned(), payment.card.masked_pan.clone());
                Ok(if inner.ssl_cards.insert(key) {
                    Ok(())
                } else {
                    Err(SslListError::AlreadyListed)
                })
            },
        );
        result.unwrap_or(Err(SslListError::NotFound))
    }

    /// Registers an order and pays it at once with a binding, without the
    /// customer: no CVC and no 3-D Secure (`recurrentPayment.do`).
    pub fn pay_recurrent(
        &self,
        merchant: &str,
        mut new: super::NewOrder,
        binding_id: &str,
        now: i64,
    ) -> Result<(super::PayOutcome, Order), OrderError> {
        // Checked first, so that an unknown binding registers nothing.
        let known = self
            .lock()
            .bindings
            .get(binding_id)
            .is_some_and(|b| b.merchant == merchant && b.active);
        if !known {
            return Err(OrderError::BindingNotFound);
        }
        new.features.push("AUTO_PAYMENT".to_owned());
        let order = self.register(merchant, new, now)?;
        self.pay_with_binding(merchant, &order.id, binding_id, None, None, None, now)
    }
}
