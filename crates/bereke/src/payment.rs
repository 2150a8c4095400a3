//! What a payment answer means: done, 3-D Secure needed, or declined.
//!
//! The gateway's `errorCode: 0` only says the request was processed: a
//! declined card comes back with code 0 too, with the decline in `error`,
//! `processingErrorType`, or an `info` text and a `redirect` to the fail URL.
//! [`outcome`] reads all of these and tells the cases apart.
//!
//! It is a reading of one answer, meant for what to show the customer next.
//! **The final truth about a payment is the order's status** — `orderStatus`
//! 1 (held) or 2 (paid) from `getOrderStatusExtended`, or a callback whose
//! checksum verifies — never this outcome alone: confirm before shipping.
//!
//! ```no_run
//! # async fn pay(client: &bereke::Client, order_id: &str) -> Result<(), Box<dyn std::error::Error>> {
//! use bereke::models::card::Card;
//! use bereke::models::PaymentOrderRequest;
//! use bereke::PaymentOutcome;
//!
//! // Each part is checked as it is parsed (a mistyped number fails the Luhn
//! // check), and none of them prints its digits.
//! let card = Card::new(
//!     "4444 5555 1111 3333".parse()?,
//!     "12/30".parse()?,
//!     "123".parse()?,
//!     "CARD HOLDER".parse()?,
//! );
//! let request = PaymentOrderRequest::new(order_id, &card);
//! match client.pay(&request).await? {
//!     PaymentOutcome::Redirect { url, .. } => println!("processed; send the customer to {url}"),
//!     PaymentOutcome::ThreeDsRequired(challenge) => {
//!         let page = challenge.auto_submit_html()?; // serve this page to the customer's browser
//!         # let _ = page;
//!     }
//!     PaymentOutcome::ThreeDsMethod(method) => {
//!         // 3-D Secure 2: run the 3DS Method, then continue at the shop's URL
//!         // with `client.pay(&method.continue_request(&request))`.
//!         let page = method.iframe_html("/checkout/3ds-continue")?;
//!         # let _ = page;
//!     }
//!     PaymentOutcome::ThreeDs2Challenge(challenge) => {
//!         let page = challenge.auto_submit_html()?; // posts `creq` to the ACS
//!         # let _ = page;
//!     }
//!     PaymentOutcome::Declined { message, .. } => println!("declined: {message:?}"),
//!     other => println!("check the order's status: {other:?}"),
//! }
//! # Ok(()) }
//! ```

use std::sync::LazyLock;

use bereke_types::{
    ApplePayPaymentRequest, ApplePayPaymentResponse, Endpoint, ErrorCode, ErrorMessage,
    Finish3dsMethodRequest, Finish3dsMethodResponse, GooglePayPaymentRequest,
    GooglePayPaymentResponse, OrderStatus, PaymentInfo, PaymentInfoMeaning,
    PaymentOrderBindingRequest, PaymentOrderBindingResponse, PaymentOrderRequest,
    PaymentOrderResponse, RecurrentPaymentRequest, RecurrentPaymentResponse, WalletError,
    WalletOrderStatus,
};

use crate::three_ds::{ThreeDs2Challenge, ThreeDsChallenge, ThreeDsMethod};

