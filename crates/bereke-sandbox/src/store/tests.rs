//! The state machine without HTTP.

use std::sync::Arc;

use bereke_types::test_cards::{CARD_3DS1, CARD_3DS2, CARD_SSL};
use bereke_types::{Amount, Currency, TestCard};

use super::*;
use crate::config::SandboxConfig;

const M: &str = "test_user";
const NOW: i64 = 1_700_000_000_000;

fn store() -> Store {
    Store::new(&SandboxConfig::default(), None)
}

fn new_order(stages: Stages, amount: u64, client: Option<&str>) -> NewOrder {
    NewOrder {
        number: None,
        amount: Amount::from_minor(amount),
        currency: Currency::KZT,
        stages,
        return_url: "finish.html".into(),
        fail_url: None,
        dynamic_callback_url: None,
        description: None,
        language: None,
        client_id: client.map(str::to_owned),
        params: BTreeMap::new(),
        features: Vec::new(),
        lifetime_ms: 60_000,
        expires_at: None,
        autocomplete_at: None,
        ip: None,
    }
}

fn entry(card: &TestCard) -> CardEntry<'_> {
    CardEntry {
        pan: card.pan,
        year: "2024",
        month: "12",
        cvc: card.cvc,
        cardholder: "TEST CARDHOLDER",
        ip: None,
        binding_not_needed: false,
        external_eci: None,
        server_trans_id: None,
        finish_url: None,
    }
}

fn paid(store: &Store, stages: Stages, amount: u64) -> Order {
    let order = store
        .register(M, new_order(stages, amount, None), NOW)
        .unwrap();
    let (outcome, order) = store
        .pay_with_card(M, &order.id, entry(&CARD_SSL), NOW)
        .unwrap();
    assert_eq!(outcome, PayOutcome::Paid);
    order
}

#[test]
fn one_stage_payment_deposits() {
    let store = store();
    let order = paid(&store, Stages::One, 2000);
    assert_eq!(order.state, State::Deposited);
    assert_eq!(order.deposited, Amount::from_minor(2000));
    assert_eq!(
        store.deposit(M, &order.id, Amount::ZERO, NOW).unwrap_err(),
        OrderError::WrongState
    );
}

#[test]
fn two_stage_hold_deposit_refund() {
    let store = store();
    let order = paid(&store, Stages::Two, 2000);
    assert_eq!(order.state, State::Approved);
    assert_eq!(
        store
            .refund(M, &order.id, Amount::from_minor(1), None, None, NOW)
            .unwrap_err(),
        OrderError::WrongState
    );
    assert_eq!(
        store
            .deposit(M, &order.id, Amount::from_minor(2001), NOW)
            .unwrap_err(),
        OrderError::InvalidAmount
    );
    let order = store
        .deposit(M, &order.id, Amount::from_minor(1500), NOW)
        .unwrap();
    assert_eq!(order.state, State::Deposited);
    assert_eq!(order.deposited, Amount::from_minor(1500));
    let order = store
        .refund(M, &order.id, Amount::from_minor(500), Some("r1"), None, NOW)
        .unwrap();
    assert_eq!(order.state, State::Refunded);
    // The same externalRefundId again refunds nothing more.
    let order = store
        .refund(M, &order.id, Amount::from_minor(500), Some("r1"), None, NOW)
        .unwrap();
    assert_eq!(order.refunded, Amount::from_minor(500));
    // The same id with another amount is refused, and refunds nothing.
    assert_eq!(
        store
            .refund(M, &order.id, Amount::from_minor(900), Some("r1"), None, NOW)
            .unwrap_err(),
        OrderError::RefundIdReused
    );
    assert_eq!(
        store
            .order(Some(M), OrderRef::Id(&order.id), NOW)
            .unwrap()
            .refunded,
        Amount::from_minor(500)
    );
    assert_eq!(
        store
            .refund(M, &order.id, Amount::from_minor(1001), None, None, NOW)
            .unwrap_err(),
        OrderError::ExceedsDeposited
    );
    assert_eq!(
        store
            .refund(
                M,
                &order.id,
                Amount::from_minor(1),
                None,
                Some(Amount::from_minor(1500)),
                NOW
            )
            .unwrap_err(),
        OrderError::DepositedAmountChanged
    );
    let order = store
        .refund(M, &order.id, Amount::from_minor(1000), None, None, NOW)
        .unwrap();
    assert_eq!(order.refunded, Amount::from_minor(1500));
    assert_eq!(order.net_deposited(), Amount::ZERO);
}

