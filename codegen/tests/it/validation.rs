//! Every check of the spec, each shown on the minimal valid fixture with one
//! mistake: `check` must fail with a diagnostic naming the file and the exact
//! line of the mistake.
//!
//! Edits put the marker `# <<<` (a YAML comment) on the line where the
//! mistake must be reported; `Spec::expect_error` finds it.

use crate::common;

use common::{Spec, ENDPOINT_PATH, ENUMS_PATH, GATEWAY, GATEWAY_PATH, MARK, TYPES_PATH};

/// The endpoint with one more request field, inserted before `language`.
fn with_request_field(field: &str) -> Spec {
    Spec::valid().edit(
        ENDPOINT_PATH,
        "      - name: language\n",
        &format!("{field}      - name: language\n"),
    )
}

/// The endpoint's `retry: safe` line replaced.
fn with_retry(lines: &str) -> Spec {
    Spec::valid().edit(ENDPOINT_PATH, "  retry: safe\n", lines)
}

#[test]
fn fixture_is_valid() {
    let api = bereke_codegen::check(&Spec::valid().source()).expect("the fixture is valid");
    assert_eq!(api.gateway.auth.len(), 2);
    assert_eq!(api.enums.len(), 2);
    assert_eq!(api.types.len(), 1);
    assert_eq!(api.endpoints.len(), 1);
    let ep = &api.endpoints[0];
    assert_eq!(ep.request.fields.len(), 3);
    assert_eq!(ep.response.fields.len(), 6);
    assert_eq!(ep.errors.values.len(), 2);
    assert_eq!(ep.examples.len(), 2);
}

// ---- loading ---------------------------------------------------------------

#[test]
fn yaml_syntax_error() {
    Spec::valid()
        .edit(
            ENUMS_PATH,
            "    doc: State of an order.\n",
            "    doc: State: of an order.  # <<<\n",
        )
        .expect_error(ENUMS_PATH, &["mapping values are not allowed"]);
}

#[test]
fn unknown_key() {
    Spec::valid()
        .edit(
            TYPES_PATH,
            "        doc: Card expiry.\n",
            "        doc: Card expiry.\n        sensitve: true  # <<<\n",
        )
        .expect_error(TYPES_PATH, &["unknown field `sensitve`"]);
}

#[test]
fn unknown_top_level_key() {
    Spec::valid()
        .edit(ENUMS_PATH, "enums:\n", "enum:  # <<<\n")
        .expect_error(ENUMS_PATH, &["unknown field `enum`"]);
}

#[test]
fn every_file_that_does_not_parse_is_reported() {
    let spec = Spec::valid()
        .edit(
            ENUMS_PATH,
            "    repr: integer\n",
            "    repr: integer\n    colour: red\n",
        )
        .edit(TYPES_PATH, "    kk: Карта деректері.\n", "    kk: [Карта\n");
    let diags = spec.diagnostics();
    let files: Vec<&str> = diags.0.iter().map(|d| d.file.as_str()).collect();
    assert_eq!(files, [ENUMS_PATH, TYPES_PATH], "{diags}");
    assert_eq!(diags.0[0].line, spec.line_of(ENUMS_PATH, "colour"));
    assert!(diags.0[0].message.contains("unknown field `colour`"));
}

#[test]
fn empty_file_is_allowed() {
    let spec = Spec::valid().with_file("spec/empty.yaml", "\n  \n");
    bereke_codegen::check(&spec.source()).expect("an empty file holds nothing");
}

// ---- names -----------------------------------------------------------------

#[test]
fn unknown_type() {
    Spec::valid()
        .edit(
            ENDPOINT_PATH,
            "        type: OrderStatus\n",
            "        type: OrderStatuz  # <<<\n",
        )
        .expect_error(ENDPOINT_PATH, &["unknown type `OrderStatuz`"]);
}

#[test]
fn unknown_type_inside_a_list() {
    Spec::valid()
        .edit(
            ENDPOINT_PATH,
            "        type: CardInfo\n",
            "        type: list<CardInfos>  # <<<\n",
        )
        .expect_error(ENDPOINT_PATH, &["unknown type `CardInfos`"]);
}

#[test]
fn duplicate_type_name_across_files() {
    let spec = Spec::valid().with_file(
        "spec/types/more.yaml",
        "types:\n  - name: CardInfo  # <<<\n    doc: Again.\n    fields: []\n",
    );
    let first = format!(
        "{TYPES_PATH}:{}",
        spec.line_of(TYPES_PATH, "name: CardInfo")
    );
    spec.expect_error(
        "spec/types/more.yaml",
        &[
            "duplicate name `CardInfo`",
            &format!("first defined at {first}"),
        ],
    );
}

#[test]
fn duplicate_enum_and_type_name() {
    let spec = Spec::valid().edit(
        TYPES_PATH,
        "types:\n",
        "types:\n  - name: PaymentState  # <<<\n    doc: Clash.\n    fields: []\n",
    );
    let first = format!(
        "{ENUMS_PATH}:{}",
        spec.line_of(ENUMS_PATH, "name: PaymentState")
    );
    spec.expect_error(
        TYPES_PATH,
        &[
            "duplicate name `PaymentState`",
            &format!("first defined at {first}"),
        ],
    );
}

#[test]
fn type_named_like_an_endpoints_request() {
    let spec = Spec::valid().with_file(
        "spec/types/more.yaml",
        "types:\n  - name: GetStatusRequest  # <<<\n    doc: Clash.\n    fields: []\n",
    );
    spec.expect_error(
        "spec/types/more.yaml",
        &["duplicate name `GetStatusRequest`"],
    );
}

#[test]
fn type_name_not_upper_camel_case() {
    Spec::valid()
        .edit(
            TYPES_PATH,
            "types:\n",
            "types:\n  - name: card_extra  # <<<\n    doc: Extra.\n    fields: []\n",
        )
        .expect_error(TYPES_PATH, &["`card_extra` is not an UpperCamelCase"]);
}

#[test]
fn enum_name_not_upper_camel_case() {
    Spec::valid()
        .edit(
            ENUMS_PATH,
            "enums:\n",
            "enums:\n  - name: Bad-Name  # <<<\n    repr: string\n    doc: x\n    values:\n      - {value: a, name: A, doc: a}\n",
        )
        .expect_error(ENUMS_PATH, &["`Bad-Name` is not an UpperCamelCase"]);
}

#[test]
fn endpoint_name_not_upper_camel_case() {
    Spec::valid()
        .edit(
            ENDPOINT_PATH,
            "  name: GetStatus\n",
            "  name: getStatus  # <<<\n",
        )
        .expect_error(
            ENDPOINT_PATH,
            &["endpoint name `getStatus` is not an UpperCamelCase Rust type name"],
        );
}

#[test]
fn endpoint_with_an_empty_name() {
    // `Request` and `Response` would pass for type names; the method would be ``.
    let diags = Spec::valid()
        .edit(
            ENDPOINT_PATH,
            "  name: GetStatus\n",
            "  name: \"\"  # <<<\n",
        )
        .expect_error(
            ENDPOINT_PATH,
            &["endpoint name `` is not an UpperCamelCase Rust type name"],
        );
    assert_eq!(diags.0.len(), 1, "{diags}");
}

#[test]
fn endpoint_named_self() {
    Spec::valid()
        .edit(
            ENDPOINT_PATH,
            "  name: GetStatus\n",
            "  name: Self  # <<<\n",
        )
        .expect_error(
            ENDPOINT_PATH,
            &["endpoint `Self` would make the keyword `self`"],
        );
}

#[test]
fn endpoint_named_after_a_keyword() {
    // `pub mod type;` does not parse, so the module would be broken.
    Spec::valid()
        .edit(
            ENDPOINT_PATH,
            "  name: GetStatus\n",
            "  name: Type  # <<<\n",
        )
        .expect_error(
            ENDPOINT_PATH,
            &["endpoint `Type` would make the keyword `type`"],
        );
}

#[test]
fn endpoints_with_one_method_name() {
    let second = "spec/endpoints/get_status_again.yaml";
    let text = Spec::valid()
        .text(ENDPOINT_PATH)
        .replace("  name: GetStatus\n", "  name: GETStatus  # <<<\n")
        .replace(
            "  path: rest/getStatus.do\n",
            "  path: rest/getStatus2.do\n",
        );
    let spec = Spec::valid().with_file(second, &text);
    let first = format!(
        "{ENDPOINT_PATH}:{}",
        spec.line_of(ENDPOINT_PATH, "name: GetStatus")
    );
    spec.expect_error(
        second,
        &[
            "endpoint `GETStatus` makes the method `get_status` again",
            &format!("(first at {first})"),
        ],
    );
}

