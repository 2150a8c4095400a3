//! The `operation` and `status` values of a callback: the spec's generated
//! open enumerations, so a value the gateway adds later is kept, not an error.
//!
//! Typed values are for matching; the checksum is computed over the raw
//! parameters, so the spelling the gateway used (`declinedCardPresent` or
//! `declinedCardpresent`) stays available through [`super::Callback::get`].

pub use bereke_types::{CallbackOperation, CallbackStatus};

/// Parses a raw `status` value; `None` when it is not a number.
pub(crate) fn parse_status(raw: &str) -> Option<CallbackStatus> {
    <CallbackStatus as bereke_types::wire::FromWire>::from_wire_str(raw).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_parse_from_text() {
        assert_eq!(parse_status("1"), Some(CallbackStatus::Success));
        assert_eq!(parse_status("0"), Some(CallbackStatus::Failure));
        assert_eq!(parse_status("7"), Some(CallbackStatus::from(7)));
        assert_eq!(parse_status("yes"), None);
    }

    #[test]
    fn both_spellings_of_declined_card_present() {
        assert_eq!(
            "declinedCardPresent".parse::<CallbackOperation>().unwrap(),
            CallbackOperation::DeclinedCardPresent
        );
        assert_eq!(
            CallbackOperation::from("declinedCardpresent"),
            CallbackOperation::DeclinedCardPresent
        );
        assert_eq!(
            "chargeback".parse::<CallbackOperation>().unwrap(),
            CallbackOperation::from("chargeback")
        );
    }
}
