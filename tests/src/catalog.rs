//! The spec's endpoints and models as tests need them: the spec's data
//! (fields, examples, error tables, credentials) read through the generator
//! (`bereke-codegen`), joined with the models' static types through the
//! generated `for_each_endpoint!` and `for_each_model!`.
//!
//! Nothing here is compiled into the user's crate: the production crate
//! keeps only each endpoint's `EndpointInfo`. The catalog is built once per
//! process and lives as long as it, so its text is `&'static str` as the
//! generated constants' is.

use std::collections::HashMap;
use std::sync::OnceLock;

use bereke_codegen::model::{self, Api, Object, Repr, Requirement, Role, TypeRef};
use bereke_codegen::SpecSource;
use bereke_types::{Endpoint, EndpointInfo, ErrorMessage, Validate};
use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::de::DeserializeOwned;
use serde::Serialize;

/// A model (struct or enum) of the spec.
pub struct ModelInfo {
    /// Rust type name (and `$defs` name).
    pub name: &'static str,
    /// Fields of a struct; empty for enums.
    pub fields: &'static [FieldInfo],
    /// Adds the model's schema to a generator and returns its reference.
    pub schema: fn(&mut SchemaGenerator) -> Schema,
    /// Decodes the model from JSON and renders it with `Debug`.
    pub debug_from_json: fn(serde_json::Value) -> Result<String, serde_json::Error>,
    /// Decodes the model from JSON and encodes it back to JSON.
    pub json_roundtrip: fn(serde_json::Value) -> Result<serde_json::Value, serde_json::Error>,
}

/// A field of a model.
#[derive(Debug, Clone)]
pub struct FieldInfo {
    /// Wire name.
    pub wire: &'static str,
    /// Other wire names the gateway uses for the same field.
    pub aliases: &'static [&'static str],
    /// Rust field name.
    pub rust: &'static str,
    /// Never printed.
    pub sensitive: bool,
    /// Always present in a request.
    pub required: bool,
    /// A JSON value valid for the field's type.
    pub sample: &'static str,
}

/// An endpoint with its models and the document's examples.
pub struct EndpointEntry {
    /// The generated `EndpointInfo` of the request type.
    pub info: EndpointInfo,
    /// English description.
    pub doc: &'static str,
    /// The document's original text.
    pub kk: Option<&'static str>,
    /// The error codes the document lists for the endpoint.
    pub errors: &'static [ErrorCodeInfo],
    /// Request type name.
    pub request: &'static str,
    /// Response type name.
    pub response: &'static str,
    /// The document's examples.
    pub examples: &'static [Example],
    /// Decodes a form body into the request, checks it, and encodes it again.
    pub form_roundtrip: fn(&str) -> Result<String, String>,
    /// Decodes a JSON request body, checks it, and encodes it again.
    pub json_request_roundtrip: fn(&str) -> Result<serde_json::Value, String>,
    /// Decodes a JSON response body into the response and encodes it again.
    pub response_roundtrip: fn(&str) -> Result<serde_json::Value, String>,
}

/// An error code of an endpoint, as the document lists it.
#[derive(Debug, Clone)]
pub struct ErrorCodeInfo {
    /// The numeric code.
    pub code: i64,
    /// Rust variant name.
    pub name: &'static str,
    /// English description.
    pub doc: &'static str,
    /// Every message the document gives for the code.
    pub messages: &'static [ErrorMessage],
}

/// An example request or response of the document.
#[derive(Debug, Clone)]
pub struct Example {
    /// Request (`true`) or response.
    pub is_request: bool,
    /// English title.
    pub title: &'static str,
    /// A form request's pairs, credentials included, as the document sends them.
    pub form: &'static [(&'static str, &'static str)],
    /// A JSON body.
    pub json: Option<&'static str>,
}

/// The whole catalog.
struct Catalog {
    api: Api,
    models: Vec<ModelInfo>,
    endpoints: Vec<EndpointEntry>,
}

/// The checked spec of the workspace, as the generator reads it.
pub fn api() -> &'static Api {
    &catalog().api
}

/// Every model, enumerations first, then nested blocks, then each
/// endpoint's request, response and error codes.
pub fn models() -> &'static [ModelInfo] {
    &catalog().models
}

/// Every endpoint, in spec order, with the document's examples.
pub fn endpoints() -> &'static [EndpointEntry] {
    &catalog().endpoints
}

/// The endpoint of a spec name (`Register`).
pub fn endpoint(name: &str) -> &'static EndpointEntry {
    endpoints()
        .iter()
        .find(|e| e.info.name == name)
        .unwrap_or_else(|| panic!("no endpoint {name}"))
}