/// What a payment answer says happened.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum PaymentOutcome {
    /// The gateway processed the card payment and says so; send the
    /// customer to `url` (the shop's return page or the gateway's finish
    /// page). Confirm with the order's status before shipping.
    Redirect {
        /// Where to send the customer.
        url: String,
        /// The gateway's text (`info`), in the request's language.
        info: Option<String>,
    },
    /// A wallet payment (Apple Pay, Google Pay) was accepted.
    Accepted {
        /// The gateway's order id.
        order_id: Option<String>,
        /// The order's state in the answer, when it has one: `Approved` (held,
        /// two-stage) or `Deposited` (paid).
        order_status: Option<OrderStatus>,
    },
    /// The card issuer wants 3-D Secure: the customer's browser must post to
    /// the ACS. [`ThreeDsChallenge::auto_submit_html`] builds the page.
    ThreeDsRequired(ThreeDsChallenge),
    /// 3-D Secure 2, first step: run the issuer's 3DS Method in the
    /// customer's browser ([`ThreeDsMethod::iframe_html`]), then continue
    /// the payment with [`ThreeDsMethod::continue_request`] (a second
    /// `paymentorder.do`) or [`ThreeDsMethod::finish_request`]
    /// (`finish3dsMethod.do`) and read that answer.
    ThreeDsMethod(ThreeDsMethod),
    /// 3-D Secure 2 challenge: the customer's browser must post `creq` to
    /// the ACS; [`ThreeDs2Challenge::auto_submit_html`] builds the page.
    ThreeDs2Challenge(ThreeDs2Challenge),
    /// Send the customer to this gateway page, which runs 3-D Secure itself
    /// (`formUrl`: the gateway's simplified scheme).
    ThreeDsRedirect {
        /// The gateway's page.
        url: String,
    },
    /// The payment was declined, even if `errorCode` was 0.
    Declined {
        /// The gateway's text, as sent (`error`, `errorMessage` or `info`).
        message: Option<String>,
        /// The kind of processing error (`CLIENT_ERROR`, …), when given.
        processing_error_type: Option<String>,
        /// Where the gateway would send the customer (the fail URL), if it says.
        redirect: Option<String>,
    },
    /// The answer does not say clearly: an `info` text in an unknown
    /// language, or only a redirect. Ask `getOrderStatusExtended`.
    Unconfirmed {
        /// Where the gateway would send the customer, if it says.
        redirect: Option<String>,
        /// The gateway's text (`info`), if any.
        info: Option<String>,
    },
}

impl PaymentOutcome {
    /// Where to send the customer's browser next, when the answer says.
    /// (For [`PaymentOutcome::ThreeDsRequired`] the browser must *post* to
    /// the ACS: serve [`ThreeDsChallenge::auto_submit_html`] instead.)
    pub fn redirect_url(&self) -> Option<&str> {
        match self {
            PaymentOutcome::Redirect { url, .. } | PaymentOutcome::ThreeDsRedirect { url } => {
                Some(url)
            }
            PaymentOutcome::Declined { redirect, .. }
            | PaymentOutcome::Unconfirmed { redirect, .. } => redirect.as_deref(),
            PaymentOutcome::Accepted { .. }
            | PaymentOutcome::ThreeDsRequired(_)
            | PaymentOutcome::ThreeDsMethod(_)
            | PaymentOutcome::ThreeDs2Challenge(_) => None,
        }
    }

    /// Whether the answer says the payment was declined.
    pub fn is_declined(&self) -> bool {
        matches!(self, PaymentOutcome::Declined { .. })
    }
}

/// A request that pays: `paymentorder.do`, `paymentOrderBinding.do`, and the
/// Apple Pay and Google Pay endpoints.
pub trait PaymentRequest: Endpoint + sealed::Sealed {
    /// What `response`, the answer to this request, means.
    ///
    /// # Errors
    ///
    /// [`UnsafeUrl`] when the answer would send the customer's browser to an
    /// address that is not `http(s)`.
    fn outcome(&self, response: &Self::Response) -> Result<PaymentOutcome, UnsafeUrl>;
}

/// What `response`, the answer to `request`, means. The request is needed
/// for the order id that a card payment's 3-D Secure step posts as `MD`.
///
/// # Errors
///
/// [`UnsafeUrl`] when the answer would send the customer's browser to an
/// address that is not `http(s)`.
pub fn outcome<R: PaymentRequest>(
    request: &R,
    response: &R::Response,
) -> Result<PaymentOutcome, UnsafeUrl> {
    request.outcome(response)
}

