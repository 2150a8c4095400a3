//! The state machine of orders and bindings, without HTTP.
//!
//! Everything lives behind one mutex: each operation checks and updates an
//! order in one critical section, so no amount is ever deposited or refunded
//! twice however many requests arrive at once. Callback notifications are
//! queued inside the same section, so they leave in the order the changes
//! happened.

mod family;
mod order;
#[cfg(test)]
mod tests;
mod three_ds2;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::{Mutex, MutexGuard};

use bereke_types::{Amount, Currency, PaymentWay};
use bereke_types::{CallbackOperation, CallbackStatus};

use crate::callbacks::{Notification, Notifier};
use crate::cards::{self, CardSummary, Decline};
use crate::config::{CardConfig, SandboxConfig};
use crate::ids;

pub use family::{BindingChangeError, SslListError};
pub use order::{Binding, Order, Payment, PendingAuth, Stages, State};
pub use three_ds2::{encode_message, field_in, trans_id_in, MethodStep};

/// `actionCode` of an order that expired unpaid.
///
/// The document has no table of action codes; -2007 is the code the same
/// gateway software gives for "payment time limit" elsewhere.
pub const ACTION_CODE_TIMEOUT: i64 = -2007;

/// Milliseconds since the epoch, now.
pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
        .unwrap_or_default()
}

/// How an order is named in a request.
#[derive(Debug, Clone, Copy)]
pub enum OrderRef<'a> {
    /// By the gateway's id.
    Id(&'a str),
    /// By the merchant's order number.
    Number(&'a str),
}

/// A new order, as registered.
#[derive(Debug, Clone)]
pub struct NewOrder {
    /// The merchant's order number; generated when `None`.
    pub number: Option<String>,
    /// Amount.
    pub amount: Amount,
    /// Currency.
    pub currency: Currency,
    /// One- or two-stage.
    pub stages: Stages,
    /// Return URL.
    pub return_url: String,
    /// Fail URL.
    pub fail_url: Option<String>,
    /// Dynamic callback URL.
    pub dynamic_callback_url: Option<String>,
    /// Description.
    pub description: Option<String>,
    /// Language.
    pub language: Option<String>,
    /// Customer id.
    pub client_id: Option<String>,
    /// Additional parameters.
    pub params: BTreeMap<String, String>,
    /// Features given, as their wire values.
    pub features: Vec<String>,
    /// Lifetime in milliseconds from now.
    pub lifetime_ms: i64,
    /// Absolute expiry (epoch ms); wins over `lifetime_ms`.
    pub expires_at: Option<i64>,
    /// When a two-stage order's hold is completed without a `deposit.do`
    /// (epoch ms): registerPreAuth.do's `autocompletionDate`.
    pub autocomplete_at: Option<i64>,
    /// The payer's IP address, if known.
    pub ip: Option<String>,
}

/// Card data entered for a payment.
#[derive(Clone)]
pub struct CardEntry<'a> {
    /// Card number.
    pub pan: &'a str,
    /// Expiry year.
    pub year: &'a str,
    /// Expiry month.
    pub month: &'a str,
    /// Security code.
    pub cvc: &'a str,
    /// Cardholder's name.
    pub cardholder: &'a str,
    /// The payer's IP address.
    pub ip: Option<&'a str>,
    /// Whether the payer asked for no binding.
    pub binding_not_needed: bool,
    /// The merchant's external 3DS Server authenticated the payer (`eci` sent).
    pub external_eci: Option<i64>,
    /// `threeDSServerTransId`: the second request of a 3-D Secure 2 payment.
    pub server_trans_id: Option<&'a str>,
    /// `threeDSVer2FinishUrl`: where the browser goes after the challenge.
    pub finish_url: Option<&'a str>,
}

/// What became of a payment attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PayOutcome {
    /// Authorized: held (two-stage) or taken (one-stage).
    Paid,
    /// The customer must authenticate at the ACS with this `paReq`.
    ThreeDs {
        /// The Payment Authentication Request.
        pa_req: String,
    },
    /// Declined; `final_attempt` when the order is now declined for good.
    Declined {
        /// Why.
        decline: Decline,
        /// Whether no attempt is left (the order is now status 6).
        final_attempt: bool,
    },
    /// The order was declined before (attempts exhausted or expired).
    AlreadyDeclined,
    /// 3-D Secure 2: the browser runs the 3DS Method, then the merchant
    /// continues the payment with this transaction id.
    ThreeDsMethod {
        /// The 3DS Server transaction id.
        trans_id: String,
    },
    /// 3-D Secure 2: the customer must answer the ACS's challenge.
    ThreeDs2Challenge {
        /// The challenge request to post to the ACS as `creq`.
        creq: String,
    },
}

