//! Real inputs to start from: the document's examples (through the
//! spec's catalog), the corpus of real gateway bodies, samples of every
//! model's fields, and the document's signed callbacks.

use std::collections::BTreeSet;
use std::path::Path;

use bereke::callback::Callback;
use bereke_tests::catalog::{endpoints, models};
use serde_json::Value;

/// The document's HMAC-SHA256 callback example: its secret and its query.
pub const HMAC_SECRET: &str = "ooc7slpvc61k7sf7ma7p4hrefr";
const HMAC_QUERY: &str = "mdOrder=06cf5599-3f17-7c86-bdbc-bd7d00a8b38b&operation=approved\
    &orderNumber=2003&status=1\
    &checksum=EAF2FB72CAB99FD5067F4BA493DD84F4D79C1589FDE8ED29622F0F07215AA972";

/// The document's RSA public key of its signed callback example.
pub const RSA_PUBLIC_KEY: &str = "-----BEGIN PUBLIC KEY-----
MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAwtuGKbQ4WmfdV1gjWWys
5jyHKTWXnxX3zVa5/Cx5aKwJpOsjrXnHh6l8bOPQ6Sgj3iSeKJ9plZ3i7rPjkfmw
qUOJ1eLU5NvGkVjOgyi11aUKgEKwS5Iq5HZvXmPLzu+U22EUCTQwjBqnE/Wf0hnI
wYABDgc0fJeJJAHYHMBcJXTuxF8DmDf4DpbLrQ2bpGaCPKcX+04POS4zVLVCHF6N
6gYtM7U2QXYcTMTGsAvmIqSj1vddGwvNGeeUVoPbo6enMBbvZgjN5p6j3ItTziMb
Vba3m/u7bU1dOG2/79UpGAGR10qEFHiOqS6WpO7CuIR2tL9EznXRc7D9JZKwGfoY
/QIDAQAB
-----END PUBLIC KEY-----
";
const RSA_QUERY: &str = "amount=35000099&mdOrder=12b59da8-f68f-7c8d-12b5-9da8000826ea\
    &operation=deposited&status=1&sign_alias=SHA-256+with+RSA&checksum=\
    9524FD765FB1BABFB1F42E4BC6EF5A4B07BAA3F9C809098ACBB462618A9327539F975FEDB4CF6EC1556FF88BA74774342AF4F5B51BA63903BE9647C670EBD962467282955BD1D57B16935C956864526810870CD32967845EBABE1C6565C03F94FF66907CEDB54669A1C74AC1AD6E39B67FA7EF6D305A007A474F03B80FD6C965656BEAA74E09BB1189F4B32E622C903DC52843C454B7ACF76D6F76324C27767DE2FF6E7217716C19C530CA7551DB58268CC815638C30F3BCA3270E1FD44F63C14974B108E65C20638ECE2F2D752F32742FFC5077415102706FA5235D310D4948A780B08D1B75C8983F22F211DFCBF14435F262ADDA6A97BFEB6D332C3D51010B";

/// Every seed, by the kind of input it starts.
pub struct Seeds {
    /// JSON answers: the document's response examples and every corpus body.
    pub responses: Vec<Vec<u8>>,
    /// JSON values for single models: the answers, every model's sample
    /// object, and the scalars found in the answers.
    pub values: Vec<Vec<u8>>,
    /// Callback queries: the document's two signed examples and callbacks
    /// as the sandbox sends them.
    pub callbacks: Vec<Vec<u8>>,
    /// Wire names of every field of every model, for mutations to use.
    pub names: Vec<String>,
}

