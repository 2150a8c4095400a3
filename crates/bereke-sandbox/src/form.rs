//! Reading request bodies: the form's raw pairs (for the credentials,
//! which the models do not carry) and the endpoint's generated model.
//!
//! Nothing here fails on bad input with a panic: a body that is not a form
//! reads as no pairs, and a model that does not decode names its field.

use serde::de::DeserializeOwned;

/// A form body's pairs, first occurrence of each name first.
#[derive(Debug, Clone, Default)]
pub struct Form {
    pairs: Vec<(String, String)>,
    /// The body as it came, decoded directly when that means the same as
    /// decoding the pairs (see [`Form::decode`]).
    body: Vec<u8>,
}

impl Form {
    /// Reads `application/x-www-form-urlencoded` pairs; invalid percent
    /// escapes and non-UTF-8 bytes are read leniently, never refused.
    pub fn parse(body: &[u8]) -> Self {
        let pairs =
            serde_urlencoded::from_bytes::<Vec<(String, String)>>(body).unwrap_or_else(|_| {
                form_urlencoded::parse(body)
                    .map(|(k, v)| (k.into_owned(), v.into_owned()))
                    .collect()
            });
        Form {
            pairs,
            body: body.to_vec(),
        }
    }

    /// The first value of `name`, if present.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.pairs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The first value of `name`, if present and not blank.
    pub fn non_empty(&self, name: &str) -> Option<&str> {
        self.get(name).filter(|v| !v.trim().is_empty())
    }

    /// Decodes the endpoint's model from the form (the first value of each
    /// name; names the model does not know are ignored).
    ///
    /// # Errors
    ///
    /// The wire name of the field that did not decode (empty when the
    /// failure names no field).
    pub fn decode<T: DeserializeOwned>(&self) -> Result<T, String> {
        // Most bodies name each field once and leave none empty: the body
        // itself then says what the pairs say, without a copy.
        let plain = self.pairs.iter().enumerate().all(|(i, (name, value))| {
            !value.is_empty() && self.pairs[..i].iter().all(|(earlier, _)| earlier != name)
        });
        if plain {
            return decode_form(&self.body);
        }
        let mut seen = std::collections::HashSet::new();
        let mut serializer = form_urlencoded::Serializer::new(String::new());
        for (name, value) in &self.pairs {
            // An empty value is the same as no value: models see optional
            // fields as absent rather than failing to parse "".
            if seen.insert(name.as_str()) && !value.is_empty() {
                serializer.append_pair(name, value);
            }
        }
        decode_form(serializer.finish().as_bytes())
    }
}

/// Decodes a model from form text.
fn decode_form<T: DeserializeOwned>(encoded: &[u8]) -> Result<T, String> {
    let deserializer = || serde_urlencoded::Deserializer::new(form_urlencoded::parse(encoded));
    // Tracking the path of every field costs each request; only a form
    // that fails is decoded again to name the field at fault.
    T::deserialize(deserializer())
        .or_else(|_| serde_path_to_error::deserialize(deserializer()).map_err(|e| field_of(&e)))
}

/// Decodes a JSON body into a model.
///
/// # Errors
///
/// The wire name of the field that did not decode (empty when the body is
/// not JSON or the failure names no field).
pub fn decode_json<T: DeserializeOwned>(body: &[u8]) -> Result<T, String> {
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    serde_path_to_error::deserialize(&mut deserializer).map_err(|e| field_of(&e))
}

fn field_of<E: std::fmt::Display>(error: &serde_path_to_error::Error<E>) -> String {
    let path = error.path().to_string();
    if path == "." {
        // A missing field is reported at the parent: take its name from the message.
        let message = error.inner().to_string();
        message
            .split('`')
            .nth(1)
            .map(str::to_owned)
            .unwrap_or_default()
    } else {
        path
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use bereke_types::RegisterRequest;

    #[test]
    fn decodes_models_and_names_bad_fields() {
        let form = Form::parse(b"userName=u&password=p&amount=2000&returnUrl=finish.html&amount=5");
        assert_eq!(form.get("userName"), Some("u"));
        let request: RegisterRequest = form.decode().unwrap();
        assert_eq!(request.amount.minor(), 2000);

        let bad = Form::parse(b"amount=twenty&returnUrl=x");
        assert_eq!(bad.decode::<RegisterRequest>().unwrap_err(), "amount");
        let missing = Form::parse(b"returnUrl=x");
        assert_eq!(missing.decode::<RegisterRequest>().unwrap_err(), "amount");
        let garbage = Form::parse(&[0xff, b'=', b'%', b'z', 0x00]);
        assert!(garbage.decode::<RegisterRequest>().is_err());
        let huge = Form::parse(b"amount=99999999999999999999999&returnUrl=x");
        assert_eq!(huge.decode::<RegisterRequest>().unwrap_err(), "amount");
    }
}
