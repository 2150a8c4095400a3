//! The `operation` and `status` values of a callback.
//!
//! Both are open: the gateway adds values over time, so an unknown value is
//! kept as received instead of being a parse error. They live in their own
//! module so that they can later be replaced by the spec's generated enums
//! with a change to this file only.

use std::convert::Infallible;
use std::fmt;
use std::str::FromStr;

/// The event that made the gateway send a callback (`operation` parameter).
///
/// Parsing never fails: a value this version does not know becomes
/// [`CallbackOperation::Unknown`] with the raw text. Matching is exact
/// (case-sensitive), as the gateway sends these values in one spelling,
/// except for `declinedCardpresent`, which it also spells `declinedCardPresent`.
///
/// Compare with `matches!` or `match` rather than `==` if you construct
/// values yourself: `Unknown("approved".into())` is not equal to
/// [`CallbackOperation::Approved`], and the two spellings of
/// [`CallbackOperation::DeclinedCardPresent`] are not equal to each other.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CallbackOperation {
    /// `approved`: funds held (two-stage payment).
    Approved,
    /// `deposited`: funds charged to the customer and credited to the merchant.
    Deposited,
    /// `reversed`: an authorization was cancelled.
    Reversed,
    /// `refunded`: funds were returned to the customer.
    Refunded,
    /// `declinedByTimeout`: the order expired before it was paid.
    DeclinedByTimeout,
    /// `declinedCardpresent` / `declinedCardPresent`: declined at a card-present terminal.
    ///
    /// The gateway uses both spellings; the one received is kept so that
    /// [`CallbackOperation::as_str`] gives back exactly what was sent.
    DeclinedCardPresent(DeclinedCardPresentSpelling),
    /// `bindingCreated`: a stored card (binding) was created.
    BindingCreated,
    /// `bindingActivityChanged`: a binding was enabled or disabled.
    BindingActivityChanged,
    /// A value this version does not know, kept exactly as received.
    Unknown(String),
}

/// Which of the gateway's two spellings a `declinedCardPresent` operation used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DeclinedCardPresentSpelling {
    /// `declinedCardpresent` (lower-case `p`), the spelling of the gateway's reference.
    Lowercase,
    /// `declinedCardPresent` (upper-case `P`).
    CamelCase,
}

impl CallbackOperation {
    /// Parses a raw `operation` value; unknown values become [`CallbackOperation::Unknown`].
    pub fn parse(raw: &str) -> Self {
        match raw {
            "approved" => Self::Approved,
            "deposited" => Self::Deposited,
            "reversed" => Self::Reversed,
            "refunded" => Self::Refunded,
            "declinedByTimeout" => Self::DeclinedByTimeout,
            "declinedCardpresent" => {
                Self::DeclinedCardPresent(DeclinedCardPresentSpelling::Lowercase)
            }
            "declinedCardPresent" => {
                Self::DeclinedCardPresent(DeclinedCardPresentSpelling::CamelCase)
            }
            "bindingCreated" => Self::BindingCreated,
            "bindingActivityChanged" => Self::BindingActivityChanged,
            other => Self::Unknown(other.to_owned()),
        }
    }

    /// The value as the gateway sends it (the raw text for unknown values).
    pub fn as_str(&self) -> &str {
        match self {
            Self::Approved => "approved",
            Self::Deposited => "deposited",
            Self::Reversed => "reversed",
            Self::Refunded => "refunded",
            Self::DeclinedByTimeout => "declinedByTimeout",
            Self::DeclinedCardPresent(DeclinedCardPresentSpelling::Lowercase) => {
                "declinedCardpresent"
            }
            Self::DeclinedCardPresent(DeclinedCardPresentSpelling::CamelCase) => {
                "declinedCardPresent"
            }
            Self::BindingCreated => "bindingCreated",
            Self::BindingActivityChanged => "bindingActivityChanged",
            Self::Unknown(raw) => raw,
        }
    }

    /// Whether this is a value this version knows (not [`CallbackOperation::Unknown`]).
    pub fn is_known(&self) -> bool {
        !matches!(self, Self::Unknown(_))
    }
}

impl FromStr for CallbackOperation {
    type Err = Infallible;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(Self::parse(s))
    }
}

impl From<&str> for CallbackOperation {
    fn from(raw: &str) -> Self {
        Self::parse(raw)
    }
}

impl fmt::Display for CallbackOperation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Whether the operation named in `operation` succeeded (`status` parameter).
///
/// Parsing never fails: anything but `1` and `0` is kept as
/// [`CallbackStatus::Unknown`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CallbackStatus {
    /// `1`: the operation succeeded.
    Success,
    /// `0`: the operation failed.
    Failure,
    /// A value this version does not know, kept exactly as received.
    Unknown(String),
}

impl CallbackStatus {
    /// Parses a raw `status` value; unknown values become [`CallbackStatus::Unknown`].
    pub fn parse(raw: &str) -> Self {
        match raw {
            "1" => Self::Success,
            "0" => Self::Failure,
            other => Self::Unknown(other.to_owned()),
        }
    }

    /// The value as the gateway sends it (the raw text for unknown values).
    pub fn as_str(&self) -> &str {
        match self {
            Self::Success => "1",
            Self::Failure => "0",
            Self::Unknown(raw) => raw,
        }
    }

    /// `true` only for [`CallbackStatus::Success`]; an unknown status is not a success.
    pub fn is_success(&self) -> bool {
        matches!(self, Self::Success)
    }
}

impl FromStr for CallbackStatus {
    type Err = Infallible;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(Self::parse(s))
    }
}

impl From<&str> for CallbackStatus {
    fn from(raw: &str) -> Self {
        Self::parse(raw)
    }
}

impl fmt::Display for CallbackStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_operations_round_trip() {
        for raw in [
            "approved",
            "deposited",
            "reversed",
            "refunded",
            "declinedByTimeout",
            "declinedCardpresent",
            "declinedCardPresent",
            "bindingCreated",
            "bindingActivityChanged",
        ] {
            let op = CallbackOperation::parse(raw);
            assert!(op.is_known(), "{raw}");
            assert_eq!(op.as_str(), raw);
        }
    }

    #[test]
    fn both_card_present_spellings_are_one_operation() {
        for raw in ["declinedCardpresent", "declinedCardPresent"] {
            assert!(matches!(
                CallbackOperation::parse(raw),
                CallbackOperation::DeclinedCardPresent(_)
            ));
        }
    }

    #[test]
    fn unknown_values_are_kept() {
        let op: CallbackOperation = "APPROVED".parse().unwrap_or_else(|e| match e {});
        assert_eq!(op, CallbackOperation::Unknown("APPROVED".into()));
        assert_eq!(op.to_string(), "APPROVED");
        assert_eq!(
            CallbackStatus::parse("2"),
            CallbackStatus::Unknown("2".into())
        );
        assert!(CallbackStatus::parse("1").is_success());
        assert!(!CallbackStatus::parse("0").is_success());
        assert!(!CallbackStatus::parse("").is_success());
    }
}
