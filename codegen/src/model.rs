//! The checked, resolved description of the API that the emitters read.
//!
//! Everything here is valid by construction: names are Rust identifiers,
//! every type reference resolves, and nothing is defined twice.

/// The whole API.
#[derive(Debug, Clone)]
pub struct Api {
    /// Gateway-wide facts.
    pub gateway: Gateway,
    /// Shared object types, in spec order.
    pub types: Vec<Object>,
    /// Enumerations, in spec order.
    pub enums: Vec<Enum>,
    /// Endpoints, in spec order.
    pub endpoints: Vec<Endpoint>,
}

/// Gateway-wide facts.
#[derive(Debug, Clone)]
pub struct Gateway {
    /// Human name.
    pub name: String,
    /// English description.
    pub doc: String,
    /// Environments with their base URLs.
    pub environments: Vec<Environment>,
    /// Authentication schemes.
    pub auth: Vec<AuthScheme>,
    /// Test cards.
    pub test_cards: Vec<TestCard>,
    /// Callback parameters, if described.
    pub callback_params: Vec<Field>,
    /// The texts of the payment answers' `info` field.
    pub payment_info: Vec<PaymentInfo>,
}

/// A text of the payment answers' `info` field.
#[derive(Debug, Clone)]
pub struct PaymentInfo {
    /// Rust variant name.
    pub name: String,
    /// What it says of the payment.
    pub means: crate::spec::InfoMeaning,
    /// English.
    pub en: String,
    /// Kazakh.
    pub kk: String,
    /// Russian.
    pub ru: String,
    /// Other wordings of the same text.
    pub also: Vec<String>,
    /// Where the text comes from, when not from the bank's document.
    pub note: Option<String>,
}

/// A gateway environment.
#[derive(Debug, Clone)]
pub struct Environment {
    /// Name (`test`).
    pub name: String,
    /// Base URL.
    pub base_url: String,
    /// English description.
    pub doc: String,
}

/// An authentication scheme.
#[derive(Debug, Clone)]
pub struct AuthScheme {
    /// Name (`rest`).
    pub name: String,
    /// English description.
    pub doc: String,
    /// Parameters.
    pub params: Vec<Field>,
}

/// A test card.
#[derive(Debug, Clone)]
pub struct TestCard {
    /// Name (`ssl`).
    pub name: String,
    /// Card number.
    pub pan: String,
    /// Expiry `MM/YY`.
    pub expiry: String,
    /// Security code.
    pub cvc: String,
    /// 3-D Secure version.
    pub three_ds: Option<String>,
    /// ACS code.
    pub acs_code: Option<String>,
    /// English description.
    pub doc: String,
}

/// Documentation of one item.
#[derive(Debug, Clone, Default)]
pub struct Docs {
    /// English description.
    pub doc: String,
    /// The bank document's original text.
    pub kk: Option<String>,
    /// Disagreement between the doc and the gateway.
    pub note: Option<String>,
}

/// An object type (struct).
#[derive(Debug, Clone)]
pub struct Object {
    /// Rust type name.
    pub name: String,
    /// Documentation.
    pub docs: Docs,
    /// Fields, in wire order.
    pub fields: Vec<Field>,
    /// What the object is, which decides derives and constructors.
    pub role: Role,
    /// Groups of fields of which one must be present (requests).
    pub one_of: Vec<Vec<FieldRef>>,
}

/// What an object is used for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// A request of an endpoint.
    Request,
    /// A response of an endpoint.
    Response,
    /// A nested block.
    Nested,
}

/// A field of an object.
#[derive(Debug, Clone)]
pub struct Field {
    /// Wire name.
    pub wire: String,
    /// Rust field name (a valid identifier, raw if a keyword).
    pub rust: String,
    /// Type.
    pub ty: TypeRef,
    /// Requirement.
    pub required: Requirement,
    /// `since` version.
    pub since: Option<String>,
    /// Never printed.
    pub sensitive: bool,
    /// Accepts number or string on decoding.
    pub lenient: bool,
    /// Other wire names.
    pub aliases: Vec<String>,
    /// Sent as a JSON string inside a form field.
    pub json_string: bool,
    /// Names the order the request concerns (`order_ref: true`): a string
    /// field of a request, checked by the validator. `Endpoint::order_ref`
    /// gives the first present one, in field order, for logs.
    pub order_ref: bool,
    /// Chooses the language of the answer's texts (`answer_language: true`):
    /// a string field of a request, at most one per request, checked by the
    /// validator. `EndpointInfo::language_field` names it.
    pub answer_language: bool,
    /// Constraints.
    pub constraints: Constraints,
    /// Documentation.
    pub docs: Docs,
    /// The part of a card this request field carries, set from a checked
    /// value of `bereke_types::card`.
    pub card: Option<CardPart>,
    /// A response field the gateway sends whenever it reports no error.
    pub on_success: bool,
}

