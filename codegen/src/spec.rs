//! The spec as written in YAML: one [`SpecFile`] per file, before any check.
//!
//! Every struct denies unknown keys, so a misspelt key is an error with its
//! line instead of a silently ignored setting. `Spanned` keeps the line of
//! whatever a later check may need to point at.

use serde::Deserialize;
use serde_saphyr::Spanned;

/// One YAML file of the spec. Each top-level key is optional, so shared types,
/// enumerations and endpoints can be spread over files as the maintainer likes.
#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct SpecFile {
    /// Facts about the gateway as a whole; exactly one file has this key.
    #[serde(default)]
    pub gateway: Option<Spanned<Gateway>>,
    /// Object types shared by several endpoints (nested blocks).
    #[serde(default)]
    pub types: Vec<Spanned<TypeDef>>,
    /// Enumerations.
    #[serde(default)]
    pub enums: Vec<Spanned<EnumDef>>,
    /// One endpoint.
    #[serde(default)]
    pub endpoint: Option<Spanned<Endpoint>>,
    /// Lists of fields that several endpoints share (`include`d by them).
    #[serde(default)]
    pub field_groups: Vec<Spanned<FieldGroup>>,
}

/// A named list of fields that several endpoints' requests or responses
/// share, written once. `load` copies it into each message that includes it,
/// so every later step (checks, `doc-diff`, the emitters) sees each endpoint
/// whole, as the document's table for it reads.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldGroup {
    /// Name the messages include it by.
    pub name: Spanned<String>,
    /// What the endpoints sharing it have in common.
    pub doc: Option<String>,
    /// The fields, in the documents' order.
    pub fields: Vec<Spanned<Field>>,
}

/// A message's use of a [`FieldGroup`]: its fields come first, changed by
/// the overrides, then the message's own `fields`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GroupUse {
    /// The group's name.
    pub group: Spanned<String>,
    /// Per-field changes for this endpoint, by wire name.
    #[serde(default, rename = "override")]
    pub overrides: std::collections::BTreeMap<String, Spanned<FieldOverride>>,
}

/// What one endpoint changes in a field it takes from a group: its table
/// says otherwise about whether it is required, or describes it otherwise.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldOverride {
    /// Whether the field is required in this endpoint.
    pub required: Option<Spanned<Required>>,
    /// English description in this endpoint.
    pub doc: Option<String>,
    /// The doc's original text in this endpoint.
    pub kk: Option<String>,
    /// A note for this endpoint (replaces the group's).
    pub note: Option<String>,
}

/// Facts about the whole gateway.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Gateway {
    /// Human name of the gateway.
    pub name: String,
    /// English description.
    pub doc: Option<String>,
    /// The bank's environments.
    #[serde(default)]
    pub environments: Vec<Spanned<Environment>>,
    /// How the merchant authenticates: one entry per scheme.
    #[serde(default)]
    pub auth: Vec<Spanned<AuthScheme>>,
    /// The document's test cards.
    #[serde(default)]
    pub test_cards: Vec<Spanned<TestCard>>,
    /// Parameters of callback notifications.
    #[serde(default)]
    pub callback: Option<Spanned<CallbackDef>>,
    /// The texts the payment answers' `info` field holds.
    #[serde(default)]
    pub payment_info: Vec<Spanned<PaymentInfoDef>>,
}

/// A text of the payment answers' `info` field (paymentorder.do,
/// paymentOrderBinding.do, finish3dsMethod.do), in three languages.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PaymentInfoDef {
    /// Rust variant name.
    pub name: Spanned<String>,
    /// What the text says of the payment.
    pub means: InfoMeaning,
    /// English, as the gateway sends it with `language=en` where known.
    pub en: String,
    /// The document's Kazakh.
    pub kk: String,
    /// Russian, the gateway's other language in Kazakhstan.
    pub ru: String,
    /// Other wordings of the same text that gateways send or documents give.
    #[serde(default)]
    pub also: Vec<String>,
    /// Where a text comes from, when not from the bank's document.
    pub note: Option<String>,
}

/// What a payment `info` text says of the payment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InfoMeaning {
    /// The payment was processed.
    Processed,
    /// The payment failed.
    Failed,
    /// Only that the customer is sent on (after exhausted attempts).
    Redirect,
}

