//! `paymentorder.do` (card data) and `paymentOrderBinding.do` (a stored card).
//!
//! A processed payment answers errorCode 0 whatever its outcome: a redirect
//! to the return URL, the ACS parameters for 3-D Secure, or a decline (the
//! `error` and `info` texts, `processingErrorType` and a redirect to the
//! fail URL), as GATEWAY-FACTS describes the gateway's declines.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::State;
use axum::response::Response;
use bereke_types::{
    PaymentInfo, PaymentOrderBindingErrorCode as B, PaymentOrderBindingErrorMessage,
    PaymentOrderBindingRequest, PaymentOrderBindingResponse, PaymentOrderErrorCode as P,
    PaymentOrderErrorMessage, PaymentOrderRequest, PaymentOrderResponse, RegisterErrorMessage,
};

use super::{customer_url, error_answer, json, lang_of, read_form, App, ErrorAnswer};
use crate::auth;
use crate::cards::Decline;
use crate::messages::Lang;
use crate::pages::{acs, acs2};
use crate::store::{now_ms, CardEntry, Order, OrderError, PayOutcome};

/// `processingErrorType` of a decline caused by the card or the data entered.
const CLIENT_ERROR: &str = "CLIENT_ERROR";

/// The fields of a payment answer, before they go into an endpoint's model.
#[derive(Default)]
pub struct PaymentAnswer {
    /// `info`.
    pub info: Option<&'static str>,
    /// `redirect`.
    pub redirect: Option<String>,
    /// `acsUrl`.
    pub acs_url: Option<String>,
    /// `paReq`.
    pub pa_req: Option<String>,
    /// `termUrl`.
    pub term_url: Option<String>,
    /// `error`.
    pub error: Option<&'static str>,
    /// `processingErrorType`.
    pub processing_error_type: Option<&'static str>,
    /// The 3-D Secure 2 fields (`paymentorder.do` only).
    pub three_ds2: ThreeDs2Answer,
}

/// The 3-D Secure 2 fields of a payment answer.
#[derive(Default)]
pub struct ThreeDs2Answer {
    /// `threeDSServerTransId`.
    pub trans_id: Option<String>,
    /// `threeDSMethodURL`.
    pub method_url: Option<String>,
    /// `threeDSMethodData`.
    pub method_data: Option<String>,
    /// `cReq`.
    pub creq: Option<String>,
}

/// The answer to a payment attempt's outcome; `notification_url` is the
/// request's `threeDSMethodNotificationUrl`, named in `threeDSMethodData`.
pub fn answer_for(
    app: &App,
    outcome: &PayOutcome,
    order: &Order,
    lang: Lang,
    notification_url: Option<&str>,
) -> PaymentAnswer {
    match outcome {
        PayOutcome::ThreeDsMethod { trans_id } => PaymentAnswer {
            three_ds2: ThreeDs2Answer {
                trans_id: Some(trans_id.clone()),
                method_url: Some(acs2::method_url(&app.base_url)),
                method_data: Some(acs2::method_data(trans_id, notification_url)),
                creq: None,
            },
            ..PaymentAnswer::default()
        },
        PayOutcome::ThreeDs2Challenge { creq } => PaymentAnswer {
            acs_url: Some(acs2::challenge_url(&app.base_url)),
            three_ds2: ThreeDs2Answer {
                creq: Some(creq.clone()),
                ..ThreeDs2Answer::default()
            },
            ..PaymentAnswer::default()
        },
        PayOutcome::Paid => PaymentAnswer {
            info: Some(lang.info(PaymentInfo::Processed)),
            redirect: Some(customer_url(
                &app.base_url,
                &order.return_url,
                &order.id,
                lang,
            )),
            ..PaymentAnswer::default()
        },
        PayOutcome::ThreeDs { pa_req } => PaymentAnswer {
            info: Some(lang.info(PaymentInfo::Processed)),
            acs_url: Some(acs::acs_url(&app.base_url)),
            pa_req: Some(pa_req.clone()),
            term_url: Some(acs::term_url(&app.base_url, lang)),
            ..PaymentAnswer::default()
        },
        PayOutcome::Declined { decline, .. } => {
            let info = match decline {
                Decline::AuthenticationFailed | Decline::ThreeDsRequired => {
                    PaymentInfo::AuthenticationFailed
                }
                _ => PaymentInfo::Failed,
            };
            PaymentAnswer {
                info: Some(lang.info(info)),
                error: Some(lang.info(info)),
                processing_error_type: Some(CLIENT_ERROR),
                redirect: Some(customer_url(
                    &app.base_url,
                    order.fail_target(),
                    &order.id,
                    lang,
                )),
                ..PaymentAnswer::default()
            }
        }
        PayOutcome::AlreadyDeclined => PaymentAnswer {
            info: Some(lang.info(PaymentInfo::Redirecting)),
            redirect: Some(customer_url(
                &app.base_url,
                order.fail_target(),
                &order.id,
                lang,
            )),
            ..PaymentAnswer::default()
        },
    }
}

macro_rules! fill_payment_answer {
    ($response:expr, $answer:expr) => {{
        let answer = $answer;
        let mut response = $response;
        response.info = answer.info.map(str::to_owned);
        response.redirect = answer.redirect;
        response.acs_url = answer.acs_url;
        response.pa_req = answer.pa_req;
        response.term_url = answer.term_url;
        response.error = answer.error.map(str::to_owned);
        response.processing_error_type = answer.processing_error_type.map(str::to_owned);
        response
    }};
}