/// An answer that would send the customer's browser somewhere other than
/// an `http(s)` address (`javascript:…`, `data:…`, a relative path). Such an
/// address is never handed on as a redirect: in the shop's page it could run
/// script. The payment may still have been processed: ask the order's status.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the answer's `{field}` is not an http(s) address ({}); it was not followed", Shown(.url))]
pub struct UnsafeUrl {
    /// The answer's field (`redirect`, `formUrl`, `acsUrl`, `termUrl`,
    /// `threeDSMethodURL`).
    pub field: &'static str,
    /// The address as the answer gave it.
    pub url: String,
}

/// A bounded, escaped rendering of an untrusted address.
struct Shown<'a>(&'a str);

impl std::fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (shown, cut) = crate::error::bounded(self.0, 200);
        write!(f, "{shown:?}")?;
        if cut {
            f.write_str("…")?;
        }
        Ok(())
    }
}

/// `Ok` when `url` is an absolute `http` or `https` address with a host, or
/// a relative path (the document's own example redirects to
/// `false.html?…`). Refused: any other scheme (`javascript:`, `data:`), a
/// scheme-relative `//host` or `\\host` (another site), control characters.
fn check_http(field: &'static str, url: Option<&str>) -> Result<(), UnsafeUrl> {
    let Some(url) = present(url) else {
        return Ok(());
    };
    let text = url.trim();
    let safe = match url::Url::parse(text) {
        Ok(parsed) => matches!(parsed.scheme(), "http" | "https") && parsed.host_str().is_some(),
        Err(url::ParseError::RelativeUrlWithoutBase) => {
            let offsite = ["//", "\\\\", "/\\", "\\/"]
                .iter()
                .any(|p| text.starts_with(p));
            !offsite && !text.chars().any(char::is_control)
        }
        Err(_) => false,
    };
    if safe {
        Ok(())
    } else {
        Err(UnsafeUrl {
            field,
            url: url.to_owned(),
        })
    }
}

mod sealed {
    pub trait Sealed {}
    impl Sealed for bereke_types::PaymentOrderRequest {}
    impl Sealed for bereke_types::PaymentOrderBindingRequest {}
    impl Sealed for bereke_types::ApplePayPaymentRequest {}
    impl Sealed for bereke_types::GooglePayPaymentRequest {}
    impl Sealed for bereke_types::Finish3dsMethodRequest {}
    impl Sealed for bereke_types::RecurrentPaymentRequest {}
}

/// A card payment's answer as a [`CardAnswer`]: the fields every card
/// endpoint's response has are read here once, by name, from `$r`; the
/// fields only some responses have are given per endpoint (a response that
/// lacks one gives `None`).
macro_rules! card_answer {
    ($request:expr, $r:expr, { $($field:ident: $value:expr),* $(,)? }) => {
        CardAnswer {
            order_id: &$request.md_order,
            error_code: $r.error_code.as_ref().map(|c| c.code()),
            error_message: $r.error_message.as_deref(),
            error: $r.error.as_deref(),
            processing_error_type: $r.processing_error_type.as_deref(),
            info: $r.info.as_deref(),
            redirect: $r.redirect.as_deref(),
            acs_url: $r.acs_url.as_deref(),
            term_url: $r.term_url.as_deref(),
            $($field: $value,)*
        }
    };
}

impl PaymentRequest for PaymentOrderRequest {
    fn outcome(&self, r: &PaymentOrderResponse) -> Result<PaymentOutcome, UnsafeUrl> {
        card_outcome(&card_answer!(self, r, {
            pa_req: r.pa_req.as_deref(),
            form_url: r.form_url.as_deref(),
            creq: r.creq.as_deref(),
            method: ThreeDs2Fields {
                server_trans_id: r.three_ds_server_trans_id.as_deref(),
                method_url: r.three_ds_method_url.as_deref(),
                method_data: r.three_ds_method_data.as_deref(),
                is_3ds_ver2: r.is_3ds_ver2,
            },
        }))
    }
}

impl PaymentRequest for Finish3dsMethodRequest {
    fn outcome(&self, r: &Finish3dsMethodResponse) -> Result<PaymentOutcome, UnsafeUrl> {
        card_outcome(&card_answer!(self, r, {
            pa_req: None,
            form_url: None,
            creq: r.creq.as_deref(),
            method: ThreeDs2Fields::default(),
        }))
    }
}

