//! The pages a customer's browser sees, one file for each thing served:
//!
//! - [`acs`]: the sandbox's own ACS (3-D Secure) page and `acsRedirect.do`;
//! - [`acs2`]: the 3-D Secure 2 pages (3DS Method, challenge, return);
//! - [`finish`]: `finish3ds.do`, the gateway's return address from the ACS;
//! - [`payment_form`]: the payment page behind `formUrl` and `processform.do`;
//! - [`merchant`]: the merchant pages relative return URLs lead to.
//!
//! This module holds what they share: HTML escaping, the page frame and its
//! security headers.

pub mod acs;
pub mod acs2;
pub mod finish;
pub mod merchant;
pub mod payment_form;

use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::store::Order;

/// Escapes text for HTML text and quoted attribute values.
pub(crate) fn escape(text: &str) -> String {
    html_escape::encode_quoted_attribute(text).into_owned()
}

pub(crate) fn html(status: StatusCode, title: &str, body: &str) -> Response {
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

pub(crate) fn see_other(location: &str) -> Response {
    (
        StatusCode::SEE_OTHER,
        [(header::LOCATION, location.to_owned())],
    )
        .into_response()
}

pub(crate) fn amount_text(order: &Order) -> String {
    format!("{} (currency {})", order.amount, order.currency)
}

/// The page for a request that names no order waiting for this step.
pub(crate) fn no_authentication() -> Response {
    html(
        StatusCode::BAD_REQUEST,
        "No authentication",
        "<p>No 3-D Secure authentication is waiting for this order.</p>",
    )
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
