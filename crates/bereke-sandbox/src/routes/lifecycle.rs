//! After the payment: `deposit.do`, `reverse.do` and `refund.do`.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::State;
use axum::response::Response;
use bereke_types::{
    DepositErrorMessage, DepositRequest, RefundErrorMessage, RefundRequest, ReverseErrorMessage,
    ReverseRequest,
};

use super::{error_answer, lang_of, read_form, App};
use crate::auth;
use crate::messages::Lang;
use crate::store::{now_ms, OrderError, OrderRef};

/// `rest/deposit.do`.
pub async fn deposit(State(app): State<Arc<App>>, body: Result<Bytes, BytesRejection>) -> Response {
    let Some(form) = read_form(body) else {
        return error_answer(DepositErrorMessage::SystemError, Lang::En);
    };
    let lang = lang_of(&form);
    let Ok(merchant) = auth::rest(&app.merchants, &form) else {
        return error_answer(DepositErrorMessage::AccessDenied, lang);
    };
    if form.non_empty("orderId").is_none() {
        return error_answer(DepositErrorMessage::OrderNotFound, lang);
    }
    let request: DepositRequest = match form.decode() {
        Ok(request) => request,
        Err(field) if field == "amount" => {
            return error_answer(DepositErrorMessage::InvalidAmount, lang)
        }
        Err(_) => return error_answer(DepositErrorMessage::SystemError, lang),
    };
    match app
        .store
        .deposit(&merchant.login, &request.order_id, request.amount, now_ms())
    {
        Ok(order) => {
            tracing::debug!(order = %order.id, deposited = %order.deposited, "deposit");
            error_answer(DepositErrorMessage::Success, lang)
        }
        Err(OrderError::NotFound) => error_answer(DepositErrorMessage::OrderNotFound, lang),
        Err(OrderError::InvalidAmount) => error_answer(DepositErrorMessage::InvalidAmount, lang),
        Err(OrderError::WrongState) => error_answer(DepositErrorMessage::WrongState, lang),
        Err(_) => error_answer(DepositErrorMessage::SystemError, lang),
    }
}

/// `rest/reverse.do`: the whole authorization is reversed (`amount`, when
/// given, is not used to reverse part of it).
pub async fn reverse(State(app): State<Arc<App>>, body: Result<Bytes, BytesRejection>) -> Response {
    let Some(form) = read_form(body) else {
        return error_answer(ReverseErrorMessage::SystemError, Lang::En);
    };
    let lang = lang_of(&form);
    let Ok(merchant) = auth::rest(&app.merchants, &form) else {
        return error_answer(ReverseErrorMessage::AccessDenied, lang);
    };
    if form.non_empty("orderId").is_none() && form.non_empty("orderNumber").is_none() {
        return error_answer(ReverseErrorMessage::OrderIdMissing, lang);
    }
    let Ok(request) = form.decode::<ReverseRequest>() else {
        return error_answer(ReverseErrorMessage::SystemError, lang);
    };
    let Some(owner) = app.acting_for(merchant, request.merchant_login.as_deref()) else {
        return error_answer(ReverseErrorMessage::AccessDenied, lang);
    };
    let owner = owner.login.as_str();
    let reference = match (&request.order_id, &request.order_number) {
        (Some(id), _) => OrderRef::Id(id),
        (None, Some(number)) => OrderRef::Number(number),
        (None, None) => return error_answer(ReverseErrorMessage::OrderIdMissing, lang),
    };
    match app.store.reverse(owner, reference, now_ms()) {
        Ok(order) => {
            tracing::debug!(order = %order.id, "reverse");
            error_answer(ReverseErrorMessage::Success, lang)
        }
        Err(OrderError::NotFound) => error_answer(ReverseErrorMessage::OrderNotFound, lang),
        Err(_) => error_answer(ReverseErrorMessage::WrongState, lang),
    }
}

/// `rest/refund.do`.
pub async fn refund(State(app): State<Arc<App>>, body: Result<Bytes, BytesRejection>) -> Response {
    let Some(form) = read_form(body) else {
        return error_answer(RefundErrorMessage::SystemError, Lang::En);
    };
    let lang = lang_of(&form);
    let Ok(merchant) = auth::rest(&app.merchants, &form) else {
        return error_answer(RefundErrorMessage::AccessDenied, lang);
    };
    if form.non_empty("orderId").is_none() {
        return error_answer(RefundErrorMessage::OrderIdMissing, lang);
    }
    if form.non_empty("amount").is_none() {
        return error_answer(RefundErrorMessage::InvalidAmount, lang);
    }
    let request: RefundRequest = match form.decode() {
        Ok(request) => request,
        Err(field) if field == "amount" || field == "expectedDepositedAmount" => {
            return error_answer(RefundErrorMessage::InvalidAmount, lang)
        }
        Err(_) => return error_answer(RefundErrorMessage::SystemError, lang),
    };
    match app.store.refund(
        &merchant.login,
        &request.order_id,
        request.amount,
        request.external_refund_id.as_deref(),
        request.expected_deposited_amount,
        now_ms(),
    ) {
        Ok(order) => {
            tracing::debug!(order = %order.id, refunded = %order.refunded, "refund");
            error_answer(RefundErrorMessage::Success, lang)
        }
        Err(OrderError::NotFound) => error_answer(RefundErrorMessage::OrderNotFound, lang),
        // A known externalRefundId with another amount: the request's
        // amount is wrong for the refund the id names. Code 5 is a refusal
        // of the request itself (nothing happened, a retry cannot help),
        // and "Invalid amount." names the field that differs.
        Err(OrderError::InvalidAmount | OrderError::RefundIdReused) => {
            error_answer(RefundErrorMessage::InvalidAmount, lang)
        }
        Err(OrderError::ExceedsDeposited) => {
            error_answer(RefundErrorMessage::RefundExceedsPayment, lang)
        }
        // A changed deposited amount (expectedDepositedAmount) has no message
        // of its own in the table: the order is not in the expected state.
        Err(OrderError::WrongState | OrderError::DepositedAmountChanged) => {
            error_answer(RefundErrorMessage::WrongState, lang)
        }
        Err(_) => error_answer(RefundErrorMessage::SystemError, lang),
    }
}