impl PaymentRequest for PaymentOrderBindingRequest {
    fn outcome(&self, r: &PaymentOrderBindingResponse) -> Result<PaymentOutcome, UnsafeUrl> {
        card_outcome(&card_answer!(self, r, {
            pa_req: r.pa_req.as_deref(),
            form_url: None,
            creq: None,
            method: ThreeDs2Fields::default(),
        }))
    }
}

impl PaymentRequest for ApplePayPaymentRequest {
    fn outcome(&self, r: &ApplePayPaymentResponse) -> Result<PaymentOutcome, UnsafeUrl> {
        wallet_outcome(&WalletAnswer {
            success: r.success,
            error: r.error.as_ref(),
            order_status: r.order_status.as_ref(),
            order_id: r.data.as_ref().and_then(|d| d.order_id.as_deref()),
            acs_url: None,
            pa_req: None,
            term_url: None,
        })
    }
}

impl PaymentRequest for RecurrentPaymentRequest {
    fn outcome(&self, r: &RecurrentPaymentResponse) -> Result<PaymentOutcome, UnsafeUrl> {
        Ok(wallet_reading(&WalletAnswer {
            success: r.success,
            error: r.error.as_ref(),
            order_status: r.order_status.as_ref(),
            order_id: r.data.as_ref().and_then(|d| d.order_id.as_deref()),
            acs_url: None,
            pa_req: None,
            term_url: None,
        }))
    }
}

impl PaymentRequest for GooglePayPaymentRequest {
    fn outcome(&self, r: &GooglePayPaymentResponse) -> Result<PaymentOutcome, UnsafeUrl> {
        let data = r.data.as_ref();
        wallet_outcome(&WalletAnswer {
            success: r.success,
            error: r.error.as_ref(),
            order_status: r.order_status.as_ref(),
            order_id: data.and_then(|d| d.order_id.as_deref()),
            acs_url: data.and_then(|d| d.acs_url.as_deref()),
            pa_req: data.and_then(|d| d.pa_req.as_deref()),
            term_url: data.and_then(|d| d.term_url.as_deref()),
        })
    }
}

/// The fields of a card payment's answer that tell its outcome.
struct CardAnswer<'a> {
    order_id: &'a str,
    error_code: Option<i64>,
    error_message: Option<&'a str>,
    error: Option<&'a str>,
    processing_error_type: Option<&'a str>,
    info: Option<&'a str>,
    redirect: Option<&'a str>,
    acs_url: Option<&'a str>,
    pa_req: Option<&'a str>,
    term_url: Option<&'a str>,
    form_url: Option<&'a str>,
    creq: Option<&'a str>,
    method: ThreeDs2Fields<'a>,
}

/// The 3DS Method fields of a first 3-D Secure 2 answer.
#[derive(Default)]
struct ThreeDs2Fields<'a> {
    server_trans_id: Option<&'a str>,
    method_url: Option<&'a str>,
    method_data: Option<&'a str>,
    is_3ds_ver2: Option<bool>,
}

fn card_outcome(a: &CardAnswer<'_>) -> Result<PaymentOutcome, UnsafeUrl> {
    check_http("redirect", a.redirect)?;
    check_http("formUrl", a.form_url)?;
    check_http("acsUrl", a.acs_url)?;
    check_http("termUrl", a.term_url)?;
    check_http("threeDSMethodURL", a.method.method_url)?;
    Ok(card_reading(a))
}

