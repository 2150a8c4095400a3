//! The published OpenAPI 3.1 document: one operation per endpoint, with the
//! JSON Schema's models as its components, and every reference resolvable.

use bereke_tests::catalog::{api, endpoints};
use bereke_types::AuthScheme;
use serde_json::{json, Value};

fn document() -> Value {
    let path = bereke_tests::workspace_root().join("schema/bereke.openapi.json");
    serde_json::from_str(&std::fs::read_to_string(path).expect("OpenAPI file")).expect("JSON")
}

/// Every `$ref` of a JSON value.
fn refs<'a>(value: &'a Value, out: &mut Vec<&'a str>) {
    match value {
        Value::Object(map) => {
            if let Some(r) = map.get("$ref").and_then(Value::as_str) {
                out.push(r);
            }
            map.values().for_each(|v| refs(v, out));
        }
        Value::Array(items) => items.iter().for_each(|v| refs(v, out)),
        _ => {}
    }
}

#[test]
fn servers_are_the_banks_gateways() {
    let doc = document();
    assert_eq!(doc["openapi"], "3.1.0");
    let urls: Vec<&str> = doc["servers"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|s| s["url"].as_str())
        .collect();
    assert_eq!(
        urls,
        [
            bereke_types::TEST_BASE_URL.trim_end_matches('/'),
            bereke_types::PRODUCTION_BASE_URL.trim_end_matches('/')
        ]
    );
}

#[test]
fn one_post_operation_per_endpoint() {
    let doc = document();
    assert_eq!(doc["paths"].as_object().unwrap().len(), endpoints().len());
    for e in endpoints() {
        let op = &doc["paths"][format!("/{}", e.info.path)]["post"];
        assert_eq!(op["operationId"], e.info.method, "{}", e.info.path);
        assert_eq!(op["summary"], e.info.title);
        assert_eq!(op["description"], e.doc);
        assert_eq!(op["x-moves-money"], e.info.moves_money);
        assert!(op["x-retry"].is_string() || op["x-retry"]["whenPresent"].is_array());
        let media = &op["requestBody"]["content"][e.info.content_type.mime()];
        let parts = media["schema"]["allOf"].as_array().expect("allOf");
        assert_eq!(
            parts[0]["$ref"],
            format!("#/components/schemas/{}", e.request)
        );
        let credentials = parts[1]["$ref"].as_str().unwrap();
        let credentials =
            &doc["components"]["schemas"][credentials.trim_start_matches("#/components/schemas/")];
        match e.info.auth {
            AuthScheme::Rest => {
                for field in ["userName", "password", "token"] {
                    assert!(credentials["properties"][field].is_object(), "{field}");
                }
                assert_eq!(credentials["properties"]["password"]["writeOnly"], true);
            }
            AuthScheme::Wallet => assert_eq!(credentials["required"], json!(["merchant"])),
        }
        let ok = &op["responses"]["200"]["content"]["application/json"]["schema"];
        assert_eq!(ok["$ref"], format!("#/components/schemas/{}", e.response));
        let codes = op["x-error-codes"].as_array().unwrap();
        assert_eq!(codes.len(), e.errors.len());
        for (code, known) in codes.iter().zip(e.errors) {
            assert_eq!(code["code"], known.code);
            assert_eq!(
                code["messages"].as_array().unwrap().len(),
                known.messages.len()
            );
        }
    }
    assert!(api().gateway.auth.len() >= 2);
}

#[test]
fn form_fields_carrying_json_are_declared_as_json() {
    let doc = document();
    let media = &doc["paths"]["/rest/register.do"]["post"]["requestBody"]["content"]
        ["application/x-www-form-urlencoded"];
    assert_eq!(
        media["encoding"]["jsonParams"]["contentType"],
        "application/json"
    );
    assert_eq!(
        media["encoding"]["billingPayerData"]["contentType"],
        "application/json"
    );
    let deposit = &doc["paths"]["/rest/deposit.do"]["post"]["requestBody"]["content"]
        ["application/x-www-form-urlencoded"];
    assert!(deposit.get("encoding").is_none() || deposit["encoding"].get("amount").is_none());
}

#[test]
fn components_are_the_json_schema_definitions() {
    let doc = document();
    let schema = bereke_tests::json_schema::document();
    let defs = serde_json::to_string(&schema["$defs"])
        .unwrap()
        .replace("\"#/$defs/", "\"#/components/schemas/");
    let defs: Value = serde_json::from_str(&defs).unwrap();
    let components = doc["components"]["schemas"].as_object().unwrap();
    for (name, def) in defs.as_object().unwrap() {
        assert_eq!(&components[name], def, "{name} differs");
    }
    let mut all = Vec::new();
    refs(&doc, &mut all);
    assert!(all.len() > 100);
    for r in all {
        let name = r
            .strip_prefix("#/components/schemas/")
            .unwrap_or_else(|| panic!("{r} is not a component"));
        assert!(components.contains_key(name), "{r} does not resolve");
    }
}

#[test]
fn a_document_example_validates_through_the_operation() {
    let doc = document();
    let entry = bereke_tests::endpoint("Register");
    let example = entry
        .examples
        .iter()
        .find_map(|e| (!e.is_request).then_some(e.json).flatten())
        .unwrap();
    let op = &doc["paths"]["/rest/register.do"]["post"];
    let mut schema = op["responses"]["200"]["content"]["application/json"]["schema"].clone();
    schema["components"] = doc["components"].clone();
    let v = jsonschema::draft202012::new(&schema).expect("schema");
    assert!(v.is_valid(&serde_json::from_str(example).unwrap()));
    assert!(!v.is_valid(&json!({"errorCode": "zero"})));
}
