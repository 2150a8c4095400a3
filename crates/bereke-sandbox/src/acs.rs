//! The pages a customer's browser sees: the sandbox's own ACS (3-D Secure)
//! page, `acsRedirect.do`, `finish3ds.do`, the payment page behind
//! `formUrl`, and the merchant pages relative return URLs lead to.
//!
//! The 3-D Secure flow: `paymentorder.do` answers `acsUrl`, `paReq` and
//! `termUrl`; the browser posts `MD`, `PaReq` and `TermUrl` to `acsUrl` (or
//! opens `acsRedirect.do?orderId=…`) and gets a page asking for the one-time
//! code, whose form posts the same fields and `code` back to `acsUrl`.
//! Posting the code (`12345678` for the document's cards) completes
//! the payment, any other code declines it; the browser is then sent (303)
//! to `TermUrl` with `MD` and `PaRes`, and from `finish3ds.do` (303) to the
//! order's return or fail URL. The payment is complete once the code is
//! posted, whether or not the browser follows the redirects.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::form::Form;
use crate::messages::Lang;
use crate::routes::{customer_url, App};
use crate::store::{now_ms, CardEntry, Order, PayOutcome, State as OrderState};

/// `acsRedirect.do?orderId=…`: the simplified way to the ACS.
pub const ACS_REDIRECT_ROUTE: &str = "/payment/acsRedirect.do";
/// The ACS: its authentication page, and where that page posts the code.
pub const ACS_START_ROUTE: &str = "/payment/acs/auth/start.do";
/// The gateway's return address from the ACS (`termUrl`).
pub const FINISH_3DS_ROUTE: &str = "/payment/rest/finish3ds.do";
/// Merchant pages and the payment page.
pub const MERCHANT_PAGES_ROUTE: &str = "/payment/merchants/{*page}";
/// Where the payment page posts the card data.
pub const PAYMENT_FORM_ROUTE: &str = "/payment/processform.do";

/// `acsUrl` of a 3-D Secure answer.
pub fn acs_url(base_url: &str) -> String {
    format!("{base_url}acs/auth/start.do")
}

/// `termUrl` of a 3-D Secure answer.
pub fn term_url(base_url: &str, lang: Lang) -> String {
    format!("{base_url}rest/finish3ds.do?lang={}", lang.code())
}

/// Escapes text for HTML text and quoted attribute values.
fn escape(text: &str) -> String {
    html_escape::encode_quoted_attribute(text).into_owned()
}

fn html(status: StatusCode, title: &str, body: &str) -> Response {
    let page = format!(
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>{title}</title></head>\
         <body style=\"font-family:sans-serif;max-width:36em;margin:2em auto\">\
         <h1>{title}</h1>\n{body}\n</body></html>\n",
        title = escape(title)
    );
    (status, PAGE_HEADERS, page).into_response()
}