#[test]
fn type_named_self() {
    Spec::valid()
        .edit(
            TYPES_PATH,
            "types:\n",
            "types:\n  - name: Self  # <<<\n    doc: Reserved.\n    fields: []\n",
        )
        .expect_error(
            TYPES_PATH,
            &["`Self` is not an UpperCamelCase Rust type name"],
        );
}

#[test]
fn variant_named_self() {
    Spec::valid()
        .edit(
            ENUMS_PATH,
            "        name: Deposited\n        doc: The order is paid.\n",
            "        name: Self  # <<<\n        doc: The order is paid.\n",
        )
        .expect_error(ENUMS_PATH, &["`Self`"]);
}

// ---- enumerations ----------------------------------------------------------

#[test]
fn duplicate_enum_value() {
    let spec = Spec::valid().edit(
        ENUMS_PATH,
        "      - value: 2\n",
        "      - value: 0  # <<<\n",
    );
    let first = spec.lines_of(ENUMS_PATH, "- value: 0")[0];
    spec.expect_error(
        ENUMS_PATH,
        &[
            "duplicate value `0` in enum `OrderStatus`",
            &format!("first at line {first})"),
        ],
    );
}

#[test]
fn duplicate_alias_value() {
    Spec::valid()
        .edit(
            ENUMS_PATH,
            "      - value: DEPOSITED\n",
            "      - value: DEPOSITED  # <<<\n        aliases: [deposited, CREATED]\n",
        )
        .expect_error(
            ENUMS_PATH,
            &["duplicate value `CREATED` in enum `PaymentState`"],
        );
}

#[test]
fn alias_repeating_another_alias() {
    Spec::valid()
        .edit(
            ENUMS_PATH,
            "      - value: DEPOSITED\n",
            "      - value: DEPOSITED  # <<<\n        aliases: [created]\n",
        )
        .expect_error(ENUMS_PATH, &["duplicate value `created`"]);
}

#[test]
fn duplicate_variant_name() {
    let spec = Spec::valid().edit(
        ENUMS_PATH,
        "        name: Deposited\n        doc: The order is paid.\n",
        "        name: Registered  # <<<\n        doc: The order is paid.\n",
    );
    let first = spec.lines_of(ENUMS_PATH, "name: Registered")[0];
    spec.expect_error(
        ENUMS_PATH,
        &[
            "duplicate variant name `Registered`",
            &format!("first at line {first})"),
        ],
    );
}

#[test]
fn variant_named_unknown() {
    Spec::valid()
        .edit(
            ENUMS_PATH,
            "        name: Deposited\n        doc: The order is paid.\n",
            "        name: Unknown  # <<<\n        doc: The order is paid.\n",
        )
        .expect_error(ENUMS_PATH, &["`Unknown` is reserved"]);
}

#[test]
fn variant_name_not_upper_camel_case() {
    Spec::valid()
        .edit(
            ENUMS_PATH,
            "        name: Deposited\n        doc: The order is paid.\n",
            "        name: deposited  # <<<\n        doc: The order is paid.\n",
        )
        .expect_error(ENUMS_PATH, &["`deposited`"]);
}

#[test]
fn enum_value_of_wrong_kind() {
    Spec::valid()
        .edit(
            ENUMS_PATH,
            "      - value: 2\n",
            "      - value: two  # <<<\n",
        )
        .expect_error(
            ENUMS_PATH,
            &["value `two` of an integer enum is not an integer"],
        );
}

#[test]
fn unknown_repr() {
    Spec::valid()
        .edit(ENUMS_PATH, "    repr: integer\n", "    repr: int  # <<<\n")
        .expect_error(ENUMS_PATH, &["unknown repr `int`"]);
}

#[test]
fn empty_enum() {
    Spec::valid()
        .edit(
            ENUMS_PATH,
            "enums:\n",
            "enums:\n  - name: Nothing  # <<<\n    repr: string\n    doc: No values.\n    values: []\n",
        )
        .expect_error(ENUMS_PATH, &["enum `Nothing` has no values"]);
}

// ---- error codes -----------------------------------------------------------

#[test]
fn error_code_listed_twice() {
    let spec = Spec::valid().edit(ENDPOINT_PATH, "    - code: 6\n", "    - code: 0  # <<<\n");
    let first = spec.lines_of(ENDPOINT_PATH, "- code: 0")[0];
    spec.expect_error(
        ENDPOINT_PATH,
        &[
            "error code 0 listed twice",
            &format!("first at line {first})"),
        ],
    );
}

#[test]
fn error_code_without_messages() {
    Spec::valid()
        .edit(ENDPOINT_PATH, "    - code: 6\n", "    - code: 6  # <<<\n")
        .edit(
            ENDPOINT_PATH,
            "      messages:\n        - {en: \"Unregistered orderId.\", kk: \"Тіркелмеген orderId.\"}\n",
            "      messages: []\n",
        )
        .expect_error(ENDPOINT_PATH, &["error code 6 has no messages"]);
}

#[test]
fn error_message_without_kk() {
    Spec::valid()
        .edit(
            ENDPOINT_PATH,
            "        - {en: \"Unregistered orderId.\", kk: \"Тіркелмеген orderId.\"}\n",
            "        - {en: \"Unregistered orderId.\"}  # <<<\n",
        )
        .expect_error(ENDPOINT_PATH, &["missing field `kk`"]);
}

#[test]
fn error_message_with_empty_kk() {
    Spec::valid()
        .edit(
            ENDPOINT_PATH,
            "        - {en: \"Unregistered orderId.\", kk: \"Тіркелмеген orderId.\"}\n",
            "        - {en: \"Unregistered orderId.\", kk: \" \"}  # <<<\n",
        )
        .expect_error(ENDPOINT_PATH, &["needs both `en` and `kk`"]);
}

#[test]
fn error_message_with_an_empty_other_wording() {
    Spec::valid()
        .edit(
            ENDPOINT_PATH,
            "        - {en: \"Unregistered orderId.\", kk: \"Тіркелмеген orderId.\"}\n",
            "        - {en: \"Unregistered orderId.\", kk: \"Тіркелмеген orderId.\", also: [\" \"]}  # <<<\n",
        )
        .expect_error(ENDPOINT_PATH, &["`also` has an empty wording"]);
}

#[test]
fn message_listed_twice() {
    Spec::valid()
        .edit(
            ENDPOINT_PATH,
            "        - {en: \"Success\", kk: \"Сұрау сәтті өңделді.\"}\n",
            "        - {name: Success, en: \"Success\", kk: \"Сұрау сәтті өңделді.\"}\n        - {name: Done, en: \"Success.\", kk: \"Сұрау сәтті өңделді.\"}  # <<<\n",
        )
        .expect_error(ENDPOINT_PATH, &["message listed twice under code 0"]);
}

#[test]
fn one_of_several_messages_without_a_name() {
    Spec::valid()
        .edit(
            ENDPOINT_PATH,
            "        - {en: \"Success\", kk: \"Сұрау сәтті өңделді.\"}\n",
            "        - {name: Success, en: \"Success\", kk: \"Сұрау сәтті өңделді.\"}\n        - {en: \"Done.\", kk: \"Орындалды.\"}  # <<<\n",
        )
        .expect_error(ENDPOINT_PATH, &["error code 0 has several messages: give each a `name`"]);
}

#[test]
fn message_name_used_twice() {
    Spec::valid()
        .edit(
            ENDPOINT_PATH,
            "        - {en: \"Unregistered orderId.\", kk: \"Тіркелмеген orderId.\"}\n",
            "        - {name: Success, en: \"Unregistered orderId.\", kk: \"Тіркелмеген orderId.\"}  # <<<\n",
        )
        .expect_error(ENDPOINT_PATH, &["duplicate variant name `Success`"]);
}

#[test]
fn duplicate_error_variant_name() {
    Spec::valid()
        .edit(
            ENDPOINT_PATH,
            "      name: OrderNotFound\n",
            "      name: Success  # <<<\n",
        )
        .expect_error(ENDPOINT_PATH, &["duplicate variant name `Success`"]);
}

