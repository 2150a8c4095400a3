//! Invalid requests get the document's codes and messages, in the language
//! asked for; declines have the gateway's shape; no input makes the sandbox
//! fail.

use crate::common;

use bereke_tests::catalog::{endpoints, models, EndpointEntry};
use bereke_types::test_cards::CARD_SSL;
use bereke_types::ContentType;
use common::*;
use serde_json::{json, Value};

fn error_of(answer: &Value) -> (i64, &str) {
    (
        answer["errorCode"].as_i64().unwrap_or(-1),
        answer["errorMessage"].as_str().unwrap_or_default(),
    )
}

/// A request's pairs, and the code and messages (English, Kazakh) it gets.
type Case = (
    Vec<(&'static str, &'static str)>,
    i64,
    &'static str,
    &'static str,
);

#[tokio::test]
async fn registration_errors_in_english_and_kazakh() {
    let sandbox = sandbox().await;
    let path = "rest/register.do";
    let cases: Vec<Case> = vec![
        (
            with_user(&[("returnUrl", "finish.html")]),
            4,
            "Amount is not specified.",
            "Сома көрсетілмеген",
        ),
        (
            with_user(&[("amount", "100")]),
            4,
            "Return URL cannot be empty.",
            "Қайтару URL-мекенжайы бос болмауы керек",
        ),
        (
            with_user(&[("amount", "100"), ("returnUrl", "x"), ("currency", "999")]),
            3,
            "Unknown currency.",
            "Белгісіз валюта.",
        ),
        (
            with_user(&[("amount", "100"), ("returnUrl", "x"), ("currency", "EUR")]),
            3,
            "Unknown currency.",
            "Белгісіз валюта.",
        ),
        (
            vec![("amount", "100"), ("returnUrl", "x")],
            4,
            "Merchant user name cannot be empty.",
            "Сатушы аты бос болмауы керек",
        ),
        (
            vec![
                ("userName", "test_user"),
                ("amount", "100"),
                ("returnUrl", "x"),
            ],
            4,
            "Password cannot be empty.",
            "Құпиясөз бос болмауы керек.",
        ),
        (
            vec![
                ("userName", "test_user"),
                ("password", "nope"),
                ("amount", "100"),
                ("returnUrl", "x"),
            ],
            5,
            "Access denied.",
            "Кіру рұқсаты жоқ.",
        ),
        (
            vec![("token", "nope"), ("amount", "100"), ("returnUrl", "x")],
            5,
            "Access denied.",
            "Кіру рұқсаты жоқ.",
        ),
        (
            with_user(&[
                ("amount", "100"),
                ("returnUrl", "x"),
                ("jsonParams", "{not json"),
            ]),
            5,
            "[jsonParams] is invalid.",
            "[jsonParams] дұрыс емес",
        ),
        (
            with_user(&[("amount", "100"), ("returnUrl", "x"), ("features", "FLY")]),
            14,
            "Features are specified incorrectly.",
            "Features дұрыс көрсетілмеген",
        ),
        (
            with_user(&[
                ("amount", "100"),
                ("returnUrl", "x"),
                (
                    "orderNumber",
                    "this-order-number-is-far-too-long-for-the-gateway",
                ),
            ]),
            1,
            "Invalid order number.",
            "Тапсырыс нөмірі дұрыс емес",
        ),
        (
            with_user(&[
                ("amount", "100"),
                ("returnUrl", "x"),
                ("orderNumber", "   "),
            ]),
            4,
            "Order number cannot be empty.",
            "Тапсырыс нөмірі бос болмауы керек",
        ),
    ];
    for (pairs, code, en, kk) in cases {
        let answer = post_form(&sandbox, path, &pairs).await;
        assert_eq!(error_of(&answer), (code, en), "{pairs:?}");
        let mut in_kazakh = pairs.clone();
        in_kazakh.push(("language", "kk"));
        let answer = post_form(&sandbox, path, &in_kazakh).await;
        assert_eq!(error_of(&answer), (code, kk), "{pairs:?} in Kazakh");
    }

    // A duplicate order number; an order number missing in registerPreAuth.do.
    let number = [
        ("amount", "100"),
        ("returnUrl", "x"),
        ("orderNumber", "dup-1"),
    ];
    assert!(post_form(&sandbox, path, &with_user(&number)).await["orderId"].is_string());
    let again = post_form(&sandbox, path, &with_user(&number)).await;
    assert_eq!(
        error_of(&again),
        (
            1,
            "Order with given order number has already been processed."
        )
    );
    let answer = post_form(
        &sandbox,
        "rest/registerPreAuth.do",
        &with_user(&[("amount", "100"), ("returnUrl", "x")]),
    )
    .await;
    assert_eq!(error_of(&answer), (4, "Order number cannot be empty."));
    for number in ["", "   "] {
        let answer = post_form(
            &sandbox,
            "rest/registerPreAuth.do",
            &with_user(&[
                ("amount", "100"),
                ("returnUrl", "x"),
                ("orderNumber", number),
            ]),
        )
        .await;
        assert_eq!(
            error_of(&answer),
            (4, "Order number cannot be empty."),
            "{number:?}"
        );
    }
    let answer = post_form(
        &sandbox,
        "rest/registerPreAuth.do",
        &with_user(&[("amount", "0"), ("returnUrl", "x"), ("orderNumber", "zero")]),
    )
    .await;
    assert_eq!(error_of(&answer), (5, "Invalid amount."));
    sandbox.stop().await;
}

