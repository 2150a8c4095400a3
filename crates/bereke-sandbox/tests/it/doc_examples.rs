//! The bank document's curl examples, in the document's order, sent as they
//! are (credentials included) to the sandbox, with only the host and the ids
//! from earlier answers changed; the answers have the shape and values of the
//! document's response examples.
//!
//! Where the document leaves a step to the customer (paying on the payment
//! page, typing the 3-D Secure code) the test does that step too, and says so.

use crate::common;

use bereke_tests::catalog::{endpoints, Example};
use bereke_types::{GetOrderStatusExtendedResponse, OrderStatus, PaymentState};
use common::*;
use serde_json::Value;

/// The endpoint's examples, by path.
fn examples(path: &str) -> &'static [Example] {
    endpoints()
        .iter()
        .find(|e| e.info.path == path)
        .unwrap_or_else(|| panic!("no endpoint {path}"))
        .examples
}

/// The `n`th request example of an endpoint.
fn request(path: &str, n: usize) -> &'static Example {
    examples(path)
        .iter()
        .filter(|e| e.is_request)
        .nth(n)
        .expect("request example")
}

/// The response example titled `title`, or else the first whose title contains it.
fn response(path: &str, title: &str) -> Value {
    let responses = || examples(path).iter().filter(|e| !e.is_request);
    let example = responses()
        .find(|e| e.title == title)
        .or_else(|| responses().find(|e| e.title.contains(title)))
        .unwrap_or_else(|| panic!("no response example '{title}' of {path}"));
    serde_json::from_str(example.json.expect("JSON")).expect("the example is JSON")
}

/// The example's form pairs with some values replaced by name.
fn form(example: &Example, replace: &[(&str, &str)]) -> Vec<(&'static str, String)> {
    example
        .form
        .iter()
        .map(|(name, value)| {
            let value = replace
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| (*v).to_owned())
                .unwrap_or_else(|| (*value).to_owned());
            (*name, value)
        })
        .collect()
}

