//! The payment page's checks of the card data typed, made again on the
//! server for a browser without JavaScript: a number that fails the Luhn
//! check, a month that is not one, a CVC of the wrong length. What fails
//! here is shown on the page and is no payment attempt; what passes goes to
//! the payment, whose decline (an unknown card, a wrong CVC) is one.

/// Which fields of the card form are wrong.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct FieldErrors {
    /// The card number.
    pub pan: bool,
    /// The month or the year.
    pub expiry: bool,
    /// The security code.
    pub cvc: bool,
}

impl FieldErrors {
    /// Whether every field is right.
    pub fn is_empty(self) -> bool {
        self == FieldErrors::default()
    }
}

/// Checks the form's fields; `cvc_needed` is false for an order that is paid
/// without one (`AUTO_PAYMENT`).
pub(crate) fn check(
    pan: &str,
    month: &str,
    year: &str,
    cvc: &str,
    cvc_needed: bool,
) -> FieldErrors {
    let month = month.trim();
    let year = year.trim();
    let cvc = cvc.trim();
    let month_ok = (1..=2).contains(&month.len())
        && all_digits(month)
        && matches!(month.parse::<u8>(), Ok(1..=12));
    let year_ok = matches!(year.len(), 2 | 4) && all_digits(year);
    let cvc_ok = if cvc_needed {
        (3..=4).contains(&cvc.len()) && all_digits(cvc)
    } else {
        cvc.is_empty() || all_digits(cvc)
    };
    FieldErrors {
        pan: !pan_ok(pan),
        expiry: !(month_ok && year_ok),
        cvc: !cvc_ok,
    }
}

fn all_digits(text: &str) -> bool {
    text.bytes().all(|b| b.is_ascii_digit())
}

/// 12 to 19 digits (spaces between them allowed) passing the Luhn check.
pub(crate) fn pan_ok(pan: &str) -> bool {
    let digits: Vec<u32> = pan
        .chars()
        .filter(|c| *c != ' ')
        .map(|c| c.to_digit(10))
        .collect::<Option<_>>()
        .unwrap_or_default();
    (12..=19).contains(&digits.len()) && luhn(&digits)
}

/// The Luhn checksum: from the right, every second digit doubled (less 9
/// above 9), the sum a multiple of 10.
fn luhn(digits: &[u32]) -> bool {
    let sum: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &d)| match (i % 2, d * 2) {
            (0, _) => d,
            (_, doubled) if doubled > 9 => doubled - 9,
            (_, doubled) => doubled,
        })
        .sum();
    sum.is_multiple_of(10)
}

#[cfg(test)]
mod tests {
    use super::*;
    use bereke_types::test_cards;

    #[test]
    fn the_test_cards_pass_the_luhn_check() {
        for card in test_cards::ALL {
            assert!(pan_ok(card.pan), "{}", card.name);
        }
        assert!(pan_ok("4444 5555 1111 3333"));
        assert!(pan_ok("4111111111111111"));
    }

    #[test]
    fn wrong_numbers_fail() {
        for pan in [
            "4444555511113334",
            "4444-5555-1111-3333",
            "44445555111",
            "44445555111133334444",
            "",
            "٤٤٤٤٥٥٥٥١١١١٣٣٣٣",
            "0000 000a 0000 0000",
        ] {
            assert!(!pan_ok(pan), "{pan:?}");
        }
    }

    #[test]
    fn expiry_and_cvc() {
        let pan = test_cards::CARD_SSL.pan;
        assert!(check(pan, "12", "2024", "123", true).is_empty());
        assert!(check(pan, "1", "24", "1234", true).is_empty());
        for (month, year) in [
            ("13", "2024"),
            ("0", "2024"),
            ("", "2024"),
            ("12", "202"),
            ("1x", "2024"),
        ] {
            assert!(
                check(pan, month, year, "123", true).expiry,
                "{month}/{year}"
            );
        }
        assert!(check(pan, "12", "2024", "12", true).cvc);
        assert!(check(pan, "12", "2024", "", true).cvc);
        assert!(!check(pan, "12", "2024", "", false).cvc);
        assert_eq!(
            check("1", "12", "2024", "123", true),
            FieldErrors {
                pan: true,
                expiry: false,
                cvc: false
            }
        );
    }
}
