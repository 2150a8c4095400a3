//! `register.do` and `registerPreAuth.do`: one-stage and two-stage orders.

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::State;
use axum::response::Response;
use bereke_types::{
    Amount, Currency, EpochMillis, Feature, RegisterErrorCode as R, RegisterPreAuthErrorCode as P,
    RegisterPreAuthRequest, RegisterPreAuthResponse, RegisterRequest, RegisterResponse, Validate,
};

use super::codes::*;
use super::{json, lang_of, read_form, App, ErrorAnswer};
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

/// The fields both registration requests share.
struct Registration {
    number: Option<String>,
    amount: Amount,
    currency: Option<Currency>,
    return_url: String,
    fail_url: Option<String>,
    dynamic_callback_url: Option<String>,
    description: Option<String>,
    language: Option<String>,
    client_id: Option<String>,
    merchant_login: Option<String>,
    json_params: Option<BTreeMap<String, String>>,
    session_timeout_secs: Option<i64>,
    expiration_date: Option<String>,
    features: Option<Feature>,
}

macro_rules! registration_from {
    ($request:ident, $number:expr) => {
        Registration {
            number: $number,
            amount: $request.amount,
            currency: $request.currency,
            return_url: $request.return_url,
            fail_url: $request.fail_url,
            dynamic_callback_url: $request.dynamic_callback_url,
            description: $request.description,
            language: $request.language,
            client_id: $request.client_id,
            merchant_login: $request.merchant_login,
            json_params: $request.json_params,
            session_timeout_secs: $request.session_timeout_secs,
            expiration_date: $request.expiration_date,
            features: $request.features,
        }
    };
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
fn has_control_char(registration: &Registration) -> bool {
    [
        Some(&registration.return_url),
        registration.fail_url.as_ref(),
        registration.dynamic_callback_url.as_ref(),
    ]
    .into_iter()
    .flatten()
    .any(|url| url.chars().any(char::is_control))
}

/// Checks and registers an order: the checks shared by both endpoints.
fn register_order<T>(
    app: &App,
    form: &Form,
    stages: Stages,
    check_language: bool,
    into_registration: impl FnOnce(T) -> Registration,
) -> Result<String, Refusal>
where
    T: serde::de::DeserializeOwned + Validate,
{
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
    let request: T = form
        .decode()
        .map_err(|field| refusal_for_field(&field, check_language).unwrap_or(Refusal::System))?;
    if let Err(invalid) = request.validate() {
        // Constraints the document gives no error message for (a long
        // description, …) do not refuse the order.
        if let Some(refusal) = refusal_for_field(&invalid.field, check_language) {
            return Err(refusal);
        }
    }
    let registration = into_registration(request);
    if has_control_char(&registration) {
        return Err(Refusal::InvalidUrl);
    }

    let verify = registration.features == Some(Feature::Verify);
    if let Some(features) = &registration.features {
        if !features.is_known() {
            return Err(Refusal::InvalidFeatures);
        }
    }
    if verify && !merchant.verify_allowed {
        return Err(Refusal::VerifyNotAllowed);
    }
    if registration.amount == Amount::ZERO && !verify {
        return Err(Refusal::InvalidAmount);
    }
    let owner = app
        .acting_for(merchant, registration.merchant_login.as_deref())
        .ok_or(Refusal::InvalidMerchantLogin)?;
    let currency = match registration.currency {
        Some(currency) if !app.currencies.contains(&currency) => {
            return Err(Refusal::UnknownCurrency)
        }
        Some(currency) => currency,
        None => owner.default_currency,
    };
    let lifetime_ms = registration
        .session_timeout_secs
        .filter(|secs| *secs > 0)
        .map(|secs| secs.saturating_mul(1000))
        .unwrap_or(app.session_timeout_ms);
    let expires_at = registration
        .expiration_date
        .as_deref()
        .and_then(EpochMillis::parse_local_date_time)
        .map(EpochMillis::millis);
    let order = app
        .store
        .register(
            &owner.login,
            NewOrder {
                number: registration.number,
                amount: registration.amount,
                currency,
                stages,
                return_url: registration.return_url,
                fail_url: registration.fail_url,
                dynamic_callback_url: registration.dynamic_callback_url,
                description: registration.description,
                language: registration.language,
                client_id: registration.client_id,
                params: registration.json_params.unwrap_or_default(),
                features: registration
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
        return RegisterResponse::table(R::SystemError, 0, Lang::En);
    };
    let lang = lang_of(&form);
    match register_order(&app, &form, Stages::One, false, |r: RegisterRequest| {
        let number = r.order_number.clone();
        registration_from!(r, number)
    }) {
        Ok(id) => json(
            &RegisterResponse::new()
                .order_id(id.clone())
                .form_url(form_url(&app, &id, lang)),
        ),
        Err(refusal) => {
            let (code, index) = match refusal {
                Refusal::UserNameMissing => (R::MissingParameter, MISSING_USER_NAME),
                Refusal::PasswordMissing => (R::MissingParameter, MISSING_PASSWORD),
                // The table has no message for an address it cannot use:
                // code 5 is its class for an invalid parameter, "Access
                // denied." its general message.
                Refusal::Denied | Refusal::InvalidMerchantLogin | Refusal::InvalidUrl => {
                    (R::AccessDenied, REGISTER_DENIED)
                }
                // register.do's table has no "invalid amount": an amount
                // that is not a positive number is "not specified".
                Refusal::AmountMissing | Refusal::InvalidAmount => {
                    (R::MissingParameter, MISSING_AMOUNT)
                }
                Refusal::ReturnUrlMissing => (R::MissingParameter, MISSING_RETURN_URL),
                Refusal::OrderNumberMissing => (R::MissingParameter, MISSING_ORDER_NUMBER),
                Refusal::InvalidOrderNumber => (R::InvalidOrderNumber, NUMBER_INVALID),
                Refusal::DuplicateNumber => (R::InvalidOrderNumber, NUMBER_USED),
                Refusal::UnknownCurrency => (R::UnknownCurrency, 0),
                Refusal::InvalidJsonParams => (R::AccessDenied, REGISTER_JSON_PARAMS),
                Refusal::InvalidFeatures => (R::InvalidFeatures, 0),
                Refusal::VerifyNotAllowed => (R::VerificationNotAllowed, 0),
                Refusal::InvalidLanguage | Refusal::System => (R::SystemError, 0),
            };
            RegisterResponse::table(code, index, lang)
        }
    }
}

/// `rest/registerPreAuth.do`.
pub async fn register_pre_auth(
    State(app): State<Arc<App>>,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let Some(form) = read_form(body) else {
        return RegisterPreAuthResponse::table(P::SystemError, 0, Lang::En);
    };
    let lang = lang_of(&form);
    match register_order(
        &app,
        &form,
        Stages::Two,
        true,
        |r: RegisterPreAuthRequest| {
            let number = Some(r.order_number.clone());
            registration_from!(r, number)
        },
    ) {
        Ok(id) => json(
            &RegisterPreAuthResponse::new()
                .order_id(id.clone())
                .form_url(form_url(&app, &id, lang)),
        ),
        Err(refusal) => {
            let (code, index) = match refusal {
                Refusal::UserNameMissing => (P::MissingParameter, MISSING_USER_NAME),
                Refusal::PasswordMissing => (P::MissingParameter, MISSING_PASSWORD),
                Refusal::Denied | Refusal::InvalidUrl => (P::AccessDenied, PRE_AUTH_DENIED),
                Refusal::InvalidMerchantLogin => (P::AccessDenied, PRE_AUTH_MERCHANT_LOGIN),
                Refusal::AmountMissing => (P::MissingParameter, MISSING_AMOUNT),
                Refusal::InvalidAmount => (P::AccessDenied, PRE_AUTH_AMOUNT),
                Refusal::ReturnUrlMissing => (P::MissingParameter, MISSING_RETURN_URL),
                Refusal::OrderNumberMissing => (P::MissingParameter, MISSING_ORDER_NUMBER),
                Refusal::InvalidOrderNumber => (P::InvalidOrderNumber, NUMBER_INVALID),
                Refusal::DuplicateNumber => (P::InvalidOrderNumber, NUMBER_USED),
                Refusal::UnknownCurrency => (P::UnknownCurrency, 0),
                Refusal::InvalidJsonParams => (P::AccessDenied, PRE_AUTH_JSON_PARAMS),
                Refusal::InvalidLanguage => (P::AccessDenied, PRE_AUTH_LANGUAGE),
                Refusal::InvalidFeatures => (P::InvalidFeatures, 0),
                Refusal::VerifyNotAllowed => (P::VerificationNotAllowed, 0),
                Refusal::System => (P::SystemError, 0),
            };
            RegisterPreAuthResponse::table(code, index, lang)
        }
    }
}
