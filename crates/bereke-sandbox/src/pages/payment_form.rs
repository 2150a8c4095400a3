//! The payment page behind `formUrl`, and `processform.do`, where it posts
//! the card data.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;

use super::acs::{acs_page, term_url};
use super::{amount_text, escape, html, no_authentication, see_other};
use crate::form::Form;
use crate::messages::Lang;
use crate::routes::{customer_url, App};
use crate::store::{now_ms, CardEntry, Order, PayOutcome};

/// Where the payment page posts the card data.
pub const PAYMENT_FORM_ROUTE: &str = "/payment/processform.do";

/// The payment page of an order that can still be paid.
pub(crate) fn payment_page(app: &App, order: &Order) -> Response {
    let body = format!(
        "<p>Order {number}, amount {amount}.</p>\
         <form method=\"post\" action=\"{action}\">\
         <input type=\"hidden\" name=\"MDORDER\" value=\"{md}\">\
         <p><label>Card number <input name=\"$PAN\" autocomplete=\"cc-number\"></label></p>\
         <p><label>Month <input name=\"MM\" size=\"2\" value=\"12\"></label> \
         <label>Year <input name=\"YYYY\" size=\"4\" value=\"2024\"></label></p>\
         <p><label>CVC <input name=\"$CVC\" size=\"4\"></label></p>\
         <p><label>Cardholder <input name=\"TEXT\" value=\"TEST CARDHOLDER\"></label></p>\
         <button type=\"submit\">Pay</button></form>\
         <p>Test cards: 4444555511113333 (no 3-D Secure), 4012001038166662 (3-D Secure 1, \
         code 12345678), 5555555555555599 (3-D Secure 2 with a challenge, code 12345678), \
         5555555555554444 (3-D Secure 2, frictionless); expiry 12/24, CVC 123.</p>",
        number = escape(&order.number),
        amount = escape(&amount_text(order)),
        action = escape(&format!("{}processform.do", app.base_url)),
        md = escape(&order.id),
    );
    html(StatusCode::OK, "Payment", &body)
}

/// `POST processform.do`: the payment page's form, paid as `paymentorder.do`
/// would pay it, then the browser is sent on (ACS, return or fail URL).
pub async fn payment_form(State(app): State<Arc<App>>, body: Bytes) -> Response {
    let form = Form::parse(&body);
    let Some(md) = form.non_empty("MDORDER") else {
        return no_authentication();
    };
    let Ok(order) = app
        .store
        .order(None, crate::store::OrderRef::Id(md), now_ms())
    else {
        return no_authentication();
    };
    let lang = Lang::from_param(order.language.as_deref());
    let entry = CardEntry {
        pan: form.get("$PAN").unwrap_or_default(),
        year: form.get("YYYY").unwrap_or_default(),
        month: form.get("MM").unwrap_or_default(),
        cvc: form.get("$CVC").unwrap_or_default(),
        cardholder: form.get("TEXT").unwrap_or_default(),
        ip: None,
        binding_not_needed: false,
        external_eci: None,
        server_trans_id: None,
        finish_url: None,
    };
    match app
        .store
        .pay_with_card(&order.merchant, md, entry, now_ms())
    {
        Ok((PayOutcome::ThreeDs { pa_req }, order)) => {
            acs_page(&app, &order, &pa_req, &term_url(&app.base_url, lang))
        }
        Ok((PayOutcome::ThreeDsMethod { trans_id }, order)) => {
            super::acs2::hosted_method_page(&app, &order, &trans_id)
        }
        Ok((PayOutcome::Paid, order)) => see_other(&customer_url(
            &app.base_url,
            &order.return_url,
            &order.id,
            lang,
        )),
        Ok((_, order)) => see_other(&customer_url(
            &app.base_url,
            order.fail_target(),
            &order.id,
            lang,
        )),
        Err(_) => no_authentication(),
    }
}
