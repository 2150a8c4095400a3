//! `merchants/…`: the payment page (`rbs/payment_<lang>.html?mdOrder=…`),
//! or a plain page for the merchant's relative return and fail URLs.

use std::sync::Arc;

use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;

use super::{escape, html, payment_form::payment_page};
use crate::form::Form;
use crate::routes::App;
use crate::store::{now_ms, State as OrderState};

/// Merchant pages and the payment page.
pub const MERCHANT_PAGES_ROUTE: &str = "/payment/merchants/{*page}";

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
