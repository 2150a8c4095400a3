//! `applepay/payment.do` and `google/payment.do`: register and pay in one
//! JSON request, answered `{success, data, error, orderStatus}`.
//!
//! The sandbox cannot decrypt wallet tokens, so a token pays unless its
//! text (or its Base64-decoded text) holds one of these markers:
//! [`DECLINE_MARKER`] declines the payment (insufficient funds) and, for
//! Google Pay, [`THREE_DS_MARKER`] answers with the ACS parameters of a card
//! without a token. An Apple Pay token that decodes to JSON with
//! `transactionAmount` (or `amount`) and `currencyCode` sets the amount and
//! currency; otherwise the configured default amount is paid.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::State;
use axum::response::Response;
use base64::Engine as _;
use bereke_types::{
    Amount, ApplePayData, ApplePayPaymentErrorCode as A, ApplePayPaymentErrorMessage,
    ApplePayPaymentRequest, ApplePayPaymentResponse, Currency, ErrorCode, Expiry, GooglePayData,
    GooglePayPaymentErrorCode as G, GooglePayPaymentErrorMessage, GooglePayPaymentRequest,
    GooglePayPaymentResponse, NamedErrorMessage, PaymentSystem, PaymentWay, RegisterErrorMessage,
    Validate, WalletError,
};

use super::{json, App};
use crate::auth;
use crate::cards::{CardSummary, Decline};
use crate::config::{DECLINE_MARKER, DEFAULT_ACS_CODE, THREE_DS_MARKER};
use crate::form::decode_json;
use crate::messages::Lang;
use crate::pages::acs;
use crate::store::{now_ms, NewOrder, OrderError, PayOutcome, Stages, WalletPayment};

/// `description` of a wallet error block (the document's examples' text).
const PROCESSING_ERROR: &str = "Processing Error";

/// The masked device number a wallet payment shows (the Apple Pay
/// example's DPAN).
const WALLET_DPAN: &str = "520424**0010";

/// The card a wallet payment shows (a masked device number); `None` never
/// happens in practice (the expiry is a valid constant).
fn wallet_card(three_ds: bool) -> Option<CardSummary> {
    Some(CardSummary {
        masked_pan: WALLET_DPAN.to_owned(),
        display_label: "XXXXXXXXXXXX0010".to_owned(),
        expiry: Expiry::new(2024, 12)?,
        payment_system: PaymentSystem::Mastercard,
        three_ds: three_ds.then(|| "2".to_owned()),
        acs_code: DEFAULT_ACS_CODE.to_owned(),
        frictionless: false,
        cvc: String::new(),
    })
}

/// The token's text and, when it is Base64, its decoded text.
fn token_texts(token: &str) -> (String, Option<String>) {
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(token.trim())
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok());
    (token.to_owned(), decoded)
}

fn has_marker(token: &str, marker: &str) -> bool {
    let (raw, decoded) = token_texts(token);
    raw.contains(marker) || decoded.is_some_and(|d| d.contains(marker))
}

/// The amount and currency an Apple Pay token reveals, if it is Base64 JSON.
fn apple_amount(token: &str) -> (Option<Amount>, Option<Currency>) {
    let (_, decoded) = token_texts(token);
    let Some(value) = decoded.and_then(|d| serde_json::from_str::<serde_json::Value>(&d).ok())
    else {
        return (None, None);
    };
    let number = |v: &serde_json::Value| match v {
        serde_json::Value::Number(n) => n.as_u64(),
        serde_json::Value::String(s) => s.trim().parse().ok(),
        _ => None,
    };
    let amount = value
        .get("transactionAmount")
        .or_else(|| value.get("amount"))
        .and_then(number)
        .map(Amount::from_minor);
    let currency = value
        .get("currencyCode")
        .and_then(number)
        .and_then(|c| u16::try_from(c).ok())
        .and_then(Currency::from_code);
    (amount, currency)
}

fn wallet_error(code: &impl ErrorCode, message: &str) -> WalletError {
    WalletError::new()
        .code(code.code())
        .description(PROCESSING_ERROR)
        .message(message)
}

