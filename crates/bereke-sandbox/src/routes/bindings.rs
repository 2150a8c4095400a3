//! Saved cards beyond the bank's document, from the gateway vendor's API:
//! `unBindCard.do`, `bindCard.do` and `extendBinding.do`.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::State;
use axum::response::Response;
use bereke_types::{
    BindCardErrorCode as B, BindCardRequest, BindCardResponse, ExtendBindingErrorCode as E,
    ExtendBindingRequest, ExtendBindingResponse, UnBindCardErrorCode as U, UnBindCardRequest,
    UnBindCardResponse,
};

use super::{lang_of, read_form, App, ErrorAnswer};
use crate::auth;
use crate::messages::Lang;
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
