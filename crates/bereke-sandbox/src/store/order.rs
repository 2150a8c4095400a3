//! An order and a binding as the sandbox keeps them.

use std::collections::BTreeMap;
use std::collections::HashMap;
use std::fmt;

use bereke_types::{Amount, Currency, OrderStatus, PaymentState, PaymentWay};

use crate::cards::CardSummary;

/// Where an order is in its life cycle (`orderStatus`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    /// 0: registered, not paid.
    Registered,
    /// 1: the amount is held (two-stage).
    Approved,
    /// 2: the amount was taken.
    Deposited,
    /// 3: the authorization was reversed.
    Reversed,
    /// 4: money was refunded.
    Refunded,
    /// 5: waiting for the customer at the ACS (3-D Secure).
    AcsAuth,
    /// 6: declined (by the card, or expired unpaid).
    Declined,
}

impl State {
    /// The spec's order status.
    pub fn order_status(self) -> OrderStatus {
        match self {
            State::Registered => OrderStatus::Registered,
            State::Approved => OrderStatus::Approved,
            State::Deposited => OrderStatus::Deposited,
            State::Reversed => OrderStatus::Reversed,
            State::Refunded => OrderStatus::Refunded,
            State::AcsAuth => OrderStatus::AcsAuthorization,
            State::Declined => OrderStatus::Declined,
        }
    }

    /// The spec's payment state (`paymentAmountInfo.paymentState`).
    pub fn payment_state(self) -> PaymentState {
        match self {
            State::Registered | State::AcsAuth => PaymentState::Created,
            State::Approved => PaymentState::Approved,
            State::Deposited => PaymentState::Deposited,
            State::Reversed => PaymentState::Reversed,
            State::Refunded => PaymentState::Refunded,
            State::Declined => PaymentState::Declined,
        }
    }

    /// Whether the order can still be paid.
    pub fn is_payable(self) -> bool {
        matches!(self, State::Registered | State::AcsAuth)
    }
}

/// How the order's amount is taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stages {
    /// `register.do`: paying takes the money.
    One,
    /// `registerPreAuth.do`: paying holds it; `deposit.do` takes it.
    Two,
}

/// The payment that authorized an order.
#[derive(Debug, Clone)]
pub struct Payment {
    /// How it was paid.
    pub way: PaymentWay,
    /// The card (masked).
    pub card: CardSummary,
    /// The cardholder's name as entered.
    pub cardholder: String,
    /// Authorization code.
    pub approval_code: String,
    /// Authorization reference number.
    pub auth_ref_num: String,
    /// When it was authorized (epoch ms).
    pub auth_date_time: i64,
    /// Electronic commerce indicator, when 3-D Secure was involved.
    pub eci: Option<i64>,
}

/// A payment waiting for the customer's 3-D Secure authentication.
#[derive(Debug, Clone)]
pub struct PendingAuth {
    /// The `paReq` handed out; the ACS must be given the same.
    pub pa_req: String,
    /// The card being paid with.
    pub card: CardSummary,
    /// The cardholder's name as entered.
    pub cardholder: String,
    /// How it is being paid.
    pub way: PaymentWay,
    /// The binding paid with, for a binding payment.
    pub binding_id: Option<String>,
    /// Whether the payer asked for no binding.
    pub binding_not_needed: bool,
}

/// An order of the sandbox.
#[derive(Clone)]
pub struct Order {
    /// The gateway's id (`orderId`, `mdOrder`).
    pub id: String,
    /// Login of the merchant it belongs to.
    pub merchant: String,
    /// The merchant's order number.
    pub number: String,
    /// The order's amount.
    pub amount: Amount,
    /// Its currency.
    pub currency: Currency,
    /// One- or two-stage.
    pub stages: Stages,
    /// Where the customer goes after a successful payment.
    pub return_url: String,
    /// Where the customer goes after a failed one.
    pub fail_url: Option<String>,
    /// Where payment callbacks of this order go.
    pub dynamic_callback_url: Option<String>,
    /// Description of the order.
    pub description: Option<String>,
    /// Language of the registration.
    pub language: Option<String>,
    /// The merchant's customer id.
    pub client_id: Option<String>,
    /// The merchant's additional parameters.
    pub params: BTreeMap<String, String>,
    /// `features=VERIFY`: verify the card, take nothing.
    pub verify: bool,
    /// `features=AUTO_PAYMENT`: no CVC, no 3-D Secure.
    pub auto_payment: bool,
    /// `features=FORCE_TDS`: 3-D Secure or nothing.
    pub force_tds: bool,
    /// `features=FORCE_SSL`: never 3-D Secure.
    pub force_ssl: bool,
    /// Registered at (epoch ms).
    pub created: i64,
    /// Expires unpaid at (epoch ms).
    pub expires_at: i64,
    /// A two-stage order's hold is completed at (epoch ms), without a
    /// `deposit.do`.
    pub autocomplete_at: Option<i64>,
    /// Where it is in its life cycle.
    pub state: State,
    /// Declined payment attempts so far.
    pub attempts: u32,
    /// `actionCode` of the last processing answer.
    pub action_code: i64,
    /// `actionCodeDescription`.
    pub action_code_description: String,
    /// The payer's IP address.
    pub ip: Option<String>,
    /// The payment, once authorized.
    pub payment: Option<Payment>,
    /// A 3-D Secure authentication in progress.
    pub pending: Option<PendingAuth>,
    /// The 3-D Secure 2 payment under way, from its first answer on.
    pub three_ds2: Option<super::MethodStep>,
    /// The binding created or used.
    pub binding_id: Option<String>,
    /// Amount authorized.
    pub approved: Amount,
    /// Amount taken.
    pub deposited: Amount,
    /// Amount refunded.
    pub refunded: Amount,
    /// Results of refunds by `externalRefundId`.
    pub refunds_by_external_id: HashMap<String, Amount>,
    /// When the money was taken.
    pub deposited_date: Option<i64>,
    /// When the last refund was made.
    pub refunded_date: Option<i64>,
    /// When it was reversed.
    pub reversed_date: Option<i64>,
}

impl fmt::Debug for Order {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Order")
            .field("id", &self.id)
            .field("merchant", &self.merchant)
            .field("number", &self.number)
            .field("amount", &self.amount)
            .field("state", &self.state)
            .field("approved", &self.approved)
            .field("deposited", &self.deposited)
            .field("refunded", &self.refunded)
            .finish_non_exhaustive()
    }
}

impl Order {
    /// The deposited amount not refunded yet, as `depositedAmount` reports it.
    pub fn net_deposited(&self) -> Amount {
        self.deposited
            .checked_sub(self.refunded)
            .unwrap_or(Amount::ZERO)
    }

    /// The address the customer goes to after a failed payment: the fail
    /// URL, or the return URL when there is none (as the document says).
    pub fn fail_target(&self) -> &str {
        self.fail_url.as_deref().unwrap_or(&self.return_url)
    }
}

/// A binding: a customer's stored card.
#[derive(Debug, Clone)]
pub struct Binding {
    /// The binding's id.
    pub id: String,
    /// Login of the merchant it belongs to.
    pub merchant: String,
    /// The customer's id at the merchant.
    pub client_id: String,
    /// The card (masked).
    pub card: CardSummary,
    /// How the card was paid with when the binding was made.
    pub way: PaymentWay,
    /// Whether it may pay and is listed (`unBindCard.do` deactivates it,
    /// `bindCard.do` activates it again).
    pub active: bool,
}
