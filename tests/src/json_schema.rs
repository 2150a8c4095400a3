//! The JSON Schema document of every model, built with schemars from the
//! models themselves, so it describes exactly what they encode and accept;
//! the spec (through the catalog) adds what the types do not carry: aliases
//! and how each endpoint is called.
//!
//! The schemars output is then put in a shape that code generators of other
//! languages understand at their default settings: every definition is
//! reachable from the root, nested unions are flat, aliases are declared,
//! and only JSON Schema's own `format` values remain. The OpenAPI document
//! ([`crate::openapi`]) takes its `components/schemas` from here.

use schemars::generate::SchemaSettings;
use serde_json::{json, Map, Value};

use bereke_types::{AuthScheme, ContentType, RetryPolicy};

use crate::catalog::{self, models};

/// Where definitions live in the JSON Schema document.
pub const DEFS_PREFIX: &str = "#/$defs/";

/// The `format` values JSON Schema 2020-12 defines; schemars also writes
/// others (`int64`, `uint16`) that validators and generators do not know.
const STANDARD_FORMATS: &[&str] = &[
    "date-time",
    "date",
    "time",
    "duration",
    "email",
    "idn-email",
    "hostname",
    "idn-hostname",
    "ipv4",
    "ipv6",
    "uri",
    "uri-reference",
    "iri",
    "iri-reference",
    "uuid",
    "uri-template",
    "json-pointer",
    "relative-json-pointer",
    "regex",
];

/// What the root says about the definitions: which are models and how a
/// form request travels.
const ROOT_DESCRIPTION: &str = "Requests, responses and enumerations of the gateway's endpoints, generated from the bereke spec. Every definition is a model: the JSON value of a request or response. A JSON request (x-content-type application/json) is sent as that value. A form request (x-content-type application/x-www-form-urlencoded) is sent as one form field per property: numbers as decimal text, booleans as true or false, and properties with contentMediaType application/json as compact JSON text; its wire form (all text) is not what the definition validates. Response fields that the gateway sends as a number or as text accept both (NumberAsText, BooleanAsText, BooleanAsNumber, TextAsScalar, TimestampAsText). Open enumerations accept the known values (the …Known definitions) or any other value of the same type. The root's properties only index the definitions, so that generators reach all of them.";

/// Every model's definition, in name order, shaped for generators.
pub fn definitions() -> Map<String, Value> {
    let mut generator = SchemaSettings::draft2020_12().into_generator();
    for model in models() {
        let _ = (model.schema)(&mut generator);
    }
    let mut defs: std::collections::BTreeMap<String, Value> =
        generator.take_definitions(true).into_iter().collect();
    for value in defs.values_mut() {
        normalize(value);
    }
    declare_aliases(&mut defs);
    mark_request_encodings(&mut defs);
    defs.into_iter().collect()
}

/// The JSON Schema (2020-12) document with every model under `$defs`.
pub fn document() -> Value {
    let defs = definitions();
    let index: Map<String, Value> = defs
        .keys()
        .map(|name| {
            (
                name.clone(),
                json!({ "$ref": format!("{DEFS_PREFIX}{name}") }),
            )
        })
        .collect();
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Bereke Bank e-commerce payment gateway",
        "description": ROOT_DESCRIPTION,
        "type": "object",
        "properties": index,
        "x-endpoints": endpoints(),
        "$defs": defs
    })
}

/// Flattens `anyOf` inside `anyOf` (schemars nests an `Option` around a
/// union) and drops formats that are not JSON Schema's, everywhere.
fn normalize(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for child in map.values_mut() {
                normalize(child);
            }
            if let Some(Value::Array(branches)) = map.get_mut("anyOf") {
                let mut flat = Vec::with_capacity(branches.len());
                for branch in branches.drain(..) {
                    let nested = branch
                        .as_object()
                        .filter(|inner| inner.len() == 1)
                        .and_then(|inner| inner.get("anyOf"))
                        .and_then(Value::as_array);
                    match nested {
                        Some(nested) => flat.extend(nested.iter().cloned()),
                        None => flat.push(branch),
                    }
                }
                *branches = flat;
            }
            let nonstandard = map
                .get("format")
                .and_then(Value::as_str)
                .is_some_and(|f| !STANDARD_FORMATS.contains(&f));
            if nonstandard {
                map.remove("format");
            }
        }
        Value::Array(items) => items.iter_mut().for_each(normalize),
        _ => {}
    }
}

/// Adds each alias as a property with the same schema, so that generated
/// models keep values sent under the other name.
fn declare_aliases(defs: &mut std::collections::BTreeMap<String, Value>) {
    for model in models() {
        let Some(Value::Object(props)) = defs
            .get_mut(model.name)
            .and_then(|d| d.get_mut("properties"))
        else {
            continue;
        };
        for field in model.fields {
            let Some(schema) = props.get(field.wire).cloned() else {
                continue;
            };
            for alias in field.aliases {
                let mut alias_schema = schema.clone();
                if let Value::Object(m) = &mut alias_schema {
                    m.insert(
                        "description".to_owned(),
                        json!(format!(
                            "Another name the gateway uses for `{}`; the same value.",
                            field.wire
                        )),
                    );
                }
                props.insert((*alias).to_owned(), alias_schema);
            }
        }
    }
}

/// Says on each request definition how its value is sent.
fn mark_request_encodings(defs: &mut std::collections::BTreeMap<String, Value>) {
    for entry in catalog::endpoints() {
        if let Some(Value::Object(def)) = defs.get_mut(entry.request) {
            def.insert(
                "x-content-type".to_owned(),
                json!(entry.info.content_type.mime()),
            );
        }
    }
}

/// How to call each endpoint, for clients in other languages: an
/// annotation (2020-12 ignores unknown keywords when validating).
fn endpoints() -> Value {
    let map: Map<String, Value> = catalog::endpoints()
        .iter()
        .map(|e| {
            let info = e.info;
            let value = json!({
                "title": info.title,
                "method": "POST",
                "path": info.path,
                "contentType": info.content_type.mime(),
                "credentials": match info.auth {
                    AuthScheme::Rest => "userName and password, or token, as form fields",
                    AuthScheme::Wallet => "merchant (the login) in the JSON body",
                },
                "requestEncoding": match info.content_type {
                    ContentType::Form => "form fields; objects inside a field are JSON strings",
                    ContentType::Json => "JSON",
                },
                "retry": retry_value(info.retry),
                "movesMoney": info.moves_money,
                "request": { "$ref": format!("{DEFS_PREFIX}{}", e.request) },
                "response": { "$ref": format!("{DEFS_PREFIX}{}", e.response) },
            });
            (info.method.to_owned(), value)
        })
        .collect();
    Value::Object(map)
}

/// A retry policy as JSON: `"safe"`, `"never"` or `{"whenPresent": [...]}`.
pub(crate) fn retry_value(retry: RetryPolicy) -> Value {
    match retry {
        RetryPolicy::Safe => json!("safe"),
        RetryPolicy::Never => json!("never"),
        RetryPolicy::WhenPresent(fields) => json!({ "whenPresent": fields }),
    }
}

/// The document as committed: pretty JSON with a final newline.
pub fn document_text() -> String {
    pretty(&document())
}

/// Pretty JSON with a final newline.
pub(crate) fn pretty(value: &Value) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    text
}
