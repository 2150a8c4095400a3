//! The gateway's HTTP endpoints, one module per group, on an axum router.
//!
//! Every endpoint answers HTTP 200 with a JSON body, errors included, as the
//! gateway does; bodies are the generated response models.

mod bindings;
mod family;
mod lifecycle;
mod orders;
mod payment;
mod register;
mod status;
mod vendor_payments;
mod wallet;

use std::sync::Arc;
use std::time::Instant;

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, Request};
use axum::http::{header, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use bereke_types::{
    Amount, ApplePayPaymentRequest, BindCardRequest, Currency, DeclineRequest, DepositRequest,
    Endpoint, ExtendBindingRequest, Finish3dsMethodRequest, GetBindingsByCardOrIdRequest,
    GetBindingsRequest, GetLastOrdersForMerchantsRequest, GetOrderStatusExtendedRequest,
    GetOrderStatusRequest, GooglePayPaymentRequest, NamedErrorMessage, PaymentOrderBindingRequest,
    PaymentOrderRequest, RecurrentPaymentRequest, RefundRequest, RegisterPreAuthRequest,
    RegisterRequest, ReverseRequest, UnBindCardRequest, UpdateSslCardListRequest,
    VerifyEnrollmentRequest,
};
use serde::Serialize;

use crate::config::MerchantConfig;
use crate::faults::Faults;
use crate::form::Form;
use crate::messages::Lang;
use crate::pages::{acs, acs2, finish, merchant, payment_form};
use crate::store::Store;

/// Largest request body accepted; anything larger gets the endpoint's
/// system-error answer.
const BODY_LIMIT: usize = 256 * 1024;

/// What every handler shares.
pub struct App {
    /// Orders and bindings.
    pub store: Store,
    /// The merchants.
    pub merchants: Vec<MerchantConfig>,
    /// The base URL written into answers, ending in `/payment/`.
    pub base_url: String,
    /// Currencies `register.do` accepts.
    pub currencies: Vec<Currency>,
    /// Default lifetime of an unpaid order, in milliseconds.
    pub session_timeout_ms: i64,
    /// Amount of an Apple Pay payment whose token reveals none.
    pub apple_pay_default_amount: Amount,
}

impl App {
    /// The merchant with this login.
    pub fn merchant(&self, login: &str) -> Option<&MerchantConfig> {
        self.merchants.iter().find(|m| m.login == login)
    }

    /// The merchant a request acts for: the caller itself, or the child
    /// merchant its `merchantLogin` names.
    ///
    /// `None` when `merchantLogin` names a merchant that is not the caller's
    /// child. An unknown login and another merchant's login get the same
    /// answer, so a merchant cannot learn which other logins exist.
    pub fn acting_for<'a>(
        &'a self,
        caller: &'a MerchantConfig,
        merchant_login: Option<&str>,
    ) -> Option<&'a MerchantConfig> {
        match merchant_login {
            None => Some(caller),
            Some(login) if login == caller.login => Some(caller),
            Some(login) if caller.children.iter().any(|child| child == login) => {
                self.merchant(login)
            }
            Some(_) => None,
        }
    }
}

fn route_of<E: Endpoint>() -> String {
    format!("/payment/{}", E::INFO.path)
}