fn json_object_merchant(body: &[u8]) -> Option<String> {
    let value: serde_json::Value = serde_json::from_slice(body).ok()?;
    value.get("merchant")?.as_str().map(str::to_owned)
}

/// `applepay/payment.do`.
pub async fn apple_pay(
    State(app): State<Arc<App>>,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    // The document's Apple Pay table has one message, "Auth is invalid",
    // for every failure.
    let refuse = |lang: Lang| {
        json(
            &ApplePayPaymentResponse::new()
                .success(false)
                .error(wallet_error(
                    &A::ProcessingError,
                    lang.text(ApplePayPaymentErrorMessage::ProcessingError),
                )),
        )
    };
    let Ok(body) = body else {
        return refuse(Lang::En);
    };
    let Some(merchant) = auth::wallet(&app.merchants, json_object_merchant(&body).as_deref())
    else {
        return refuse(Lang::En);
    };
    let Ok(request) = decode_json::<ApplePayPaymentRequest>(&body) else {
        return refuse(Lang::En);
    };
    let lang = Lang::from_param(request.language.as_deref());
    if request.validate().is_err() || request.payment_token.trim().is_empty() {
        return refuse(lang);
    }
    let (amount, currency) = apple_amount(&request.payment_token);
    let Some(card) = wallet_card(false) else {
        return refuse(lang);
    };
    let payment = WalletPayment {
        order: NewOrder {
            number: Some(request.order_number.clone()),
            amount: amount.unwrap_or(app.apple_pay_default_amount),
            currency: currency.unwrap_or(merchant.default_currency),
            stages: if request.pre_auth.unwrap_or(false) {
                Stages::Two
            } else {
                Stages::One
            },
            return_url: String::new(),
            fail_url: None,
            dynamic_callback_url: None,
            description: request.description.clone(),
            language: request.language.clone(),
            client_id: None,
            params: request.additional_parameters.clone().unwrap_or_default(),
            features: request
                .features
                .iter()
                .map(|f| f.as_str().to_owned())
                .collect(),
            lifetime_ms: app.session_timeout_ms,
            expires_at: None,
            autocomplete_at: None,
            ip: None,
        },
        way: PaymentWay::ApplePay,
        card,
        decline: has_marker(&request.payment_token, DECLINE_MARKER)
            .then_some(Decline::InsufficientFunds),
        three_ds: false,
    };
    match app
        .store
        .pay_with_wallet(&merchant.login, payment, now_ms())
    {
        Ok((PayOutcome::Paid, order)) => json(
            &ApplePayPaymentResponse::new()
                .success(true)
                .data(ApplePayData::new().order_id(order.id.clone()))
                .order_status(super::status::wallet_status_of(&order)),
        ),
        Ok((_, order)) => json(
            &ApplePayPaymentResponse::new()
                .success(false)
                .error(wallet_error(
                    &A::ProcessingError,
                    lang.text(ApplePayPaymentErrorMessage::ProcessingError),
                ))
                .order_status(super::status::wallet_status_of(&order)),
        ),
        Err(_) => refuse(lang),
    }
}

