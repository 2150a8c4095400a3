//! Decoding a scalar from whichever JSON kind the gateway chose to send.
//!
//! The field decoders are `#[inline(never)]`: inlined into every field of a
//! large model, they made its decoder outgrow the instruction cache, and out
//! of line the codec benchmark's typed decode takes about a tenth less time.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserializer, Visitor};

use crate::values::{Amount, Currency, EpochMillis, Expiry};

/// The canonical JSON kind of a value; leniency accepts the others too.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WireKind {
    /// A JSON number.
    Number,
    /// A JSON string.
    String,
    /// A JSON boolean.
    Bool,
}

/// A scalar that can be built from any JSON kind the gateway sends for it.
pub trait FromWire: Sized {
    /// The canonical kind.
    const KIND: WireKind;

    /// For numbers: the regular expression of the text forms accepted
    /// instead (for the JSON Schema). Empty text means "absent".
    const TEXT_PATTERN: &'static str = "^(-?[0-9]+)?$";

    /// For numbers: the name of the shared schema definition of
    /// [`TEXT_PATTERN`](Self::TEXT_PATTERN).
    const TEXT_NAME: &'static str = "NumberAsText";

    /// From an integer.
    fn from_wire_int(value: i128) -> Result<Self, String>;

    /// From a string.
    fn from_wire_str(value: &str) -> Result<Self, String>;

    /// From a boolean.
    fn from_wire_bool(value: bool) -> Result<Self, String> {
        Err(format!("unexpected boolean {value}"))
    }

    /// From a float; only whole numbers are accepted.
    fn from_wire_float(value: f64) -> Result<Self, String> {
        if value.fract() == 0.0 && value.abs() < 9.0e15 {
            Self::from_wire_int(value as i128)
        } else {
            Err(format!("unexpected fractional number {value}"))
        }
    }
}

/// Decodes a required lenient field.
#[inline(never)]
pub fn required<'de, D: Deserializer<'de>, T: FromWire>(d: D) -> Result<T, D::Error> {
    d.deserialize_any(LenientVisitor::<T>(PhantomData))
}

/// Decodes an optional lenient field; `null` is absent, and so is `""` for
/// a field that is not text (a text field keeps its empty text).
#[inline(never)]
pub fn option<'de, D: Deserializer<'de>, T: FromWire>(d: D) -> Result<Option<T>, D::Error> {
    d.deserialize_any(OptionInner::<T>(PhantomData))
}

/// Decodes a number in its canonical form: a JSON number, or the text of a
/// form field (form decoders parse it on request).
pub fn strict_number<'de, D: Deserializer<'de>, T: FromWire>(d: D) -> Result<T, D::Error> {
    d.deserialize_i64(StrictNumberVisitor::<T>(PhantomData))
}

/// Decodes a list, taking `null` as empty.
#[inline(never)]
pub fn list<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: serde::Deserialize<'de>,
{
    let list: Option<Vec<T>> = serde::Deserialize::deserialize(d)?;
    Ok(list.unwrap_or_default())
}

struct LenientVisitor<T>(PhantomData<T>);

