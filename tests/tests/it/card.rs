//! Typed card data: what it refuses, that it never shows its digits, and
//! that a request built from it is the form the gateway expects.

use bereke_types::card::{Card, CardError, CardholderName, Cvc, Expiry, Pan};
use bereke_types::test_cards::CARD_SSL;
use bereke_types::{PaymentOrderBindingRequest, PaymentOrderRequest, Validate};

const PAN: &str = "4111111111111111";
const CVC: &str = "937";

fn card() -> Card {
    Card::new(
        PAN.parse().unwrap(),
        "2031-07".parse().unwrap(),
        CVC.parse().unwrap(),
        "IVAN PETROV".parse().unwrap(),
    )
}

#[test]
fn debug_shows_six_and_four_digits_at_most_and_never_the_cvc() {
    let card = card();
    let shown = format!(
        "{card:?} {:?} {:?} {:?}",
        card.pan(),
        card.cvc(),
        card.cardholder()
    );
    assert!(shown.contains("411111******1111"), "{shown}");
    for secret in [PAN, CVC, "IVAN", "2031", "07"] {
        assert!(!shown.contains(secret), "{secret} in {shown}");
    }
    let request = PaymentOrderRequest::new("o-1", &card);
    let shown = format!("{request:?}");
    for secret in [PAN, CVC, "IVAN", "2031"] {
        assert!(!shown.contains(secret), "{secret} in {shown}");
    }
}

#[test]
fn a_mistyped_digit_fails_the_luhn_check() {
    assert_eq!(
        "4111111111111112".parse::<Pan>(),
        Err(CardError::PanChecksum)
    );
    assert_eq!("4111 1111 1111 1111".parse::<Pan>().unwrap().expose(), PAN);
    assert_eq!("4111-1111-1111-1111".parse::<Pan>().unwrap().expose(), PAN);
}

#[test]
fn numbers_of_the_wrong_length_or_with_letters_are_refused() {
    assert_eq!(
        "41111111111".parse::<Pan>(),
        Err(CardError::PanLength { digits: 11 })
    );
    assert_eq!(
        "41111111111111111111".parse::<Pan>(),
        Err(CardError::PanLength { digits: 20 })
    );
    assert_eq!(
        "4111x11111111111".parse::<Pan>(),
        Err(CardError::PanNotDigits)
    );
    assert_eq!("".parse::<Pan>(), Err(CardError::PanLength { digits: 0 }));
}

#[test]
fn month_13_and_month_0_are_refused() {
    assert_eq!("2030-13".parse::<Expiry>(), Err(CardError::ExpiryMonth));
    assert_eq!("13/30".parse::<Expiry>(), Err(CardError::ExpiryMonth));
    assert_eq!("203000".parse::<Expiry>(), Err(CardError::ExpiryMonth));
    assert_eq!("12-2030".parse::<Expiry>(), Err(CardError::ExpiryFormat));
    assert_eq!("2030/12/01".parse::<Expiry>(), Err(CardError::ExpiryFormat));
}

#[test]
fn expiry_is_read_in_every_usual_spelling_and_written_as_the_spec_wants() {
    for text in ["203007", "2030-07", "2030-7", "07/30", "7/30", "07/2030"] {
        let expiry: Expiry = text.parse().unwrap_or_else(|e| panic!("{text}: {e}"));
        assert_eq!((expiry.year(), expiry.month()), (2030, 7), "{text}");
        assert_eq!(expiry.year_field(), "2030");
        assert_eq!(expiry.month_field(), "07");
    }
}

#[test]
fn cvc_is_three_or_four_digits_and_keeps_a_leading_zero() {
    assert_eq!("012".parse::<Cvc>().unwrap().expose(), "012");
    assert_eq!("1234".parse::<Cvc>().unwrap().expose(), "1234");
    for bad in ["12", "12345", "12a", ""] {
        assert_eq!(bad.parse::<Cvc>(), Err(CardError::Cvc), "{bad}");
    }
}

#[test]
fn cardholder_name_is_latin_letters() {
    assert_eq!(
        "Ivan O'Neil-Petrov Jr."
            .parse::<CardholderName>()
            .unwrap()
            .as_str(),
        "Ivan O'Neil-Petrov Jr."
    );
    for bad in ["", "   ", "Иван", "IVAN 2"] {
        assert_eq!(
            bad.parse::<CardholderName>(),
            Err(CardError::Cardholder),
            "{bad}"
        );
    }
}

#[test]
fn errors_never_echo_the_value() {
    let errors = [
        "4111111111111112".parse::<Pan>().unwrap_err(),
        "41111111111111119999".parse::<Pan>().unwrap_err(),
        "4111111111111111x".parse::<Pan>().unwrap_err(),
        "9371".parse::<Pan>().unwrap_err(),
        "93x".parse::<Cvc>().unwrap_err(),
        "93712".parse::<Cvc>().unwrap_err(),
        "2031-13".parse::<Expiry>().unwrap_err(),
    ];
    for e in errors {
        let text = format!("{e} {e:?}");
        for secret in ["4111", "937", "9999", "2031", "13"] {
            assert!(!text.contains(secret), "{secret} in {text}");
        }
    }
}

#[test]
fn try_from_is_from_str() {
    assert_eq!(Pan::try_from(PAN), PAN.parse::<Pan>());
    assert_eq!(Cvc::try_from("12"), Err(CardError::Cvc));
    assert_eq!(Expiry::try_from("07/31"), "2031-07".parse::<Expiry>());
}

#[test]
fn the_request_sends_each_part_in_its_own_field_and_passes_validation() {
    let request = PaymentOrderRequest::new("o-1", &card());
    request.validate().unwrap();
    let form = serde_urlencoded::to_string(&request).unwrap();
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(&form).unwrap();
    let field = |name: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    assert_eq!(field("MDORDER"), Some("o-1"));
    assert_eq!(field("$PAN"), Some(PAN));
    assert_eq!(field("$CVC"), Some(CVC));
    assert_eq!(field("YYYY"), Some("2031"));
    assert_eq!(field("MM"), Some("07"));
    assert_eq!(field("TEXT"), Some("IVAN PETROV"));

    let binding = PaymentOrderBindingRequest::new("o-1", "b-1", "10.0.0.1").cvc(card().cvc());
    assert_eq!(binding.cvc.as_deref(), Some(CVC));
}

#[test]
fn test_cards_are_cards() {
    let card = CARD_SSL.card("TEST CARDHOLDER").unwrap();
    assert_eq!(card.pan().expose(), CARD_SSL.pan);
    assert_eq!(card.expiry(), Expiry::new(2024, 12).unwrap());
    assert_eq!(
        CARD_SSL.card("Тест").unwrap_err(),
        CardError::Cardholder,
        "the name is checked too"
    );
}