fn card_reading(a: &CardAnswer<'_>) -> PaymentOutcome {
    let redirect = present(a.redirect).map(str::to_owned);
    let info = present(a.info).map(str::to_owned);
    let declined = |message: Option<&str>| PaymentOutcome::Declined {
        message: message.map(str::to_owned),
        processing_error_type: present(a.processing_error_type).map(str::to_owned),
        redirect: redirect.clone(),
    };
    let error_text = present(a.error).filter(|text| !says_no_error(text));

    // 1. A non-zero code, or a processing error type: declined, whatever else
    //    the answer holds (a real decline came with code 0, `error` and
    //    `processingErrorType`).
    if a.error_code.is_some_and(|code| code != 0) || present(a.processing_error_type).is_some() {
        return declined(
            present(a.error_message)
                .or(error_text)
                .or(present(a.error))
                .or(info.as_deref()),
        );
    }
    // 2. 3-D Secure: a 3-D Secure 2 challenge, a 3-D Secure 1 challenge,
    //    the 3DS Method (a transaction id with a method URL, or marked as
    //    3-D Secure 2 without one), the gateway's own page.
    if let (Some(acs_url), Some(creq)) = (present(a.acs_url), present(a.creq)) {
        return PaymentOutcome::ThreeDs2Challenge(ThreeDs2Challenge::new(acs_url, creq));
    }
    if let (Some(acs_url), Some(pa_req), Some(term_url)) =
        (present(a.acs_url), present(a.pa_req), present(a.term_url))
    {
        return PaymentOutcome::ThreeDsRequired(ThreeDsChallenge::new(
            acs_url, pa_req, term_url, a.order_id,
        ));
    }
    let m = &a.method;
    if let Some(server_trans_id) = present(m.server_trans_id) {
        let method_url = present(m.method_url);
        if method_url.is_some() || m.is_3ds_ver2 == Some(true) {
            return PaymentOutcome::ThreeDsMethod(ThreeDsMethod {
                method_url: method_url.map(str::to_owned),
                method_data: present(m.method_data).map(str::to_owned),
                server_trans_id: server_trans_id.to_owned(),
                md: a.order_id.to_owned(),
            });
        }
    }
    if let Some(url) = present(a.form_url) {
        return PaymentOutcome::ThreeDsRedirect {
            url: url.to_owned(),
        };
    }
    // 3. A decline said in words: a failure `info`, or an `error` text that
    //    is not the "processed without system errors" some gateways send.
    if let Some(text) = info.as_deref().filter(|text| says_failure(text)) {
        return declined(Some(text));
    }
    if let Some(text) = error_text {
        return declined(Some(text));
    }
    // 4. Done, when the gateway says so in a language we know; otherwise
    //    unclear (an `info` of "Redirecting..." alone follows exhausted
    //    attempts, for one).
    match (redirect, info) {
        (Some(url), Some(info)) if says_success(&info) => PaymentOutcome::Redirect {
            url,
            info: Some(info),
        },
        (redirect, info) => PaymentOutcome::Unconfirmed { redirect, info },
    }
}

/// The fields of a wallet payment's answer that tell its outcome.
struct WalletAnswer<'a> {
    success: Option<bool>,
    error: Option<&'a WalletError>,
    order_status: Option<&'a WalletOrderStatus>,
    order_id: Option<&'a str>,
    acs_url: Option<&'a str>,
    pa_req: Option<&'a str>,
    term_url: Option<&'a str>,
}

fn wallet_outcome(a: &WalletAnswer<'_>) -> Result<PaymentOutcome, UnsafeUrl> {
    check_http("acsUrl", a.acs_url)?;
    check_http("termUrl", a.term_url)?;
    Ok(wallet_reading(a))
}

fn wallet_reading(a: &WalletAnswer<'_>) -> PaymentOutcome {
    if a.success != Some(true) {
        let message = a
            .error
            .and_then(|e| present(e.message.as_deref()).or(present(e.description.as_deref())));
        return match (a.success, a.error) {
            (Some(false), _) | (_, Some(_)) => PaymentOutcome::Declined {
                message: message.map(str::to_owned),
                processing_error_type: None,
                redirect: None,
            },
            _ => PaymentOutcome::Unconfirmed {
                redirect: None,
                info: None,
            },
        };
    }
    if let (Some(acs_url), Some(pa_req), Some(term_url), Some(order_id)) = (
        present(a.acs_url),
        present(a.pa_req),
        present(a.term_url),
        present(a.order_id),
    ) {
        return PaymentOutcome::ThreeDsRequired(ThreeDsChallenge::new(
            acs_url, pa_req, term_url, order_id,
        ));
    }
    let order_status = a.order_status.and_then(|s| s.order_status.clone());
    match order_status {
        None | Some(OrderStatus::Approved) | Some(OrderStatus::Deposited) => {
            PaymentOutcome::Accepted {
                order_id: present(a.order_id).map(str::to_owned),
                order_status,
            }
        }
        Some(OrderStatus::Declined) => PaymentOutcome::Declined {
            message: a
                .order_status
                .and_then(|s| present(s.action_code_description.as_deref()))
                .map(str::to_owned),
            processing_error_type: None,
            redirect: None,
        },
        Some(_) => PaymentOutcome::Unconfirmed {
            redirect: None,
            info: None,
        },
    }
}

