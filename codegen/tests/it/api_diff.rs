//! `api-diff` on pairs of fixture specs, one kind of change each: what it
//! means for users (breaking, additive, documentation) and the bump.

use crate::common;

use bereke_codegen::apidiff::{self, Bump, Change, Report, Section};
use common::{Spec, ENDPOINT, ENDPOINT_PATH, ENUMS_PATH, TYPES_PATH};

fn api(spec: &Spec) -> bereke_codegen::model::Api {
    bereke_codegen::check(&spec.source()).unwrap_or_else(|d| panic!("{d}\n{}", spec.dump()))
}

fn report(old: &Spec, new: &Spec) -> Report {
    apidiff::diff(Some(&api(old)), &api(new))
}

/// The one change between two specs that differ in one edit.
fn only(old: &Spec, new: &Spec) -> (Bump, Change) {
    let r = report(old, new);
    assert_eq!(r.changes.len(), 1, "{:#?}", r.changes);
    (r.bump, r.changes[0].clone())
}

fn assert_change(old: &Spec, new: &Spec, kind: &str, name: &str, bump: Bump) -> Change {
    let (b, c) = only(old, new);
    assert_eq!((c.kind, c.name.as_str(), b), (kind, name, bump), "{c:#?}");
    assert_eq!(c.breaking, bump == Bump::Breaking, "{c:#?}");
    c
}

fn base() -> Spec {
    Spec::valid()
}

/// The fixture with `language` required, so its request has a constructor argument.
fn with_required_language() -> Spec {
    base().edit(
        ENDPOINT_PATH,
        "      - name: language\n        type: string\n        required: false",
        "      - name: language\n        type: string\n        required: true",
    )
}

const NEW_FIELD: &str = "      - name: language\n";

fn with_request_field(required: &str) -> Spec {
    base().edit(
        ENDPOINT_PATH,
        NEW_FIELD,
        &format!("      - name: clientId\n        type: string\n        required: {required}\n        doc: The customer's id.\n{NEW_FIELD}"),
    )
}

#[test]
fn the_same_spec_is_no_change() {
    let r = report(&base(), &base());
    assert_eq!((r.bump, r.changes.len()), (Bump::None, 0));
}

#[test]
fn endpoints_added_and_removed() {
    let other = ENDPOINT
        .replace("name: GetStatus", "name: GetHistory")
        .replace("rest/getStatus.do", "rest/getHistory.do");
    let more = base().with_file("spec/endpoints/get_history.yaml", &other);
    let c = assert_change(
        &base(),
        &more,
        "endpoint_added",
        "rest/getHistory.do",
        Bump::Additive,
    );
    assert!(c.message.contains("Client::get_history"), "{}", c.message);
    assert_change(
        &more,
        &base(),
        "endpoint_removed",
        "rest/getHistory.do",
        Bump::Breaking,
    );
}

#[test]
fn a_new_optional_request_field_is_additive_and_a_required_one_changes_new() {
    let c = assert_change(
        &base(),
        &with_request_field("false"),
        "field_added",
        "clientId",
        Bump::Additive,
    );
    assert_eq!(c.section, Section::Added);
    let c = assert_change(
        &base(),
        &with_request_field("true"),
        "field_added",
        "clientId",
        Bump::Breaking,
    );
    assert!(c.message.contains("GetStatusRequest::new"), "{}", c.message);
    assert_change(
        &with_request_field("false"),
        &base(),
        "field_removed",
        "clientId",
        Bump::Breaking,
    );
}

#[test]
fn optional_to_required_and_back_both_break_the_constructor() {
    let c = assert_change(
        &base(),
        &with_required_language(),
        "required_changed",
        "language",
        Bump::Breaking,
    );
    assert!(c.message.contains("takes it"), "{}", c.message);
    // For schema users this is compatible; for Rust users `new` loses an argument.
    let c = assert_change(
        &with_required_language(),
        &base(),
        "required_changed",
        "language",
        Bump::Breaking,
    );
    assert!(c.message.contains("no longer takes it"), "{}", c.message);
}

#[test]
fn a_type_or_wire_name_change_breaks() {
    let retyped = base().edit(ENDPOINT_PATH, "type: amount", "type: integer");
    assert_change(&base(), &retyped, "type_changed", "amount", Bump::Breaking);

    let renamed = base().edit(
        ENDPOINT_PATH,
        "      - name: language",
        "      - name: lang\n        rust: language",
    );
    let r = report(&base(), &renamed);
    let kinds: Vec<(&str, &str)> = r
        .changes
        .iter()
        .map(|c| (c.kind, c.name.as_str()))
        .collect();
    assert_eq!(
        kinds,
        [("field_added", "lang"), ("field_removed", "language")]
    );
    assert_eq!(r.bump, Bump::Breaking);

    let rust_renamed = base().edit(
        ENDPOINT_PATH,
        "      - name: language",
        "      - name: language\n        rust: lang",
    );
    assert_change(
        &base(),
        &rust_renamed,
        "rust_name_changed",
        "language",
        Bump::Breaking,
    );

    let moved = base().edit(
        ENDPOINT_PATH,
        "path: rest/getStatus.do",
        "path: rest/getOrderStatus.do",
    );
    assert_change(
        &base(),
        &moved,
        "path_changed",
        "rest/getOrderStatus.do",
        Bump::Breaking,
    );
}

