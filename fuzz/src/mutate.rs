//! Turning a seed into a fuzz input: byte-level mutations for any text,
//! and structure-aware ones for JSON values and form pairs.
//!
//! Everything is drawn from the caller's generator, so an input is a pure
//! function of the generator's seed.

use rand::rngs::Xoshiro256PlusPlus;
use rand::RngExt;
use serde_json::Value;

/// The generator every input is drawn from.
pub type Rng = Xoshiro256PlusPlus;

/// JSON texts that decoders tend to get wrong.
const JSON_TOKENS: &[&str] = &[
    "null",
    "true",
    "false",
    "0",
    "-0",
    "-1",
    "1.5",
    "1e309",
    "-1e309",
    "1e-400",
    "18446744073709551616",
    "9223372036854775807",
    "-9223372036854775809",
    "340282366920938463463374607431768211456",
    "\"\"",
    "\"0\"",
    "\" 1\"",
    "\"+1\"",
    "\"1.0\"",
    "\"-5\"",
    "\"99999999999999999999999\"",
    "\"\\u0000\"",
    "\"\\ud800\"",
    "\"\\udfff\\ud800\"",
    "\"\\\"\"",
    "[]",
    "{}",
    "[{}]",
    "{\"\":{}}",
    "\"2024-13-45T25:61:61\"",
];

/// Single bytes that change the shape of JSON or form text.
const SPECIAL_BYTES: &[u8] = b"\"\\{}[],:&=%;+ \t\r\n\x00\x7f\x80\xff";

/// Form values that decoders tend to get wrong.
const FORM_VALUES: &[&str] = &[
    "",
    "0",
    "-1",
    "+1",
    " 7",
    "1.5",
    "1e3",
    "99999999999999999999999",
    "-9223372036854775809",
    "%",
    "%zz",
    "%ff%fe",
    "%00",
    "%ED%A0%80",
    "+",
    ";",
    "=",
    "&",
    "true",
    "null",
    "{\"a\":",
    "{\"email\":\"a@b.c\",\"phone\":\"77001234567\"}",
    "[1,2,3]",
    "{}",
    "12/24",
    "2412",
    "4444555511113333",
    "ru",
    "kk",
    "KZT",
    "398",
];

/// What mutations may draw from besides the built-in tokens: the spec's
/// field names and other seeds to splice with.
pub struct Dictionary<'a> {
    /// Wire names of every field of every model.
    pub names: &'a [String],
    /// Seeds of the same target, for splicing.
    pub seeds: &'a [Vec<u8>],
}

impl Dictionary<'_> {
    fn name(&self, rng: &mut Rng) -> String {
        if self.names.is_empty() || rng.random_bool(0.1) {
            return string(rng);
        }
        self.names[rng.random_range(0..self.names.len())].clone()
    }
}

/// A string value: a token, a long run, control characters or non-ASCII.
fn string(rng: &mut Rng) -> String {
    match rng.random_range(0..6) {
        0 => FORM_VALUES[rng.random_range(0..FORM_VALUES.len())].to_owned(),
        1 => "a".repeat(long(rng, 70_000)),
        2 => "\u{0}\u{1}\r\n\t;".into(),
        3 => "Қазақстан 💳 \u{202e}".into(),
        4 => rng.random::<u64>().to_string(),
        _ => (0..rng.random_range(0..16))
            .map(|_| char::from(rng.random_range(0x20u8..0x7f)))
            .collect(),
    }
}

/// A length for a long run: up to `max` one time in ten, else up to 300
/// (long inputs are slow, and one in ten is enough to find what they find).
fn long(rng: &mut Rng, max: usize) -> usize {
    if rng.random_bool(0.1) {
        rng.random_range(0..max)
    } else {
        rng.random_range(0..300.min(max))
    }
}

/// Applies one to four byte-level mutations to `input`.
pub fn bytes(rng: &mut Rng, input: &mut Vec<u8>, dict: &Dictionary<'_>) {
    for _ in 0..rng.random_range(1..=4) {
        byte_mutation(rng, input, dict);
    }
}

