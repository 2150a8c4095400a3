//! Callback notifications: signed with the protocol's checksum
//! ([`bereke_types::checksum`], the definition the merchant's client checks
//! against), sent with `GET` and a query string, retried as the gateway does.
//!
//! The store queues a [`Notification`] for every status change; one
//! dispatcher task turns each into a delivery task. Deliveries of one order
//! run one after the other in the order the changes happened; different
//! orders' deliveries run side by side. A delivery succeeds on HTTP 200; any
//! other answer, or none, is retried after [`CallbackConfig::retry_interval`],
//! [`CallbackConfig::attempts`] times in all.

use std::collections::HashMap;
use std::sync::Arc;

use bereke_types::checksum::sign_hmac_sha256;
use bereke_types::{CallbackOperation, CallbackStatus};
use tokio::sync::{mpsc, oneshot};
use tokio::task::{JoinHandle, JoinSet};

use crate::config::{CallbackConfig, SandboxConfig};

/// A status change to tell the merchant about.
#[derive(Debug, Clone)]
pub struct Notification {
    /// Login of the merchant.
    pub merchant: String,
    /// The order's `dynamicCallbackUrl`; the merchant's static URL when `None`.
    pub dynamic_url: Option<String>,
    /// `mdOrder`.
    pub md_order: String,
    /// `orderNumber`.
    pub order_number: String,
    /// `operation`.
    pub operation: CallbackOperation,
    /// `status`.
    pub status: CallbackStatus,
    /// Further parameters (`bindingId`, `clientId` of a binding callback).
    pub extra: Vec<(String, String)>,
}

/// Where the store queues notifications.
#[derive(Debug, Clone)]
pub struct Notifier(mpsc::UnboundedSender<Notification>);

impl Notifier {
    /// Queues a notification; dropped silently once the sandbox has stopped.
    pub fn send(&self, notification: Notification) {
        let _ = self.0.send(notification);
    }
}

/// Where a merchant's callbacks go and how they are signed.
#[derive(Clone)]
struct MerchantRoute {
    static_url: Option<String>,
    secret: Option<String>,
}

/// Starts the dispatcher; stopping it (aborting the handle) abandons the
/// deliveries in progress.
pub fn spawn(config: &SandboxConfig) -> (Notifier, JoinHandle<()>) {
    let (tx, rx) = mpsc::unbounded_channel();
    let routes: HashMap<String, MerchantRoute> = config
        .merchants
        .iter()
        .map(|m| {
            (
                m.login.clone(),
                MerchantRoute {
                    static_url: m.callback_url.clone(),
                    secret: m.callback_secret.clone(),
                },
            )
        })
        .collect();
    // reqwest comes without a crypto provider (to keep aws-lc out of
    // builds): the sandbox, an application, picks ring unless one is set.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let client = reqwest::Client::builder()
        .timeout(config.callbacks.timeout)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap_or_default();
    let handle = tokio::spawn(dispatch(
        rx,
        Arc::new(routes),
        config.callbacks.clone(),
        client,
    ));
    (Notifier(tx), handle)
}

async fn dispatch(
    mut rx: mpsc::UnboundedReceiver<Notification>,
    routes: Arc<HashMap<String, MerchantRoute>>,
    config: CallbackConfig,
    client: reqwest::Client,
) {
    let mut deliveries = JoinSet::new();
    // The completion signal of the last delivery queued for each order.
    let mut last_of_order: HashMap<String, oneshot::Receiver<()>> = HashMap::new();
    loop {
        tokio::select! {
            next = rx.recv() => {
                let Some(notification) = next else { break };
                let Some(route) = routes.get(&notification.merchant) else { continue };
                let Some(url) = notification.dynamic_url.clone().or_else(|| route.static_url.clone()) else {
                    tracing::debug!(
                        md_order = %notification.md_order,
                        operation = notification.operation.as_str(),
                        "no callback URL for the order; callback not sent"
                    );
                    continue;
                };
                let query = build_query(&notification, route.secret.as_deref());
                let (done_tx, done_rx) = oneshot::channel();
                let previous = last_of_order.insert(notification.md_order.clone(), done_rx);
                let client = client.clone();
                let config = config.clone();
                deliveries.spawn(async move {
                    if let Some(previous) = previous {
                        let _ = previous.await;
                    }
                    deliver(&client, &config, &url, &query, &notification).await;
                    let _ = done_tx.send(());
                });
            }
            Some(_) = deliveries.join_next(), if !deliveries.is_empty() => {}
        }
    }
    // The store is gone: let the queued deliveries finish.
    while deliveries.join_next().await.is_some() {}
}

