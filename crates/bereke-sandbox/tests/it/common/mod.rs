//! Shared by the sandbox's integration tests: a running sandbox, raw
//! requests to it, and a callback listener.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::routing::get;
use axum::Router;
use bereke::callback::{Callback, CallbackKey, CallbackVerifier};
use bereke_sandbox::{Sandbox, SandboxConfig, DEFAULT_CALLBACK_SECRET};
use serde_json::Value;

/// The default merchant's credentials.
pub const USER: (&str, &str) = ("test_user", "test_user_password");

/// A sandbox with the default configuration, callbacks retried every 50 ms
/// and expired orders looked for every 50 ms.
pub async fn sandbox() -> Sandbox {
    Sandbox::start(test_config()).await.expect("sandbox starts")
}

/// The tests' configuration: the default with short intervals.
pub fn test_config() -> SandboxConfig {
    SandboxConfig {
        expiry_check_interval: Duration::from_millis(50),
        ..SandboxConfig::default().callback_retry_interval(Duration::from_millis(50))
    }
}

/// A plain HTTP client that does not follow redirects, with a timeout.
pub fn http() -> reqwest::Client {
    // reqwest comes without a crypto provider; a test picks one as an
    // application would.
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(10))
        .build()
        .expect("client")
}

/// Posts a form to an endpoint and returns the JSON answer, checking HTTP 200.
pub async fn post_form(sandbox: &Sandbox, path: &str, pairs: &[(&str, &str)]) -> Value {
    let response = http()
        .post(sandbox.url(path))
        .form(pairs)
        .send()
        .await
        .expect("request sent");
    assert_eq!(response.status(), 200, "{path} answers HTTP 200");
    response.json().await.expect("JSON answer")
}

/// Posts raw bytes to an endpoint and returns the status and body.
pub async fn post_raw(
    sandbox: &Sandbox,
    path: &str,
    content_type: &str,
    body: Vec<u8>,
) -> (u16, String) {
    let response = http()
        .post(sandbox.url(path))
        .header("content-type", content_type)
        .body(body)
        .send()
        .await
        .expect("request sent");
    let status = response.status().as_u16();
    (status, response.text().await.unwrap_or_default())
}

/// Posts a JSON body to an endpoint and returns the JSON answer.
pub async fn post_json(sandbox: &Sandbox, path: &str, body: &str) -> Value {
    let (status, text) =
        post_raw(sandbox, path, "application/json", body.as_bytes().to_vec()).await;
    assert_eq!(status, 200, "{path} answers HTTP 200: {text}");
    serde_json::from_str(&text).expect("JSON answer")
}

/// Credentials plus `pairs`.
pub fn with_user<'a>(pairs: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut all = vec![("userName", USER.0), ("password", USER.1)];
    all.extend_from_slice(pairs);
    all
}

/// Registers a one-stage (`register.do`) or two-stage order and returns its id.
pub async fn register(
    sandbox: &Sandbox,
    two_stage: bool,
    amount: &str,
    extra: &[(&str, &str)],
) -> String {
    let path = if two_stage {
        "rest/registerPreAuth.do"
    } else {
        "rest/register.do"
    };
    let number = format!("n{}", bereke_number());
    let mut pairs = with_user(&[
        ("amount", amount),
        ("returnUrl", "finish.html"),
        ("orderNumber", &number),
    ]);
    pairs.extend_from_slice(extra);
    let answer = post_form(sandbox, path, &pairs).await;
    answer["orderId"]
        .as_str()
        .unwrap_or_else(|| panic!("registered: {answer}"))
        .to_owned()
}

fn bereke_number() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(1);
    let millis = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or_default();
    millis * 1000 + NEXT.fetch_add(1, Ordering::Relaxed)
}

/// Pays an order with the document's SSL test card.
pub async fn pay_ssl(sandbox: &Sandbox, order_id: &str) -> Value {
    pay_card(
        sandbox,
        order_id,
        bereke_types::test_cards::CARD_SSL.pan,
        "123",
    )
    .await
}

/// Pays an order with a card number and CVC (expiry 12/2024).
pub async fn pay_card(sandbox: &Sandbox, order_id: &str, pan: &str, cvc: &str) -> Value {
    post_form(
        sandbox,
        "rest/paymentorder.do",
        &with_user(&[
            ("MDORDER", order_id),
            ("$PAN", pan),
            ("$CVC", cvc),
            ("YYYY", "2024"),
            ("MM", "12"),
            ("TEXT", "TEST CARDHOLDER"),
            ("language", "en"),
        ]),
    )
    .await
}

/// The order's status answer.
pub async fn status(sandbox: &Sandbox, order_id: &str) -> Value {
    post_form(
        sandbox,
        "rest/getOrderStatusExtended.do",
        &with_user(&[("orderId", order_id), ("language", "en")]),
    )
    .await
}

