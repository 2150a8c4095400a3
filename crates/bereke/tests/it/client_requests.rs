//! Every endpoint's request as the gateway expects it: path, method, content
//! type, body (with the credentials), and nothing in the URL.

use crate::client_support;

use bereke::models::*;
use bereke::{Client, Credentials, Error};
use bereke_tests::catalog::{endpoints, EndpointEntry, Example};
use client_support::{pairs, Recorded, Reply, Stub, PASSWORD, TOKEN, USER};
use serde::de::DeserializeOwned;

/// The example's pairs without the credentials.
fn without_credentials(example: &Example) -> Vec<(&str, &str)> {
    example
        .form
        .iter()
        .copied()
        .filter(|(k, _)| !matches!(*k, "userName" | "password" | "token"))
        .collect()
}

fn credential(example: &Example, name: &str) -> String {
    example
        .form
        .iter()
        .find(|(k, _)| *k == name)
        .map(|(_, v)| (*v).to_owned())
        .unwrap_or_else(|| panic!("the example sends {name}"))
}

/// A success answer for any endpoint.
fn ok_reply(entry: &EndpointEntry) -> Reply {
    match entry.info.content_type {
        ContentType::Form => Reply::json(r#"{"errorCode":"0"}"#),
        ContentType::Json => Reply::json(r#"{"success":true}"#),
    }
}

/// Decodes the example's fields into the request type, sends it, and returns
/// what the stub received.
async fn send_form_example<E>(
    entry: &EndpointEntry,
    example: &Example,
    credentials: Credentials,
) -> Recorded
where
    E: Endpoint + DeserializeOwned,
{
    let mut encoder = form_urlencoded::Serializer::new(String::new());
    encoder.extend_pairs(without_credentials(example));
    let request: E = serde_urlencoded::from_str(&encoder.finish())
        .unwrap_or_else(|e| panic!("{}: the example decodes: {e}", entry.info.name));
    let stub = Stub::start(ok_reply(entry)).await;
    let client = stub.builder().credentials(credentials).build().unwrap();
    client
        .execute(&request)
        .await
        .unwrap_or_else(|e| panic!("{}: {e}", entry.info.name));
    stub.only_request()
}

async fn send_json_example<E>(
    entry: &EndpointEntry,
    example: &Example,
) -> (Recorded, serde_json::Value)
where
    E: Endpoint + DeserializeOwned,
{
    let expected: serde_json::Value = serde_json::from_str(example.json.unwrap()).unwrap();
    let request: E = serde_json::from_value(expected.clone())
        .unwrap_or_else(|e| panic!("{}: the example decodes: {e}", entry.info.name));
    let stub = Stub::start(ok_reply(entry)).await;
    // A wallet endpoint names the merchant; a JSON REST endpoint
    // (recurrentPayment.do) carries the stub's userName and password, which
    // are the examples' own.
    let builder = match entry.info.auth {
        AuthScheme::Wallet => stub
            .builder()
            .wallet_merchant(expected["merchant"].as_str().unwrap()),
        AuthScheme::Rest => stub.builder(),
    };
    let client = builder.build().unwrap();
    client
        .execute(&request)
        .await
        .unwrap_or_else(|e| panic!("{}: {e}", entry.info.name));
    (stub.only_request(), expected)
}

/// Dispatches on the endpoint's name to its request type: the spec's list of
/// endpoints, so a new endpoint's examples are sent without a change here.
async fn send_example(
    entry: &EndpointEntry,
    example: &Example,
    credentials: Credentials,
) -> Recorded {
    macro_rules! dispatch {
        ($($name:literal => $request:ty),*) => {
            match entry.info.name {
                $($name => send_form_example::<$request>(entry, example, credentials).await,)*
                other => panic!("no request type for {other}"),
            }
        };
    }
    bereke::models::for_each_endpoint!(dispatch)
}

fn assert_sent_to(recorded: &Recorded, entry: &EndpointEntry) {
    assert_eq!(recorded.method, "POST", "{}", entry.info.name);
    assert_eq!(
        recorded.path,
        format!("/payment/{}", entry.info.path),
        "{}",
        entry.info.name
    );
    assert_eq!(
        recorded.query, None,
        "{}: nothing in the URL",
        entry.info.name
    );
    assert_eq!(
        recorded.content_type.as_deref(),
        Some(entry.info.content_type.mime()),
        "{}",
        entry.info.name
    );
}

#[tokio::test]
async fn every_form_example_is_sent_as_the_document_shows_with_password() {
    let mut checked = 0;
    let mut covered = std::collections::BTreeSet::new();
    for entry in endpoints() {
        for example in entry
            .examples
            .iter()
            .filter(|e| e.is_request && !e.form.is_empty())
        {
            let credentials = Credentials::password(
                credential(example, "userName"),
                credential(example, "password"),
            );
            let recorded = send_example(entry, example, credentials).await;
            assert_sent_to(&recorded, entry);
            assert_eq!(
                recorded.form(),
                pairs(example.form),
                "{}: {}",
                entry.info.name,
                example.title
            );
            checked += 1;
            covered.insert(entry.info.name);
        }
    }
    // Every form endpoint of the spec has a request example, so every one is
    // sent here.
    let form: std::collections::BTreeSet<_> = endpoints()
        .iter()
        .filter(|e| e.info.content_type == ContentType::Form)
        .map(|e| e.info.name)
        .collect();
    assert_eq!(covered, form);
    assert!(checked >= form.len(), "{checked}");
}

#[tokio::test]
async fn every_form_example_is_sent_with_a_token() {
    for entry in endpoints() {
        for example in entry
            .examples
            .iter()
            .filter(|e| e.is_request && !e.form.is_empty())
        {
            let recorded = send_example(entry, example, Credentials::token(TOKEN)).await;
            assert_sent_to(&recorded, entry);
            let mut expected = without_credentials(example);
            expected.push(("token", TOKEN));
            assert_eq!(
                recorded.form(),
                pairs(&expected),
                "{}: {}",
                entry.info.name,
                example.title
            );
        }
    }
}

/// Drops empty lists, which the client leaves out (`"features": []`).
fn without_empty_lists(mut value: serde_json::Value) -> serde_json::Value {
    if let Some(object) = value.as_object_mut() {
        object.retain(|_, v| !v.as_array().is_some_and(Vec::is_empty));
    }
    value
}

#[tokio::test]
async fn json_examples_are_sent_as_json_with_their_credentials() {
    let mut checked = 0;
    for entry in endpoints()
        .iter()
        .filter(|e| e.info.content_type == ContentType::Json)
    {
        for example in entry.examples.iter().filter(|e| e.is_request) {
            macro_rules! dispatch {
                ($($name:literal => $request:ty),*) => {
                    match entry.info.name {
                        $($name => send_json_example::<$request>(entry, example).await,)*
                        other => panic!("no request type for {other}"),
                    }
                };
            }
            let (recorded, expected) = bereke::models::for_each_endpoint!(dispatch);
            assert_sent_to(&recorded, entry);
            assert_eq!(
                without_empty_lists(recorded.json()),
                without_empty_lists(expected),
                "{}",
                entry.info.name
            );
            checked += 1;
        }
    }
    assert_eq!(checked, 3);
}

#[tokio::test]
async fn reverse_is_sent_as_a_form_with_the_credentials() {
    let stub = Stub::start(Reply::json(r#"{"errorCode":"0","errorMessage":"Success"}"#)).await;
    let request = ReverseRequest::new()
        .order_id("01491d0b-c848-7dd6-a20d-e96900a7d8c0")
        .amount(Amount::from_minor(1500))
        .language("en");
    stub.client().reverse(&request).await.unwrap();
    let recorded = stub.only_request();
    assert_eq!(recorded.path, "/payment/rest/reverse.do");
    assert_eq!(recorded.query, None);
    assert_eq!(
        recorded.form(),
        pairs(&[
            ("userName", USER),
            ("password", PASSWORD),
            ("orderId", "01491d0b-c848-7dd6-a20d-e96900a7d8c0"),
            ("amount", "1500"),
            ("language", "en"),
        ])
    );
}

#[tokio::test]
async fn a_refund_carries_its_external_id() {
    let stub = Stub::start(Reply::json(r#"{"errorCode":0}"#)).await;
    let request = RefundRequest::new("order-1", Amount::from_minor(700))
        .external_refund_id("refund-1")
        .expected_deposited_amount(Amount::from_minor(2000));
    stub.client().refund(&request).await.unwrap();
    assert_eq!(
        stub.only_request().form(),
        pairs(&[
            ("userName", USER),
            ("password", PASSWORD),
            ("orderId", "order-1"),
            ("amount", "700"),
            ("externalRefundId", "refund-1"),
            ("expectedDepositedAmount", "2000"),
        ])
    );
}

#[tokio::test]
async fn awkward_characters_survive_form_encoding() {
    let stub = Stub::start(Reply::json(r#"{"orderId":"x","formUrl":"https://gw/x"}"#)).await;
    // '%' and '+' too: the document forbids them only in what is forwarded
    // to the bank's processing, so the client sends them as they are.
    let description = "Заказ №1 & co=5; 50% off? yes+no";
    let request = RegisterRequest::new(Amount::from_minor(2000), "https://shop.example/ok?a=1&b=2")
        .order_number("A-1 #7")
        .description(description);
    stub.client().register(&request).await.unwrap();
    let form = stub.only_request().form();
    assert!(
        form.contains(&("description".into(), description.into())),
        "{form:?}"
    );
    assert!(
        form.contains(&("orderNumber".into(), "A-1 #7".into())),
        "{form:?}"
    );
    assert!(form.contains(&("returnUrl".into(), "https://shop.example/ok?a=1&b=2".into())));
}

#[tokio::test]
async fn nested_objects_travel_as_json_in_one_field() {
    let stub = Stub::start(Reply::json(r#"{"orderId":"x"}"#)).await;
    let params = std::collections::BTreeMap::from([("email".to_owned(), "a@b.kz".to_owned())]);
    let request = RegisterRequest::new(Amount::from_minor(2000), "https://shop.example/ok")
        .json_params(params);
    stub.client().register(&request).await.unwrap();
    let form = stub.only_request().form();
    let json_params = form
        .iter()
        .find(|(k, _)| k == "jsonParams")
        .expect("jsonParams sent");
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&json_params.1).unwrap(),
        serde_json::json!({"email": "a@b.kz"})
    );
}

#[tokio::test]
async fn the_default_language_fills_requests_that_set_none() {
    let stub = Stub::start(Reply::json(r#"{"errorCode":"0"}"#)).await;
    let client = stub.builder().language("kk").build().unwrap();

    client
        .get_order_status_extended(&GetOrderStatusExtendedRequest::new().order_id("o-1"))
        .await
        .unwrap();
    client
        .get_order_status_extended(
            &GetOrderStatusExtendedRequest::new()
                .order_id("o-2")
                .language("en"),
        )
        .await
        .unwrap();
    // getBindings.do takes no language.
    client
        .get_bindings(&GetBindingsRequest::new("client-1"))
        .await
        .unwrap();

    let requests = stub.requests();
    assert_eq!(
        requests[0].form(),
        pairs(&[
            ("userName", USER),
            ("password", PASSWORD),
            ("orderId", "o-1"),
            ("language", "kk")
        ])
    );
    assert_eq!(
        requests[1].form(),
        pairs(&[
            ("userName", USER),
            ("password", PASSWORD),
            ("orderId", "o-2"),
            ("language", "en")
        ])
    );
    assert_eq!(
        requests[2].form(),
        pairs(&[
            ("userName", USER),
            ("password", PASSWORD),
            ("clientId", "client-1")
        ])
    );

    // Wallets too, as a JSON field.
    let wallet = Stub::start(Reply::json(r#"{"success":true}"#)).await;
    let client = wallet.builder().language("ru").build().unwrap();
    client
        .apple_pay_payment(&ApplePayPaymentRequest::new("o-3", "dG9rZW4="))
        .await
        .unwrap();
    assert_eq!(
        wallet.only_request().json(),
        serde_json::json!({"orderNumber": "o-3", "paymentToken": "dG9rZW4=", "merchant": USER, "language": "ru"})
    );
}

#[tokio::test]
async fn the_wallet_merchant_is_the_login_or_the_setting() {
    let stub = Stub::start(Reply::json(r#"{"success":true,"data":{"orderId":"g-1"}}"#)).await;
    let request = GooglePayPaymentRequest::new(
        "o-1",
        "dG9rZW4=",
        Amount::from_minor(1000),
        "https://shop.example/ok",
    );

    stub.client().google_pay_payment(&request).await.unwrap();
    let client = stub
        .builder()
        .wallet_merchant("shop_merchant")
        .build()
        .unwrap();
    client.google_pay_payment(&request).await.unwrap();
    let client = stub
        .builder()
        .credentials(Credentials::token(TOKEN))
        .wallet_merchant("token_merchant")
        .build()
        .unwrap();
    client.google_pay_payment(&request).await.unwrap();

    let merchants: Vec<_> = stub
        .requests()
        .iter()
        .map(|r| {
            let body = r.json();
            assert!(
                body.get("userName").is_none()
                    && body.get("password").is_none()
                    && body.get("token").is_none()
            );
            body["merchant"].as_str().unwrap().to_owned()
        })
        .collect();
    assert_eq!(merchants, [USER, "shop_merchant", "token_merchant"]);
}

#[tokio::test]
async fn a_wallet_call_without_a_merchant_is_not_sent() {
    let stub = Stub::start(Reply::json(r#"{"success":true}"#)).await;
    let client = stub
        .builder()
        .credentials(Credentials::token(TOKEN))
        .build()
        .unwrap();
    let err = client
        .apple_pay_payment(&ApplePayPaymentRequest::new("o-1", "dG9rZW4="))
        .await
        .unwrap_err();
    match &err {
        Error::InvalidRequest { endpoint, problem } => {
            assert_eq!(*endpoint, "applepay/payment.do");
            assert_eq!(problem.field, "merchant");
        }
        other => panic!("{other:?}"),
    }
    assert!(!err.may_have_been_sent());
    assert_eq!(stub.count(), 0);
    // REST calls of the same client still work.
    client
        .get_bindings(&GetBindingsRequest::new("c-1"))
        .await
        .unwrap();
    assert_eq!(
        stub.only_request().form(),
        pairs(&[("token", TOKEN), ("clientId", "c-1")])
    );
}

#[tokio::test]
async fn an_invalid_request_names_the_field_and_is_never_sent() {
    let stub = Stub::start(Reply::json(r#"{"errorCode":"0"}"#)).await;
    let client = stub.client();

    let too_long = "1".repeat(31);
    let err = client
        .register(
            &RegisterRequest::new(Amount::from_minor(100), "https://shop.example/ok")
                .order_number(&too_long),
        )
        .await
        .unwrap_err();
    match &err {
        Error::InvalidRequest { endpoint, problem } => {
            assert_eq!(*endpoint, "rest/register.do");
            assert_eq!(problem.field, "orderNumber");
        }
        other => panic!("{other:?}"),
    }
    assert!(err.to_string().contains("orderNumber"), "{err}");
    assert!(!err.may_have_been_sent());

    // At least one of orderId and orderNumber.
    let err = client
        .get_order_status_extended(&GetOrderStatusExtendedRequest::new())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::InvalidRequest { .. }), "{err:?}");

    // A card number that is too short.
    let err = client
        .payment_order(&{
            // A typed card refuses it; the request's public field does not,
            // so the client's own check must.
            let mut request =
                PaymentOrderRequest::new("o-1", &test_cards::CARD_SSL.card("CARD HOLDER").unwrap());
            request.pan = "4444".to_owned();
            request
        })
        .await
        .unwrap_err();
    match &err {
        Error::InvalidRequest { problem, .. } => assert_eq!(problem.field, "$PAN"),
        other => panic!("{other:?}"),
    }

    assert_eq!(stub.count(), 0, "nothing reached the network");
}

#[tokio::test]
async fn every_generated_method_posts_to_its_path() {
    let stub = Stub::start(Reply::json(r#"{"errorCode":"0","success":true}"#)).await;
    let c: Client = stub.client();
    let amount = Amount::from_minor(2000);
    c.register(&RegisterRequest::new(amount, "https://s/ok"))
        .await
        .unwrap();
    c.register_pre_auth(&RegisterPreAuthRequest::new("n-1", amount, "https://s/ok"))
        .await
        .unwrap();
    c.deposit(&DepositRequest::new("o-1", Amount::ZERO))
        .await
        .unwrap();
    c.reverse(&ReverseRequest::new().order_id("o-1"))
        .await
        .unwrap();
    c.refund(&RefundRequest::new("o-1", amount)).await.unwrap();
    c.get_order_status_extended(&GetOrderStatusExtendedRequest::new().order_number("n-1"))
        .await
        .unwrap();
    c.get_bindings(&GetBindingsRequest::new("c-1"))
        .await
        .unwrap();
    c.payment_order(&PaymentOrderRequest::new(
        "o-1",
        &test_cards::CARD_SSL.card("CARD HOLDER").unwrap(),
    ))
    .await
    .unwrap();
    c.payment_order_binding(&PaymentOrderBindingRequest::new("o-1", "b-1", "10.0.0.1"))
        .await
        .unwrap();
    c.apple_pay_payment(&ApplePayPaymentRequest::new("n-1", "dG9rZW4="))
        .await
        .unwrap();
    c.google_pay_payment(&GooglePayPaymentRequest::new(
        "n-1",
        "dG9rZW4=",
        amount,
        "https://s/ok",
    ))
    .await
    .unwrap();

    let paths: Vec<String> = stub.requests().into_iter().map(|r| r.path).collect();
    assert_eq!(
        paths,
        [
            "/payment/rest/register.do",
            "/payment/rest/registerPreAuth.do",
            "/payment/rest/deposit.do",
            "/payment/rest/reverse.do",
            "/payment/rest/refund.do",
            "/payment/rest/getOrderStatusExtended.do",
            "/payment/rest/getBindings.do",
            "/payment/rest/paymentorder.do",
            "/payment/rest/paymentOrderBinding.do",
            "/payment/applepay/payment.do",
            "/payment/google/payment.do",
        ]
    );
    // Every one is an endpoint of the spec; that every endpoint of the spec
    // is sent right is the example tests' job, which follow the spec.
    assert!(paths.iter().all(|p| endpoints()
        .iter()
        .any(|e| *p == format!("/payment/{}", e.info.path))));
    // The deposit of the whole held amount is sent as 0.
    let deposit = &stub.requests()[2];
    assert!(deposit.form().contains(&("amount".into(), "0".into())));
}
