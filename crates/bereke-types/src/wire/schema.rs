//! JSON Schema of the wire's leniency and of open enumerations, for
//! `#[schemars(with = …)]` and the generated `JsonSchema` impls.
//!
//! Shapes are chosen so that mainstream generators in other languages keep
//! names at their default settings: every leniency is one shared, named
//! definition, and an open enumeration is a union of a named closed
//! enumeration (`…Known`) and its plain type.

use std::borrow::Cow;
use std::marker::PhantomData;

use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
use serde_json::{json, Value};

use super::lenient::{FromWire, WireKind};

/// Schema of a lenient field: its canonical form or a shared definition of
/// each other form the gateway sends.
pub struct Lenient<T>(PhantomData<T>);

impl<T: JsonSchema + FromWire> JsonSchema for Lenient<T> {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        Cow::Owned(format!("Lenient{}", T::schema_name()))
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let mut any_of = vec![generator.subschema_for::<T>().to_value()];
        match T::KIND {
            WireKind::Number => any_of.push(shared_definition(
                generator,
                T::TEXT_NAME,
                json!({
                    "type": "string",
                    "pattern": T::TEXT_PATTERN,
                    "description": "A number the gateway sent as text (\"978\"); empty text means absent.",
                }),
            )),
            WireKind::String => any_of.push(shared_definition(
                generator,
                "TextAsScalar",
                json!({
                    "anyOf": [{ "type": "number" }, { "type": "boolean" }],
                    "description": "Text the gateway sent as a JSON number or boolean; its text is the value.",
                }),
            )),
            WireKind::Bool => {
                any_of.push(shared_definition(
                    generator,
                    "BooleanAsText",
                    json!({
                        "type": "string",
                        "pattern": "^(true|false|TRUE|FALSE|True|False|1|0)$",
                        "description": "A boolean the gateway sent as text: true, TRUE, True or 1 is true; false, FALSE, False or 0 is false.",
                    }),
                ));
                any_of.push(shared_definition(
                    generator,
                    "BooleanAsNumber",
                    json!({
                        "type": "integer",
                        "minimum": 0,
                        "maximum": 1,
                        "description": "A boolean the gateway sent as a number: 1 is true, 0 is false.",
                    }),
                ));
            }
        }
        json_schema!({ "anyOf": any_of })
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

/// A value of an enumeration as the wire carries it.
#[derive(Debug, Clone, Copy)]
pub enum EnumValue {
    /// An integer value.
    Int(i64),
    /// A text value.
    Text(&'static str),
}

/// What the schema of an open enumeration is made of.
#[derive(Debug, Clone, Copy)]
pub struct OpenEnumSchema {
    /// Definition name (`OrderStatus`); the closed part is `OrderStatusKnown`.
    pub name: &'static str,
    /// English description.
    pub description: &'static str,
    /// Integer or text.
    pub kind: WireKind,
    /// The known values, in spec order.
    pub values: &'static [EnumValue],
    /// The Rust variant name of each value.
    pub names: &'static [&'static str],
    /// The English description of each value.
    pub descriptions: &'static [&'static str],
}

/// The schema of an open enumeration: the named closed enumeration of the
/// known values (with `x-enum-varnames`, which generators use for constant
/// names), or any other value of the same type.
pub fn open_enum_schema(generator: &mut SchemaGenerator, e: &OpenEnumSchema) -> Schema {
    let ty = match e.kind {
        WireKind::Number => "integer",
        WireKind::String | WireKind::Bool => "string",
    };
    let values: Vec<Value> = e
        .values
        .iter()
        .map(|v| match v {
            EnumValue::Int(i) => json!(i),
            EnumValue::Text(t) => json!(t),
        })
        .collect();
    let known = shared_definition(
        generator,
        &format!("{}Known", e.name),
        json!({
            "type": ty,
            "enum": values,
            "x-enum-varnames": e.names,
            "x-enum-descriptions": e.descriptions,
            "description": format!("The values of {} that the spec knows.", e.name),
        }),
    );
    json_schema!({
        "description": e.description,
        "anyOf": [
            known,
            { "type": ty, "description": "A value the spec does not know." }
        ]
    })
}

/// Adds a named definition once and returns a reference to it.
fn shared_definition(generator: &mut SchemaGenerator, name: &str, schema: Value) -> Value {
    let path = generator.settings().definitions_path.clone();
    let path = path.trim_start_matches('#').trim_end_matches('/');
    let reference = format!("#{path}/{name}");
    generator
        .definitions_mut()
        .entry(name.to_owned())
        .or_insert(schema);
    json!({ "$ref": reference })
}