/// What part of a card a request field carries (the spec's `card:`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CardPart {
    /// The card number (`bereke_types::card::Pan`).
    Pan,
    /// The CVC/CVV2 (`bereke_types::card::Cvc`).
    Cvc,
    /// The expiry's four-digit year (`bereke_types::card::Expiry`).
    ExpiryYear,
    /// The expiry's two-digit month (`bereke_types::card::Expiry`).
    ExpiryMonth,
    /// The name on the card (`bereke_types::card::CardholderName`).
    CardholderName,
}

impl CardPart {
    /// The part named `name` in the spec.
    pub fn from_spec(name: &str) -> Option<Self> {
        Some(match name {
            "pan" => CardPart::Pan,
            "cvc" => CardPart::Cvc,
            "expiry_year" => CardPart::ExpiryYear,
            "expiry_month" => CardPart::ExpiryMonth,
            "cardholder_name" => CardPart::CardholderName,
            _ => return None,
        })
    }
}

impl Field {
    /// The field's two names, for the model's references to it.
    pub fn field_ref(&self) -> FieldRef {
        FieldRef {
            wire: self.wire.clone(),
            rust: self.rust.clone(),
        }
    }

    /// Whether the Rust field is `T` rather than `Option<T>`: only required
    /// request fields are; responses may always lack anything.
    pub fn is_plain(&self, role: Role) -> bool {
        role == Role::Request
            && matches!(self.required, Requirement::Always)
            && !matches!(self.ty, TypeRef::List(_))
    }
}

/// Whether a field must be present.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Requirement {
    /// Always.
    Always,
    /// Never.
    Optional,
    /// Under a condition in words.
    When(String),
}

/// A resolved type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TypeRef {
    /// A primitive.
    Prim(Prim),
    /// An object type of the spec.
    Object(String),
    /// An enumeration of the spec.
    Enum(String),
    /// The endpoint's error-code enumeration (named `<Endpoint>ErrorCode`).
    ErrorCode(String),
    /// A list.
    List(Box<TypeRef>),
}

/// Primitive types.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Prim {
    /// `String`.
    String,
    /// `i64`.
    Integer,
    /// `bool`.
    Boolean,
    /// `Amount`.
    Amount,
    /// `Currency`.
    Currency,
    /// `EpochMillis`.
    EpochMillis,
    /// `Expiry`.
    Expiry,
    /// `BTreeMap<String, String>`.
    JsonMap,
}

impl Prim {
    /// The spec's name of the primitive.
    pub fn from_spec(name: &str) -> Option<Prim> {
        Some(match name {
            "string" => Prim::String,
            "integer" => Prim::Integer,
            "boolean" => Prim::Boolean,
            "amount" => Prim::Amount,
            "currency" => Prim::Currency,
            "epoch_millis" => Prim::EpochMillis,
            "expiry" => Prim::Expiry,
            "json_map" => Prim::JsonMap,
            _ => return None,
        })
    }

    /// Whether the value is a string or number on the wire (so leniency applies).
    pub fn is_scalar(self) -> bool {
        !matches!(self, Prim::JsonMap)
    }

    /// Whether the value is text (length and format constraints apply).
    pub fn is_text(self) -> bool {
        matches!(self, Prim::String)
    }

    /// Whether the value is a number (range constraints apply).
    pub fn is_number(self) -> bool {
        matches!(self, Prim::Integer | Prim::Amount)
    }
}

/// Constraints of a field.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Constraints {
    /// Most characters.
    pub max_length: Option<u32>,
    /// Fewest characters.
    pub min_length: Option<u32>,
    /// Exact characters.
    pub length: Option<u32>,
    /// Digit count range.
    pub digits: Option<(u32, u32)>,
    /// Forbidden characters.
    pub forbidden_chars: Vec<char>,
    /// Smallest number.
    pub min: Option<i64>,
    /// Largest number.
    pub max: Option<i64>,
    /// Named format.
    pub format: Option<Format>,
    /// Allowed values.
    pub one_of: Vec<String>,
    /// A present value must hold a non-space character. Set on retry keys:
    /// the gateway reads a blank `externalRefundId=` as no id, so a blank
    /// key would make a repeat look safe while nothing deduplicates it.
    pub not_blank: bool,
}

impl Constraints {
    /// Whether nothing is constrained.
    pub fn is_empty(&self) -> bool {
        *self == Constraints::default()
    }
}