#[test]
fn endpoint_without_error_codes() {
    let text = Spec::valid().text(ENDPOINT_PATH).to_owned();
    let start = text.find("  errors:\n").unwrap();
    let end = text.find("  examples:\n").unwrap();
    Spec::valid()
        .edit(ENDPOINT_PATH, &text[start..end], "")
        .edit(
            ENDPOINT_PATH,
            "  name: GetStatus\n",
            "  name: GetStatus  # <<<\n",
        )
        .expect_error(ENDPOINT_PATH, &["at least one error code"]);
}

// ---- documentation ---------------------------------------------------------

#[test]
fn missing_doc_on_a_field() {
    Spec::valid()
        .edit(
            TYPES_PATH,
            "      - name: expiry\n",
            "      - name: expiry  # <<<\n",
        )
        .edit(TYPES_PATH, "        doc: Card expiry.\n", "")
        .expect_error(TYPES_PATH, &["field `expiry` has no `doc`"]);
}

#[test]
fn blank_doc_counts_as_missing() {
    Spec::valid()
        .edit(
            TYPES_PATH,
            "      - name: expiry\n",
            "      - name: expiry  # <<<\n",
        )
        .edit(
            TYPES_PATH,
            "        doc: Card expiry.\n",
            "        doc: \"  \"\n",
        )
        .expect_error(TYPES_PATH, &["field `expiry` has no `doc`"]);
}

#[test]
fn missing_doc_on_a_type() {
    Spec::valid()
        .edit(
            TYPES_PATH,
            "  - name: CardInfo\n",
            "  - name: CardInfo  # <<<\n",
        )
        .edit(TYPES_PATH, "    doc: Card data of an order.\n", "")
        .expect_error(TYPES_PATH, &["type `CardInfo` has no `doc`"]);
}

#[test]
fn missing_doc_on_an_enum() {
    Spec::valid()
        .edit(
            ENUMS_PATH,
            "  - name: PaymentState\n",
            "  - name: PaymentState  # <<<\n",
        )
        .edit(ENUMS_PATH, "    doc: State of the order's payment.\n", "")
        .expect_error(ENUMS_PATH, &["enum `PaymentState` has no `doc`"]);
}

#[test]
fn missing_doc_on_an_enum_value() {
    Spec::valid()
        .edit(
            ENUMS_PATH,
            "      - value: 2\n",
            "      - value: 2  # <<<\n",
        )
        .edit(ENUMS_PATH, "        doc: The order is paid.\n", "")
        .expect_error(ENUMS_PATH, &["value `2` of `OrderStatus` has no `doc`"]);
}

#[test]
fn missing_doc_on_an_endpoint() {
    Spec::valid()
        .edit(
            ENDPOINT_PATH,
            "  name: GetStatus\n",
            "  name: GetStatus  # <<<\n",
        )
        .edit(ENDPOINT_PATH, "  doc: Returns the state of an order.\n", "")
        .expect_error(ENDPOINT_PATH, &["endpoint `GetStatus` has no `doc`"]);
}

#[test]
fn missing_doc_on_an_auth_parameter() {
    Spec::valid()
        .edit(
            GATEWAY_PATH,
            "        - name: merchant\n",
            "        - name: merchant  # <<<\n",
        )
        .edit(GATEWAY_PATH, "          doc: The merchant's login.\n", "")
        .expect_error(GATEWAY_PATH, &["field `merchant` has no `doc`"]);
}

#[test]
fn missing_doc_on_an_auth_scheme() {
    Spec::valid()
        .edit(
            GATEWAY_PATH,
            "    - name: wallet\n",
            "    - name: wallet  # <<<\n",
        )
        .edit(
            GATEWAY_PATH,
            "      doc: The merchant's login in the JSON body.\n",
            "",
        )
        .expect_error(GATEWAY_PATH, &["auth scheme has no `doc`"]);
}

#[test]
fn missing_doc_on_the_gateway() {
    Spec::valid()
        .edit(
            GATEWAY_PATH,
            "  name: Test gateway\n",
            "  name: Test gateway  # <<<\n",
        )
        .edit(
            GATEWAY_PATH,
            "  doc: A gateway for the generator's tests.\n",
            "",
        )
        .expect_error(GATEWAY_PATH, &["gateway has no `doc`"]);
}

#[test]
fn error_code_without_doc_takes_its_first_message() {
    let spec = Spec::valid().edit(
        ENDPOINT_PATH,
        "      doc: The gateway knows no such order.\n",
        "",
    );
    let api = bereke_codegen::check(&spec.source()).expect("a message documents the code");
    let code = &api.endpoints[0].errors.values[1];
    assert_eq!(code.docs.doc, "Unregistered orderId.");
}

// ---- fields ----------------------------------------------------------------

#[test]
fn duplicate_wire_name_in_a_message() {
    let spec = Spec::valid().edit(
        ENDPOINT_PATH,
        "      - name: orderNumber\n",
        "      - name: orderNumber  # <<<\n        aliases: [orderId]\n",
    );
    let first = spec.line_of(ENDPOINT_PATH, "- name: orderId");
    spec.expect_error(
        ENDPOINT_PATH,
        &[
            "duplicate wire name `orderId`",
            &format!("first at line {first})"),
        ],
    );
}

#[test]
fn same_wire_name_in_two_messages_is_fine() {
    // `orderId` in the request and in a nested block: names are per message.
    let spec = Spec::valid().edit(
        TYPES_PATH,
        "      - name: maskedPan\n",
        "      - name: orderId\n        type: string\n        required: false\n        doc: The order.\n      - name: maskedPan\n",
    );
    bereke_codegen::check(&spec.source()).expect("wire names are per message");
}

#[test]
fn duplicate_rust_field_name() {
    let spec = Spec::valid().edit(
        ENDPOINT_PATH,
        "      - name: orderNumber\n",
        "      - name: orderNumber  # <<<\n        rust: order_id\n",
    );
    let first = spec.line_of(ENDPOINT_PATH, "- name: orderId");
    spec.expect_error(
        ENDPOINT_PATH,
        &[
            "duplicate Rust field name `order_id`",
            &format!("first at line {first})"),
        ],
    );
}

#[test]
fn wire_names_that_derive_the_same_rust_name() {
    with_request_field(
        "      - name: order_id  # <<<\n        type: string\n        required: false\n        doc: Clash.\n",
    )
    .expect_error(ENDPOINT_PATH, &["duplicate Rust field name `order_id`", "set `rust:`"]);
}

#[test]
fn invalid_rust_name() {
    Spec::valid()
        .edit(
            ENDPOINT_PATH,
            "      - name: language\n",
            "      - name: language  # <<<\n        rust: Language\n",
        )
        .expect_error(
            ENDPOINT_PATH,
            &["`rust: Language` of `language` is not a snake_case identifier"],
        );
}

#[test]
fn rust_name_self_is_rejected() {
    Spec::valid()
        .edit(
            ENDPOINT_PATH,
            "      - name: language\n",
            "      - name: language  # <<<\n        rust: self\n",
        )
        .expect_error(
            ENDPOINT_PATH,
            &["`rust: self`", "not a snake_case identifier"],
        );
}

#[test]
fn wire_name_without_a_rust_name() {
    with_request_field(
        "      - name: \"$\"  # <<<\n        type: string\n        required: false\n        doc: Nothing to name.\n",
    )
    .expect_error(ENDPOINT_PATH, &["cannot derive a Rust name from `$`", "set `rust:`"]);
}

#[test]
fn wire_name_deriving_a_reserved_rust_name() {
    // `self` cannot be a field, not even as `r#self`.
    with_request_field(
        "      - name: self  # <<<\n        type: string\n        required: false\n        doc: Reserved.\n",
    )
    .expect_error(ENDPOINT_PATH, &["cannot derive a Rust name from `self`", "set `rust:`"]);
}

#[test]
fn empty_wire_name() {
    with_request_field(
        "      - name: \"\"  # <<<\n        type: string\n        required: false\n        doc: No name.\n",
    )
    .expect_error(ENDPOINT_PATH, &["field with an empty name"]);
}

#[test]
fn required_when_without_condition() {
    Spec::valid()
        .edit(
            ENDPOINT_PATH,
            "        required: {when: \"instead of orderId\"}\n",
            "        required: {when: \" \"}  # <<<\n",
        )
        .expect_error(ENDPOINT_PATH, &["with no condition"]);
}

#[test]
fn error_code_in_a_request() {
    Spec::valid()
        .edit(
            ENDPOINT_PATH,
            "      - name: orderNumber\n        type: string\n        order_ref: true\n",
            "      - name: orderNumber\n        type: error_code  # <<<\n",
        )
        .edit(ENDPOINT_PATH, "        constraints: {max_length: 30}\n", "")
        .expect_error(
            ENDPOINT_PATH,
            &["`error_code` is only allowed in an endpoint's response"],
        );
}

