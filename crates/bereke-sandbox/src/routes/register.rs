//! `register.do` and `registerPreAuth.do`: one-stage and two-stage orders.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::State;
use axum::response::Response;
use bereke_types::{
    Amount, EpochMillis, Feature, RegisterErrorMessage as R, RegisterPreAuthErrorMessage as P,
    RegisterPreAuthResponse, RegisterRequest, RegisterResponse, Validate,
};

use super::{error_answer, json, lang_of, read_form, App};
use crate::auth::{self, AuthError};
use crate::form::Form;
use crate::messages::Lang;
use crate::store::{now_ms, NewOrder, OrderError, Stages};

/// Why a registration was refused, before it is put in an endpoint's codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Refusal {
    UserNameMissing,
    PasswordMissing,
    Denied,
    AmountMissing,
    InvalidAmount,
    ReturnUrlMissing,
    OrderNumberMissing,
    InvalidOrderNumber,
    DuplicateNumber,
    UnknownCurrency,
    InvalidJsonParams,
    InvalidLanguage,
    InvalidMerchantLogin,
    /// `returnUrl`, `failUrl` or `dynamicCallbackUrl` holds a control character.
    InvalidUrl,
    InvalidFeatures,
    VerifyNotAllowed,
    System,
}

/// What a decoding or validation failure of `field` means.
fn refusal_for_field(field: &str, check_language: bool) -> Option<Refusal> {
    match field {
        "amount" => Some(Refusal::InvalidAmount),
        "currency" => Some(Refusal::UnknownCurrency),
        "jsonParams" => Some(Refusal::InvalidJsonParams),
        "orderNumber" => Some(Refusal::InvalidOrderNumber),
        "features" => Some(Refusal::InvalidFeatures),
        "language" if check_language => Some(Refusal::InvalidLanguage),
        _ => None,
    }
}

/// Whether an address the gateway will put in a `Location` header or call
/// holds a control character (CR and LF would split the header). The
/// gateway's validation refuses such an order; the sandbox too, rather
/// than failing later at the redirect.
fn has_control_char(request: &RegisterRequest) -> bool {
    [
        Some(&request.return_url),
        request.fail_url.as_ref(),
        request.dynamic_callback_url.as_ref(),
    ]
    .into_iter()
    .flatten()
    .any(|url| url.chars().any(char::is_control))
}

/// Checks and registers an order: the checks shared by both endpoints.
///
/// Both endpoints' forms are read as a [`RegisterRequest`]: the two tables
/// are the spec's one field group `order_registration`, registerPreAuth.do
/// only requiring `orderNumber` (checked here for two stages) and adding
/// `autocompletionDate`, which the sandbox does not act on.
fn register_order(
    app: &App,
    form: &Form,
    stages: Stages,
    check_language: bool,
) -> Result<String, Refusal> {
    if form.non_empty("token").is_none() {
        if form.non_empty("userName").is_none() {
            return Err(Refusal::UserNameMissing);
        }
        if form.non_empty("password").is_none() {
            return Err(Refusal::PasswordMissing);
        }
    }
    if form.non_empty("amount").is_none() {
        return Err(Refusal::AmountMissing);
    }
    if form.non_empty("returnUrl").is_none() {
        return Err(Refusal::ReturnUrlMissing);
    }
    if stages == Stages::Two && form.non_empty("orderNumber").is_none() {
        return Err(Refusal::OrderNumberMissing);
    }
    let merchant = auth::rest(&app.merchants, form).map_err(|e| match e {
        AuthError::UserNameMissing => Refusal::UserNameMissing,
        AuthError::PasswordMissing => Refusal::PasswordMissing,
        AuthError::Denied => Refusal::Denied,
    })?;
    let request: RegisterRequest = form
        .decode()
        .map_err(|field| refusal_for_field(&field, check_language).unwrap_or(Refusal::System))?;
    if let Err(invalid) = request.validate() {
        // Constraints the document gives no error message for (a long
        // description, …) do not refuse the order.
        if let Some(refusal) = refusal_for_field(&invalid.field, check_language) {
            return Err(refusal);
        }
    }
    if has_control_char(&request) {
        return Err(Refusal::InvalidUrl);
    }

    let verify = request.features == Some(Feature::Verify);
    if let Some(features) = &request.features {
        if !features.is_known() {
            return Err(Refusal::InvalidFeatures);
        }
    }
    if verify && !merchant.verify_allowed {
        return Err(Refusal::VerifyNotAllowed);
    }
    if request.amount == Amount::ZERO && !verify {
        return Err(Refusal::InvalidAmount);
    }
    let owner = app
        .acting_for(merchant, request.merchant_login.as_deref())
        .ok_or(Refusal::InvalidMerchantLogin)?;
    let currency = match request.currency {
        Some(currency) if !app.currencies.contains(&currency) => {
            return Err(Refusal::UnknownCurrency)
        }
        Some(currency) => currency,
        None => owner.default_currency,
    };
    let lifetime_ms = request
        .session_timeout_secs
        .filter(|secs| *secs > 0)
        .map(|secs| secs.saturating_mul(1000))
        .unwrap_or(app.session_timeout_ms);
    let expires_at = request
        .expiration_date
        .as_deref()
        .and_then(EpochMillis::parse_local_date_time)
        .map(EpochMillis::millis);
    let order = app
        .store
        .register(
            &owner.login,
            NewOrder {
                number: request.order_number,
                amount: request.amount,
                currency,
                stages,
                return_url: request.return_url,
                fail_url: request.fail_url,
                dynamic_callback_url: request.dynamic_callback_url,
                description: request.description,
                language: request.language,
                client_id: request.client_id,
                params: request.json_params.unwrap_or_default(),
                features: request
                    .features
                    .iter()
                    .map(|f| f.as_str().to_owned())
                    .collect(),
                lifetime_ms,
                expires_at,
                ip: None,
            },
            now_ms(),
        )
        .map_err(|e| match e {
            OrderError::DuplicateNumber => Refusal::DuplicateNumber,
            _ => Refusal::System,
        })?;
    tracing::debug!(order = %order.id, number = %order.number, "order registered");
    Ok(order.id)
}