impl<'de, T: FromWire> Visitor<'de> for LenientVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a number or a string")
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<T, E> {
        T::from_wire_int(i128::from(v)).map_err(E::custom)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<T, E> {
        T::from_wire_int(i128::from(v)).map_err(E::custom)
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<T, E> {
        T::from_wire_float(v).map_err(E::custom)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
        T::from_wire_str(v).map_err(E::custom)
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<T, E> {
        T::from_wire_bool(v).map_err(E::custom)
    }
}

/// Like [`LenientVisitor`], but `null` and (for non-text kinds) an empty
/// string mean "absent". Driven by `deserialize_any`, since JSON's `null`
/// arrives as a unit: one dispatch on the value instead of two.
struct OptionInner<T>(PhantomData<T>);

impl<'de, T: FromWire> Visitor<'de> for OptionInner<T> {
    type Value = Option<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a number, a string or null")
    }

    fn visit_none<E: de::Error>(self) -> Result<Option<T>, E> {
        Ok(None)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Option<T>, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Option<T>, D::Error> {
        d.deserialize_any(self)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Option<T>, E> {
        LenientVisitor::<T>(PhantomData).visit_i64(v).map(Some)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Option<T>, E> {
        LenientVisitor::<T>(PhantomData).visit_u64(v).map(Some)
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Option<T>, E> {
        LenientVisitor::<T>(PhantomData).visit_f64(v).map(Some)
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Option<T>, E> {
        LenientVisitor::<T>(PhantomData).visit_bool(v).map(Some)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Option<T>, E> {
        if v.is_empty() && T::KIND != WireKind::String {
            return Ok(None);
        }
        LenientVisitor::<T>(PhantomData).visit_str(v).map(Some)
    }
}

struct StrictNumberVisitor<T>(PhantomData<T>);

impl<'de, T: FromWire> Visitor<'de> for StrictNumberVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an integer")
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<T, E> {
        T::from_wire_int(i128::from(v)).map_err(E::custom)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<T, E> {
        T::from_wire_int(i128::from(v)).map_err(E::custom)
    }
}

/// Parses decimal digits, with an optional leading minus. At most 30
/// digits, so the value always fits an `i128` and the caller's range check
/// gives the error for a number too large for its type.
fn parse_int(value: &str) -> Result<i128, String> {
    let trimmed = value.trim();
    let (negative, digits) = match trimmed.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, trimmed),
    };
    let malformed = || format!("expected digits, found {:?}", truncate(value));
    if digits.is_empty() || digits.len() > 30 {
        return Err(malformed());
    }
    let mut number: i128 = 0;
    for byte in digits.bytes() {
        if !byte.is_ascii_digit() {
            return Err(malformed());
        }
        number = number * 10 + i128::from(byte - b'0');
    }
    Ok(if negative { -number } else { number })
}

/// Keeps error messages short whatever the gateway sent.
fn truncate(value: &str) -> &str {
    match value.char_indices().nth(40) {
        Some((i, _)) => &value[..i],
        None => value,
    }
}

impl FromWire for String {
    const KIND: WireKind = WireKind::String;

    fn from_wire_int(value: i128) -> Result<Self, String> {
        Ok(value.to_string())
    }

    fn from_wire_str(value: &str) -> Result<Self, String> {
        Ok(value.to_owned())
    }

    fn from_wire_bool(value: bool) -> Result<Self, String> {
        Ok(value.to_string())
    }

    fn from_wire_float(value: f64) -> Result<Self, String> {
        Ok(value.to_string())
    }
}

impl FromWire for i64 {
    const KIND: WireKind = WireKind::Number;

    fn from_wire_int(value: i128) -> Result<Self, String> {
        i64::try_from(value).map_err(|_| format!("number out of range: {value}"))
    }

    fn from_wire_str(value: &str) -> Result<Self, String> {
        Self::from_wire_int(parse_int(value)?)
    }
}

impl FromWire for bool {
    const KIND: WireKind = WireKind::Bool;

    fn from_wire_int(value: i128) -> Result<Self, String> {
        match value {
            0 => Ok(false),
            1 => Ok(true),
            other => Err(format!("expected a boolean, found {other}")),
        }
    }

    fn from_wire_str(value: &str) -> Result<Self, String> {
        match value.trim() {
            "true" | "TRUE" | "True" | "1" => Ok(true),
            "false" | "FALSE" | "False" | "0" => Ok(false),
            other => Err(format!("expected a boolean, found {:?}", truncate(other))),
        }
    }

    fn from_wire_bool(value: bool) -> Result<Self, String> {
        Ok(value)
    }
}

impl FromWire for Amount {
    const KIND: WireKind = WireKind::Number;

    fn from_wire_int(value: i128) -> Result<Self, String> {
        // Capped at i64::MAX so every amount serializes as a JSON integer.
        match i64::try_from(value) {
            Ok(v) if v >= 0 => Ok(Amount::from_minor(v.unsigned_abs())),
            _ => Err(format!("amount out of range: {value}")),
        }
    }

    fn from_wire_str(value: &str) -> Result<Self, String> {
        Self::from_wire_int(parse_int(value)?)
    }
}

impl FromWire for Currency {
    const KIND: WireKind = WireKind::Number;

    fn from_wire_int(value: i128) -> Result<Self, String> {
        u16::try_from(value)
            .ok()
            .and_then(Currency::from_code)
            .ok_or_else(|| format!("not an ISO 4217 numeric code: {value}"))
    }

    fn from_wire_str(value: &str) -> Result<Self, String> {
        Self::from_wire_int(parse_int(value)?)
    }
}

impl FromWire for EpochMillis {
    const KIND: WireKind = WireKind::Number;
    const TEXT_PATTERN: &'static str =
        "^(-?[0-9]+|[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2})?$";
    const TEXT_NAME: &'static str = "TimestampAsText";

    fn from_wire_int(value: i128) -> Result<Self, String> {
        i64::try_from(value)
            .map(EpochMillis::from_millis)
            .map_err(|_| format!("timestamp out of range: {value}"))
    }

    fn from_wire_str(value: &str) -> Result<Self, String> {
        match parse_int(value) {
            Ok(n) => Self::from_wire_int(n),
            Err(e) => EpochMillis::parse_local_date_time(value.trim()).ok_or(e),
        }
    }
}

impl FromWire for Expiry {
    const KIND: WireKind = WireKind::Number;

    fn from_wire_int(value: i128) -> Result<Self, String> {
        u32::try_from(value)
            .ok()
            .and_then(Expiry::from_yyyymm)
            .ok_or_else(|| format!("not an expiry YYYYMM: {value}"))
    }

    fn from_wire_str(value: &str) -> Result<Self, String> {
        Self::from_wire_int(parse_int(value)?)
    }
}
