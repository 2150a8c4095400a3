//! Real response bodies of the same gateway from other banks decode into the
//! models, with the values that matter intact.

use bereke_tests::{corpus_bodies, corpus_dir, endpoint, CorpusBody};
use bereke_types::*;

fn bodies() -> Vec<CorpusBody> {
    match corpus_dir() {
        Some(dir) => {
            let bodies = corpus_bodies(&dir);
            // 51 of the 59 JSON bodies belong to an endpoint of the spec
            // (see the README); fewer means one stopped being recognized.
            assert!(
                bodies.len() >= 51,
                "only {} corpus bodies found",
                bodies.len()
            );
            bodies
        }
        None => Vec::new(),
    }
}

fn body(name: &str) -> Option<serde_json::Value> {
    let dir = corpus_dir()?;
    let text = std::fs::read_to_string(dir.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    Some(serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}")))
}

#[test]
fn every_corpus_body_of_a_spec_endpoint_decodes_and_roundtrips() {
    for b in bodies() {
        let entry = endpoint(b.endpoint);
        let text = b.json.to_string();
        let once = (entry.response_roundtrip)(&text)
            .unwrap_or_else(|e| panic!("{} as {}: {e}", b.name, entry.response));
        let twice = (entry.response_roundtrip)(&once.to_string()).expect("re-encoded decodes");
        assert_eq!(once, twice, "{}", b.name);
    }
}

#[test]
fn error_bodies_keep_code_and_message() {
    let Some(json) = body("bereke-sandbox-docs__error__1.json") else {
        return;
    };
    let r: RegisterResponse = serde_json::from_value(json).unwrap();
    let reported = r.reported_error().expect("code 12 is an error");
    assert_eq!(reported.code, Some(12), "an unknown code is kept");
    assert_eq!(reported.message, Some("Empty amount"));
    assert!(!r.error_code.unwrap().is_known());
}

#[test]
fn order_status_bodies_keep_status_amounts_and_state() {
    let Some(json) = body("sber-ecom-openapi-1.0.4__getOrderStatusExtended__1.json") else {
        return;
    };
    let r: GetOrderStatusExtendedResponse = serde_json::from_value(json).unwrap();
    assert_eq!(r.order_status, Some(OrderStatus::Deposited));
    assert_eq!(r.amount, Some(Amount::from_minor(19_900)));
    assert_eq!(
        r.order_number.as_deref(),
        Some("e2574f1785324f1592d9029cb05adbbd")
    );
    assert_eq!(r.reported_error(), None);
    let info = r.payment_amount_info.unwrap();
    assert_eq!(info.payment_state, Some(PaymentState::Deposited));
    assert_eq!(info.deposited_amount, Some(Amount::from_minor(19_900)));

    // A hand-written mock with numbers for strings, a numeric paymentState
    // and a text date: decodes, and keeps what it can.
    let Some(json) = body("omnipay-sberbank__getOrderStatusExtended__2.json") else {
        return;
    };
    let r: GetOrderStatusExtendedResponse = serde_json::from_value(json).unwrap();
    assert_eq!(r.order_status, Some(OrderStatus::Deposited));
    assert_eq!(r.currency, Some(Currency::RUB));
    let info = r.payment_amount_info.unwrap();
    assert_eq!(info.payment_state, Some(PaymentState::from("1")));
    assert_eq!(info.approved_amount, Some(Amount::from_minor(150_000)));
}

#[test]
fn payment_bodies_distinguish_3ds_from_finished() {
    let Some(json) = body("sber-ecom-openapi-1.0.4__paymentOrder__4.json") else {
        return;
    };
    let r: PaymentOrderResponse = serde_json::from_value(json).unwrap();
    assert!(r.acs_url.is_some(), "3DS 1 challenge carries the ACS URL");
    let Some(json) = body("sber-ecom-openapi-1.0.4__paymentOrder__1.json") else {
        return;
    };
    let r: PaymentOrderResponse = serde_json::from_value(json).unwrap();
    assert!(r.acs_url.is_none());
    assert_eq!(r.reported_error(), None);
}

#[test]
fn money_moving_answers_keep_their_codes() {
    let cases = [
        ("omnipay-sberbank__deposit__1.json", Some(6)),
        ("omnipay-sberbank__deposit__2.json", None),
        ("omnipay-sberbank__refund__1.json", Some(5)),
        ("omnipay-sberbank__refund__2.json", None),
        ("omnipay-sberbank__reverse__1.json", Some(6)),
        ("omnipay-sberbank__reverse__2.json", None),
    ];
    for (name, error) in cases {
        let Some(json) = body(name) else { return };
        let reported = if name.contains("deposit") {
            let r: DepositResponse = serde_json::from_value(json).unwrap();
            r.reported_error().and_then(|e| e.code)
        } else if name.contains("refund") {
            let r: RefundResponse = serde_json::from_value(json).unwrap();
            r.reported_error().and_then(|e| e.code)
        } else {
            let r: ReverseResponse = serde_json::from_value(json).unwrap();
            r.reported_error().and_then(|e| e.code)
        };
        assert_eq!(reported, error, "{name}");
    }
    let Some(json) = body("omnipay-sberbank__registerPreAuth__1.json") else {
        return;
    };
    let r: RegisterPreAuthResponse = serde_json::from_value(json).unwrap();
    assert_eq!(r.error_code, Some(RegisterPreAuthErrorCode::from_code(1)));
    assert!(r.error_code.unwrap().is_known());
}

#[test]
fn the_older_status_call_keeps_its_capitalized_fields() {
    let Some(json) = body("omnipay-sberbank__getOrderStatus__2.json") else {
        return;
    };
    let r: GetOrderStatusResponse = serde_json::from_value(json).unwrap();
    assert_eq!(r.order_status, Some(OrderStatus::Deposited));
    assert_eq!(r.reported_error(), None);
    assert_eq!(r.amount, Some(Amount::from_minor(150_000)));
    assert_eq!(r.deposit_amount, Some(Amount::from_minor(150_000)));
    assert_eq!(r.pan.as_deref(), Some("555555**5599"));
    assert_eq!(r.ip.as_deref(), Some("111.111.111.111"));
    let binding = r.binding_info.unwrap();
    assert_eq!(binding.client_id.as_deref(), Some("777777"));
    assert_eq!(binding.binding_id.as_deref(), Some("555555"));

    let Some(json) = body("omnipay-sberbank__getOrderStatus__1.json") else {
        return;
    };
    let r: GetOrderStatusResponse = serde_json::from_value(json).unwrap();
    let reported = r.reported_error().expect("code 3 is an error");
    assert_eq!(
        reported.code,
        Some(3),
        "a code the spec does not know is kept"
    );
    assert_eq!(reported.message, Some("Авторизация отменена"));
}

#[test]
fn card_and_binding_lookups_keep_their_values() {
    let Some(json) = body("omnipay-sberbank__getBindingsByCardOrId__2.json") else {
        return;
    };
    let r: GetBindingsByCardOrIdResponse = serde_json::from_value(json).unwrap();
    let binding = &r.bindings[0];
    assert_eq!(
        binding.binding_id.as_deref(),
        Some("156456146"),
        "a number kept as text"
    );
    assert_eq!(binding.client_id.as_deref(), Some("113321"));
    assert_eq!(binding.expiry_date.map(|e| e.yyyymm()), Some(201901));

    let Some(json) = body("omnipay-sberbank__verifyEnrollment__2.json") else {
        return;
    };
    let r: VerifyEnrollmentResponse = serde_json::from_value(json).unwrap();
    assert_eq!(r.enrolled.as_deref(), Some("Y"));
    assert_eq!(r.emitter_country_code.as_deref(), Some("RU"));
    assert_eq!(r.reported_error(), None);
}

#[test]
fn three_ds2_recurrent_and_ssl_list_bodies_keep_their_values() {
    let Some(json) = body("sber-ecom-openapi-1.0.4__paymentOrder__3.json") else {
        return;
    };
    let r: PaymentOrderResponse = serde_json::from_value(json).unwrap();
    assert_eq!(
        r.three_ds_server_trans_id.as_deref(),
        Some("93045e61-d783-40f1-8934-33fd59387ca6")
    );
    assert_eq!(
        r.three_ds_method_url.as_deref(),
        Some("https://ds.vendorcert.mirconnect.ru/ma")
    );
    assert!(r.three_ds_method_data.is_some());

    let Some(json) = body("sber-ecom-openapi-1.0.4__finish3dsMethod__2.json") else {
        return;
    };
    let r: Finish3dsMethodResponse = serde_json::from_value(json).unwrap();
    assert_eq!(
        r.acs_url.as_deref(),
        Some("https://acs.vendorcert.mirconnect.ru/mdpayacs/creq")
    );
    assert!(r
        .creq
        .as_deref()
        .is_some_and(|c| c.starts_with("eyJ0aHJlZURT")));
    assert_eq!(r.reported_error(), None);

    let Some(json) = body("sber-ecom-openapi-1.0.4__recurrentPayment__1.json") else {
        return;
    };
    let r: RecurrentPaymentResponse = serde_json::from_value(json).unwrap();
    assert_eq!(r.success, Some(true));
    let status = r.order_status.unwrap();
    assert_eq!(status.order_status, Some(OrderStatus::Deposited));
    assert_eq!(status.amount, Some(Amount::from_minor(19_900)));
    let Some(json) = body("sber-ecom-openapi-1.0.4__recurrentPayment__2.json") else {
        return;
    };
    let r: RecurrentPaymentResponse = serde_json::from_value(json).unwrap();
    assert_eq!(r.success, Some(false));
    assert_eq!(r.error.unwrap().code, Some(5));

    let Some(json) = body("omnipay-sberbank__updateSSLCardList__1.json") else {
        return;
    };
    let r: UpdateSslCardListResponse = serde_json::from_value(json).unwrap();
    assert_eq!(
        r.error_code,
        Some(UpdateSslCardListErrorCode::OrderNotFoundOrListed)
    );
}

/// Every real answer of an endpoint with a success view that reports no
/// error holds what the view needs: the spec's `on_success` is what the
/// gateway does, not a guess.
#[test]
fn answers_without_an_error_have_their_success_fields() {
    fn check<R>(b: &CorpusBody, success: impl Fn(&R) -> Result<(), MissingFields>) -> bool
    where
        R: serde::de::DeserializeOwned + GatewayResponse,
    {
        let r: R = serde_json::from_value(b.json.clone()).unwrap();
        if r.reported_error().is_some() {
            return false;
        }
        success(&r).unwrap_or_else(|e| panic!("{}: {e}", b.name));
        true
    }
    let mut checked = 0;
    // `error` bodies are generic answers of no particular endpoint.
    for b in bodies()
        .into_iter()
        .filter(|b| !b.name.contains("__error__"))
    {
        let ok = match b.endpoint {
            "Register" => check(&b, |r: &RegisterResponse| r.success().map(drop)),
            "RegisterPreAuth" => check(&b, |r: &RegisterPreAuthResponse| r.success().map(drop)),
            "GetOrderStatus" => check(&b, |r: &GetOrderStatusResponse| r.success().map(drop)),
            "GetOrderStatusExtended" => check(&b, |r: &GetOrderStatusExtendedResponse| {
                r.success().map(drop)
            }),
            _ => false,
        };
        checked += usize::from(ok);
    }
    if corpus_dir().is_some() {
        assert!(checked >= 5, "only {checked} success answers checked");
    }
}