/// Why an operation on an order was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrderError {
    /// No such order for this merchant.
    NotFound,
    /// The order's state does not allow it.
    WrongState,
    /// The amount is not acceptable (zero, or above what may be deposited).
    InvalidAmount,
    /// The refunds would exceed the deposited amount.
    ExceedsDeposited,
    /// `expectedDepositedAmount` no longer matches.
    DepositedAmountChanged,
    /// `externalRefundId` names an earlier refund of another amount.
    RefundIdReused,
    /// The binding does not exist for this merchant and customer.
    BindingNotFound,
    /// A binding payment without a CVC, where one is needed.
    CvcMissing,
    /// The order number is already used by the merchant.
    DuplicateNumber,
}

/// A wallet payment (Apple Pay, Google Pay): registered and paid at once.
#[derive(Debug, Clone)]
pub struct WalletPayment {
    /// The order, as registered.
    pub order: NewOrder,
    /// Apple Pay or Google Pay.
    pub way: PaymentWay,
    /// The card the token stands for.
    pub card: CardSummary,
    /// Decline the payment, for tokens the sandbox was told to decline.
    pub decline: Option<Decline>,
    /// Ask for 3-D Secure (a Google Pay card without a token).
    pub three_ds: bool,
}

/// The sandbox's orders and bindings.
pub struct Store {
    inner: Mutex<Inner>,
    cards: Vec<CardConfig>,
    payment_attempts: u32,
    notifier: Option<Notifier>,
}

#[derive(Default)]
struct Inner {
    orders: HashMap<String, Order>,
    /// (merchant, order number) → order id.
    numbers: HashMap<(String, String), String>,
    bindings: HashMap<String, Binding>,
    next_number: u64,
    /// 3-D Secure 2 transaction id → order id.
    trans_ids: HashMap<String, String>,
    /// (merchant, masked card number) of the cards `updateSSLCardList.do`
    /// lets pay without 3-D Secure.
    ssl_cards: HashSet<(String, String)>,
}