#[test]
fn deposit_zero_takes_everything_and_reverse_releases() {
    let store = store();
    let order = paid(&store, Stages::Two, 700);
    let order = store.deposit(M, &order.id, Amount::ZERO, NOW).unwrap();
    assert_eq!(order.deposited, Amount::from_minor(700));

    let held = paid(&store, Stages::Two, 300);
    let reversed = store.reverse(M, OrderRef::Id(&held.id), NOW).unwrap();
    assert_eq!(reversed.state, State::Reversed);
    assert_eq!(
        store.reverse(M, OrderRef::Id(&held.id), NOW).unwrap_err(),
        OrderError::WrongState
    );
    let by_number = paid(&store, Stages::One, 300);
    let reversed = store
        .reverse(M, OrderRef::Number(&by_number.number), NOW)
        .unwrap();
    assert_eq!(reversed.state, State::Reversed);
}

#[test]
fn three_ds_codes() {
    let store = store();
    {
        let card = CARD_3DS1;
        let order = store
            .register(M, new_order(Stages::One, 100, None), NOW)
            .unwrap();
        let (outcome, waiting) = store
            .pay_with_card(M, &order.id, entry(&card), NOW)
            .unwrap();
        let PayOutcome::ThreeDs { pa_req } = outcome else {
            panic!("expected 3-D Secure, got {outcome:?}")
        };
        assert_eq!(waiting.state, State::AcsAuth);
        assert!(store.pending_auth(&order.id, Some("other"), NOW).is_none());
        assert!(store.pending_auth(&order.id, Some(&pa_req), NOW).is_some());
        assert_eq!(
            store.finish_auth(&order.id, "wrong-pareq", "12345678", NOW),
            Err(OrderError::WrongState)
        );
        assert_eq!(
            store.finish_auth(&order.id, &pa_req, "12345678", NOW),
            Ok(true)
        );
        let done = store.order(Some(M), OrderRef::Id(&order.id), NOW).unwrap();
        assert_eq!(done.state, State::Deposited);
        assert_eq!(
            done.payment.unwrap().card.masked_pan,
            crate::cards::mask_pan(card.pan)
        );
    }
    let order = store
        .register(M, new_order(Stages::One, 100, None), NOW)
        .unwrap();
    let (PayOutcome::ThreeDs { pa_req }, _) = store
        .pay_with_card(M, &order.id, entry(&CARD_3DS1), NOW)
        .unwrap()
    else {
        panic!("expected 3-D Secure")
    };
    assert_eq!(
        store.finish_auth(&order.id, &pa_req, "0000", NOW),
        Ok(false)
    );
    let declined = store.order(Some(M), OrderRef::Id(&order.id), NOW).unwrap();
    assert_eq!(declined.state, State::Declined);
}

#[test]
fn declines_and_exhausted_attempts() {
    let store = store();
    let order = store
        .register(M, new_order(Stages::One, 100, None), NOW)
        .unwrap();
    let mut wrong = entry(&CARD_SSL);
    wrong.cvc = "999";
    let (outcome, order) = store.pay_with_card(M, &order.id, wrong, NOW).unwrap();
    assert_eq!(
        outcome,
        PayOutcome::Declined {
            decline: Decline::WrongCvc,
            final_attempt: true
        }
    );
    assert_eq!(order.state, State::Declined);
    let (again, _) = store
        .pay_with_card(M, &order.id, entry(&CARD_SSL), NOW)
        .unwrap();
    assert_eq!(again, PayOutcome::AlreadyDeclined);

    let config = SandboxConfig {
        payment_attempts: 2,
        ..SandboxConfig::default()
    };
    let patient = Store::new(&config, None);
    let order = patient
        .register(M, new_order(Stages::One, 100, None), NOW)
        .unwrap();
    let mut expired = entry(&CARD_SSL);
    expired.year = "2025";
    let (first, order) = patient.pay_with_card(M, &order.id, expired, NOW).unwrap();
    assert!(matches!(
        first,
        PayOutcome::Declined {
            final_attempt: false,
            ..
        }
    ));
    assert_eq!(order.state, State::Registered);
    let (second, _) = patient
        .pay_with_card(M, &order.id, entry(&CARD_SSL), NOW)
        .unwrap();
    assert_eq!(second, PayOutcome::Paid);
}