fn byte_mutation(rng: &mut Rng, input: &mut Vec<u8>, dict: &Dictionary<'_>) {
    let pos = |rng: &mut Rng, input: &Vec<u8>| rng.random_range(0..=input.len());
    match rng.random_range(0..11) {
        // Flip a bit.
        0 if !input.is_empty() => {
            let i = rng.random_range(0..input.len());
            input[i] ^= 1 << rng.random_range(0..8);
        }
        // Overwrite a byte with a special one.
        1 if !input.is_empty() => {
            let i = rng.random_range(0..input.len());
            input[i] = SPECIAL_BYTES[rng.random_range(0..SPECIAL_BYTES.len())];
        }
        // Insert a JSON token or a form value.
        2 => {
            let at = pos(rng, input);
            let token = if rng.random_bool(0.5) {
                JSON_TOKENS[rng.random_range(0..JSON_TOKENS.len())]
            } else {
                FORM_VALUES[rng.random_range(0..FORM_VALUES.len())]
            };
            input.splice(at..at, token.bytes());
        }
        // Delete a range.
        3 if !input.is_empty() => {
            let start = rng.random_range(0..input.len());
            let end = rng.random_range(start..=input.len().min(start + 64));
            input.drain(start..end);
        }
        // Repeat a range: long strings, long arrays.
        4 if !input.is_empty() => {
            let start = rng.random_range(0..input.len());
            let end = rng.random_range(start..=input.len().min(start + 16));
            let chunk = input[start..end].to_vec();
            let times = long(rng, 2_000).max(1);
            input.splice(
                end..end,
                chunk.iter().copied().cycle().take(chunk.len() * times),
            );
        }
        // Splice with another seed.
        5 if !dict.seeds.is_empty() => {
            let other = &dict.seeds[rng.random_range(0..dict.seeds.len())];
            let from = rng.random_range(0..=other.len());
            let at = pos(rng, input);
            input.truncate(at);
            input.extend_from_slice(&other[from..]);
        }
        // Deep nesting, opened (and sometimes closed) around a position.
        6 => {
            let depth = long(rng, 20_000).max(1);
            let open: &[u8] = if rng.random_bool(0.5) {
                b"["
            } else {
                b"{\"a\":"
            };
            let close: &[u8] = if open == b"[" { b"]" } else { b"}" };
            let at = pos(rng, input);
            let mut nested = open.repeat(depth);
            if rng.random_bool(0.5) {
                nested.extend_from_slice(b"1");
                nested.extend_from_slice(&close.repeat(depth));
            }
            input.splice(at..at, nested);
        }
        // A huge number.
        7 => {
            let at = pos(rng, input);
            let digits = "9".repeat(long(rng, 5_000).max(20));
            let number = match rng.random_range(0..3) {
                0 => digits,
                1 => format!("-{digits}.{digits}e-{digits}"),
                _ => format!("1e{digits}"),
            };
            input.splice(at..at, number.into_bytes());
        }
        // Invalid UTF-8 and surrogates encoded as UTF-8.
        8 => {
            let bad: &[&[u8]] = &[
                b"\xc3\x28",
                b"\xed\xa0\x80",
                b"\xff",
                b"\xf4\x90\x80\x80",
                b"\xe2\x82",
            ];
            let at = pos(rng, input);
            input.splice(at..at, bad[rng.random_range(0..bad.len())].iter().copied());
        }
        // A field name of the spec, quoted.
        9 => {
            let at = pos(rng, input);
            let name = format!("\"{}\":", dict.name(rng));
            input.splice(at..at, name.into_bytes());
        }
        // Truncate.
        _ => {
            let at = pos(rng, input);
            input.truncate(at);
        }
    }
}

/// A JSON value of any type, at most `depth` levels deep.
fn value(rng: &mut Rng, dict: &Dictionary<'_>, depth: u32) -> Value {
    match rng.random_range(0..if depth == 0 { 7 } else { 9 }) {
        0 => Value::Null,
        1 => Value::Bool(rng.random_bool(0.5)),
        2 => {
            let interesting = [0, -1, 1, i64::MIN, i64::MAX, 2_000, 398];
            interesting[rng.random_range(0..interesting.len())].into()
        }
        3 => rng.random::<u64>().into(),
        4 => serde_json::Number::from_f64([0.5, -0.0, 1e308, 2_000.000_1][rng.random_range(0..4)])
            .map_or(Value::Null, Value::Number),
        5 | 6 => Value::String(string(rng)),
        7 => (0..rng.random_range(0..4))
            .map(|_| value(rng, dict, depth - 1))
            .collect(),
        _ => (0..rng.random_range(0..4))
            .map(|_| (dict.name(rng), value(rng, dict, depth - 1)))
            .collect::<serde_json::Map<_, _>>()
            .into(),
    }
}

