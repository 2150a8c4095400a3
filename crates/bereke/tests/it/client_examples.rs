//! Every response example of the bank's document, served by a stub and
//! decoded through the client's method for its endpoint.

use crate::client_support;

use bereke::models::*;
use bereke::{Client, Error};
use bereke_tests::catalog::{endpoints, EndpointEntry};
use client_support::{Reply, Stub};

/// Sends the endpoint's request example (from the spec, without its
/// credentials) as its request type and returns the answer re-encoded as JSON.
async fn send<E>(client: &Client, entry: &EndpointEntry) -> Result<serde_json::Value, Error>
where
    E: Endpoint + serde::de::DeserializeOwned,
    E::Response: serde::Serialize,
{
    let example = entry
        .examples
        .iter()
        .find(|e| e.is_request)
        .unwrap_or_else(|| panic!("{} has a request example", entry.info.name));
    let request: E = match example.json {
        Some(json) => serde_json::from_str(json).expect("the JSON example decodes"),
        None => {
            let mut form = form_urlencoded::Serializer::new(String::new());
            form.extend_pairs(
                example
                    .form
                    .iter()
                    .filter(|(k, _)| !matches!(*k, "userName" | "password" | "token")),
            );
            serde_urlencoded::from_str(&form.finish()).expect("the form example decodes")
        }
    };
    let response = client.execute(&request).await?;
    Ok(serde_json::to_value(response).expect("a response encodes"))
}

/// Calls the endpoint with its request example: the spec's list of
/// endpoints, so a new endpoint needs no change here.
async fn call(client: &Client, entry: &EndpointEntry) -> Result<serde_json::Value, Error> {
    macro_rules! dispatch {
        ($($name:literal => $request:ty),*) => {
            match entry.info.name {
                $($name => send::<$request>(client, entry).await,)*
                other => panic!("no request type for {other}"),
            }
        };
    }
    bereke::models::for_each_endpoint!(dispatch)
}

/// Whether the example is an answer the gateway means as an error.
fn reports_an_error(body: &serde_json::Value) -> bool {
    let code = body.get("errorCode").map(|c| match c {
        serde_json::Value::String(s) => s != "0",
        serde_json::Value::Number(n) => n.as_i64() != Some(0),
        _ => false,
    });
    code == Some(true) || body.get("success") == Some(&serde_json::Value::Bool(false))
}

#[tokio::test]
async fn every_response_example_decodes_through_the_client() {
    let mut answers = 0;
    let mut errors = 0;
    for entry in endpoints() {
        for example in entry.examples.iter().filter(|e| !e.is_request) {
            let body = example.json.expect("response examples are JSON");
            let stub = Stub::start(Reply::json(body)).await;
            let result = call(&stub.client(), entry).await;
            let expected: serde_json::Value = serde_json::from_str(body)
                .or_else(|_| serde_json::from_str(&format!("{body}}}")))
                .unwrap_or_else(|e| panic!("{} / {}: {e}", entry.info.name, example.title));
            match result {
                Ok(_) => {
                    assert!(
                        !reports_an_error(&expected),
                        "{} / {}",
                        entry.info.name,
                        example.title
                    );
                    answers += 1;
                }
                Err(Error::Gateway(e)) => {
                    assert!(
                        reports_an_error(&expected),
                        "{} / {}: {e}",
                        entry.info.name,
                        example.title
                    );
                    assert_eq!(e.endpoint(), entry.info.path);
                    assert!(e.code().is_some(), "{e}");
                    assert!(e.is_known_code(), "the document's own codes are known: {e}");
                    errors += 1;
                }
                Err(e) => panic!("{} / {}: {e}", entry.info.name, example.title),
            }
            assert_eq!(stub.count(), 1);
        }
    }
    assert!(answers >= 14, "{answers}");
    assert_eq!(
        errors, 3,
        "paymentOrderBinding access denied and the two wallet failures"
    );
}

#[tokio::test]
async fn register_answers_the_order_id_and_form_url() {
    let stub = Stub::start(Reply::json(
        r#"{"orderId": "01491d0b-c848-7dd6-a20d-e96900a7d8c0", "formUrl": "https://3dsec.berekebank.kz/payment/merchants/rbs/payment_en.html?mdOrder=01491d0b-c848-7dd6-a20d-e96900a7d8c0"}"#,
    ))
    .await;
    let order = stub
        .client()
        .register(&RegisterRequest::new(
            Amount::from_minor(2000),
            "finish.html",
        ))
        .await
        .unwrap();
    assert_eq!(
        order.order_id.as_deref(),
        Some("01491d0b-c848-7dd6-a20d-e96900a7d8c0")
    );
    assert!(order
        .form_url
        .unwrap()
        .ends_with("mdOrder=01491d0b-c848-7dd6-a20d-e96900a7d8c0"));
    // A successful register.do has no errorCode at all.
    assert_eq!(order.error_code, None);
}

