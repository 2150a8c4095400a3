//! Snapshots of the generator's output: the minimal valid spec plus one
//! feature each. Review a changed snapshot as you would review the code.
//!
//! Besides the snapshot, each test asserts the lines that show its feature,
//! so a snapshot accepted by mistake does not hide a regression.

use crate::common;

use common::{Spec, ENDPOINT_PATH, TYPES_PATH};

const TYPES_DIR: &str = "crates/bereke-types/src/generated";

/// The generated file at `path`.
pub(crate) fn generated(spec: &Spec, path: &str) -> String {
    let files = bereke_codegen::generate(&spec.source()).unwrap_or_else(|d| panic!("{d}"));
    files
        .into_iter()
        .find(|f| f.path == path)
        .unwrap_or_else(|| panic!("no generated file {path}"))
        .contents
}

fn endpoint_file(spec: &Spec) -> String {
    generated(spec, &format!("{TYPES_DIR}/get_status.rs"))
}

fn types_file(spec: &Spec) -> String {
    generated(spec, &format!("{TYPES_DIR}/types.rs"))
}

/// Rust text without whitespace and trailing commas, so the line breaks
/// prettyplease chooses do not matter.
fn squeeze(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars().filter(|c| !c.is_whitespace()) {
        if matches!(c, ')' | ']' | '}') && out.ends_with(',') {
            out.pop();
        }
        out.push(c);
    }
    out
}

/// Asserts `text` contains each of `needles`, ignoring layout.
pub(crate) fn assert_has(text: &str, needles: &[&str]) {
    let squeezed = squeeze(text);
    for n in needles {
        assert!(squeezed.contains(&squeeze(n)), "missing {n:?} in:\n{text}");
    }
}

/// The nested block with extra fields after `expiry`.
fn with_card_fields(fields: &str) -> Spec {
    Spec::valid().edit(
        TYPES_PATH,
        "        doc: Card expiry.\n",
        &format!("        doc: Card expiry.\n{fields}"),
    )
}

/// The request with extra fields before `language`.
fn with_request_fields(fields: &str) -> Spec {
    Spec::valid().edit(
        ENDPOINT_PATH,
        "      - name: language\n",
        &format!("{fields}      - name: language\n"),
    )
}

#[test]
fn open_enums() {
    let text = generated(&Spec::valid(), &format!("{TYPES_DIR}/enums.rs"));
    assert_has(
        &text,
        &[
            "#[non_exhaustive] pub enum OrderStatus",
            "Unknown(crate::UnknownValue<i64>)",
            "other => OrderStatus::Unknown(crate::unknown::UnknownValue::new(other))",
            "#[non_exhaustive] pub enum PaymentState",
            "Unknown(crate::UnknownValue<::std::string::String>)",
            "\"created\" => PaymentState::Created",
        ],
    );
    insta::assert_snapshot!("open_enums", text);
}

#[test]
fn sensitive_fields() {
    let spec = with_card_fields(
        "      - name: cardholderName\n        type: string\n        required: false\n        sensitive: true\n        doc: Name on the card.\n      - name: tokens\n        type: list<string>\n        required: false\n        sensitive: true\n        doc: Wallet tokens of the card.\n",
    );
    let text = types_file(&spec);
    assert_has(
        &text,
        &[
            ".field(\"masked_pan\", &self.masked_pan)",
            ".field(\"cardholder_name\", &crate::redact::optional(&self.cardholder_name))",
            ".field(\"tokens\", &self.tokens.iter().map(|_| crate::redact::Redacted)",
            "Sensitive: never shown by `Debug`.",
        ],
    );
    assert!(!text.contains("derive(Clone, PartialEq, Debug"));
    insta::assert_snapshot!("sensitive_fields", text);
}

#[test]
fn sensitive_required_request_field() {
    let spec = with_request_fields(
        "      - name: bindingId\n        type: string\n        required: true\n        sensitive: true\n        doc: Stored-card binding.\n",
    );
    let text = endpoint_file(&spec);
    assert_has(
        &text,
        &[
            "pub binding_id: ::std::string::String,",
            ".field(\"binding_id\", &crate::redact::Redacted)",
            "pub fn new(binding_id: impl ::std::convert::Into<::std::string::String>) -> Self",
        ],
    );
    insta::assert_snapshot!("sensitive_required_request_field", text);
}

#[test]
fn lenient_numbers() {
    let spec = with_card_fields(
        "      - name: approvedAmount\n        type: amount\n        required: false\n        lenient: true\n        doc: Approved amount.\n      - name: status\n        type: OrderStatus\n        required: false\n        lenient: true\n        doc: State of the order.\n",
    );
    let text = types_file(&spec);
    assert_has(
        &text,
        &[
            "deserialize_with = \"crate::wire::lenient::option\"",
            "with = \"::std::option::Option<crate::wire::Lenient<crate::Amount>>\"",
            "with = \"::std::option::Option<crate::wire::Lenient<crate::OrderStatus>>\"",
        ],
    );
    insta::assert_snapshot!("lenient_numbers", text);
}