/// The gateway's routes under `/payment/`.
///
/// The API endpoints get the faults of `faults`; the browser's pages never do.
pub fn router(app: Arc<App>, faults: Arc<Faults>) -> Router {
    Router::new()
        .route(&route_of::<RegisterRequest>(), post(register::register))
        .route(
            &route_of::<RegisterPreAuthRequest>(),
            post(register::register_pre_auth),
        )
        .route(
            &route_of::<PaymentOrderRequest>(),
            post(payment::payment_order),
        )
        .route(
            &route_of::<PaymentOrderBindingRequest>(),
            post(payment::payment_order_binding),
        )
        .route(&route_of::<DepositRequest>(), post(lifecycle::deposit))
        .route(&route_of::<ReverseRequest>(), post(lifecycle::reverse))
        .route(&route_of::<RefundRequest>(), post(lifecycle::refund))
        .route(
            &route_of::<GetOrderStatusExtendedRequest>(),
            post(status::get_order_status_extended),
        )
        .route(
            &route_of::<GetBindingsRequest>(),
            post(status::get_bindings),
        )
        .route(&route_of::<DeclineRequest>(), post(family::decline))
        .route(
            &route_of::<UnBindCardRequest>(),
            post(bindings::un_bind_card),
        )
        .route(&route_of::<BindCardRequest>(), post(bindings::bind_card))
        .route(
            &route_of::<ExtendBindingRequest>(),
            post(bindings::extend_binding),
        )
        .route(
            &route_of::<GetBindingsByCardOrIdRequest>(),
            post(bindings::get_bindings_by_card_or_id),
        )
        .route(
            &route_of::<GetLastOrdersForMerchantsRequest>(),
            post(orders::get_last_orders_for_merchants),
        )
        .route(
            &route_of::<VerifyEnrollmentRequest>(),
            post(bindings::verify_enrollment),
        )
        .route(
            &route_of::<GetOrderStatusRequest>(),
            post(family::get_order_status),
        )
        .route(
            &route_of::<RecurrentPaymentRequest>(),
            post(vendor_payments::recurrent_payment),
        )
        .route(
            &route_of::<Finish3dsMethodRequest>(),
            post(vendor_payments::finish_3ds_method),
        )
        .route(
            &route_of::<UpdateSslCardListRequest>(),
            post(vendor_payments::update_ssl_card_list),
        )
        .route(
            &route_of::<ApplePayPaymentRequest>(),
            post(wallet::apple_pay),
        )
        .route(
            &route_of::<GooglePayPaymentRequest>(),
            post(wallet::google_pay),
        )
        .route_layer(middleware::from_fn_with_state(
            faults,
            crate::faults::inject,
        ))
        .route(acs::ACS_REDIRECT_ROUTE, get(acs::acs_redirect))
        .route(
            acs::ACS_START_ROUTE,
            get(acs::start_get).post(acs::start_post),
        )
        .route(
            finish::FINISH_3DS_ROUTE,
            get(finish::finish_3ds_get).post(finish::finish_3ds_post),
        )
        .route(acs2::METHOD_ROUTE, post(acs2::method))
        .route(acs2::CHALLENGE_ROUTE, post(acs2::challenge))
        .route(acs2::RETURN_ROUTE, post(acs2::finish))
        .route(acs2::CONTINUE_ROUTE, post(acs2::continue_payment))
        .route(merchant::MERCHANT_PAGES_ROUTE, get(merchant::merchant_page))
        .route(
            payment_form::PAYMENT_FORM_ROUTE,
            post(payment_form::payment_form),
        )
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(middleware::from_fn(log_request))
        .with_state(app)
}

async fn not_found() -> Response {
    (StatusCode::NOT_FOUND, "Not found").into_response()
}

/// Logs each request's method, path (never its query or body: they carry
/// credentials and card data), answer status and duration.
async fn log_request(request: Request, next: Next) -> Response {
    let method = request.method().clone();
    // A clone of the URI shares its bytes: no copy of the path per request.
    let uri = request.uri().clone();
    let started = Instant::now();
    let response = next.run(request).await;
    tracing::info!(
        %method,
        path = %uri.path(),
        status = response.status().as_u16(),
        millis = started.elapsed().as_millis() as u64,
        "request"
    );
    response
}

