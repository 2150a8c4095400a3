//! The error of a response's `success()` view.

/// An answer that reported no error but lacks fields the gateway sends on
/// success (the spec's `on_success`): the endpoint and the wire names of
/// the missing fields. The response itself is left to the caller, whole.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{endpoint} answered without an error but without {}", .missing.join(", "))]
pub struct MissingFields {
    endpoint: &'static str,
    missing: Vec<&'static str>,
}

impl MissingFields {
    /// From the view's fields, each with whether it is missing.
    pub(crate) fn new(endpoint: &'static str, fields: &[(&'static str, bool)]) -> Self {
        let missing = fields
            .iter()
            .filter(|(_, missing)| *missing)
            .map(|(wire, _)| *wire)
            .collect();
        MissingFields { endpoint, missing }
    }

    /// The endpoint's path (`rest/register.do`).
    pub fn endpoint(&self) -> &'static str {
        self.endpoint
    }

    /// The wire names of the fields the answer lacks (`orderId`).
    pub fn missing(&self) -> &[&'static str] {
        &self.missing
    }
}
