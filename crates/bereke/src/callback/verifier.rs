//! Verifying a callback straight from an HTTP request, whatever the web framework.

use super::error::truncate_for_error;
use super::{Callback, CallbackError, CallbackKey};

/// Parses and verifies callbacks from HTTP requests with one key.
///
/// ```
/// use bereke::callback::{CallbackKey, CallbackVerifier};
///
/// let verifier = CallbackVerifier::new(CallbackKey::hmac_sha256("ooc7slpvc61k7sf7ma7p4hrefr")?);
/// let query = "mdOrder=06cf5599-3f17-7c86-bdbc-bd7d00a8b38b&orderNumber=2003\
///     &checksum=EAF2FB72CAB99FD5067F4BA493DD84F4D79C1589FDE8ED29622F0F07215AA972\
///     &operation=approved&status=1";
/// let callback = verifier.verify_request("GET", query, b"")?;
/// assert_eq!(callback.order_number(), Some("2003"));
///
/// let forged = query.replace("status=1", "status=0");
/// let rejected = verifier.verify_request("GET", &forged, b"").unwrap_err();
/// assert!(rejected.is_authentication_failure());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct CallbackVerifier {
    key: CallbackKey,
}

impl CallbackVerifier {
    /// A verifier that checks every callback with `key`.
    pub fn new(key: CallbackKey) -> Self {
        Self { key }
    }

    /// The key callbacks are checked with.
    pub fn key(&self) -> &CallbackKey {
        &self.key
    }

    /// Parses and verifies a callback from a request's method (`GET` or
    /// `POST`, any case), its query string (with or without `?`; `""` when
    /// there is none) and its body.
    ///
    /// `GET` reads the query and ignores the body. `POST` reads the body as a
    /// form, or the query if the body is empty.
    ///
    /// # Errors
    ///
    /// [`CallbackError::UnsupportedMethod`], any parse error of
    /// [`Callback::from_query`], or any verification error of [`Callback::verify`].
    pub fn verify_request(
        &self,
        method: &str,
        query: &str,
        body: &[u8],
    ) -> Result<Callback, CallbackError> {
        self.verify_request_with_content_type(method, None, query, body)
    }

    /// As [`CallbackVerifier::verify_request`], and also refuses a non-empty
    /// `POST` body whose `Content-Type` is given and is not
    /// `application/x-www-form-urlencoded` (parameters such as `charset` are
    /// allowed).
    ///
    /// # Errors
    ///
    /// As [`CallbackVerifier::verify_request`], plus
    /// [`CallbackError::UnsupportedContentType`].
    pub fn verify_request_with_content_type(
        &self,
        method: &str,
        content_type: Option<&str>,
        query: &str,
        body: &[u8],
    ) -> Result<Callback, CallbackError> {
        let callback = if method.eq_ignore_ascii_case("GET") {
            Callback::from_query(query)?
        } else if method.eq_ignore_ascii_case("POST") {
            if body.is_empty() {
                Callback::from_query(query)?
            } else {
                if let Some(content_type) = content_type {
                    if !is_form(content_type) {
                        return Err(CallbackError::UnsupportedContentType {
                            content_type: truncate_for_error(content_type),
                        });
                    }
                }
                Callback::from_form(body)?
            }
        } else {
            return Err(CallbackError::UnsupportedMethod {
                method: truncate_for_error(method),
            });
        };
        callback.verify(&self.key)?;
        Ok(callback)
    }

    /// Verifies a callback received as a query string.
    ///
    /// # Errors
    ///
    /// As [`Callback::from_query`] and [`Callback::verify`].
    pub fn verify_query(&self, query: &str) -> Result<Callback, CallbackError> {
        self.verify_request("GET", query, b"")
    }

    /// Verifies a callback received as a form body.
    ///
    /// # Errors
    ///
    /// As [`Callback::from_form`] and [`Callback::verify`].
    pub fn verify_form(&self, body: &[u8]) -> Result<Callback, CallbackError> {
        let callback = Callback::from_form(body)?;
        callback.verify(&self.key)?;
        Ok(callback)
    }
}

/// `application/x-www-form-urlencoded`, any case, parameters allowed.
fn is_form(content_type: &str) -> bool {
    content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .eq_ignore_ascii_case("application/x-www-form-urlencoded")
}
