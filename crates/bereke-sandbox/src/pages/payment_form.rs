//! The payment page behind `formUrl`, and `processform.do`, where it posts
//! the card data; with the pages of an order that can no longer be paid.
//!
//! The page shows the merchant's name, the order's description, number and
//! amount (`123.45 ₸`), in the language of the page's address
//! (`payment_kk.html`) or of the order, and posts the fields the gateway's
//! own page posts (`MDORDER`, `$PAN`, `MM`, `YYYY`, `$CVC`, `TEXT`,
//! `language`). As on the gateway: a declined payment with attempts left
//! shows the page again with the decline text; the last declined attempt
//! shows the decline text and sends the browser on to the fail URL (the
//! document's `redirect` to `failUrl` with "… Redirecting...").

use std::fmt::Write as _;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use bereke_types::test_cards;
use bereke_types::PaymentInfo;

use super::acs::{acs_page, term_url};
use super::card_entry::{self, FieldErrors};
use super::texts::{texts, LANGS};
use super::{amount_text, escape, no_authentication, see_other, Frame, Framing, CARD_SCRIPT};
use crate::form::Form;
use crate::messages::Lang;
use crate::routes::{customer_url, App};
use crate::store::{
    now_ms, CardEntry, Order, OrderError, OrderRef, PayOutcome, State as OrderState,
    ACTION_CODE_TIMEOUT,
};

/// Where the payment page posts the card data.
pub const PAYMENT_FORM_ROUTE: &str = "/payment/processform.do";

/// Seconds the page of a finally declined payment is shown before the
/// browser goes on to the fail URL.
const DECLINE_REDIRECT_SECS: u32 = 3;

/// What the payment page shows besides the order: a decline, wrong fields
/// and what was typed in the fields kept (never the card number or CVC).
#[derive(Default)]
pub(crate) struct Entered<'a> {
    /// The decline text of the last attempt.
    pub alert: Option<&'a str>,
    /// Fields to mark.
    pub errors: FieldErrors,
    /// The month typed.
    pub month: &'a str,
    /// The year typed.
    pub year: &'a str,
    /// The cardholder typed.
    pub cardholder: &'a str,
}

fn merchant_name<'a>(app: &'a App, order: &'a Order) -> &'a str {
    app.merchant(&order.merchant)
        .map_or(order.merchant.as_str(), |m| m.name.as_str())
}

/// The bar at the top: the merchant's name, and links to the page in each
/// language when `switch` names the order.
fn bar(shop: &str, lang: Lang, switch: Option<(&App, &Order)>) -> String {
    let mut links = String::new();
    if let Some((app, order)) = switch {
        links.push_str("<nav class=\"langs\">");
        for other in LANGS {
            let _ = write!(
                links,
                "<a href=\"{href}\" hreflang=\"{code}\" lang=\"{code}\" title=\"{name}\"{current}>{short}</a>",
                href = escape(&format!(
                    "{}merchants/rbs/payment_{}.html?mdOrder={}",
                    app.base_url,
                    other.code(),
                    order.id
                )),
                code = other.code(),
                name = texts(other).name,
                short = texts(other).short,
                current = if other == lang { " aria-current=\"true\"" } else { "" },
            );
        }
        links.push_str("</nav>");
    }
    format!(
        "<header class=\"bar\"><span class=\"shop\">{}</span>{links}</header>",
        escape(shop)
    )
}

/// The order's description, number and amount.
fn summary(order: &Order, lang: Lang) -> String {
    let description = order
        .description
        .as_deref()
        .filter(|d| !d.trim().is_empty())
        .map(|d| format!("<p class=\"description\">{}</p>", escape(d)))
        .unwrap_or_default();
    format!(
        "<section class=\"summary\">{description}\
         <p class=\"muted\">{order_word} № {number}</p>\
         <p class=\"amount\" id=\"amount\">{amount}</p></section>",
        order_word = texts(lang).order,
        number = escape(&order.number),
        amount = escape(&amount_text(order)),
    )
}

fn foot(lang: Lang) -> String {
    format!(
        "<footer class=\"foot\">{}</footer>",
        texts(lang).sandbox_note
    )
}

