//! What payment answers mean: the document's examples and real answers of
//! the same gateway software, including declines with `errorCode` 0.

use crate::client_support;

use bereke::models::*;
use bereke::payment;
use bereke::PaymentOutcome;
use bereke_tests::catalog::endpoints;
use client_support::{Reply, Stub};

const ORDER_ID: &str = "014932b6-9dc7-7782-aeec-a07500a7d8c0";

fn card_request() -> PaymentOrderRequest {
    PaymentOrderRequest::new(
        ORDER_ID,
        &test_cards::CARD_3DS2.card("TEST CARDHOLDER").unwrap(),
    )
}

fn binding_request() -> PaymentOrderBindingRequest {
    PaymentOrderBindingRequest::new(ORDER_ID, "b-1", "10.0.0.1")
}

fn card_outcome(body: &str) -> PaymentOutcome {
    let response: PaymentOrderResponse = serde_json::from_str(body).expect("decodes");
    payment::outcome(&card_request(), &response).expect("http(s) addresses only")
}

fn binding_outcome(body: &str) -> PaymentOutcome {
    let response: PaymentOrderBindingResponse = serde_json::from_str(body).expect("decodes");
    payment::outcome(&binding_request(), &response).expect("http(s) addresses only")
}

fn example(endpoint: &str, title_part: &str) -> &'static str {
    endpoints()
        .iter()
        .find(|e| e.info.name == endpoint)
        .and_then(|e| {
            e.examples
                .iter()
                .find(|x| !x.is_request && x.title.contains(title_part))
        })
        .and_then(|x| x.json)
        .unwrap_or_else(|| panic!("{endpoint}: an example titled …{title_part}…"))
}

#[test]
fn a_processed_payment_redirects() {
    let outcome = card_outcome(example("PaymentOrder", "no 3-D Secure"));
    assert_eq!(
        outcome,
        PaymentOutcome::Redirect {
            url: format!("https://3dsec.berekebank.kz/payment/merchants/temp/finish.html?orderId={ORDER_ID}&lang=en"),
            info: Some("Your order is proceeded, redirecting...".into()),
        }
    );
    assert_eq!(outcome.redirect_url(), Some(format!("https://3dsec.berekebank.kz/payment/merchants/temp/finish.html?orderId={ORDER_ID}&lang=en").as_str()));
    assert!(!outcome.is_declined());

    let outcome = binding_outcome(example("PaymentOrderBinding", "SSL"));
    assert!(
        matches!(outcome, PaymentOutcome::Redirect { .. }),
        "{outcome:?}"
    );
}

