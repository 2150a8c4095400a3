//! `merchants/…`: the payment page (`rbs/payment_<lang>.html?mdOrder=…`),
//! or a plain page for the merchant's relative return and fail URLs.

use std::sync::Arc;

use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;

use super::payment_form::{closed_page, not_found_page, payment_page, Closed, Entered};
use super::{amount_text, escape, html};
use crate::form::Form;
use crate::messages::Lang;
use crate::routes::App;
use crate::store::{now_ms, OrderRef};

/// Merchant pages and the payment page.
pub const MERCHANT_PAGES_ROUTE: &str = "/payment/merchants/{*page}";

/// The language a payment page's name asks for (`rbs/payment_kk.html`).
fn page_lang(page: &str) -> Option<Lang> {
    let code = page.strip_prefix("rbs/payment_")?.strip_suffix(".html")?;
    Some(Lang::from_param(Some(code)))
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
        let order = form
            .non_empty("mdOrder")
            .and_then(|md| app.store.order(None, OrderRef::Id(md), now_ms()).ok());
        let Some(order) = order else {
            return not_found_page(page_lang(&page).unwrap_or(Lang::En));
        };
        let lang = page_lang(&page).unwrap_or_else(|| Lang::from_param(order.language.as_deref()));
        return match Closed::of(&order) {
            Some(closed) => closed_page(&app, &order, lang, closed),
            None => payment_page(&app, &order, lang, &Entered::default()),
        };
    }
    // A stand-in for the merchant's own page: what the order became, as a
    // merchant's page would learn it from getOrderStatusExtended.do.
    let id = form.non_empty("orderId").unwrap_or_default();
    let outcome = match app.store.order(None, OrderRef::Id(id), now_ms()) {
        Ok(order) => format!(
            "<p>Order <code>{number}</code> of <code>{amount}</code>: orderStatus \
             <strong id=\"order-status\">{status}</strong> ({state:?}).</p>",
            number = escape(&order.number),
            amount = escape(&amount_text(&order)),
            status = order.state.order_status().code(),
            state = order.state,
        ),
        Err(_) => "<p>No such order.</p>".to_owned(),
    };
    html(
        StatusCode::OK,
        "Merchant page",
        &format!(
            "<p>Sandbox merchant page <code>{}</code> for order <code>{}</code>.</p>{outcome}\
             <p class=\"muted\">A merchant's page asks getOrderStatusExtended.do for the \
             payment's outcome.</p>",
            escape(&page),
            escape(id)
        ),
    )
}
