//! 3-D Secure page and redirect URL, through the public API.

use bereke::models::{Finish3dsMethodRequest, PaymentOrderRequest};
use bereke::three_ds::{
    acs_redirect_url, ThreeDs2Challenge, ThreeDsChallenge, ThreeDsError, ThreeDsMethod,
};

#[test]
fn page_for_a_gateway_answer() {
    let challenge = ThreeDsChallenge {
        acs_url: "https://acs.bank.example/mdpayacs/pareq".into(),
        pa_req: "eJxVUl1vgjAUfd+v<'&\">".into(),
        term_url: "https://3dsec.berekebank.kz/payment/rest/finish3ds.do?lang=ru".into(),
        md: "12b59da8-f68f-7c8d-12b5-9da8000826ea".into(),
    };
    let page = challenge.auto_submit_html().expect("https ACS URL");
    assert!(page.starts_with("<!DOCTYPE html>"));
    assert!(page.contains(r#"method="post" action="https://acs.bank.example/mdpayacs/pareq""#));
    assert!(page.contains(r#"name="PaReq" value="eJxVUl1vgjAUfd+v&lt;&#x27;&amp;&quot;&gt;""#));
    assert!(page.contains(r#"name="MD" value="12b59da8-f68f-7c8d-12b5-9da8000826ea""#));
    assert!(page.contains(
        r#"name="TermUrl" value="https://3dsec.berekebank.kz/payment/rest/finish3ds.do?lang=ru""#
    ));
    assert!(page.contains("<noscript>"));
    assert_eq!(page.matches("<script").count(), 1);
}

#[test]
fn non_http_acs_url_is_refused() {
    let challenge = ThreeDsChallenge::new("javascript:alert(document.cookie)", "p", "t", "m");
    let error = challenge.auto_submit_html().unwrap_err();
    assert!(matches!(error, ThreeDsError::InvalidAcsUrl { .. }));
    assert!(error.to_string().contains("javascript"), "{error}");
}

#[test]
fn redirect_url_for_both_environments() {
    assert_eq!(
        acs_redirect_url("https://3dsec.berekebank.kz/payment/", "abc-123").unwrap(),
        "https://3dsec.berekebank.kz/payment/acsRedirect.do?orderId=abc-123"
    );
    assert_eq!(
        acs_redirect_url("https://securepayments.berekebank.kz/payment", "abc 123").unwrap(),
        "https://securepayments.berekebank.kz/payment/acsRedirect.do?orderId=abc+123"
    );
}

const NASTY: &str = r#""><script>alert('x')</script>&"#;
const NASTY_ESCAPED: &str = "&quot;&gt;&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;&amp;";

fn method() -> ThreeDsMethod {
    ThreeDsMethod {
        method_url: Some("https://acs.bank.example/method?x=1&y='2'".into()),
        method_data: Some("eyJ0aHJlZURTU2VydmVyVHJhbnNJRCI6IjEifQ".into()),
        server_trans_id: "93045e61-d783-40f1-8934-33fd59387ca6".into(),
        md: "12b59da8-f68f-7c8d-12b5-9da8000826ea".into(),
    }
}

#[test]
fn method_page_posts_the_data_into_a_hidden_iframe_then_continues() {
    let page = method()
        .iframe_html("https://shop.example/3ds/continue?a=1&b=2")
        .unwrap();
    assert!(page.starts_with("<!DOCTYPE html>"));
    assert!(page.contains(r#"<iframe name="three-ds-method" title="3-D Secure" hidden"#));
    assert!(page.contains(
        r#"action="https://acs.bank.example/method?x=1&amp;y=%272%27" target="three-ds-method""#
    ));
    assert!(
        page.contains(r#"name="threeDSMethodData" value="eyJ0aHJlZURTU2VydmVyVHJhbnNJRCI6IjEifQ""#)
    );
    assert!(page.contains(
        r#"<form id="three-ds-continue" method="post" action="https://shop.example/3ds/continue?a=1&amp;b=2">"#
    ));
    assert!(page.contains(r#"name="MD" value="12b59da8-f68f-7c8d-12b5-9da8000826ea""#));
    assert!(page.contains(r#"name="threeDSCompInd" value="N""#));
    assert!(page.contains("<noscript><button type=\"submit\">Continue</button></noscript>"));
    assert_eq!(page.matches("<script").count(), 1);
    assert!(page.contains("setTimeout(function(){go(false);},10000)"));

    // Without a method URL: only the continue form, submitted at once.
    let without = ThreeDsMethod {
        method_url: None,
        ..method()
    };
    let page = without.iframe_html("/3ds/continue").unwrap();
    assert!(!page.contains("<iframe"), "{page}");
    assert!(page.contains(r#"action="/3ds/continue""#));
}

#[test]
fn method_page_escapes_every_value() {
    for field in 0..3 {
        let mut m = method();
        match field {
            0 => m.method_data = Some(NASTY.into()),
            1 => m.server_trans_id = NASTY.into(),
            _ => m.md = NASTY.into(),
        }
        let page = m.iframe_html("/continue").unwrap();
        assert!(page.contains(NASTY_ESCAPED), "field {field}: {page}");
        assert!(!page.contains("alert('x')"), "field {field}");
        assert_eq!(page.matches("<script").count(), 1, "field {field}");
    }
    let page = method()
        .iframe_html(r#"/continue?"><script>alert(1)</script>"#)
        .unwrap();
    assert_eq!(page.matches("<script").count(), 1);
}

#[test]
fn method_page_refuses_unsafe_addresses() {
    for bad in ["javascript:alert(1)", "data:text/html,x", "/relative", ""] {
        let m = ThreeDsMethod {
            method_url: Some(bad.into()),
            ..method()
        };
        assert!(
            matches!(
                m.iframe_html("/continue"),
                Err(ThreeDsError::InvalidMethodUrl { .. })
            ),
            "{bad:?}"
        );
    }
    for bad in [
        "javascript:alert(1)",
        "//evil.example/x",
        "/\\evil.example",
        "relative",
        "/a\nb",
    ] {
        assert!(
            matches!(
                method().iframe_html(bad),
                Err(ThreeDsError::InvalidContinueUrl { .. })
            ),
            "{bad:?}"
        );
    }
}

#[test]
fn method_continues_with_either_request() {
    let first = PaymentOrderRequest::new(
        "12b59da8-f68f-7c8d-12b5-9da8000826ea",
        &bereke::models::test_cards::CARD_3DS2
            .card("TEST CARDHOLDER")
            .unwrap(),
    );
    let second = method().continue_request(&first);
    assert_eq!(
        second.three_ds_server_trans_id.as_deref(),
        Some("93045e61-d783-40f1-8934-33fd59387ca6")
    );
    assert_eq!(second.pan, first.pan);
    assert_eq!(
        method().finish_request(false),
        Finish3dsMethodRequest::new(
            "12b59da8-f68f-7c8d-12b5-9da8000826ea",
            "93045e61-d783-40f1-8934-33fd59387ca6"
        )
        .three_ds_comp_ind("N")
    );
}

#[test]
fn creq_page_posts_creq_to_the_acs() {
    let page = ThreeDs2Challenge::new("https://acs.bank.example/creq", "eyJ0aHJl")
        .auto_submit_html()
        .unwrap();
    assert!(page
        .contains(r#"<form id="three-ds" method="post" action="https://acs.bank.example/creq">"#));
    assert!(page.contains(r#"<input type="hidden" name="creq" value="eyJ0aHJl">"#));
    assert!(page.contains("<noscript>"));
    assert_eq!(page.matches("<script").count(), 1);
    let page = ThreeDs2Challenge::new("https://acs.bank.example/creq", NASTY)
        .auto_submit_html()
        .unwrap();
    assert!(page.contains(NASTY_ESCAPED));
    assert_eq!(page.matches("<script").count(), 1);
    assert!(matches!(
        ThreeDs2Challenge::new("javascript:alert(1)", "c").auto_submit_html(),
        Err(ThreeDsError::InvalidAcsUrl { .. })
    ));
}
