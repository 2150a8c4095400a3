//! The published JSON Schema is a valid 2020-12 document and accepts every
//! example of the document and every corpus body, as a real validator sees it.

use bereke_tests::{corpus_bodies, corpus_dir};
use bereke_types::registry::ENDPOINTS;
use serde_json::{json, Value};

fn document() -> Value {
    let path = bereke_tests::workspace_root().join("schema/bereke.schema.json");
    serde_json::from_str(&std::fs::read_to_string(path).expect("schema file")).expect("JSON")
}

/// A validator for one definition of the document.
fn validator(doc: &Value, def: &str) -> jsonschema::Validator {
    let mut schema = doc.clone();
    schema["$ref"] = json!(format!("#/$defs/{def}"));
    jsonschema::draft202012::new(&schema).unwrap_or_else(|e| panic!("{def}: {e}"))
}

fn assert_valid(doc: &Value, def: &str, instance: &Value, what: &str) {
    let v = validator(doc, def);
    let errors: Vec<String> = v
        .iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{what} against {def}: {errors:?}");
}

#[test]
fn document_is_valid_against_the_2020_12_meta_schema() {
    let doc = document();
    assert_eq!(
        doc["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    jsonschema::draft202012::meta::validate(&doc).expect("valid 2020-12 schema");
    let defs = doc["$defs"].as_object().unwrap();
    assert!(defs.contains_key("RegisterRequest") && defs.contains_key("OrderStatus"));
}

#[test]
fn every_doc_example_validates() {
    let doc = document();
    let mut checked = 0;
    for entry in ENDPOINTS {
        for ex in entry.examples {
            let Some(json) = ex.json else { continue };
            let instance: Value = serde_json::from_str(json).unwrap();
            let def = if ex.is_request {
                entry.request
            } else {
                entry.response
            };
            assert_valid(&doc, def, &instance, ex.title);
            checked += 1;
        }
    }
    assert!(checked >= 17, "only {checked} examples validated");
}

#[test]
fn every_corpus_body_validates() {
    let Some(dir) = corpus_dir() else { return };
    let doc = document();
    for b in corpus_bodies(&dir) {
        let entry = bereke_tests::endpoint(b.endpoint);
        assert_valid(&doc, entry.response, &b.json, &b.name);
    }
}

#[test]
fn schema_accepts_both_wire_forms_and_rejects_wrong_values() {
    let doc = document();
    let v = validator(&doc, "GetOrderStatusExtendedResponse");
    assert!(v.is_valid(&json!({"errorCode": "0", "currency": "978", "amount": 2000})));
    assert!(v.is_valid(&json!({"errorCode": 0, "currency": 978, "amount": "2000"})));
    assert!(
        !v.is_valid(&json!({"amount": -5})),
        "negative amounts are refused"
    );
    assert!(
        !v.is_valid(&json!({"amount": "20.00"})),
        "decimal text is refused"
    );
    assert!(
        !v.is_valid(&json!({"orderStatus": "deposited"})),
        "an integer enum is not free text"
    );
    assert!(
        !v.is_valid(&json!({"attributes": {"name": "x"}})),
        "a list is a list"
    );
}

#[test]
fn every_endpoint_is_described_with_resolvable_references() {
    let doc = document();
    let endpoints = doc["x-endpoints"].as_object().expect("x-endpoints");
    assert_eq!(endpoints.len(), ENDPOINTS.len());
    for (method, e) in endpoints {
        for side in ["request", "response"] {
            let reference = e[side]["$ref"].as_str().expect("$ref");
            let name = reference.strip_prefix("#/$defs/").expect("local reference");
            assert!(
                doc["$defs"].get(name).is_some(),
                "{method}.{side} -> {reference}"
            );
        }
        assert!(
            e["path"].as_str().is_some_and(|p| p.ends_with(".do")),
            "{method}"
        );
    }
    assert_eq!(
        endpoints["refund"]["retry"]["whenPresent"][0],
        "externalRefundId"
    );
    assert_eq!(
        endpoints["apple_pay_payment"]["contentType"],
        "application/json"
    );
}
