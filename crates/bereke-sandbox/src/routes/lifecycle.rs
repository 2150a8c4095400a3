//! After the payment: `deposit.do`, `reverse.do` and `refund.do`.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::State;
use axum::response::Response;
use bereke_types::{
    DepositErrorCode as D, DepositRequest, DepositResponse, RefundErrorCode as F, RefundRequest,
    RefundResponse, ReverseErrorCode as V, ReverseRequest, ReverseResponse,
};

use super::codes::*;
use super::{lang_of, read_form, App, ErrorAnswer};
use crate::auth;
use crate::messages::Lang;
use crate::store::{now_ms, OrderError, OrderRef};

/// `rest/deposit.do`.
pub async fn deposit(State(app): State<Arc<App>>, body: Result<Bytes, BytesRejection>) -> Response {
    let Some(form) = read_form(body) else {
        return DepositResponse::table(D::InvalidStateOrSystemError, STATE_SYSTEM_ERROR, Lang::En);
    };
    let lang = lang_of(&form);
    let Ok(merchant) = auth::rest(&app.merchants, &form) else {
        return DepositResponse::table(D::AccessDenied, DEPOSIT_DENIED, lang);
    };
    if form.non_empty("orderId").is_none() {
        return DepositResponse::table(D::OrderNotFound, 0, lang);
    }
    let request: DepositRequest = match form.decode() {
        Ok(request) => request,
        Err(field) if field == "amount" => {
            return DepositResponse::table(D::AccessDenied, DEPOSIT_AMOUNT, lang)
        }
        Err(_) => {
            return DepositResponse::table(D::InvalidStateOrSystemError, STATE_SYSTEM_ERROR, lang)
        }
    };
    match app
        .store
        .deposit(&merchant.login, &request.order_id, request.amount, now_ms())
    {
        Ok(order) => {
            tracing::debug!(order = %order.id, deposited = %order.deposited, "deposit");
            DepositResponse::table(D::Success, 0, lang)
        }
        Err(OrderError::NotFound) => DepositResponse::table(D::OrderNotFound, 0, lang),
        Err(OrderError::InvalidAmount) => {
            DepositResponse::table(D::AccessDenied, DEPOSIT_AMOUNT, lang)
        }
        Err(OrderError::WrongState) => {
            DepositResponse::table(D::InvalidStateOrSystemError, WRONG_STATE, lang)
        }
        Err(_) => DepositResponse::table(D::InvalidStateOrSystemError, STATE_SYSTEM_ERROR, lang),
    }
}

/// `rest/reverse.do`: the whole authorization is reversed (`amount`, when
/// given, is not used to reverse part of it).
pub async fn reverse(State(app): State<Arc<App>>, body: Result<Bytes, BytesRejection>) -> Response {
    let Some(form) = read_form(body) else {
        return ReverseResponse::table(V::InvalidStateOrSystemError, STATE_SYSTEM_ERROR, Lang::En);
    };
    let lang = lang_of(&form);
    let Ok(merchant) = auth::rest(&app.merchants, &form) else {
        return ReverseResponse::table(V::AccessDenied, DENIED, lang);
    };
    if form.non_empty("orderId").is_none() && form.non_empty("orderNumber").is_none() {
        return ReverseResponse::table(V::AccessDenied, REVERSE_ORDER_ID_MISSING, lang);
    }
    let Ok(request) = form.decode::<ReverseRequest>() else {
        return ReverseResponse::table(V::InvalidStateOrSystemError, STATE_SYSTEM_ERROR, lang);
    };
    let Some(owner) = app.acting_for(merchant, request.merchant_login.as_deref()) else {
        return ReverseResponse::table(V::AccessDenied, DENIED, lang);
    };
    let owner = owner.login.as_str();
    let reference = match (&request.order_id, &request.order_number) {
        (Some(id), _) => OrderRef::Id(id),
        (None, Some(number)) => OrderRef::Number(number),
        (None, None) => {
            return ReverseResponse::table(V::AccessDenied, REVERSE_ORDER_ID_MISSING, lang)
        }
    };
    match app.store.reverse(owner, reference, now_ms()) {
        Ok(order) => {
            tracing::debug!(order = %order.id, "reverse");
            ReverseResponse::table(V::Success, 0, lang)
        }
        Err(OrderError::NotFound) => ReverseResponse::table(V::OrderNotFound, 0, lang),
        Err(_) => ReverseResponse::table(V::InvalidStateOrSystemError, WRONG_STATE, lang),
    }
}

/// `rest/refund.do`.
pub async fn refund(State(app): State<Arc<App>>, body: Result<Bytes, BytesRejection>) -> Response {
    let Some(form) = read_form(body) else {
        return RefundResponse::table(F::InvalidStateOrSystemError, REFUND_SYSTEM_ERROR, Lang::En);
    };
    let lang = lang_of(&form);
    let Ok(merchant) = auth::rest(&app.merchants, &form) else {
        return RefundResponse::table(F::AccessDenied, DENIED, lang);
    };
    if form.non_empty("orderId").is_none() {
        return RefundResponse::table(F::AccessDenied, ORDER_ID_MISSING, lang);
    }
    if form.non_empty("amount").is_none() {
        return RefundResponse::table(F::AccessDenied, REFUND_AMOUNT, lang);
    }
    let request: RefundRequest = match form.decode() {
        Ok(request) => request,
        Err(field) if field == "amount" || field == "expectedDepositedAmount" => {
            return RefundResponse::table(F::AccessDenied, REFUND_AMOUNT, lang)
        }
        Err(_) => {
            return RefundResponse::table(F::InvalidStateOrSystemError, REFUND_SYSTEM_ERROR, lang)
        }
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
            RefundResponse::table(F::Success, 0, lang)
        }
        Err(OrderError::NotFound) => RefundResponse::table(F::OrderNotFound, 0, lang),
        // A known externalRefundId with another amount: the request's
        // amount is wrong for the refund the id names. Code 5 is a refusal
        // of the request itself (nothing happened, a retry cannot help),
        // and "Invalid amount." names the field that differs.
        Err(OrderError::InvalidAmount | OrderError::RefundIdReused) => {
            RefundResponse::table(F::AccessDenied, REFUND_AMOUNT, lang)
        }
        Err(OrderError::ExceedsDeposited) => {
            RefundResponse::table(F::InvalidStateOrSystemError, REFUND_EXCEEDS, lang)
        }
        // A changed deposited amount (expectedDepositedAmount) has no message
        // of its own in the table: the order is not in the expected state.
        Err(OrderError::WrongState | OrderError::DepositedAmountChanged) => {
            RefundResponse::table(F::InvalidStateOrSystemError, WRONG_STATE, lang)
        }
        Err(_) => RefundResponse::table(F::InvalidStateOrSystemError, REFUND_SYSTEM_ERROR, lang),
    }
}
