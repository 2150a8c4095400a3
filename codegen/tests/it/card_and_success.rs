//! The spec's `card:` and `on_success:` markers: what they generate, and
//! the mistakes they are refused for, at their line.

use crate::common;

use crate::snapshots::assert_has;
use common::{Spec, ENDPOINT_PATH};

const TYPES_DIR: &str = "crates/bereke-types/src/generated";

fn generated(spec: &Spec, module: &str) -> String {
    crate::snapshots::generated(spec, &format!("{TYPES_DIR}/{module}.rs"))
}

/// The endpoint with request fields inserted before `language`.
fn with_request_fields(fields: &str) -> Spec {
    Spec::valid().edit(
        ENDPOINT_PATH,
        "      - name: language\n",
        &format!("{fields}      - name: language\n"),
    )
}

/// A required, sensitive string request field with a `card:` part.
fn card_field(wire: &str, part: &str) -> String {
    format!(
        "      - name: {wire}\n        type: string\n        card: {part}\n        required: true\n        sensitive: true\n        doc: Card data.\n"
    )
}

#[test]
fn a_whole_card_is_one_parameter() {
    let fields: String = [
        ("PAN", "pan"),
        ("CVC", "cvc"),
        ("YYYY", "expiry_year"),
        ("MM", "expiry_month"),
        ("TEXT", "cardholder_name"),
    ]
    .iter()
    .map(|(wire, part)| card_field(wire, part))
    .collect();
    let text = generated(&with_request_fields(&fields), "get_status");
    assert_has(
        &text,
        &[
            "pub fn new(card: &crate::card::Card) -> Self",
            "pan: ::std::borrow::ToOwned::to_owned(card.pan().expose())",
            "cvc: ::std::borrow::ToOwned::to_owned(card.cvc().expose())",
            "yyyy: card.expiry().year_field()",
            "mm: card.expiry().month_field()",
            "text: ::std::borrow::ToOwned::to_owned(card.cardholder().as_str())",
            "`PAN` (from the card)",
        ],
    );
}

#[test]
fn a_card_number_alone_is_a_pan_and_an_optional_part_gets_a_typed_setter() {
    let optional_cvc = "      - name: cvc\n        type: string\n        card: cvc\n        required: false\n        sensitive: true\n        doc: The CVC.\n";
    let spec = with_request_fields(&format!("{}{optional_cvc}", card_field("pan", "pan")));
    let text = generated(&spec, "get_status");
    assert_has(
        &text,
        &[
            "pub fn new(pan: &crate::card::Pan) -> Self",
            "pub fn cvc(mut self, cvc: &crate::card::Cvc) -> Self",
            "self.cvc = ::std::option::Option::Some(::std::borrow::ToOwned::to_owned(cvc.expose()));",
        ],
    );
}

#[test]
fn on_success_fields_make_a_success_view() {
    let spec = Spec::valid().edit(
        ENDPOINT_PATH,
        "        lenient: true\n        doc: State of the order.\n",
        "        lenient: true\n        on_success: true\n        doc: State of the order.\n",
    );
    let text = generated(&spec, "success");
    assert_has(
        &text,
        &[
            "pub struct GetStatusSuccess<'a> {",
            "pub order_status: &'a crate::OrderStatus }",
            "impl crate::GetStatusResponse {",
            "pub fn success(&self) -> ::std::result::Result<GetStatusSuccess<'_>, crate::MissingFields>",
            "crate::MissingFields::new(\"rest/getStatus.do\", &[(\"orderStatus\", order_status.is_none())])",
        ],
    );
    // Without the marker there is no view.
    assert!(!generated(&Spec::valid(), "success").contains("GetStatusSuccess"));
}

#[test]
fn an_unknown_card_part_is_refused_at_its_line() {
    with_request_fields(&card_field("pan", "number  # <<<"))
        .expect_error(ENDPOINT_PATH, &["unknown card part `number`"]);
}

#[test]
fn a_card_part_on_data_that_is_not_secret_is_refused() {
    with_request_fields(
        "      - name: pan\n        type: string\n        card: pan  # <<<\n        required: true\n        doc: Card data.\n",
    )
    .expect_error(ENDPOINT_PATH, &["`card: pan` on `pan`", "sensitive string"]);
}

#[test]
fn on_success_on_a_request_field_is_refused() {
    with_request_fields(
        "      - name: extra  # <<<\n        type: string\n        required: false\n        on_success: true\n        doc: Extra.\n",
    )
    .expect_error(ENDPOINT_PATH, &["`on_success` on `extra`"]);
}