#[test]
fn three_ds_is_one_call_from_the_browser_page() {
    let outcome = card_outcome(example(
        "PaymentOrder",
        "when 3-D Secure authentication is needed",
    ));
    let PaymentOutcome::ThreeDsRequired(challenge) = outcome else {
        panic!("{outcome:?}");
    };
    assert_eq!(
        challenge.acs_url,
        "https://web.rbsuat.com/acs/auth/start.do"
    );
    assert!(challenge.pa_req.starts_with("eJxVUsFWwjAQ"));
    assert_eq!(
        challenge.term_url,
        "https://3dsec.berekebank.kz/payment/rest/finish3ds.do?lang=en"
    );
    assert_eq!(challenge.md, ORDER_ID, "MD is the gateway's order id");
    let page = challenge.auto_submit_html().unwrap();
    assert!(page.contains(r#"action="https://web.rbsuat.com/acs/auth/start.do""#));
    assert!(page.contains(&format!(r#"name="MD" value="{ORDER_ID}""#)));

    let outcome = binding_outcome(example("PaymentOrderBinding", "through 3-D Secure"));
    assert!(
        matches!(outcome, PaymentOutcome::ThreeDsRequired(ref c) if c.md == ORDER_ID),
        "{outcome:?}"
    );
}

#[test]
fn exhausted_attempts_are_declines_or_unclear() {
    // The last attempt: a Kazakh "operation failed" text and the fail page.
    let outcome = card_outcome(example("PaymentOrder", "last attempt"));
    let PaymentOutcome::Declined {
        message, redirect, ..
    } = &outcome
    else {
        panic!("{outcome:?}");
    };
    assert!(message.as_deref().unwrap().starts_with("Операция өтпеді"));
    assert_eq!(
        redirect.as_deref(),
        Some("false.html?login=test&orderId=85eb9a84-2a47-7cca-b0ae-662c000016d1&lang=ru")
    );
    // Every later attempt: only "Redirecting...", which is no success.
    let outcome = card_outcome(example("PaymentOrder", "every later attempt"));
    assert_eq!(
        outcome,
        PaymentOutcome::Unconfirmed {
            redirect: Some(
                "false.html?login=test&orderId=85eb9a84-2a47-7cca-b0ae-662c000016d1&lang=ru".into()
            ),
            info: Some("Redirecting...".into()),
        }
    );
}

#[test]
fn other_gateways_wordings_of_info_are_read_from_the_spec() {
    // Wordings other banks' gateways send, listed as `also` in the spec's
    // payment_info texts: each is a definite answer, not `Unconfirmed`.
    for text in [
        "Operation declined.",
        "The operation was declined.",
        "Authentication failed.",
    ] {
        let body =
            format!(r#"{{"errorCode":0,"info":"{text}","redirect":"https://shop.example/fail"}}"#);
        let outcome = card_outcome(&body);
        assert!(outcome.is_declined(), "{text}: {outcome:?}");
    }
    let body = r#"{"errorCode":0,"info":"Your payment is processed.","redirect":"https://shop.example/ok"}"#;
    let outcome = card_outcome(body);
    assert!(
        matches!(outcome, PaymentOutcome::Redirect { .. }),
        "{outcome:?}"
    );
}

#[test]
fn a_decline_with_error_code_zero_is_a_decline() {
    // A real paymentOrderBinding.do decline of the same gateway software.
    let body = r#"{"error":"Операция отклонена. Проверьте введенные данные, достаточность средств на карте и повторите операцию.<br>","errorCode":0,"is3DSVer2":false,"processingErrorType":"CLIENT_ERROR","errorMessage":"Операция отклонена. Проверьте введенные данные, достаточность средств на карте и повторите операцию.<br>"}"#;
    let outcome = binding_outcome(body);
    assert_eq!(
        outcome,
        PaymentOutcome::Declined {
            message: Some("Операция отклонена. Проверьте введенные данные, достаточность средств на карте и повторите операцию.<br>".into()),
            processing_error_type: Some("CLIENT_ERROR".into()),
            redirect: None,
        }
    );
    assert!(outcome.is_declined());

    // The same with only the error text, or only an English failure info.
    let outcome =
        card_outcome(r#"{"errorCode":"0","error":"Operation declined. Check the data entered."}"#);
    assert!(outcome.is_declined(), "{outcome:?}");
    let outcome = card_outcome(
        r#"{"errorCode":0,"info":"The operation failed. Contact the bank that issued the card. Redirecting...","redirect":"https://shop.example/failed"}"#,
    );
    assert!(outcome.is_declined(), "{outcome:?}");
    assert_eq!(outcome.redirect_url(), Some("https://shop.example/failed"));
}

#[tokio::test]
async fn a_decline_with_error_code_zero_comes_through_the_client() {
    let body = r#"{"error":"Операция отклонена.","errorCode":"0","processingErrorType":"CLIENT_ERROR","errorMessage":"Операция отклонена."}"#;
    let stub = Stub::start(Reply::json(body)).await;
    // Not an error: the gateway processed the request …
    let response = stub
        .client()
        .payment_order_binding(&binding_request())
        .await
        .unwrap();
    // … but the payment was declined.
    let outcome = payment::outcome(&binding_request(), &response).unwrap();
    assert!(outcome.is_declined(), "{outcome:?}");
    let outcome = stub.client().pay(&binding_request()).await.unwrap();
    assert!(
        matches!(outcome, PaymentOutcome::Declined { processing_error_type: Some(ref t), .. } if t == "CLIENT_ERROR")
    );
}

#[test]
fn a_no_system_errors_text_in_error_is_not_a_decline() {
    let outcome = card_outcome(
        r#"{"errorCode":"0","error":"Обработка запроса прошла без системных ошибок","info":"Ваш платёж обработан, происходит переадресация","redirect":"https://testmerchant.ru/return"}"#,
    );
    assert_eq!(
        outcome,
        PaymentOutcome::Redirect {
            url: "https://testmerchant.ru/return".into(),
            info: Some("Ваш платёж обработан, происходит переадресация".into()),
        }
    );
}

#[test]
fn other_three_ds_steps() {
    // The simplified scheme: a gateway page runs 3-D Secure.
    let outcome = card_outcome(
        r#"{"errorCode":"0","error":"Обработка запроса прошла без системных ошибок","formUrl":"https://ecomtest.example/process_form/start?mdOrder=a67b","info":"Ваш платёж обработан, происходит переадресация","redirect":"https://testmerchant.ru/return"}"#,
    );
    assert_eq!(
        outcome,
        PaymentOutcome::ThreeDsRedirect {
            url: "https://ecomtest.example/process_form/start?mdOrder=a67b".into()
        }
    );
    // A 3-D Secure 2 challenge: cReq, or packedCReq as the REST gateway spells it.
    for creq in ["cReq", "packedCReq"] {
        let outcome = card_outcome(&format!(
            r#"{{"errorCode":"0","acsUrl":"https://acs.example/creq","{creq}":"eyJ0aHJl","termUrl":"https://testmerchant.ru/threeDSPayment"}}"#
        ));
        assert_eq!(
            outcome,
            PaymentOutcome::ThreeDs2Challenge(bereke::three_ds::ThreeDs2Challenge::new(
                "https://acs.example/creq",
                "eyJ0aHJl"
            ))
        );
        assert_eq!(outcome.redirect_url(), None);
    }
}

#[test]
fn a_gateway_error_code_is_a_decline_when_read_as_an_outcome() {
    let outcome =
        card_outcome(r#"{"errorCode":"5","error":"Error, value of the request parameter"}"#);
    assert_eq!(
        outcome,
        PaymentOutcome::Declined {
            message: Some("Error, value of the request parameter".into()),
            processing_error_type: None,
            redirect: None,
        }
    );
}

#[test]
fn wallet_answers() {
    let google = GooglePayPaymentRequest::new("350467565", "eyJzaWdu", 1000u64, "https://ya.ru/");
    let answer = |body: &str| -> PaymentOutcome {
        let response: GooglePayPaymentResponse = serde_json::from_str(body).unwrap();
        payment::outcome(&google, &response).unwrap()
    };
    assert_eq!(
        answer(example("GooglePayPayment", "succeeded")),
        PaymentOutcome::Accepted {
            order_id: Some("12312312123".into()),
            order_status: None
        }
    );
    let outcome = answer(example("GooglePayPayment", "redirect to the ACS"));
    let PaymentOutcome::ThreeDsRequired(challenge) = outcome else {
        panic!("{outcome:?}");
    };
    assert_eq!(challenge.md, "e757d0cf-a028-7bdc-acb9-44480008afa2");
    assert_eq!(challenge.acs_url, "https://test.ru/acs/auth/start.do");
    assert!(challenge.auto_submit_html().is_ok());
    assert_eq!(
        answer(example("GooglePayPayment", "failed")),
        PaymentOutcome::Declined {
            message: Some("The funds on the card are not sufficient".into()),
            processing_error_type: None,
            redirect: None,
        }
    );

    let apple = ApplePayPaymentRequest::new("281477871", "eyJkYXRh");
    let response: ApplePayPaymentResponse =
        serde_json::from_str(example("ApplePayPayment", "succeeded")).unwrap();
    assert_eq!(
        payment::outcome(&apple, &response).unwrap(),
        PaymentOutcome::Accepted {
            order_id: Some("b926351f-a634-49cf-9484-ccb0a3b8cfad".into()),
            order_status: Some(OrderStatus::Approved),
        }
    );
    let declined: ApplePayPaymentResponse = serde_json::from_str(
        r#"{"success":true,"data":{"orderId":"x"},"orderStatus":{"orderStatus":6,"actionCodeDescription":"Insufficient funds"}}"#,
    )
    .unwrap();
    assert_eq!(
        payment::outcome(&apple, &declined).unwrap(),
        PaymentOutcome::Declined {
            message: Some("Insufficient funds".into()),
            processing_error_type: None,
            redirect: None,
        }
    );
}

#[tokio::test]
async fn pay_sends_and_reads_the_answer() {
    let stub = Stub::start(Reply::json(example(
        "PaymentOrder",
        "when 3-D Secure authentication is needed",
    )))
    .await;
    let outcome = stub.client().pay(&card_request()).await.unwrap();
    assert!(
        matches!(outcome, PaymentOutcome::ThreeDsRequired(ref c) if c.md == ORDER_ID),
        "{outcome:?}"
    );
    assert_eq!(stub.only_request().path, "/payment/rest/paymentorder.do");
}

/// The red team's finding R8: a `javascript:` (or any non-http(s)) address
/// in a payment answer never becomes a redirect; the error keeps it.
#[tokio::test]
async fn an_answer_that_redirects_to_script_is_an_error_that_keeps_the_address() {
    for (field, body) in [
        (
            "redirect",
            r#"{"errorCode":"0","info":"Your order is proceeded, redirecting...","redirect":"javascript:alert(document.cookie)"}"#,
        ),
        (
            "redirect",
            r#"{"errorCode":"0","error":"Operation declined","processingErrorType":"CLIENT_ERROR","redirect":"data:text/html,<script>x</script>"}"#,
        ),
        (
            "redirect",
            r#"{"errorCode":"0","info":"Your order is proceeded, redirecting...","redirect":"\\\\evil.example/x"}"#,
        ),
        (
            "redirect",
            r#"{"errorCode":"0","info":"Your order is proceeded, redirecting...","redirect":" JavaScript:alert(1)"}"#,
        ),
        (
            "formUrl",
            r#"{"errorCode":"0","formUrl":"//evil.example/pay"}"#,
        ),
        (
            "acsUrl",
            r#"{"errorCode":"0","acsUrl":"javascript:void(0)","paReq":"p","termUrl":"https://shop.example/t"}"#,
        ),
        (
            "termUrl",
            r#"{"errorCode":"0","acsUrl":"https://acs.example/a","paReq":"p","termUrl":"vbscript:x"}"#,
        ),
        (
            "acsUrl",
            r#"{"errorCode":"0","acsUrl":"javascript:alert(1)","cReq":"eyJ0aHJl"}"#,
        ),
        (
            "threeDSMethodURL",
            r#"{"errorCode":"0","threeDSMethodURL":"data:text/html,<script>alert(1)</script>","threeDSServerTransId":"t-1","threeDSMethodData":"eyJ0"}"#,
        ),
        (
            "threeDSMethodURL",
            r#"{"errorCode":"0","threeDSMethodUrl":"//evil.example/method","threeDSServerTransId":"t-1"}"#,
        ),
    ] {
        let response: PaymentOrderResponse = serde_json::from_str(body).unwrap();
        let unsafe_url = payment::outcome(&card_request(), &response).unwrap_err();
        assert_eq!(unsafe_url.field, field, "{body}");
        assert!(body.contains(&unsafe_url.url), "{unsafe_url:?}");

        let stub = Stub::start(Reply::json(body)).await;
        let error = stub.client().pay(&card_request()).await.unwrap_err();
        let bereke::Error::UnsafeUrl { source, .. } = &error else {
            panic!("{error:?}")
        };
        assert_eq!(source, &unsafe_url);
        assert!(
            error.may_have_been_sent(),
            "the payment may have been processed"
        );
        assert!(
            error.to_string().contains("not an http(s) address"),
            "{error}"
        );
    }
    // Plain http is an address too (a test gateway's finish page).
    assert!(matches!(
        card_outcome(
            r#"{"errorCode":"0","info":"Your order is proceeded, redirecting...","redirect":"http://127.0.0.1:8080/payment/finish.html"}"#
        ),
        PaymentOutcome::Redirect { .. }
    ));
}

/// Every wording the spec gives for code 0, of any endpoint's table, in a
/// payment answer's `error` is no decline: the answer reads as its `info`.
#[test]
fn every_spec_wording_of_no_system_errors_is_recognised() {
    macro_rules! code_zero_messages {
        ($($name:literal => $request:ty),* $(,)?) => {
            [$(<<$request as bereke::models::Endpoint>::ErrorCode as bereke::models::ErrorCode>::from_code(0).messages()),*]
        };
    }
    let wordings: Vec<&str> = bereke::models::for_each_endpoint!(code_zero_messages)
        .into_iter()
        .flatten()
        .flat_map(ErrorMessage::wordings)
        .collect();
    assert!(wordings.contains(&"Обработка запроса прошла без системных ошибок"));
    assert!(wordings.contains(&"Success"));
    for wording in wordings {
        for sent in [
            wording.to_owned(),
            format!("{}.", wording.trim_end_matches('.')),
            wording.trim_end_matches('.').to_uppercase(),
        ] {
            let body = serde_json::json!({
                "errorCode": "0",
                "error": sent,
                "info": PaymentInfo::Processed.ru(),
                "redirect": "https://shop.example/back",
            });
            assert_eq!(
                card_outcome(&body.to_string()),
                PaymentOutcome::Redirect {
                    url: "https://shop.example/back".into(),
                    info: Some(PaymentInfo::Processed.ru().into()),
                },
                "{sent}"
            );
        }
    }
}

/// An `error` text the spec does not give for code 0 is a decline, even
/// when it shares words with one.
#[test]
fn an_unknown_wording_in_error_is_a_decline() {
    for text in [
        "Обработка запроса прошла с ошибками",
        "Request processed unsuccessfully.",
        "Success is not guaranteed",
        "Not success",
    ] {
        let body = serde_json::json!({
            "errorCode": "0",
            "error": text,
            "info": PaymentInfo::Processed.en(),
            "redirect": "https://shop.example/back",
        });
        assert_eq!(
            card_outcome(&body.to_string()),
            PaymentOutcome::Declined {
                message: Some(text.into()),
                processing_error_type: None,
                redirect: Some("https://shop.example/back".into()),
            },
            "{text}"
        );
    }
}