/// The callback's query string, signed when the merchant has a secret.
fn build_query(notification: &Notification, secret: Option<&str>) -> String {
    let mut params: Vec<(&str, &str)> = vec![
        ("mdOrder", &notification.md_order),
        ("orderNumber", &notification.order_number),
        ("operation", notification.operation.as_str()),
    ];
    let status = notification.status.to_string();
    params.push(("status", &status));
    params.extend(
        notification
            .extra
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str())),
    );
    let checksum = secret.map(|secret| sign_hmac_sha256(secret, params.iter().copied()));
    if let Some(checksum) = &checksum {
        params.push(("checksum", checksum));
    }
    form_urlencoded::Serializer::new(String::new())
        .extend_pairs(params)
        .finish()
}

/// `url` with `query` appended (after `?`, or `&` when it has a query already).
fn with_query(url: &str, query: &str) -> String {
    let separator = if url.contains('?') { '&' } else { '?' };
    format!("{url}{separator}{query}")
}

/// The URL without its query, for logs.
fn loggable(url: &str) -> String {
    match reqwest::Url::parse(url) {
        Ok(parsed) => format!(
            "{}://{}{}",
            parsed.scheme(),
            parsed.host_str().unwrap_or_default(),
            parsed.port().map(|p| format!(":{p}")).unwrap_or_default() + parsed.path()
        ),
        Err(_) => "<invalid URL>".to_owned(),
    }
}

async fn deliver(
    client: &reqwest::Client,
    config: &CallbackConfig,
    url: &str,
    query: &str,
    notification: &Notification,
) {
    let full = with_query(url, query);
    let attempts = config.attempts.max(1);
    for attempt in 1..=attempts {
        let outcome = client.get(&full).send().await;
        match outcome {
            Ok(response) if response.status() == reqwest::StatusCode::OK => {
                tracing::info!(
                    md_order = %notification.md_order,
                    operation = notification.operation.as_str(),
                    attempt,
                    url = %loggable(url),
                    "callback delivered"
                );
                return;
            }
            Ok(response) => tracing::warn!(
                md_order = %notification.md_order,
                operation = notification.operation.as_str(),
                attempt,
                status = response.status().as_u16(),
                url = %loggable(url),
                "callback refused"
            ),
            Err(error) => tracing::warn!(
                md_order = %notification.md_order,
                operation = notification.operation.as_str(),
                attempt,
                error = %error.without_url(),
                url = %loggable(url),
                "callback not delivered"
            ),
        }
        if attempt < attempts {
            tokio::time::sleep(config.retry_interval).await;
        }
    }
    tracing::warn!(
        md_order = %notification.md_order,
        operation = notification.operation.as_str(),
        attempts,
        "callback given up"
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use bereke::callback::{Callback, CallbackKey};

    #[test]
    fn signed_query_verifies() {
        let notification = Notification {
            merchant: "m".into(),
            dynamic_url: None,
            md_order: "06cf5599-3f17-7c86-bdbc-bd7d00a8b38b".into(),
            order_number: "2003".into(),
            operation: CallbackOperation::Approved,
            status: CallbackStatus::Success,
            extra: Vec::new(),
        };
        let query = build_query(&notification, Some("ooc7slpvc61k7sf7ma7p4hrefr"));
        assert!(query.ends_with(
            "checksum=EAF2FB72CAB99FD5067F4BA493DD84F4D79C1589FDE8ED29622F0F07215AA972"
        ));
        let callback = Callback::from_query(&query).unwrap();
        callback
            .verify(&CallbackKey::hmac_sha256("ooc7slpvc61k7sf7ma7p4hrefr").unwrap())
            .unwrap();
        assert_eq!(with_query("http://h/cb", "a=1"), "http://h/cb?a=1");
        assert_eq!(with_query("http://h/cb?x=2", "a=1"), "http://h/cb?x=2&a=1");
        assert_eq!(
            loggable("http://127.0.0.1:9/cb?secret=1"),
            "http://127.0.0.1:9/cb"
        );
    }
}