/// `google/payment.do`.
pub async fn google_pay(
    State(app): State<Arc<App>>,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let refuse = |message: GooglePayPaymentErrorMessage, lang: Lang| {
        json(
            &GooglePayPaymentResponse::new()
                .success(false)
                .error(wallet_error(&message.code(), lang.text(message))),
        )
    };
    // Failures without a message in the Google Pay table borrow register.do's texts.
    let refuse_with = |message: &str| {
        json(
            &GooglePayPaymentResponse::new()
                .success(false)
                .error(wallet_error(&G::InvalidParameter, message)),
        )
    };
    let Ok(body) = body else {
        return refuse_with(Lang::En.text(RegisterErrorMessage::SystemError));
    };
    let Some(merchant) = auth::wallet(&app.merchants, json_object_merchant(&body).as_deref())
    else {
        return refuse(GooglePayPaymentErrorMessage::InvalidMerchant, Lang::En);
    };
    let lang = Lang::from_param(
        serde_json::from_slice::<serde_json::Value>(&body)
            .ok()
            .and_then(|v| {
                v.get("language")
                    .and_then(|l| l.as_str())
                    .map(str::to_owned)
            })
            .as_deref(),
    );
    let request = match decode_json::<GooglePayPaymentRequest>(&body) {
        Ok(request) => request,
        Err(field) => {
            return match field.as_str() {
                "orderNumber" => refuse(GooglePayPaymentErrorMessage::InvalidOrderNumber, lang),
                "paymentToken" => refuse(GooglePayPaymentErrorMessage::InvalidPaymentToken, lang),
                "ip" => refuse(GooglePayPaymentErrorMessage::InvalidIp, lang),
                "amount" => refuse_with(lang.text(RegisterErrorMessage::AmountMissing)),
                "returnUrl" => refuse_with(lang.text(RegisterErrorMessage::ReturnUrlMissing)),
                _ => refuse_with(lang.text(RegisterErrorMessage::SystemError)),
            }
        }
    };
    if let Err(invalid) = request.validate() {
        match invalid.field.as_str() {
            "orderNumber" => return refuse(GooglePayPaymentErrorMessage::InvalidOrderNumber, lang),
            "ip" => return refuse(GooglePayPaymentErrorMessage::InvalidIp, lang),
            _ => {}
        }
    }
    if request.payment_token.trim().is_empty() {
        return refuse(GooglePayPaymentErrorMessage::InvalidPaymentToken, lang);
    }
    if request.order_number.trim().is_empty() {
        return refuse(GooglePayPaymentErrorMessage::InvalidOrderNumber, lang);
    }
    if request.amount == Amount::ZERO {
        return refuse_with(lang.text(RegisterErrorMessage::AmountMissing));
    }
    let three_ds = has_marker(&request.payment_token, THREE_DS_MARKER);
    let Some(card) = wallet_card(three_ds) else {
        return refuse_with(lang.text(RegisterErrorMessage::SystemError));
    };
    let payment = WalletPayment {
        order: NewOrder {
            number: Some(request.order_number.clone()),
            amount: request.amount,
            // The spec's default for Google Pay is 643, the gateway vendor's.
            currency: request.currency_code.unwrap_or(Currency::RUB),
            stages: if request.pre_auth.unwrap_or(false) {
                Stages::Two
            } else {
                Stages::One
            },
            return_url: request.return_url.clone(),
            fail_url: request.fail_url.clone(),
            dynamic_callback_url: None,
            description: request.description.clone(),
            language: request.language.clone(),
            client_id: request.client_id.clone(),
            params: request.additional_parameters.clone().unwrap_or_default(),
            features: request
                .features
                .iter()
                .map(|f| f.as_str().to_owned())
                .collect(),
            lifetime_ms: app.session_timeout_ms,
            expires_at: None,
            autocomplete_at: None,
            ip: request.ip.clone(),
        },
        way: PaymentWay::GooglePayTokenized,
        card,
        decline: has_marker(&request.payment_token, DECLINE_MARKER)
            .then_some(Decline::InsufficientFunds),
        three_ds,
    };
    match app
        .store
        .pay_with_wallet(&merchant.login, payment, now_ms())
    {
        Ok((PayOutcome::Paid, order)) => json(
            &GooglePayPaymentResponse::new()
                .success(true)
                .data(GooglePayData::new().order_id(order.id.clone()))
                .order_status(super::status::wallet_status_of(&order)),
        ),
        Ok((PayOutcome::ThreeDs { pa_req }, order)) => json(
            &GooglePayPaymentResponse::new().success(true).data(
                GooglePayData::new()
                    .order_id(order.id.clone())
                    .acs_url(acs::acs_url(&app.base_url))
                    .pa_req(pa_req)
                    .term_url(acs::term_url(&app.base_url, lang)),
            ),
        ),
        Ok((_, order)) => json(
            &GooglePayPaymentResponse::new()
                .success(false)
                .error(wallet_error(
                    &G::InsufficientFunds,
                    lang.text(GooglePayPaymentErrorMessage::InsufficientFunds),
                ))
                .order_status(super::status::wallet_status_of(&order)),
        ),
        Err(OrderError::DuplicateNumber) => {
            refuse(GooglePayPaymentErrorMessage::InvalidOrderNumber, lang)
        }
        Err(_) => refuse_with(lang.text(RegisterErrorMessage::SystemError)),
    }
}