/// Acts as the customer's browser at the ACS: opens the page with the
/// answer's `acsUrl`/`paReq`/`termUrl`, posts `code`, and returns where the
/// browser is sent last (following the sandbox's redirects).
pub async fn authenticate(answer: &Value, md: &str, code: &str) -> String {
    let acs_url = answer["acsUrl"].as_str().expect("acsUrl");
    let pa_req = answer["paReq"].as_str().expect("paReq");
    let term_url = answer["termUrl"].as_str().expect("termUrl");
    let client = http();
    let page = client
        .post(acs_url)
        .form(&[("MD", md), ("PaReq", pa_req), ("TermUrl", term_url)])
        .send()
        .await
        .expect("ACS page");
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap_or_default();
    assert!(
        html.contains("name=\"code\""),
        "the ACS page asks for the code"
    );
    let mut response = client
        .post(acs_url)
        .form(&[
            ("MD", md),
            ("PaReq", pa_req),
            ("TermUrl", term_url),
            ("code", code),
        ])
        .send()
        .await
        .expect("code posted");
    // Follow at most a few redirects by hand, remembering the last target.
    let mut last = acs_url.to_owned();
    for _ in 0..5 {
        if !response.status().is_redirection() {
            break;
        }
        let location = response.headers()["location"]
            .to_str()
            .expect("location")
            .to_owned();
        last = location.clone();
        if !location.contains("/payment/") {
            break;
        }
        response = client
            .get(&location)
            .send()
            .await
            .expect("redirect followed");
    }
    last
}

/// A form of a page: its `action` and its inputs' names and (unescaped)
/// values, found by the form's `id` (or the first form).
pub struct PageForm {
    /// Where it posts.
    pub action: String,
    /// Its inputs.
    pub fields: Vec<(String, String)>,
}

fn attribute(tag: &str, name: &str) -> Option<String> {
    let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    let end = start + tag[start..].find('"')?;
    Some(html_escape::decode_html_entities(&tag[start..end]).into_owned())
}

/// A page's Content-Security-Policy allows scripts and styles by SHA-256
/// hash only: no inline code an attacker could inject runs.
pub fn assert_hashes_only(csp: &str, what: &str) {
    for kind in ["script-src", "style-src"] {
        let sources = csp
            .split(';')
            .find_map(|d| d.trim().strip_prefix(kind))
            .unwrap_or_else(|| panic!("{what}: CSP {csp} has {kind}"));
        assert!(
            sources
                .split_whitespace()
                .all(|s| s.starts_with("'sha256-")),
            "{what}: {kind} allows only hashes, not {sources}"
        );
    }
}

pub fn form_of(html: &str, id: Option<&str>) -> PageForm {
    let start = match id {
        Some(id) => html
            .find(&format!("<form id=\"{id}\""))
            .unwrap_or_else(|| panic!("form {id} in {html}")),
        None => html
            .find("<form")
            .unwrap_or_else(|| panic!("a form in {html}")),
    };
    let form = &html[start..start + html[start..].find("</form>").expect("form ends")];
    let tag = &form[..form.find('>').expect("tag ends")];
    let fields = form
        .split("<input")
        .skip(1)
        .filter_map(|input| {
            let tag = &input[..input.find('>')?];
            Some((
                attribute(tag, "name")?,
                attribute(tag, "value").unwrap_or_default(),
            ))
        })
        .collect();
    PageForm {
        action: attribute(tag, "action").expect("action"),
        fields,
    }
}

pub fn field<'a>(form: &'a PageForm, name: &str) -> &'a str {
    form.fields
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
        .unwrap_or_else(|| panic!("field {name}"))
}

/// The browser posts a form and gets the page (or a redirect) back;
/// `extra` fills in (or adds) fields, as a customer typing would.
pub async fn submit(form: &PageForm, extra: &[(&str, &str)]) -> reqwest::Response {
    let mut pairs: Vec<(&str, &str)> = form
        .fields
        .iter()
        .filter(|(n, _)| !extra.iter().any(|(e, _)| e == n))
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    pairs.extend_from_slice(extra);
    http()
        .post(&form.action)
        .form(&pairs)
        .send()
        .await
        .expect("form posted")
}

/// Acts as the customer's browser in a 3-D Secure 2 challenge: posts
/// `creq` to `acs_url`, types `code` on the ACS page, posts the page's
/// `cres` to the gateway, and returns where the gateway sends the browser.
pub async fn authenticate_3ds2(acs_url: &str, creq: &str, code: &str) -> String {
    let page = http()
        .post(acs_url)
        .form(&[("creq", creq)])
        .send()
        .await
        .expect("ACS page");
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap_or_default();
    let returned = submit(&form_of(&html, None), &[("code", code)]).await;
    let html = returned.text().await.unwrap_or_default();
    let back = submit(&form_of(&html, Some("next")), &[]).await;
    assert_eq!(back.status(), 303, "the gateway sends the browser on");
    back.headers()["location"]
        .to_str()
        .expect("location")
        .to_owned()
}

