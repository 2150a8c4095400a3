//! Card data as typed, checked values: a [`Card`] is a [`Pan`], an
//! [`Expiry`], a [`Cvc`] and a [`CardholderName`], each parsed with
//! `FromStr` (or `TryFrom<&str>`), so that a request built from them cannot
//! have two of its strings swapped, and a mistyped number is refused before
//! anything is sent.
//!
//! None of them prints its secret: `Debug` shows a card number as its first
//! six and last four digits at most and never a CVC, and there is no
//! `Display`. A [`CardError`] says what is wrong, never with the value. The
//! digits leave only through the explicitly named `expose` methods, which
//! the generated requests call.
//!
//! ```
//! use bereke_types::card::{Card, CardError, Pan};
//!
//! let card = Card::new(
//!     "4444 5555 1111 3333".parse()?,
//!     "2030-12".parse()?,
//!     "123".parse()?,
//!     "CARD HOLDER".parse()?,
//! );
//! assert_eq!(
//!     format!("{card:?}"),
//!     "Card { pan: Pan(444455******3333), expiry: ***, cvc: ***, cardholder: *** }"
//! );
//! assert_eq!("4444555511113334".parse::<Pan>(), Err(CardError::PanChecksum));
//! # Ok::<(), CardError>(())
//! ```

use std::fmt;
use std::str::FromStr;

pub use crate::values::Expiry;

/// Why a card value was refused. Never holds the value itself.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CardError {
    /// The card number has something other than digits (spaces and dashes
    /// between groups are allowed).
    #[error("the card number must be digits only")]
    PanNotDigits,
    /// The card number has fewer than 12 or more than 19 digits.
    #[error("the card number has {digits} digits; 12 to 19 are allowed")]
    PanLength {
        /// How many digits it has.
        digits: usize,
    },
    /// The card number fails the Luhn check: a digit is mistyped.
    #[error("the card number fails the Luhn check (a digit is mistyped)")]
    PanChecksum,
    /// The CVC is not 3 or 4 digits.
    #[error("the CVC must be 3 or 4 digits")]
    Cvc,
    /// The expiry is not `YYYYMM`, `YYYY-MM`, `MM/YY` or `MM/YYYY`.
    #[error("the expiry must be written YYYYMM, YYYY-MM, MM/YY or MM/YYYY")]
    ExpiryFormat,
    /// The expiry's month is not 1 to 12.
    #[error("the expiry month must be 1 to 12")]
    ExpiryMonth,
    /// The cardholder's name is empty or has something other than Latin
    /// letters, spaces, `.`, `-` or apostrophes.
    #[error("the cardholder's name must be letters, spaces, '.', '-' or apostrophes, not empty")]
    Cardholder,
}

/// A card number (PAN): 12 to 19 digits that pass the Luhn check.
///
/// Parsed from text, where spaces or dashes between the digit groups are
/// dropped. `Debug` shows at most the first six and the last four digits.
#[derive(Clone, PartialEq, Eq)]
pub struct Pan(String);

impl Pan {
    /// The digits, as the gateway wants them: the only way out of a `Pan`.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// The number with every digit but the first six and the last four
    /// replaced by `*`, as the gateway's `maskedPan` shows it (fewer digits
    /// for a number shorter than 16, so that at least half stay hidden).
    pub fn masked(&self) -> String {
        let len = self.0.len();
        let (first, last) = if len >= 16 { (6, 4) } else { (4, 2) };
        let stars = "*".repeat(len - first - last);
        format!("{}{stars}{}", &self.0[..first], &self.0[len - last..])
    }
}

impl FromStr for Pan {
    type Err = CardError;

    fn from_str(text: &str) -> Result<Self, CardError> {
        let mut digits = String::with_capacity(text.len());
        for c in text.trim().chars() {
            match c {
                '0'..='9' => digits.push(c),
                ' ' | '-' => {}
                _ => return Err(CardError::PanNotDigits),
            }
        }
        if !(12..=19).contains(&digits.len()) {
            return Err(CardError::PanLength {
                digits: digits.len(),
            });
        }
        if !luhn_ok(&digits) {
            return Err(CardError::PanChecksum);
        }
        Ok(Pan(digits))
    }
}

impl fmt::Debug for Pan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Pan({})", self.masked())
    }
}

/// The Luhn (mod 10) check of a string of ASCII digits.
fn luhn_ok(digits: &str) -> bool {
    let sum: u32 = digits
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            match (i % 2 == 1, d * 2) {
                (true, doubled) if doubled > 9 => doubled - 9,
                (true, doubled) => doubled,
                (false, _) => d,
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

/// The card's CVC/CVV2: 3 or 4 digits, kept as text (it may start with 0).
/// `Debug` never shows it.
#[derive(Clone, PartialEq, Eq)]
pub struct Cvc(String);

impl Cvc {
    /// The digits, as the gateway wants them: the only way out of a `Cvc`.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl FromStr for Cvc {
    type Err = CardError;

    fn from_str(text: &str) -> Result<Self, CardError> {
        let text = text.trim();
        if (3..=4).contains(&text.len()) && text.bytes().all(|b| b.is_ascii_digit()) {
            Ok(Cvc(text.to_owned()))
        } else {
            Err(CardError::Cvc)
        }
    }
}

impl fmt::Debug for Cvc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Cvc(***)")
    }
}

