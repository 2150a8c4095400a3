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
//! Every page allows only its own inline script, by a nonce made for that
//! page, and works without JavaScript through a visible button.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};

use super::{escape, no_authentication, see_other};
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

/// Whether the merchant may frame the page (the 3DS Method page runs in
/// the merchant's hidden iframe; nothing else may be framed).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Framing {
    Deny,
    Allow,
}

/// A page with its own security headers: no script but the page's own,
/// allowed by a fresh nonce; frames as `framing` says.
fn page(title: &str, body: &str, script: Option<&str>, framing: Framing) -> Response {
    let nonce = crate::ids::token();
    let script = script
        .map(|s| format!("<script nonce=\"{nonce}\">{s}</script>\n"))
        .unwrap_or_default();
    let html = format!(
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width\"><title>{title}</title></head>\
         <body style=\"font-family:sans-serif;max-width:36em;margin:2em auto\">\
         <h1>{title}</h1>\n{body}\n{script}</body></html>\n",
        title = escape(title)
    );
    let ancestors = match framing {
        Framing::Deny => "'none'",
        Framing::Allow => "http: https:",
    };
    let csp = format!(
        "default-src 'none'; style-src 'unsafe-inline'; script-src 'nonce-{nonce}'; \
         frame-src 'self'; form-action 'self' http: https:; frame-ancestors {ancestors}; \
         base-uri 'none'"
    );
    let mut response = (
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8".to_owned()),
            (header::CONTENT_SECURITY_POLICY, csp),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_owned()),
            (header::CACHE_CONTROL, "no-store".to_owned()),
            (header::REFERRER_POLICY, "no-referrer".to_owned()),
        ],
        html,
    )
        .into_response();
    if framing == Framing::Deny {
        response.headers_mut().insert(
            header::X_FRAME_OPTIONS,
            header::HeaderValue::from_static("DENY"),
        );
    }
    response
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
    page(
        title,
        &body,
        Some("document.getElementById(\"next\").submit();"),
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
        None => page(
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
         style=\"display:none\" width=\"0\" height=\"0\"></iframe>\n\
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
    page(
        "3-D Secure",
        &body,
        Some(HOSTED_METHOD_SCRIPT),
        Framing::Deny,
    )
}

/// Posts the method form into the iframe, and the continue form when the
/// method page has loaded in it (not its first, empty `about:blank`):
/// `threeDSCompInd=Y`, or after 10 s `N`. The same script as the client's
/// method page (`bereke::three_ds`), which this gateway page does not use:
/// the sandbox shares only the models with the merchant's client.
const HOSTED_METHOD_SCRIPT: &str = "(function(){var f=document.getElementById(\"three-ds-continue\"),\
     m=document.getElementById(\"three-ds-method-form\"),done=false;\
     function go(y){if(done)return;done=true;f.elements.threeDSCompInd.value=y?\"Y\":\"N\";f.submit();}\
     var w=document.getElementsByName(\"three-ds-method\")[0];\
     w.addEventListener(\"load\",function(){try{if(w.contentWindow.location.href===\"about:blank\")return;}catch(e){}go(true);});\
     setTimeout(function(){go(false);},10000);m.submit();})();";

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