#[test]
fn error_code_list_in_a_request() {
    Spec::valid()
        .edit(
            ENDPOINT_PATH,
            "      - name: orderNumber\n        type: string\n",
            "      - name: orderNumber\n        type: list<error_code>  # <<<\n",
        )
        .edit(ENDPOINT_PATH, "        constraints: {max_length: 30}\n", "")
        .expect_error_among(
            ENDPOINT_PATH,
            &["`error_code` is only allowed in an endpoint's response"],
        );
}

#[test]
fn error_code_in_a_nested_type() {
    Spec::valid()
        .edit(
            TYPES_PATH,
            "        type: expiry\n",
            "        type: error_code  # <<<\n",
        )
        .expect_error(
            TYPES_PATH,
            &["`error_code` is only allowed in an endpoint's response"],
        );
}

#[test]
fn lenient_on_an_object() {
    Spec::valid()
        .edit(
            ENDPOINT_PATH,
            "      - name: cardInfo\n",
            "      - name: cardInfo  # <<<\n        lenient: true\n",
        )
        .expect_error(
            ENDPOINT_PATH,
            &["`lenient` on `cardInfo`", "not a scalar or enum"],
        );
}

#[test]
fn unknown_encoding() {
    Spec::valid()
        .edit(
            ENDPOINT_PATH,
            "      - name: language\n",
            "      - name: language\n        encoding: base64  # <<<\n",
        )
        .expect_error(ENDPOINT_PATH, &["unknown encoding `base64`"]);
}

#[test]
fn json_string_on_a_string() {
    Spec::valid()
        .edit(
            ENDPOINT_PATH,
            "      - name: language\n",
            "      - name: language\n        encoding: json_string  # <<<\n",
        )
        .expect_error(
            ENDPOINT_PATH,
            &["`encoding: json_string` on `language`, which is not an object"],
        );
}

#[test]
fn json_string_in_a_json_request() {
    Spec::valid()
        .edit(ENDPOINT_PATH, "  name: GetStatus\n", "  name: GetStatus  # <<<\n")
        .edit(ENDPOINT_PATH, "  content_type: form\n", "  content_type: json\n")
        .edit(
            ENDPOINT_PATH,
            "      - name: language\n",
            "      - name: params\n        type: json_map\n        required: false\n        encoding: json_string\n        doc: Extra.\n      - name: language\n",
        )
        .expect_error_among(
            ENDPOINT_PATH,
            &["`params`: `encoding: json_string` only applies to form requests"],
        );
}

#[test]
fn json_string_in_a_response() {
    Spec::valid()
        .edit(
            ENDPOINT_PATH,
            "  name: GetStatus\n",
            "  name: GetStatus  # <<<\n",
        )
        .edit(
            ENDPOINT_PATH,
            "      - name: cardInfo\n",
            "      - name: cardInfo\n        encoding: json_string\n",
        )
        .expect_error(
            ENDPOINT_PATH,
            &["`cardInfo`: `encoding: json_string` only applies to requests"],
        );
}

// ---- constraints -----------------------------------------------------------

#[test]
fn text_constraints_on_a_number() {
    Spec::valid()
        .edit(
            ENDPOINT_PATH,
            "      - name: amount\n",
            "      - name: amount  # <<<\n        constraints: {max_length: 12}\n",
        )
        .expect_error(
            ENDPOINT_PATH,
            &["text constraints on `amount`, which is not a string"],
        );
}

#[test]
fn range_on_a_string() {
    Spec::valid()
        .edit(
            ENDPOINT_PATH,
            "        constraints: {max_length: 30}\n",
            "        constraints: {max_length: 30, min: 1}\n",
        )
        .edit(
            ENDPOINT_PATH,
            "      - name: orderNumber\n",
            "      - name: orderNumber  # <<<\n",
        )
        .expect_error(
            ENDPOINT_PATH,
            &["`min`/`max` on `orderNumber`, which is not a number"],
        );
}

#[test]
fn min_above_max() {
    Spec::valid()
        .edit(
            ENDPOINT_PATH,
            "      - name: amount\n",
            "      - name: amount  # <<<\n        constraints: {min: 10, max: 1}\n",
        )
        .expect_error(ENDPOINT_PATH, &["`amount`: min is above max"]);
}

#[test]
fn min_length_above_max_length() {
    Spec::valid()
        .edit(
            ENDPOINT_PATH,
            "        constraints: {max_length: 30}\n",
            "        constraints: {max_length: 30, min_length: 31}\n",
        )
        .edit(
            ENDPOINT_PATH,
            "      - name: orderNumber\n",
            "      - name: orderNumber  # <<<\n",
        )
        .expect_error(
            ENDPOINT_PATH,
            &["`orderNumber`: min_length is above max_length"],
        );
}

#[test]
fn reversed_digits_range() {
    Spec::valid()
        .edit(
            ENDPOINT_PATH,
            "        constraints: {max_length: 30}\n",
            "        constraints: {digits: [15, 7]}\n",
        )
        .edit(
            ENDPOINT_PATH,
            "      - name: orderNumber\n",
            "      - name: orderNumber  # <<<\n",
        )
        .expect_error(ENDPOINT_PATH, &["`orderNumber`: digits range is reversed"]);
}

#[test]
fn unknown_format() {
    Spec::valid()
        .edit(
            ENDPOINT_PATH,
            "        constraints: {format: language}\n",
            "        constraints: {format: lang}  # <<<\n",
        )
        .expect_error(ENDPOINT_PATH, &["unknown format `lang`"]);
}

#[test]
fn forbidden_chars_entry_of_two_chars() {
    Spec::valid()
        .edit(
            ENDPOINT_PATH,
            "        constraints: {max_length: 30}\n",
            "        constraints: {max_length: 30, forbidden_chars: [\"%\", \"\\r\\n\"]}\n",
        )
        .edit(
            ENDPOINT_PATH,
            "      - name: orderNumber\n",
            "      - name: orderNumber  # <<<\n",
        )
        .expect_error(
            ENDPOINT_PATH,
            &["`orderNumber`: forbidden_chars entry \"\\r\\n\" is not one character"],
        );
}

#[test]
fn one_of_naming_an_unknown_field() {
    Spec::valid()
        .edit(
            ENDPOINT_PATH,
            "    one_of: [[orderId, orderNumber]]\n",
            "    one_of:\n      - [orderId, orderNo]  # <<<\n",
        )
        .expect_error(
            ENDPOINT_PATH,
            &["`one_of` names `orderNo`, which is not a request field"],
        );
}

#[test]
fn one_of_group_of_one() {
    Spec::valid()
        .edit(
            ENDPOINT_PATH,
            "    one_of: [[orderId, orderNumber]]\n",
            "    one_of: [[orderId]]  # <<<\n",
        )
        .expect_error(ENDPOINT_PATH, &["needs two or more fields"]);
}

#[test]
fn one_of_in_a_response() {
    Spec::valid()
        .edit(
            ENDPOINT_PATH,
            "  name: GetStatus\n",
            "  name: GetStatus  # <<<\n",
        )
        .edit(
            ENDPOINT_PATH,
            "  errors:\n",
            "    one_of: [[errorCode, errorMessage]]\n  errors:\n",
        )
        .expect_error(ENDPOINT_PATH, &["`one_of` is only meaningful in a request"]);
}

// ---- endpoints -------------------------------------------------------------

#[test]
fn unknown_content_type() {
    Spec::valid()
        .edit(
            ENDPOINT_PATH,
            "  content_type: form\n",
            "  content_type: xml  # <<<\n",
        )
        .expect_error(ENDPOINT_PATH, &["unknown content_type `xml`"]);
}

#[test]
fn unknown_retry() {
    with_retry("  retry: sometimes  # <<<\n")
        .expect_error(ENDPOINT_PATH, &["unknown retry `sometimes`"]);
}

#[test]
fn unknown_response_style() {
    Spec::valid()
        .edit(
            ENDPOINT_PATH,
            "  response_style: error_code\n",
            "  response_style: soap  # <<<\n",
        )
        .expect_error(ENDPOINT_PATH, &["unknown response_style `soap`"]);
}

#[test]
fn unknown_example_kind() {
    Spec::valid()
        .edit(
            ENDPOINT_PATH,
            "    - kind: response\n",
            "    - kind: reply  # <<<\n",
        )
        .expect_error(ENDPOINT_PATH, &["unknown example kind `reply`"]);
}