#[test]
fn json_object_inside_a_form_field() {
    let spec = with_request_fields(
        "      - name: jsonParams\n        type: json_map\n        required: false\n        encoding: json_string\n        doc: Additional parameters.\n      - name: card\n        type: CardInfo\n        required: true\n        encoding: json_string\n        doc: The card, as JSON.\n",
    );
    let text = endpoint_file(&spec);
    assert_has(
        &text,
        &[
            "with = \"crate::wire::json_string::option\"",
            "with = \"::std::option::Option<crate::wire::JsonString<::std::collections::BTreeMap<::std::string::String,::std::string::String>>>\"",
            "#[serde(rename = \"card\", with = \"crate::wire::json_string\",)]",
            "with = \"crate::wire::JsonString<crate::CardInfo>\"",
            "pub card: crate::CardInfo,",
            "crate::Validate::validate(value).map_err(|e| e.within(\"card\"))?;",
        ],
    );
    insta::assert_snapshot!("json_object_inside_a_form_field", text);
}

#[test]
fn per_endpoint_error_codes() {
    let spec = Spec::valid().edit(
        ENDPOINT_PATH,
        "    - code: 6\n",
        "    - code: 5\n      name: AccessDenied\n      doc: Access denied, or orderId is missing.\n      messages:\n        - {en: \"Access denied.\", kk: \"Кіру рұқсаты жоқ.\"}\n        - {en: \"[orderId] is not specified.\", kk: \"[orderId] көрсетілмеген\"}\n    - code: 6\n",
    );
    let text = endpoint_file(&spec);
    assert_has(
        &text,
        &[
            "pub enum GetStatusErrorCode",
            "impl crate::ErrorCode for GetStatusErrorCode",
            "5 => GetStatusErrorCode::AccessDenied",
            "GetStatusErrorCode::AccessDenied => { &[crate::ErrorMessage { en: \"Access denied.\", kk: \"Кіру рұқсаты жоқ.\" }, crate::ErrorMessage { en: \"[orderId] is not specified.\", kk: \"[orderId] көрсетілмеген\" }] }",
            "GetStatusErrorCode::Unknown(_) => &[]",
            "pub error_code: ::std::option::Option<crate::GetStatusErrorCode>,",
            "alias = \"ErrorCode\"",
        ],
    );
    insta::assert_snapshot!("per_endpoint_error_codes", text);
}

#[test]
fn awkward_wire_names() {
    let spec = with_request_fields(
        "      - name: $PAN\n        type: string\n        required: true\n        sensitive: true\n        doc: Card number.\n      - name: MDORDER\n        type: string\n        required: false\n        doc: Order number in the gateway.\n      - name: TEXT\n        type: string\n        required: false\n        doc: Name on the card.\n      - name: threeDSInfo\n        type: string\n        required: false\n        doc: 3-D Secure data.\n      - name: type\n        type: string\n        required: false\n        doc: A keyword as a wire name.\n      - name: YYYY\n        rust: expiry_year\n        type: string\n        required: false\n        doc: Expiry year.\n",
    );
    let text = endpoint_file(&spec);
    assert_has(
        &text,
        &[
            "#[serde(rename = \"$PAN\",)] #[cfg_attr(feature = \"schema\", schemars(description = \"Card number.\"))] pub pan: ::std::string::String,",
            "#[serde(rename = \"MDORDER\", default, skip_serializing_if = \"::std::option::Option::is_none\",)]",
            "pub mdorder: ::std::option::Option<::std::string::String>,",
            "#[serde(rename = \"TEXT\",",
            "pub text: ::std::option::Option<",
            "pub three_ds_info:",
            "pub r#type:",
            "#[serde(rename = \"YYYY\",",
            "pub expiry_year:",
            "self.order_id.as_deref().or(self.mdorder.as_deref())",
        ],
    );
    insta::assert_snapshot!("awkward_wire_names", text);
}

#[test]
fn base_endpoint() {
    let text = endpoint_file(&Spec::valid());
    assert_has(
        &text,
        &[
            "path: \"rest/getStatus.do\"",
            "retry: crate::RetryPolicy::Safe",
            "crate::validate::check::any_of(&[\"orderId\", \"orderNumber\"], &[self.order_id.is_some(), self.order_number.is_some()])?;",
            "crate::validate::check::max_length(\"orderId\", value, 36)?;",
            "crate::validate::check::format(\"language\", value, crate::TextFormat::Language)?;",
        ],
    );
    insta::assert_snapshot!("base_endpoint", text);
}

#[test]
fn base_gateway_macros_and_client() {
    let spec = Spec::valid();
    let files = bereke_codegen::generate(&spec.source()).unwrap_or_else(|d| panic!("{d}"));
    for f in files {
        let name = match f.path.as_str() {
            "crates/bereke-types/src/generated/gateway.rs" => "base_gateway",
            "crates/bereke-types/src/generated/for_each.rs" => "base_for_each",
            "crates/bereke-types/src/generated/formats.rs" => "base_formats",
            "crates/bereke-types/src/generated/mod.rs" => "base_types_mod",
            "crates/bereke/src/generated/mod.rs" => "base_client_mod",
            "crates/bereke/src/generated/methods.rs" => "base_client_methods",
            _ => continue,
        };
        insta::assert_snapshot!(name, f.contents);
    }
}

#[test]
fn enum_order_follows_the_files() {
    // Enumerations are emitted in spec order: files sorted by path, then
    // their order inside the file.
    let spec = Spec::valid().with_file(
        "spec/a_enums.yaml",
        "enums:\n  - name: Eci\n    repr: string\n    doc: Electronic commerce indicator.\n    values:\n      - {value: \"05\", name: Eci5, doc: Authenticated.}\n",
    );
    let text = generated(&spec, &format!("{TYPES_DIR}/enums.rs"));
    let eci = text.find("pub enum Eci ").expect("Eci");
    let status = text.find("pub enum OrderStatus ").expect("OrderStatus");
    assert!(eci < status, "{text}");
}