#[tokio::test]
async fn order_status_example_has_its_values() {
    let entry = endpoints()
        .iter()
        .find(|e| e.info.name == "GetOrderStatusExtended")
        .unwrap();
    let body = entry
        .examples
        .iter()
        .find(|e| !e.is_request)
        .unwrap()
        .json
        .unwrap();
    let stub = Stub::start(Reply::json(body)).await;
    let status = stub
        .client()
        .get_order_status_extended(
            &GetOrderStatusExtendedRequest::new().order_id("01491d0b-c848-7dd6-a20d-e96900a7d8c0"),
        )
        .await
        .unwrap();
    assert_eq!(
        status.error_code,
        Some(GetOrderStatusExtendedErrorCode::from_code(0))
    );
    assert_eq!(status.order_number.as_deref(), Some("7005"));
    assert_eq!(status.order_status, Some(OrderStatus::Deposited));
    assert_eq!(status.amount, Some(Amount::from_minor(2000)));
    assert_eq!(status.currency, Some(Currency::EUR));
    assert_eq!(status.date, Some(EpochMillis::from_millis(1617972915659)));
    let amounts = status.payment_amount_info.unwrap();
    assert_eq!(amounts.payment_state, Some(PaymentState::Deposited));
    assert_eq!(amounts.approved_amount, Some(Amount::from_minor(2000)));
    assert_eq!(amounts.deposited_amount, Some(Amount::from_minor(2000)));
    assert_eq!(amounts.refunded_amount, Some(Amount::ZERO));
    assert_eq!(
        status.binding_info.unwrap().binding_id.as_deref(),
        Some("01491394-63a6-7d45-a88f-7bce00a7d8c0")
    );
}

#[tokio::test]
async fn bindings_example_lists_the_binding() {
    let entry = endpoints()
        .iter()
        .find(|e| e.info.name == "GetBindings")
        .unwrap();
    let body = entry
        .examples
        .iter()
        .find(|e| !e.is_request)
        .unwrap()
        .json
        .unwrap();
    let stub = Stub::start(Reply::json(body)).await;
    let bindings = stub
        .client()
        .get_bindings(&GetBindingsRequest::new("dos-clientos"))
        .await
        .unwrap();
    assert_eq!(bindings.bindings.len(), 1);
    assert_eq!(
        bindings.bindings[0].binding_id.as_deref(),
        Some("69d6a793-afb5-79be-8ce7-63ff00a8656a")
    );
    assert_eq!(
        bindings.bindings[0].masked_pan.as_deref(),
        Some("444455**3333")
    );
}

#[tokio::test]
async fn deposit_and_refund_answer_code_zero_as_a_string_or_a_number() {
    for body in [
        r#"{"errorCode": 0, "errorMessage":"Success"}"#,
        r#"{"errorCode":"0","errorMessage":"Success"}"#,
    ] {
        let stub = Stub::start(Reply::json(body)).await;
        let deposit = stub
            .client()
            .deposit(&DepositRequest::new("o-1", Amount::from_minor(2000)))
            .await
            .unwrap();
        assert_eq!(deposit.error_code, Some(DepositErrorCode::from_code(0)));
        let refund = stub
            .client()
            .refund(&RefundRequest::new("o-1", Amount::from_minor(2000)))
            .await
            .unwrap();
        assert_eq!(refund.error_code, Some(RefundErrorCode::from_code(0)));
    }
}

#[tokio::test]
async fn apple_pay_success_example_has_the_order_status() {
    let entry = endpoints()
        .iter()
        .find(|e| e.info.name == "ApplePayPayment")
        .unwrap();
    let body = entry.examples[1].json.unwrap();
    let stub = Stub::start(Reply::json(body)).await;
    let answer = stub
        .client()
        .apple_pay_payment(&ApplePayPaymentRequest::new("281477871", "eyJkYXRhIjoi"))
        .await
        .unwrap();
    assert_eq!(answer.success, Some(true));
    assert_eq!(
        answer.data.unwrap().order_id.as_deref(),
        Some("b926351f-a634-49cf-9484-ccb0a3b8cfad")
    );
    let status = answer.order_status.unwrap();
    assert_eq!(status.order_status, Some(OrderStatus::Approved));
    assert_eq!(status.amount, Some(Amount::from_minor(960000)));
    assert_eq!(status.currency, Some(Currency::EUR));
}

#[tokio::test]
async fn wallet_failures_are_gateway_errors_with_the_code_and_message() {
    let entry = endpoints()
        .iter()
        .find(|e| e.info.name == "GooglePayPayment")
        .unwrap();
    let failed = entry
        .examples
        .iter()
        .find(|e| e.title.contains("failed"))
        .unwrap();
    let stub = Stub::start(Reply::json(failed.json.unwrap())).await;
    let err = stub
        .client()
        .google_pay_payment(&GooglePayPaymentRequest::new(
            "350467565",
            "eyJzaWdu",
            1000u64,
            "https://ya.ru/",
        ))
        .await
        .unwrap_err();
    let gateway = err.gateway().expect("a gateway error");
    assert_eq!(gateway.code(), Some(1));
    assert_eq!(
        gateway.message(),
        Some("The funds on the card are not sufficient")
    );
    assert_eq!(
        err.to_string(),
        "google/payment.do: gateway error 1: The funds on the card are not sufficient"
    );
    // Sent and answered: never "not sent".
    assert!(err.may_have_been_sent());
    assert_eq!(stub.count(), 1, "a refused payment is not retried");
}

#[tokio::test]
async fn payment_binding_error_example_is_access_denied() {
    let stub = Stub::start(Reply::json(
        r#"{"error": "Access denied", "errorCode": 5, "errorMessage": "Access denied"}"#,
    ))
    .await;
    let err = stub
        .client()
        .payment_order_binding(&PaymentOrderBindingRequest::new("o-1", "b-1", "10.0.0.1"))
        .await
        .unwrap_err();
    assert_eq!(
        err.gateway_code::<PaymentOrderBindingErrorCode>(),
        Some(PaymentOrderBindingErrorCode::from_code(5))
    );
    assert_eq!(err.gateway().unwrap().message(), Some("Access denied"));
    assert_eq!(
        err.to_string(),
        "rest/paymentOrderBinding.do: gateway error 5: Access denied"
    );
}
