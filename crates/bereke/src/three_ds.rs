//! 3-D Secure: sending the customer's browser to the card issuer's ACS.
//!
//! **3-D Secure 1.** When a card payment needs 3-D Secure, the gateway
//! answers with the ACS (access control server) URL, a `PaReq` and the
//! `TermUrl` to come back to. The customer's browser must then `POST` `MD`
//! (the gateway's order id), `PaReq` and `TermUrl` to the ACS:
//! [`ThreeDsChallenge::auto_submit_html`] builds the page that does it.
//! Alternatively, send the browser to the gateway's own redirect page,
//! [`acs_redirect_url`].
//!
//! **3-D Secure 2** runs in up to three steps:
//!
//! 1. the first `paymentorder.do` answers `threeDSServerTransId` and the
//!    issuer's 3DS Method (`threeDSMethodURL`, `threeDSMethodData`):
//!    [`ThreeDsMethod::iframe_html`] builds the page that runs the method in
//!    a hidden iframe and then posts to the shop's own continue URL;
//! 2. there the shop continues the payment: a second `paymentorder.do` with
//!    the same card data and the transaction id
//!    ([`ThreeDsMethod::continue_request`]), or `finish3dsMethod.do`
//!    without the card data ([`ThreeDsMethod::finish_request`]);
//! 3. that answer either redirects (frictionless: no challenge) or asks for
//!    the challenge (`acsUrl` and `cReq`): [`ThreeDs2Challenge::auto_submit_html`]
//!    posts `creq` to the ACS, which returns the browser to the gateway and
//!    from there to the shop.

use std::fmt::Write as _;

use bereke_types::{Finish3dsMethodRequest, PaymentOrderRequest};
use url::Url;

/// Why a 3-D Secure page or URL could not be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ThreeDsError {
    /// The ACS URL is not an absolute `http` or `https` URL with a host; a
    /// `javascript:` or `data:` URL in a form's `action` would run script.
    #[error("the ACS URL is not an http(s) URL: {reason}")]
    InvalidAcsUrl {
        /// What is wrong with it.
        reason: String,
    },
    /// The 3DS Method URL is not an absolute `http` or `https` URL with a host.
    #[error("the 3DS Method URL is not an http(s) URL: {reason}")]
    InvalidMethodUrl {
        /// What is wrong with it.
        reason: String,
    },
    /// The shop's continue URL is neither an absolute `http(s)` URL nor a
    /// path on the shop's own site (`/3ds/continue`).
    #[error("the continue URL is not an http(s) URL or a path: {reason}")]
    InvalidContinueUrl {
        /// What is wrong with it.
        reason: String,
    },
    /// The gateway's base URL is not an absolute `http` or `https` URL with a host.
    #[error("the gateway base URL is not an http(s) URL: {reason}")]
    InvalidBaseUrl {
        /// What is wrong with it.
        reason: String,
    },
}

/// What a payment answer that needs 3-D Secure gives: where the customer's
/// browser must go, and what it must post there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThreeDsChallenge {
    /// The ACS URL (`acsUrl` in the gateway's answer).
    pub acs_url: String,
    /// The payer authentication request (`paReq`), posted as `PaReq`.
    pub pa_req: String,
    /// Where the ACS sends the browser back (`termUrl`), posted as `TermUrl`.
    pub term_url: String,
    /// The gateway's order id, posted as `MD`.
    pub md: String,
}

impl ThreeDsChallenge {
    /// A challenge from the gateway's answer and the order id.
    pub fn new(
        acs_url: impl Into<String>,
        pa_req: impl Into<String>,
        term_url: impl Into<String>,
        md: impl Into<String>,
    ) -> Self {
        Self {
            acs_url: acs_url.into(),
            pa_req: pa_req.into(),
            term_url: term_url.into(),
            md: md.into(),
        }
    }