/// The headers of every page, which may show card data or a one-time code:
/// no script, no frame (clickjacking), no content sniffing, no copy in a
/// cache or the history, no `Referer` carrying the order id. Forms may post
/// only to an `http`/`https` address (the pages post to the sandbox, whose
/// answers then redirect to the merchant's own address).
const PAGE_HEADERS: [(header::HeaderName, &str); 6] = [
    (header::CONTENT_TYPE, "text/html; charset=utf-8"),
    (
        header::CONTENT_SECURITY_POLICY,
        "default-src 'none'; style-src 'unsafe-inline'; form-action 'self' http: https:; \
         frame-ancestors 'none'; base-uri 'none'",
    ),
    (header::X_FRAME_OPTIONS, "DENY"),
    (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
    (header::CACHE_CONTROL, "no-store"),
    (header::REFERRER_POLICY, "no-referrer"),
];

fn see_other(location: &str) -> Response {
    (
        StatusCode::SEE_OTHER,
        [(header::LOCATION, location.to_owned())],
    )
        .into_response()
}

fn amount_text(order: &Order) -> String {
    format!("{} (currency {})", order.amount, order.currency)
}

/// The ACS page asking for the one-time code.
fn acs_page(app: &App, order: &Order, pa_req: &str, term_url: &str) -> Response {
    let card = order
        .pending
        .as_ref()
        .map(|p| p.card.masked_pan.clone())
        .unwrap_or_default();
    let body = format!(
        "<p>Sandbox 3-D Secure authentication.</p>\
         <p>Order {number}, amount {amount}, card {card}.</p>\
         <p>Enter the one-time code (the test cards' code is 12345678):</p>\
         <form method=\"post\" action=\"{action}\">\
         <input type=\"hidden\" name=\"MD\" value=\"{md}\">\
         <input type=\"hidden\" name=\"PaReq\" value=\"{pa_req}\">\
         <input type=\"hidden\" name=\"TermUrl\" value=\"{term_url}\">\
         <input name=\"code\" autocomplete=\"one-time-code\" autofocus> \
         <button type=\"submit\">Confirm</button></form>",
        number = escape(&order.number),
        amount = escape(&amount_text(order)),
        card = escape(&card),
        action = escape(&acs_url(&app.base_url)),
        md = escape(&order.id),
        pa_req = escape(pa_req),
        term_url = escape(term_url),
    );
    html(StatusCode::OK, "Authentication", &body)
}

fn no_authentication() -> Response {
    html(
        StatusCode::BAD_REQUEST,
        "No authentication",
        "<p>No 3-D Secure authentication is waiting for this order.</p>",
    )
}

/// The `TermUrl` the browser posted (the gateway's own when none), or
/// `None` when it is not an absolute `http`/`https` address: the ACS sends
/// the browser there, so `javascript:`, `data:` or `//host` would make it
/// an open redirect or a script.
fn posted_term_url(app: &App, form: &Form) -> Option<String> {
    let Some(posted) = form.non_empty("TermUrl") else {
        return Some(term_url(&app.base_url, Lang::En));
    };
    let parsed = url::Url::parse(posted).ok()?;
    let web = matches!(parsed.scheme(), "http" | "https") && parsed.has_host();
    (web && !posted.chars().any(char::is_control)).then(|| posted.to_owned())
}

fn invalid_term_url() -> Response {
    html(
        StatusCode::BAD_REQUEST,
        "Invalid TermUrl",
        "<p>TermUrl must be an absolute http or https address.</p>",
    )
}

fn show_acs(app: &App, form: &Form) -> Response {
    let (Some(md), Some(pa_req)) = (form.non_empty("MD"), form.non_empty("PaReq")) else {
        return no_authentication();
    };
    let Some(term) = posted_term_url(app, form) else {
        return invalid_term_url();
    };
    match app.store.pending_auth(md, Some(pa_req), now_ms()) {
        Some(order) => acs_page(app, &order, pa_req, &term),
        None => no_authentication(),
    }
}

/// `GET acs/auth/start.do?MD=…&PaReq=…&TermUrl=…`.
pub async fn start_get(State(app): State<Arc<App>>, RawQuery(query): RawQuery) -> Response {
    show_acs(&app, &Form::parse(query.unwrap_or_default().as_bytes()))
}

/// `POST acs/auth/start.do` with `MD`, `PaReq`, `TermUrl` (the normal way):
/// the page; with `code` as well: the authentication's end.
pub async fn start_post(State(app): State<Arc<App>>, body: Bytes) -> Response {
    let form = Form::parse(&body);
    if form.get("code").is_some() {
        finish(&app, &form)
    } else {
        show_acs(&app, &form)
    }
}

/// `acsRedirect.do?orderId=…`: the ACS page of the order's pending payment.
pub async fn acs_redirect(State(app): State<Arc<App>>, RawQuery(query): RawQuery) -> Response {
    let form = Form::parse(query.unwrap_or_default().as_bytes());
    let Some(order_id) = form.non_empty("orderId") else {
        return no_authentication();
    };
    match app.store.pending_auth(order_id, None, now_ms()) {
        Some(order) => {
            let lang = Lang::from_param(order.language.as_deref());
            let pa_req = order
                .pending
                .as_ref()
                .map(|p| p.pa_req.clone())
                .unwrap_or_default();
            acs_page(&app, &order, &pa_req, &term_url(&app.base_url, lang))
        }
        None => no_authentication(),
    }
}

/// Checks the code, completes or declines the payment, and sends the
/// browser to `TermUrl`.
fn finish(app: &App, form: &Form) -> Response {
    let (Some(md), Some(pa_req)) = (form.non_empty("MD"), form.non_empty("PaReq")) else {
        return no_authentication();
    };
    // Checked before the code: a refused TermUrl leaves the authentication
    // waiting, as if the form had not been posted.
    let Some(term) = posted_term_url(app, form) else {
        return invalid_term_url();
    };
    let code = form.get("code").unwrap_or_default();
    match app.store.finish_auth(md, pa_req, code, now_ms()) {
        Ok(paid) => {
            tracing::debug!(order = %md, paid, "3-D Secure authentication finished");
            let query = form_urlencoded::Serializer::new(String::new())
                .append_pair("MD", md)
                .append_pair("PaRes", &crate::ids::token())
                .finish();
            let separator = if term.contains('?') { '&' } else { '?' };
            see_other(&format!("{term}{separator}{query}"))
        }
        Err(_) => no_authentication(),
    }
}

fn finish_3ds(app: &App, form: &Form, lang: Lang) -> Response {
    let Some(md) = form.non_empty("MD").or_else(|| form.non_empty("orderId")) else {
        return no_authentication();
    };
    let Ok(order) = app
        .store
        .order(None, crate::store::OrderRef::Id(md), now_ms())
    else {
        return no_authentication();
    };
    let target = match order.state {
        OrderState::Approved
        | OrderState::Deposited
        | OrderState::Reversed
        | OrderState::Refunded => order.return_url.as_str(),
        OrderState::AcsAuth => return no_authentication(),
        OrderState::Registered | OrderState::Declined => order.fail_target(),
    };
    see_other(&customer_url(&app.base_url, target, &order.id, lang))
}

/// `GET rest/finish3ds.do?MD=…&PaRes=…`.
pub async fn finish_3ds_get(State(app): State<Arc<App>>, RawQuery(query): RawQuery) -> Response {
    let form = Form::parse(query.unwrap_or_default().as_bytes());
    let lang = Lang::from_param(form.get("lang"));
    finish_3ds(&app, &form, lang)
}

/// `POST rest/finish3ds.do` with `MD` and `PaRes` (as an ACS posts them).
pub async fn finish_3ds_post(
    State(app): State<Arc<App>>,
    RawQuery(query): RawQuery,
    body: Bytes,
) -> Response {
    let lang = Lang::from_param(Form::parse(query.unwrap_or_default().as_bytes()).get("lang"));
    finish_3ds(&app, &Form::parse(&body), lang)
}

/// `merchants/…`: the payment page (`rbs/payment_<lang>.html?mdOrder=…`),
/// or a plain page for the return and fail URLs.
pub async fn merchant_page(
    State(app): State<Arc<App>>,
    Path(page): Path<String>,
    RawQuery(query): RawQuery,
) -> Response {
    let form = Form::parse(query.unwrap_or_default().as_bytes());
    if page.starts_with("rbs/payment") {
        if let Some(md) = form.non_empty("mdOrder") {
            if let Some(order) = app.store.pending_auth(md, None, now_ms()).or_else(|| {
                app.store
                    .order(None, crate::store::OrderRef::Id(md), now_ms())
                    .ok()
                    .filter(|o| o.state == OrderState::Registered)
            }) {
                return payment_page(&app, &order);
            }
        }
        return html(
            StatusCode::NOT_FOUND,
            "Payment",
            "<p>This order cannot be paid (unknown, paid or expired).</p>",
        );
    }
    let order = form.non_empty("orderId").unwrap_or_default();
    html(
        StatusCode::OK,
        "Merchant page",
        &format!(
            "<p>Sandbox merchant page <code>{}</code> for order <code>{}</code>.</p>\
             <p>Ask getOrderStatusExtended.do for the payment's outcome.</p>",
            escape(&page),
            escape(order)
        ),
    )
}

fn payment_page(app: &App, order: &Order) -> Response {
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
         <p>Test cards: 4444555511113333 (no 3-D Secure), 4012001038166662 and \
         5555555555555599 (3-D Secure, code 12345678); expiry 12/24, CVC 123.</p>",
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
    };
    match app
        .store
        .pay_with_card(&order.merchant, md, entry, now_ms())
    {
        Ok((PayOutcome::ThreeDs { pa_req }, order)) => {
            acs_page(&app, &order, &pa_req, &term_url(&app.base_url, lang))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_html() {
        assert_eq!(
            escape("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#x27;"
        );
    }
}