impl Store {
    /// A store with the configuration's cards and seeded bindings.
    pub fn new(config: &SandboxConfig, notifier: Option<Notifier>) -> Self {
        let mut inner = Inner {
            next_number: 1000,
            ..Inner::default()
        };
        for seed in &config.bindings {
            if let Some(card) = cards::summary_of(&config.cards, &seed.pan) {
                inner.bindings.insert(
                    seed.binding_id.clone(),
                    Binding {
                        id: seed.binding_id.clone(),
                        merchant: seed.merchant.clone(),
                        client_id: seed.client_id.clone(),
                        card,
                        way: PaymentWay::Card,
                        active: true,
                    },
                );
            }
        }
        Store {
            inner: Mutex::new(inner),
            cards: config.cards.clone(),
            payment_attempts: config.payment_attempts.max(1),
            notifier,
        }
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        // A panic while holding the lock leaves consistent data (every
        // update is a few assignments), so poisoning is ignored.
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn notify(&self, notification: Notification) {
        if let Some(notifier) = &self.notifier {
            notifier.send(notification);
        }
    }

    fn payment_event(&self, order: &Order, operation: CallbackOperation, success: bool) {
        self.notify(Notification {
            merchant: order.merchant.clone(),
            dynamic_url: order.dynamic_callback_url.clone(),
            md_order: order.id.clone(),
            order_number: order.number.clone(),
            operation,
            status: if success {
                CallbackStatus::Success
            } else {
                CallbackStatus::Failure
            },
            extra: Vec::new(),
        });
    }

    /// Registers an order.
    pub fn register(&self, merchant: &str, new: NewOrder, now: i64) -> Result<Order, OrderError> {
        let mut inner = self.lock();
        let number = match new.number {
            Some(number) => {
                if inner
                    .numbers
                    .contains_key(&(merchant.to_owned(), number.clone()))
                {
                    return Err(OrderError::DuplicateNumber);
                }
                number
            }
            None => loop {
                inner.next_number = inner.next_number.saturating_add(1);
                let candidate = inner.next_number.to_string();
                if !inner
                    .numbers
                    .contains_key(&(merchant.to_owned(), candidate.clone()))
                {
                    break candidate;
                }
            },
        };
        let has = |f: &str| new.features.iter().any(|g| g == f);
        let order = Order {
            id: ids::uuid(),
            merchant: merchant.to_owned(),
            number: number.clone(),
            amount: new.amount,
            currency: new.currency,
            stages: new.stages,
            return_url: new.return_url,
            fail_url: new.fail_url,
            dynamic_callback_url: new.dynamic_callback_url,
            description: new.description,
            language: new.language,
            client_id: new.client_id,
            params: new.params,
            verify: has("VERIFY"),
            auto_payment: has("AUTO_PAYMENT"),
            force_tds: has("FORCE_TDS") || has("FORCE_FULL_TDS"),
            force_ssl: has("FORCE_SSL"),
            created: now,
            expires_at: new
                .expires_at
                .unwrap_or_else(|| now.saturating_add(new.lifetime_ms)),
            autocomplete_at: new.autocomplete_at.filter(|_| new.stages == Stages::Two),
            state: State::Registered,
            attempts: 0,
            action_code: 0,
            action_code_description: String::new(),
            ip: new.ip,
            payment: None,
            pending: None,
            three_ds2: None,
            binding_id: None,
            approved: Amount::ZERO,
            deposited: Amount::ZERO,
            refunded: Amount::ZERO,
            refunds_by_external_id: HashMap::new(),
            deposited_date: None,
            refunded_date: None,
            reversed_date: None,
        };
        inner
            .numbers
            .insert((merchant.to_owned(), number), order.id.clone());
        inner.orders.insert(order.id.clone(), order.clone());
        Ok(order)
    }

    /// Runs `f` on the merchant's order, after expiring it if it is due.
    fn with_order<T>(
        &self,
        merchant: Option<&str>,
        reference: OrderRef<'_>,
        now: i64,
        f: impl FnOnce(&Store, &mut Inner, String) -> Result<T, OrderError>,
    ) -> Result<T, OrderError> {
        let mut inner = self.lock();
        let id = match reference {
            OrderRef::Id(id) => id.to_owned(),
            OrderRef::Number(number) => {
                let merchant = merchant.ok_or(OrderError::NotFound)?;
                inner
                    .numbers
                    .get(&(merchant.to_owned(), number.to_owned()))
                    .cloned()
                    .ok_or(OrderError::NotFound)?
            }
        };
        let order = inner.orders.get_mut(&id).ok_or(OrderError::NotFound)?;
        if merchant.is_some_and(|m| m != order.merchant) {
            return Err(OrderError::NotFound);
        }
        self.expire_if_due(order, now);
        self.complete_if_due(order, now);
        f(self, &mut inner, id)
    }

    fn expire_if_due(&self, order: &mut Order, now: i64) {
        if order.state.is_payable() && now >= order.expires_at {
            order.state = State::Declined;
            order.pending = None;
            order.action_code = ACTION_CODE_TIMEOUT;
            order.action_code_description = "Payment time limit".to_owned();
            // The document's list of callback statuses is cut off; a
            // decline by timeout is reported as a failure (status 0).
            self.payment_event(order, CallbackOperation::DeclinedByTimeout, false);
        }
    }

    /// Completes a hold whose `autocompletionDate` has come, as the
    /// gateway does: the whole amount held, with a deposit callback.
    fn complete_if_due(&self, order: &mut Order, now: i64) {
        if order.state == State::Approved && order.autocomplete_at.is_some_and(|at| now >= at) {
            let held = order.approved;
            self.take(order, held, now);
        }
    }

    /// Takes `amount` of a hold: `deposit.do`, or its automatic completion.
    fn take(&self, order: &mut Order, amount: Amount, now: i64) {
        order.deposited = amount;
        order.state = State::Deposited;
        order.deposited_date = Some(now);
        self.payment_event(order, CallbackOperation::Deposited, true);
    }

    /// Declines every unpaid order whose time is up and completes every
    /// hold whose automatic completion is due.
    pub fn expire_due(&self, now: i64) {
        let mut inner = self.lock();
        for order in inner.orders.values_mut() {
            self.expire_if_due(order, now);
            self.complete_if_due(order, now);
        }
    }

    /// A copy of the merchant's order.
    pub fn order(
        &self,
        merchant: Option<&str>,
        reference: OrderRef<'_>,
        now: i64,
    ) -> Result<Order, OrderError> {
        self.read_order(merchant, reference, now, Order::clone)
    }

    /// What `read` makes of an order, seen inside the lock: an answer built
    /// from it needs no copy of the whole order first.
    pub fn read_order<T>(
        &self,
        merchant: Option<&str>,
        reference: OrderRef<'_>,
        now: i64,
        read: impl FnOnce(&Order) -> T,
    ) -> Result<T, OrderError> {
        self.with_order(merchant, reference, now, |_, inner, id| {
            inner.orders.get(&id).map(read).ok_or(OrderError::NotFound)
        })
    }

    /// Pays an order with card data.
    pub fn pay_with_card(
        &self,
        merchant: &str,
        order_id: &str,
        entry: CardEntry<'_>,
        now: i64,
    ) -> Result<(PayOutcome, Order), OrderError> {
        self.with_order(
            Some(merchant),
            OrderRef::Id(order_id),
            now,
            |store, inner, id| {
                let order = inner.orders.get_mut(&id).ok_or(OrderError::NotFound)?;
                if order.state == State::Declined {
                    return Ok((PayOutcome::AlreadyDeclined, order.clone()));
                }
                if !order.state.is_payable() {
                    return Err(OrderError::WrongState);
                }
                if let Some(ip) = entry.ip {
                    order.ip = Some(ip.to_owned());
                }
                let cvc = (!order.auto_payment).then_some(entry.cvc);
                let card = match cards::check_card(
                    &store.cards,
                    entry.pan,
                    entry.year,
                    entry.month,
                    cvc,
                ) {
                    Ok(card) => card,
                    Err(decline) => {
                        let outcome = store.decline(order, decline);
                        return Ok((outcome, order.clone()));
                    }
                };
                let ssl_listed = inner
                    .ssl_cards
                    .contains(&(merchant.to_owned(), card.masked_pan.clone()));
                let skip_3ds = order.auto_payment
                    || order.force_ssl
                    || entry.external_eci.is_some()
                    || ssl_listed;
                if order.force_tds && card.three_ds.is_none() {
                    let outcome = store.decline(order, Decline::ThreeDsRequired);
                    return Ok((outcome, order.clone()));
                }
                if card.three_ds.as_deref() == Some("2") && !skip_3ds {
                    return store.three_ds2_payment(inner, id, card, &entry, now);
                }
                if card.three_ds.is_some() && !skip_3ds {
                    let pa_req = start_auth(
                        order,
                        card,
                        entry.cardholder,
                        PaymentWay::Card,
                        None,
                        entry.binding_not_needed,
                    );
                    return Ok((PayOutcome::ThreeDs { pa_req }, order.clone()));
                }
                let eci = entry.external_eci.or(if card.three_ds.is_some() {
                    None
                } else {
                    Some(7)
                });
                let mut order = order.clone();
                store.authorize(
                    inner,
                    &mut order,
                    card,
                    entry.cardholder,
                    PaymentWay::Card,
                    None,
                    entry.binding_not_needed,
                    eci,
                    now,
                );
                let copy = order.clone();
                inner.orders.insert(id, order);
                Ok((PayOutcome::Paid, copy))
            },
        )
    }

    /// Pays an order with a binding.
    #[allow(clippy::too_many_arguments)]
    pub fn pay_with_binding(
        &self,
        merchant: &str,
        order_id: &str,
        binding_id: &str,
        cvc: Option<&str>,
        client_id: Option<&str>,
        ip: Option<&str>,
        now: i64,
    ) -> Result<(PayOutcome, Order), OrderError> {
        self.with_order(
            Some(merchant),
            OrderRef::Id(order_id),
            now,
            |store, inner, id| {
                let binding = inner
                    .bindings
                    .get(binding_id)
                    .filter(|b| b.merchant == merchant && b.active)
                    .cloned()
                    .ok_or(OrderError::BindingNotFound)?;
                let order = inner.orders.get_mut(&id).ok_or(OrderError::NotFound)?;
                let owner_matches =
                    |client: Option<&str>| client.is_none_or(|c| c == binding.client_id);
                if !owner_matches(order.client_id.as_deref()) || !owner_matches(client_id) {
                    return Err(OrderError::BindingNotFound);
                }
                let cvc = cvc.filter(|c| !c.is_empty());
                if cvc.is_none() && !order.auto_payment {
                    return Err(OrderError::CvcMissing);
                }
                if order.state == State::Declined {
                    return Ok((PayOutcome::AlreadyDeclined, order.clone()));
                }
                if !order.state.is_payable() {
                    return Err(OrderError::WrongState);
                }
                if let Some(ip) = ip {
                    order.ip = Some(ip.to_owned());
                }
                if order.client_id.is_none() {
                    order.client_id = Some(binding.client_id.clone());
                }
                if !order.auto_payment && cvc != Some(binding.card.cvc.as_str()) {
                    let outcome = store.decline(order, Decline::WrongCvc);
                    return Ok((outcome, order.clone()));
                }
                let card = binding.card.clone();
                let skip_3ds = order.auto_payment || order.force_ssl;
                if order.force_tds && card.three_ds.is_none() {
                    let outcome = store.decline(order, Decline::ThreeDsRequired);
                    return Ok((outcome, order.clone()));
                }
                if card.three_ds.is_some() && !skip_3ds {
                    let pa_req = start_auth(
                        order,
                        card,
                        "",
                        PaymentWay::CardBinding,
                        Some(binding.id.clone()),
                        false,
                    );
                    return Ok((PayOutcome::ThreeDs { pa_req }, order.clone()));
                }
                let mut order = order.clone();
                store.authorize(
                    inner,
                    &mut order,
                    card,
                    "",
                    PaymentWay::CardBinding,
                    Some(binding.id.clone()),
                    false,
                    Some(7),
                    now,
                );
                let copy = order.clone();
                inner.orders.insert(id, order);
                Ok((PayOutcome::Paid, copy))
            },
        )
    }

    /// The order waiting at the ACS with this `paReq`, if any (no merchant
    /// credentials: the customer's browser asks).
    pub fn pending_auth(&self, order_id: &str, pa_req: Option<&str>, now: i64) -> Option<Order> {
        self.order(None, OrderRef::Id(order_id), now)
            .ok()
            .filter(|order| order.state == State::AcsAuth)
            .filter(|order| {
                let pending = order.pending.as_ref();
                pa_req.is_none_or(|p| pending.is_some_and(|auth| auth.pa_req == p))
            })
    }

    /// Finishes the 3-D Secure authentication of an order with the code the
    /// customer typed; `Ok(true)` when the payment went through.
    pub fn finish_auth(
        &self,
        order_id: &str,
        pa_req: &str,
        code: &str,
        now: i64,
    ) -> Result<bool, OrderError> {
        self.with_order(None, OrderRef::Id(order_id), now, |store, inner, id| {
            let order = inner.orders.get_mut(&id).ok_or(OrderError::NotFound)?;
            let pending = match (&order.state, order.pending.take()) {
                (State::AcsAuth, Some(pending)) if pending.pa_req == pa_req => pending,
                (_, pending) => {
                    order.pending = pending;
                    return Err(OrderError::WrongState);
                }
            };
            if code.trim() != pending.card.acs_code {
                order.state = State::Registered;
                store.decline(order, Decline::AuthenticationFailed);
                return Ok(false);
            }
            let eci = if pending.card.payment_system == bereke_types::PaymentSystem::Mastercard {
                2
            } else {
                5
            };
            let mut order = order.clone();
            store.authorize(
                inner,
                &mut order,
                pending.card,
                &pending.cardholder,
                pending.way,
                pending.binding_id,
                pending.binding_not_needed,
                Some(eci),
                now,
            );
            inner.orders.insert(id, order);
            Ok(true)
        })
    }

    /// Registers an order and pays it with a wallet token.
    pub fn pay_with_wallet(
        &self,
        merchant: &str,
        payment: WalletPayment,
        now: i64,
    ) -> Result<(PayOutcome, Order), OrderError> {
        let order = self.register(merchant, payment.order, now)?;
        self.with_order(
            Some(merchant),
            OrderRef::Id(&order.id),
            now,
            |store, inner, id| {
                let order = inner.orders.get_mut(&id).ok_or(OrderError::NotFound)?;
                if let Some(decline) = payment.decline {
                    order.attempts = store.payment_attempts.saturating_sub(1);
                    let outcome = store.decline(order, decline);
                    return Ok((outcome, order.clone()));
                }
                if payment.three_ds {
                    let pa_req = start_auth(order, payment.card, "", payment.way, None, true);
                    return Ok((PayOutcome::ThreeDs { pa_req }, order.clone()));
                }
                let mut order = order.clone();
                store.authorize(
                    inner,
                    &mut order,
                    payment.card,
                    "",
                    payment.way,
                    None,
                    true,
                    Some(5),
                    now,
                );
                let copy = order.clone();
                inner.orders.insert(id, order);
                Ok((PayOutcome::Paid, copy))
            },
        )
    }

    /// Records a declined attempt.
    fn decline(&self, order: &mut Order, decline: Decline) -> PayOutcome {
        order.attempts = order.attempts.saturating_add(1);
        order.action_code = decline.action_code();
        order.action_code_description = decline.description().to_owned();
        order.pending = None;
        let final_attempt = order.attempts >= self.payment_attempts;
        order.state = if final_attempt {
            State::Declined
        } else {
            State::Registered
        };
        PayOutcome::Declined {
            decline,
            final_attempt,
        }
    }

    /// Authorizes the order's payment: holds or takes the money, makes a
    /// binding when the order has a customer, and queues the callbacks.
    #[allow(clippy::too_many_arguments)]
    fn authorize(
        &self,
        inner: &mut Inner,
        order: &mut Order,
        card: CardSummary,
        cardholder: &str,
        way: PaymentWay,
        binding_used: Option<String>,
        binding_not_needed: bool,
        eci: Option<i64>,
        now: i64,
    ) {
        order.pending = None;
        order.action_code = 0;
        order.action_code_description = String::new();
        order.approved = order.amount;
        if order.verify {
            // A verification takes nothing; the order goes to REVERSED.
            order.state = State::Reversed;
            order.reversed_date = Some(now);
        } else {
            match order.stages {
                Stages::One => {
                    order.state = State::Deposited;
                    order.deposited = order.amount;
                    order.deposited_date = Some(now);
                }
                Stages::Two => order.state = State::Approved,
            }
        }
        let binding_id = match binding_used {
            Some(id) => Some(id),
            None if !binding_not_needed && way == PaymentWay::Card => order
                .client_id
                .clone()
                .map(|client| self.bind(inner, order, &client, &card)),
            None => None,
        };
        order.binding_id = binding_id;
        order.payment = Some(Payment {
            way,
            card,
            cardholder: cardholder.to_owned(),
            approval_code: ids::digits(6),
            auth_ref_num: ids::digits(12),
            auth_date_time: now,
            eci,
        });
        match order.state {
            State::Deposited => self.payment_event(order, CallbackOperation::Deposited, true),
            State::Approved => self.payment_event(order, CallbackOperation::Approved, true),
            _ => {}
        }
    }

    /// The customer's binding of this card, made if it does not exist yet.
    fn bind(
        &self,
        inner: &mut Inner,
        order: &Order,
        client_id: &str,
        card: &CardSummary,
    ) -> String {
        let merchant = order.merchant.as_str();
        if let Some(existing) = inner.bindings.values().find(|b| {
            b.merchant == merchant
                && b.client_id == client_id
                && b.card.masked_pan == card.masked_pan
                && b.card.expiry == card.expiry
        }) {
            return existing.id.clone();
        }
        let id = ids::uuid();
        inner.bindings.insert(
            id.clone(),
            Binding {
                id: id.clone(),
                merchant: merchant.to_owned(),
                client_id: client_id.to_owned(),
                card: card.clone(),
                way: PaymentWay::Card,
                active: true,
            },
        );
        // Binding callbacks go to the merchant's static address only, with
        // the order that made the binding and the binding's own parameters.
        self.notify(Notification {
            merchant: merchant.to_owned(),
            dynamic_url: None,
            md_order: order.id.clone(),
            order_number: order.number.clone(),
            operation: CallbackOperation::BindingCreated,
            status: CallbackStatus::Success,
            extra: vec![
                ("bindingId".to_owned(), id.clone()),
                ("clientId".to_owned(), client_id.to_owned()),
            ],
        });
        id
    }

    /// Completes a pre-authorized order; `amount` zero takes all of it.
    pub fn deposit(
        &self,
        merchant: &str,
        order_id: &str,
        amount: Amount,
        now: i64,
    ) -> Result<Order, OrderError> {
        self.with_order(
            Some(merchant),
            OrderRef::Id(order_id),
            now,
            |store, inner, id| {
                let order = inner.orders.get_mut(&id).ok_or(OrderError::NotFound)?;
                if order.state != State::Approved {
                    return Err(OrderError::WrongState);
                }
                let amount = if amount == Amount::ZERO {
                    order.approved
                } else {
                    amount
                };
                if amount > order.approved {
                    return Err(OrderError::InvalidAmount);
                }
                store.take(order, amount, now);
                Ok(order.clone())
            },
        )
    }

    /// Reverses an authorization: a hold, or a payment not refunded yet.
    pub fn reverse(
        &self,
        merchant: &str,
        reference: OrderRef<'_>,
        now: i64,
    ) -> Result<Order, OrderError> {
        self.with_order(Some(merchant), reference, now, |store, inner, id| {
            let order = inner.orders.get_mut(&id).ok_or(OrderError::NotFound)?;
            let reversible = match order.state {
                State::Approved => true,
                State::Deposited => order.refunded == Amount::ZERO,
                _ => false,
            };
            if !reversible {
                return Err(OrderError::WrongState);
            }
            order.state = State::Reversed;
            order.deposited = Amount::ZERO;
            order.reversed_date = Some(now);
            store.payment_event(order, CallbackOperation::Reversed, true);
            Ok(order.clone())
        })
    }

    /// Refunds part or all of what was taken.
    pub fn refund(
        &self,
        merchant: &str,
        order_id: &str,
        amount: Amount,
        external_id: Option<&str>,
        expected_deposited: Option<Amount>,
        now: i64,
    ) -> Result<Order, OrderError> {
        self.with_order(
            Some(merchant),
            OrderRef::Id(order_id),
            now,
            |store, inner, id| {
                let order = inner.orders.get_mut(&id).ok_or(OrderError::NotFound)?;
                if let Some(external_id) = external_id {
                    match order.refunds_by_external_id.get(external_id) {
                        // Seen before: the earlier refund's result, nothing refunded again.
                        Some(earlier) if *earlier == amount => return Ok(order.clone()),
                        // The id names another refund: answering success would
                        // say this amount was refunded when it was not.
                        Some(_) => return Err(OrderError::RefundIdReused),
                        None => {}
                    }
                }
                if !matches!(order.state, State::Deposited | State::Refunded) {
                    return Err(OrderError::WrongState);
                }
                if amount == Amount::ZERO {
                    return Err(OrderError::InvalidAmount);
                }
                if expected_deposited.is_some_and(|expected| expected != order.net_deposited()) {
                    return Err(OrderError::DepositedAmountChanged);
                }
                let total = order
                    .refunded
                    .checked_add(amount)
                    .ok_or(OrderError::ExceedsDeposited)?;
                if total > order.deposited {
                    return Err(OrderError::ExceedsDeposited);
                }
                order.refunded = total;
                order.state = State::Refunded;
                order.refunded_date = Some(now);
                if let Some(external_id) = external_id {
                    order
                        .refunds_by_external_id
                        .insert(external_id.to_owned(), amount);
                }
                store.payment_event(order, CallbackOperation::Refunded, true);
                Ok(order.clone())
            },
        )
    }

    /// The customer's bindings at the merchant.
    pub fn bindings(&self, merchant: &str, client_id: &str) -> Vec<Binding> {
        let inner = self.lock();
        let mut found: Vec<Binding> = inner
            .bindings
            .values()
            .filter(|b| b.merchant == merchant && b.client_id == client_id && b.active)
            .cloned()
            .collect();
        found.sort_by(|a, b| a.id.cmp(&b.id));
        found
    }
}

/// Puts the order at the ACS and returns the `paReq` handed out.
fn start_auth(
    order: &mut Order,
    card: CardSummary,
    cardholder: &str,
    way: PaymentWay,
    binding_id: Option<String>,
    binding_not_needed: bool,
) -> String {
    let pa_req = ids::token();
    order.state = State::AcsAuth;
    order.pending = Some(PendingAuth {
        pa_req: pa_req.clone(),
        card,
        cardholder: cardholder.to_owned(),
        way,
        binding_id,
        binding_not_needed,
    });
    pa_req
}
