//! Reading: `getOrderStatusExtended.do` and `getBindings.do`, and the order
//! status block of the wallet answers.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::State;
use axum::response::Response;
use bereke_types::{
    BankInfo, Binding, BindingInfo, BindingType, CardAuthInfo, Eci, EpochMillis,
    GetBindingsErrorCode as B, GetBindingsErrorMessage, GetBindingsRequest, GetBindingsResponse,
    GetOrderStatusExtendedErrorCode as S, GetOrderStatusExtendedErrorMessage,
    GetOrderStatusExtendedRequest, GetOrderStatusExtendedResponse, OrderParam, PaymentAmountInfo,
    SecureAuthInfo, WalletOrderStatus,
};

use super::{error_answer, json, lang_of, read_form, App};
use crate::auth;
use crate::messages::Lang;
use crate::store::{now_ms, Order, OrderRef};

/// `terminalId` of every payment (the document's example's value).
const TERMINAL_ID: &str = "123456";

fn attributes(order: &Order) -> Vec<OrderParam> {
    vec![OrderParam::new().name("mdOrder").value(order.id.clone())]
}

fn merchant_params(order: &Order) -> Vec<OrderParam> {
    order
        .params
        .iter()
        .map(|(name, value)| OrderParam::new().name(name.clone()).value(value.clone()))
        .collect()
}

fn amounts(order: &Order) -> PaymentAmountInfo {
    PaymentAmountInfo::new()
        .payment_state(order.state.payment_state())
        .approved_amount(order.approved)
        .deposited_amount(order.net_deposited())
        .refunded_amount(order.refunded)
}

/// The card of a paid order: masked, never the full number.
fn card_info(order: &Order) -> Option<CardAuthInfo> {
    let payment = order.payment.as_ref()?;
    let mut info = CardAuthInfo::new()
        .masked_pan(payment.card.masked_pan.clone())
        .expiration(payment.card.expiry)
        .approval_code(payment.approval_code.clone())
        .pan(payment.card.masked_pan.clone())
        .payment_system(payment.card.payment_system.clone());
    if !payment.cardholder.is_empty() {
        info = info.cardholder_name(payment.cardholder.clone());
    }
    if let Some(eci) = payment.eci {
        info = info.secure_auth_info(SecureAuthInfo::new().eci(Eci::from_code(eci)));
    }
    Some(info)
}

/// The answer of `getOrderStatusExtended.do` for an order.
pub fn status_of(order: &Order, lang: Lang) -> GetOrderStatusExtendedResponse {
    let mut response = GetOrderStatusExtendedResponse::new()
        .error_code(S::Success)
        .error_message(lang.text(GetOrderStatusExtendedErrorMessage::Success))
        .order_number(order.number.clone())
        .order_status(order.state.order_status())
        .action_code(order.action_code)
        .action_code_description(order.action_code_description.clone())
        .amount(order.amount)
        .currency(order.currency)
        .date(EpochMillis::from_millis(order.created))
        .order_description(order.description.clone().unwrap_or_default())
        .merchant_order_params(merchant_params(order))
        .attributes(attributes(order))
        .payment_amount_info(amounts(order))
        .bank_info(
            BankInfo::new()
                .bank_country_code("UNKNOWN")
                .bank_country_name("&ltUnknown&gt"),
        );
    if let Some(ip) = &order.ip {
        response = response.ip(ip.clone());
    }
    if let Some(card) = card_info(order) {
        response = response.card_auth_info(card);
    }
    if let Some(payment) = &order.payment {
        response = response
            .payment_way(payment.way.clone())
            .auth_date_time(EpochMillis::from_millis(payment.auth_date_time))
            .terminal_id(TERMINAL_ID)
            .auth_ref_num(payment.auth_ref_num.clone());
    }
    if order.client_id.is_some() || order.binding_id.is_some() {
        let mut binding = BindingInfo::new();
        if let Some(client) = &order.client_id {
            binding = binding.client_id(client.clone());
        }
        if let Some(id) = &order.binding_id {
            binding = binding.binding_id(id.clone());
        }
        response = response.binding_info(binding);
    }
    if let Some(date) = order.deposited_date {
        response = response.deposited_date(EpochMillis::from_millis(date));
    }
    if let Some(date) = order.refunded_date {
        response = response.refunded_date(EpochMillis::from_millis(date));
    }
    if let Some(date) = order.reversed_date {
        response = response.reversed_date(EpochMillis::from_millis(date));
    }
    response
}