/// The model of a type name (`RegisterRequest`).
pub fn model(name: &str) -> &'static ModelInfo {
    models()
        .iter()
        .find(|m| m.name == name)
        .unwrap_or_else(|| panic!("no model {name}"))
}

fn catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| {
        let root = crate::workspace_root();
        let source = SpecSource::read_dir(&root)
            .unwrap_or_else(|e| panic!("reading {}/spec: {e}", root.display()));
        let api = bereke_codegen::check(&source).unwrap_or_else(|d| panic!("spec errors:\n{d}"));
        let models = model_infos(&api);
        let endpoints = endpoint_entries(&api);
        Catalog {
            api,
            models,
            endpoints,
        }
    })
}

/// The functions of one model type.
type ModelFns = (
    fn(&mut SchemaGenerator) -> Schema,
    fn(serde_json::Value) -> Result<String, serde_json::Error>,
    fn(serde_json::Value) -> Result<serde_json::Value, serde_json::Error>,
);

fn model_infos(api: &Api) -> Vec<ModelInfo> {
    macro_rules! model_fns {
        ($($name:literal => $ty:ty),* $(,)?) => {
            HashMap::from([$(
                ($name, (schema_of::<$ty> as fn(&mut SchemaGenerator) -> Schema,
                    debug_of::<$ty> as fn(serde_json::Value) -> Result<String, serde_json::Error>,
                    json_roundtrip_of::<$ty> as fn(serde_json::Value) -> Result<serde_json::Value, serde_json::Error>)),
            )*])
        };
    }
    let fns: HashMap<&str, ModelFns> = bereke_types::for_each_model!(model_fns);
    let mut infos = Vec::new();
    let mut push = |name: &str, fields: Vec<FieldInfo>| {
        let Some(&(schema, debug_from_json, json_roundtrip)) = fns.get(name) else {
            panic!("the generated models lack {name}: run `cargo xtask codegen`");
        };
        infos.push(ModelInfo {
            name: text(name),
            fields: fields.leak(),
            schema,
            debug_from_json,
            json_roundtrip,
        });
    };
    for e in &api.enums {
        push(&e.name, Vec::new());
    }
    for t in &api.types {
        push(&t.name, field_infos(api, t));
    }
    for ep in &api.endpoints {
        push(&ep.request.name, field_infos(api, &ep.request));
        push(&ep.response.name, field_infos(api, &ep.response));
        push(&ep.errors.name, Vec::new());
    }
    assert_eq!(
        infos.len(),
        fns.len(),
        "the generated models are not the spec's: run `cargo xtask codegen`"
    );
    infos
}

/// The functions of one endpoint's request type.
struct EndpointFns {
    info: EndpointInfo,
    form_roundtrip: fn(&str) -> Result<String, String>,
    json_request_roundtrip: fn(&str) -> Result<serde_json::Value, String>,
    response_roundtrip: fn(&str) -> Result<serde_json::Value, String>,
}

fn endpoint_entries(api: &Api) -> Vec<EndpointEntry> {
    macro_rules! endpoint_fns {
        ($($name:literal => $request:ty),* $(,)?) => {
            HashMap::from([$(
                ($name, EndpointFns {
                    info: <$request as Endpoint>::INFO,
                    form_roundtrip: form_roundtrip_of::<$request>,
                    json_request_roundtrip: json_request_roundtrip_of::<$request>,
                    response_roundtrip: response_roundtrip_of::<<$request as Endpoint>::Response>,
                }),
            )*])
        };
    }
    let fns: HashMap<&str, EndpointFns> = bereke_types::for_each_endpoint!(endpoint_fns);
    assert_eq!(
        fns.len(),
        api.endpoints.len(),
        "the generated endpoints are not the spec's: run `cargo xtask codegen`"
    );
    api.endpoints
        .iter()
        .map(|ep| {
            let Some(f) = fns.get(ep.name.as_str()) else {
                panic!(
                    "the generated code lacks endpoint {}: run `cargo xtask codegen`",
                    ep.name
                );
            };
            EndpointEntry {
                info: f.info,
                doc: text(&ep.docs.doc),
                kk: ep.docs.kk.as_deref().map(text),
                errors: ep
                    .errors
                    .values
                    .iter()
                    .zip(&ep.error_messages)
                    .map(|(v, messages)| ErrorCodeInfo {
                        code: v.int,
                        name: text(&v.name),
                        doc: text(&v.docs.doc),
                        messages: messages
                            .iter()
                            .map(|m| ErrorMessage {
                                en: text(&m.en),
                                kk: text(&m.kk),
                                also: m.also.iter().map(|t| text(t)).collect::<Vec<_>>().leak(),
                            })
                            .collect::<Vec<_>>()
                            .leak(),
                    })
                    .collect::<Vec<_>>()
                    .leak(),
                request: text(&ep.request.name),
                response: text(&ep.response.name),
                examples: ep.examples.iter().map(example).collect::<Vec<_>>().leak(),
                form_roundtrip: f.form_roundtrip,
                json_request_roundtrip: f.json_request_roundtrip,
                response_roundtrip: f.response_roundtrip,
            }
        })
        .collect()
}

