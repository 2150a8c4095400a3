//! JSON Schema of the wire's leniency, for `#[schemars(with = …)]`.

use std::borrow::Cow;
use std::marker::PhantomData;

use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};

use super::lenient::{FromWire, WireKind};

/// Schema of a lenient field: its canonical form or the other kind.
pub struct Lenient<T>(PhantomData<T>);

impl<T: JsonSchema + FromWire> JsonSchema for Lenient<T> {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        Cow::Owned(format!("Lenient{}", T::schema_name()))
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let canonical = generator.subschema_for::<T>();
        let other = match T::KIND {
            // Digits as text ("978"), or "" for absent.
            WireKind::Number => json_schema!({
                "type": "string",
                "pattern": T::TEXT_PATTERN
            }),
            WireKind::String => json_schema!({ "type": ["number", "boolean"] }),
            WireKind::Bool => json_schema!({
                "type": ["string", "integer"],
                "enum": ["true", "false", "TRUE", "FALSE", "True", "False", "1", "0", 1, 0]
            }),
        };
        json_schema!({ "anyOf": [canonical, other] })
    }
}

/// Schema of an object carried as a JSON string in a form field.
pub struct JsonString<T>(PhantomData<T>);

impl<T: JsonSchema> JsonSchema for JsonString<T> {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        Cow::Owned(format!("JsonString{}", T::schema_name()))
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let inner = generator.subschema_for::<T>();
        json_schema!({
            "anyOf": [
                {
                    "type": "string",
                    "contentMediaType": "application/json",
                    "contentSchema": inner.clone()
                },
                inner
            ]
        })
    }
}