/// The document's test cards, as a hint under the form.
fn test_card_list(lang: Lang) -> String {
    let t = texts(lang);
    let mut items = String::new();
    for card in test_cards::ALL {
        let (month, year) = card.expiry.split_once('/').unwrap_or((card.expiry, ""));
        let how = match (card.three_ds, card.acs_code) {
            (None, _) => t.without_3ds.to_owned(),
            (Some(version), Some(code)) => format!("3-D Secure {version}, {} {code}", t.code),
            (Some(version), None) => format!(
                "3-D Secure {version}, {} {}",
                t.code,
                crate::config::DEFAULT_ACS_CODE
            ),
        };
        let _ = write!(
            items,
            "<li><code>{pan}</code> {month}/20{year}, CVC <code>{cvc}</code>: {how}</li>",
            pan = escape(&grouped(card.pan)),
            month = escape(month),
            year = escape(year),
            cvc = escape(card.cvc),
            how = escape(&how),
        );
    }
    format!(
        "<aside class=\"cards\"><strong>{}</strong><ul>{items}<li>{}</li></ul></aside>",
        t.test_cards, t.other_cards
    )
}

/// A card number in groups of four, as the field shows it.
fn grouped(pan: &str) -> String {
    let mut out = String::with_capacity(pan.len() + pan.len() / 4);
    for (i, c) in pan.chars().enumerate() {
        if i > 0 && i % 4 == 0 {
            out.push(' ');
        }
        out.push(c);
    }
    out
}

/// A field's error line, hidden while the field is right (the script shows
/// the card number's).
fn field_error(id: &str, text: &str, shown: bool) -> String {
    format!(
        "<p class=\"field-error\" id=\"{id}\" role=\"alert\"{hidden}>{text}</p>",
        hidden = if shown { "" } else { " hidden" },
    )
}

fn invalid(flag: bool, error_id: &str) -> String {
    if flag {
        format!(" aria-invalid=\"true\" aria-describedby=\"{error_id}\"")
    } else {
        String::new()
    }
}

/// The payment page of an order that can still be paid.
pub(crate) fn payment_page(
    app: &App,
    order: &Order,
    lang: Lang,
    entered: &Entered<'_>,
) -> Response {
    let t = texts(lang);
    let amount = amount_text(order);
    let errors = entered.errors;
    let alert = entered
        .alert
        .map(|text| {
            format!(
                "<p class=\"alert\" role=\"alert\" id=\"decline\">{}</p>",
                escape(text)
            )
        })
        .unwrap_or_default();
    let cvc_required = if order.auto_payment { "" } else { " required" };
    let main = format!(
        "{bar}<div class=\"content\"><h1>{title}</h1>{summary}{alert}\
         <form id=\"card-form\" method=\"post\" action=\"{action}\" data-pan-error=\"{pan_error}\">\
         <input type=\"hidden\" name=\"MDORDER\" value=\"{md}\">\
         <input type=\"hidden\" name=\"language\" value=\"{lang_code}\">\
         <label for=\"pan\">{card_number}</label>\
         <input id=\"pan\" class=\"pan\" name=\"$PAN\" inputmode=\"numeric\" autocomplete=\"cc-number\" \
         pattern=\"[0-9 ]{{12,23}}\" maxlength=\"23\" placeholder=\"0000 0000 0000 0000\" required autofocus{pan_invalid}>\
         {pan_error_line}\
         <div class=\"row\"><div class=\"wide\"><label for=\"month\">{expiry}</label><div class=\"row\">\
         <input id=\"month\" name=\"MM\" inputmode=\"numeric\" autocomplete=\"cc-exp-month\" \
         pattern=\"0?[1-9]|1[0-2]\" maxlength=\"2\" placeholder=\"{month_hint}\" value=\"{month}\" required{expiry_invalid}>\
         <input id=\"year\" name=\"YYYY\" inputmode=\"numeric\" autocomplete=\"cc-exp-year\" \
         pattern=\"[0-9]{{4}}\" maxlength=\"4\" placeholder=\"{year_hint}\" value=\"{year}\" aria-label=\"{year_hint}\" required{expiry_invalid}>\
         </div></div>\
         <div><label for=\"cvc\">{cvc}</label>\
         <input id=\"cvc\" name=\"$CVC\" type=\"password\" inputmode=\"numeric\" autocomplete=\"cc-csc\" \
         pattern=\"[0-9]{{3,4}}\" maxlength=\"4\"{cvc_required}{cvc_invalid}></div></div>\
         {expiry_error_line}{cvc_error_line}\
         <label for=\"cardholder\">{cardholder_label}</label>\
         <input id=\"cardholder\" name=\"TEXT\" autocomplete=\"cc-name\" maxlength=\"100\" value=\"{cardholder}\">\
         <button type=\"submit\" id=\"pay\">{pay} {amount}</button>\
         </form>{cards}</div>{foot}",
        bar = bar(merchant_name(app, order), lang, Some((app, order))),
        title = t.payment,
        summary = summary(order, lang),
        action = escape(&format!("{}processform.do", app.base_url)),
        pan_error = escape(t.invalid_pan),
        md = escape(&order.id),
        lang_code = lang.code(),
        card_number = t.card_number,
        pan_invalid = invalid(errors.pan, "pan-error"),
        pan_error_line = field_error("pan-error", t.invalid_pan, errors.pan),
        expiry = t.expiry,
        month_hint = t.month,
        year_hint = t.year,
        month = escape(entered.month),
        year = escape(entered.year),
        expiry_invalid = invalid(errors.expiry, "expiry-error"),
        cvc = t.cvc,
        cvc_invalid = invalid(errors.cvc, "cvc-error"),
        expiry_error_line = if errors.expiry {
            field_error("expiry-error", t.invalid_expiry, true)
        } else {
            String::new()
        },
        cvc_error_line = if errors.cvc {
            field_error("cvc-error", t.invalid_cvc, true)
        } else {
            String::new()
        },
        cardholder_label = t.cardholder,
        cardholder = escape(entered.cardholder),
        pay = t.pay,
        amount = escape(&amount),
        cards = test_card_list(lang),
        foot = foot(lang),
    );
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    Frame {
        lang,
        title: &format!("{} · {}", t.payment, merchant_name(app, order)),
        head: "",
        main: &main,
        script: Some(CARD_SCRIPT),
        framing: Framing::Deny,
    }
    .respond(status)
}