#[test]
fn retry_when_present_without_keys() {
    with_retry("  retry: when_present  # <<<\n")
        .expect_error(ENDPOINT_PATH, &["`retry: when_present` needs `retry_keys`"]);
}

#[test]
fn retry_key_not_a_field() {
    with_retry("  retry: when_present  # <<<\n  retry_keys: [orderNo]\n").expect_error(
        ENDPOINT_PATH,
        &["retry key `orderNo` is not a request field"],
    );
}

#[test]
fn retry_key_always_present() {
    with_retry("  retry: when_present  # <<<\n  retry_keys: [language]\n")
        .edit(
            ENDPOINT_PATH,
            "        required: false\n        constraints: {format: language}\n",
            "        required: true\n        constraints: {format: language}\n",
        )
        .expect_error(
            ENDPOINT_PATH,
            &["retry key `language` is always present; use `retry: safe`"],
        );
}

#[test]
fn retry_key_that_is_not_a_string() {
    // An idempotency key is text: a blank one is refused before sending.
    with_request_field(
        "      - name: attempt\n        type: integer\n        required: false\n        doc: A number.\n",
    )
    .edit(
        ENDPOINT_PATH,
        "  retry: safe\n",
        "  retry: when_present  # <<<\n  retry_keys: [attempt]\n",
    )
    .expect_error(ENDPOINT_PATH, &["retry key `attempt` is not a string"]);
}

#[test]
fn retry_keys_without_when_present() {
    with_retry("  retry: never  # <<<\n  retry_keys: [orderId]\n").expect_error(
        ENDPOINT_PATH,
        &["`retry_keys` only go with `retry: when_present`"],
    );
}

#[test]
fn retry_when_present_is_accepted_with_an_optional_key() {
    let spec = with_retry("  retry: when_present\n  retry_keys: [orderNumber]\n");
    let api = bereke_codegen::check(&spec.source()).expect("a valid retry key");
    assert_eq!(
        api.endpoints[0].retry,
        bereke_codegen::model::RetryPolicy::WhenPresent(vec![bereke_codegen::model::FieldRef {
            wire: "orderNumber".into(),
            rust: "order_number".into(),
        }])
    );
}

#[test]
fn order_refs_are_marked_in_the_spec() {
    let api = bereke_codegen::check(&Spec::valid().source()).expect("the fixture is valid");
    let refs: Vec<&str> = api.endpoints[0]
        .request
        .fields
        .iter()
        .filter(|f| f.order_ref)
        .map(|f| f.wire.as_str())
        .collect();
    assert_eq!(refs, ["orderId", "orderNumber"]);
}

#[test]
fn order_ref_on_a_field_that_is_not_a_string() {
    with_request_field(
        "      - name: orderSeq\n        type: integer\n        order_ref: true  # <<<\n        required: false\n        doc: A number.\n",
    )
    .expect_error(ENDPOINT_PATH, &["`order_ref` on `orderSeq`, which is not a string"]);
}

#[test]
fn order_ref_on_a_response_field() {
    Spec::valid()
        .edit(
            ENDPOINT_PATH,
            "        doc: Description of the error.\n",
            "        doc: Description of the error.\n        order_ref: true  # <<<\n",
        )
        .expect_error(
            ENDPOINT_PATH,
            &["`order_ref` on `errorMessage`: only a request's own fields name its order"],
        );
}

#[test]
fn order_ref_on_a_nested_field() {
    Spec::valid()
        .edit(
            TYPES_PATH,
            "        doc: The masked card number.\n",
            "        doc: The masked card number.\n        order_ref: true  # <<<\n",
        )
        .expect_error(
            TYPES_PATH,
            &["`order_ref` on `maskedPan`: only a request's own fields"],
        );
}

/// The fixture's `language` field without its `answer_language` mark.
const LANGUAGE_MARK: &str =
    "        doc: Language of errorMessage.\n        answer_language: true\n";

fn without_language_mark() -> Spec {
    Spec::valid().edit(
        ENDPOINT_PATH,
        LANGUAGE_MARK,
        "        doc: Language of errorMessage.\n",
    )
}

/// `language_field` as the fixture's generated endpoint file says it: the
/// wire name the client fills the default language into, if any.
fn language_field(spec: &Spec) -> Option<String> {
    let files = bereke_codegen::generate(&spec.source()).expect("generates");
    let file = files
        .iter()
        .find(|f| {
            f.contents
                .contains("impl crate::Endpoint for GetStatusRequest")
        })
        .expect("the endpoint's file");
    let (_, rest) = file
        .contents
        .split_once("language_field: ")
        .expect("a `language_field` in the endpoint's file");
    let value = rest.split(',').next().unwrap_or_default().trim();
    if value == "::std::option::Option::None" {
        return None;
    }
    let wire = value
        .strip_prefix("::std::option::Option::Some(\"")
        .and_then(|v| v.strip_suffix("\")"))
        .unwrap_or_else(|| panic!("an unexpected `language_field`: {value}"));
    Some(wire.to_owned())
}

#[test]
fn the_answer_language_is_the_field_the_spec_marks() {
    let api = bereke_codegen::check(&Spec::valid().source()).expect("the fixture is valid");
    let marked: Vec<&str> = api.endpoints[0]
        .request
        .fields
        .iter()
        .filter(|f| f.answer_language)
        .map(|f| f.wire.as_str())
        .collect();
    assert_eq!(marked, ["language"]);
    assert_eq!(language_field(&Spec::valid()).as_deref(), Some("language"));
    // The mark decides, not the wire name: a `language` field without it
    // takes no default language, a marked field of another name takes it
    // under its own name.
    assert_eq!(language_field(&without_language_mark()), None);
    let renamed = without_language_mark().edit(
        ENDPOINT_PATH,
        "      - name: language\n        type: string\n",
        "      - name: lang\n        type: string\n        answer_language: true\n",
    );
    assert_eq!(language_field(&renamed).as_deref(), Some("lang"));
}

#[test]
fn answer_language_on_a_field_that_is_not_a_string() {
    let spec = without_language_mark().edit(
        ENDPOINT_PATH,
        "      - name: language\n",
        "      - name: languageId\n        type: integer\n        answer_language: true  # <<<\n        required: false\n        doc: A number.\n      - name: language\n",
    );
    let diags = spec.expect_error(
        ENDPOINT_PATH,
        &["`answer_language` on `languageId`, which is not a string"],
    );
    let line = spec.line_of(ENDPOINT_PATH, MARK);
    assert!(
        diags
            .to_string()
            .contains(&format!("{ENDPOINT_PATH}:{line}")),
        "the error gives file:line: {diags}"
    );
}

#[test]
fn answer_language_on_a_response_field() {
    Spec::valid()
        .edit(
            ENDPOINT_PATH,
            "        doc: Description of the error.\n",
            "        doc: Description of the error.\n        answer_language: true  # <<<\n",
        )
        .expect_error(
            ENDPOINT_PATH,
            &["`answer_language` on `errorMessage`: only a request's own fields"],
        );
}

#[test]
fn answer_language_on_a_nested_field() {
    Spec::valid()
        .edit(
            TYPES_PATH,
            "        doc: The masked card number.\n",
            "        doc: The masked card number.\n        answer_language: true  # <<<\n",
        )
        .expect_error(
            TYPES_PATH,
            &["`answer_language` on `maskedPan`: only a request's own fields"],
        );
}

#[test]
fn two_answer_language_fields_in_one_request() {
    let spec = Spec::valid().edit(
        ENDPOINT_PATH,
        "    one_of:",
        "      - name: lang\n        type: string\n        answer_language: true  # <<<\n        required: false\n        doc: The language again.\n    one_of:",
    );
    // The fixture's own `language` comes first; the marked line is the second.
    let first = spec.lines_of(ENDPOINT_PATH, "answer_language: true")[0];
    spec.expect_error(
        ENDPOINT_PATH,
        &[
            "a second `answer_language` field, `lang`, in one request",
            &format!("(first at line {first})"),
        ],
    );
}

#[test]
fn moves_money_with_retry_safe() {
    with_retry("  retry: safe  # <<<\n  moves_money: true\n").expect_error(
        ENDPOINT_PATH,
        &["an endpoint that moves money cannot be `retry: safe`"],
    );
}

