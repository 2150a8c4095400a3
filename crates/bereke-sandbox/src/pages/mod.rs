//! The pages a customer's browser sees, one file for each thing served:
//!
//! - [`acs`]: the sandbox's own ACS (3-D Secure) page and `acsRedirect.do`;
//! - [`acs2`]: the 3-D Secure 2 pages (3DS Method, challenge, return);
//! - [`finish`]: `finish3ds.do`, the gateway's return address from the ACS;
//! - [`payment_form`]: the payment page behind `formUrl` and `processform.do`;
//! - [`merchant`]: the merchant pages relative return URLs lead to.
//!
//! This module holds what they share: HTML escaping, the one page frame
//! ([`Frame`]: one stylesheet, `assets/page.css`) and its security headers.
//! The Content-Security-Policy allows the stylesheet and the scripts of
//! [`SCRIPTS`] by their SHA-256 hashes and nothing else: no style
//! attribute, no other inline script. A page that needs a script adds it
//! to `assets/` and to [`SCRIPTS`]. No page may be framed, but for the
//! issuer's 3DS Method page ([`Framing`]).

pub mod acs;
pub mod acs2;
pub(crate) mod card_entry;
pub mod finish;
pub mod merchant;
pub mod payment_form;
pub(crate) mod texts;

use std::sync::LazyLock;

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use base64::Engine as _;
use sha2::{Digest, Sha256};

use crate::messages::Lang;
use crate::store::Order;

/// The stylesheet of every page, inlined in its `<style>`.
const STYLESHEET: &str = include_str!("assets/page.css");

/// The payment page's script: card-number spacing, the Luhn check, one post.
pub(crate) const CARD_SCRIPT: &str = include_str!("assets/card.js");

/// A page's form `next` posted at once (a button posts it without JavaScript).
pub(crate) const AUTO_POST_SCRIPT: &str = include_str!("assets/auto_post.js");

/// The gateway's 3DS Method page: the method in a hidden iframe, then on.
pub(crate) const THREE_DS_METHOD_SCRIPT: &str = include_str!("assets/three_ds_method.js");

/// Every inline script a page may carry; the CSP allows these and no other.
pub(crate) const SCRIPTS: &[&str] = &[CARD_SCRIPT, AUTO_POST_SCRIPT, THREE_DS_METHOD_SCRIPT];

/// Escapes text for HTML text and quoted attribute values.
pub(crate) fn escape(text: &str) -> String {
    html_escape::encode_quoted_attribute(text).into_owned()
}

/// `'sha256-…'`, the CSP source that allows exactly this inline text.
fn csp_hash(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    format!(
        "'sha256-{}'",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

/// Who may show a page in a frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Framing {
    /// No one (clickjacking): every page but one.
    Deny,
    /// Any `http(s)` page: the issuer's 3DS Method page, which runs in the
    /// merchant's hidden iframe.
    Allow,
}

/// The Content-Security-Policy of every page, with `frame-ancestors` as
/// `framing` says: the stylesheet and the known scripts by hash; frames
/// only from the sandbox itself (the 3DS Method's iframe); no `<base>`;
/// forms post only to an `http`/`https` address (the pages post to the
/// sandbox, whose answers then redirect to the merchant's own address).
fn content_security_policy(framing: Framing) -> HeaderValue {
    static POLICIES: LazyLock<[HeaderValue; 2]> =
        LazyLock::new(|| [policy("'none'"), policy("http: https:")]);
    let [deny, allow] = &*POLICIES;
    match framing {
        Framing::Deny => deny.clone(),
        Framing::Allow => allow.clone(),
    }
}

fn policy(frame_ancestors: &str) -> HeaderValue {
    let scripts: Vec<String> = SCRIPTS.iter().map(|script| csp_hash(script)).collect();
    let policy = format!(
        "default-src 'none'; style-src {style}; script-src {scripts}; frame-src 'self'; \
         form-action 'self' http: https:; frame-ancestors {frame_ancestors}; base-uri 'none'",
        style = csp_hash(STYLESHEET),
        scripts = scripts.join(" "),
    );
    // Hashes are Base64 and the rest is ASCII: always a valid header value.
    HeaderValue::from_str(&policy).unwrap_or(HeaderValue::from_static("default-src 'none'"))
}

/// The other headers of every page, which may show card data or a one-time
/// code: no content sniffing, no copy in a cache or the history, no
/// `Referer` carrying the order id.
const PAGE_HEADERS: [(header::HeaderName, &str); 4] = [
    (header::CONTENT_TYPE, "text/html; charset=utf-8"),
    (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
    (header::CACHE_CONTROL, "no-store"),
    (header::REFERRER_POLICY, "no-referrer"),
];

/// A whole page: `main` inside the sheet, `head` (already HTML) after the
/// stylesheet, `script` (one of [`SCRIPTS`]) at the end of the body.
pub(crate) struct Frame<'a> {
    /// The page's language (`<html lang>`).
    pub lang: Lang,
    /// The window title.
    pub title: &'a str,
    /// More of `<head>`, such as a refresh.
    pub head: &'a str,
    /// The sheet's content.
    pub main: &'a str,
    /// The page's script, if any.
    pub script: Option<&'static str>,
    /// Who may frame the page.
    pub framing: Framing,
}

impl Frame<'_> {
    /// The page as an answer with `status` and the page headers.
    pub fn respond(&self, status: StatusCode) -> Response {
        let script = self
            .script
            .map(|script| format!("<script>{script}</script>\n"))
            .unwrap_or_default();
        let page = format!(
            "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
             <title>{title}</title>\n<style>{STYLESHEET}</style>\n{head}</head>\n<body>\n\
             <main class=\"sheet\">\n{main}\n</main>\n{script}</body>\n</html>\n",
            lang = self.lang.code(),
            title = escape(self.title),
            head = self.head,
            main = self.main,
        );
        // A script the policy does not allow would not run: a page's bug.
        debug_assert!(self.script.is_none_or(|script| SCRIPTS.contains(&script)));
        let mut response = (status, PAGE_HEADERS, page).into_response();
        let headers = response.headers_mut();
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            content_security_policy(self.framing),
        );
        if self.framing == Framing::Deny {
            headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
        }
        response
    }
}