fn form_url(app: &App, order_id: &str, lang: Lang) -> String {
    format!(
        "{}merchants/rbs/payment_{}.html?mdOrder={order_id}",
        app.base_url,
        lang.code()
    )
}

/// `rest/register.do`.
pub async fn register(
    State(app): State<Arc<App>>,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let Some(form) = read_form(body) else {
        return error_answer(R::SystemError, Lang::En);
    };
    let lang = lang_of(&form);
    match register_order(&app, &form, Stages::One, false) {
        Ok(id) => json(
            &RegisterResponse::new()
                .order_id(id.clone())
                .form_url(form_url(&app, &id, lang)),
        ),
        Err(refusal) => {
            let message = match refusal {
                Refusal::UserNameMissing => R::UserNameMissing,
                Refusal::PasswordMissing => R::PasswordMissing,
                // The table has no message for an address it cannot use:
                // code 5 is its class for an invalid parameter, "Access
                // denied." its general message.
                Refusal::Denied | Refusal::InvalidMerchantLogin | Refusal::InvalidUrl => {
                    R::AccessDenied
                }
                // register.do's table has no "invalid amount": an amount
                // that is not a positive number is "not specified".
                Refusal::AmountMissing | Refusal::InvalidAmount => R::AmountMissing,
                Refusal::ReturnUrlMissing => R::ReturnUrlMissing,
                Refusal::OrderNumberMissing => R::OrderNumberMissing,
                Refusal::InvalidOrderNumber => R::InvalidOrderNumber,
                Refusal::DuplicateNumber => R::OrderNumberTaken,
                Refusal::UnknownCurrency => R::UnknownCurrency,
                Refusal::InvalidJsonParams => R::InvalidJsonParams,
                Refusal::InvalidFeatures => R::InvalidFeatures,
                Refusal::VerifyNotAllowed => R::VerificationNotAllowed,
                Refusal::InvalidLanguage | Refusal::System => R::SystemError,
            };
            error_answer(message, lang)
        }
    }
}

/// `rest/registerPreAuth.do`.
pub async fn register_pre_auth(
    State(app): State<Arc<App>>,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let Some(form) = read_form(body) else {
        return error_answer(P::SystemError, Lang::En);
    };
    let lang = lang_of(&form);
    match register_order(&app, &form, Stages::Two, true) {
        Ok(id) => json(
            &RegisterPreAuthResponse::new()
                .order_id(id.clone())
                .form_url(form_url(&app, &id, lang)),
        ),
        Err(refusal) => {
            let message = match refusal {
                Refusal::UserNameMissing => P::UserNameMissing,
                Refusal::PasswordMissing => P::PasswordMissing,
                Refusal::Denied | Refusal::InvalidUrl => P::AccessDenied,
                Refusal::InvalidMerchantLogin => P::InvalidMerchantLogin,
                Refusal::AmountMissing => P::AmountMissing,
                Refusal::InvalidAmount => P::InvalidAmount,
                Refusal::ReturnUrlMissing => P::ReturnUrlMissing,
                Refusal::OrderNumberMissing => P::OrderNumberMissing,
                Refusal::InvalidOrderNumber => P::InvalidOrderNumber,
                Refusal::DuplicateNumber => P::OrderNumberTaken,
                Refusal::UnknownCurrency => P::UnknownCurrency,
                Refusal::InvalidJsonParams => P::InvalidJsonParams,
                Refusal::InvalidLanguage => P::InvalidLanguage,
                Refusal::InvalidFeatures => P::InvalidFeatures,
                Refusal::VerifyNotAllowed => P::VerificationNotAllowed,
                Refusal::System => P::SystemError,
            };
            error_answer(message, lang)
        }
    }
}