    /// An HTML page that posts `MD`, `PaReq` and `TermUrl` to the ACS as soon
    /// as it loads, with a button inside `<noscript>` for browsers without
    /// JavaScript. Every value is HTML-escaped (safe in a quoted attribute);
    /// the only script is the one-line `submit()`. The ACS URL is written in
    /// its normalized form (as a browser would parse it: e.g. `'` in the query
    /// becomes `%27`, tabs and newlines are dropped).
    ///
    /// ```
    /// use bereke::three_ds::ThreeDsChallenge;
    ///
    /// let page = ThreeDsChallenge::new("https://acs.example/pareq", "eJx\"<>", "https://shop.example/3ds", "order-1")
    ///     .auto_submit_html()?;
    /// assert!(page.contains(r#"action="https://acs.example/pareq""#));
    /// assert!(page.contains(r#"name="PaReq" value="eJx&quot;&lt;&gt;""#));
    /// # Ok::<(), bereke::three_ds::ThreeDsError>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`ThreeDsError::InvalidAcsUrl`] unless the ACS URL is http(s).
    pub fn auto_submit_html(&self) -> Result<String, ThreeDsError> {
        let acs_url =
            http_url(&self.acs_url).map_err(|reason| ThreeDsError::InvalidAcsUrl { reason })?;
        Ok(auto_submit_page(
            &acs_url,
            &[
                ("MD", &self.md),
                ("PaReq", &self.pa_req),
                ("TermUrl", &self.term_url),
            ],
        ))
    }
}

/// The 3DS Method step of a 3-D Secure 2 payment: what the first
/// `paymentorder.do` answered, and the order it belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThreeDsMethod {
    /// The issuer's 3DS Method page (`threeDSMethodURL`), to load in a
    /// hidden iframe; `None` when the issuer has none (the payment is then
    /// continued at once).
    pub method_url: Option<String>,
    /// What to post there as `threeDSMethodData` (`threeDSMethodData` or
    /// `threeDSMethodDataPacked`).
    pub method_data: Option<String>,
    /// The 3DS Server's transaction id (`threeDSServerTransId`), sent back
    /// when the payment is continued.
    pub server_trans_id: String,
    /// The gateway's order id.
    pub md: String,
}

/// The method page's one script: posts the method form into the iframe, and
/// the continue form with `threeDSCompInd` `Y` once the method page has
/// loaded in it (not the iframe's first, empty `about:blank`; a method page
/// of another origin cannot be read, which also means it loaded), or `N`
/// after ten seconds (what EMV 3-D Secure allows the method); at once when
/// there is no method URL.
const METHOD_SCRIPT: &str = "<script>(function(){var f=document.getElementById(\"three-ds-continue\"),\
     m=document.getElementById(\"three-ds-method-form\"),done=false;\
     function go(y){if(done)return;done=true;f.elements.threeDSCompInd.value=y?\"Y\":\"N\";f.submit();}\
     if(!m){go(false);return;}\
     var w=document.getElementsByName(\"three-ds-method\")[0];\
     w.addEventListener(\"load\",function(){try{if(w.contentWindow.location.href===\"about:blank\")return;}catch(e){}go(true);});\
     setTimeout(function(){go(false);},10000);m.submit();})();</script>\n";

impl ThreeDsMethod {
    /// The second `paymentorder.do`: `first`, the request that got this
    /// answer (with the same card data), and the transaction id.
    pub fn continue_request(&self, first: &PaymentOrderRequest) -> PaymentOrderRequest {
        first
            .clone()
            .three_ds_server_trans_id(self.server_trans_id.clone())
    }

    /// `finish3dsMethod.do`, the other way to continue (without the card
    /// data): `completed` says whether the method page finished in time
    /// (the continue form of [`ThreeDsMethod::iframe_html`] posts it as
    /// `threeDSCompInd`, `Y` or `N`).
    pub fn finish_request(&self, completed: bool) -> Finish3dsMethodRequest {
        Finish3dsMethodRequest::new(self.md.clone(), self.server_trans_id.clone())
            .three_ds_comp_ind(if completed { "Y" } else { "N" })
    }

