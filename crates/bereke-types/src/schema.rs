//! The JSON Schema document of every model, built with schemars from the
//! models themselves, so it describes exactly what they encode and accept.

use schemars::generate::SchemaSettings;
use serde_json::{json, Map, Value};

use crate::endpoint::{AuthScheme, ContentType, RetryPolicy};
use crate::registry::{ENDPOINTS, MODELS};

/// The JSON Schema (2020-12) document with every model under `$defs`.
pub fn document() -> Value {
    let mut generator = SchemaSettings::draft2020_12().into_generator();
    for model in MODELS {
        let _ = (model.schema)(&mut generator);
    }
    let defs: Map<String, Value> = generator
        .take_definitions(true)
        .into_iter()
        .collect::<std::collections::BTreeMap<_, _>>()
        .into_iter()
        .collect();
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Bereke Bank e-commerce payment gateway",
        "x-endpoints": endpoints(),
        "description": "Requests, responses and enumerations of the gateway's endpoints, generated from the bereke spec. Form requests are described as the values of their form fields; objects inside a form field are JSON strings. Fields that the gateway sends as a number or a string accept both.",
        "$defs": defs
    })
}

/// How to call each endpoint, for clients in other languages: an
/// annotation (2020-12 ignores unknown keywords when validating).
fn endpoints() -> Value {
    let map: Map<String, Value> = ENDPOINTS
        .iter()
        .map(|e| {
            let info = e.info;
            let retry = match info.retry {
                RetryPolicy::Safe => json!("safe"),
                RetryPolicy::Never => json!("never"),
                RetryPolicy::WhenPresent(fields) => json!({ "whenPresent": fields }),
            };
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
                "retry": retry,
                "movesMoney": info.moves_money,
                "request": { "$ref": format!("#/$defs/{}", e.request) },
                "response": { "$ref": format!("#/$defs/{}", e.response) },
            });
            (info.method.to_owned(), value)
        })
        .collect();
    Value::Object(map)
}

/// The document as committed: pretty JSON with a final newline.
pub fn document_text() -> String {
    let mut text = serde_json::to_string_pretty(&document()).unwrap_or_default();
    text.push('\n');
    text
}