#[test]
fn holds_are_completed_at_their_autocompletion_time() {
    let store = store();
    let at = NOW + 10_000;
    let two = || {
        let mut two = new_order(Stages::Two, 700, None);
        two.autocomplete_at = Some(at);
        two
    };
    let hold = store.register(M, two(), NOW).unwrap();
    let unpaid = store.register(M, two(), NOW).unwrap();
    // A one-stage order has no hold to complete: the time is not kept.
    let mut one = new_order(Stages::One, 700, None);
    one.autocomplete_at = Some(at);
    assert_eq!(store.register(M, one, NOW).unwrap().autocomplete_at, None);

    let (outcome, _) = store
        .pay_with_card(M, &hold.id, entry(&CARD_SSL), NOW + 1)
        .unwrap();
    assert_eq!(outcome, PayOutcome::Paid);
    let read = |id: &str, now| store.order(Some(M), OrderRef::Id(id), now).unwrap();
    assert_eq!(read(&hold.id, at - 1).state, State::Approved);
    store.expire_due(at);
    let completed = read(&hold.id, at);
    assert_eq!(completed.state, State::Deposited);
    assert_eq!(completed.deposited, Amount::from_minor(700));
    assert_eq!(completed.deposited_date, Some(at));
    // An unpaid order has nothing held: the time passes without effect.
    assert_eq!(read(&unpaid.id, at).state, State::Registered);
}

#[test]
fn orders_expire_unpaid() {
    let store = store();
    let order = store
        .register(M, new_order(Stages::One, 100, None), NOW)
        .unwrap();
    store.expire_due(NOW + 59_999);
    assert_eq!(
        store
            .order(Some(M), OrderRef::Id(&order.id), NOW + 59_999)
            .unwrap()
            .state,
        State::Registered
    );
    let expired = store
        .order(Some(M), OrderRef::Id(&order.id), NOW + 60_000)
        .unwrap();
    assert_eq!(expired.state, State::Declined);
    assert_eq!(expired.action_code, ACTION_CODE_TIMEOUT);
    let (outcome, _) = store
        .pay_with_card(M, &order.id, entry(&CARD_SSL), NOW + 60_001)
        .unwrap();
    assert_eq!(outcome, PayOutcome::AlreadyDeclined);
}

#[test]
fn numbers_are_unique_per_merchant() {
    let store = store();
    let mut first = new_order(Stages::One, 100, None);
    first.number = Some("7005".into());
    store.register(M, first.clone(), NOW).unwrap();
    assert_eq!(
        store.register(M, first.clone(), NOW).unwrap_err(),
        OrderError::DuplicateNumber
    );
    store.register("ik_bindings-api", first, NOW).unwrap();
    let generated = store
        .register(M, new_order(Stages::One, 1, None), NOW)
        .unwrap();
    assert!(!generated.number.is_empty());
}

#[test]
fn orders_of_other_merchants_are_unknown() {
    let store = store();
    let order = paid(&store, Stages::One, 100);
    assert_eq!(
        store
            .refund(
                "ik_bindings-api",
                &order.id,
                Amount::from_minor(1),
                None,
                None,
                NOW
            )
            .unwrap_err(),
        OrderError::NotFound
    );
}

#[test]
fn bindings_are_made_and_paid_with() {
    let store = store();
    let order = store
        .register(M, new_order(Stages::One, 100, Some("client-1")), NOW)
        .unwrap();
    let (_, order) = store
        .pay_with_card(M, &order.id, entry(&CARD_SSL), NOW)
        .unwrap();
    let binding_id = order.binding_id.clone().unwrap();
    let bindings = store.bindings(M, "client-1");
    assert_eq!(bindings.len(), 1);
    assert_eq!(bindings[0].card.masked_pan, "444455**3333");

    // The same card again: the same binding.
    let again = store
        .register(M, new_order(Stages::One, 100, Some("client-1")), NOW)
        .unwrap();
    let (_, again) = store
        .pay_with_card(M, &again.id, entry(&CARD_SSL), NOW)
        .unwrap();
    assert_eq!(again.binding_id.as_deref(), Some(binding_id.as_str()));

    let next = store
        .register(M, new_order(Stages::Two, 250, None), NOW)
        .unwrap();
    assert_eq!(
        store
            .pay_with_binding(M, &next.id, &binding_id, None, None, None, NOW)
            .unwrap_err(),
        OrderError::CvcMissing
    );
    assert_eq!(
        store
            .pay_with_binding(M, &next.id, "nope", Some("123"), None, None, NOW)
            .unwrap_err(),
        OrderError::BindingNotFound
    );
    let (outcome, next) = store
        .pay_with_binding(
            M,
            &next.id,
            &binding_id,
            Some("123"),
            None,
            Some("::1"),
            NOW,
        )
        .unwrap();
    assert_eq!(outcome, PayOutcome::Paid);
    assert_eq!(next.state, State::Approved);
    assert_eq!(next.client_id.as_deref(), Some("client-1"));
    // The document's seeded bindings exist.
    assert_eq!(store.bindings("ik_bindings-api", "dos-clientos").len(), 1);
}

