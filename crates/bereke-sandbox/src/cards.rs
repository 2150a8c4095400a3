//! Card checks: which card a number is, whether the expiry and CVC match,
//! and the masked forms the gateway shows (the full number is never kept).

use bereke_types::{Expiry, PaymentSystem};

use crate::config::CardConfig;

/// What the sandbox keeps of a card once it has been used: nothing that
/// could pay with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CardSummary {
    /// `555555**5599`.
    pub masked_pan: String,
    /// `XXXXXXXXXXXX5599`, the binding's display label.
    pub display_label: String,
    /// The card's expiry.
    pub expiry: Expiry,
    /// VISA, MASTERCARD, …
    pub payment_system: PaymentSystem,
    /// 3-D Secure enrolment (`"1"`, `"2"`), if any.
    pub three_ds: Option<String>,
    /// The code its ACS page accepts.
    pub acs_code: String,
    /// 3-D Secure 2 without a challenge: the issuer authenticates the payer
    /// from the 3DS Method's data alone.
    pub frictionless: bool,
    /// Its security code (a test card's, public): a binding payment checks it.
    pub cvc: String,
}

/// Why a card payment was declined.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decline {
    /// The number is not a configured card.
    UnknownCard,
    /// The expiry does not match the card's.
    WrongExpiry,
    /// The CVC does not match the card's.
    WrongCvc,
    /// The ACS code was wrong.
    AuthenticationFailed,
    /// The order demands 3-D Secure (`FORCE_TDS`) and the card has none.
    ThreeDsRequired,
    /// A wallet token the sandbox was told to decline.
    InsufficientFunds,
}

impl Decline {
    /// The processing's answer code for the decline, as `actionCode` reports it.
    ///
    /// The document has no table of action codes: these follow ISO 8583's
    /// response codes where one fits (14 invalid card number, 54 expired
    /// card, 82 bad CVV, 51 insufficient funds); -2006 for a failed 3-D Secure
    /// authentication is the sandbox's choice.
    pub fn action_code(self) -> i64 {
        match self {
            Decline::UnknownCard => 14,
            Decline::WrongExpiry => 54,
            Decline::WrongCvc => 82,
            Decline::AuthenticationFailed | Decline::ThreeDsRequired => -2006,
            Decline::InsufficientFunds => 51,
        }
    }

    /// A short description of the decline for `actionCodeDescription`.
    pub fn description(self) -> &'static str {
        match self {
            Decline::UnknownCard => "Invalid card number",
            Decline::WrongExpiry => "Invalid expiry date",
            Decline::WrongCvc => "Invalid CVC",
            Decline::AuthenticationFailed => "3-D Secure authentication failed",
            Decline::ThreeDsRequired => "3-D Secure is required",
            Decline::InsufficientFunds => "Insufficient funds",
        }
    }
}

/// Finds the card and checks the data entered for it.
///
/// `year` is four digits (`2024`) or two (`24`); `month` one or two digits.
pub fn check_card(
    cards: &[CardConfig],
    pan: &str,
    year: &str,
    month: &str,
    cvc: Option<&str>,
) -> Result<CardSummary, Decline> {
    let pan: String = pan.chars().filter(|c| !c.is_whitespace()).collect();
    let card = cards
        .iter()
        .find(|card| card.pan == pan)
        .ok_or(Decline::UnknownCard)?;
    let year = parse_year(year).ok_or(Decline::WrongExpiry)?;
    let month = month
        .trim()
        .parse::<u8>()
        .map_err(|_| Decline::WrongExpiry)?;
    if year != card.expiry_year || month != card.expiry_month {
        return Err(Decline::WrongExpiry);
    }
    if let Some(cvc) = cvc {
        if cvc.trim() != card.cvc {
            return Err(Decline::WrongCvc);
        }
    }
    summary(card).ok_or(Decline::WrongExpiry)
}

/// The summary of a configured card, looked up by number.
pub fn summary_of(cards: &[CardConfig], pan: &str) -> Option<CardSummary> {
    cards.iter().find(|card| card.pan == pan).and_then(summary)
}

fn summary(card: &CardConfig) -> Option<CardSummary> {
    Some(CardSummary {
        masked_pan: mask_pan(&card.pan),
        display_label: display_label(&card.pan),
        expiry: Expiry::new(card.expiry_year, card.expiry_month)?,
        payment_system: payment_system(&card.pan),
        three_ds: card.three_ds.clone(),
        acs_code: card.acs_code.clone(),
        frictionless: card.frictionless,
        cvc: card.cvc.clone(),
    })
}

