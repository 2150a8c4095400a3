//! Helpers shared by the workspace's tests, benchmarks and tools: the
//! spec's catalog (read through the generator), the benchmarks' helpers, and the JSON Schema and OpenAPI documents
//! that `cargo xtask codegen` prints with `print-schema`.

use std::path::{Path, PathBuf};

pub mod bench;
pub mod catalog;
pub mod json_schema;
pub mod openapi;

/// The workspace root.
pub fn workspace_root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().unwrap_or(manifest).to_path_buf()
}

/// The corpus of real gateway bodies, beside the checkout in `../shared/corpus`.
///
/// `None` on a developer machine without it (the caller says so and skips);
/// with `CI` set a missing corpus is a failure, so CI can never skip.
pub fn corpus_dir() -> Option<PathBuf> {
    let dir = workspace_root().join("../shared/corpus");
    if dir.is_dir() {
        return Some(dir);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "CI is set but the corpus is missing at {}",
        dir.display()
    );
    eprintln!(
        "corpus not found at {}: corpus tests skipped",
        dir.display()
    );
    None
}

/// A corpus body that belongs to an endpoint of the spec.
#[derive(Debug)]
pub struct CorpusBody {
    /// File name.
    pub name: String,
    /// Spec endpoint name (`GetOrderStatusExtended`).
    pub endpoint: &'static str,
    /// The JSON body.
    pub json: serde_json::Value,
}

/// The corpus file's endpoint segment (`source__endpoint__n.json`) mapped to
/// the spec's REST endpoint `rest/<segment>.do` (in any case, as
/// `paymentOrder` names `rest/paymentorder.do`); `error` bodies are generic
/// REST error answers. A new endpoint in the spec picks up its corpus bodies
/// without a change here.
fn endpoint_of(segment: &str) -> Option<&'static str> {
    if segment == "error" {
        return Some("Register");
    }
    catalog::endpoints()
        .iter()
        .find(|e| {
            e.info
                .path
                .strip_prefix("rest/")
                .and_then(|file| file.strip_suffix(".do"))
                .is_some_and(|stem| stem.eq_ignore_ascii_case(segment))
        })
        .map(|e| e.info.name)
}

/// Every JSON body of the corpus that belongs to an endpoint of the spec.
pub fn corpus_bodies(dir: &Path) -> Vec<CorpusBody> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    let mut out = Vec::new();
    for name in names {
        let Some(stem) = name.strip_suffix(".json") else {
            continue;
        };
        let Some(segment) = stem.split("__").nth(1) else {
            continue;
        };
        let Some(endpoint) = endpoint_of(segment) else {
            continue;
        };
        let text = std::fs::read_to_string(dir.join(&name))
            .unwrap_or_else(|e| panic!("reading {name}: {e}"));
        let json = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        out.push(CorpusBody {
            name,
            endpoint,
            json,
        });
    }
    out
}

pub use catalog::endpoint;