/// A text that is there and not blank.
fn present(text: Option<&str>) -> Option<&str> {
    text.filter(|t| !t.trim().is_empty())
}

/// Every wording the spec gives for code 0, "processed without system
/// errors", in any endpoint's table (English, the document's Kazakh, the
/// `also` wordings other banks' gateways send), as [`no_error_key`] reads
/// them. All endpoints', not only the payment's: which of the code-0
/// wordings ("Success", "Request processed successfully.") a gateway writes
/// in a payment answer is not documented, and none of them is a decline.
static NO_ERROR_TEXTS: LazyLock<Vec<String>> = LazyLock::new(|| {
    macro_rules! code_zero_messages {
        ($($name:literal => $request:ty),* $(,)?) => {
            [$(<<$request as Endpoint>::ErrorCode as ErrorCode>::from_code(0).messages()),*]
        };
    }
    let mut texts: Vec<String> = bereke_types::for_each_endpoint!(code_zero_messages)
        .into_iter()
        .flatten()
        .flat_map(ErrorMessage::wordings)
        .map(no_error_key)
        .collect();
    texts.sort();
    texts.dedup();
    texts
});

/// A code-0 text as compared: normalized, without the final full stop
/// (the document's tables write it with and without).
fn no_error_key(text: &str) -> String {
    normalized(text).trim_end_matches(['.', ' ']).to_owned()
}

/// Whether `text` holds a text of the spec's ([`PaymentInfo`], in any of its
/// languages and wordings) that means `meaning`. A text is recognised by its
/// first sentence (without the closing "Redirecting..."), which is what
/// stays the same across gateways' punctuation and endings.
fn info_says(text: &str, meaning: PaymentInfoMeaning) -> bool {
    let text = normalized(text);
    INFO_KEYS
        .iter()
        .any(|(key, means)| *means == meaning && text.contains(key.as_str()))
}

/// The first sentence of every processed and failed text, normalized.
static INFO_KEYS: LazyLock<Vec<(String, PaymentInfoMeaning)>> = LazyLock::new(|| {
    PaymentInfo::ALL
        .iter()
        .filter(|info| info.means() != PaymentInfoMeaning::Redirect)
        .flat_map(|info| info.wordings().map(move |text| (text, info.means())))
        .map(|(text, meaning)| {
            let reason = normalized(PaymentInfo::strip_redirect(text));
            let first = reason.split(". ").next().unwrap_or(&reason);
            (first.trim_end_matches([' ', ',', '.']).to_owned(), meaning)
        })
        .collect()
});

/// Lower case, `ё` as `е` (gateways write both), spaces trimmed.
fn normalized(text: &str) -> String {
    text.trim().to_lowercase().replace('ё', "е")
}

/// Whether an `error` text is one of the spec's code-0 wordings, not a
/// decline. A whole text must match: a decline may quote words of one.
fn says_no_error(text: &str) -> bool {
    let key = no_error_key(text);
    NO_ERROR_TEXTS.binary_search(&key).is_ok()
}

fn says_success(text: &str) -> bool {
    info_says(text, PaymentInfoMeaning::Processed) && !says_failure(text)
}

fn says_failure(text: &str) -> bool {
    info_says(text, PaymentInfoMeaning::Failed)
}