#[test]
fn response_fields_added_or_narrowed() {
    let more = base().edit(
        ENDPOINT_PATH,
        "      - name: cardInfo\n",
        "      - name: ip\n        type: string\n        required: false\n        doc: The payer's IP address.\n      - name: cardInfo\n",
    );
    let c = assert_change(&base(), &more, "field_added", "ip", Bump::Additive);
    assert!(c.message.contains("GetStatusResponse::ip"), "{}", c.message);
    assert_change(&more, &base(), "field_removed", "ip", Bump::Breaking);

    let strict = base().edit(
        ENDPOINT_PATH,
        "        lenient: true\n        aliases: [ErrorCode]\n",
        "        aliases: [ErrorCode]\n",
    );
    assert_change(
        &base(),
        &strict,
        "response_type_narrowed",
        "errorCode",
        Bump::Breaking,
    );
    assert_change(
        &strict,
        &base(),
        "response_type_widened",
        "errorCode",
        Bump::Additive,
    );

    let nested = base().edit(
        TYPES_PATH,
        "      - name: expiry\n",
        "      - name: paymentSystem\n        type: string\n        required: false\n        doc: Card scheme.\n      - name: expiry\n",
    );
    let c = assert_change(
        &base(),
        &nested,
        "field_added",
        "paymentSystem",
        Bump::Additive,
    );
    assert_eq!(c.endpoint, "CardInfo");
}

#[test]
fn enum_values_added_are_additive_because_enums_are_open() {
    let more = base().edit(
        ENUMS_PATH,
        "      - value: 2\n",
        "      - value: 1\n        name: Approved\n        doc: The amount is held.\n      - value: 2\n",
    );
    let c = assert_change(&base(), &more, "enum_value_added", "1", Bump::Additive);
    assert!(c.message.contains("Unknown"), "{}", c.message);
    assert_change(&more, &base(), "enum_value_removed", "1", Bump::Breaking);
    let renamed = base().edit(ENUMS_PATH, "name: Registered", "name: Created");
    assert_change(&base(), &renamed, "enum_value_renamed", "0", Bump::Breaking);
    let no_alias = base().edit(ENUMS_PATH, "        aliases: [created]\n", "");
    assert_change(
        &base(),
        &no_alias,
        "response_type_narrowed",
        "CREATED",
        Bump::Breaking,
    );
}

#[test]
fn error_codes_added_and_removed() {
    let more = base().edit(
        ENDPOINT_PATH,
        "  examples:\n",
        "    - code: 7\n      name: SystemError\n      doc: A system error.\n      messages:\n        - {en: \"System error.\", kk: \"Жүйелік қате.\"}\n  examples:\n",
    );
    assert_change(&base(), &more, "error_code_added", "7", Bump::Additive);
    assert_change(&more, &base(), "error_code_removed", "7", Bump::Breaking);
}

#[test]
fn constraints_tightened_break_and_loosened_do_not() {
    let strict = base().edit(
        ENDPOINT_PATH,
        "constraints: {max_length: 30}",
        "constraints: {max_length: 20}",
    );
    let c = assert_change(
        &base(),
        &strict,
        "constraint_tightened",
        "orderNumber",
        Bump::Breaking,
    );
    assert!(
        c.message
            .contains("at most 30 characters → at most 20 characters"),
        "{}",
        c.message
    );
    assert_change(
        &strict,
        &base(),
        "constraint_loosened",
        "orderNumber",
        Bump::Additive,
    );
}

#[test]
fn documentation_only_changes_are_kept_apart_and_need_no_bump() {
    let reworded = base()
        .edit(
            ENDPOINT_PATH,
            "doc: Description of the error.",
            "doc: What went wrong.",
        )
        .edit(
            ENDPOINT_PATH,
            "kk: \"Тіркелмеген orderId.\"",
            "kk: \"Тіркелмеген orderId\"",
        );
    let r = report(&base(), &reworded);
    assert_eq!(r.bump, Bump::None);
    assert_eq!(r.changes.len(), 2, "{:#?}", r.changes);
    assert!(r
        .changes
        .iter()
        .all(|c| c.section == Section::Documentation && !c.breaking));
}

#[test]
fn versions_follow_cargo_rules_for_0x() {
    assert_eq!(Bump::Breaking.next_version("0.1.3"), "0.2.0");
    assert_eq!(Bump::Additive.next_version("0.1.3"), "0.1.4");
    assert_eq!(Bump::None.next_version("0.1.3"), "0.1.3");
    assert_eq!(Bump::Breaking.next_version("1.4.2"), "2.0.0");
    assert_eq!(Bump::Additive.next_version("1.4.2"), "1.5.0");
}

#[test]
fn the_changelog_groups_changes_and_marks_breaking_ones() {
    let new = with_request_field("true").edit(
        ENDPOINT_PATH,
        "doc: Description of the error.",
        "doc: What went wrong.",
    );
    let r = report(&base(), &new);
    let text = apidiff::changelog(&r, &r.bump.next_version("0.1.0"), "Unreleased");
    assert!(text.starts_with("## [0.2.0] - Unreleased\n"), "{text}");
    let changed = text.find("### Changed").expect("a Changed section");
    let docs = text
        .find("### Documentation")
        .expect("a Documentation section");
    assert!(changed < docs, "{text}");
    assert!(
        text.contains("- **Breaking:** `GetStatus` `clientId`:"),
        "{text}"
    );
    assert!(!text.contains("### Removed"), "{text}");

    let json = serde_json::to_value(&r).expect("the report serializes");
    assert_eq!(json["bump"], "breaking");
    let first = &json["changes"][0];
    for key in ["kind", "endpoint", "name", "breaking", "message"] {
        assert!(first.get(key).is_some(), "no {key} in {first}");
    }
}

#[test]
fn the_first_release_lists_every_endpoint() {
    let r = apidiff::diff(None, &api(&base()));
    assert_eq!(r.bump, Bump::Additive);
    let names: Vec<&str> = r.changes.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["rest/getStatus.do"]);
}