/// A gateway environment (test, production).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Environment {
    /// Short name, used for the Rust constant.
    pub name: String,
    /// Base URL up to and including `/payment/`.
    pub base_url: String,
    /// English description.
    pub doc: Option<String>,
}

/// An authentication scheme and the parameters it fills into requests.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuthScheme {
    /// Scheme name referenced by endpoints (`rest`, `wallet`).
    pub name: String,
    /// English description.
    pub doc: Option<String>,
    /// The doc's original text.
    pub kk: Option<String>,
    /// The parameters of this scheme.
    pub params: Vec<Spanned<Field>>,
}

/// A test card of the document.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TestCard {
    /// Short name (`ssl`, `3ds1`, …).
    pub name: String,
    /// Card number, digits only.
    pub pan: String,
    /// Expiry as `MM/YY`, as printed in the doc.
    pub expiry: String,
    /// Card security code.
    pub cvc: String,
    /// 3-D Secure version the card enrols in, if any.
    pub three_ds: Option<String>,
    /// One-time code the test ACS accepts.
    pub acs_code: Option<String>,
    /// English description.
    pub doc: Option<String>,
}

/// Callback notification parameters.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CallbackDef {
    /// English description.
    pub doc: Option<String>,
    /// The doc's original text.
    pub kk: Option<String>,
    /// Parameters of a notification.
    pub params: Vec<Spanned<Field>>,
}

/// An object type (a nested block of a request or response).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TypeDef {
    /// Rust type name.
    pub name: Spanned<String>,
    /// English description.
    pub doc: Option<String>,
    /// The doc's original text.
    pub kk: Option<String>,
    /// Where the doc and the gateway disagree.
    pub note: Option<String>,
    /// The fields, in wire order.
    pub fields: Vec<Spanned<Field>>,
}

/// An enumeration.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnumDef {
    /// Rust type name.
    pub name: Spanned<String>,
    /// `integer` or `string`: the wire form of the values.
    pub repr: Spanned<String>,
    /// English description.
    pub doc: Option<String>,
    /// The doc's original text.
    pub kk: Option<String>,
    /// Where the doc and the gateway disagree.
    pub note: Option<String>,
    /// The known values.
    pub values: Vec<Spanned<EnumValue>>,
}

/// One value of an enumeration.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnumValue {
    /// The value on the wire.
    pub value: Spanned<ScalarValue>,
    /// Rust variant name.
    pub name: Spanned<String>,
    /// Other spellings the gateway uses for the same value.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// English description.
    pub doc: Option<String>,
    /// The doc's original text.
    pub kk: Option<String>,
    /// Deliberate departures from the bank's document, by difference kind
    /// (`required`, `type`, `text`, `not_in_document`, …), each with its reason;
    /// `cargo xtask doc-diff` does not report them.
    #[serde(default)]
    pub departs: Departs,
}

/// A scalar written in YAML: a number or a string.
#[derive(Debug, Deserialize, Clone, PartialEq, Eq, Hash)]
#[serde(untagged)]
pub enum ScalarValue {
    /// An integer.
    Int(i64),
    /// A string.
    Str(String),
}

