//! Endpoints beyond the bank's document, from the gateway vendor's API:
//! `decline.do` and the older `getOrderStatus.do`.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::State;
use axum::response::Response;
use bereke_types::{
    BindingInfo, DeclineErrorMessage, DeclineRequest, GetOrderStatusErrorCode as G,
    GetOrderStatusErrorMessage, GetOrderStatusRequest, GetOrderStatusResponse,
};

use super::{error_answer, json, lang_of, read_form, App};
use crate::auth;
use crate::messages::Lang;
use crate::store::{now_ms, Order, OrderError, OrderRef};

/// `rest/decline.do`.
pub async fn decline(State(app): State<Arc<App>>, body: Result<Bytes, BytesRejection>) -> Response {
    let Some(form) = read_form(body) else {
        return error_answer(DeclineErrorMessage::SystemError, Lang::En);
    };
    let lang = lang_of(&form);
    let Ok(merchant) = auth::rest(&app.merchants, &form) else {
        return error_answer(DeclineErrorMessage::AccessDenied, lang);
    };
    let Ok(request) = form.decode::<DeclineRequest>() else {
        return error_answer(DeclineErrorMessage::SystemError, lang);
    };
    let Some(owner) = app.acting_for(merchant, request.merchant_login.as_deref()) else {
        return error_answer(DeclineErrorMessage::AccessDenied, lang);
    };
    let reference = match (&request.order_id, &request.order_number) {
        (Some(id), _) => OrderRef::Id(id),
        (None, Some(number)) => OrderRef::Number(number),
        (None, None) => return error_answer(DeclineErrorMessage::OrderIdMissing, lang),
    };
    match app.store.decline_unpaid(&owner.login, reference, now_ms()) {
        Ok(order) => {
            tracing::debug!(order = %order.id, "decline");
            error_answer(DeclineErrorMessage::Success, lang)
        }
        Err(OrderError::NotFound) => error_answer(DeclineErrorMessage::OrderNotFound, lang),
        Err(_) => error_answer(DeclineErrorMessage::WrongState, lang),
    }
}

/// The answer of `getOrderStatus.do` for an order: the older call's short
/// list, masked card only.
fn old_status_of(order: &Order, lang: Lang) -> GetOrderStatusResponse {
    let mut response = GetOrderStatusResponse::new()
        .order_status(order.state.order_status())
        .error_code(G::Success)
        .error_message(lang.text(GetOrderStatusErrorMessage::Success))
        .order_number(order.number.clone())
        .amount(order.amount)
        .deposit_amount(order.net_deposited())
        .currency(order.currency);
    if let Some(ip) = &order.ip {
        response = response.ip(ip.clone());
    }
    if let Some(payment) = &order.payment {
        response = response
            .pan(payment.card.masked_pan.clone())
            .expiration(payment.card.expiry)
            .approval_code(payment.approval_code.clone());
        if !payment.cardholder.is_empty() {
            response = response.cardholder_name(payment.cardholder.clone());
        }
    }
    if order.client_id.is_some() || order.binding_id.is_some() {
        let mut binding = BindingInfo::new();
        if let Some(client) = &order.client_id {
            response = response.client_id(client.clone());
            binding = binding.client_id(client.clone());
        }
        if let Some(id) = &order.binding_id {
            response = response.binding_id(id.clone());
            binding = binding.binding_id(id.clone());
        }
        response = response.binding_info(binding);
    }
    response
}

/// `rest/getOrderStatus.do`.
pub async fn get_order_status(
    State(app): State<Arc<App>>,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let Some(form) = read_form(body) else {
        return error_answer(GetOrderStatusErrorMessage::SystemError, Lang::En);
    };
    let lang = lang_of(&form);
    let Ok(merchant) = auth::rest(&app.merchants, &form) else {
        return error_answer(GetOrderStatusErrorMessage::AccessDenied, lang);
    };
    let Some(order_id) = form.non_empty("orderId") else {
        return error_answer(GetOrderStatusErrorMessage::OrderIdMissing, lang);
    };
    if form.decode::<GetOrderStatusRequest>().is_err() {
        return error_answer(GetOrderStatusErrorMessage::SystemError, lang);
    }
    match app
        .store
        .order(Some(&merchant.login), OrderRef::Id(order_id), now_ms())
    {
        Ok(order) => json(&old_status_of(&order, lang)),
        Err(_) => error_answer(GetOrderStatusErrorMessage::OrderNotFound, lang),
    }
}
