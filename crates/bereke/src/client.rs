//! The client: one generic routine that validates, sends, retries and
//! decodes any endpoint's request. The per-endpoint methods (`register`,
//! `deposit`, …) are generated from the spec and call it.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant};

use bereke_types::{Endpoint, RetryPolicy};
use tracing::field::Empty;
use tracing::{Instrument, Span};
use url::Url;

use crate::builder::ClientBuilder;
use crate::credentials::Credentials;
use crate::error::Error;
use crate::payment::{self, PaymentOutcome, PaymentRequest};
use crate::retry::RetryConfig;
use crate::transport;

/// An async client of the gateway: one method per endpoint (`register`,
/// `register_pre_auth`, `deposit`, `reverse`, `refund`,
/// `get_order_status_extended`, `get_bindings`, `payment_order`,
/// `payment_order_binding`, `apple_pay_payment`, `google_pay_payment`),
/// each taking the endpoint's request model from [`crate::models`].
///
/// Cloning is cheap and shares the connection pool. `Debug` never shows the
/// password or the token.
///
/// Every call:
/// 1. checks the request against the spec's constraints (an invalid request
///    is [`Error::InvalidRequest`] and is never sent);
/// 2. `POST`s it to the base URL joined with the endpoint's path, form-encoded
///    (REST endpoints, with `userName`/`password` or `token`) or as JSON
///    (wallet endpoints, with `merchant`): credentials go in the body, never
///    in the URL;
/// 3. retries as [`RetryConfig`] and the endpoint's safety allow: reads
///    after connection failures and timeouts, a call that can move money
///    only when nothing was sent;
/// 4. decodes the answer, and turns an error the gateway reports into
///    [`Error::Gateway`].
///
/// Each call runs in a `tracing` span `bereke.call` with the endpoint, the
/// order id or number, the number of attempts, the duration and the outcome;
/// no request body, credential or card data is ever recorded.
#[derive(Clone)]
pub struct Client {
    pub(crate) inner: Arc<Inner>,
}

/// The client's settings, shared by its clones.
pub(crate) struct Inner {
    pub(crate) http: reqwest::Client,
    pub(crate) base_url: Url,
    pub(crate) credentials: Credentials,
    pub(crate) wallet_merchant: Option<String>,
    pub(crate) language: Option<String>,
    pub(crate) timeout: Duration,
    pub(crate) retry: RetryConfig,
}

