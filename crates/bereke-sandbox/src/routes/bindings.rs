//! Cards and saved cards beyond the bank's document, from the gateway
//! vendor's API: `unBindCard.do`, `bindCard.do`, `extendBinding.do`,
//! `getBindingsByCardOrId.do` and `verifyEnrollment.do`.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::State;
use axum::response::Response;
use bereke_types::{
    BindCardErrorCode as B, BindCardRequest, BindCardResponse, CardBinding,
    ExtendBindingErrorCode as E, ExtendBindingRequest, ExtendBindingResponse,
    GetBindingsByCardOrIdErrorCode as C, GetBindingsByCardOrIdRequest,
    GetBindingsByCardOrIdResponse, UnBindCardErrorCode as U, UnBindCardRequest, UnBindCardResponse,
    VerifyEnrollmentErrorCode as V, VerifyEnrollmentRequest, VerifyEnrollmentResponse,
};

use super::{json, lang_of, read_form, App, ErrorAnswer};
use crate::auth;
use crate::messages::{self, Lang};
use crate::store::BindingChangeError;

/// `rest/unBindCard.do`.
pub async fn un_bind_card(
    State(app): State<Arc<App>>,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let Some(form) = read_form(body) else {
        return UnBindCardResponse::table(U::SystemError, 0, Lang::En);
    };
    let lang = lang_of(&form);
    let Ok(merchant) = auth::rest(&app.merchants, &form) else {
        return UnBindCardResponse::table(U::AccessDenied, 0, lang);
    };
    let Ok(request) = form.decode::<UnBindCardRequest>() else {
        return UnBindCardResponse::table(U::AccessDenied, 0, lang);
    };
    match app
        .store
        .set_binding_active(&merchant.login, &request.binding_id, false)
    {
        Ok(()) => UnBindCardResponse::table(U::Success, 0, lang),
        Err(BindingChangeError::NotFound) => UnBindCardResponse::table(U::BindingNotFound, 0, lang),
        Err(_) => UnBindCardResponse::table(U::BindingNotActive, 0, lang),
    }
}

/// `rest/bindCard.do`.
pub async fn bind_card(
    State(app): State<Arc<App>>,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let Some(form) = read_form(body) else {
        return BindCardResponse::table(B::SystemError, 0, Lang::En);
    };
    let lang = lang_of(&form);
    let Ok(merchant) = auth::rest(&app.merchants, &form) else {
        return BindCardResponse::table(B::AccessDenied, 0, lang);
    };
    let Ok(request) = form.decode::<BindCardRequest>() else {
        return BindCardResponse::table(B::AccessDenied, 0, lang);
    };
    match app
        .store
        .set_binding_active(&merchant.login, &request.binding_id, true)
    {
        Ok(()) => BindCardResponse::table(B::Success, 0, lang),
        Err(BindingChangeError::NotFound) => BindCardResponse::table(B::BindingNotFound, 0, lang),
        Err(_) => BindCardResponse::table(B::BindingActive, 0, lang),
    }
}

/// `rest/extendBinding.do`.
pub async fn extend_binding(
    State(app): State<Arc<App>>,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let Some(form) = read_form(body) else {
        return ExtendBindingResponse::table(E::SystemError, 0, Lang::En);
    };
    let lang = lang_of(&form);
    let Ok(merchant) = auth::rest(&app.merchants, &form) else {
        return ExtendBindingResponse::table(E::AccessDenied, 0, lang);
    };
    let request = match form.decode::<ExtendBindingRequest>() {
        Ok(request) => request,
        Err(field) if field == "newExpiry" => {
            return ExtendBindingResponse::table(E::InvalidExpiry, 0, lang)
        }
        Err(_) => return ExtendBindingResponse::table(E::AccessDenied, 0, lang),
    };
    match app
        .store
        .extend_binding(&merchant.login, &request.binding_id, request.new_expiry)
    {
        Ok(()) => ExtendBindingResponse::table(E::Success, 0, lang),
        Err(BindingChangeError::NotFound) => {
            ExtendBindingResponse::table(E::BindingNotFound, 0, lang)
        }
        Err(BindingChangeError::WrongState) => {
            ExtendBindingResponse::table(E::BindingNotActive, 0, lang)
        }
        Err(BindingChangeError::InvalidExpiry) => {
            ExtendBindingResponse::table(E::InvalidExpiry, 0, lang)
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
        return GetBindingsByCardOrIdResponse::table(C::SystemError, 0, Lang::En);
    };
    let lang = lang_of(&form);
    let Ok(merchant) = auth::rest(&app.merchants, &form) else {
        return GetBindingsByCardOrIdResponse::table(C::AccessDenied, 0, lang);
    };
    let Ok(request) = form.decode::<GetBindingsByCardOrIdRequest>() else {
        return GetBindingsByCardOrIdResponse::table(C::MissingCardOrBinding, 0, lang);
    };
    if request.pan.is_none() && request.binding_id.is_none() {
        return GetBindingsByCardOrIdResponse::table(C::MissingCardOrBinding, 0, lang);
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
        return GetBindingsByCardOrIdResponse::table(C::NotFound, 0, lang);
    }
    json(
        &GetBindingsByCardOrIdResponse::new()
            .error_code(C::Success)
            .error_message(messages::message(&C::Success, 0, lang))
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
        return VerifyEnrollmentResponse::table(V::SystemError, 0, Lang::En);
    };
    let lang = lang_of(&form);
    if auth::rest(&app.merchants, &form).is_err() {
        return VerifyEnrollmentResponse::table(V::AccessDenied, 0, lang);
    }
    let Ok(request) = form.decode::<VerifyEnrollmentRequest>() else {
        return VerifyEnrollmentResponse::table(V::InvalidCardNumber, 0, lang);
    };
    let enrolled = match app.store.enrolled(&request.pan) {
        Some(true) => "Y",
        Some(false) => "N",
        None => "U",
    };
    json(
        &VerifyEnrollmentResponse::new()
            .error_code(V::Success)
            .error_message(messages::message(&V::Success, 0, lang))
            .enrolled(enrolled)
            .emitter_name("TEST CARD")
            .emitter_country_code("KZ"),
    )
}
