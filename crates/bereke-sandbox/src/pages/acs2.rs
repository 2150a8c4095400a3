//! The sandbox's 3-D Secure 2 pages: the issuer's 3DS Method page, the
//! ACS's challenge, the gateway's return from the ACS, and the gateway's own
//! 3DS Method page for its payment page.
//!
//! The flow: the first `paymentorder.do` answers `threeDSServerTransId`,
//! `threeDSMethodURL` ([`METHOD_ROUTE`]) and `threeDSMethodData`; the
//! merchant's page posts `threeDSMethodData` there in a hidden iframe, and
//! the method page posts `threeDSMethodData` (the transaction id) on to the
//! merchant's `threeDSMethodNotificationUrl`, if it gave one. The second
//! `paymentorder.do` (or `finish3dsMethod.do`) then pays a frictionless
//! card at once, or answers `acsUrl` ([`CHALLENGE_ROUTE`]) and `cReq`: the
//! browser posts `creq` there and gets a page asking for the one-time code
//! (`12345678`). Posting the code completes or declines the payment; the
//! page then posts `cres` to the gateway ([`RETURN_ROUTE`]), which sends the
//! browser (303) to `threeDSVer2FinishUrl` or the order's return or fail URL.
//!
//! The pages use the shared frame ([`super::Frame`]): scripts allowed by
//! their hashes, and every page works without JavaScript through a visible
//! button. Only the issuer's 3DS Method page may be framed.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;

use super::{
    escape, no_authentication, plain_page, see_other, Framing, AUTO_POST_SCRIPT,
    THREE_DS_METHOD_SCRIPT,
};
use crate::form::Form;
use crate::messages::Lang;
use crate::routes::{customer_url, App};
use crate::store::{
    encode_message, field_in, now_ms, trans_id_in, Order, OrderRef, PayOutcome, State as OrderState,
};

/// The issuer's 3DS Method page (`threeDSMethodURL`).
pub const METHOD_ROUTE: &str = "/payment/acs2/method.do";
/// The ACS's challenge (`acsUrl` of a 3-D Secure 2 answer): the page, and
/// where it posts the code.
pub const CHALLENGE_ROUTE: &str = "/payment/acs2/challenge.do";
/// The gateway's return address from the ACS, where the browser posts `cres`.
pub const RETURN_ROUTE: &str = "/payment/rest/finish3dsVer2.do";
/// Where the gateway's own 3DS Method page (its payment page's) continues.
pub const CONTINUE_ROUTE: &str = "/payment/acs2/continue.do";

/// `threeDSMethodURL` of a 3-D Secure 2 answer.
pub fn method_url(base_url: &str) -> String {
    format!("{base_url}acs2/method.do")
}

/// `acsUrl` of a 3-D Secure 2 challenge answer.
pub fn challenge_url(base_url: &str) -> String {
    format!("{base_url}acs2/challenge.do")
}

fn return_url(base_url: &str) -> String {
    format!("{base_url}rest/finish3dsVer2.do")
}

/// `threeDSMethodData`: Base64url of `{threeDSServerTransID,
/// threeDSMethodNotificationURL}` (the latter when the merchant gave one).
pub fn method_data(trans_id: &str, notification_url: Option<&str>) -> String {
    let mut data = serde_json::json!({ "threeDSServerTransID": trans_id });
    if let Some(url) = notification_url.filter(|u| !u.trim().is_empty()) {
        data["threeDSMethodNotificationURL"] = url.into();
    }
    encode_message(&data)
}

/// A form that posts `fields` to `action` at once (the script), or on a
/// click without JavaScript.
fn auto_post(
    title: &str,
    text: &str,
    action: &str,
    fields: &[(&str, &str)],
    framing: Framing,
) -> Response {
    let inputs = super::hidden_inputs(fields);
    let body = format!(
        "<p>{text}</p><form id=\"next\" method=\"post\" action=\"{action}\">{inputs}\
         <button type=\"submit\">Continue</button></form>",
        text = escape(text),
        action = escape(action),
    );
    plain_page(
        StatusCode::OK,
        title,
        &body,
        Some(AUTO_POST_SCRIPT),
        framing,
    )
}

fn web_url(text: &str) -> bool {
    url::Url::parse(text.trim())
        .is_ok_and(|u| matches!(u.scheme(), "http" | "https") && u.has_host())
        && !text.chars().any(char::is_control)
}

/// `POST acs2/method.do` with `threeDSMethodData`: the issuer's 3DS Method
/// page, in the merchant's hidden iframe. It records that the method ran,
/// and posts the transaction id on to the merchant's notification URL.
pub async fn method(State(app): State<Arc<App>>, body: Bytes) -> Response {
    let form = Form::parse(&body);
    let data = form.get("threeDSMethodData").unwrap_or_default();
    let Some(trans_id) = trans_id_in(data).filter(|t| app.store.method_done(t)) else {
        return no_authentication();
    };
    match field_in(data, "threeDSMethodNotificationURL").filter(|u| web_url(u)) {
        Some(notification) => {
            let notice = encode_message(&serde_json::json!({ "threeDSServerTransID": trans_id }));
            auto_post(
                "3DS Method",
                "The 3DS Method has run.",
                &notification,
                &[("threeDSMethodData", &notice)],
                Framing::Allow,
            )
        }
        None => plain_page(
            StatusCode::OK,
            "3DS Method",
            "<p>The 3DS Method has run.</p>",
            None,
            Framing::Allow,
        ),
    }
}