/// The cardholder's name as on the card: Latin letters, spaces, `.`, `-`
/// and apostrophes. `Debug` does not show it (the spec counts it as card
/// data).
#[derive(Clone, PartialEq, Eq)]
pub struct CardholderName(String);

impl CardholderName {
    /// The name, as the gateway wants it.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for CardholderName {
    type Err = CardError;

    fn from_str(text: &str) -> Result<Self, CardError> {
        let text = text.trim();
        // The spec's `alphabetic` format, the same check the request's
        // validation applies to `TEXT`.
        let letters =
            crate::validate::check::format("TEXT", text, crate::TextFormat::Alphabetic).is_ok();
        if text.is_empty() || !letters || !text.is_ascii() {
            return Err(CardError::Cardholder);
        }
        Ok(CardholderName(text.to_owned()))
    }
}

impl fmt::Debug for CardholderName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("CardholderName(***)")
    }
}

/// Parses `YYYYMM`, `YYYY-MM`, `MM/YY` or `MM/YYYY` (`MM/YY` is 20YY).
impl FromStr for Expiry {
    type Err = CardError;

    fn from_str(text: &str) -> Result<Self, CardError> {
        let number = |s: &str| -> Result<u16, CardError> {
            if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
                return Err(CardError::ExpiryFormat);
            }
            s.parse().map_err(|_| CardError::ExpiryFormat)
        };
        let text = text.trim();
        let (year, month) = match (text.split_once('-'), text.split_once('/')) {
            (Some((y, m)), None) if y.len() == 4 && m.len() <= 2 => (number(y)?, number(m)?),
            (None, Some((m, y))) if m.len() <= 2 && y.len() == 2 => (2000 + number(y)?, number(m)?),
            (None, Some((m, y))) if m.len() <= 2 && y.len() == 4 => (number(y)?, number(m)?),
            (None, None) if text.len() == 6 => (number(&text[..4])?, number(&text[4..])?),
            _ => return Err(CardError::ExpiryFormat),
        };
        let month = u8::try_from(month).map_err(|_| CardError::ExpiryMonth)?;
        if !(1..=12).contains(&month) {
            return Err(CardError::ExpiryMonth);
        }
        Expiry::new(year, month).ok_or(CardError::ExpiryFormat)
    }
}

impl Expiry {
    /// The year as the gateway's `YYYY` field wants it: four digits.
    pub fn year_field(self) -> String {
        format!("{:04}", self.year())
    }

    /// The month as the gateway's `MM` field wants it: two digits, `01`
    /// to `12`.
    pub fn month_field(self) -> String {
        format!("{:02}", self.month())
    }
}

/// Every value of a card a payment request needs, each already checked.
#[derive(Clone, PartialEq, Eq)]
pub struct Card {
    pan: Pan,
    expiry: Expiry,
    cvc: Cvc,
    cardholder: CardholderName,
}

impl Card {
    /// A card from its checked parts.
    pub fn new(pan: Pan, expiry: Expiry, cvc: Cvc, cardholder: CardholderName) -> Self {
        Card {
            pan,
            expiry,
            cvc,
            cardholder,
        }
    }

    /// The card number.
    pub fn pan(&self) -> &Pan {
        &self.pan
    }

    /// When the card expires.
    pub fn expiry(&self) -> Expiry {
        self.expiry
    }

    /// The CVC/CVV2.
    pub fn cvc(&self) -> &Cvc {
        &self.cvc
    }

    /// The cardholder's name.
    pub fn cardholder(&self) -> &CardholderName {
        &self.cardholder
    }
}

/// The masked number only; the expiry, the CVC and the name are `***`.
impl fmt::Debug for Card {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Card")
            .field("pan", &self.pan)
            .field("expiry", &crate::redact::Redacted)
            .field("cvc", &crate::redact::Redacted)
            .field("cardholder", &crate::redact::Redacted)
            .finish()
    }
}

impl crate::TestCard {
    /// The test card as a [`Card`] in the name of `cardholder`, from its
    /// number, its `MM/YY` expiry and its CVC.
    pub fn card(&self, cardholder: &str) -> Result<Card, CardError> {
        Ok(Card::new(
            self.pan.parse()?,
            self.expiry.parse()?,
            self.cvc.parse()?,
            cardholder.parse()?,
        ))
    }
}

/// `TryFrom<&str>` for each value, the same as its `FromStr`.
macro_rules! try_from_str {
    ($($ty:ty),*) => {$(
        impl TryFrom<&str> for $ty {
            type Error = CardError;

            fn try_from(text: &str) -> Result<Self, CardError> {
                text.parse()
            }
        }
    )*};
}

try_from_str!(Pan, Cvc, CardholderName, Expiry);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn luhn_accepts_the_gateway_test_cards_and_refuses_one_digit_off() {
        assert!(luhn_ok("4111111111111111"));
        assert!(luhn_ok("5555555555554444"));
        assert!(!luhn_ok("4111111111111112"));
    }

    #[test]
    fn short_numbers_are_masked_more() {
        let pan: Pan = "4222222222222".parse().unwrap();
        assert_eq!(pan.masked(), "4222*******22");
    }
}