/// A JSON answer with HTTP 200.
pub fn json<T: Serialize>(value: &T) -> Response {
    // Room for a whole order status, the largest answer, in one allocation.
    let mut body = Vec::with_capacity(2048);
    match serde_json::to_writer(&mut body, value).map(|()| body) {
        Ok(body) => (
            [(header::CONTENT_TYPE, "application/json;charset=UTF-8")],
            body,
        )
            .into_response(),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

/// A form body, or none when it could not be read (too large, broken
/// connection): the handler then answers with its system error.
pub fn read_form(body: Result<Bytes, BytesRejection>) -> Option<Form> {
    body.ok().map(|bytes| Form::parse(&bytes))
}

/// The language a form asks for.
pub fn lang_of(form: &Form) -> Lang {
    Lang::from_param(form.get("language"))
}

/// A response model that can carry an error code and message.
pub trait ErrorAnswer: Serialize + Sized {
    /// The endpoint's error codes.
    type Code: bereke_types::ErrorCode;

    /// The answer for `code` with `message`.
    fn with_error(code: Self::Code, message: &str) -> Self;
}

/// The endpoint's answer with a message of its error table: the message's
/// code and its text in `lang`, both from the spec.
pub fn error_answer<M: NamedErrorMessage>(message: M, lang: Lang) -> Response
where
    ResponseOf<M>: ErrorAnswer<Code = <M::Endpoint as Endpoint>::ErrorCode>,
{
    json(&ResponseOf::<M>::with_error(
        message.code(),
        lang.text(message),
    ))
}

/// The response of the endpoint whose table holds `M`.
type ResponseOf<M> = <<M as NamedErrorMessage>::Endpoint as Endpoint>::Response;

macro_rules! error_answer {
    ($response:ty, $code:ty) => {
        impl ErrorAnswer for $response {
            type Code = $code;
            fn with_error(code: $code, message: &str) -> Self {
                <$response>::new().error_code(code).error_message(message)
            }
        }
    };
    ($response:ty, $code:ty, with_error_text) => {
        impl ErrorAnswer for $response {
            type Code = $code;
            fn with_error(code: $code, message: &str) -> Self {
                // These endpoints repeat the message in `error`, as the
                // document's error example of paymentOrderBinding.do does.
                <$response>::new()
                    .error_code(code)
                    .error_message(message)
                    .error(message)
            }
        }
    };
}

error_answer!(
    bereke_types::RegisterResponse,
    bereke_types::RegisterErrorCode
);
error_answer!(
    bereke_types::RegisterPreAuthResponse,
    bereke_types::RegisterPreAuthErrorCode
);
error_answer!(
    bereke_types::DepositResponse,
    bereke_types::DepositErrorCode
);
error_answer!(
    bereke_types::ReverseResponse,
    bereke_types::ReverseErrorCode
);
error_answer!(bereke_types::RefundResponse, bereke_types::RefundErrorCode);
error_answer!(
    bereke_types::UnBindCardResponse,
    bereke_types::UnBindCardErrorCode
);
error_answer!(
    bereke_types::BindCardResponse,
    bereke_types::BindCardErrorCode
);
error_answer!(
    bereke_types::ExtendBindingResponse,
    bereke_types::ExtendBindingErrorCode
);
error_answer!(
    bereke_types::GetBindingsByCardOrIdResponse,
    bereke_types::GetBindingsByCardOrIdErrorCode
);
error_answer!(
    bereke_types::VerifyEnrollmentResponse,
    bereke_types::VerifyEnrollmentErrorCode
);
error_answer!(
    bereke_types::GetLastOrdersForMerchantsResponse,
    bereke_types::GetLastOrdersForMerchantsErrorCode
);
error_answer!(
    bereke_types::UpdateSslCardListResponse,
    bereke_types::UpdateSslCardListErrorCode
);
error_answer!(
    bereke_types::Finish3dsMethodResponse,
    bereke_types::Finish3dsMethodErrorCode
);
error_answer!(
    bereke_types::DeclineResponse,
    bereke_types::DeclineErrorCode
);
error_answer!(
    bereke_types::GetOrderStatusResponse,
    bereke_types::GetOrderStatusErrorCode
);
error_answer!(
    bereke_types::GetOrderStatusExtendedResponse,
    bereke_types::GetOrderStatusExtendedErrorCode
);
error_answer!(
    bereke_types::GetBindingsResponse,
    bereke_types::GetBindingsErrorCode,
    with_error_text
);
error_answer!(
    bereke_types::PaymentOrderResponse,
    bereke_types::PaymentOrderErrorCode,
    with_error_text
);
error_answer!(
    bereke_types::PaymentOrderBindingResponse,
    bereke_types::PaymentOrderBindingErrorCode,
    with_error_text
);

/// Where the customer's browser goes: an absolute address as given, a
/// relative one under the gateway's merchant pages (as the document's
/// examples show `finish.html` becoming `…/payment/merchants/temp/finish.html`),
/// with `orderId` and `lang` appended.
pub fn customer_url(base_url: &str, target: &str, order_id: &str, lang: Lang) -> String {
    let target = target.trim();
    let lower = target.to_ascii_lowercase();
    let absolute = if lower.starts_with("http://") || lower.starts_with("https://") {
        target.to_owned()
    } else {
        format!(
            "{base_url}merchants/temp/{}",
            target.trim_start_matches('/')
        )
    };
    let separator = if absolute.contains('?') { '&' } else { '?' };
    let query = form_urlencoded::Serializer::new(String::new())
        .append_pair("orderId", order_id)
        .append_pair("lang", lang.code())
        .finish();
    format!("{absolute}{separator}{query}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn customer_urls() {
        assert_eq!(
            customer_url("http://h/payment/", "finish.html", "id-1", Lang::En),
            "http://h/payment/merchants/temp/finish.html?orderId=id-1&lang=en"
        );
        assert_eq!(
            customer_url("http://h/payment/", "https://shop/ok?x=1", "id-1", Lang::Kk),
            "https://shop/ok?x=1&orderId=id-1&lang=kk"
        );
    }
}