/// A named text format: the one definition of the spec's formats. The
/// models crate's `TextFormat` is generated from it (with [`Format::doc`]
/// and [`Format::describe`]); its hand-written check implements each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Digits only.
    Numeric,
    /// Letters, digits and the separators `-`, `_`, `.`, `/`.
    Alphanumeric,
    /// Letters, spaces, `.`, `-` and `'` (names).
    Alphabetic,
    /// An email address.
    Email,
    /// An IPv4 or IPv6 address.
    Ip,
    /// Digits with an optional leading `+`.
    Phone,
    /// A two-letter ISO 639-1 code.
    Language,
    /// `yyyy-MM-ddTHH:mm:ss`.
    DateTime,
    /// An address without spaces or control characters (relative addresses are allowed).
    Url,
    /// A month, `1`..`12`, optionally zero-padded.
    Month,
    /// A four-digit year.
    Year,
}

impl Format {
    /// Every format, in declaration order.
    pub const ALL: [Format; 11] = [
        Format::Numeric,
        Format::Alphanumeric,
        Format::Alphabetic,
        Format::Email,
        Format::Ip,
        Format::Phone,
        Format::Language,
        Format::DateTime,
        Format::Url,
        Format::Month,
        Format::Year,
    ];

    /// The spec's name of the format.
    pub fn from_spec(name: &str) -> Option<Format> {
        Some(match name {
            "numeric" => Format::Numeric,
            "alphanumeric" => Format::Alphanumeric,
            "alphabetic" => Format::Alphabetic,
            "email" => Format::Email,
            "ip" => Format::Ip,
            "phone" => Format::Phone,
            "language" => Format::Language,
            "date_time" => Format::DateTime,
            "url" => Format::Url,
            "month" => Format::Month,
            "year" => Format::Year,
            _ => return None,
        })
    }

    /// The Rust variant name in `bereke_types::TextFormat`.
    pub fn variant(self) -> &'static str {
        match self {
            Format::Numeric => "Numeric",
            Format::Alphanumeric => "Alphanumeric",
            Format::Alphabetic => "Alphabetic",
            Format::Email => "Email",
            Format::Ip => "Ip",
            Format::Phone => "Phone",
            Format::Language => "Language",
            Format::DateTime => "DateTime",
            Format::Url => "Url",
            Format::Month => "Month",
            Format::Year => "Year",
        }
    }

    /// What a value of the format is, as a sentence (the variant's doc).
    pub fn doc(self) -> &'static str {
        match self {
            Format::Numeric => "Digits only.",
            Format::Alphanumeric => "Letters, digits and the separators `-`, `_`, `.`, `/`.",
            Format::Alphabetic => "Letters, spaces, `.`, `-` and `'` (names).",
            Format::Email => "An email address.",
            Format::Ip => "An IPv4 or IPv6 address.",
            Format::Phone => "Digits with an optional leading `+`.",
            Format::Language => "A two-letter ISO 639-1 code.",
            Format::DateTime => "`yyyy-MM-ddTHH:mm:ss`.",
            Format::Url => {
                "An address without spaces or control characters (relative addresses are allowed)."
            }
            Format::Month => "A month, `1`..`12`, optionally zero-padded.",
            Format::Year => "A four-digit year.",
        }
    }

    /// What a refused value is not, for the error message ("is not digits only").
    pub fn describe(self) -> &'static str {
        match self {
            Format::Numeric => "digits only",
            Format::Alphanumeric => "letters, digits, '-', '_', '.' or '/'",
            Format::Alphabetic => "letters, spaces, '.', '-' or apostrophes only",
            Format::Email => "an email address",
            Format::Ip => "an IPv4 or IPv6 address",
            Format::Phone => "a phone number (digits, optional leading '+')",
            Format::Language => "a two-letter ISO 639-1 code",
            Format::DateTime => "a date and time as yyyy-MM-ddTHH:mm:ss",
            Format::Url => "an address without spaces",
            Format::Month => "a month 1-12",
            Format::Year => "a four-digit year",
        }
    }
}

/// An enumeration.
#[derive(Debug, Clone)]
pub struct Enum {
    /// Rust type name.
    pub name: String,
    /// Wire representation.
    pub repr: Repr,
    /// Documentation.
    pub docs: Docs,
    /// Known values.
    pub values: Vec<EnumValue>,
}

/// How enum values travel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Repr {
    /// As integers.
    Integer,
    /// As strings.
    String,
}

/// A value of an enumeration.
#[derive(Debug, Clone)]
pub struct EnumValue {
    /// Rust variant name.
    pub name: String,
    /// Integer value (for `Repr::Integer`).
    pub int: i64,
    /// String value (for `Repr::String`; the decimal form for integers).
    pub text: String,
    /// Other spellings.
    pub aliases: Vec<String>,
    /// Documentation.
    pub docs: Docs,
}

