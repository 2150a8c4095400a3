//! Vendor endpoints that pay or change how a card pays:
//! `recurrentPayment.do`, `finish3dsMethod.do` and `updateSSLCardList.do`.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::State;
use axum::response::Response;
use bereke_types::{
    Currency, Finish3dsMethodErrorCode as F, Finish3dsMethodErrorMessage, Finish3dsMethodRequest,
    Finish3dsMethodResponse, NamedErrorMessage, RecurrentPaymentData,
    RecurrentPaymentErrorCode as R, RecurrentPaymentErrorMessage, RecurrentPaymentRequest,
    RecurrentPaymentResponse, UpdateSslCardListErrorMessage, UpdateSslCardListRequest, Validate,
    WalletError,
};

use super::payment::answer_for;
use super::{error_answer, json, lang_of, read_form, App};
use crate::auth;
use crate::form::{decode_json, Form};
use crate::messages::Lang;
use crate::store::{now_ms, NewOrder, OrderError, PayOutcome, SslListError, Stages};

/// `rest/updateSSLCardList.do`.
pub async fn update_ssl_card_list(
    State(app): State<Arc<App>>,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let Some(form) = read_form(body) else {
        return error_answer(UpdateSslCardListErrorMessage::SystemError, Lang::En);
    };
    let lang = lang_of(&form);
    let Ok(merchant) = auth::rest(&app.merchants, &form) else {
        return error_answer(UpdateSslCardListErrorMessage::AccessDenied, lang);
    };
    let Ok(request) = form.decode::<UpdateSslCardListRequest>() else {
        return error_answer(UpdateSslCardListErrorMessage::MdOrderMissing, lang);
    };
    match app
        .store
        .add_ssl_card(&merchant.login, &request.md_order, now_ms())
    {
        Ok(()) => error_answer(UpdateSslCardListErrorMessage::Success, lang),
        Err(SslListError::AlreadyListed) => {
            error_answer(UpdateSslCardListErrorMessage::CardAlreadyListed, lang)
        }
        // An unpaid order has no card to list: to the caller it is not an
        // order this endpoint can use.
        Err(SslListError::NotFound | SslListError::NoCard) => {
            error_answer(UpdateSslCardListErrorMessage::UnregisteredOrder, lang)
        }
    }
}

/// `rest/finish3dsMethod.do`: the payment goes on as after a second
/// `paymentorder.do` with the transaction id.
pub async fn finish_3ds_method(
    State(app): State<Arc<App>>,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let Some(form) = read_form(body) else {
        return error_answer(Finish3dsMethodErrorMessage::SystemError, Lang::En);
    };
    let lang = lang_of(&form);
    let Ok(merchant) = auth::rest(&app.merchants, &form) else {
        return error_answer(Finish3dsMethodErrorMessage::AccessDenied, lang);
    };
    let Ok(request) = form.decode::<Finish3dsMethodRequest>() else {
        return error_answer(Finish3dsMethodErrorMessage::OrderNotFound, lang);
    };
    let outcome = app.store.finish_three_ds_method(
        &merchant.login,
        &request.md_order,
        &request.three_ds_server_trans_id,
        now_ms(),
    );
    let Ok((outcome, order)) = outcome else {
        return error_answer(Finish3dsMethodErrorMessage::OrderNotFound, lang);
    };
    tracing::debug!(order = %order.id, ?outcome, "finish3dsMethod");
    let answer = answer_for(&app, &outcome, &order, lang, None);
    let mut response = Finish3dsMethodResponse::new().error_code(F::Success);
    response.info = answer.info.map(str::to_owned);
    response.redirect = answer.redirect;
    response.acs_url = answer.acs_url;
    response.creq = answer.three_ds2.creq;
    response.error = answer.error.map(str::to_owned);
    response.processing_error_type = answer.processing_error_type.map(str::to_owned);
    json(&response)
}

/// The REST credentials of a JSON body (`userName`, `password`, `token`),
/// as a form for [`auth::rest`].
fn credentials_of(body: &[u8]) -> Form {
    let value: serde_json::Value = serde_json::from_slice(body).unwrap_or_default();
    let mut form = form_urlencoded::Serializer::new(String::new());
    for name in ["userName", "password", "token"] {
        if let Some(text) = value.get(name).and_then(|v| v.as_str()) {
            form.append_pair(name, text);
        }
    }
    Form::parse(form.finish().as_bytes())
}

fn recurrent_error(message: RecurrentPaymentErrorMessage, lang: Lang) -> Response {
    json(
        &RecurrentPaymentResponse::new().success(false).error(
            WalletError::new()
                .code(message.code().code())
                .description(Lang::En.text(message))
                .message(lang.text(message)),
        ),
    )
}

/// `rest/recurrentPayment.do` (JSON): registers an order and pays it with
/// the binding, without CVC or 3-D Secure.
pub async fn recurrent_payment(
    State(app): State<Arc<App>>,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let Ok(body) = body else {
        return recurrent_error(RecurrentPaymentErrorMessage::SystemError, Lang::En);
    };
    let Ok(merchant) = auth::rest(&app.merchants, &credentials_of(&body)) else {
        return recurrent_error(RecurrentPaymentErrorMessage::AccessDenied, Lang::En);
    };
    let Ok(request) = decode_json::<RecurrentPaymentRequest>(&body) else {
        return recurrent_error(
            RecurrentPaymentErrorMessage::InvalidParameterValue,
            Lang::En,
        );
    };
    let lang = Lang::from_param(request.language.as_deref());
    if request.validate().is_err() {
        return recurrent_error(RecurrentPaymentErrorMessage::InvalidParameterValue, lang);
    }
    let new = NewOrder {
        number: Some(request.order_number.clone()),
        amount: request.amount,
        currency: request
            .currency
            .as_deref()
            .and_then(|code| code.parse().ok())
            .and_then(Currency::from_code)
            .unwrap_or(merchant.default_currency),
        stages: Stages::One,
        return_url: String::new(),
        fail_url: None,
        dynamic_callback_url: None,
        description: request.description.clone(),
        language: request.language.clone(),
        client_id: None,
        params: request.additional_parameters.clone().unwrap_or_default(),
        features: Vec::new(),
        lifetime_ms: app.session_timeout_ms,
        expires_at: None,
        autocomplete_at: None,
        ip: None,
    };
    let paid = app
        .store
        .pay_recurrent(&merchant.login, new, &request.binding_id, now_ms());
    let (outcome, order) = match paid {
        Ok(paid) => paid,
        Err(OrderError::BindingNotFound) => {
            return recurrent_error(RecurrentPaymentErrorMessage::BindingNotFound, lang)
        }
        Err(OrderError::DuplicateNumber) => {
            return recurrent_error(RecurrentPaymentErrorMessage::DuplicateOrderNumber, lang)
        }
        Err(_) => {
            return recurrent_error(RecurrentPaymentErrorMessage::InvalidParameterValue, lang)
        }
    };
    tracing::debug!(order = %order.id, ?outcome, "recurrent payment");
    let mut response = RecurrentPaymentResponse::new()
        .data(
            RecurrentPaymentData::new()
                .order_id(order.id.clone())
                .order_number(order.number.clone()),
        )
        .order_status(super::status::wallet_status_of(&order));
    response = if outcome == PayOutcome::Paid {
        response.success(true)
    } else {
        response.success(false).error(
            WalletError::new()
                .code(R::Declined.code())
                .description(Lang::En.text(RecurrentPaymentErrorMessage::Declined))
                .message(lang.text(RecurrentPaymentErrorMessage::Declined)),
        )
    };
    json(&response)
}
