//! The published JSON Schema is a valid 2020-12 document and accepts every
//! example of the document and every corpus body, as a real validator sees it.

use bereke_tests::catalog::endpoints;
use bereke_tests::{corpus_bodies, corpus_dir};
use serde_json::{json, Value};

fn document() -> Value {
    let path = bereke_tests::workspace_root().join("schema/bereke.schema.json");
    serde_json::from_str(&std::fs::read_to_string(path).expect("schema file")).expect("JSON")
}

/// A validator for one definition of the document.
fn validator(doc: &Value, def: &str) -> jsonschema::Validator {
    // Only the definitions: the root itself is an index object.
    let schema = json!({
        "$schema": doc["$schema"],
        "$ref": format!("#/$defs/{def}"),
        "$defs": doc["$defs"],
    });
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
    for entry in endpoints() {
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
    assert_eq!(endpoints.len(), bereke_tests::catalog::endpoints().len());
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

/// Every node of a JSON value, depth first.
fn walk<'a>(value: &'a Value, out: &mut Vec<&'a Value>) {
    out.push(value);
    match value {
        Value::Object(map) => map.values().for_each(|v| walk(v, out)),
        Value::Array(items) => items.iter().for_each(|v| walk(v, out)),
        _ => {}
    }
}

#[test]
fn the_root_reaches_every_definition() {
    let doc = document();
    let defs = doc["$defs"].as_object().unwrap();
    let index = doc["properties"].as_object().expect("root properties");
    assert_eq!(doc["type"], "object");
    for name in defs.keys() {
        assert_eq!(
            index[name]["$ref"],
            format!("#/$defs/{name}"),
            "the root does not reach {name}"
        );
    }
    assert_eq!(index.len(), defs.len());
}

#[test]
fn only_json_schema_formats_and_one_definition_per_leniency() {
    let doc = document();
    let standard = [
        "date-time",
        "date",
        "time",
        "duration",
        "email",
        "uri",
        "uuid",
        "ipv4",
        "ipv6",
    ];
    let mut nodes = Vec::new();
    walk(&doc["$defs"], &mut nodes);
    for node in &nodes {
        if let Some(format) = node.get("format").and_then(Value::as_str) {
            assert!(standard.contains(&format), "non-standard format {format}");
        }
        // A mixed-type enumeration breaks generators; leniency is a $ref.
        assert!(
            !(node.get("enum").is_some() && node.get("type").is_some_and(Value::is_array)),
            "mixed-type enum {node}"
        );
    }
    let text = serde_json::to_string(&doc["$defs"]).unwrap();
    for pattern in ["^(-?[0-9]+)?$", "^(true|false|TRUE|FALSE|True|False|1|0)$"] {
        let quoted = serde_json::to_string(pattern).unwrap();
        assert_eq!(
            text.matches(&quoted).count(),
            1,
            "{pattern} is written once, in its shared definition"
        );
    }
    let v = validator(&doc, "PaymentOrderRequest");
    let base = json!({"MDORDER": "x", "$PAN": "4444555511113333", "$CVC": "123", "YYYY": "2024", "MM": "12", "TEXT": "A B"});
    for ok in [json!(true), json!("TRUE"), json!("0"), json!(1)] {
        let mut body = base.clone();
        body["threeDSSDK"] = ok.clone();
        assert!(v.is_valid(&body), "threeDSSDK {ok} is a boolean");
    }
    for bad in [json!("yes"), json!(2)] {
        let mut body = base.clone();
        body["threeDSSDK"] = bad.clone();
        assert!(!v.is_valid(&body), "threeDSSDK {bad} is not a boolean");
    }
}

#[test]
fn open_enumerations_name_their_known_values_and_accept_others() {
    let doc = document();
    let defs = doc["$defs"].as_object().unwrap();
    let mut open = 0;
    for (name, def) in defs {
        let Some(known_name) = name.strip_suffix("Known") else {
            continue;
        };
        open += 1;
        let values = def["enum"].as_array().expect("enum");
        let names = def["x-enum-varnames"].as_array().expect("x-enum-varnames");
        assert_eq!(values.len(), names.len(), "{name}");
        assert_eq!(
            defs[known_name]["anyOf"][0]["$ref"],
            format!("#/$defs/{name}")
        );
    }
    assert!(open >= 20, "only {open} open enumerations");
    assert!(validator(&doc, "OrderStatus").is_valid(&json!(99)));
    assert!(!validator(&doc, "OrderStatusKnown").is_valid(&json!(99)));
    assert!(validator(&doc, "OrderStatusKnown").is_valid(&json!(2)));
    assert!(validator(&doc, "PaymentSystem").is_valid(&json!("VIZA")));
    assert!(!validator(&doc, "PaymentSystemKnown").is_valid(&json!("VIZA")));
    assert_eq!(defs["OrderStatusKnown"]["x-enum-varnames"][2], "Deposited");
}

#[test]
fn aliases_are_declared_with_the_same_schema() {
    let doc = document();
    let refund = &doc["$defs"]["RefundResponse"]["properties"];
    assert_eq!(refund["ErrorCode"]["anyOf"], refund["errorCode"]["anyOf"]);
    assert!(doc["$defs"]["CardAuthInfo"]["properties"]["cardHolderName"].is_object());
    let v = validator(&doc, "RefundResponse");
    assert!(v.is_valid(&json!({"ErrorCode": "7", "ErrorMessage": "System error"})));
    assert!(
        !v.is_valid(&json!({"ErrorCode": "seven"})),
        "an alias is checked like its field"
    );
}

/// The JSON value of a form field's text, by the property's declared type:
/// the rule the root description gives for form requests.
fn form_value(doc: &Value, schema: &Value, text: &str) -> Value {
    let schema = match schema["$ref"].as_str() {
        Some(r) => &doc["$defs"][r.trim_start_matches("#/$defs/")],
        None => schema,
    };
    if let Some(branches) = schema["anyOf"].as_array() {
        let first = branches.iter().find(|b| b["type"] != "null").unwrap();
        return form_value(doc, first, text);
    }
    let types: Vec<&str> = match &schema["type"] {
        Value::String(t) => vec![t.as_str()],
        Value::Array(ts) => ts.iter().filter_map(Value::as_str).collect(),
        _ => vec![],
    };
    if types.contains(&"integer") {
        json!(text.parse::<i64>().expect("integer text"))
    } else if types.contains(&"boolean") {
        json!(text == "true")
    } else {
        json!(text)
    }
}

#[test]
fn form_requests_validate_as_models_not_as_their_wire_text() {
    let doc = document();
    let credentials: Vec<&str> = bereke_tests::catalog::api()
        .gateway
        .auth
        .iter()
        .flat_map(|a| a.params.iter().map(|p| p.wire.as_str()))
        .collect();
    let (mut checked, mut text_refused) = (0, 0);
    for entry in endpoints() {
        let def = &doc["$defs"][entry.request];
        assert_eq!(def["x-content-type"], entry.info.content_type.mime());
        for ex in entry.examples.iter().filter(|e| !e.form.is_empty()) {
            let pairs = ex.form.iter().filter(|(k, _)| !credentials.contains(k));
            let (mut model, mut wire) = (json!({}), json!({}));
            for (key, text) in pairs {
                model[*key] = form_value(&doc, &def["properties"][*key], text);
                wire[*key] = json!(text);
            }
            assert_valid(&doc, entry.request, &model, ex.title);
            checked += 1;
            if model != wire {
                let v = validator(&doc, entry.request);
                assert!(
                    !v.is_valid(&wire),
                    "{}: wire text is not the model",
                    ex.title
                );
                text_refused += 1;
            }
        }
    }
    assert!(checked >= 9, "only {checked} form examples");
    assert!(
        text_refused >= 4,
        "only {text_refused} examples carry numbers"
    );
}
