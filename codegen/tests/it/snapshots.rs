//! Snapshots of generated items: one struct, impl, enumeration, macro or
//! constant each (or the few items one feature shows), named for what it
//! shows, so that a change to one emitter changes the snapshots of that
//! emitter only. The whole committed output is guarded by the freshness
//! check (`bereke_codegen::fresh`), not here. Review a changed snapshot as
//! you would review the code (the README says how to accept one).
//!
//! Besides the snapshot, each test asserts the lines that show its feature,
//! so a snapshot accepted by mistake does not hide a regression.

use quote::ToTokens;

use crate::common;

use common::{Spec, ENDPOINT_PATH, TYPES_PATH};

const TYPES_DIR: &str = "crates/bereke-types/src/generated";
const CLIENT_DIR: &str = "crates/bereke/src/generated";

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

/// The last segment of a path type (`crate::Client` → `Client`).
fn type_name(ty: &syn::Type) -> String {
    match ty {
        syn::Type::Path(p) => p
            .path
            .segments
            .last()
            .map(|s| s.ident.to_string())
            .unwrap_or_default(),
        other => other.to_token_stream().to_string(),
    }
}

/// What an item is called here: `struct X`, `enum X`, `impl X`,
/// `impl Trait for X` (the trait's last path segment), `const X`,
/// `static X`, `mod x`,
/// `macro x`; `None` for items no snapshot picks (`use`).
fn key(item: &syn::Item) -> Option<String> {
    Some(match item {
        syn::Item::Struct(s) => format!("struct {}", s.ident),
        syn::Item::Enum(e) => format!("enum {}", e.ident),
        syn::Item::Const(c) => format!("const {}", c.ident),
        syn::Item::Static(s) => format!("static {}", s.ident),
        syn::Item::Mod(m) => format!("mod {}", m.ident),
        syn::Item::Macro(m) => format!("macro {}", m.ident.as_ref()?),
        syn::Item::Impl(i) => match &i.trait_ {
            Some((_, path, _)) => format!(
                "impl {} for {}",
                path.segments.last()?.ident,
                type_name(&i.self_ty)
            ),
            None => format!("impl {}", type_name(&i.self_ty)),
        },
        _ => return None,
    })
}

/// The items of a generated file with their keys, in file order.
fn items(text: &str) -> Vec<(String, syn::Item)> {
    let file = syn::parse_file(text).unwrap_or_else(|e| panic!("does not parse: {e}\n{text}"));
    file.items
        .into_iter()
        .filter_map(|item| Some((key(&item)?, item)))
        .collect()
}

/// The items of `text` whose key is `wanted` returns true for, formatted
/// by prettyplease as the generator formats them, in file order.
fn pick(text: &str, wanted: impl Fn(&str) -> bool) -> String {
    let items: Vec<syn::Item> = items(text)
        .into_iter()
        .filter(|(k, _)| wanted(k))
        .map(|(_, item)| item)
        .collect();
    assert!(!items.is_empty(), "no item picked from:\n{text}");
    prettyplease::unparse(&syn::File {
        shebang: None,
        attrs: Vec::new(),
        items,
    })
}

/// The items with these keys; each must be there.
fn select(text: &str, keys: &[&str]) -> String {
    let present: Vec<String> = items(text).into_iter().map(|(k, _)| k).collect();
    for k in keys {
        assert!(present.iter().any(|p| p == k), "no `{k}` in {present:?}");
    }
    pick(text, |k| keys.contains(&k))
}

