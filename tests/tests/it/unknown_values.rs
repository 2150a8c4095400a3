//! Open enumerations: one representation per value, unknown values kept.

use bereke_types::{OrderStatus, PaymentState, RegisterErrorCode};

#[test]
fn a_known_value_is_always_its_variant() {
    assert_eq!(OrderStatus::from(2), OrderStatus::Deposited);
    assert_eq!(PaymentState::from("DEPOSITED"), PaymentState::Deposited);
    assert_eq!(
        serde_json::from_str::<OrderStatus>("2").unwrap(),
        OrderStatus::Deposited
    );
    assert!(RegisterErrorCode::from(1).is_known());
}

#[test]
fn unknown_values_keep_their_raw_value_through_serde() {
    let status: OrderStatus = serde_json::from_str("42").unwrap();
    assert!(matches!(&status, OrderStatus::Unknown(raw) if *raw.value() == 42));
    assert_eq!(status, OrderStatus::from(42));
    assert_eq!(status.code(), 42);
    assert_eq!(format!("{status:?}"), "Unknown(42)");
    assert_eq!(serde_json::to_string(&status).unwrap(), "42");

    let state: PaymentState = serde_json::from_str("\"FROZEN\"").unwrap();
    assert_eq!(state.as_str(), "FROZEN");
    assert!(!state.is_known());
    assert_eq!(serde_json::to_string(&state).unwrap(), "\"FROZEN\"");
    let OrderStatus::Unknown(raw) = status else {
        unreachable!()
    };
    assert_eq!(raw.into_value(), 42);
}
