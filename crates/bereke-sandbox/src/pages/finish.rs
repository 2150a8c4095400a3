//! `finish3ds.do`: where the ACS sends the browser back, and from where the
//! gateway sends it on to the order's return or fail URL.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::response::Response;

use super::{no_authentication, see_other};
use crate::form::Form;
use crate::messages::Lang;
use crate::routes::{customer_url, App};
use crate::store::{now_ms, State as OrderState};

/// The gateway's return address from the ACS (`termUrl`).
pub const FINISH_3DS_ROUTE: &str = "/payment/rest/finish3ds.do";

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
