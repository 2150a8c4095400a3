//! Building (and signing) a callback, as the gateway would send it.

use super::checksum::sign_hmac_sha256;
use super::{Callback, CallbackOperation, CallbackStatus};

/// Builds a [`Callback`]; obtained from [`Callback::builder`].
///
/// Setting a parameter that is already set replaces its value in place, so
/// the result never has a name twice.
///
/// ```
/// use bereke::callback::{Callback, CallbackKey, CallbackOperation, CallbackStatus};
///
/// let callback = Callback::builder()
///     .md_order("06cf5599-3f17-7c86-bdbc-bd7d00a8b38b")
///     .order_number("2003")
///     .operation(CallbackOperation::Approved)
///     .status(CallbackStatus::Success)
///     .sign_hmac_sha256("ooc7slpvc61k7sf7ma7p4hrefr");
/// assert!(callback.to_query().ends_with(
///     "&checksum=EAF2FB72CAB99FD5067F4BA493DD84F4D79C1589FDE8ED29622F0F07215AA972"
/// ));
/// let key = CallbackKey::hmac_sha256("ooc7slpvc61k7sf7ma7p4hrefr")?;
/// assert!(callback.verify(&key).is_ok());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct CallbackBuilder {
    params: Vec<(String, String)>,
}

impl CallbackBuilder {
    /// Sets `mdOrder`, the gateway's order id.
    pub fn md_order(self, md_order: impl Into<String>) -> Self {
        self.param("mdOrder", md_order)
    }

    /// Sets `orderNumber`, the merchant's order number.
    pub fn order_number(self, order_number: impl Into<String>) -> Self {
        self.param("orderNumber", order_number)
    }

    /// Sets `operation`.
    pub fn operation(self, operation: CallbackOperation) -> Self {
        self.param("operation", operation.as_str())
    }

    /// Sets `status`.
    pub fn status(self, status: CallbackStatus) -> Self {
        self.param("status", status.to_string())
    }

    /// Sets `checksum` to a checksum computed elsewhere (e.g. an RSA signature).
    pub fn checksum(self, checksum: impl Into<String>) -> Self {
        self.param("checksum", checksum)
    }

    /// Sets any parameter (exact, case-sensitive name), replacing its value
    /// if it is already set, else appending it.
    pub fn param(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        let (name, value) = (name.into(), value.into());
        match self.params.iter_mut().find(|(n, _)| *n == name) {
            Some((_, old)) => *old = value,
            None => self.params.push((name, value)),
        }
        self
    }

    /// The text a checksum of the parameters set so far covers.
    pub fn checksum_payload(&self) -> String {
        super::checksum_payload(self.params.iter().map(|(n, v)| (n, v)))
    }

    /// The callback as built, signed or not.
    pub fn build(self) -> Callback {
        Callback::from_unique(self.params)
    }

    /// Signs the callback with the merchant's HMAC-SHA256 secret: drops any
    /// `checksum` set so far and appends the new one, in upper-case hex.
    pub fn sign_hmac_sha256(mut self, secret: impl AsRef<[u8]>) -> Callback {
        self.params.retain(|(name, _)| name != "checksum");
        let checksum = sign_hmac_sha256(secret, self.params.iter().map(|(n, v)| (n, v)));
        self.param("checksum", checksum).build()
    }
}
