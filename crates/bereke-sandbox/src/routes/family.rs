//! Endpoints beyond the bank's document, from the gateway vendor's API:
//! `decline.do` and the older `getOrderStatus.do`.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::State;
use axum::response::Response;
use bereke_types::{
    BindingInfo, DeclineErrorCode as D, DeclineRequest, DeclineResponse,
    GetOrderStatusErrorCode as G, GetOrderStatusRequest, GetOrderStatusResponse,
};

use super::codes::*;
use super::{json, lang_of, read_form, App, ErrorAnswer};
use crate::auth;
use crate::messages::{self, Lang};
use crate::store::{now_ms, Order, OrderError, OrderRef};

/// `rest/decline.do`.
pub async fn decline(State(app): State<Arc<App>>, body: Result<Bytes, BytesRejection>) -> Response {
    let Some(form) = read_form(body) else {
        return DeclineResponse::table(D::InvalidStateOrSystemError, STATE_SYSTEM_ERROR, Lang::En);
    };
    let lang = lang_of(&form);
    let Ok(merchant) = auth::rest(&app.merchants, &form) else {
        return DeclineResponse::table(D::AccessDenied, DENIED, lang);
    };
    let Ok(request) = form.decode::<DeclineRequest>() else {
        return DeclineResponse::table(D::InvalidStateOrSystemError, STATE_SYSTEM_ERROR, lang);
    };
    let Some(owner) = app.acting_for(merchant, request.merchant_login.as_deref()) else {
        return DeclineResponse::table(D::AccessDenied, DENIED, lang);
    };
    let reference = match (&request.order_id, &request.order_number) {
        (Some(id), _) => OrderRef::Id(id),
        (None, Some(number)) => OrderRef::Number(number),
        (None, None) => {
            return DeclineResponse::table(D::AccessDenied, REVERSE_ORDER_ID_MISSING, lang)
        }
    };
    match app.store.decline_unpaid(&owner.login, reference, now_ms()) {
        Ok(order) => {
            tracing::debug!(order = %order.id, "decline");
            DeclineResponse::table(D::Success, 0, lang)
        }
        Err(OrderError::NotFound) => DeclineResponse::table(D::OrderNotFound, 0, lang),
        Err(_) => DeclineResponse::table(D::InvalidStateOrSystemError, WRONG_STATE, lang),
    }
}

/// The answer of `getOrderStatus.do` for an order: the older call's short
/// list, masked card only.
fn old_status_of(order: &Order, lang: Lang) -> GetOrderStatusResponse {
    let mut response = GetOrderStatusResponse::new()
        .order_status(order.state.order_status())
        .error_code(G::Success)
        .error_message(messages::message(&G::Success, 0, lang))
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
        return GetOrderStatusResponse::table(G::SystemError, 0, Lang::En);
    };
    let lang = lang_of(&form);
    let Ok(merchant) = auth::rest(&app.merchants, &form) else {
        return GetOrderStatusResponse::table(G::AccessDenied, DENIED, lang);
    };
    let Some(order_id) = form.non_empty("orderId") else {
        return GetOrderStatusResponse::table(G::AccessDenied, REVERSE_ORDER_ID_MISSING, lang);
    };
    if form.decode::<GetOrderStatusRequest>().is_err() {
        return GetOrderStatusResponse::table(G::SystemError, 0, lang);
    }
    match app
        .store
        .order(Some(&merchant.login), OrderRef::Id(order_id), now_ms())
    {
        Ok(order) => json(&old_status_of(&order, lang)),
        Err(_) => GetOrderStatusResponse::table(G::OrderNotFound, 0, lang),
    }
}