    /// An HTML page that runs the 3DS Method in a hidden iframe (a form
    /// posting `threeDSMethodData` to the method URL, aimed at the iframe)
    /// and then posts `MD`, `threeDSServerTransId` and `threeDSCompInd`
    /// (`Y` when the method page loaded, `N` after ten seconds) to
    /// `continue_url`, the shop's own address that continues the payment.
    /// Without JavaScript the method is skipped (the 3-D Secure 2 protocol
    /// allows that: `N`) and a button posts the continue form. Every value
    /// is HTML-escaped; the only script is a fixed one.
    ///
    /// ```
    /// use bereke::three_ds::ThreeDsMethod;
    ///
    /// let method = ThreeDsMethod {
    ///     method_url: Some("https://acs.example/method".into()),
    ///     method_data: Some("eyJ0aHJlZURTU2VydmVyVHJhbnNJRCI6IjEifQ".into()),
    ///     server_trans_id: "93045e61-d783-40f1-8934-33fd59387ca6".into(),
    ///     md: "order-1".into(),
    /// };
    /// let page = method.iframe_html("/checkout/3ds-continue")?;
    /// assert!(page.contains(r#"action="https://acs.example/method" target="three-ds-method""#));
    /// assert!(page.contains(r#"name="threeDSServerTransId" value="93045e61-d783-40f1-8934-33fd59387ca6""#));
    /// # Ok::<(), bereke::three_ds::ThreeDsError>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`ThreeDsError::InvalidMethodUrl`] unless the method URL is http(s);
    /// [`ThreeDsError::InvalidContinueUrl`] unless `continue_url` is http(s)
    /// or a path of the shop's own site.
    pub fn iframe_html(&self, continue_url: &str) -> Result<String, ThreeDsError> {
        let method_url = match self.method_url.as_deref() {
            Some(url) => {
                Some(http_url(url).map_err(|reason| ThreeDsError::InvalidMethodUrl { reason })?)
            }
            None => None,
        };
        let continue_url = own_url(continue_url)?;
        let mut page = String::with_capacity(1536 + continue_url.len());
        page.push_str(PAGE_HEAD);
        if let Some(method_url) = &method_url {
            page.push_str(
                "<iframe name=\"three-ds-method\" title=\"3-D Secure\" hidden \
                 style=\"display:none\" width=\"0\" height=\"0\"></iframe>\n\
                 <form id=\"three-ds-method-form\" method=\"post\" action=\"",
            );
            push_escaped(&mut page, method_url.as_str());
            page.push_str("\" target=\"three-ds-method\">\n");
            push_hidden(
                &mut page,
                "threeDSMethodData",
                self.method_data.as_deref().unwrap_or_default(),
            );
            page.push_str("</form>\n");
        }
        page.push_str("<form id=\"three-ds-continue\" method=\"post\" action=\"");
        push_escaped(&mut page, &continue_url);
        page.push_str("\">\n");
        push_hidden(&mut page, "MD", &self.md);
        push_hidden(&mut page, "threeDSServerTransId", &self.server_trans_id);
        push_hidden(&mut page, "threeDSCompInd", "N");
        page.push_str("<noscript><button type=\"submit\">Continue</button></noscript>\n</form>\n");
        page.push_str(METHOD_SCRIPT);
        page.push_str(PAGE_TAIL);
        Ok(page)
    }
}

/// The challenge of a 3-D Secure 2 payment: the browser posts `creq` to the
/// ACS, which asks the customer and returns the browser to the gateway.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThreeDs2Challenge {
    /// The ACS URL (`acsUrl`).
    pub acs_url: String,
    /// The challenge request (`cReq` or `packedCReq`), posted as `creq`.
    pub creq: String,
}

impl ThreeDs2Challenge {
    /// A challenge from the gateway's answer.
    pub fn new(acs_url: impl Into<String>, creq: impl Into<String>) -> Self {
        Self {
            acs_url: acs_url.into(),
            creq: creq.into(),
        }
    }

    /// An HTML page that posts `creq` to the ACS as soon as it loads, with a
    /// button inside `<noscript>`; escaped as
    /// [`ThreeDsChallenge::auto_submit_html`] is.
    ///
    /// ```
    /// use bereke::three_ds::ThreeDs2Challenge;
    ///
    /// let page = ThreeDs2Challenge::new("https://acs.example/creq", "eyJ<\"").auto_submit_html()?;
    /// assert!(page.contains(r#"action="https://acs.example/creq""#));
    /// assert!(page.contains(r#"name="creq" value="eyJ&lt;&quot;""#));
    /// # Ok::<(), bereke::three_ds::ThreeDsError>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`ThreeDsError::InvalidAcsUrl`] unless the ACS URL is http(s).
    pub fn auto_submit_html(&self) -> Result<String, ThreeDsError> {
        let acs_url =
            http_url(&self.acs_url).map_err(|reason| ThreeDsError::InvalidAcsUrl { reason })?;
        Ok(auto_submit_page(&acs_url, &[("creq", &self.creq)]))
    }
}

const PAGE_HEAD: &str = "<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n\
     <meta name=\"referrer\" content=\"no-referrer\">\n\
     <title>3-D Secure</title>\n</head>\n<body>\n";
const PAGE_TAIL: &str = "</body>\n</html>\n";