/// Every item about the type `name`: its definition and its impls.
fn about(text: &str, name: &str) -> String {
    pick(text, |k| {
        k.rsplit(' ').next() == Some(name) && !k.starts_with("const ") && !k.starts_with("mod ")
    })
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

// ---- structs (emit/structs.rs) ---------------------------------------------

#[test]
fn request_struct() {
    let text = select(&endpoint_file(&Spec::valid()), &["struct GetStatusRequest"]);
    assert_has(
        &text,
        &[
            "#[non_exhaustive] pub struct GetStatusRequest",
            "#[serde(rename = \"orderId\", default, skip_serializing_if = \"::std::option::Option::is_none\",)]",
            "schemars(description = \"Number of the order in the payment gateway.\", length(max = 36))",
            "pub order_id: ::std::option::Option<::std::string::String>,",
        ],
    );
    insta::assert_snapshot!("request_struct", text);
}

#[test]
fn request_builder() {
    let text = select(&endpoint_file(&Spec::valid()), &["impl GetStatusRequest"]);
    assert_has(
        &text,
        &[
            "pub fn new() -> Self",
            "crate::builder::setter!(order_id: ::std::string::String = \"orderId\");",
        ],
    );
    insta::assert_snapshot!("request_builder", text);
}

#[test]
fn request_validation() {
    let text = select(
        &endpoint_file(&Spec::valid()),
        &["impl Validate for GetStatusRequest"],
    );
    assert_has(
        &text,
        &[
            "crate::validate::check::any_of(&[\"orderId\", \"orderNumber\"], &[self.order_id.is_some(), self.order_number.is_some()])?;",
            "crate::validate::check::max_length(\"orderId\", value, 36)?;",
            "crate::validate::check::format(\"language\", value, crate::TextFormat::Language)?;",
        ],
    );
    insta::assert_snapshot!("request_validation", text);
}

#[test]
fn response_struct() {
    let text = select(
        &endpoint_file(&Spec::valid()),
        &["struct GetStatusResponse"],
    );
    assert_has(
        &text,
        &[
            "pub error_code: ::std::option::Option<crate::GetStatusErrorCode>,",
            "alias = \"ErrorCode\"",
            "pub card_info: ::std::option::Option<crate::CardInfo>",
        ],
    );
    insta::assert_snapshot!("response_struct", text);
}

#[test]
fn nested_struct() {
    let text = select(&types_file(&Spec::valid()), &["struct CardInfo"]);
    assert_has(&text, &["pub expiry: ::std::option::Option<crate::Expiry>"]);
    insta::assert_snapshot!("nested_struct", text);
}

#[test]
fn endpoint_impl() {
    let text = select(
        &endpoint_file(&Spec::valid()),
        &["impl Endpoint for GetStatusRequest"],
    );
    assert_has(
        &text,
        &[
            "path: \"rest/getStatus.do\"",
            "retry: crate::RetryPolicy::Safe",
            "language_field: ::std::option::Option::Some(\"language\")",
            // The fields marked `order_ref: true`, in field order.
            "self.order_id.as_deref().or(self.order_number.as_deref())",
        ],
    );
    insta::assert_snapshot!("endpoint_impl", text);
}

#[test]
fn reported_error_of_an_error_code_response() {
    let text = select(
        &endpoint_file(&Spec::valid()),
        &["impl GatewayResponse for GetStatusResponse"],
    );
    assert_has(
        &text,
        &[
            "match &self.error_code",
            "message: self.error_message.as_deref()",
        ],
    );
    insta::assert_snapshot!("reported_error_of_an_error_code_response", text);
}

#[test]
fn reported_error_of_a_wallet_response() {
    // Rust names of the spec's choosing: the emitter reads the fields the
    // validator resolved, not wire names.
    let error_type = common::WALLET_ERROR
        .replace("{name: code,", "{name: code, rust: number,")
        .replace("{name: message,", "{name: message, rust: text,");
    let spec = common::wallet_endpoint(&error_type).edit(
        ENDPOINT_PATH,
        "      - name: success\n",
        "      - name: success\n        rust: went_through\n",
    );
    let text = select(
        &endpoint_file(&spec),
        &["impl GatewayResponse for GetStatusResponse"],
    );
    assert_has(
        &text,
        &[
            "if self.went_through == ::std::option::Option::Some(true)",
            "code: error.number,",
            "message: error.text.as_deref()",
        ],
    );
    insta::assert_snapshot!("reported_error_of_a_wallet_response", text);
}

#[test]
fn sensitive_fields() {
    let spec = with_card_fields(
        "      - name: cardholderName\n        type: string\n        required: false\n        sensitive: true\n        doc: Name on the card.\n      - name: tokens\n        type: list<string>\n        required: false\n        sensitive: true\n        doc: Wallet tokens of the card.\n",
    );
    let file = types_file(&spec);
    assert_has(
        &select(&file, &["struct CardInfo"]),
        &["Sensitive: never shown by `Debug`."],
    );
    assert!(!file.contains("derive(Clone, PartialEq, Debug"));
    let text = select(&file, &["impl Debug for CardInfo"]);
    assert_has(
        &text,
        &[
            ".field(\"masked_pan\", &self.masked_pan)",
            ".field(\"cardholder_name\", &crate::redact::optional(&self.cardholder_name))",
            ".field(\"tokens\", &self.tokens.iter().map(|_| crate::redact::Redacted)",
        ],
    );
    insta::assert_snapshot!("sensitive_fields", text);
}

#[test]
fn sensitive_required_request_field() {
    let spec = with_request_fields(
        "      - name: bindingId\n        type: string\n        required: true\n        sensitive: true\n        doc: Stored-card binding.\n",
    );
    let text = select(
        &endpoint_file(&spec),
        &["impl GetStatusRequest", "impl Debug for GetStatusRequest"],
    );
    assert_has(
        &text,
        &[
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
    let text = select(&types_file(&spec), &["struct CardInfo"]);
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
    let text = select(
        &endpoint_file(&spec),
        &[
            "struct GetStatusRequest",
            "impl Validate for GetStatusRequest",
        ],
    );
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
        "    - code: 5\n      name: AccessDenied\n      doc: Access denied, or orderId is missing.\n      messages:\n        - {name: AccessDenied, en: \"Access denied.\", kk: \"Кіру рұқсаты жоқ.\", also: [\"Доступ запрещён.\"]}\n        - {name: OrderIdMissing, en: \"[orderId] is not specified.\", kk: \"[orderId] көрсетілмеген\"}\n    - code: 6\n",
    );
    let file = endpoint_file(&spec);
    assert_has(
        &about(&file, "GetStatusErrorCode"),
        &[
            "pub enum GetStatusErrorCode",
            "5 => GetStatusErrorCode::AccessDenied",
        ],
    );
    let text = select(&file, &["impl ErrorCode for GetStatusErrorCode"]);
    assert_has(
        &text,
        &[
            // Code 5's two messages are the second and third texts of the
            // endpoint's one table (code 0's is the first).
            "GetStatusErrorCode::AccessDenied => { &super::messages::GET_STATUS_ERROR_TEXTS[1..3] }",
            "GetStatusErrorCode::Unknown(_) => &[]",
        ],
    );
    let messages = generated(&spec, &format!("{TYPES_DIR}/messages.rs"));
    assert_has(
        &select(&messages, &["static GET_STATUS_ERROR_TEXTS"]),
        &[
            "GET_STATUS_ERROR_TEXTS: [crate::ErrorMessage; 4]",
            // `also` wordings travel with their message; none is `&[]`.
            "crate::ErrorMessage { en: \"Access denied.\", kk: \"Кіру рұқсаты жоқ.\", also: &[\"Доступ запрещён.\"] }, crate::ErrorMessage { en: \"[orderId] is not specified.\", kk: \"[orderId] көрсетілмеген\", also: &[] }",
        ],
    );
    insta::assert_snapshot!("per_endpoint_error_codes", text);
}

#[test]
fn awkward_wire_names() {
    let spec = with_request_fields(
        "      - name: $PAN\n        type: string\n        required: true\n        sensitive: true\n        doc: Card number.\n      - name: MDORDER\n        type: string\n        order_ref: true\n        required: false\n        doc: Order number in the gateway.\n      - name: TEXT\n        type: string\n        required: false\n        doc: Name on the card.\n      - name: threeDSInfo\n        type: string\n        required: false\n        doc: 3-D Secure data.\n      - name: type\n        type: string\n        required: false\n        doc: A keyword as a wire name.\n      - name: YYYY\n        rust: expiry_year\n        type: string\n        required: false\n        doc: Expiry year.\n",
    );
    let file = endpoint_file(&spec);
    assert_has(
        &select(&file, &["impl Endpoint for GetStatusRequest"]),
        &["self.order_id.as_deref().or(self.order_number.as_deref()).or(self.mdorder.as_deref())"],
    );
    let text = select(&file, &["struct GetStatusRequest"]);
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
        ],
    );
    insta::assert_snapshot!("awkward_wire_names", text);
}

