//! A list of every model and endpoint of the spec, for the JSON Schema
//! document and for tests that walk every model.

#[cfg(feature = "schema")]
use schemars::{Schema, SchemaGenerator};

use crate::endpoint::{EndpointInfo, ErrorMessage};

/// A model (struct or enum) of the spec.
#[derive(Clone, Copy)]
pub struct ModelInfo {
    /// Rust type name (and `$defs` name).
    pub name: &'static str,
    /// Fields of a struct; empty for enums.
    pub fields: &'static [FieldInfo],
    /// Adds the model's schema to a generator and returns its reference.
    #[cfg(feature = "schema")]
    pub schema: fn(&mut SchemaGenerator) -> Schema,
    /// Decodes the model from JSON and renders it with `Debug`.
    pub debug_from_json: fn(serde_json::Value) -> Result<String, serde_json::Error>,
    /// Decodes the model from JSON and encodes it back to JSON.
    pub json_roundtrip: fn(serde_json::Value) -> Result<serde_json::Value, serde_json::Error>,
}

/// A field of a model.
#[derive(Debug, Clone, Copy)]
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
#[derive(Clone, Copy)]
pub struct EndpointEntry {
    /// Static facts.
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
    /// Decodes a form body into the request and encodes it again.
    pub form_roundtrip: fn(&str) -> Result<String, String>,
    /// Decodes a JSON request body, checks it, and encodes it again.
    pub json_request_roundtrip: fn(&str) -> Result<serde_json::Value, String>,
    /// Decodes a JSON response body into the response and encodes it again.
    pub response_roundtrip: fn(&str) -> Result<serde_json::Value, String>,
}

/// An error code of an endpoint, as the document lists it.
#[derive(Debug, Clone, Copy)]
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

/// An authentication scheme: which fields carry the merchant's credentials.
#[derive(Debug, Clone, Copy)]
pub struct AuthInfo {
    /// Spec name (`rest`, `wallet`).
    pub name: &'static str,
    /// English description.
    pub doc: &'static str,
    /// The credential fields.
    pub params: &'static [CredentialInfo],
}

/// A credential field.
#[derive(Debug, Clone, Copy)]
pub struct CredentialInfo {
    /// Wire name.
    pub wire: &'static str,
    /// English description.
    pub doc: &'static str,
    /// The document's original text.
    pub kk: Option<&'static str>,
    /// Always sent (otherwise one of several alternatives).
    pub required: bool,
    /// A secret.
    pub sensitive: bool,
}

/// An example request or response of the document.
#[derive(Debug, Clone, Copy)]
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

pub use crate::generated::registry::{AUTH, ENDPOINTS, MODELS};

/// Adds `T`'s schema to the generator.
#[cfg(feature = "schema")]
pub fn schema_of<T: schemars::JsonSchema>(generator: &mut SchemaGenerator) -> Schema {
    generator.subschema_for::<T>()
}

/// Decodes `T` from JSON and renders it with `Debug`.
pub fn debug_of<T: serde::de::DeserializeOwned + std::fmt::Debug>(
    value: serde_json::Value,
) -> Result<String, serde_json::Error> {
    serde_json::from_value::<T>(value).map(|model| format!("{model:?}"))
}

/// Decodes `T` from JSON and encodes it again.
pub fn json_roundtrip_of<T: serde::de::DeserializeOwned + serde::Serialize>(
    value: serde_json::Value,
) -> Result<serde_json::Value, serde_json::Error> {
    serde_json::from_value::<T>(value).and_then(|model| serde_json::to_value(&model))
}

/// Decodes a form body into `T`, checks it, and encodes it again.
pub fn form_roundtrip_of<T>(form: &str) -> Result<String, String>
where
    T: serde::de::DeserializeOwned + serde::Serialize + crate::Validate,
{
    let model: T = serde_urlencoded::from_str(form).map_err(|e| e.to_string())?;
    model.validate().map_err(|e| e.to_string())?;
    serde_urlencoded::to_string(&model).map_err(|e| e.to_string())
}

/// Decodes a JSON request body into `T`, checks it, and encodes it again.
pub fn json_request_roundtrip_of<T>(body: &str) -> Result<serde_json::Value, String>
where
    T: serde::de::DeserializeOwned + serde::Serialize + crate::Validate,
{
    let model: T = serde_json::from_str(body).map_err(|e| e.to_string())?;
    model.validate().map_err(|e| e.to_string())?;
    serde_json::to_value(&model).map_err(|e| e.to_string())
}

/// Decodes a JSON response body into `T` and encodes it again.
pub fn response_roundtrip_of<T>(body: &str) -> Result<serde_json::Value, String>
where
    T: serde::de::DeserializeOwned + serde::Serialize,
{
    let model: T = serde_json::from_str(body).map_err(|e| e.to_string())?;
    serde_json::to_value(&model).map_err(|e| e.to_string())
}