/// The `orderStatus` block of a wallet answer.
pub fn wallet_status_of(order: &Order) -> WalletOrderStatus {
    let mut status = WalletOrderStatus::new()
        .error_code(0)
        .order_number(order.number.clone())
        .order_status(order.state.order_status())
        .action_code(order.action_code)
        .action_code_description(order.action_code_description.clone())
        .amount(order.amount)
        .currency(order.currency)
        .date(EpochMillis::from_millis(order.created))
        .merchant_order_params(merchant_params(order))
        .attributes(attributes(order))
        .payment_amount_info(amounts(order))
        .bank_info(BankInfo::new().bank_country_name("<UNKNOWN>"));
    if let Some(ip) = &order.ip {
        status = status.ip(ip.clone());
    }
    if let Some(card) = card_info(order) {
        status = status.card_auth_info(card);
    }
    if let Some(payment) = &order.payment {
        status = status
            .auth_date_time(EpochMillis::from_millis(payment.auth_date_time))
            .terminal_id(TERMINAL_ID)
            .auth_ref_num(payment.auth_ref_num.clone());
    }
    status
}

/// `rest/getOrderStatusExtended.do`.
pub async fn get_order_status_extended(
    State(app): State<Arc<App>>,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let Some(form) = read_form(body) else {
        return error_answer(GetOrderStatusExtendedErrorMessage::SystemError, Lang::En);
    };
    let lang = lang_of(&form);
    let Ok(merchant) = auth::rest(&app.merchants, &form) else {
        return error_answer(GetOrderStatusExtendedErrorMessage::AccessDenied, lang);
    };
    let Ok(request) = form.decode::<GetOrderStatusExtendedRequest>() else {
        return error_answer(GetOrderStatusExtendedErrorMessage::SystemError, lang);
    };
    let reference = match (&request.order_id, &request.order_number) {
        (Some(id), _) => OrderRef::Id(id),
        (None, Some(number)) => OrderRef::Number(number),
        (None, None) => {
            return error_answer(GetOrderStatusExtendedErrorMessage::OrderIdMissing, lang)
        }
    };
    match app
        .store
        .read_order(Some(&merchant.login), reference, now_ms(), |order| {
            status_of(order, lang)
        }) {
        Ok(status) => json(&status),
        Err(_) => error_answer(GetOrderStatusExtendedErrorMessage::OrderNotFound, lang),
    }
}

/// `rest/getBindings.do`.
pub async fn get_bindings(
    State(app): State<Arc<App>>,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let Some(form) = read_form(body) else {
        return error_answer(GetBindingsErrorMessage::SystemError, Lang::En);
    };
    let lang = lang_of(&form);
    let Ok(merchant) = auth::rest(&app.merchants, &form) else {
        return error_answer(GetBindingsErrorMessage::AccessDenied, lang);
    };
    let Ok(request) = form.decode::<GetBindingsRequest>() else {
        return error_answer(GetBindingsErrorMessage::BindingNotFound, lang);
    };
    // Every binding the sandbox makes is for payments the customer starts (C).
    let wanted = request
        .binding_type
        .as_ref()
        .is_none_or(|t| *t == BindingType::Credential);
    let bindings: Vec<Binding> = if wanted {
        app.store
            .bindings(&merchant.login, &request.client_id)
            .into_iter()
            .map(|b| {
                Binding::new()
                    .binding_id(b.id)
                    .masked_pan(b.card.masked_pan)
                    .expiry_date(b.card.expiry)
                    .payment_way(b.way)
                    .display_label(b.card.display_label)
                    .payment_system(b.card.payment_system)
            })
            .collect()
    } else {
        Vec::new()
    };
    if bindings.is_empty() {
        return error_answer(GetBindingsErrorMessage::BindingNotFound, lang);
    }
    json(
        &GetBindingsResponse::new()
            .error_code(B::Success)
            .error_message(lang.text(GetBindingsErrorMessage::Success))
            .bindings(bindings),
    )
}