// ---- enumerations (emit/enums.rs) ------------------------------------------

#[test]
fn open_enum_of_integers() {
    let text = about(
        &generated(&Spec::valid(), &format!("{TYPES_DIR}/enums.rs")),
        "OrderStatus",
    );
    assert_has(
        &text,
        &[
            "#[non_exhaustive] pub enum OrderStatus",
            "Unknown(crate::UnknownValue<i64>)",
            "other => OrderStatus::Unknown(crate::unknown::UnknownValue::new(other))",
        ],
    );
    insta::assert_snapshot!("open_enum_of_integers", text);
}

#[test]
fn open_enum_of_strings() {
    let text = about(
        &generated(&Spec::valid(), &format!("{TYPES_DIR}/enums.rs")),
        "PaymentState",
    );
    assert_has(
        &text,
        &[
            "#[non_exhaustive] pub enum PaymentState",
            "Unknown(crate::UnknownValue<::std::string::String>)",
            "\"created\" => PaymentState::Created",
        ],
    );
    insta::assert_snapshot!("open_enum_of_strings", text);
}

#[test]
fn error_code_enum() {
    // The enumeration of the endpoint's codes; its messages (the
    // `ErrorCode` impl) come from the structs emitter, snapshot above.
    let file = endpoint_file(&Spec::valid());
    let text = pick(&file, |k| {
        k.ends_with(" GetStatusErrorCode") && k != "impl ErrorCode for GetStatusErrorCode"
    });
    assert_has(&text, &["pub enum GetStatusErrorCode", "OrderNotFound"]);
    insta::assert_snapshot!("error_code_enum", text);
}