impl Seeds {
    /// Collects the seeds; `corpus` is the folder of real gateway bodies.
    ///
    /// # Errors
    ///
    /// A corpus file that cannot be read.
    pub fn load(corpus: Option<&Path>) -> Result<Self, String> {
        let mut responses: Vec<Vec<u8>> = endpoints()
            .iter()
            .flat_map(|e| e.examples)
            .filter(|x| !x.is_request)
            .filter_map(|x| x.json)
            .map(|json| json.as_bytes().to_vec())
            .collect();
        if let Some(dir) = corpus {
            responses.extend(corpus_bodies(dir)?);
        }
        let mut values = responses.clone();
        values.extend(
            models()
                .iter()
                .map(|m| sample_object(m.fields).to_string().into_bytes()),
        );
        let mut scalars = BTreeSet::new();
        for body in &responses {
            if let Ok(value) = serde_json::from_slice::<Value>(body) {
                collect_scalars(&value, &mut scalars);
            }
        }
        values.extend(scalars.into_iter().map(String::into_bytes));
        let names: BTreeSet<String> = models()
            .iter()
            .flat_map(|m| m.fields)
            .flat_map(|f| std::iter::once(f.wire).chain(f.aliases.iter().copied()))
            .map(str::to_owned)
            .collect();
        Ok(Seeds {
            responses,
            values,
            callbacks: callbacks(),
            names: names.into_iter().collect(),
        })
    }

    /// Request bodies of one endpoint: its request examples (form text or
    /// JSON) and every field of its request model set to its sample.
    pub fn requests(&self, endpoint: &str) -> Vec<Vec<u8>> {
        let Some(entry) = endpoints().iter().find(|e| e.info.name == endpoint) else {
            return Vec::new();
        };
        let is_form = entry.info.content_type == bereke_types::ContentType::Form;
        let mut out: Vec<Vec<u8>> = Vec::new();
        for example in entry.examples.iter().filter(|x| x.is_request) {
            if !example.form.is_empty() {
                out.push(encode_form(
                    example.form.iter().map(|(k, v)| (*k, (*v).to_owned())),
                ));
            }
            if let Some(json) = example.json {
                out.push(json.as_bytes().to_vec());
            }
        }
        if let Some(model) = models().iter().find(|m| m.name == entry.request) {
            let sample = sample_object(model.fields);
            out.push(if is_form {
                let pairs = sample.as_object().into_iter().flatten();
                encode_form(pairs.map(|(k, v)| (k.as_str(), form_value(v))))
            } else {
                sample.to_string().into_bytes()
            });
        }
        out
    }
}

/// Every `.json` file of the corpus folder.
fn corpus_bodies(dir: &Path) -> Result<Vec<Vec<u8>>, String> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut paths: Vec<_> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| std::fs::read(p).map_err(|e| format!("{}: {e}", p.display())))
        .collect()
}

/// An object with every field of a model set to its sample value.
fn sample_object(fields: &[bereke_tests::catalog::FieldInfo]) -> Value {
    fields
        .iter()
        .map(|f| {
            let sample = serde_json::from_str(f.sample).unwrap_or(Value::Null);
            (f.wire.to_owned(), sample)
        })
        .collect::<serde_json::Map<_, _>>()
        .into()
}

/// A JSON value as a form field: strings as they are, anything else
/// (JSON inside a form field) as JSON text.
fn form_value(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

fn encode_form<'a>(pairs: impl Iterator<Item = (&'a str, String)>) -> Vec<u8> {
    let mut form = form_urlencoded::Serializer::new(String::new());
    for (name, value) in pairs {
        form.append_pair(name, &value);
    }
    form.finish().into_bytes()
}

fn collect_scalars(value: &Value, out: &mut BTreeSet<String>) {
    match value {
        Value::Object(map) => map.values().for_each(|v| collect_scalars(v, out)),
        Value::Array(items) => items.iter().for_each(|v| collect_scalars(v, out)),
        scalar => {
            out.insert(scalar.to_string());
        }
    }
}

/// The document's signed callbacks and the sandbox's kinds of callback,
/// signed with [`HMAC_SECRET`].
fn callbacks() -> Vec<Vec<u8>> {
    let mut out = vec![
        HMAC_QUERY.as_bytes().to_vec(),
        RSA_QUERY.as_bytes().to_vec(),
    ];
    for (operation, status) in [
        ("approved", "1"),
        ("deposited", "1"),
        ("reversed", "1"),
        ("refunded", "1"),
        ("declinedByTimeout", "0"),
        ("bindingCreated", "1"),
    ] {
        let callback = Callback::builder()
            .md_order("0f4ae3a5-6c3e-4a7b-9c1b-0000000000a1")
            .order_number("A-1001")
            .param("operation", operation)
            .param("status", status)
            .param("amount", "15000")
            .sign_hmac_sha256(HMAC_SECRET);
        out.push(callback.to_query().into_bytes());
    }
    out
}