/// A page that posts `fields` to `action` as soon as it loads (a button in
/// `<noscript>` without JavaScript). `fields`' names are constants; their
/// values are escaped.
fn auto_submit_page(action: &Url, fields: &[(&str, &str)]) -> String {
    let size: usize = fields.iter().map(|(_, value)| value.len() + 48).sum();
    let mut page = String::with_capacity(512 + action.as_str().len() + size);
    page.push_str(PAGE_HEAD);
    page.push_str("<form id=\"three-ds\" method=\"post\" action=\"");
    push_escaped(&mut page, action.as_str());
    page.push_str("\">\n");
    for (name, value) in fields {
        push_hidden(&mut page, name, value);
    }
    page.push_str(
        "<noscript><button type=\"submit\">Continue</button></noscript>\n</form>\n\
         <script>document.getElementById(\"three-ds\").submit();</script>\n",
    );
    page.push_str(PAGE_TAIL);
    page
}

/// Appends a hidden input; `name` is a constant, only `value` is escaped.
fn push_hidden(page: &mut String, name: &str, value: &str) {
    let _ = write!(page, "<input type=\"hidden\" name=\"{name}\" value=\"");
    push_escaped(page, value);
    page.push_str("\">\n");
}

/// The shop's continue URL: an absolute http(s) URL (normalized), or a path
/// of the shop's own site (`/…`, not `//host`), without control characters.
fn own_url(raw: &str) -> Result<String, ThreeDsError> {
    let text = raw.trim();
    let path = text.starts_with('/')
        && !["//", "/\\"].iter().any(|p| text.starts_with(p))
        && !text.chars().any(char::is_control);
    if path {
        return Ok(text.to_owned());
    }
    http_url(text)
        .map(String::from)
        .map_err(|reason| ThreeDsError::InvalidContinueUrl { reason })
}

/// The gateway's simplified 3-D Secure redirect:
/// `<base>acsRedirect.do?orderId=<order id>`, for a base URL such as
/// `https://3dsec.berekebank.kz/payment/` (with or without the trailing `/`).
///
/// ```
/// let url = bereke::three_ds::acs_redirect_url("https://3dsec.berekebank.kz/payment", "a b&c")?;
/// assert_eq!(url, "https://3dsec.berekebank.kz/payment/acsRedirect.do?orderId=a+b%26c");
/// # Ok::<(), bereke::three_ds::ThreeDsError>(())
/// ```
///
/// # Errors
///
/// [`ThreeDsError::InvalidBaseUrl`] unless the base URL is http(s).
pub fn acs_redirect_url(base_url: &str, order_id: &str) -> Result<String, ThreeDsError> {
    let mut url = http_url(base_url).map_err(|reason| ThreeDsError::InvalidBaseUrl { reason })?;
    // Without a trailing `/`, joining would replace the last path segment
    // (`…/payment` + `acsRedirect.do` = `…/acsRedirect.do`).
    if !url.path().ends_with('/') {
        let path = format!("{}/", url.path());
        url.set_path(&path);
    }
    let mut url = url
        .join("acsRedirect.do")
        .map_err(|e| ThreeDsError::InvalidBaseUrl {
            reason: e.to_string(),
        })?;
    url.set_fragment(None);
    url.query_pairs_mut()
        .clear()
        .append_pair("orderId", order_id);
    Ok(url.into())
}

/// Parses an absolute http(s) URL with a host.
fn http_url(raw: &str) -> Result<Url, String> {
    let url = Url::parse(raw.trim()).map_err(|e| e.to_string())?;
    match url.scheme() {
        "http" | "https" if url.host().is_some() => Ok(url),
        "http" | "https" => Err("it has no host".to_owned()),
        other => Err(format!(
            "scheme `{}` is not http or https",
            other.escape_debug()
        )),
    }
}

/// Appends `text` escaped for HTML text and quoted attribute values.
fn push_escaped(out: &mut String, text: &str) {
    out.push_str(&html_escape::encode_quoted_attribute(text));
}

#[cfg(test)]
mod tests {
    use super::*;

    const NASTY: &str = r#""><script>alert('x')</script>&amp;"#;
    const NASTY_ESCAPED: &str =
        "&quot;&gt;&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;&amp;amp;";

    fn challenge() -> ThreeDsChallenge {
        ThreeDsChallenge::new(
            "https://acs.example.com/pareq?a=1&b='2'",
            "eJxVUm1vgjAQ",
            "https://shop.example.com/3ds?order=1&x=\"y\"",
            "0e2a4c1e-1b6f-7b5d-9c1a-2f3b4c5d6e7f",
        )
    }