#[test]
fn duplicate_endpoint_path() {
    let second = "spec/endpoints/get_status_again.yaml";
    let text = Spec::valid()
        .text(ENDPOINT_PATH)
        .replace("  name: GetStatus\n", "  name: GetStatusAgain\n")
        .replace(
            "  path: rest/getStatus.do\n",
            "  path: rest/getStatus.do  # <<<\n",
        );
    let spec = Spec::valid().with_file(second, &text);
    let first = format!(
        "{ENDPOINT_PATH}:{}",
        spec.line_of(ENDPOINT_PATH, "path: rest/")
    );
    spec.expect_error(
        second,
        &[
            "duplicate path `rest/getStatus.do`",
            &format!("first at {first})"),
        ],
    );
}

#[test]
fn absolute_path() {
    Spec::valid()
        .edit(
            ENDPOINT_PATH,
            "  path: rest/getStatus.do\n",
            "  path: /payment/rest/getStatus.do  # <<<\n",
        )
        .expect_error(ENDPOINT_PATH, &["path must be relative to the base URL"]);
}

#[test]
fn example_json_invalid() {
    Spec::valid()
        .edit(
            ENDPOINT_PATH,
            "    - kind: response\n",
            "    - kind: response  # <<<\n",
        )
        .edit(ENDPOINT_PATH, "\"amount\": 2000}", "\"amount\": 2000,")
        .expect_error(
            ENDPOINT_PATH,
            &["example `Response example` is not valid JSON"],
        );
}

#[test]
fn example_with_both_form_and_json() {
    Spec::valid()
        .edit(
            ENDPOINT_PATH,
            "    - kind: request\n",
            "    - kind: request  # <<<\n",
        )
        .edit(
            ENDPOINT_PATH,
            "      kk: Сұрау мысалы\n",
            "      kk: Сұрау мысалы\n      json: \"{}\"\n",
        )
        .expect_error(
            ENDPOINT_PATH,
            &["an example has exactly one of `form` and `json`"],
        );
}

#[test]
fn example_with_neither_form_nor_json() {
    Spec::valid()
        .edit(
            ENDPOINT_PATH,
            "    - kind: request\n",
            "    - kind: request  # <<<\n",
        )
        .edit(
            ENDPOINT_PATH,
            "      form: [[userName, test_user], [orderId, \"b8d70aa7\"]]\n",
            "",
        )
        .expect_error(
            ENDPOINT_PATH,
            &["an example has exactly one of `form` and `json`"],
        );
}

#[test]
fn form_example_of_a_response() {
    Spec::valid()
        .edit(
            ENDPOINT_PATH,
            "    - kind: request\n",
            "    - kind: response  # <<<\n",
        )
        .expect_error(
            ENDPOINT_PATH,
            &["`form` examples are only for requests of form endpoints"],
        );
}

#[test]
fn json_request_example_of_a_form_endpoint() {
    Spec::valid()
        .edit(
            ENDPOINT_PATH,
            "    - kind: request\n",
            "    - kind: request  # <<<\n",
        )
        .edit(
            ENDPOINT_PATH,
            "      form: [[userName, test_user], [orderId, \"b8d70aa7\"]]\n",
            "      json: '{\"orderId\": \"b8d70aa7\"}'\n",
        )
        .expect_error(
            ENDPOINT_PATH,
            &["a form endpoint's request example is written as `form` pairs"],
        );
}

#[test]
fn error_code_response_without_error_code_field() {
    Spec::valid()
        .edit(ENDPOINT_PATH, "  name: GetStatus\n", "  name: GetStatus  # <<<\n")
        .edit(
            ENDPOINT_PATH,
            "      - name: errorCode\n        type: error_code\n        required: false\n        lenient: true\n        aliases: [ErrorCode]\n        doc: Error code; 0 when the request was processed.\n",
            "",
        )
        .expect_error(
            ENDPOINT_PATH,
            &["an `error_code` response needs a field `errorCode` of type `error_code`"],
        );
}

#[test]
fn error_code_field_of_the_wrong_type() {
    Spec::valid()
        .edit(
            ENDPOINT_PATH,
            "  name: GetStatus\n",
            "  name: GetStatus  # <<<\n",
        )
        .edit(
            ENDPOINT_PATH,
            "        type: error_code\n",
            "        type: integer\n",
        )
        .expect_error(
            ENDPOINT_PATH,
            &["needs a field `errorCode` of type `error_code`"],
        );
}

#[test]
fn error_code_response_without_error_message() {
    Spec::valid()
        .edit(ENDPOINT_PATH, "  name: GetStatus\n", "  name: GetStatus  # <<<\n")
        .edit(
            ENDPOINT_PATH,
            "      - name: errorMessage\n        type: string\n        required: false\n        doc: Description of the error.\n",
            "",
        )
        .expect_error(
            ENDPOINT_PATH,
            &["an `error_code` response needs a string field `errorMessage`"],
        );
}

#[test]
fn wallet_response_without_success_and_error() {
    let diags = Spec::valid()
        .edit(
            ENDPOINT_PATH,
            "  name: GetStatus\n",
            "  name: GetStatus  # <<<\n",
        )
        .edit(
            ENDPOINT_PATH,
            "  response_style: error_code\n",
            "  response_style: wallet\n",
        )
        .expect_error(
            ENDPOINT_PATH,
            &["a `wallet` response needs a boolean field `success`"],
        );
    assert!(
        diags.0.iter().any(|d| d
            .message
            .contains("a `wallet` response needs an object field `error`")),
        "{diags}"
    );
}

#[test]
fn unknown_auth_scheme() {
    Spec::valid()
        .edit(ENDPOINT_PATH, "  auth: rest\n", "  auth: oauth  # <<<\n")
        .expect_error(ENDPOINT_PATH, &["unknown auth scheme `oauth`"]);
}

#[test]
fn auth_param_the_scheme_lacks() {
    Spec::valid()
        .edit(
            ENDPOINT_PATH,
            "    - {name: password, required: {when: \"unless token is sent\"}}\n",
            "    - {name: merchant, required: true}  # <<<\n",
        )
        .expect_error(
            ENDPOINT_PATH,
            &["`merchant` is not a parameter of auth scheme `rest`"],
        );
}

#[test]
fn wallet_endpoint_may_use_the_wallet_parameters() {
    let spec = Spec::valid()
        .edit(ENDPOINT_PATH, "  auth: rest\n", "  auth: wallet\n")
        .edit(
            ENDPOINT_PATH,
            "    - {name: userName, required: {when: \"unless token is sent\"}}\n    - {name: password, required: {when: \"unless token is sent\"}}\n",
            "    - {name: merchant, required: true}\n",
        );
    bereke_codegen::check(&spec.source()).expect("merchant is a wallet parameter");
}

#[test]
fn object_in_a_form_field_without_json_string() {
    let diags = Spec::valid()
        .edit(ENDPOINT_PATH, "  name: GetStatus\n", "  name: GetStatus  # <<<\n")
        .edit(
            ENDPOINT_PATH,
            "      - name: language\n",
            "      - name: card\n        type: CardInfo\n        required: false\n        doc: A card.\n      - name: language\n",
        )
        .expect_error(
            ENDPOINT_PATH,
            &["`card`: a form field cannot hold an object or list; add `encoding: json_string`"],
        );
    assert_eq!(diags.0.len(), 1, "{diags}");
}

#[test]
fn object_in_a_form_field_with_json_string_is_fine() {
    let spec = Spec::valid().edit(
        ENDPOINT_PATH,
        "      - name: language\n",
        "      - name: card\n        type: CardInfo\n        required: false\n        encoding: json_string\n        doc: A card.\n      - name: language\n",
    );
    bereke_codegen::check(&spec.source()).expect("json_string carries an object in a form");
}

#[test]
fn auth_scheme_the_client_does_not_implement() {
    // Declared by the gateway section, but the client fills in only `rest` and `wallet`.
    Spec::valid()
        .edit(
            GATEWAY_PATH,
            "  test_cards:\n",
            "    - name: oauth\n      doc: Bearer tokens.\n      params: []\n  test_cards:\n",
        )
        .edit(ENDPOINT_PATH, "  auth: rest\n", "  auth: oauth  # <<<\n")
        .edit(
            ENDPOINT_PATH,
            "    - {name: userName, required: {when: \"unless token is sent\"}}\n    - {name: password, required: {when: \"unless token is sent\"}}\n",
            "",
        )
        .edit(ENDPOINT_PATH, "  auth_params:\n", "  auth_params: []\n")
        .expect_error(
            ENDPOINT_PATH,
            &["auth scheme `oauth` is not one the client implements (rest, wallet)"],
        );
}

