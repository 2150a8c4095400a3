//! A merchant's shop as a small axum server: it registers orders with
//! `bereke::Client` and sends the customer to the gateway's payment page,
//! shows the return and fail pages with the order's status, receives the
//! gateway's callbacks and keeps those whose checksum verifies.
//!
//! | route | what |
//! |---|---|
//! | `GET /buy?amount=&lang=&description=&timeout=` | registers an order, 303 to its `formUrl` |
//! | `GET /pay-direct?amount=&lang=` | the shop's own card form, done: pays with the 3-D Secure 1 test card through `paymentorder.do` and answers `bereke::three_ds`'s auto-submit page |
//! | `GET /return?orderId=`, `GET /fail?orderId=` | the order's status, from `getOrderStatusExtended.do` |
//! | `GET` or `POST /callback` | a callback: 200 when it verifies, 403 when not |

use std::sync::atomic::{AtomicU32, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::{Query, RawQuery, State};
use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;
use bereke::callback::{Callback, CallbackKey};
use bereke::models::test_cards::CARD_3DS1;
use bereke::models::{
    Amount, Currency, GetOrderStatusExtendedRequest, GetOrderStatusExtendedResponse,
    PaymentOrderRequest, RegisterRequest,
};
use bereke::{Client, Credentials, PaymentOutcome};
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

/// A callback the shop received and verified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Received {
    /// The gateway's order id.
    pub md_order: String,
    /// `operation` (`deposited`, `approved`, …).
    pub operation: String,
    /// `status` (`1` success).
    pub status: String,
}

struct ShopState {
    url: String,
    client: Client,
    key: CallbackKey,
    received: Mutex<Vec<Received>>,
    rejected: AtomicUsize,
    orders: AtomicU32,
}

/// The running shop.
pub struct Shop {
    url: String,
    state: Arc<ShopState>,
    server: JoinHandle<()>,
}

impl Shop {
    /// Binds the shop's port first: the gateway must know the callback URL
    /// before it starts.
    ///
    /// # Errors
    ///
    /// When no port of 127.0.0.1 can be bound.
    pub async fn bind() -> std::io::Result<(TcpListener, String)> {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let url = format!("http://{}", listener.local_addr()?);
        Ok((listener, url))
    }

    /// Serves on `listener` (from [`Shop::bind`], at `url`), a merchant of
    /// the gateway at `gateway` with `login` and `password`, verifying
    /// callbacks with the HMAC `secret`.
    ///
    /// # Errors
    ///
    /// When the client or the key cannot be built.
    pub fn serve(
        listener: TcpListener,
        url: String,
        gateway: &str,
        (login, password): (&str, &str),
        secret: &str,
    ) -> Result<Shop, String> {
        let client = Client::builder()
            .base_url(gateway)
            .credentials(Credentials::password(login, password))
            .build()
            .map_err(|e| e.to_string())?;
        let key = CallbackKey::hmac_sha256(secret).map_err(|e| e.to_string())?;
        let state = Arc::new(ShopState {
            url: url.clone(),
            client,
            key,
            received: Mutex::new(Vec::new()),
            rejected: AtomicUsize::new(0),
            orders: AtomicU32::new(0),
        });
        let router = Router::new()
            .route("/buy", get(buy))
            .route("/pay-direct", get(pay_direct))
            .route("/return", get(outcome_page))
            .route("/fail", get(outcome_page))
            .route("/callback", get(callback_get).post(callback_post))
            .with_state(Arc::clone(&state));
        let server = tokio::spawn(async move {
            let _ = axum::serve(listener, router).await;
        });
        Ok(Shop { url, state, server })
    }

    /// The shop's address, `http://127.0.0.1:PORT`.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The shop's client of the gateway.
    pub fn client(&self) -> &Client {
        &self.state.client
    }

    /// The order's status, from the gateway.
    ///
    /// # Errors
    ///
    /// The client's error, as text.
    pub async fn status(&self, order_id: &str) -> Result<GetOrderStatusExtendedResponse, String> {
        status_of(&self.state.client, order_id).await
    }

    /// How many callbacks failed verification.
    pub fn rejected(&self) -> usize {
        self.state.rejected.load(Ordering::SeqCst)
    }