// ---- the gateway, formats and lists (emit/gateway.rs, formats.rs, for_each.rs, mod.rs)

#[test]
fn environment_constants() {
    let text = select(
        &generated(&Spec::valid(), &format!("{TYPES_DIR}/gateway.rs")),
        &["const TEST_BASE_URL"],
    );
    assert_has(
        &text,
        &["pub const TEST_BASE_URL: &str = \"https://test.example/payment/\";"],
    );
    insta::assert_snapshot!("environment_constants", text);
}

#[test]
fn test_cards() {
    let text = select(
        &generated(&Spec::valid(), &format!("{TYPES_DIR}/gateway.rs")),
        &[
            "struct TestCard",
            "impl Debug for TestCard",
            "mod test_cards",
        ],
    );
    assert_has(
        &text,
        &[
            "pan: \"4444555511113333\"",
            "finish_non_exhaustive()",
            "pub const ALL: &[TestCard] = &[CARD_SSL];",
        ],
    );
    insta::assert_snapshot!("test_cards", text);
}

#[test]
fn format_table() {
    let text = about(
        &generated(&Spec::valid(), &format!("{TYPES_DIR}/formats.rs")),
        "TextFormat",
    );
    assert_has(
        &text,
        &[
            "pub enum TextFormat",
            "TextFormat::Numeric => \"digits only\"",
        ],
    );
    insta::assert_snapshot!("format_table", text);
}

#[test]
fn for_each_macros() {
    let text = select(
        &generated(&Spec::valid(), &format!("{TYPES_DIR}/for_each.rs")),
        &["macro for_each_endpoint", "macro for_each_model"],
    );
    assert_has(
        &text,
        &["$callback! { \"GetStatus\" => $crate::GetStatusRequest }"],
    );
    insta::assert_snapshot!("for_each_macros", text);
}