/// Callbacks a listener received, verified.
pub type Received = Arc<Mutex<Vec<Callback>>>;

/// A callback listener on 127.0.0.1: `/ok` answers 200 to verified
/// callbacks, `/flaky` answers 500 to the first two calls of each
/// (mdOrder, operation) and 200 after, `/down` always 500. Every call is
/// recorded (verified ones in `received`, all in `attempts`).
pub struct Listener {
    /// Base URL, `http://127.0.0.1:PORT`.
    pub url: String,
    /// Verified callbacks answered 200.
    pub received: Received,
    /// Every call: (path, query).
    pub attempts: Arc<Mutex<Vec<(String, String)>>>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for Listener {
    fn drop(&mut self) {
        self.task.abort();
    }
}

#[derive(Clone)]
struct ListenerState {
    verifier: Arc<CallbackVerifier>,
    received: Received,
    attempts: Arc<Mutex<Vec<(String, String)>>>,
}

async fn record(state: &ListenerState, path: &str, query: &str) -> usize {
    let mut attempts = state.attempts.lock().unwrap();
    attempts.push((path.to_owned(), query.to_owned()));
    attempts
        .iter()
        .filter(|(p, q)| p == path && same_event(q, query))
        .count()
}

fn same_event(a: &str, b: &str) -> bool {
    let key = |q: &str| {
        Callback::from_query(q)
            .map(|c| {
                (
                    c.md_order().map(str::to_owned),
                    c.get("operation").map(str::to_owned),
                )
            })
            .unwrap_or_default()
    };
    key(a) == key(b)
}

async fn ok(State(state): State<ListenerState>, RawQuery(query): RawQuery) -> StatusCode {
    let query = query.unwrap_or_default();
    record(&state, "/ok", &query).await;
    match state.verifier.verify_query(&query) {
        Ok(callback) => {
            state.received.lock().unwrap().push(callback);
            StatusCode::OK
        }
        Err(_) => StatusCode::FORBIDDEN,
    }
}

async fn flaky(State(state): State<ListenerState>, RawQuery(query): RawQuery) -> StatusCode {
    let query = query.unwrap_or_default();
    let seen = record(&state, "/flaky", &query).await;
    if seen <= 2 {
        return StatusCode::INTERNAL_SERVER_ERROR;
    }
    match state.verifier.verify_query(&query) {
        Ok(callback) => {
            state.received.lock().unwrap().push(callback);
            StatusCode::OK
        }
        Err(_) => StatusCode::FORBIDDEN,
    }
}

async fn down(State(state): State<ListenerState>, RawQuery(query): RawQuery) -> StatusCode {
    record(&state, "/down", &query.unwrap_or_default()).await;
    StatusCode::SERVICE_UNAVAILABLE
}

/// Starts a listener that verifies with the sandbox's default secret.
pub async fn listener() -> Listener {
    let state = ListenerState {
        verifier: Arc::new(CallbackVerifier::new(
            CallbackKey::hmac_sha256(DEFAULT_CALLBACK_SECRET).expect("the default secret is a key"),
        )),
        received: Arc::default(),
        attempts: Arc::default(),
    };
    let router = Router::new()
        .route("/ok", get(ok))
        .route("/flaky", get(flaky))
        .route("/down", get(down))
        .with_state(state.clone());
    let socket = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("listener binds");
    let url = format!("http://{}", socket.local_addr().expect("address"));
    let task = tokio::spawn(async move {
        let _ = axum::serve(socket, router).await;
    });
    Listener {
        url,
        received: state.received,
        attempts: state.attempts,
        task,
    }
}

impl Listener {
    /// The (operation, status) of the verified callbacks of an order so far.
    pub fn events_of(&self, md_order: &str) -> Vec<(String, String)> {
        self.received
            .lock()
            .unwrap()
            .iter()
            .filter(|c| c.md_order() == Some(md_order))
            .map(|c| {
                (
                    c.get("operation").unwrap_or_default().to_owned(),
                    c.get("status").unwrap_or_default().to_owned(),
                )
            })
            .collect()
    }

    /// Waits (at most 15 seconds: an event due seconds ahead, such as an
    /// autocompletion date, must still arrive on a loaded machine) until
    /// `check` holds.
    pub async fn wait_for(&self, what: &str, check: impl Fn(&Listener) -> bool) {
        for _ in 0..300 {
            if check(self) {
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!(
            "timed out waiting for {what}; attempts: {:?}",
            self.attempts.lock().unwrap()
        );
    }
}
