//! `getLastOrdersForMerchants.do`, from the gateway vendor's API: the
//! merchant's orders of a period, a page at a time.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::State;
use axum::response::Response;
use bereke_types::{
    EpochMillis, GetLastOrdersForMerchantsErrorCode as L, GetLastOrdersForMerchantsErrorMessage,
    GetLastOrdersForMerchantsRequest, GetLastOrdersForMerchantsResponse, LastOrder,
};

use super::status::status_of;
use super::{error_answer, json, lang_of, read_form, App};
use crate::auth;
use crate::messages::Lang;
use crate::store::now_ms;

/// `yyyyMMddHHmmss` as milliseconds, read as UTC.
fn millis_of(text: &str) -> Option<i64> {
    let b = text.get(0..14)?;
    let iso = format!(
        "{}-{}-{}T{}:{}:{}",
        b.get(0..4)?,
        b.get(4..6)?,
        b.get(6..8)?,
        b.get(8..10)?,
        b.get(10..12)?,
        b.get(12..14)?
    );
    EpochMillis::parse_local_date_time(&iso).map(EpochMillis::millis)
}

/// `rest/getLastOrdersForMerchants.do`.
pub async fn get_last_orders_for_merchants(
    State(app): State<Arc<App>>,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let Some(form) = read_form(body) else {
        return error_answer(GetLastOrdersForMerchantsErrorMessage::SystemError, Lang::En);
    };
    let lang = lang_of(&form);
    let Ok(caller) = auth::rest(&app.merchants, &form) else {
        return error_answer(GetLastOrdersForMerchantsErrorMessage::AccessDenied, lang);
    };
    let invalid = || {
        error_answer(
            GetLastOrdersForMerchantsErrorMessage::RequiredFieldEmpty,
            lang,
        )
    };
    let Ok(request) = form.decode::<GetLastOrdersForMerchantsRequest>() else {
        return invalid();
    };
    let (Some(from), Some(to)) = (millis_of(&request.from), millis_of(&request.to)) else {
        return invalid();
    };
    let Ok(size) = usize::try_from(request.size) else {
        return invalid();
    };
    if size == 0 || size > 200 {
        return invalid();
    }
    let page = usize::try_from(request.page.unwrap_or(0)).unwrap_or(usize::MAX);
    // Each named merchant must be the caller or its child, as merchantLogin.
    let mut merchants = Vec::new();
    for login in request.merchants.as_deref().unwrap_or("").split(',') {
        let login = login.trim();
        if login.is_empty() {
            continue;
        }
        match app.acting_for(caller, Some(login)) {
            Some(m) => merchants.push(m.login.as_str()),
            None => return error_answer(GetLastOrdersForMerchantsErrorMessage::AccessDenied, lang),
        }
    }
    if merchants.is_empty() {
        merchants.push(caller.login.as_str());
    }
    let states: Vec<String> = request
        .transaction_states
        .split(',')
        .map(|s| s.trim().to_ascii_uppercase())
        .filter(|s| !s.is_empty())
        .collect();
    let matching: Vec<_> = app
        .store
        .orders_between(&merchants, from, to, now_ms())
        .into_iter()
        .filter(|o| {
            let state = serde_json::to_value(o.state.payment_state()).unwrap_or_default();
            state
                .as_str()
                .is_some_and(|s| states.iter().any(|w| w == s))
        })
        .collect();
    let total = matching.len();
    let orders: Vec<LastOrder> = matching
        .iter()
        .skip(page.saturating_mul(size))
        .take(size)
        // The entry has getOrderStatusExtended.do's names: one encoding of
        // the order serves both.
        .filter_map(|o| serde_json::to_value(status_of(o, lang)).ok())
        .filter_map(|v| serde_json::from_value(v).ok())
        .collect();
    json(
        &GetLastOrdersForMerchantsResponse::new()
            .error_code(L::Success)
            .error_message(lang.text(GetLastOrdersForMerchantsErrorMessage::Success))
            .order_statuses(orders)
            .total_count(i64::try_from(total).unwrap_or(i64::MAX))
            .page(i64::try_from(page).unwrap_or(i64::MAX))
            .page_size(i64::try_from(size).unwrap_or(i64::MAX)),
    )
}