async fn send(
    sandbox: &bereke_sandbox::Sandbox,
    path: &str,
    pairs: &[(&'static str, String)],
) -> Value {
    let borrowed: Vec<(&str, &str)> = pairs.iter().map(|(n, v)| (*n, v.as_str())).collect();
    post_form(sandbox, path, &borrowed).await
}

fn keys(value: &Value) -> Vec<String> {
    let mut keys: Vec<String> = value.as_object().expect("object").keys().cloned().collect();
    keys.sort();
    keys
}

/// The document's URL with the bank's host replaced by the sandbox's.
fn on_sandbox(sandbox: &bereke_sandbox::Sandbox, doc_url: &str, ids: &[(&str, &str)]) -> String {
    let mut url = doc_url.replace(bereke_types::TEST_BASE_URL, sandbox.base_url());
    for (from, to) in ids {
        url = url.replace(from, to);
    }
    url
}

#[tokio::test]
async fn the_documents_examples_in_order() {
    let sandbox = sandbox().await;

    // register.do → orderId and formUrl.
    let doc = response("rest/register.do", "Response example");
    let registered = send(
        &sandbox,
        "rest/register.do",
        &form(request("rest/register.do", 0), &[]),
    )
    .await;
    assert_eq!(keys(&registered), keys(&doc), "{registered}");
    let order_a = registered["orderId"].as_str().unwrap().to_owned();
    let doc_a = doc["orderId"].as_str().unwrap();
    assert_eq!(
        registered["formUrl"].as_str().unwrap(),
        on_sandbox(
            &sandbox,
            doc["formUrl"].as_str().unwrap(),
            &[(doc_a, &order_a)]
        )
    );

    // registerPreAuth.do → orderId and formUrl.
    let doc = response("rest/registerPreAuth.do", "Response example");
    let pre_auth = send(
        &sandbox,
        "rest/registerPreAuth.do",
        &form(request("rest/registerPreAuth.do", 0), &[]),
    )
    .await;
    assert_eq!(keys(&pre_auth), keys(&doc), "{pre_auth}");
    let order_b = pre_auth["orderId"].as_str().unwrap().to_owned();
    // The same order number again is refused.
    let again = send(
        &sandbox,
        "rest/registerPreAuth.do",
        &form(request("rest/registerPreAuth.do", 0), &[]),
    )
    .await;
    assert_eq!(again["errorCode"], 1);

    // The customer pays order B on the payment page (the SSL test card): held.
    let paid = pay_ssl(&sandbox, &order_b).await;
    assert_eq!(paid["errorCode"], 0, "{paid}");
    assert_eq!(status(&sandbox, &order_b).await["orderStatus"], 1);

    // deposit.do of B → {"errorCode":0,"errorMessage":"Success"}.
    let doc = response("rest/deposit.do", "Response example");
    let deposited = send(
        &sandbox,
        "rest/deposit.do",
        &form(request("rest/deposit.do", 0), &[("orderId", &order_b)]),
    )
    .await;
    assert_eq!(deposited, doc);

    // refund.do of B (2000, all of it) → {"errorCode":0,"errorMessage":"Success"}.
    let doc = response("rest/refund.do", "Response example");
    let refunded = send(
        &sandbox,
        "rest/refund.do",
        &form(request("rest/refund.do", 0), &[("orderId", &order_b)]),
    )
    .await;
    assert_eq!(refunded, doc);
    let b = status(&sandbox, &order_b).await;
    assert_eq!(b["orderStatus"], 4);
    assert_eq!(b["paymentAmountInfo"]["refundedAmount"], 2000);

    // paymentorder.do (internal 3DS Server) of A with the 3DS2 card. The
    // document answers it with acsUrl, paReq and termUrl (3-D Secure 1);
    // the sandbox runs the card under 3-D Secure 2, as the gateway does
    // (issue 12): the 3DS Method first, then, with threeDSServerTransId,
    // acsUrl and cReq for the challenge.
    let path = "rest/paymentorder.do";
    let doc = response(path, "Response when 3-D Secure authentication is needed");
    let method = send(
        &sandbox,
        path,
        &form(request(path, 0), &[("MDORDER", &order_a)]),
    )
    .await;
    assert_eq!(method["errorCode"], 0, "{method}");
    assert_eq!(method["is3DSVer2"], true, "{method}");
    let trans_id = method["threeDSServerTransId"]
        .as_str()
        .expect("transaction id");
    let mut second = form(request(path, 0), &[("MDORDER", &order_a)]);
    second.push(("threeDSServerTransId", trans_id.to_owned()));
    let challenge = send(&sandbox, path, &second).await;
    assert_eq!(challenge["errorCode"], doc["errorCode"], "{challenge}");
    let acs_url = challenge["acsUrl"].as_str().expect("acsUrl");
    assert!(acs_url.starts_with(sandbox.base_url()));
    let creq = challenge["cReq"].as_str().expect("cReq");

    // The customer types the code at the sandbox's ACS and lands on the
    // return page, the one the document's no-3DS answer redirects to.
    let landed = authenticate_3ds2(acs_url, creq, "12345678").await;
    let doc_redirect = response(path, "Response when no 3-D Secure authentication is needed");
    let doc_order = "014932b6-9dc7-7782-aeec-a07500a7d8c0";
    assert_eq!(
        landed,
        on_sandbox(
            &sandbox,
            doc_redirect["redirect"].as_str().unwrap(),
            &[(doc_order, &order_a)]
        )
    );

    // getOrderStatusExtended.do of A → the document's answer.
    let path = "rest/getOrderStatusExtended.do";
    let doc: GetOrderStatusExtendedResponse =
        serde_json::from_value(response(path, "Response example")).unwrap();
    let raw = send(
        &sandbox,
        path,
        &form(request(path, 0), &[("orderId", &order_a)]),
    )
    .await;
    let got: GetOrderStatusExtendedResponse = serde_json::from_value(raw.clone()).unwrap();
    assert_eq!(got.error_code, doc.error_code);
    assert_eq!(got.error_message, doc.error_message);
    assert_eq!(got.order_status, Some(OrderStatus::Deposited));
    assert_eq!(got.order_status, doc.order_status);
    assert_eq!(got.action_code, doc.action_code);
    assert_eq!(got.action_code_description, doc.action_code_description);
    assert_eq!(got.amount, doc.amount);
    assert_eq!(got.order_description, doc.order_description);
    // The document's merchant registers in euros by default; the sandbox's
    // merchants in tenge (the request gives no currency).
    assert_eq!(got.currency, Some(bereke_types::Currency::KZT));
    assert_eq!(got.attributes.len(), 1);
    assert_eq!(got.attributes[0].name.as_deref(), Some("mdOrder"));
    assert_eq!(got.attributes[0].value.as_deref(), Some(order_a.as_str()));
    let (card, doc_card) = (
        got.card_auth_info.clone().unwrap(),
        doc.card_auth_info.clone().unwrap(),
    );
    assert_eq!(card.masked_pan, doc_card.masked_pan);
    assert_eq!(card.pan, doc_card.pan);
    assert_eq!(card.expiration, doc_card.expiration);
    assert_eq!(card.cardholder_name, doc_card.cardholder_name);
    assert_eq!(card.approval_code.as_deref().map(str::len), Some(6));
    // The card's number appears nowhere in full.
    assert!(!raw.to_string().contains("5555555555555599"));
    // The order's customer already had a binding of this card: the document's.
    assert_eq!(got.binding_info, doc.binding_info);
    assert_eq!(got.terminal_id, doc.terminal_id);
    assert_eq!(got.auth_ref_num.as_deref().map(str::len), Some(12));
    assert!(got.auth_date_time.is_some());
    let amounts = got.payment_amount_info.clone().unwrap();
    assert_eq!(amounts, doc.payment_amount_info.clone().unwrap());
    assert_eq!(amounts.payment_state, Some(PaymentState::Deposited));
    assert_eq!(got.bank_info, doc.bank_info);
    let binding_id = got.binding_info.and_then(|b| b.binding_id).unwrap();

    // paymentOrderBinding.do of a new order C with that binding (a 3-D Secure
    // card) → the document's 3-D Secure answer.
    let order_c = send(
        &sandbox,
        "rest/register.do",
        &form(request("rest/register.do", 0), &[]),
    )
    .await["orderId"]
        .as_str()
        .unwrap()
        .to_owned();
    let path = "rest/paymentOrderBinding.do";
    let doc = response(path, "through 3-D Secure");
    let by_binding = send(
        &sandbox,
        path,
        &form(
            request(path, 0),
            &[("mdOrder", &order_c), ("bindingId", &binding_id)],
        ),
    )
    .await;
    assert_eq!(keys(&by_binding), keys(&doc), "{by_binding}");
    assert_eq!(by_binding["info"], doc["info"]);
    authenticate(&by_binding, &order_c, "12345678").await;
    let c = status(&sandbox, &order_c).await;
    assert_eq!(c["orderStatus"], 2);
    assert_eq!(c["paymentWay"], "CARD_BINDING");
    // The same request with the credentials wrong → the document's error answer.
    let doc = response(path, "Error response");
    let denied = send(
        &sandbox,
        path,
        &form(
            request(path, 0),
            &[
                ("password", "wrong"),
                ("mdOrder", &order_c),
                ("bindingId", &binding_id),
            ],
        ),
    )
    .await;
    assert_eq!(keys(&denied), keys(&doc));
    assert_eq!(denied["errorCode"], doc["errorCode"]);

    // getBindings.do (ik_bindings-api, dos-clientos) → the document's binding.
    let path = "rest/getBindings.do";
    let doc = response(path, "Successful response");
    let bindings = send(&sandbox, path, &form(request(path, 0), &[])).await;
    assert_eq!(bindings["errorCode"], 0);
    let (got, want) = (&bindings["bindings"][0], &doc["bindings"][0]);
    assert_eq!(bindings["bindings"].as_array().unwrap().len(), 1);
    for field in ["bindingId", "maskedPan", "paymentWay", "displayLabel"] {
        assert_eq!(got[field], want[field], "{field}");
    }
    assert_eq!(
        got["expiryDate"].to_string().trim_matches('"'),
        want["expiryDate"].as_str().unwrap()
    );

    // paymentorder.do (external 3DS Server: eci, xid, cavv) of a new order D → redirect.
    let order_d = send(
        &sandbox,
        "rest/register.do",
        &form(request("rest/register.do", 0), &[]),
    )
    .await["orderId"]
        .as_str()
        .unwrap()
        .to_owned();
    let path = "rest/paymentorder.do";
    let doc = response(path, "external 3DS Server");
    let external = send(
        &sandbox,
        path,
        &form(request(path, 1), &[("MDORDER", &order_d)]),
    )
    .await;
    assert_eq!(keys(&external), keys(&doc), "{external}");
    assert_eq!(external["info"], doc["info"]);
    assert_eq!(external["errorCode"], doc["errorCode"]);
    let doc_order = "01493844-d4d3-703f-9f7e-a73900a7d8c0";
    assert_eq!(
        external["redirect"].as_str().unwrap(),
        on_sandbox(
            &sandbox,
            doc["redirect"].as_str().unwrap(),
            &[(doc_order, &order_d)]
        )
    );
    let d = status(&sandbox, &order_d).await;
    assert_eq!(d["orderStatus"], 2);
    assert_eq!(d["cardAuthInfo"]["secureAuthInfo"]["eci"], 5);

    // applepay/payment.do → success, data.orderId, orderStatus.
    let path = "applepay/payment.do";
    let doc = response(path, "succeeded");
    let apple = post_json(&sandbox, path, request(path, 0).json.unwrap()).await;
    assert_eq!(keys(&apple), keys(&doc), "{apple}");
    assert_eq!(apple["success"], true);
    let apple_order = apple["data"]["orderId"].as_str().unwrap();
    assert_eq!(apple["orderStatus"]["orderNumber"], "281477871");
    assert_eq!(apple["orderStatus"]["attributes"][0]["value"], apple_order);
    // The document's answer says 1 (held) for preAuth false; a one-stage
    // payment is taken at once (2).
    assert_eq!(apple["orderStatus"]["orderStatus"], 2);
    assert_eq!(
        apple["orderStatus"]["merchantOrderParams"]
            .as_array()
            .unwrap()
            .len(),
        3
    );
    assert_eq!(
        apple["orderStatus"]["cardAuthInfo"]["pan"],
        doc["orderStatus"]["cardAuthInfo"]["pan"]
    );
    // The same order number again fails as the document's failure example does.
    let doc = response(path, "failed");
    let apple_again = post_json(&sandbox, path, request(path, 0).json.unwrap()).await;
    assert_eq!(apple_again, doc);

    // google/payment.do → success and data.orderId.
    let path = "google/payment.do";
    let doc = response(path, "Response when the payment succeeded");
    let google = post_json(&sandbox, path, request(path, 0).json.unwrap()).await;
    assert_eq!(google["success"], doc["success"]);
    assert!(google["data"]["orderId"].is_string(), "{google}");

    sandbox.stop().await;
}