/// A request or response parameter, or a field of a nested block.
#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct Field {
    /// The wire name, exactly as the gateway spells it.
    pub name: Spanned<String>,
    /// Rust field name; derived from `name` when absent.
    pub rust: Option<String>,
    /// Semantic type: a primitive (`string`, `amount`, …), a type or enum
    /// name, `list<T>`, or `error_code` (the endpoint's error-code enum).
    #[serde(rename = "type")]
    pub ty: Spanned<String>,
    /// `true`, `false`, or a condition in words.
    pub required: Spanned<Required>,
    /// `getOrderStatusExtended` version since which the field exists.
    pub since: Option<String>,
    /// Card data, credentials and tokens: never printed.
    #[serde(default)]
    pub sensitive: bool,
    /// The gateway sends the value as a number or as a string.
    #[serde(default)]
    pub lenient: bool,
    /// Other wire names the gateway uses for this field (`ErrorCode`).
    #[serde(default)]
    pub aliases: Vec<String>,
    /// How the value is carried when that differs from its type:
    /// `json_string` is an object sent as a JSON string inside a form field.
    pub encoding: Option<Spanned<String>>,
    /// The field names the order the request concerns (`orderId`,
    /// `orderNumber`, …): the client's logs show the first present one, in
    /// field order. Only on a string field of a request.
    pub order_ref: Option<Spanned<bool>>,
    /// The field chooses the language of the answer's texts (`language`):
    /// the client fills in its default language where a request has one.
    /// Only on a string field of a request, and on one field per request.
    pub answer_language: Option<Spanned<bool>>,
    /// Constraints the doc states.
    #[serde(default)]
    pub constraints: Constraints,
    /// English description.
    pub doc: Option<String>,
    /// The doc's original text.
    pub kk: Option<String>,
    /// Where the doc's table and the gateway disagree.
    pub note: Option<String>,
    /// Deliberate departures from the bank's document, by difference kind
    /// (`required`, `type`, `text`, `not_in_document`, …), each with its reason;
    /// `cargo xtask doc-diff` does not report them.
    #[serde(default)]
    pub departs: Departs,
    /// Where the field comes from: `bank` (Bereke's document) or `vendor`
    /// (only the gateway vendor's API); the endpoint's source when absent.
    pub source: Option<Spanned<String>>,
    /// Card data that the request takes from a checked value of
    /// `bereke_types::card` instead of a string: `pan`, `cvc`,
    /// `expiry_year`, `expiry_month` or `cardholder_name`.
    pub card: Option<Spanned<String>>,
    /// A response field the gateway sends whenever it reports no error: the
    /// response's `success()` view holds it without `Option`.
    #[serde(default)]
    pub on_success: bool,
    /// The file the field is written in, when `load` copied it from a
    /// [`FieldGroup`] of another file: messages about it point there.
    #[serde(skip)]
    pub origin: Option<String>,
}

/// Departures from the document: difference kind → reason.
pub type Departs = Option<Spanned<std::collections::BTreeMap<String, String>>>;

/// A deliberate departure of an endpoint from its section of the document
/// that no single spec item can carry (a table row the spec leaves out or
/// moves elsewhere).
#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct Departure {
    /// The difference kind, as `cargo xtask doc-diff --json` names it.
    pub kind: String,
    /// The parameter, error code or example it concerns.
    pub name: String,
    /// Why the spec departs from the document.
    pub reason: String,
}

/// Whether a field is required.
#[derive(Debug, Deserialize, Clone)]
#[serde(untagged)]
pub enum Required {
    /// Always or never required.
    Flag(bool),
    /// Required under a condition, described in words.
    When {
        /// The condition.
        when: String,
    },
}

/// Constraints of a field.
#[derive(Debug, Deserialize, Default, Clone)]
#[serde(deny_unknown_fields)]
pub struct Constraints {
    /// Most characters.
    pub max_length: Option<u32>,
    /// Fewest characters.
    pub min_length: Option<u32>,
    /// Exact number of characters.
    pub length: Option<u32>,
    /// Allowed number of digits (for phones): `[min, max]`.
    pub digits: Option<[u32; 2]>,
    /// Characters that must not appear.
    #[serde(default)]
    pub forbidden_chars: Vec<String>,
    /// Smallest number.
    pub min: Option<i64>,
    /// Largest number.
    pub max: Option<i64>,
    /// A named format: `numeric`, `alphanumeric`, `alphabetic`, `email`,
    /// `ip`, `phone`, `language`, `date_time`, `url`, `month`, `year`.
    pub format: Option<Spanned<String>>,
    /// Allowed string values, for a string that is not worth an enum.
    #[serde(default)]
    pub one_of: Vec<String>,
}