#[tokio::test]
async fn order_errors() {
    let sandbox = sandbox().await;

    let unknown = status(&sandbox, "no-such-order").await;
    assert_eq!(error_of(&unknown), (6, "Unregistered orderId."));
    let unknown_kk = post_form(
        &sandbox,
        "rest/getOrderStatusExtended.do",
        &with_user(&[("orderId", "no-such-order"), ("language", "kk")]),
    )
    .await;
    assert_eq!(error_of(&unknown_kk), (6, "Тіркелмеген orderId."));
    let nothing = post_form(&sandbox, "rest/getOrderStatusExtended.do", &with_user(&[])).await;
    assert_eq!(error_of(&nothing), (5, "[orderId] is not specified."));

    // Another merchant's order is unknown.
    let order = register(&sandbox, false, "2000", &[]).await;
    let foreign = post_form(
        &sandbox,
        "rest/getOrderStatusExtended.do",
        &[
            ("userName", "ik_bindings-api"),
            ("password", "Ik_pass1"),
            ("orderId", &order),
        ],
    )
    .await;
    assert_eq!(error_of(&foreign).0, 6);

    // The order by its number.
    let by_number = post_form(
        &sandbox,
        "rest/getOrderStatusExtended.do",
        &with_user(&[("orderNumber", "nope")]),
    )
    .await;
    assert_eq!(error_of(&by_number).0, 6);

    // Refund before payment; deposit of a one-stage order; refund above the deposit.
    let refund =
        |amount: &'static str| with_user(&[("orderId", order.as_str()), ("amount", amount)]);
    let early = post_form(&sandbox, "rest/refund.do", &refund("100")).await;
    assert_eq!(error_of(&early), (7, "Payment must be in a correct state."));
    pay_ssl(&sandbox, &order).await;
    let deposit = post_form(
        &sandbox,
        "rest/deposit.do",
        &with_user(&[("orderId", &order), ("amount", "0")]),
    )
    .await;
    assert_eq!(
        error_of(&deposit),
        (7, "Payment must be in a correct state.")
    );
    let too_much = post_form(&sandbox, "rest/refund.do", &refund("2001")).await;
    assert_eq!(
        error_of(&too_much),
        (7, "Refund amount exceeds the payment amount.")
    );
    let zero = post_form(&sandbox, "rest/refund.do", &refund("0")).await;
    assert_eq!(error_of(&zero), (5, "Invalid amount."));
    let no_id = post_form(&sandbox, "rest/refund.do", &with_user(&[("amount", "1")])).await;
    assert_eq!(error_of(&no_id), (5, "[orderId] is not specified."));
    let unknown = post_form(
        &sandbox,
        "rest/refund.do",
        &with_user(&[("orderId", "x"), ("amount", "1")]),
    )
    .await;
    assert_eq!(error_of(&unknown), (6, "Unregistered orderId."));

    // Deposit above the hold.
    let held = register(&sandbox, true, "500", &[]).await;
    pay_ssl(&sandbox, &held).await;
    let above = post_form(
        &sandbox,
        "rest/deposit.do",
        &with_user(&[("orderId", &held), ("amount", "501")]),
    )
    .await;
    assert_eq!(error_of(&above), (5, "Invalid amount."));
    let denied = post_form(
        &sandbox,
        "rest/deposit.do",
        &[
            ("userName", "x"),
            ("password", "y"),
            ("orderId", &held),
            ("amount", "1"),
        ],
    )
    .await;
    assert_eq!(error_of(&denied), (5, "Access denied."));

    // Reverse by order number, then again.
    let number = status(&sandbox, &held).await["orderNumber"]
        .as_str()
        .unwrap()
        .to_owned();
    let reversed = post_form(
        &sandbox,
        "rest/reverse.do",
        &with_user(&[("orderNumber", &number)]),
    )
    .await;
    assert_eq!(error_of(&reversed), (0, "Success"));
    let twice = post_form(
        &sandbox,
        "rest/reverse.do",
        &with_user(&[("orderId", &held)]),
    )
    .await;
    assert_eq!(error_of(&twice), (7, "Payment must be in a correct state."));
    let none = post_form(&sandbox, "rest/reverse.do", &with_user(&[])).await;
    assert_eq!(error_of(&none), (5, "[orderId] is not specified."));
    sandbox.stop().await;
}

