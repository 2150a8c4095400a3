//! 3-D Secure: sending the customer's browser to the card issuer's ACS.
//!
//! When a card payment needs 3-D Secure, the gateway answers with the ACS
//! (access control server) URL, a `PaReq` and the `TermUrl` to come back to.
//! The customer's browser must then `POST` `MD` (the gateway's order id),
//! `PaReq` and `TermUrl` to the ACS: [`ThreeDsChallenge::auto_submit_html`]
//! builds the page that does it. Alternatively, send the browser to the
//! gateway's own redirect page, [`acs_redirect_url`].

use std::fmt::Write as _;

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
        let mut page = String::with_capacity(
            640 + acs_url.as_str().len() + self.pa_req.len() + self.term_url.len() + self.md.len(),
        );
        page.push_str(
            "<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n\
             <meta name=\"referrer\" content=\"no-referrer\">\n\
             <title>3-D Secure</title>\n</head>\n<body>\n",
        );
        page.push_str("<form id=\"three-ds\" method=\"post\" action=\"");
        push_escaped(&mut page, acs_url.as_str());
        page.push_str("\">\n");
        for (name, value) in [
            ("MD", &self.md),
            ("PaReq", &self.pa_req),
            ("TermUrl", &self.term_url),
        ] {
            // `name` is one of three constants; only `value` needs escaping.
            let _ = write!(page, "<input type=\"hidden\" name=\"{name}\" value=\"");
            push_escaped(&mut page, value);
            page.push_str("\">\n");
        }
        page.push_str(
            "<noscript><button type=\"submit\">Continue</button></noscript>\n</form>\n\
             <script>document.getElementById(\"three-ds\").submit();</script>\n\
             </body>\n</html>\n",
        );
        Ok(page)
    }
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