/// Why an order has no payment form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Closed {
    /// Its time to be paid ran out.
    Expired,
    /// It is paid (held or taken, or after that reversed or refunded).
    Paid,
    /// Its payment was declined for good.
    Declined,
}

impl Closed {
    /// Why `order` cannot be paid, or `None` when it can.
    pub fn of(order: &Order) -> Option<Closed> {
        match order.state {
            OrderState::Registered | OrderState::AcsAuth => None,
            OrderState::Declined if order.action_code == ACTION_CODE_TIMEOUT => {
                Some(Closed::Expired)
            }
            OrderState::Declined => Some(Closed::Declined),
            OrderState::Approved
            | OrderState::Deposited
            | OrderState::Reversed
            | OrderState::Refunded => Some(Closed::Paid),
        }
    }
}

/// The page of an order that can no longer be paid, with a way back to the
/// merchant: the return URL of a paid order, the fail URL of another.
pub(crate) fn closed_page(app: &App, order: &Order, lang: Lang, closed: Closed) -> Response {
    let t = texts(lang);
    let (title, text, target, class) = match closed {
        Closed::Expired => (t.expired, t.expired_text, order.fail_target(), "alert"),
        Closed::Paid => (t.paid, t.paid_text, order.return_url.as_str(), "alert good"),
        Closed::Declined => (
            t.declined,
            lang.info_without_redirect(PaymentInfo::Failed),
            order.fail_target(),
            "alert",
        ),
    };
    let back = customer_url(&app.base_url, target, &order.id, lang);
    let main = format!(
        "{bar}<div class=\"content\"><h1>{title}</h1>{summary}\
         <p class=\"{class}\" role=\"status\">{text}</p>\
         <a class=\"button\" id=\"back\" href=\"{back}\">{back_label}</a></div>{foot}",
        bar = bar(merchant_name(app, order), lang, None),
        summary = summary(order, lang),
        back = escape(&back),
        back_label = t.back_to_shop,
        foot = foot(lang),
    );
    Frame {
        lang,
        title,
        head: "",
        main: &main,
        script: None,
        framing: Framing::Deny,
    }
    .respond(StatusCode::OK)
}