    #[test]
    fn escapes_every_value() {
        for field in 0..3 {
            let mut c = challenge();
            match field {
                0 => c.pa_req = NASTY.into(),
                1 => c.term_url = NASTY.into(),
                _ => c.md = NASTY.into(),
            }
            let page = c.auto_submit_html().expect("valid ACS URL");
            assert!(page.contains(NASTY_ESCAPED), "field {field}: {page}");
            assert!(!page.contains("alert('x')"), "field {field}");
            assert_eq!(page.matches("<script>").count(), 1, "field {field}");
        }
    }

    #[test]
    fn escapes_the_acs_url() {
        let page = challenge().auto_submit_html().expect("valid ACS URL");
        // The URL parser already encodes `'` in a query; `&` is left to the escaper.
        assert!(
            page.contains(r#"action="https://acs.example.com/pareq?a=1&amp;b=%272%27""#),
            "{page}"
        );
        let mut c = challenge();
        c.acs_url = r#"https://acs.example.com/"><script>alert(1)</script>"#.into();
        let page = c.auto_submit_html().expect("valid ACS URL");
        assert_eq!(page.matches("<script>").count(), 1);
        assert!(!page.contains("\"><"));
    }

    #[test]
    fn escaper_covers_the_five_characters() {
        let mut out = String::new();
        push_escaped(&mut out, r#"a"b<c>d&e'f"#);
        assert_eq!(out, "a&quot;b&lt;c&gt;d&amp;e&#x27;f");
    }

    #[test]
    fn page_posts_all_three_fields_and_has_a_noscript_button() {
        let page = challenge().auto_submit_html().expect("valid ACS URL");
        assert!(page.contains(
            r#"<form id="three-ds" method="post" action="https://acs.example.com/pareq?a=1&amp;b="#
        ));
        assert!(page.contains(
            r#"<input type="hidden" name="MD" value="0e2a4c1e-1b6f-7b5d-9c1a-2f3b4c5d6e7f">"#
        ));
        assert!(page.contains(r#"<input type="hidden" name="PaReq" value="eJxVUm1vgjAQ">"#));
        assert!(page.contains(r#"<input type="hidden" name="TermUrl" value="https://shop.example.com/3ds?order=1&amp;x=&quot;y&quot;">"#));
        assert!(page.contains("<noscript><button type=\"submit\">"));
        assert!(page.contains("<script>document.getElementById(\"three-ds\").submit();</script>"));
    }

    #[test]
    fn refuses_non_http_acs_urls() {
        for bad in [
            "javascript:alert(1)",
            "JAVASCRIPT:alert(1)",
            "data:text/html,<b>x</b>",
            "ftp://acs.example.com/",
            "/relative/path",
            "",
            "https://",
        ] {
            let mut c = challenge();
            c.acs_url = bad.into();
            assert!(
                matches!(
                    c.auto_submit_html(),
                    Err(ThreeDsError::InvalidAcsUrl { .. })
                ),
                "{bad:?}"
            );
        }
        let mut c = challenge();
        c.acs_url = "HTTP://ACS.EXAMPLE.COM/x".into();
        assert!(c.auto_submit_html().is_ok());
    }

    #[test]
    fn acs_redirect_url_with_and_without_trailing_slash() {
        for base in [
            "https://3dsec.berekebank.kz/payment/",
            "https://3dsec.berekebank.kz/payment",
        ] {
            assert_eq!(
                acs_redirect_url(base, "12b59da8-f68f-7c8d-12b5-9da8000826ea").as_deref(),
                Ok("https://3dsec.berekebank.kz/payment/acsRedirect.do?orderId=12b59da8-f68f-7c8d-12b5-9da8000826ea")
            );
        }
        assert_eq!(
            acs_redirect_url("https://securepayments.berekebank.kz/payment/", "id/with?odd#chars&=é").as_deref(),
            Ok("https://securepayments.berekebank.kz/payment/acsRedirect.do?orderId=id%2Fwith%3Fodd%23chars%26%3D%C3%A9")
        );
        assert_eq!(
            acs_redirect_url("https://gw.example/", "1").as_deref(),
            Ok("https://gw.example/acsRedirect.do?orderId=1")
        );
    }

    #[test]
    fn acs_redirect_url_refuses_bad_bases() {
        for bad in ["", "3dsec.berekebank.kz/payment/", "javascript:alert(1)"] {
            assert!(
                matches!(
                    acs_redirect_url(bad, "1"),
                    Err(ThreeDsError::InvalidBaseUrl { .. })
                ),
                "{bad:?}"
            );
        }
    }
}