    /// Waits up to 10 s for a verified callback of `md_order` with `operation`.
    ///
    /// # Errors
    ///
    /// When none comes, with the callbacks received.
    pub async fn callback(&self, md_order: &str, operation: &str) -> Result<Received, String> {
        let started = Instant::now();
        loop {
            let found = self
                .received()
                .into_iter()
                .find(|r| r.md_order == md_order && r.operation == operation);
            if let Some(found) = found {
                return Ok(found);
            }
            if started.elapsed() > Duration::from_secs(10) {
                return Err(format!(
                    "no verified {operation} callback of {md_order} in 10 s; received {:?}, {} rejected",
                    self.received(),
                    self.rejected()
                ));
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    fn received(&self) -> Vec<Received> {
        self.state
            .received
            .lock()
            .map(|r| r.clone())
            .unwrap_or_default()
    }
}

impl Drop for Shop {
    fn drop(&mut self) {
        self.server.abort();
    }
}

async fn status_of(
    client: &Client,
    order_id: &str,
) -> Result<GetOrderStatusExtendedResponse, String> {
    client
        .get_order_status_extended(&GetOrderStatusExtendedRequest::new().order_id(order_id))
        .await
        .map_err(|e| e.to_string())
}

/// The parameters of `/buy` and `/pay-direct`.
#[derive(Debug, serde::Deserialize)]
struct Purchase {
    amount: u64,
    lang: Option<String>,
    description: Option<String>,
    /// Seconds the order may stay unpaid.
    timeout: Option<i64>,
}

fn error_page(what: &str, error: &str) -> Response {
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        Html(format!(
            "<h1>{}</h1><p id=\"error\">{}</p>",
            html_escape::encode_text(what),
            html_escape::encode_text(error)
        )),
    )
        .into_response()
}

/// Registers the purchase's order; its id and `formUrl`.
async fn register(shop: &ShopState, purchase: &Purchase) -> Result<(String, String), String> {
    let number = format!(
        "shop-{}-{}",
        std::process::id(),
        shop.orders.fetch_add(1, Ordering::SeqCst)
    );
    let mut request = RegisterRequest::new(
        Amount::from_minor(purchase.amount),
        format!("{}/return", shop.url),
    )
    .order_number(number)
    .currency(Currency::KZT)
    .fail_url(format!("{}/fail", shop.url));
    if let Some(lang) = &purchase.lang {
        request = request.language(lang);
    }
    if let Some(description) = &purchase.description {
        request = request.description(description);
    }
    if let Some(timeout) = purchase.timeout {
        request = request.session_timeout_secs(timeout);
    }
    let answer = shop
        .client
        .register(&request)
        .await
        .map_err(|e| e.to_string())?;
    let registered = answer.success().map_err(|e| e.to_string())?;
    Ok((
        registered.order_id.to_owned(),
        registered.form_url.to_owned(),
    ))
}

/// `GET /buy`: the order is registered, the customer goes to the gateway.
async fn buy(State(shop): State<Arc<ShopState>>, Query(purchase): Query<Purchase>) -> Response {
    match register(&shop, &purchase).await {
        Ok((_, form_url)) => Redirect::to(&form_url).into_response(),
        Err(e) => error_page("Cannot register the order", &e),
    }
}

/// `GET /pay-direct`: a shop with its own card form pays through
/// `paymentorder.do` and, for a 3-D Secure card, sends the browser to the
/// ACS with `bereke::three_ds`'s auto-submitting page.
async fn pay_direct(
    State(shop): State<Arc<ShopState>>,
    Query(purchase): Query<Purchase>,
) -> Response {
    let (order_id, _) = match register(&shop, &purchase).await {
        Ok(order) => order,
        Err(e) => return error_page("Cannot register the order", &e),
    };
    let card = match CARD_3DS1.card("TEST CARDHOLDER") {
        Ok(card) => card,
        Err(e) => return error_page("Cannot read the test card", &e.to_string()),
    };
    let request = PaymentOrderRequest::new(&order_id, &card);
    match shop.client.pay(&request).await {
        Ok(PaymentOutcome::ThreeDsRequired(challenge)) => match challenge.auto_submit_html() {
            Ok(page) => Html(page).into_response(),
            Err(e) => error_page("Cannot build the 3-D Secure page", &e.to_string()),
        },
        Ok(other) => error_page("Expected 3-D Secure", &format!("{other:?}")),
        Err(e) => error_page("The payment failed", &e.to_string()),
    }
}

/// `GET /return` and `/fail`: the order's status as the gateway reports it.
async fn outcome_page(State(shop): State<Arc<ShopState>>, RawQuery(query): RawQuery) -> Response {
    let query = query.unwrap_or_default();
    let order_id = url_param(&query, "orderId").unwrap_or_default();
    let status = match status_of(&shop.client, &order_id).await {
        Ok(status) => status,
        Err(e) => return error_page("Cannot read the order's status", &e),
    };
    let amount = match (status.amount, status.currency) {
        (Some(amount), Some(currency)) => amount.in_currency(currency).with_symbol().to_string(),
        _ => String::new(),
    };
    let code = status
        .order_status
        .as_ref()
        .map(|s| s.code().to_string())
        .unwrap_or_default();
    let page = format!(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>Shop</title></head><body style=\"font-family:sans-serif;margin:2em\">\
         <h1>The shop</h1><p>Order <code id=\"order-id\">{id}</code> of \
         <span id=\"amount\">{amount}</span>: orderStatus <strong id=\"order-status\">{code}</strong>.</p>\
         </body></html>",
        id = html_escape::encode_text(&order_id),
        amount = html_escape::encode_text(&amount),
    );
    ([(header::CACHE_CONTROL, "no-store")], Html(page)).into_response()
}

fn url_param(query: &str, name: &str) -> Option<String> {
    url::form_urlencoded::parse(query.as_bytes())
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.into_owned())
}

fn received(
    shop: &ShopState,
    callback: Result<Callback, bereke::callback::CallbackError>,
) -> StatusCode {
    let verified = callback.and_then(|c| c.verify(&shop.key).map(|()| c));
    match verified {
        Ok(callback) => {
            let entry = Received {
                md_order: callback.md_order().unwrap_or_default().to_owned(),
                operation: callback.get("operation").unwrap_or_default().to_owned(),
                status: callback.get("status").unwrap_or_default().to_owned(),
            };
            if let Ok(mut all) = shop.received.lock() {
                all.push(entry);
            }
            StatusCode::OK
        }
        Err(_) => {
            shop.rejected.fetch_add(1, Ordering::SeqCst);
            StatusCode::FORBIDDEN
        }
    }
}

async fn callback_get(State(shop): State<Arc<ShopState>>, RawQuery(query): RawQuery) -> StatusCode {
    received(&shop, Callback::from_query(&query.unwrap_or_default()))
}

async fn callback_post(State(shop): State<Arc<ShopState>>, body: Bytes) -> StatusCode {
    received(&shop, Callback::from_form(&body))
}