#[test]
fn types_module_list() {
    // A list of modules: the whole file is this one item of `emit/mod.rs`.
    let text = generated(&Spec::valid(), &format!("{TYPES_DIR}/mod.rs"));
    assert_has(&text, &["mod get_status; pub use self::get_status::*;"]);
    insta::assert_snapshot!("types_module_list", text);
}

// ---- the client (emit/client.rs) -------------------------------------------

#[test]
fn client_method() {
    let text = select(
        &generated(&Spec::valid(), &format!("{CLIENT_DIR}/methods.rs")),
        &["impl Client"],
    );
    assert_has(
        &text,
        &[
            // `execute`'s future itself, sendable, borrowing the client and
            // the request.
            "pub fn get_status<'a>(&'a self, request: &'a crate::models::GetStatusRequest)",
            "> + Send + 'a { self.execute(request) }",
            "A read: connection failures, timeouts and proxy errors are retried",
        ],
    );
    insta::assert_snapshot!("client_method", text);
}

#[test]
fn client_environment() {
    let text = about(
        &generated(&Spec::valid(), &format!("{CLIENT_DIR}/environment.rs")),
        "Environment",
    );
    assert_has(
        &text,
        &["Environment::Test => crate::models::TEST_BASE_URL"],
    );
    insta::assert_snapshot!("client_environment", text);
}

#[test]
fn client_module() {
    // Two module declarations and a re-export: the whole file.
    let text = generated(&Spec::valid(), &format!("{CLIENT_DIR}/mod.rs"));
    assert_has(&text, &["pub use self::environment::Environment;"]);
    insta::assert_snapshot!("client_module", text);
}

/// The doc of the fixture's client method with its `retry: safe` line
/// replaced.
fn method_doc(retry: &str) -> String {
    let spec = Spec::valid().edit(ENDPOINT_PATH, "  retry: safe\n", retry);
    let text = generated(&spec, &format!("{CLIENT_DIR}/methods.rs"));
    squeeze(&text.replace("///", ""))
}

#[test]
fn a_method_doc_follows_the_retry_policy_not_moves_money() {
    // A call that moves money with a retry key (refund's externalRefundId)
    // is repeated with the key: the doc says so, as the runtime does.
    let keyed =
        method_doc("  retry: when_present\n  retry_keys: [orderNumber]\n  moves_money: true\n");
    assert!(
        keyed.contains(&squeeze(
            "May move money: sent again after a lost answer only when it carries a non-blank `orderNumber`"
        )),
        "{keyed}"
    );
    assert!(
        !keyed.contains(&squeeze("money: never sent twice")),
        "{keyed}"
    );
    let never = method_doc("  retry: never\n  moves_money: true\n");
    assert!(
        never.contains(&squeeze(
            "May move money: never sent twice automatically once it may have reached the gateway"
        )),
        "{never}"
    );
    // The same policy without money says the same about repeats.
    let keyed_no_money = method_doc("  retry: when_present\n  retry_keys: [orderNumber]\n");
    assert!(
        keyed_no_money.contains(&squeeze(
            "Sent again after a lost answer only when it carries a non-blank `orderNumber`"
        )),
        "{keyed_no_money}"
    );
}

// ---- error messages by name (emit/messages.rs) -----------------------------

#[test]
fn error_messages_by_name() {
    let file = generated(&Spec::valid(), &format!("{TYPES_DIR}/messages.rs"));
    let text = pick(&file, |k| {
        k == "static GET_STATUS_ERROR_TEXTS"
            || k.rsplit(' ').next() == Some("GetStatusErrorMessage")
    });
    assert_has(
        &text,
        &[
            "pub enum GetStatusErrorMessage",
            "Self::OrderNotFound => C::OrderNotFound",
            // Each text once, in the table both `text()` and the code's
            // `messages()` read.
            "fn text(self) -> crate::ErrorMessage { GET_STATUS_ERROR_TEXTS[self as usize] }",
        ],
    );
    insta::assert_snapshot!("error_messages_by_name", text);
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