/// The wallet endpoint of `common`, marked at its name (where a response
/// mistake is reported).
fn wallet_endpoint(error_type: &str) -> Spec {
    common::wallet_endpoint(error_type).edit(
        ENDPOINT_PATH,
        "  name: GetStatus\n",
        "  name: GetStatus  # <<<\n",
    )
}

#[test]
fn wallet_endpoint_is_accepted() {
    let spec = wallet_endpoint(common::WALLET_ERROR);
    bereke_codegen::generate(&spec.source()).unwrap_or_else(|d| panic!("{d}"));
}

#[test]
fn response_style_carries_its_fields() {
    use bereke_codegen::model::{FieldRef, ResponseStyle};
    let field = |wire: &str, rust: &str| FieldRef {
        wire: wire.into(),
        rust: rust.into(),
    };
    let api = bereke_codegen::check(&Spec::valid().source()).expect("the fixture is valid");
    assert_eq!(
        api.endpoints[0].response_style,
        ResponseStyle::ErrorCode {
            code: field("errorCode", "error_code"),
            message: field("errorMessage", "error_message"),
        }
    );
    // Rust names of the spec's choosing are what the model carries.
    let renamed = common::WALLET_ERROR
        .replace("{name: code,", "{name: code, rust: number,")
        .replace("{name: message,", "{name: message, rust: text,");
    let api = bereke_codegen::check(&wallet_endpoint(&renamed).source()).expect("valid");
    assert_eq!(
        api.endpoints[0].response_style,
        ResponseStyle::Wallet {
            success: field("success", "success"),
            error: field("error", "error"),
            error_code: field("code", "number"),
            error_message: field("message", "text"),
        }
    );
}

#[test]
fn wallet_error_block_that_is_not_a_shared_type() {
    // An endpoint's own request type is an object, but not a shared block.
    wallet_endpoint(common::WALLET_ERROR)
        .edit(
            ENDPOINT_PATH,
            "        type: WalletError\n",
            "        type: GetStatusRequest\n",
        )
        .expect_error_among(
            ENDPOINT_PATH,
            &["the wallet error type `GetStatusRequest` must be a shared type"],
        );
}

#[test]
fn wallet_error_type_without_code_and_message() {
    wallet_endpoint(
        "  - name: WalletError\n    doc: An error.\n    fields:\n      - {name: code, type: string, required: false, doc: Code.}\n",
    )
    .expect_error(
        ENDPOINT_PATH,
        &["the wallet error type `WalletError` needs an integer `code` and a string `message`"],
    );
}

// ---- the gateway -----------------------------------------------------------

#[test]
fn no_gateway_section() {
    let diags = Spec::valid().without_file(GATEWAY_PATH).diagnostics();
    assert_eq!(diags.0.len(), 1, "{diags}");
    assert_eq!(diags.0[0].file, "spec");
    assert_eq!(diags.0[0].line, 0);
    assert!(
        diags.0[0].message.contains("no `gateway` section"),
        "{diags}"
    );
    assert_eq!(
        diags.to_string(),
        "spec: no `gateway` section in any spec file"
    );
}

#[test]
fn two_gateway_sections() {
    let other = "spec/other.yaml";
    Spec::valid()
        .with_file(
            other,
            &GATEWAY.replace("  name: Test gateway\n", "  name: Test gateway  # <<<\n"),
        )
        .expect_error(other, &["a second `gateway` section"]);
}

#[test]
fn environment_base_url_not_https() {
    Spec::valid()
        .edit(
            GATEWAY_PATH,
            "    - name: test\n",
            "    - name: test  # <<<\n",
        )
        .edit(
            GATEWAY_PATH,
            "https://test.example/payment/",
            "http://test.example/payment/",
        )
        .expect_error(
            GATEWAY_PATH,
            &["environment `test`: base_url must be https"],
        );
}

#[test]
fn environment_name_without_a_rust_name() {
    Spec::valid()
        .edit(
            GATEWAY_PATH,
            "    - name: test\n",
            "    - name: \"1\"  # <<<\n",
        )
        .expect_error(
            GATEWAY_PATH,
            &["environment `1`: the name does not make a Rust constant (`1_BASE_URL`)"],
        );
}

#[test]
fn two_environments_with_one_constant() {
    let spec = Spec::valid().edit(
        GATEWAY_PATH,
        "      doc: The test environment.\n",
        "      doc: The test environment.\n    - name: Test  # <<<\n      base_url: https://other.example/payment/\n      doc: Again.\n",
    );
    let first = spec.line_of(GATEWAY_PATH, "- name: test");
    spec.expect_error(
        GATEWAY_PATH,
        &[
            "environment `Test`: constant `TEST_BASE_URL` already made",
            &format!("at line {first}"),
        ],
    );
}

#[test]
fn two_test_cards_with_one_constant() {
    Spec::valid()
        .edit(
            GATEWAY_PATH,
            "      doc: Pays at once, without 3-D Secure.\n",
            "      doc: Pays at once, without 3-D Secure.\n    - name: SSL  # <<<\n      pan: \"4111111111111111\"\n      expiry: \"12/24\"\n      cvc: \"123\"\n      doc: Again.\n",
        )
        .expect_error(GATEWAY_PATH, &["test card `SSL`: constant `CARD_SSL` already made"]);
}

#[test]
fn test_card_pan_not_digits() {
    Spec::valid()
        .edit(
            GATEWAY_PATH,
            "    - name: ssl\n",
            "    - name: ssl  # <<<\n",
        )
        .edit(
            GATEWAY_PATH,
            "\"4444555511113333\"",
            "\"4444 5555 1111 3333\"",
        )
        .expect_error(GATEWAY_PATH, &["test card `ssl`: pan must be digits"]);
}

// ---- many mistakes ---------------------------------------------------------

#[test]
fn several_mistakes_are_all_reported() {
    let spec = Spec::valid()
        .edit(ENUMS_PATH, "      - value: 2\n", "      - value: 0\n")
        .edit(TYPES_PATH, "        doc: Card expiry.\n", "")
        .edit(
            ENDPOINT_PATH,
            "        type: OrderStatus\n",
            "        type: Nope\n",
        )
        .edit(ENDPOINT_PATH, "    - code: 6\n", "    - code: 0\n")
        .edit(ENDPOINT_PATH, "  auth: rest\n", "  auth: oauth\n");
    let diags = spec.diagnostics();
    let found: Vec<(&str, u64)> = diags.0.iter().map(|d| (d.file.as_str(), d.line)).collect();
    let expected = [
        (ENDPOINT_PATH, spec.line_of(ENDPOINT_PATH, "auth: oauth")),
        (ENDPOINT_PATH, spec.line_of(ENDPOINT_PATH, "type: Nope")),
        (ENDPOINT_PATH, spec.lines_of(ENDPOINT_PATH, "- code: 0")[1]),
        (ENUMS_PATH, spec.lines_of(ENUMS_PATH, "- value: 0")[1]),
        (TYPES_PATH, spec.line_of(TYPES_PATH, "- name: expiry")),
    ];
    for (file, line) in expected {
        assert!(
            found.contains(&(file, line)),
            "no diagnostic at {file}:{line}:\n{diags}"
        );
    }
    // Sorted by file, then line.
    let mut sorted = found.clone();
    sorted.sort();
    assert_eq!(found, sorted, "{diags}");
    let text = diags.to_string();
    for words in [
        "unknown auth scheme `oauth`",
        "unknown type `Nope`",
        "error code 0 listed twice",
        "duplicate value `0` in enum `OrderStatus`",
        "field `expiry` has no `doc`",
    ] {
        assert!(text.contains(words), "{words:?} missing from:\n{text}");
    }
    assert_eq!(text.lines().count(), diags.0.len());
}

// ---- sources: Bereke's document or the vendor's API only --------------------

/// The fixture's endpoint marked vendor-only with a note.
fn vendor_endpoint() -> Spec {
    Spec::valid().edit(
        ENDPOINT_PATH,
        "  response_style: error_code\n",
        "  response_style: error_code\n  source: vendor\n  note: From the vendor's API.\n",
    )
}

#[test]
fn vendor_only_endpoint_is_marked() {
    let api = bereke_codegen::check(&vendor_endpoint().source()).expect("valid");
    let ep = &api.endpoints[0];
    assert!(ep.vendor_only);
    assert!(ep.request.docs.doc.contains("not in Bereke's document"));
    let api = bereke_codegen::check(&Spec::valid().source()).expect("valid");
    assert!(
        !api.endpoints[0].vendor_only,
        "the bank's document by default"
    );
}