/// A plain page in English: a heading and `body` (already HTML).
pub(crate) fn html(status: StatusCode, title: &str, body: &str) -> Response {
    plain_page(status, title, body, None, Framing::Deny)
}

/// The frame of a plain page in English: a heading, `body` (already HTML)
/// and `script` (one of [`SCRIPTS`]).
pub(crate) fn plain_page(
    status: StatusCode,
    title: &str,
    body: &str,
    script: Option<&'static str>,
    framing: Framing,
) -> Response {
    let main = format!(
        "<div class=\"content\"><h1>{}</h1>\n{body}</div>",
        escape(title)
    );
    Frame {
        lang: Lang::En,
        title,
        head: "",
        main: &main,
        script,
        framing,
    }
    .respond(status)
}

pub(crate) fn see_other(location: &str) -> Response {
    (
        StatusCode::SEE_OTHER,
        [(header::LOCATION, location.to_owned())],
    )
        .into_response()
}

/// The order's amount with its currency's sign, as pages show it: `123.45 ₸`.
pub(crate) fn amount_text(order: &Order) -> String {
    order
        .amount
        .in_currency(order.currency)
        .with_symbol()
        .to_string()
}

/// Hidden form fields, escaped.
pub(crate) fn hidden_inputs(fields: &[(&str, &str)]) -> String {
    fields
        .iter()
        .map(|(name, value)| {
            format!(
                "<input type=\"hidden\" name=\"{}\" value=\"{}\">",
                escape(name),
                escape(value)
            )
        })
        .collect()
}

/// The ACS page asking for the one-time code, for 3-D Secure 1 and 2
/// alike: what it says of the order, and a form posting `hidden` and the
/// typed `code` to `action`.
pub(crate) fn code_page(
    heading: &str,
    order: &Order,
    action: &str,
    hidden: &[(&str, &str)],
) -> Response {
    let card = order
        .pending
        .as_ref()
        .map(|p| p.card.masked_pan.as_str())
        .unwrap_or_default();
    let fields = hidden_inputs(hidden);
    let body = format!(
        "<p>{heading}</p>\
         <p>Order {number}, amount {amount}, card {card}.</p>\
         <p>Enter the one-time code (the test cards' code is 12345678):</p>\
         <form method=\"post\" action=\"{action}\">{fields}\
         <input name=\"code\" autocomplete=\"one-time-code\" autofocus> \
         <button type=\"submit\">Confirm</button></form>",
        heading = escape(heading),
        number = escape(&order.number),
        amount = escape(&amount_text(order)),
        card = escape(card),
        action = escape(action),
    );
    html(StatusCode::OK, "Authentication", &body)
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

    #[test]
    fn the_policy_allows_the_stylesheet_and_scripts_by_hash_only() {
        let scripts: Vec<String> = SCRIPTS.iter().map(|s| csp_hash(s)).collect();
        for (framing, ancestors) in [(Framing::Deny, "'none'"), (Framing::Allow, "http: https:")] {
            let policy = content_security_policy(framing);
            let policy = policy.to_str().unwrap();
            assert!(policy.contains(&format!("style-src {};", csp_hash(STYLESHEET))));
            assert!(policy.contains(&format!("script-src {};", scripts.join(" "))));
            assert!(policy.contains(&format!("frame-ancestors {ancestors};")));
            assert!(!policy.contains("unsafe"), "{policy}");
        }
        // The hash of a known text (checked with `openssl dgst -sha256 -binary | base64`).
        assert_eq!(
            csp_hash("abc"),
            "'sha256-ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0='"
        );
    }
}