#[tokio::test]
async fn binding_errors() {
    let sandbox = sandbox().await;
    let order = register(&sandbox, false, "100", &[]).await;
    let binding = "01491394-63a6-7d45-a88f-7bce00a7d8c0";
    let path = "rest/paymentOrderBinding.do";
    let no_cvc = post_form(
        &sandbox,
        path,
        &with_user(&[("mdOrder", &order), ("bindingId", binding), ("ip", "::1")]),
    )
    .await;
    assert_eq!(error_of(&no_cvc), (1, "[cvc] is not specified."));
    let no_cvc_kk = post_form(
        &sandbox,
        path,
        &with_user(&[
            ("mdOrder", &order),
            ("bindingId", binding),
            ("ip", "::1"),
            ("language", "kk"),
        ]),
    )
    .await;
    assert_eq!(error_of(&no_cvc_kk), (1, "[cvc] көрсетілмеді."));
    let unknown = post_form(
        &sandbox,
        path,
        &with_user(&[
            ("mdOrder", &order),
            ("bindingId", "nope"),
            ("ip", "::1"),
            ("cvc", "123"),
        ]),
    )
    .await;
    assert_eq!(error_of(&unknown), (2, "Binding not found."));
    assert_eq!(unknown["error"], "Binding not found.");
    let no_order = post_form(
        &sandbox,
        path,
        &with_user(&[
            ("mdOrder", "nope"),
            ("bindingId", binding),
            ("ip", "::1"),
            ("cvc", "123"),
        ]),
    )
    .await;
    assert_eq!(error_of(&no_order), (2, "Order not found."));
    let none = post_form(
        &sandbox,
        "rest/getBindings.do",
        &with_user(&[("clientId", "nobody")]),
    )
    .await;
    assert_eq!(error_of(&none), (2, "Binding not found."));
    sandbox.stop().await;
}

#[tokio::test]
async fn declines_look_like_the_gateways() {
    let sandbox = sandbox().await;
    for (pan, cvc, year) in [
        (CARD_SSL.pan, "999", "2024"),
        (CARD_SSL.pan, "123", "2025"),
        ("4111111111111111", "123", "2024"),
    ] {
        let order = register(
            &sandbox,
            false,
            "100",
            &[("failUrl", "https://shop.example/failed")],
        )
        .await;
        let answer = post_form(
            &sandbox,
            "rest/paymentorder.do",
            &with_user(&[
                ("MDORDER", &order),
                ("$PAN", pan),
                ("$CVC", cvc),
                ("YYYY", year),
                ("MM", "12"),
                ("TEXT", "TEST CARDHOLDER"),
            ]),
        )
        .await;
        assert_eq!(answer["errorCode"], 0, "{answer}");
        assert!(answer["error"]
            .as_str()
            .is_some_and(|e| e.starts_with("The operation failed")));
        assert_eq!(answer["info"], answer["error"]);
        assert_eq!(answer["processingErrorType"], "CLIENT_ERROR");
        assert_eq!(
            answer["redirect"],
            format!("https://shop.example/failed?orderId={order}&lang=en")
        );
        assert!(
            !answer.to_string().contains(pan),
            "no card number in answers"
        );
        let state = status(&sandbox, &order).await;
        assert_eq!(state["orderStatus"], 6);
        assert_eq!(state["paymentAmountInfo"]["paymentState"], "DECLINED");
        assert!(state["actionCode"].as_i64().is_some_and(|c| c != 0));
        // Every later attempt: "Redirecting..." to the fail URL.
        let later = pay_ssl(&sandbox, &order).await;
        assert_eq!(later["info"], "Redirecting...");
        assert_eq!(later["errorCode"], 0);
    }

    // Credentials refused by paymentorder.do: code 5.
    let order = register(&sandbox, false, "100", &[]).await;
    let denied = post_form(
        &sandbox,
        "rest/paymentorder.do",
        &[
            ("userName", "test_user"),
            ("password", "x"),
            ("MDORDER", &order),
        ],
    )
    .await;
    assert_eq!(error_of(&denied), (5, "Access denied."));
    let no_cvc = post_form(
        &sandbox,
        "rest/paymentorder.do",
        &with_user(&[
            ("MDORDER", &order),
            ("$PAN", CARD_SSL.pan),
            ("YYYY", "2024"),
            ("MM", "12"),
            ("TEXT", "A B"),
        ]),
    )
    .await;
    assert_eq!(error_of(&no_cvc), (5, "[cvc] is not specified."));
    sandbox.stop().await;
}