#[test]
fn unknown_source() {
    Spec::valid()
        .edit(
            ENDPOINT_PATH,
            "  response_style: error_code\n",
            "  response_style: error_code\n  source: rumour  # <<<\n",
        )
        .expect_error(ENDPOINT_PATH, &["unknown source `rumour`"]);
}

#[test]
fn vendor_endpoint_without_a_note() {
    Spec::valid()
        .edit(
            ENDPOINT_PATH,
            "  response_style: error_code\n",
            "  response_style: error_code\n  source: vendor  # <<<\n",
        )
        .expect_error(ENDPOINT_PATH, &["endpoint `GetStatus`", "has no `note`"]);
}

#[test]
fn vendor_field_without_a_note() {
    with_request_field(
        "      - name: merchantLogin\n        type: string\n        required: false\n        doc: A login.\n        source: vendor  # <<<\n",
    )
    .expect_error(ENDPOINT_PATH, &["field `merchantLogin`", "has no `note`"]);
}

#[test]
fn vendor_field_is_documented_as_such() {
    let spec = with_request_field(
        "      - name: merchantLogin\n        type: string\n        required: false\n        doc: A login.\n        source: vendor\n        note: From the vendor's API.\n",
    );
    let api = bereke_codegen::check(&spec.source()).expect("valid");
    let field = api.endpoints[0]
        .request
        .fields
        .iter()
        .find(|f| f.wire == "merchantLogin")
        .unwrap();
    assert!(field.docs.doc.contains("Only in the gateway vendor's API"));
}

#[test]
fn bank_field_in_a_vendor_endpoint() {
    vendor_endpoint()
        .edit(
            ENDPOINT_PATH,
            "        doc: Language of errorMessage.\n",
            "        doc: Language of errorMessage.\n        source: bank  # <<<\n",
        )
        .expect_error(ENDPOINT_PATH, &["field `language` says `source: bank`"]);
}

// ---- shared field groups -----------------------------------------------------

const GROUPS_PATH: &str = "spec/groups/lookup.yaml";

/// A group holding the fixture endpoint's `orderId` and `orderNumber`.
const GROUPS: &str = r#"field_groups:
  - name: order_lookup
    doc: How an order is named.
    fields:
      - name: orderId
        type: string
        order_ref: true
        required: {when: "unless orderNumber is sent"}
        constraints: {max_length: 36}
        doc: Number of the order in the payment gateway.
      - name: orderNumber
        type: string
        order_ref: true
        required: {when: "instead of orderId"}
        constraints: {max_length: 30}
        doc: Number of the order in the merchant's system.
"#;

/// The fixture with its first two request fields taken from [`GROUPS`],
/// `include` written as given.
fn with_group(include: &str) -> Spec {
    let own = "    fields:\n      - name: orderId\n        type: string\n        order_ref: true\n        required: {when: \"unless orderNumber is sent\"}\n        constraints: {max_length: 36}\n        doc: Number of the order in the payment gateway.\n      - name: orderNumber\n        type: string\n        order_ref: true\n        required: {when: \"instead of orderId\"}\n        constraints: {max_length: 30}\n        doc: Number of the order in the merchant's system.\n      - name: language\n";
    Spec::valid()
        .edit(
            ENDPOINT_PATH,
            own,
            &format!("{include}    fields:\n      - name: language\n"),
        )
        .with_file(GROUPS_PATH, GROUPS)
}

#[test]
fn an_included_group_gives_the_same_endpoint_as_its_fields_written_out() {
    let written = bereke_codegen::check(&Spec::valid().source()).expect("valid");
    let grouped =
        bereke_codegen::check(&with_group("    include: {group: order_lookup}\n").source())
            .expect("a spec with a group is valid");
    let names = |api: &bereke_codegen::model::Api| -> Vec<String> {
        api.endpoints[0]
            .request
            .fields
            .iter()
            .map(|f| f.wire.clone())
            .collect()
    };
    assert_eq!(names(&grouped), names(&written));
    assert_eq!(names(&grouped), ["orderId", "orderNumber", "language"]);
    assert_eq!(
        bereke_codegen::generate(&with_group("    include: {group: order_lookup}\n").source())
            .expect("generates")
            .iter()
            .map(|f| f.contents.clone())
            .collect::<Vec<_>>(),
        bereke_codegen::generate(&Spec::valid().source())
            .expect("generates")
            .iter()
            .map(|f| f.contents.clone())
            .collect::<Vec<_>>(),
        "the generated code does not depend on where a field is written"
    );
}

#[test]
fn an_override_changes_one_endpoints_copy_only() {
    let spec = with_group(
        "    include:\n      group: order_lookup\n      override:\n        orderNumber: {required: true, note: Required here.}\n",
    );
    let api = bereke_codegen::check(&spec.source()).expect("valid");
    let field = &api.endpoints[0].request.fields[1];
    assert_eq!(field.wire, "orderNumber");
    assert_eq!(
        field.required,
        bereke_codegen::model::Requirement::Always,
        "the override makes it required"
    );
    assert_eq!(field.docs.note.as_deref(), Some("Required here."));
}

#[test]
fn an_unknown_group_is_reported_where_it_is_included() {
    with_group("    include: {group: order_lokup}  # <<<\n")
        .expect_error_among(ENDPOINT_PATH, &["unknown field group `order_lokup`"]);
}

#[test]
fn an_override_of_a_field_the_group_lacks_is_reported() {
    with_group(
        "    include:\n      group: order_lookup\n      override:\n        orderNumbr: {required: true}  # <<<\n",
    )
    .expect_error(ENDPOINT_PATH, &["no field `orderNumbr` to override"]);
}

#[test]
fn an_unused_group_is_reported_where_it_is_defined() {
    Spec::valid()
        .with_file(
            GROUPS_PATH,
            &GROUPS.replace(
                "  - name: order_lookup\n",
                "  - name: order_lookup  # <<<\n",
            ),
        )
        .expect_error(GROUPS_PATH, &["`order_lookup` is included by no endpoint"]);
}

#[test]
fn a_mistake_in_a_group_field_is_reported_in_the_group_file() {
    let spec = with_group("    include: {group: order_lookup}\n");
    let text = spec.text(GROUPS_PATH).replace(
        "      - name: orderNumber\n        type: string\n",
        "      - name: orderNumber\n        type: strnig  # <<<\n",
    );
    spec.with_file(GROUPS_PATH, &text)
        .expect_error_among(GROUPS_PATH, &["strnig"]);
}

#[test]
fn a_field_written_both_in_the_group_and_the_endpoint_is_a_duplicate() {
    let spec = with_group("    include: {group: order_lookup}\n").edit(
        ENDPOINT_PATH,
        "    fields:\n      - name: language\n",
        "    fields:\n      - name: orderId  # <<<\n        type: string\n        required: false\n        doc: Again.\n      - name: language\n",
    );
    spec.expect_error_among(
        ENDPOINT_PATH,
        &["duplicate wire name `orderId`", GROUPS_PATH],
    );
}

#[test]
fn a_second_answer_language_field_beside_a_groups_is_reported_with_both_places() {
    let group = GROUPS.replace(
        "        constraints: {max_length: 30}\n        doc: Number of the order in the merchant's system.\n",
        "        constraints: {max_length: 30}\n        doc: Number of the order in the merchant's system.\n      - name: lang\n        type: string\n        answer_language: true\n        required: false\n        doc: Language of the answer.\n",
    );
    let spec = with_group("    include: {group: order_lookup}\n")
        .with_file(GROUPS_PATH, &group)
        .edit(
            ENDPOINT_PATH,
            LANGUAGE_MARK,
            "        doc: Language of errorMessage.\n        answer_language: true  # <<<\n",
        );
    let first = spec.line_of(GROUPS_PATH, "answer_language: true");
    spec.expect_error(
        ENDPOINT_PATH,
        &[
            "a second `answer_language` field, `language`",
            &format!("(first at {GROUPS_PATH}:{first})"),
        ],
    );
}

#[test]
fn payment_info_without_its_russian() {
    Spec::valid()
        .edit(
            GATEWAY_PATH,
            "  environments:\n",
            "  payment_info:\n    - {name: Processed, means: processed, en: \"Done.\", kk: \"Өңделді.\", ru: \" \"}  # <<<\n  environments:\n",
        )
        .expect_error(
            GATEWAY_PATH,
            &["payment info `Processed` needs `en`, `kk` and `ru`, none empty"],
        );
}
