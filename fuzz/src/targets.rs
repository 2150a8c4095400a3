//! What is fuzzed: every decoder that reads bytes from the network or from
//! a merchant, each as a named target with its seeds and input shape.

use std::fmt::Write as _;

use bereke::callback::{Callback, CallbackKey, CallbackVerifier};
use bereke_tests::catalog::{endpoints, models};
use bereke_types::*;
use rand::RngExt;
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::mutate::{self, Dictionary, Rng};
use crate::seeds::{self, Seeds};

/// How a target's inputs are made from its seeds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// JSON text.
    Json,
    /// `application/x-www-form-urlencoded` text.
    Form,
    /// A callback's query, re-signed with this HMAC secret half of the
    /// time so that mutated callbacks also pass verification.
    Callback(Option<&'static str>),
    /// A callback request: a method letter (`G`, `P`, `p` or another), then
    /// the query, or a NUL and the body.
    Request,
}

/// What a target does with one input.
type Runner = Box<dyn Fn(&[u8])>;

/// One fuzz target.
pub struct Target {
    /// Name on the command line and in reports (`response/Register`).
    pub name: String,
    shape: Shape,
    seeds: Vec<Vec<u8>>,
    run: Runner,
}

impl Target {
    /// A target that feeds inputs made from `seeds` to `run`.
    pub fn new(
        name: impl Into<String>,
        shape: Shape,
        seeds: Vec<Vec<u8>>,
        run: impl Fn(&[u8]) + 'static,
    ) -> Self {
        Target {
            name: name.into(),
            shape,
            seeds,
            run: Box::new(run),
        }
    }

    /// The input drawn from `rng`: a mutated seed (or, rarely, random bytes).
    pub fn input(&self, rng: &mut Rng, names: &[String]) -> Vec<u8> {
        let dict = Dictionary {
            names,
            seeds: &self.seeds,
        };
        if self.seeds.is_empty() || rng.random_bool(0.02) {
            return (0..rng.random_range(0..64)).map(|_| rng.random()).collect();
        }
        let seed = &self.seeds[rng.random_range(0..self.seeds.len())];
        match self.shape {
            Shape::Json => mutate::json(rng, seed, &dict),
            Shape::Form => mutate::form(rng, seed, &dict),
            Shape::Callback(secret) => {
                let input = mutate::form(rng, seed, &dict);
                match secret {
                    Some(secret) if rng.random_bool(0.5) => resign(&input, secret),
                    _ => input,
                }
            }
            Shape::Request => {
                // The mutated callback as the query, or after a NUL as the body.
                let methods = b"GGPPpX";
                let mut input = vec![methods[rng.random_range(0..methods.len())]];
                if rng.random_bool(0.5) {
                    input.push(0);
                }
                input.extend(mutate::form(rng, seed, &dict));
                input
            }
        }
    }

    /// Runs one input.
    pub fn run(&self, input: &[u8]) {
        (self.run)(input)
    }
}

/// The callback's pairs signed again with `secret`.
fn resign(input: &[u8], secret: &str) -> Vec<u8> {
    let builder = mutate::pairs(input)
        .into_iter()
        .fold(Callback::builder(), |b, (name, value)| b.param(name, value));
    builder.sign_hmac_sha256(secret).to_query().into_bytes()
}

/// Renders a result the way a merchant's log would, so that `Display` and
/// the redacting `Debug` impls run on whatever was decoded.
fn render<T: std::fmt::Debug, E: std::fmt::Display + std::fmt::Debug>(result: &Result<T, E>) {
    let mut out = String::new();
    let _ = match result {
        Ok(value) => write!(out, "{value:?}"),
        Err(error) => write!(out, "{error} {error:?}"),
    };
    std::hint::black_box(out);
}

/// The secrets a request carried, to be scrubbed from decode errors: long
/// ones (removed anywhere) and a short one (removed only near its name).
const SECRETS: &[(&str, &str)] = &[
    ("password", "test_user_password"),
    ("token", "a1b2c3d4e5"),
    ("$CVC", "123"),
];

/// Answers that echo the request's secrets, as a proxy's page may: the
/// scrubbing of what an error keeps runs on them.
const ECHOES: &[&str] = &[
    r#"{"errorCode":"5","errorMessage":"userName=test_user&password=test_user_password&$CVC=123 Қате"}"#,
    "<html><body>password=test_user_password&token=a1b2c3d4e5 <td>$CVC</td><td>123</td> Қате</body></html>",
];

/// The client's decoding of an answer of `E`, and the answer encoded again.
fn response<E: Endpoint>(input: &[u8])
where
    E::Response: Serialize,
{
    let result = bereke::fuzzing::decode_response::<E>(input, SECRETS);
    if let Ok(response) = &result {
        std::hint::black_box(serde_json::to_vec(response).ok());
        std::hint::black_box(response.reported_error());
    }
    render(&result);
}

/// The sandbox's reading of a request body of `E`, and its validation.
fn sandbox<E: Endpoint + DeserializeOwned>(input: &[u8]) {
    let result = bereke_sandbox::fuzzing::decode_request::<E>(input);
    if let Ok(request) = &result {
        render(&request.validate());
    }
    render(&result);
}

type Run = fn(&[u8]);