/// An endpoint.
#[derive(Debug, Clone)]
pub struct Endpoint {
    /// Base name (`Register`).
    pub name: String,
    /// Path under the base URL.
    pub path: String,
    /// Content type.
    pub content_type: ContentType,
    /// How the merchant's credentials travel.
    pub auth: AuthKind,
    /// Retry policy.
    pub retry: RetryPolicy,
    /// May move money.
    pub moves_money: bool,
    /// How errors are reported.
    pub response_style: ResponseStyle,
    /// Only in the gateway vendor's API, not in Bereke's document.
    pub vendor_only: bool,
    /// English title.
    pub title: String,
    /// Documentation.
    pub docs: Docs,
    /// Request model.
    pub request: Object,
    /// Response model.
    pub response: Object,
    /// Error codes.
    pub errors: Enum,
    /// Error messages per code, in the order of `errors.values`.
    pub error_messages: Vec<Vec<ErrorMessage>>,
    /// Examples.
    pub examples: Vec<Example>,
}

/// One message of an endpoint's error table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorMessage {
    /// The Rust variant name: the message's `name`, or its code's when it is
    /// the code's only message.
    pub name: String,
    /// English text.
    pub en: String,
    /// The doc's Kazakh text.
    pub kk: String,
    /// Other wordings gateways send (`also`).
    pub also: Vec<String>,
}

/// How an endpoint's credentials travel: the schemes the client
/// implements (emitted as `bereke_types::AuthScheme`). A spec naming any
/// other is an error at its line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthKind {
    /// `rest`: `userName` and `password`, or `token`, as form fields.
    Rest,
    /// `wallet`: `merchant` (the login) in the JSON body.
    Wallet,
}

impl AuthKind {
    /// Every scheme, in declaration order.
    pub const ALL: [AuthKind; 2] = [AuthKind::Rest, AuthKind::Wallet];

    /// The spec's name of the scheme (`rest`), the name of its `gateway.auth` entry.
    pub fn spec_name(self) -> &'static str {
        match self {
            AuthKind::Rest => "rest",
            AuthKind::Wallet => "wallet",
        }
    }

    /// The scheme of a spec name.
    pub fn from_spec(name: &str) -> Option<AuthKind> {
        AuthKind::ALL.into_iter().find(|a| a.spec_name() == name)
    }
}

/// Content type of a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContentType {
    /// `application/x-www-form-urlencoded`.
    Form,
    /// `application/json`.
    Json,
}

/// Whether a call may be repeated after it may have reached the gateway:
/// emitted as the runtime's `bereke_types::RetryPolicy` (wire names there).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RetryPolicy {
    /// Always safe (reads).
    Safe,
    /// Never after it may have reached the gateway.
    Never,
    /// Safe when one of these optional string fields of the request is
    /// present and not blank (an idempotency key the gateway deduplicates by).
    WhenPresent(Vec<FieldRef>),
}

impl RetryPolicy {
    /// The policy as the spec writes it (`when_present [externalRefundId]`).
    pub fn describe(&self) -> String {
        match self {
            RetryPolicy::Safe => "safe".to_owned(),
            RetryPolicy::Never => "never".to_owned(),
            RetryPolicy::WhenPresent(keys) => {
                let wires: Vec<&str> = keys.iter().map(|k| k.wire.as_str()).collect();
                format!("when_present [{}]", wires.join(", "))
            }
        }
    }
}

/// A field that the generated code reads by its role (the error code, the
/// success flag), resolved by the validator so that no emitter looks it up
/// by wire name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldRef {
    /// Wire name.
    pub wire: String,
    /// Rust field name.
    pub rust: String,
}

/// How a response reports errors, with the fields that say it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ResponseStyle {
    /// `errorCode` and `errorMessage`.
    ErrorCode {
        /// The error code (of the endpoint's `error_code` type); 0 when processed.
        code: FieldRef,
        /// The error's text.
        message: FieldRef,
    },
    /// `success`, `error {code, message}`.
    Wallet {
        /// The boolean success flag.
        success: FieldRef,
        /// The error block (a shared object type).
        error: FieldRef,
        /// The block's integer code.
        error_code: FieldRef,
        /// The block's text.
        error_message: FieldRef,
    },
}

impl ResponseStyle {
    /// The spec's name of the style (`error_code`, `wallet`).
    pub fn spec_name(&self) -> &'static str {
        match self {
            ResponseStyle::ErrorCode { .. } => "error_code",
            ResponseStyle::Wallet { .. } => "wallet",
        }
    }
}

/// An example of the doc.
#[derive(Debug, Clone)]
pub struct Example {
    /// Request or response.
    pub is_request: bool,
    /// English title.
    pub title: String,
    /// Form pairs.
    pub form: Option<Vec<(String, String)>>,
    /// JSON text.
    pub json: Option<String>,
}