impl Client {
    /// A builder; `base_url` (or `environment`) and `credentials` are required.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::new()
    }

    /// The gateway's base URL, ending with `/`.
    pub fn base_url(&self) -> &str {
        self.inner.base_url.as_str()
    }

    /// Sends any endpoint's request: what the generated per-endpoint methods
    /// call. Useful for code that is generic over endpoints.
    ///
    /// # Errors
    ///
    /// See [`Error`]: the request is invalid (not sent), no answer came in
    /// time, the connection failed, the HTTP status is not 200, the body does
    /// not decode, or the gateway reports an error.
    pub async fn execute<E: Endpoint>(&self, request: &E) -> Result<E::Response, Error> {
        let info = E::INFO;
        let span = tracing::info_span!(
            "bereke.call",
            endpoint = info.path,
            order = request.order_ref(),
            moves_money = info.moves_money,
            attempts = Empty,
            duration_ms = Empty,
            outcome = Empty,
            error_code = Empty,
        );
        let started = Instant::now();
        // Entering and leaving a span costs at every poll, even a span no
        // subscriber wants (tracing's `log` feature checks it): only a
        // span that records anything wraps the call.
        let result = if span.is_disabled() {
            self.run(request, &span).await
        } else {
            self.run(request, &span).instrument(span.clone()).await
        };
        let millis = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
        span.record("duration_ms", millis);
        let _entered = span.enter();
        match &result {
            Ok(_) => {
                span.record("outcome", "ok");
                tracing::debug!("answered");
            }
            Err(error) => {
                span.record("outcome", outcome_name(error));
                if let Some(code) = error.gateway().and_then(|g| g.code()) {
                    span.record("error_code", code);
                }
                if info.moves_money
                    && error.may_have_been_sent()
                    && !matches!(error, Error::Gateway(_))
                {
                    tracing::warn!(
                        error = %error,
                        "a call that can move money failed after it may have reached the gateway; \
                         check the order's status before repeating it"
                    );
                } else {
                    tracing::debug!(error = %error, "failed");
                }
            }
        }
        result
    }

    /// Sends a payment request and tells what the answer means: done and
    /// where to send the customer, 3-D Secure needed, declined, or not
    /// clear (see [`PaymentOutcome`]). The final truth about a payment is
    /// `getOrderStatusExtended` or a verified callback.
    ///
    /// # Errors
    ///
    /// As [`execute`](Self::execute); a wallet payment the gateway refuses
    /// (`success: false`) is an [`Error::Gateway`], and an answer that would
    /// send the browser to an address that is not `http(s)` is an
    /// [`Error::UnsafeUrl`] that keeps the address.
    pub async fn pay<R: PaymentRequest>(&self, request: &R) -> Result<PaymentOutcome, Error> {
        let response = self.execute(request).await?;
        payment::outcome(request, &response).map_err(|source| Error::UnsafeUrl {
            endpoint: R::INFO.path,
            source,
        })
    }

    /// Validates, encodes and sends with retries.
    async fn run<E: Endpoint>(&self, request: &E, span: &Span) -> Result<E::Response, Error> {
        let endpoint = E::INFO.path;
        request
            .validate()
            .map_err(|problem| Error::InvalidRequest { endpoint, problem })?;
        let prepared = transport::prepare(&self.inner, request)?;
        // The policy of the endpoint guards the request's own answer: a
        // `Never` endpoint is never repeated once it may have been sent.
        let repeat_is_safe = request.repeat_is_safe() && E::INFO.retry != RetryPolicy::Never;
        let retry = &self.inner.retry;
        let started = Instant::now();
        // What is left of the call's deadline, if it has one.
        let left = || retry.deadline.map(|d| d.saturating_sub(started.elapsed()));
        let mut attempt: u32 = 1;
        loop {
            span.record("attempts", attempt);
            let timeout = left().map_or(self.inner.timeout, |left| left.min(self.inner.timeout));
            let answer = transport::send_once(&self.inner.http, &prepared, timeout, endpoint).await;
            let failure = match answer.and_then(|(status, body)| {
                transport::decode::<E>(status, &body, || prepared.scrubber())
            }) {
                Ok(response) => return Ok(response),
                Err(failure) => failure,
            };
            if attempt >= retry.max_attempts || !failure.delivery.allows(repeat_is_safe) {
                return Err(failure.error);
            }
            let delay = retry.backoff(attempt);
            if left().is_some_and(|left| left <= delay) {
                // The wait alone would outlast the deadline.
                return Err(failure.error);
            }
            tracing::debug!(
                attempt,
                delay_ms = u64::try_from(delay.as_millis()).unwrap_or(u64::MAX),
                error = %failure.error,
                "attempt failed; trying again"
            );
            tokio::time::sleep(delay).await;
            attempt += 1;
        }
    }
}

/// A short name of an error's kind, for the span.
fn outcome_name(error: &Error) -> &'static str {
    match error {
        Error::InvalidRequest { .. } => "invalid_request",
        Error::Timeout { .. } => "timeout",
        Error::Transport { .. } => "transport_error",
        Error::Status(_) => "http_status",
        Error::Decode(_) => "undecodable",
        Error::Gateway(_) => "gateway_error",
        Error::UnsafeUrl { .. } => "unsafe_url",
        Error::Incomplete(_) => "incomplete",
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = &self.inner;
        f.debug_struct("Client")
            .field("base_url", &inner.base_url.as_str())
            .field("credentials", &inner.credentials)
            .field("wallet_merchant", &inner.wallet_merchant)
            .field("language", &inner.language)
            .field("timeout", &inner.timeout)
            .field("retry", &inner.retry)
            .finish_non_exhaustive()
    }
}