/// One endpoint of the gateway.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Endpoint {
    /// Base of the Rust names: `<name>Request`, `<name>Response`.
    pub name: Spanned<String>,
    /// Path under the base URL, e.g. `rest/register.do`.
    pub path: Spanned<String>,
    /// `form` or `json`.
    pub content_type: Spanned<String>,
    /// Name of the authentication scheme.
    pub auth: Spanned<String>,
    /// Which of the scheme's parameters the doc's table lists, with their
    /// requirement as the table gives it.
    #[serde(default)]
    pub auth_params: Vec<Spanned<AuthParamUse>>,
    /// Whether a repeat is safe: `safe`, `never`, or `when_present`.
    pub retry: Spanned<String>,
    /// For `retry: when_present`: the request fields that make a repeat safe.
    #[serde(default)]
    pub retry_keys: Vec<String>,
    /// The call may move money.
    #[serde(default)]
    pub moves_money: bool,
    /// How the response reports errors: `error_code` or `wallet`.
    pub response_style: Spanned<String>,
    /// Where the endpoint comes from: `bank` (Bereke's document, the
    /// default) or `vendor` (only the gateway vendor's API, with a `note`).
    pub source: Option<Spanned<String>>,
    /// English title.
    pub title: String,
    /// English description.
    pub doc: Option<String>,
    /// The doc's original text (section title and summary).
    pub kk: Option<String>,
    /// Where the doc and the gateway disagree.
    pub note: Option<String>,
    /// Request parameters.
    pub request: Message,
    /// Response parameters.
    pub response: Message,
    /// Error codes with every message the doc gives.
    #[serde(default)]
    pub errors: Vec<Spanned<ErrorCodeDef>>,
    /// The doc's examples.
    #[serde(default)]
    pub examples: Vec<Spanned<Example>>,
    /// Deliberate departures from the bank's document, by difference kind
    /// (`required`, `type`, `text`, `not_in_document`, …), each with its reason;
    /// `cargo xtask doc-diff` does not report them.
    #[serde(default)]
    pub departs: Departs,
    /// Departures concerning rows of the document the spec has no item for.
    #[serde(default)]
    pub departures: Vec<Spanned<Departure>>,
}

/// Use of an auth parameter by an endpoint.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuthParamUse {
    /// Wire name of the scheme's parameter.
    pub name: String,
    /// Requirement as the endpoint's table gives it.
    pub required: Required,
    /// Deliberate departures from the bank's document, by difference kind
    /// (`required`, `type`, `text`, `not_in_document`, …), each with its reason;
    /// `cargo xtask doc-diff` does not report them.
    #[serde(default)]
    pub departs: Departs,
}

/// The fields of a request or response.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Message {
    /// The shared fields this message starts with, if any.
    #[serde(default)]
    pub include: Option<Spanned<GroupUse>>,
    /// The fields, in the doc's order (after an included group's).
    #[serde(default)]
    pub fields: Vec<Spanned<Field>>,
    /// Groups of fields of which at least one must be present.
    #[serde(default)]
    pub one_of: Vec<Spanned<Vec<String>>>,
}

/// An error code of an endpoint.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ErrorCodeDef {
    /// The numeric code.
    pub code: Spanned<i64>,
    /// Rust variant name.
    pub name: Spanned<String>,
    /// Summary of what the code means across its messages.
    pub doc: Option<String>,
    /// Every message the doc gives for this code.
    pub messages: Vec<Spanned<ErrorMessage>>,
}

/// One message of an error code.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ErrorMessage {
    /// Rust variant name of the message (`<Endpoint>ErrorMessage`); needed
    /// when its code has several messages, else the code's name.
    pub name: Option<Spanned<String>>,
    /// English message, as the gateway sends it with `language=en` where known.
    pub en: String,
    /// The doc's original text.
    pub kk: String,
    /// Other wordings of the same message that gateways send (another
    /// language, another bank's text), so that a reader recognises them.
    #[serde(default)]
    pub also: Vec<String>,
    /// Deliberate departures from the bank's document, by difference kind
    /// (`required`, `type`, `text`, `not_in_document`, …), each with its reason;
    /// `cargo xtask doc-diff` does not report them.
    #[serde(default)]
    pub departs: Departs,
}

/// An example request or response of the doc.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Example {
    /// `request` or `response`.
    pub kind: Spanned<String>,
    /// English title.
    pub title: String,
    /// The doc's original title.
    pub kk: Option<String>,
    /// A form request: name and value pairs, in the doc's order.
    pub form: Option<Vec<[String; 2]>>,
    /// A JSON body, verbatim (or corrected, with a note).
    pub json: Option<String>,
    /// What was corrected in the doc's text.
    pub note: Option<String>,
    /// Deliberate departures from the bank's document, by difference kind
    /// (`required`, `type`, `text`, `not_in_document`, …), each with its reason;
    /// `cargo xtask doc-diff` does not report them.
    #[serde(default)]
    pub departs: Departs,
}
