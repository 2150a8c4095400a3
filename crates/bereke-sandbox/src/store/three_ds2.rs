//! 3-D Secure 2 in the store: the 3DS Method step, then the frictionless
//! authorization or the challenge.
//!
//! The first `paymentorder.do` with a 3-D Secure 2 card records a
//! [`MethodStep`] under a new 3DS Server transaction id; the payment goes on
//! with a second `paymentorder.do` naming that id, or with
//! `finish3dsMethod.do`. A frictionless card is then authorized at once; any
//! other goes to the ACS with a `creq`, and the code the customer types
//! there finishes it as a 3-D Secure 1 code does ([`Store::finish_auth`]).

use base64::Engine as _;

use super::{start_auth, CardEntry, Inner, Order, OrderError, OrderRef, PayOutcome, State, Store};
use crate::cards::CardSummary;
use crate::ids;
use bereke_types::{PaymentSystem, PaymentWay};

/// A 3-D Secure 2 payment between its first answer and its continuation.
#[derive(Debug, Clone)]
pub struct MethodStep {
    /// The 3DS Server transaction id handed out.
    pub trans_id: String,
    /// The card being paid with.
    pub card: CardSummary,
    /// The cardholder's name as entered.
    pub cardholder: String,
    /// Whether the payer asked for no binding.
    pub binding_not_needed: bool,
    /// Whether the browser ran the 3DS Method page.
    pub method_done: bool,
    /// Where the browser goes after the challenge (`threeDSVer2FinishUrl`),
    /// instead of the order's return or fail URL.
    pub finish_url: Option<String>,
}

/// The `creq` of a challenge: Base64url of the EMV CReq message, which
/// names the 3DS Server transaction.
pub fn creq_for(trans_id: &str) -> String {
    let message = serde_json::json!({
        "threeDSServerTransID": trans_id,
        "acsTransID": ids::uuid(),
        "challengeWindowSize": "05",
        "messageType": "CReq",
        "messageVersion": "2.1.0",
    });
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(message.to_string())
}

/// The `threeDSServerTransID` inside a Base64url JSON message (`creq`,
/// `cres`, `threeDSMethodData`), with or without padding.
pub fn trans_id_in(message: &str) -> Option<String> {
    field_in(message, "threeDSServerTransID")
}

/// A text field of a Base64url JSON message.
pub fn field_in(message: &str, name: &str) -> Option<String> {
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(message.trim().trim_end_matches('='))
        .ok()?;
    let value: serde_json::Value = serde_json::from_slice(&bytes).ok()?;
    value.get(name)?.as_str().map(str::to_owned)
}

/// Base64url (no padding) of a JSON value.
pub fn encode_message(value: &serde_json::Value) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(value.to_string())
}

impl Store {
    /// The first or the second step of a 3-D Secure 2 card payment (see
    /// the module), by the entry's `threeDSServerTransId`.
    pub(super) fn three_ds2_payment(
        &self,
        inner: &mut Inner,
        id: String,
        card: CardSummary,
        entry: &CardEntry<'_>,
        now: i64,
    ) -> Result<(PayOutcome, Order), OrderError> {
        let order = inner.orders.get_mut(&id).ok_or(OrderError::NotFound)?;
        let Some(trans_id) = entry.server_trans_id else {
            let trans_id = ids::uuid();
            let earlier = order.three_ds2.replace(MethodStep {
                trans_id: trans_id.clone(),
                card,
                cardholder: entry.cardholder.to_owned(),
                binding_not_needed: entry.binding_not_needed,
                method_done: false,
                finish_url: None,
            });
            let order = order.clone();
            if let Some(earlier) = earlier {
                inner.trans_ids.remove(&earlier.trans_id);
            }
            inner.trans_ids.insert(trans_id.clone(), id);
            return Ok((PayOutcome::ThreeDsMethod { trans_id }, order));
        };
        // The second paymentorder.do must name this order's transaction and
        // carry the same card.
        let same = order.three_ds2.as_ref().is_some_and(|step| {
            step.trans_id == trans_id && step.card.masked_pan == card.masked_pan
        });
        if !same {
            return Err(OrderError::WrongState);
        }
        self.continue_three_ds2(inner, id, entry.finish_url, now)
    }

    /// `finish3dsMethod.do`: continues the merchant's order whose 3DS
    /// Method step has this transaction id.
    pub fn finish_three_ds_method(
        &self,
        merchant: &str,
        order_id: &str,
        trans_id: &str,
        now: i64,
    ) -> Result<(PayOutcome, Order), OrderError> {
        self.with_order(
            Some(merchant),
            OrderRef::Id(order_id),
            now,
            |store, inner, id| {
                let order = inner.orders.get(&id).ok_or(OrderError::NotFound)?;
                if order.state == State::Declined {
                    return Ok((PayOutcome::AlreadyDeclined, order.clone()));
                }
                let waiting = order.state.is_payable()
                    && order
                        .three_ds2
                        .as_ref()
                        .is_some_and(|s| s.trans_id == trans_id);
                if !waiting {
                    return Err(OrderError::WrongState);
                }
                store.continue_three_ds2(inner, id, None, now)
            },
        )
    }

    /// After the 3DS Method: authorizes a frictionless card, or sends any
    /// other to the challenge.
    fn continue_three_ds2(
        &self,
        inner: &mut Inner,
        id: String,
        finish_url: Option<&str>,
        now: i64,
    ) -> Result<(PayOutcome, Order), OrderError> {
        let order = inner.orders.get_mut(&id).ok_or(OrderError::NotFound)?;
        let step = order.three_ds2.as_mut().ok_or(OrderError::WrongState)?;
        step.finish_url = finish_url.map(str::to_owned);
        let step = step.clone();
        if !step.card.frictionless {
            let creq = creq_for(&step.trans_id);
            start_auth(
                order,
                step.card,
                &step.cardholder,
                PaymentWay::Card,
                None,
                step.binding_not_needed,
            );
            if let Some(pending) = order.pending.as_mut() {
                pending.pa_req = creq.clone();
            }
            return Ok((PayOutcome::ThreeDs2Challenge { creq }, order.clone()));
        }
        // Frictionless: the issuer authenticated the payer from the
        // method's data (eci 02 for Mastercard, 05 for the others).
        let eci = if step.card.payment_system == PaymentSystem::Mastercard {
            2
        } else {
            5
        };
        let mut order = order.clone();
        self.authorize(
            inner,
            &mut order,
            step.card,
            &step.cardholder,
            PaymentWay::Card,
            None,
            step.binding_not_needed,
            Some(eci),
            now,
        );
        let copy = order.clone();
        inner.orders.insert(id, order);
        Ok((PayOutcome::Paid, copy))
    }

    /// The order whose 3-D Secure 2 transaction this is.
    pub fn order_of_transaction(&self, trans_id: &str) -> Option<String> {
        self.lock().trans_ids.get(trans_id).cloned()
    }

    /// Records that the browser ran the 3DS Method of a transaction;
    /// `false` for an unknown one.
    pub fn method_done(&self, trans_id: &str) -> bool {
        let mut inner = self.lock();
        let Some(id) = inner.trans_ids.get(trans_id).cloned() else {
            return false;
        };
        match inner.orders.get_mut(&id).and_then(|o| o.three_ds2.as_mut()) {
            Some(step) if step.trans_id == trans_id => {
                step.method_done = true;
                true
            }
            _ => false,
        }
    }
}
