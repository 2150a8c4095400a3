//! The JSON Schema document of every model, built with schemars from the
//! models themselves, so it describes exactly what they encode and accept.

use schemars::generate::SchemaSettings;
use serde_json::{json, Map, Value};

use crate::registry::MODELS;

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
        "description": "Requests, responses and enumerations of the gateway's endpoints, generated from the bereke spec. Form requests are described as the values of their form fields; objects inside a form field are JSON strings. Fields that the gateway sends as a number or a string accept both.",
        "$defs": defs
    })
}

/// The document as committed: pretty JSON with a final newline.
pub fn document_text() -> String {
    let mut text = serde_json::to_string_pretty(&document()).unwrap_or_default();
    text.push('\n');
    text
}
