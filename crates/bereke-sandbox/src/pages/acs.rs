//! The sandbox's own ACS (3-D Secure 1) page and `acsRedirect.do`.
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
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;

use super::{code_page, html, no_authentication, see_other};
use crate::form::Form;
use crate::messages::Lang;
use crate::routes::App;
use crate::store::{now_ms, Order};

/// `acsRedirect.do?orderId=…`: the simplified way to the ACS.
pub const ACS_REDIRECT_ROUTE: &str = "/payment/acsRedirect.do";
/// The ACS: its authentication page, and where that page posts the code.
pub const ACS_START_ROUTE: &str = "/payment/acs/auth/start.do";

/// `acsUrl` of a 3-D Secure answer.
pub fn acs_url(base_url: &str) -> String {
    format!("{base_url}acs/auth/start.do")
}

/// `termUrl` of a 3-D Secure answer.
pub fn term_url(base_url: &str, lang: Lang) -> String {
    format!("{base_url}rest/finish3ds.do?lang={}", lang.code())
}

/// The ACS page asking for the one-time code.
pub(crate) fn acs_page(app: &App, order: &Order, pa_req: &str, term_url: &str) -> Response {
    code_page(
        "Sandbox 3-D Secure authentication.",
        order,
        &acs_url(&app.base_url),
        &[
            ("MD", order.id.as_str()),
            ("PaReq", pa_req),
            ("TermUrl", term_url),
        ],
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
