//! Objects sent as one form field holding JSON (`jsonParams`, `billingPayerData`).
//!
//! Encoding always writes the JSON text; decoding also takes the object
//! itself, so a model read from JSON and one read from a form agree.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeOwned, Deserializer, MapAccess, Visitor};
use serde::ser::{self, Serializer};
use serde::Serialize;

/// Serializes `value` as a string of JSON.
pub fn serialize<T: Serialize, S: Serializer>(value: &T, s: S) -> Result<S::Ok, S::Error> {
    let text = serde_json::to_string(value).map_err(ser::Error::custom)?;
    s.serialize_str(&text)
}

/// Deserializes a string of JSON, or the object itself.
pub fn deserialize<'de, T: DeserializeOwned, D: Deserializer<'de>>(d: D) -> Result<T, D::Error> {
    d.deserialize_any(JsonStringVisitor(PhantomData))
}

/// The same for optional fields.
pub mod option {
    use super::*;

    /// Serializes `Some(value)` as a string of JSON (`None` is skipped by the model).
    pub fn serialize<T: Serialize, S: Serializer>(
        value: &Option<T>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        match value {
            Some(v) => super::serialize(v, s),
            None => s.serialize_none(),
        }
    }

    /// Deserializes an optional string of JSON, or the object itself.
    pub fn deserialize<'de, T: DeserializeOwned, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<T>, D::Error> {
        d.deserialize_option(OptionVisitor(PhantomData))
    }

    struct OptionVisitor<T>(PhantomData<T>);

    impl<'de, T: DeserializeOwned> Visitor<'de> for OptionVisitor<T> {
        type Value = Option<T>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a JSON object, a string holding one, or null")
        }

        fn visit_none<E: de::Error>(self) -> Result<Option<T>, E> {
            Ok(None)
        }

        fn visit_unit<E: de::Error>(self) -> Result<Option<T>, E> {
            Ok(None)
        }

        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Option<T>, D::Error> {
            super::deserialize(d).map(Some)
        }
    }
}

struct JsonStringVisitor<T>(PhantomData<T>);

impl<'de, T: DeserializeOwned> Visitor<'de> for JsonStringVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object or a string holding one")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
        serde_json::from_str(v)
            .map_err(|e| E::custom(format!("invalid JSON inside the field: {e}")))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        // Buffer through a JSON value: T is owned, the map may borrow.
        let value: serde_json::Value =
            serde::Deserialize::deserialize(de::value::MapAccessDeserializer::new(map))?;
        serde_json::from_value(value).map_err(de::Error::custom)
    }
}