/// The page of a payment declined at its last attempt: the gateway's
/// decline text, then (as the gateway's `redirect`) the fail URL.
fn declined_page(app: &App, order: &Order, lang: Lang) -> Response {
    let t = texts(lang);
    let target = customer_url(&app.base_url, order.fail_target(), &order.id, lang);
    // In a refresh's URL a quote would end it early; `%27` is the same URL.
    let refresh = format!(
        "<meta http-equiv=\"refresh\" content=\"{DECLINE_REDIRECT_SECS}; url='{}'\">\n",
        escape(&target.replace('\'', "%27"))
    );
    let main = format!(
        "{bar}<div class=\"content\"><h1>{title}</h1>{summary}\
         <p class=\"alert\" role=\"alert\" id=\"decline\">{text}</p>\
         <a class=\"button\" id=\"back\" href=\"{back}\">{back_label}</a></div>{foot}",
        bar = bar(merchant_name(app, order), lang, None),
        title = t.declined,
        summary = summary(order, lang),
        text = escape(lang.info(PaymentInfo::Failed)),
        back = escape(&target),
        back_label = t.back_to_shop,
        foot = foot(lang),
    );
    Frame {
        lang,
        title: t.declined,
        head: &refresh,
        main: &main,
        script: None,
        framing: Framing::Deny,
    }
    .respond(StatusCode::OK)
}

/// The page for an address that names no order.
pub(crate) fn not_found_page(lang: Lang) -> Response {
    let t = texts(lang);
    let main = format!(
        "<div class=\"content\"><h1>{}</h1><p>{}</p></div>{}",
        t.not_found,
        t.not_found_text,
        foot(lang)
    );
    Frame {
        lang,
        title: t.not_found,
        head: "",
        main: &main,
        script: None,
        framing: Framing::Deny,
    }
    .respond(StatusCode::NOT_FOUND)
}

/// `POST processform.do`: the payment page's form. Fields that fail the
/// page's checks show the page again; otherwise the order is paid as
/// `paymentorder.do` would pay it and the browser is sent on (ACS, return
/// URL, the page again after a decline, or the decline page).
pub async fn payment_form(State(app): State<Arc<App>>, body: Bytes) -> Response {
    let form = Form::parse(&body);
    let Some(md) = form.non_empty("MDORDER") else {
        return no_authentication();
    };
    let Ok(order) = app.store.order(None, OrderRef::Id(md), now_ms()) else {
        return not_found_page(Lang::from_param(form.get("language")));
    };
    let lang = Lang::from_param(form.get("language").or(order.language.as_deref()));
    if let Some(closed) = Closed::of(&order) {
        return closed_page(&app, &order, lang, closed);
    }
    let field = |name| form.get(name).unwrap_or_default();
    let mut entered = Entered {
        alert: None,
        errors: card_entry::check(
            field("$PAN"),
            field("MM"),
            field("YYYY"),
            field("$CVC"),
            !order.auto_payment,
        ),
        month: field("MM"),
        year: field("YYYY"),
        cardholder: field("TEXT"),
    };
    if !entered.errors.is_empty() {
        return payment_page(&app, &order, lang, &entered);
    }
    let entry = CardEntry {
        pan: field("$PAN"),
        year: field("YYYY"),
        month: field("MM"),
        cvc: field("$CVC"),
        cardholder: field("TEXT"),
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
        Ok((PayOutcome::ThreeDs2Challenge { creq }, order)) => {
            super::acs2::challenge_page(&app, &order, &creq)
        }
        Ok((PayOutcome::Paid, order)) => see_other(&customer_url(
            &app.base_url,
            &order.return_url,
            &order.id,
            lang,
        )),
        Ok((
            PayOutcome::Declined {
                final_attempt: false,
                ..
            },
            order,
        )) => {
            entered.alert = Some(lang.info_without_redirect(PaymentInfo::Failed));
            payment_page(&app, &order, lang, &entered)
        }
        Ok((PayOutcome::Declined { .. } | PayOutcome::AlreadyDeclined, order)) => {
            declined_page(&app, &order, lang)
        }
        Err(OrderError::NotFound) => not_found_page(lang),
        Err(_) => match app.store.order(None, OrderRef::Id(md), now_ms()) {
            Ok(order) => match Closed::of(&order) {
                Some(closed) => closed_page(&app, &order, lang, closed),
                None => payment_page(&app, &order, lang, &entered),
            },
            Err(_) => not_found_page(lang),
        },
    }
}