fn parse_year(year: &str) -> Option<u16> {
    let year = year.trim();
    let value: u16 = year.parse().ok()?;
    match year.len() {
        2 => Some(2000 + value),
        4 => Some(value),
        _ => None,
    }
}

/// The gateway's masked card number: the first six and last four digits,
/// `**` between (`555555**5599`). Short or odd input keeps at most the last four.
pub fn mask_pan(pan: &str) -> String {
    let digits: Vec<char> = pan.chars().filter(char::is_ascii_digit).collect();
    if digits.len() >= 12 {
        let head: String = digits[..6].iter().collect();
        let tail: String = digits[digits.len() - 4..].iter().collect();
        format!("{head}**{tail}")
    } else {
        let keep = digits.len().min(4);
        let tail: String = digits[digits.len() - keep..].iter().collect();
        format!("**{tail}")
    }
}

/// `XXXXXXXXXXXX3333`: every digit but the last four as `X`.
pub fn display_label(pan: &str) -> String {
    let digits: Vec<char> = pan.chars().filter(char::is_ascii_digit).collect();
    let keep = digits.len().min(4);
    let hidden = "X".repeat(digits.len() - keep);
    let tail: String = digits[digits.len() - keep..].iter().collect();
    format!("{hidden}{tail}")
}

/// The payment system a card number belongs to, by its first digits.
pub fn payment_system(pan: &str) -> PaymentSystem {
    let two: u32 = pan.get(..2).and_then(|p| p.parse().ok()).unwrap_or(0);
    let four: u32 = pan.get(..4).and_then(|p| p.parse().ok()).unwrap_or(0);
    match pan.as_bytes().first() {
        Some(b'4') => PaymentSystem::Visa,
        Some(b'5') if (51..=55).contains(&two) => PaymentSystem::Mastercard,
        Some(b'2') if (2221..=2720).contains(&four) => PaymentSystem::Mastercard,
        Some(b'2') if (2200..=2204).contains(&four) => PaymentSystem::Mir,
        Some(b'3') if two == 34 || two == 37 => PaymentSystem::Amex,
        Some(b'3') if (3528..=3589).contains(&four) => PaymentSystem::Jcb,
        Some(b'6') if two == 62 => PaymentSystem::Cup,
        _ => PaymentSystem::from(""),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::SandboxConfig;

    #[test]
    fn masks_as_the_document_does() {
        assert_eq!(mask_pan("5555555555555599"), "555555**5599");
        assert_eq!(mask_pan("4444555511113333"), "444455**3333");
        assert_eq!(display_label("4444555511113333"), "XXXXXXXXXXXX3333");
        assert_eq!(mask_pan("12"), "**12");
        assert_eq!(display_label(""), "");
    }

    #[test]
    fn the_documents_cards_with_their_expiry_pass() {
        let cards = SandboxConfig::default().cards;
        for card in bereke_types::test_cards::ALL {
            let summary = check_card(&cards, card.pan, "2024", "12", Some(card.cvc)).unwrap();
            assert_eq!(summary.expiry.yyyymm(), 202412);
        }
        let ssl = bereke_types::test_cards::CARD_SSL;
        assert_eq!(
            check_card(&cards, ssl.pan, "24", "12", Some("123")).map(|_| ()),
            Ok(())
        );
        assert_eq!(
            check_card(&cards, ssl.pan, "2025", "12", Some("123")).unwrap_err(),
            Decline::WrongExpiry
        );
        assert_eq!(
            check_card(&cards, ssl.pan, "2024", "12", Some("999")).unwrap_err(),
            Decline::WrongCvc
        );
        assert_eq!(
            check_card(&cards, "4111111111111111", "2024", "12", Some("123")).unwrap_err(),
            Decline::UnknownCard
        );
        assert_eq!(
            check_card(&cards, ssl.pan, "twenty", "12", Some("123")).unwrap_err(),
            Decline::WrongExpiry
        );
    }

    #[test]
    fn payment_systems() {
        assert_eq!(payment_system("4444555511113333"), PaymentSystem::Visa);
        assert_eq!(
            payment_system("5555555555555599"),
            PaymentSystem::Mastercard
        );
    }
}
