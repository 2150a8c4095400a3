//! `register.do` and `registerPreAuth.do`: one-stage and two-stage orders.

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::State;
use axum::response::Response;
use bereke_types::{
    Amount, Currency, EpochMillis, Feature, RegisterErrorMessage as R,
    RegisterPreAuthErrorMessage as P, RegisterPreAuthRequest, RegisterPreAuthResponse,
    RegisterRequest, RegisterResponse, Validate,
};
use serde::de::DeserializeOwned;

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

/// One endpoint's registration request: decoded and validated as its own
/// generated model, then moved into the [`Registration`] both share.
trait RegistrationRequest: DeserializeOwned + Validate {
    /// One- or two-stage.
    const STAGES: Stages;
    /// Whether an invalid `language` refuses the order: only where the
    /// endpoint's table has a message for it (registerPreAuth.do).
    const REFUSES_INVALID_LANGUAGE: bool;

    /// The fields the order is made of.
    fn into_registration(self) -> Registration;
}

/// What makes an order, taken from either endpoint's request: the spec's
/// `order_registration` group, plus the fields only one table has.
struct Registration {
    /// Optional in register.do's table, required in registerPreAuth.do's.
    order_number: Option<String>,
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
    /// Only in registerPreAuth.do's table.
    autocompletion_date: Option<String>,
}

/// A [`Registration`] from a request holding the group's fields (the two
/// models name them alike), with the fields that differ given.
macro_rules! registration {
    ($request:ident, order_number: $number:expr, autocompletion_date: $auto:expr) => {
        Registration {
            order_number: $number,
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
            autocompletion_date: $auto,
        }
    };
}

impl RegistrationRequest for RegisterRequest {
    const STAGES: Stages = Stages::One;
    const REFUSES_INVALID_LANGUAGE: bool = false;

    fn into_registration(self) -> Registration {
        let request = self;
        registration!(request, order_number: request.order_number, autocompletion_date: None)
    }
}

impl RegistrationRequest for RegisterPreAuthRequest {
    const STAGES: Stages = Stages::Two;
    const REFUSES_INVALID_LANGUAGE: bool = true;

    fn into_registration(self) -> Registration {
        let request = self;
        registration!(
            request,
            order_number: Some(request.order_number),
            autocompletion_date: request.autocompletion_date
        )
    }
}

/// `autocompletionDate` is in UTC+3 (the table says so); the store keeps
/// epoch milliseconds.
const AUTOCOMPLETION_OFFSET_MS: i64 = 3 * 60 * 60 * 1000;

/// Whether an address the gateway will put in a `Location` header or call
/// holds a control character (CR and LF would split the header). The
/// gateway's validation refuses such an order; the sandbox too, rather
/// than failing later at the redirect.
fn has_control_char(request: &Registration) -> bool {
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
/// The form is read as the endpoint's own model `R` and checked by its own
/// `Validate`: which fields are required (registerPreAuth.do requires
/// `orderNumber`) and which exist (`autocompletionDate` only in
/// registerPreAuth.do) are the spec's, through the model.
fn register_order<R: RegistrationRequest>(app: &App, form: &Form) -> Result<String, Refusal> {
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
    // An order number of spaces is given but empty: "Order number cannot
    // be empty." in both tables. (An empty value is no value: the model
    // decides whether one is needed.)
    if form
        .get("orderNumber")
        .is_some_and(|n| !n.is_empty() && n.trim().is_empty())
    {
        return Err(Refusal::OrderNumberMissing);
    }
    let decoded: Result<R, String> = form.decode();
    // The one other field a model may require (registerPreAuth.do's
    // `orderNumber`; `amount` and `returnUrl` are checked above) is
    // "missing" when absent, before the credentials are checked, as the
    // gateway answers.
    if let Err(field) = &decoded {
        if field == "orderNumber" && form.non_empty(field).is_none() {
            return Err(Refusal::OrderNumberMissing);
        }
    }
    let merchant = auth::rest(&app.merchants, form).map_err(|e| match e {
        AuthError::UserNameMissing => Refusal::UserNameMissing,
        AuthError::PasswordMissing => Refusal::PasswordMissing,
        AuthError::Denied => Refusal::Denied,
    })?;
    let check_language = R::REFUSES_INVALID_LANGUAGE;
    let request = decoded
        .map_err(|field| refusal_for_field(&field, check_language).unwrap_or(Refusal::System))?;
    if let Err(invalid) = request.validate() {
        // Constraints the document gives no error message for (a long
        // description, a malformed autocompletionDate, …) do not refuse
        // the order.
        if let Some(refusal) = refusal_for_field(&invalid.field, check_language) {
            return Err(refusal);
        }
    }
    let request = request.into_registration();
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
    let autocomplete_at = request
        .autocompletion_date
        .as_deref()
        .and_then(EpochMillis::parse_local_date_time)
        .map(|at| at.millis().saturating_sub(AUTOCOMPLETION_OFFSET_MS));
    let order = app
        .store
        .register(
            &owner.login,
            NewOrder {
                number: request.order_number,
                amount: request.amount,
                currency,
                stages: R::STAGES,
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
                autocomplete_at,
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
    match register_order::<RegisterRequest>(&app, &form) {
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
    match register_order::<RegisterPreAuthRequest>(&app, &form) {
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