#[tokio::test]
async fn acs_redirect_and_pages() {
    let sandbox = sandbox().await;
    let order = register(&sandbox, false, "100", &[]).await;
    let answer = pay_card(
        &sandbox,
        &order,
        bereke_types::test_cards::CARD_3DS1.pan,
        "123",
    )
    .await;
    assert!(answer["acsUrl"].is_string());
    let client = http();
    let page = client
        .get(format!(
            "{}acsRedirect.do?orderId={order}",
            sandbox.base_url()
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains("name=\"code\""));
    assert!(!html.contains(bereke_types::test_cards::CARD_3DS1.pan));
    let none = client
        .get(format!("{}acsRedirect.do?orderId=nope", sandbox.base_url()))
        .send()
        .await
        .unwrap();
    assert_eq!(none.status(), 400);
    // The payment page of a registered order.
    let other = register(&sandbox, false, "100", &[]).await;
    let form_page = client
        .get(format!(
            "{}merchants/rbs/payment_en.html?mdOrder={other}",
            sandbox.base_url()
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(form_page.status(), 200);
    let paid = client
        .post(format!("{}processform.do", sandbox.base_url()))
        .form(&[
            ("MDORDER", other.as_str()),
            ("$PAN", CARD_SSL.pan),
            ("YYYY", "2024"),
            ("MM", "12"),
            ("$CVC", "123"),
            ("TEXT", "A B"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(paid.status(), 303);
    assert_eq!(status(&sandbox, &other).await["orderStatus"], 2);
    sandbox.stop().await;
}

#[tokio::test]
async fn wallet_errors() {
    let sandbox = sandbox().await;
    let google = |body: Value| body.to_string();
    let base = json!({"merchant": "sandbox_merchant", "orderNumber": "g-1", "paymentToken": "dG9rZW4=", "amount": 100, "returnUrl": "https://shop/ok"});
    let mut unknown = base.clone();
    unknown["merchant"] = json!("nobody");
    let answer = post_json(&sandbox, "google/payment.do", &google(unknown)).await;
    assert_eq!(answer["success"], false);
    assert_eq!(answer["error"]["code"], 10);
    assert_eq!(
        answer["error"]["message"],
        "Invalid value of the merchant parameter."
    );
    let mut bad_ip = base.clone();
    bad_ip["ip"] = json!("not an ip");
    let answer = post_json(&sandbox, "google/payment.do", &google(bad_ip)).await;
    assert_eq!(
        answer["error"]["message"],
        "Invalid value of the ip parameter."
    );
    let mut declined = base.clone();
    declined["paymentToken"] = json!(bereke_sandbox::DECLINE_MARKER);
    declined["orderNumber"] = json!("g-2");
    let answer = post_json(&sandbox, "google/payment.do", &google(declined)).await;
    assert_eq!(answer["error"]["code"], 1);
    assert_eq!(
        answer["error"]["message"],
        "The funds on the card are not sufficient"
    );
    assert_eq!(answer["orderStatus"]["orderStatus"], 6);
    let mut three_ds = base.clone();
    three_ds["paymentToken"] = json!(bereke_sandbox::THREE_DS_MARKER);
    three_ds["orderNumber"] = json!("g-3");
    let answer = post_json(&sandbox, "google/payment.do", &google(three_ds)).await;
    assert_eq!(answer["success"], true);
    let md = answer["data"]["orderId"].as_str().unwrap().to_owned();
    authenticate(&answer["data"], &md, "12345678").await;
    let paid = post_form(
        &sandbox,
        "rest/getOrderStatusExtended.do",
        &[
            ("userName", "sandbox_merchant"),
            ("password", "sandbox_merchant_password"),
            ("orderId", &md),
        ],
    )
    .await;
    assert_eq!(paid["orderStatus"], 2);
    assert_eq!(paid["paymentWay"], "GOOGLE_PAY_TOKENIZED");
    sandbox.stop().await;
}

/// Values that break a careless parser: huge numbers, negatives, exponents,
/// blanks, control characters, JSON where a scalar belongs, and the like.
const AWKWARD: &[&str] = &[
    "99999999999999999999999999",
    "-1",
    "1e400",
    "",
    " ",
    "\0\r\n",
    "[1,2]",
    "{\"a\":",
    "null",
    "true",
    "\u{20b8}\u{0}\u{ffff}",
];

/// Bodies for one endpoint from its request model in the spec: every field
/// of the request (and the credentials) set to each awkward value at once, so
/// a new endpoint is covered without a change here.
fn spec_bodies(endpoint: &EndpointEntry) -> Vec<(&'static str, Vec<u8>)> {
    let model = models()
        .iter()
        .find(|m| m.name == endpoint.request)
        .expect("every request has a model");
    AWKWARD
        .iter()
        .map(|value| match endpoint.info.content_type {
            ContentType::Form => {
                let mut form = form_urlencoded::Serializer::new(String::new());
                form.append_pair("userName", "test_user");
                form.append_pair("password", "test_user_password");
                for field in model.fields {
                    form.append_pair(field.wire, value);
                }
                (
                    "application/x-www-form-urlencoded",
                    form.finish().into_bytes(),
                )
            }
            ContentType::Json => {
                let mut object = serde_json::Map::new();
                object.insert("merchant".into(), "sandbox_merchant".into());
                for field in model.fields {
                    let raw = serde_json::from_str(value).unwrap_or(Value::from(*value));
                    object.insert(field.wire.into(), raw);
                }
                (
                    "application/json",
                    Value::Object(object).to_string().into_bytes(),
                )
            }
        })
        .collect()
}

/// Malformed, unknown and huge input to every endpoint: always a gateway
/// answer (HTTP 200, JSON), never a failure.
#[tokio::test]
async fn no_input_breaks_an_endpoint() {
    let sandbox = sandbox().await;
    let huge = "9".repeat(100);
    let bodies: Vec<(&str, Vec<u8>)> = vec![
        ("application/x-www-form-urlencoded", Vec::new()),
        ("application/x-www-form-urlencoded", b"%%%&&&===".to_vec()),
        ("application/x-www-form-urlencoded", vec![0xff, 0xfe, b'=', 0x00, b'&']),
        ("application/x-www-form-urlencoded", format!("userName=test_user&password=test_user_password&amount={huge}&returnUrl=x&orderId={huge}&MDORDER=x&mdOrder=x&bindingId=x&ip=x&clientId=x").into_bytes()),
        ("application/x-www-form-urlencoded", b"userName=test_user&password=test_user_password&amount=-5&currency=1e9&sessionTimeoutSecs=99999999999999999999&unknown=1&jsonParams=[1,2]&features=&expirationDate=yesterday".to_vec()),
        ("application/x-www-form-urlencoded", "userName=test_user&password=test_user_password&amount=100&returnUrl=x&sessionTimeoutSecs=9223372036854775807&description=%E2%82%B8".as_bytes().to_vec()),
        ("multipart/form-data; boundary=x", b"--x\r\nContent-Disposition: form-data; name=\"amount\"\r\n\r\n1\r\n--x--".to_vec()),
        ("application/json", b"{\"merchant\": 5, \"amount\": \"lots\"}".to_vec()),
        ("application/json", b"[1, 2, 3]".to_vec()),
        ("application/json", b"{\"merchant\":\"sandbox_merchant\",\"orderNumber\":\"x\",\"paymentToken\":\"t\",\"amount\":1e300,\"returnUrl\":\"r\"}".to_vec()),
        ("text/plain", vec![b'a'; 300 * 1024]),
    ];
    for endpoint in endpoints() {
        let from_spec = spec_bodies(endpoint);
        for (content_type, body) in bodies.iter().chain(&from_spec) {
            let (status, text) =
                post_raw(&sandbox, endpoint.info.path, content_type, body.clone()).await;
            assert_eq!(
                status, 200,
                "{} with {content_type}: {text}",
                endpoint.info.path
            );
            let answer: Value = serde_json::from_str(&text)
                .unwrap_or_else(|_| panic!("{} answered non-JSON: {text}", endpoint.info.path));
            assert!(answer.is_object(), "{text}");
        }
    }
    // The sandbox still works afterwards.
    let order = register(&sandbox, false, "100", &[]).await;
    assert_eq!(pay_ssl(&sandbox, &order).await["errorCode"], 0);
    sandbox.stop().await;
}