/// Per endpoint type: its spec name, the client's answer decoding and the
/// sandbox's request reading, for every endpoint of the spec (the list is
/// the generated `for_each_endpoint!`, so a new endpoint needs no edit here).
macro_rules! per_endpoint {
    ($($name:literal => $ty:ty),* $(,)?) => {
        vec![$(($name, response::<$ty> as Run, sandbox::<$ty> as Run)),*]
    };
}

fn endpoint_decoders() -> Vec<(&'static str, Run, Run)> {
    bereke_types::for_each_endpoint!(per_endpoint)
}

/// Every target: per endpoint, the client's answer decoding
/// (`response/…`), the request model's decoding from its form or JSON body
/// (`request/…`) and the sandbox's (`sandbox/…`); every other model from a
/// JSON value (`model/…`); callback parsing and verification (`callback/…`).
///
/// # Errors
///
/// An endpoint of the spec without decoders here (a new endpoint was
/// added to the spec and not to [`endpoint_decoders`]), or a bad key.
pub fn all(seeds: &Seeds) -> Result<Vec<Target>, String> {
    let decoders = endpoint_decoders();
    let mut targets = Vec::new();
    for entry in endpoints() {
        let name = entry.info.name;
        let Some((_, response, sandbox)) = decoders.iter().find(|(n, ..)| *n == name) else {
            return Err(format!("endpoint {name} has no fuzz decoders"));
        };
        let mut answers = seeds.responses.clone();
        // The endpoint's own examples once more: picked more often than
        // another endpoint's.
        answers.extend(
            entry
                .examples
                .iter()
                .filter(|x| !x.is_request)
                .filter_map(|x| x.json.map(|j| j.as_bytes().to_vec())),
        );
        answers.extend(ECHOES.iter().map(|echo| echo.as_bytes().to_vec()));
        targets.push(Target::new(
            format!("response/{name}"),
            Shape::Json,
            answers,
            *response,
        ));
        let requests = seeds.requests(name);
        let (shape, roundtrip): (Shape, Runner) = match entry.info.content_type {
            ContentType::Form => (Shape::Form, {
                let f = entry.form_roundtrip;
                Box::new(move |input| render(&f(&String::from_utf8_lossy(input))))
            }),
            ContentType::Json => (Shape::Json, {
                let f = entry.json_request_roundtrip;
                Box::new(move |input| render(&f(&String::from_utf8_lossy(input))))
            }),
        };
        targets.push(Target::new(
            format!("request/{name}"),
            shape,
            requests.clone(),
            roundtrip,
        ));
        targets.push(Target::new(
            format!("sandbox/{name}"),
            shape,
            requests,
            *sandbox,
        ));
    }
    let endpoint_models: Vec<&str> = endpoints()
        .iter()
        .flat_map(|e| [e.request, e.response])
        .collect();
    for model in models()
        .iter()
        .filter(|m| !endpoint_models.contains(&m.name))
    {
        let (debug, roundtrip) = (model.debug_from_json, model.json_roundtrip);
        targets.push(Target::new(
            format!("model/{}", model.name),
            Shape::Json,
            seeds.values.clone(),
            move |input| {
                if let Ok(value) = serde_json::from_slice::<serde_json::Value>(input) {
                    render(&debug(value.clone()));
                    render(&roundtrip(value));
                }
            },
        ));
    }
    targets.extend(callback_targets(seeds)?);
    Ok(targets)
}

fn callback_targets(seeds: &Seeds) -> Result<Vec<Target>, String> {
    let hmac = CallbackKey::hmac_sha256(seeds::HMAC_SECRET).map_err(|e| e.to_string())?;
    let rsa = CallbackKey::rsa_public_key_pem(seeds::RSA_PUBLIC_KEY).map_err(|e| e.to_string())?;
    let verifier = CallbackVerifier::new(hmac.clone());
    Ok(vec![
        Target::new(
            "callback/parse",
            Shape::Callback(None),
            seeds.callbacks.clone(),
            |input| {
                let query = Callback::from_query(&String::from_utf8_lossy(input));
                if let Ok(callback) = &query {
                    std::hint::black_box((callback.checksum_payload(), callback.to_query()));
                    std::hint::black_box((
                        callback.operation(),
                        callback.status(),
                        callback.sign_alias(),
                    ));
                }
                render(&query);
                render(&Callback::from_form(input));
            },
        ),
        Target::new(
            "callback/verify-hmac",
            Shape::Callback(Some(seeds::HMAC_SECRET)),
            seeds.callbacks.clone(),
            move |input| render(&Callback::from_form(input).and_then(|c| c.verify(&hmac))),
        ),
        Target::new(
            "callback/verify-rsa",
            Shape::Callback(None),
            seeds.callbacks.clone(),
            move |input| render(&Callback::from_form(input).and_then(|c| c.verify(&rsa))),
        ),
        Target::new(
            "callback/verify-request",
            Shape::Request,
            seeds.callbacks.clone(),
            move |input| {
                let (method, rest) = input.split_first().unwrap_or((&b'G', &[]));
                let method = match method {
                    b'G' => "GET".to_owned(),
                    b'P' => "POST".to_owned(),
                    b'p' => "post".to_owned(),
                    other => String::from_utf8_lossy(&[*other]).into_owned(),
                };
                let (query, body) = match rest.iter().position(|b| *b == 0) {
                    Some(nul) => (&rest[..nul], &rest[nul + 1..]),
                    None => (rest, &[][..]),
                };
                let query = String::from_utf8_lossy(query);
                render(&verifier.verify_request(&method, &query, body));
            },
        ),
    ])
}