/// A `paymentorder.do` answer with its 3-D Secure 2 fields; `is3DSVer2`
/// says whether the payment runs under 3-D Secure 2.
pub fn three_ds2_response(mut answer: PaymentAnswer) -> PaymentOrderResponse {
    let three_ds2 = std::mem::take(&mut answer.three_ds2);
    let mut response =
        fill_payment_answer!(PaymentOrderResponse::new().error_code(P::Success), answer);
    if three_ds2.trans_id.is_some() || three_ds2.creq.is_some() {
        response.is_3ds_ver2 = Some(true);
    }
    response.three_ds_server_trans_id = three_ds2.trans_id;
    response.three_ds_method_url = three_ds2.method_url;
    response.three_ds_method_data = three_ds2.method_data;
    response.creq = three_ds2.creq;
    response
}

/// paymentorder.do's table has only code 5 ("attempts exhausted", "system
/// or internal error") besides 0; the gateway answers 5 for these too, and
/// the texts come from the tables of other endpoints.
fn payment_order_refusal(message: &'static str) -> Response {
    json(&PaymentOrderResponse::with_error(P::Rejected, message))
}

/// `rest/paymentorder.do`.
pub async fn payment_order(
    State(app): State<Arc<App>>,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let Some(form) = read_form(body) else {
        return error_answer(PaymentOrderErrorMessage::SystemError, Lang::En);
    };
    let lang = lang_of(&form);
    let merchant = match auth::rest(&app.merchants, &form) {
        Ok(merchant) => merchant,
        // Not in this endpoint's table: register.do's "Access denied." text.
        Err(_) => return payment_order_refusal(lang.text(RegisterErrorMessage::AccessDenied)),
    };
    let order_not_found = || lang.text(PaymentOrderBindingErrorMessage::OrderNotFound);
    if form.non_empty("MDORDER").is_none() {
        // Not in this endpoint's table: paymentOrderBinding.do's "Order not found." text.
        return payment_order_refusal(order_not_found());
    }
    let request: PaymentOrderRequest = match form.decode() {
        Ok(request) => request,
        // Not in this endpoint's table: paymentOrderBinding.do's "[cvc] is not specified." text.
        Err(field) if field == "$CVC" => {
            return payment_order_refusal(
                lang.text(PaymentOrderBindingErrorMessage::CvcNotSpecified),
            )
        }
        Err(_) => return error_answer(PaymentOrderErrorMessage::SystemError, lang),
    };
    let entry = CardEntry {
        pan: &request.pan,
        year: &request.expiry_year,
        month: &request.expiry_month,
        cvc: &request.cvc,
        cardholder: &request.cardholder_name,
        ip: request.ip.as_deref(),
        binding_not_needed: request.binding_not_needed.unwrap_or(false),
        external_eci: request.eci.as_deref().and_then(|e| e.trim().parse().ok()),
        server_trans_id: request.three_ds_server_trans_id.as_deref(),
        finish_url: request.three_ds_ver2_finish_url.as_deref(),
    };
    match app
        .store
        .pay_with_card(&merchant.login, &request.md_order, entry, now_ms())
    {
        Ok((outcome, order)) => {
            tracing::debug!(order = %order.id, ?outcome, "card payment");
            let notification = request.three_ds_method_notification_url.as_deref();
            let answer = answer_for(&app, &outcome, &order, lang, notification);
            json(&three_ds2_response(answer))
        }
        Err(OrderError::NotFound) => payment_order_refusal(order_not_found()),
        Err(_) => error_answer(PaymentOrderErrorMessage::SystemError, lang),
    }
}

/// `rest/paymentOrderBinding.do`.
pub async fn payment_order_binding(
    State(app): State<Arc<App>>,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let Some(form) = read_form(body) else {
        return error_answer(PaymentOrderBindingErrorMessage::SystemError, Lang::En);
    };
    let lang = lang_of(&form);
    let Ok(merchant) = auth::rest(&app.merchants, &form) else {
        return error_answer(PaymentOrderBindingErrorMessage::AccessDenied, lang);
    };
    let request: PaymentOrderBindingRequest = match form.decode() {
        Ok(request) => request,
        Err(field) if field == "mdOrder" => {
            return error_answer(PaymentOrderBindingErrorMessage::OrderNotFound, lang)
        }
        Err(field) if field == "bindingId" => {
            return error_answer(PaymentOrderBindingErrorMessage::BindingNotFound, lang)
        }
        Err(_) => return error_answer(PaymentOrderBindingErrorMessage::SystemError, lang),
    };
    match app.store.pay_with_binding(
        &merchant.login,
        &request.md_order,
        &request.binding_id,
        request.cvc.as_deref(),
        request.client_id.as_deref(),
        Some(&request.ip),
        now_ms(),
    ) {
        Ok((outcome, order)) => {
            tracing::debug!(order = %order.id, ?outcome, "binding payment");
            let answer = answer_for(&app, &outcome, &order, lang, None);
            json(&fill_payment_answer!(
                PaymentOrderBindingResponse::new().error_code(B::Success),
                answer
            ))
        }
        Err(OrderError::NotFound) => {
            error_answer(PaymentOrderBindingErrorMessage::OrderNotFound, lang)
        }
        Err(OrderError::BindingNotFound) => {
            error_answer(PaymentOrderBindingErrorMessage::BindingNotFound, lang)
        }
        Err(OrderError::CvcMissing) => {
            error_answer(PaymentOrderBindingErrorMessage::CvcNotSpecified, lang)
        }
        Err(_) => error_answer(PaymentOrderBindingErrorMessage::SystemError, lang),
    }
}
