//! Cards and saved cards beyond the bank's document, from the gateway
//! vendor's API: `unBindCard.do`, `bindCard.do`, `extendBinding.do`,
//! `getBindingsByCardOrId.do` and `verifyEnrollment.do`.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::State;
use axum::response::Response;
use bereke_types::{
    BindCardErrorMessage, BindCardRequest, CardBinding, ExtendBindingErrorMessage,
    ExtendBindingRequest, GetBindingsByCardOrIdErrorCode as C, GetBindingsByCardOrIdErrorMessage,
    GetBindingsByCardOrIdRequest, GetBindingsByCardOrIdResponse, UnBindCardErrorMessage,
    UnBindCardRequest, VerifyEnrollmentErrorCode as V, VerifyEnrollmentErrorMessage,
    VerifyEnrollmentRequest, VerifyEnrollmentResponse,
};

use super::{error_answer, json, lang_of, read_form, App};
use crate::auth;
use crate::messages::Lang;
use crate::store::BindingChangeError;

/// `rest/unBindCard.do`.
pub async fn un_bind_card(
    State(app): State<Arc<App>>,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let Some(form) = read_form(body) else {
        return error_answer(UnBindCardErrorMessage::SystemError, Lang::En);
    };
    let lang = lang_of(&form);
    let Ok(merchant) = auth::rest(&app.merchants, &form) else {
        return error_answer(UnBindCardErrorMessage::AccessDenied, lang);
    };
    let Ok(request) = form.decode::<UnBindCardRequest>() else {
        return error_answer(UnBindCardErrorMessage::AccessDenied, lang);
    };
    match app
        .store
        .set_binding_active(&merchant.login, &request.binding_id, false)
    {
        Ok(()) => error_answer(UnBindCardErrorMessage::Success, lang),
        Err(BindingChangeError::NotFound) => {
            error_answer(UnBindCardErrorMessage::BindingNotFound, lang)
        }
        Err(_) => error_answer(UnBindCardErrorMessage::BindingNotActive, lang),
    }
}

/// `rest/bindCard.do`.
pub async fn bind_card(
    State(app): State<Arc<App>>,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let Some(form) = read_form(body) else {
        return error_answer(BindCardErrorMessage::SystemError, Lang::En);
    };
    let lang = lang_of(&form);
    let Ok(merchant) = auth::rest(&app.merchants, &form) else {
        return error_answer(BindCardErrorMessage::AccessDenied, lang);
    };
    let Ok(request) = form.decode::<BindCardRequest>() else {
        return error_answer(BindCardErrorMessage::AccessDenied, lang);
    };
    match app
        .store
        .set_binding_active(&merchant.login, &request.binding_id, true)
    {
        Ok(()) => error_answer(BindCardErrorMessage::Success, lang),
        Err(BindingChangeError::NotFound) => {
            error_answer(BindCardErrorMessage::BindingNotFound, lang)
        }
        Err(_) => error_answer(BindCardErrorMessage::BindingActive, lang),
    }
}

/// `rest/extendBinding.do`.
pub async fn extend_binding(
    State(app): State<Arc<App>>,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let Some(form) = read_form(body) else {
        return error_answer(ExtendBindingErrorMessage::SystemError, Lang::En);
    };
    let lang = lang_of(&form);
    let Ok(merchant) = auth::rest(&app.merchants, &form) else {
        return error_answer(ExtendBindingErrorMessage::AccessDenied, lang);
    };
    let request = match form.decode::<ExtendBindingRequest>() {
        Ok(request) => request,
        Err(field) if field == "newExpiry" => {
            return error_answer(ExtendBindingErrorMessage::InvalidExpiry, lang)
        }
        Err(_) => return error_answer(ExtendBindingErrorMessage::AccessDenied, lang),
    };
    match app
        .store
        .extend_binding(&merchant.login, &request.binding_id, request.new_expiry)
    {
        Ok(()) => error_answer(ExtendBindingErrorMessage::Success, lang),
        Err(BindingChangeError::NotFound) => {
            error_answer(ExtendBindingErrorMessage::BindingNotFound, lang)
        }
        Err(BindingChangeError::WrongState) => {
            error_answer(ExtendBindingErrorMessage::BindingNotActive, lang)
        }
        Err(BindingChangeError::InvalidExpiry) => {
            error_answer(ExtendBindingErrorMessage::InvalidExpiry, lang)
        }
    }
}

/// `rest/getBindingsByCardOrId.do`. The sandbox's test cards never expire
/// (the document gives them 12/24), so `showExpired` changes nothing.
pub async fn get_bindings_by_card_or_id(
    State(app): State<Arc<App>>,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let Some(form) = read_form(body) else {
        return error_answer(GetBindingsByCardOrIdErrorMessage::SystemError, Lang::En);
    };
    let lang = lang_of(&form);
    let Ok(merchant) = auth::rest(&app.merchants, &form) else {
        return error_answer(GetBindingsByCardOrIdErrorMessage::AccessDenied, lang);
    };
    let Ok(request) = form.decode::<GetBindingsByCardOrIdRequest>() else {
        return error_answer(
            GetBindingsByCardOrIdErrorMessage::MissingCardOrBinding,
            lang,
        );
    };
    if request.pan.is_none() && request.binding_id.is_none() {
        return error_answer(
            GetBindingsByCardOrIdErrorMessage::MissingCardOrBinding,
            lang,
        );
    }
    let bindings: Vec<CardBinding> = app
        .store
        .bindings_by_card_or_id(
            &merchant.login,
            request.pan.as_deref(),
            request.binding_id.as_deref(),
        )
        .into_iter()
        .map(|b| {
            CardBinding::new()
                .binding_id(b.id)
                .masked_pan(b.card.masked_pan)
                .expiry_date(b.card.expiry)
                .client_id(b.client_id)
                .payment_way(b.way)
                .payment_system(b.card.payment_system)
        })
        .collect();
    if bindings.is_empty() {
        return error_answer(GetBindingsByCardOrIdErrorMessage::NotFound, lang);
    }
    json(
        &GetBindingsByCardOrIdResponse::new()
            .error_code(C::Success)
            .error_message(lang.text(GetBindingsByCardOrIdErrorMessage::Success))
            .bindings(bindings),
    )
}

/// `rest/verifyEnrollment.do`: the sandbox's 3DS1 and 3DS2 cards are
/// enrolled, the SSL card is not, any other number is unknown (`U`).
pub async fn verify_enrollment(
    State(app): State<Arc<App>>,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let Some(form) = read_form(body) else {
        return error_answer(VerifyEnrollmentErrorMessage::SystemError, Lang::En);
    };
    let lang = lang_of(&form);
    if auth::rest(&app.merchants, &form).is_err() {
        return error_answer(VerifyEnrollmentErrorMessage::AccessDenied, lang);
    }
    let Ok(request) = form.decode::<VerifyEnrollmentRequest>() else {
        return error_answer(VerifyEnrollmentErrorMessage::InvalidCardNumber, lang);
    };
    let enrolled = match app.store.enrolled(&request.pan) {
        Some(true) => "Y",
        Some(false) => "N",
        None => "U",
    };
    json(
        &VerifyEnrollmentResponse::new()
            .error_code(V::Success)
            .error_message(lang.text(VerifyEnrollmentErrorMessage::Success))
            .enrolled(enrolled)
            .emitter_name("TEST CARD")
            .emitter_country_code("KZ"),
    )
}