/// Changes one to three places of a JSON value: replaces a value, adds or
/// removes a field, wraps a value in an array.
fn mutate_value(rng: &mut Rng, root: &mut Value, dict: &Dictionary<'_>) {
    for _ in 0..rng.random_range(1..=3) {
        at_random_node(rng, root, &mut |rng, target| match rng.random_range(0..4) {
            0 => *target = value(rng, dict, 3),
            1 => {
                if let Value::Object(map) = target {
                    map.insert(dict.name(rng), value(rng, dict, 2));
                } else {
                    *target = value(rng, dict, 1);
                }
            }
            2 => match target {
                Value::Object(map) if !map.is_empty() => {
                    let key = map.keys().nth(rng.random_range(0..map.len())).cloned();
                    key.map(|k| map.remove(&k));
                }
                Value::Array(items) if !items.is_empty() => {
                    items.remove(rng.random_range(0..items.len()));
                }
                _ => *target = Value::Null,
            },
            _ => *target = Value::Array(vec![target.take()]),
        });
    }
}

/// Calls `f` on a random node of the value, the root included.
fn at_random_node(rng: &mut Rng, node: &mut Value, f: &mut dyn FnMut(&mut Rng, &mut Value)) {
    let len = match node {
        Value::Object(map) => map.len(),
        Value::Array(items) => items.len(),
        _ => 0,
    };
    if len > 0 && rng.random_bool(0.7) {
        let i = rng.random_range(0..len);
        let child = match node {
            Value::Object(map) => map.values_mut().nth(i),
            Value::Array(items) => items.get_mut(i),
            _ => None,
        };
        if let Some(child) = child {
            return at_random_node(rng, child, f);
        }
    }
    f(rng, node)
}

/// Writes a value as JSON text, sometimes repeating an object's field with
/// another value (duplicate keys are valid JSON text that `Value` cannot hold).
fn write_value(rng: &mut Rng, value: &Value, dict: &Dictionary<'_>, out: &mut String) {
    match value {
        Value::Object(map) => {
            out.push('{');
            let mut first = true;
            for (key, child) in map {
                let times = if rng.random_bool(0.05) { 2 } else { 1 };
                for n in 0..times {
                    if !first {
                        out.push(',');
                    }
                    first = false;
                    out.push_str(&Value::String(key.clone()).to_string());
                    out.push(':');
                    if n == 0 {
                        write_value(rng, child, dict, out);
                    } else {
                        let other = self::value(rng, dict, 1);
                        write_value(rng, &other, dict, out);
                    }
                }
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, child) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_value(rng, child, dict, out);
            }
            out.push(']');
        }
        scalar => out.push_str(&scalar.to_string()),
    }
}

/// A JSON input from a JSON seed: structure-aware changes when the seed is
/// JSON, byte-level changes on top or instead.
pub fn json(rng: &mut Rng, seed: &[u8], dict: &Dictionary<'_>) -> Vec<u8> {
    let mut out = match serde_json::from_slice::<Value>(seed) {
        Ok(mut root) if rng.random_bool(0.6) => {
            mutate_value(rng, &mut root, dict);
            let mut text = String::new();
            write_value(rng, &root, dict, &mut text);
            text.into_bytes()
        }
        _ => seed.to_vec(),
    };
    if out == seed || rng.random_bool(0.4) {
        bytes(rng, &mut out, dict);
    }
    out
}

/// A form input from a form seed: pairs changed, added, dropped or repeated,
/// byte-level changes on top or instead.
pub fn form(rng: &mut Rng, seed: &[u8], dict: &Dictionary<'_>) -> Vec<u8> {
    let mut out = seed.to_vec();
    if rng.random_bool(0.6) {
        let mut pairs: Vec<(String, String)> = form_urlencoded::parse(seed).into_owned().collect();
        for _ in 0..rng.random_range(1..=3) {
            let i = rng.random_range(0..=pairs.len());
            match rng.random_range(0..5) {
                0 if i < pairs.len() => pairs[i].1 = string(rng),
                1 if i < pairs.len() => {
                    let copy = (pairs[i].0.clone(), string(rng));
                    pairs.push(copy);
                }
                2 if i < pairs.len() => {
                    pairs.remove(i);
                }
                3 => {
                    let mut text = String::new();
                    let generated = value(rng, dict, 2);
                    write_value(rng, &generated, dict, &mut text);
                    pairs.insert(i, (dict.name(rng), text));
                }
                _ => pairs.insert(i, (dict.name(rng), string(rng))),
            }
        }
        out = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(&pairs)
            .finish()
            .into_bytes();
    }
    if out == seed || rng.random_bool(0.4) {
        bytes(rng, &mut out, dict);
    }
    out
}

/// Pairs of a query or form text, read leniently (for re-signing a
/// mutated callback).
pub fn pairs(text: &[u8]) -> Vec<(String, String)> {
    form_urlencoded::parse(text).into_owned().collect()
}