/// The order waiting at the ACS for this `creq`.
fn challenged(app: &App, creq: &str) -> Option<Order> {
    let order_id = app.store.order_of_transaction(&trans_id_in(creq)?)?;
    app.store.pending_auth(&order_id, Some(creq), now_ms())
}

/// The ACS page asking for the one-time code.
pub(crate) fn challenge_page(app: &App, order: &Order, creq: &str) -> Response {
    super::code_page(
        "Sandbox 3-D Secure 2 challenge.",
        order,
        &challenge_url(&app.base_url),
        &[("creq", creq)],
    )
}

/// `POST acs2/challenge.do` with `creq` (the browser, from the merchant's
/// page): the code page; with `code` as well: the challenge's end, which
/// posts `cres` to the gateway.
pub async fn challenge(State(app): State<Arc<App>>, body: Bytes) -> Response {
    let form = Form::parse(&body);
    let creq = form.get("creq").unwrap_or_default();
    let Some(order) = challenged(&app, creq) else {
        return no_authentication();
    };
    let Some(code) = form.get("code") else {
        return challenge_page(&app, &order, creq);
    };
    let Ok(paid) = app.store.finish_auth(&order.id, creq, code, now_ms()) else {
        return no_authentication();
    };
    tracing::debug!(order = %order.id, paid, "3-D Secure 2 challenge finished");
    let cres = encode_message(&serde_json::json!({
        "threeDSServerTransID": trans_id_in(creq),
        "acsTransID": field_in(creq, "acsTransID"),
        "messageType": "CRes",
        "messageVersion": "2.1.0",
        "transStatus": if paid { "Y" } else { "N" },
    }));
    auto_post(
        "Authentication",
        "Returning to the shop.",
        &return_url(&app.base_url),
        &[("cres", &cres)],
        Framing::Deny,
    )
}

/// `POST rest/finish3dsVer2.do` with `cres`: sends the browser to
/// `threeDSVer2FinishUrl`, or to the order's return or fail URL.
pub async fn finish(State(app): State<Arc<App>>, body: Bytes) -> Response {
    let form = Form::parse(&body);
    let Some(order) = trans_id_in(form.get("cres").unwrap_or_default())
        .and_then(|t| app.store.order_of_transaction(&t))
        .and_then(|id| app.store.order(None, OrderRef::Id(&id), now_ms()).ok())
    else {
        return no_authentication();
    };
    let finish_url = order.three_ds2.as_ref().and_then(|s| s.finish_url.clone());
    let target = match order.state {
        OrderState::AcsAuth => return no_authentication(),
        _ if finish_url.is_some() => finish_url.unwrap_or_default(),
        OrderState::Registered | OrderState::Declined => order.fail_target().to_owned(),
        _ => order.return_url.clone(),
    };
    let lang = Lang::from_param(order.language.as_deref());
    see_other(&customer_url(&app.base_url, &target, &order.id, lang))
}

/// The gateway's own 3DS Method page, for its payment page: the method
/// URL loaded in a hidden iframe, then the browser continues at
/// [`CONTINUE_ROUTE`] (at once without JavaScript, by its button).
pub(crate) fn hosted_method_page(app: &App, order: &Order, trans_id: &str) -> Response {
    let hidden = |name: &str, value: &str| super::hidden_inputs(&[(name, value)]);
    let body = format!(
        "<p>Checking the card with its bank…</p>\n\
         <iframe name=\"three-ds-method\" title=\"3-D Secure\" hidden \
         width=\"0\" height=\"0\"></iframe>\n\
         <form id=\"three-ds-method-form\" method=\"post\" action=\"{method_url}\" \
         target=\"three-ds-method\">{data}</form>\n\
         <form id=\"three-ds-continue\" method=\"post\" action=\"{continue_url}\">\
         {md}{trans}{comp}<noscript><button type=\"submit\">Continue</button></noscript></form>",
        method_url = escape(&method_url(&app.base_url)),
        data = hidden("threeDSMethodData", &method_data(trans_id, None)),
        continue_url = escape(&format!("{}acs2/continue.do", app.base_url)),
        md = hidden("MD", &order.id),
        trans = hidden("threeDSServerTransId", trans_id),
        comp = hidden("threeDSCompInd", "N"),
    );
    plain_page(
        StatusCode::OK,
        "3-D Secure",
        &body,
        Some(THREE_DS_METHOD_SCRIPT),
        Framing::Deny,
    )
}

/// `POST acs2/continue.do` with `MD` and `threeDSServerTransId`: the
/// gateway's payment page goes on after the 3DS Method, to the challenge
/// or to the return or fail URL.
pub async fn continue_payment(State(app): State<Arc<App>>, body: Bytes) -> Response {
    let form = Form::parse(&body);
    let (Some(md), Some(trans_id)) = (form.non_empty("MD"), form.non_empty("threeDSServerTransId"))
    else {
        return no_authentication();
    };
    let Ok(order) = app.store.order(None, OrderRef::Id(md), now_ms()) else {
        return no_authentication();
    };
    let lang = Lang::from_param(order.language.as_deref());
    match app
        .store
        .finish_three_ds_method(&order.merchant, md, trans_id, now_ms())
    {
        Ok((PayOutcome::ThreeDs2Challenge { creq }, order)) => challenge_page(&app, &order, &creq),
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