fn example(ex: &model::Example) -> Example {
    Example {
        is_request: ex.is_request,
        title: text(&ex.title),
        form: ex
            .form
            .iter()
            .flatten()
            .map(|(k, v)| (text(k), text(v)))
            .collect::<Vec<_>>()
            .leak(),
        json: ex.json.as_deref().map(text),
    }
}

/// Text of the catalog, kept for the rest of the process (built once).
fn text(value: &str) -> &'static str {
    value.to_owned().leak()
}

fn field_infos(api: &Api, obj: &Object) -> Vec<FieldInfo> {
    obj.fields
        .iter()
        .map(|f| FieldInfo {
            wire: text(&f.wire),
            aliases: f.aliases.iter().map(|a| text(a)).collect::<Vec<_>>().leak(),
            rust: text(&f.rust),
            sensitive: f.sensitive,
            required: obj.role == Role::Request && f.required == Requirement::Always,
            sample: text(&sample(api, &f.ty)),
        })
        .collect()
}

/// A JSON value valid for the type, so tests can build any model.
fn sample(api: &Api, ty: &TypeRef) -> String {
    use bereke_codegen::model::Prim::*;
    match ty {
        TypeRef::Prim(String) => "\"sample\"".into(),
        TypeRef::Prim(Integer) => "1".into(),
        TypeRef::Prim(Boolean) => "true".into(),
        TypeRef::Prim(Amount) => "2000".into(),
        TypeRef::Prim(Currency) => "398".into(),
        TypeRef::Prim(EpochMillis) => "1617972915659".into(),
        TypeRef::Prim(Expiry) => "202412".into(),
        TypeRef::Prim(JsonMap) => "{\"key\":\"value\"}".into(),
        TypeRef::Object(_) => "{}".into(),
        TypeRef::List(_) => "[]".into(),
        TypeRef::ErrorCode(_) => "0".into(),
        TypeRef::Enum(name) => {
            let Some(e) = api.enums.iter().find(|e| &e.name == name) else {
                return "null".into();
            };
            match (e.repr, e.values.first()) {
                (Repr::Integer, Some(v)) => v.int.to_string(),
                (Repr::String, Some(v)) => serde_json::Value::String(v.text.clone()).to_string(),
                _ => "null".into(),
            }
        }
    }
}

/// Adds `T`'s schema to the generator.
fn schema_of<T: JsonSchema>(generator: &mut SchemaGenerator) -> Schema {
    generator.subschema_for::<T>()
}

/// Decodes `T` from JSON and renders it with `Debug`.
fn debug_of<T: DeserializeOwned + std::fmt::Debug>(
    value: serde_json::Value,
) -> Result<String, serde_json::Error> {
    serde_json::from_value::<T>(value).map(|model| format!("{model:?}"))
}

/// Decodes `T` from JSON and encodes it again.
fn json_roundtrip_of<T: DeserializeOwned + Serialize>(
    value: serde_json::Value,
) -> Result<serde_json::Value, serde_json::Error> {
    serde_json::from_value::<T>(value).and_then(|model| serde_json::to_value(&model))
}

/// Decodes a form body into `T`, checks it, and encodes it again.
fn form_roundtrip_of<T: DeserializeOwned + Serialize + Validate>(
    form: &str,
) -> Result<String, String> {
    let model: T = serde_urlencoded::from_str(form).map_err(|e| e.to_string())?;
    model.validate().map_err(|e| e.to_string())?;
    serde_urlencoded::to_string(&model).map_err(|e| e.to_string())
}

/// Decodes a JSON request body into `T`, checks it, and encodes it again.
fn json_request_roundtrip_of<T: DeserializeOwned + Serialize + Validate>(
    body: &str,
) -> Result<serde_json::Value, String> {
    let model: T = serde_json::from_str(body).map_err(|e| e.to_string())?;
    model.validate().map_err(|e| e.to_string())?;
    serde_json::to_value(&model).map_err(|e| e.to_string())
}

/// Decodes a JSON response body into `T` and encodes it again.
fn response_roundtrip_of<T: DeserializeOwned + Serialize>(
    body: &str,
) -> Result<serde_json::Value, String> {
    let model: T = serde_json::from_str(body).map_err(|e| e.to_string())?;
    serde_json::to_value(&model).map_err(|e| e.to_string())
}
