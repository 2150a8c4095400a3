//! Shared by the client tests: a stub gateway on 127.0.0.1 that records
//! every request and answers from a queue, and clients pointed at it.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Router;
use bereke::{Client, ClientBuilder, Credentials, RetryConfig};
use tokio::net::TcpListener;

pub const USER: &str = "test_user";
pub const PASSWORD: &str = "test_user_password";
pub const TOKEN: &str = "tok-7f3a9c1e5b";

/// One request as the stub received it.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub method: String,
    pub path: String,
    pub query: Option<String>,
    pub content_type: Option<String>,
    pub body: Vec<u8>,
}

impl Recorded {
    /// The form body as decoded pairs, sorted (field order does not matter).
    pub fn form(&self) -> Vec<(String, String)> {
        let mut pairs: Vec<(String, String)> = form_urlencoded::parse(&self.body)
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        pairs.sort();
        pairs
    }

    /// The JSON body.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).expect("a JSON body")
    }
}

/// What the stub answers.
#[derive(Debug, Clone)]
pub struct Reply {
    pub status: u16,
    pub body: String,
    pub content_type: &'static str,
    pub delay: Duration,
}

impl Reply {
    pub fn json(body: impl Into<String>) -> Reply {
        Reply {
            status: 200,
            body: body.into(),
            content_type: "application/json;charset=UTF-8",
            delay: Duration::ZERO,
        }
    }

    pub fn html(status: u16, body: impl Into<String>) -> Reply {
        Reply {
            status,
            body: body.into(),
            content_type: "text/html",
            delay: Duration::ZERO,
        }
    }

    pub fn delayed(mut self, delay: Duration) -> Reply {
        self.delay = delay;
        self
    }
}

struct StubState {
    requests: Mutex<Vec<Recorded>>,
    replies: Mutex<VecDeque<Reply>>,
    default: Reply,
}

/// A stub gateway listening on 127.0.0.1.
pub struct Stub {
    pub base_url: String,
    state: Arc<StubState>,
    dropped: Arc<AtomicUsize>,
}

impl Stub {
    /// A stub that answers `default` unless replies are queued.
    pub async fn start(default: Reply) -> Stub {
        Stub::start_dropping(0, default).await
    }

    /// A stub that accepts the first `drop_first` connections and closes
    /// them without answering, then serves.
    pub async fn start_dropping(drop_first: usize, default: Reply) -> Stub {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("address");
        let state = Arc::new(StubState {
            requests: Mutex::new(Vec::new()),
            replies: Mutex::new(VecDeque::new()),
            default,
        });
        let dropped = Arc::new(AtomicUsize::new(0));
        let app = Router::new().fallback(handle).with_state(state.clone());
        let counter = dropped.clone();
        tokio::spawn(async move {
            for _ in 0..drop_first {
                if let Ok((socket, _)) = listener.accept().await {
                    counter.fetch_add(1, Ordering::SeqCst);
                    drop(socket);
                }
            }
            let _ = axum::serve(listener, app).await;
        });
        Stub {
            base_url: format!("http://{addr}/payment/"),
            state,
            dropped,
        }
    }

    /// Queues a reply for the next request.
    pub fn push(&self, reply: Reply) {
        self.state.replies.lock().unwrap().push_back(reply);
    }

    /// Every request received so far.
    pub fn requests(&self) -> Vec<Recorded> {
        self.state.requests.lock().unwrap().clone()
    }

    /// The only request received; panics unless there was exactly one.
    pub fn only_request(&self) -> Recorded {
        let requests = self.requests();
        assert_eq!(requests.len(), 1, "{requests:#?}");
        requests.into_iter().next().unwrap()
    }

    /// How many requests reached the handler.
    pub fn count(&self) -> usize {
        self.state.requests.lock().unwrap().len()
    }

    /// How many connections were closed unanswered.
    pub fn dropped(&self) -> usize {
        self.dropped.load(Ordering::SeqCst)
    }

    /// A builder for this stub with password credentials and quick retries.
    pub fn builder(&self) -> ClientBuilder {
        Client::builder()
            .base_url(&self.base_url)
            .credentials(Credentials::password(USER, PASSWORD))
            .timeout(Duration::from_millis(2_000))
            .retry(quick_retries())
    }

    /// A client for this stub with password credentials and quick retries.
    pub fn client(&self) -> Client {
        self.builder().build().expect("client")
    }
}

/// Three attempts, a few milliseconds apart.
pub fn quick_retries() -> RetryConfig {
    RetryConfig::default()
        .with_max_attempts(3)
        .with_initial_backoff(Duration::from_millis(10))
        .with_max_backoff(Duration::from_millis(20))
}

async fn handle(
    State(state): State<Arc<StubState>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    state.requests.lock().unwrap().push(Recorded {
        method: method.to_string(),
        path: uri.path().to_owned(),
        query: uri.query().map(str::to_owned),
        content_type: headers
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned),
        body: body.to_vec(),
    });
    let reply = state
        .replies
        .lock()
        .unwrap()
        .pop_front()
        .unwrap_or_else(|| state.default.clone());
    if !reply.delay.is_zero() {
        tokio::time::sleep(reply.delay).await;
    }
    (
        StatusCode::from_u16(reply.status).unwrap(),
        [("content-type", reply.content_type)],
        reply.body,
    )
        .into_response()
}

/// Sorted pairs from string slices, for comparing with [`Recorded::form`].
pub fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut pairs: Vec<(String, String)> = items
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    pairs.sort();
    pairs
}

/// `text` with every port number written `PORT` (after `127.0.0.1:` and in
/// hyper's `Port(…)`): a random port could contain the digits of a CVC.
pub fn without_ports(text: &str) -> String {
    let mut text = text.to_owned();
    for prefix in ["127.0.0.1:", "Port("] {
        let mut out = String::with_capacity(text.len());
        let mut rest = text.as_str();
        while let Some(at) = rest.find(prefix) {
            let (head, tail) = rest.split_at(at + prefix.len());
            out.push_str(head);
            out.push_str("PORT");
            rest = tail.trim_start_matches(|c: char| c.is_ascii_digit());
        }
        out.push_str(rest);
        text = out;
    }
    text
}
