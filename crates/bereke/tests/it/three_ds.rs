//! 3-D Secure page and redirect URL, through the public API.

use bereke::three_ds::{acs_redirect_url, ThreeDsChallenge, ThreeDsError};

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