#[test]
fn concurrent_refunds_never_exceed_the_deposit() {
    let store = Arc::new(store());
    let order = paid(&store, Stages::One, 2000);
    let handles: Vec<_> = (0..50)
        .map(|_| {
            let store = Arc::clone(&store);
            let id = order.id.clone();
            std::thread::spawn(move || {
                store
                    .refund(M, &id, Amount::from_minor(100), None, None, NOW)
                    .is_ok()
            })
        })
        .collect();
    let succeeded = handles
        .into_iter()
        .map(|h| h.join().unwrap())
        .filter(|ok| *ok)
        .count();
    assert_eq!(succeeded, 20);
    let order = store.order(Some(M), OrderRef::Id(&order.id), NOW).unwrap();
    assert_eq!(order.refunded, Amount::from_minor(2000));
}

#[test]
fn three_ds2_method_then_challenge() {
    let store = store();
    let order = store
        .register(M, new_order(Stages::One, 100, None), NOW)
        .unwrap();
    let (outcome, first) = store
        .pay_with_card(M, &order.id, entry(&CARD_3DS2), NOW)
        .unwrap();
    let PayOutcome::ThreeDsMethod { trans_id } = outcome else {
        panic!("expected the 3DS Method, got {outcome:?}")
    };
    assert_eq!(first.state, State::Registered);
    assert_eq!(
        store.order_of_transaction(&trans_id),
        Some(order.id.clone())
    );
    assert!(store.method_done(&trans_id));
    assert!(!store.method_done("another transaction"));

    let mut second = entry(&CARD_3DS2);
    second.server_trans_id = Some("another transaction");
    assert_eq!(
        store.pay_with_card(M, &order.id, second, NOW).unwrap_err(),
        OrderError::WrongState
    );
    let mut second = entry(&CARD_3DS2);
    second.server_trans_id = Some(&trans_id);
    let (outcome, waiting) = store.pay_with_card(M, &order.id, second, NOW).unwrap();
    let PayOutcome::ThreeDs2Challenge { creq } = outcome else {
        panic!("expected the challenge, got {outcome:?}")
    };
    assert_eq!(waiting.state, State::AcsAuth);
    assert_eq!(super::trans_id_in(&creq), Some(trans_id));
    assert_eq!(
        store.finish_auth(&order.id, &creq, "12345678", NOW),
        Ok(true)
    );
    let done = store.order(Some(M), OrderRef::Id(&order.id), NOW).unwrap();
    assert_eq!(done.state, State::Deposited);
    assert_eq!(done.payment.unwrap().eci, Some(2));
}

#[test]
fn three_ds2_frictionless_after_finish3ds_method() {
    let store = store();
    let order = store
        .register(M, new_order(Stages::Two, 100, None), NOW)
        .unwrap();
    let card = CardEntry {
        pan: crate::config::FRICTIONLESS_CARD,
        ..entry(&CARD_3DS2)
    };
    let (PayOutcome::ThreeDsMethod { trans_id }, _) =
        store.pay_with_card(M, &order.id, card, NOW).unwrap()
    else {
        panic!("expected the 3DS Method")
    };
    assert_eq!(
        store
            .finish_three_ds_method("another merchant", &order.id, &trans_id, NOW)
            .unwrap_err(),
        OrderError::NotFound
    );
    let (outcome, paid) = store
        .finish_three_ds_method(M, &order.id, &trans_id, NOW)
        .unwrap();
    assert_eq!(outcome, PayOutcome::Paid);
    assert_eq!(paid.state, State::Approved);
    // Paid: the transaction cannot continue again.
    assert_eq!(
        store
            .finish_three_ds_method(M, &order.id, &trans_id, NOW)
            .unwrap_err(),
        OrderError::WrongState
    );
}
