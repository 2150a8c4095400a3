//! The OpenAPI 3.1 document of the gateway: one `POST` operation per
//! endpoint, with `components/schemas` taken from the JSON Schema's
//! definitions ([`crate::json_schema::definitions`]), so both documents describe
//! the same models.

use serde_json::{json, Map, Value};

use bereke_codegen::model::{AuthScheme as AuthInfo, Requirement};
use bereke_types::{AuthScheme, ContentType, PRODUCTION_BASE_URL, TEST_BASE_URL};

use crate::catalog::{api, endpoints, EndpointEntry};
use crate::json_schema::{definitions, pretty, retry_value, DEFS_PREFIX};

/// Where definitions live in the OpenAPI document.
const COMPONENTS_PREFIX: &str = "#/components/schemas/";

/// What every operation's `200` answer means.
const RESPONSE_DESCRIPTION: &str = "The gateway's answer. Errors come with HTTP 200 too: a request was processed without system errors when errorCode is absent, 0 or \"0\" (the wallets: success is true). That is not a payment's outcome: read the order status.";

/// The OpenAPI 3.1 document.
pub fn document() -> Value {
    let defs = definitions();
    let paths: Map<String, Value> = endpoints()
        .iter()
        .map(|e| {
            (
                format!("/{}", e.info.path),
                json!({ "post": operation(e, &defs) }),
            )
        })
        .collect();
    let mut schemas = defs;
    for auth in &api().gateway.auth {
        schemas.insert(credentials_name(auth), credentials_schema(auth));
    }
    let mut schemas = Value::Object(schemas);
    rewrite_refs(&mut schemas);
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "Bereke Bank e-commerce payment gateway",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "The REST and wallet endpoints of Bereke Bank's e-commerce payment gateway (BPC), generated from the bereke spec. Requests are POST; REST endpoints take application/x-www-form-urlencoded bodies with the merchant's credentials as form fields (userName and password, or token); the wallet endpoints take JSON with the merchant's login in merchant. Every answer is JSON with HTTP 200, errors included. Amounts are integers in minor units (tiyn).",
        },
        "servers": [
            { "url": TEST_BASE_URL.trim_end_matches('/'), "description": "The bank's test environment (the document's test cards)." },
            { "url": PRODUCTION_BASE_URL.trim_end_matches('/'), "description": "The bank's production environment." }
        ],
        "paths": paths,
        "components": { "schemas": schemas }
    })
}

/// The document as committed: pretty JSON with a final newline.
pub fn document_text() -> String {
    pretty(&document())
}

/// One endpoint's operation; `defs` are the JSON Schema's definitions.
fn operation(e: &EndpointEntry, defs: &Map<String, Value>) -> Value {
    let info = e.info;
    let auth = match info.auth {
        AuthScheme::Rest => "rest",
        AuthScheme::Wallet => "wallet",
    };
    let credentials = api()
        .gateway
        .auth
        .iter()
        .find(|a| a.name == auth)
        .map(credentials_name)
        .unwrap_or_default();
    let body_schema = json!({
        "allOf": [
            { "$ref": format!("{COMPONENTS_PREFIX}{}", e.request) },
            { "$ref": format!("{COMPONENTS_PREFIX}{credentials}") }
        ]
    });
    let mut media = json!({ "schema": body_schema });
    if info.content_type == ContentType::Form {
        let encoding = json_fields(defs, e.request);
        if !encoding.is_empty() {
            media["encoding"] = Value::Object(encoding);
        }
    }
    let errors: Vec<Value> = e
        .errors
        .iter()
        .map(|c| {
            json!({
                "code": c.code,
                "name": c.name,
                "description": c.doc,
                "messages": c.messages.iter().map(|m| json!({ "en": m.en, "kk": m.kk })).collect::<Vec<_>>(),
            })
        })
        .collect();
    let mut op = json!({
        "operationId": info.method,
        "summary": info.title,
        "description": e.doc,
        "requestBody": {
            "required": true,
            "content": { info.content_type.mime(): media }
        },
        "responses": {
            "200": {
                "description": RESPONSE_DESCRIPTION,
                "content": {
                    "application/json": {
                        "schema": { "$ref": format!("{COMPONENTS_PREFIX}{}", e.response) }
                    }
                }
            }
        },
        "x-error-codes": errors,
        "x-retry": retry_value(info.retry),
        "x-moves-money": info.moves_money,
    });
    if let Some(kk) = e.kk {
        op["x-description-kk"] = json!(kk);
    }
    op
}

/// `encoding` entries for the form fields that carry JSON text.
fn json_fields(defs: &Map<String, Value>, request: &str) -> Map<String, Value> {
    let Some(Value::Object(props)) = defs.get(request).and_then(|d| d.get("properties")) else {
        return Map::new();
    };
    props
        .iter()
        .filter(|(_, schema)| carries_json(schema))
        .map(|(name, _)| (name.clone(), json!({ "contentType": "application/json" })))
        .collect()
}

/// Whether a property's schema has a branch of JSON text.
fn carries_json(schema: &Value) -> bool {
    schema
        .get("anyOf")
        .and_then(Value::as_array)
        .is_some_and(|branches| {
            branches
                .iter()
                .any(|b| b.get("contentMediaType") == Some(&json!("application/json")))
        })
}

/// `RestCredentials`, `WalletCredentials`.
fn credentials_name(auth: &AuthInfo) -> String {
    let mut chars = auth.name.chars();
    let first = chars.next().map(|c| c.to_ascii_uppercase());
    format!("{}{}Credentials", first.unwrap_or_default(), chars.as_str())
}

/// The credential fields of a scheme, as an object schema.
fn credentials_schema(auth: &AuthInfo) -> Value {
    let props: Map<String, Value> = auth
        .params
        .iter()
        .map(|p| {
            let mut schema = json!({ "type": "string", "description": p.docs.doc });
            if p.sensitive {
                schema["writeOnly"] = json!(true);
            }
            if let Some(kk) = &p.docs.kk {
                schema["x-description-kk"] = json!(kk);
            }
            (p.wire.clone(), schema)
        })
        .collect();
    let required: Vec<&str> = auth
        .params
        .iter()
        .filter(|p| p.required == Requirement::Always)
        .map(|p| p.wire.as_str())
        .collect();
    let mut schema = json!({
        "type": "object",
        "description": auth.doc,
        "properties": props,
    });
    if !required.is_empty() {
        schema["required"] = json!(required);
    }
    schema
}

/// Points every `$ref` of the JSON Schema's definitions at `components/schemas`.
fn rewrite_refs(value: &mut Value) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(r)) = map.get_mut("$ref") {
                if let Some(name) = r.strip_prefix(DEFS_PREFIX) {
                    *r = format!("{COMPONENTS_PREFIX}{name}");
                }
            }
            map.values_mut().for_each(rewrite_refs);
        }
        Value::Array(items) => items.iter_mut().for_each(rewrite_refs),
        _ => {}
    }
}
