//! Prints every JSON body the consumer tests check in other languages, as
//! one JSON array of `{"definition", "operation", "request", "name", "body"}`:
//! the document's JSON examples (requests and responses) and the corpus's
//! response bodies.
//!
//! With `CI` set, a missing corpus fails (as in the Rust tests).

use bereke_tests::catalog::endpoints;
use bereke_tests::{corpus_bodies, corpus_dir};
use serde_json::{json, Value};

fn main() {
    let mut out = Vec::new();
    for entry in endpoints() {
        for ex in entry.examples {
            let Some(text) = ex.json else { continue };
            let Ok(body) = serde_json::from_str::<Value>(text) else {
                eprintln!("{}: example is not JSON", ex.title);
                std::process::exit(1);
            };
            let definition = if ex.is_request {
                entry.request
            } else {
                entry.response
            };
            let name = format!("{} {}", entry.info.method, ex.title);
            out.push(json!({
                "definition": definition,
                "operation": entry.info.method,
                "request": ex.is_request,
                "name": name,
                "body": body,
            }));
        }
    }
    if let Some(dir) = corpus_dir() {
        for b in corpus_bodies(&dir) {
            let entry = bereke_tests::endpoint(b.endpoint);
            out.push(json!({
                "definition": entry.response,
                "operation": entry.info.method,
                "request": false,
                "name": b.name,
                "body": b.json,
            }));
        }
    }
    println!("{}", Value::Array(out));
}
