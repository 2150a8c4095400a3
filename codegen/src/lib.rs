//! The bereke generator: spec YAML → checked API model → Rust files.
//!
//! Pure functions over text: apart from [`SpecSource::read_dir`], nothing
//! here touches the disk. `xtask` writes what [`generate`] returns, which
//! keeps the generator testable with small fixture specs.
//!
//! The pipeline, one module each:
//!
//! - [`load`]: the YAML files, parsed into [`spec`] with line numbers;
//! - [`validate`]: every check of the spec (each mistake a [`Diagnostic`]
//!   with `file:line`), resolving it into [`model`];
//! - [`model`]: the checked API (Rust names, resolved types, retry
//!   policies), the one description every emitter and tool reads;
//! - `emit`: Rust files from the model (models, error codes, `Endpoint`
//!   impls, text formats, client methods, the client's `Environment`, the
//!   responses' `success()` views, constructors taking typed card data, the
//!   `for_each_endpoint!`/`for_each_model!` lists), formatted by
//!   prettyplease.
//!
//! Tools read the model too: [`docdiff`] compares it with the bank's
//! document, [`apidiff`] with an earlier spec, and the workspace's tests and
//! schema printer take the spec's data from [`check`] rather than from
//! statics compiled into the models crate.

pub mod apidiff;
pub mod diagnostic;
pub mod docdiff;
mod emit;
pub mod fresh;
pub mod load;
pub mod model;
pub mod naming;
pub mod spec;
pub mod validate;

pub use diagnostic::{Diagnostic, Diagnostics};
pub use load::SpecSource;

/// A file the generator produces, with its path relative to the workspace root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    /// Path relative to the workspace root, with `/` separators.
    pub path: String,
    /// Full contents.
    pub contents: String,
}

/// Loads and checks a spec, returning the resolved API model.
pub fn check(source: &SpecSource) -> Result<model::Api, Diagnostics> {
    let files = load::load(source)?;
    validate::validate(&files)
}

/// Generates every Rust file of the spec (the JSON Schema is produced from
/// the compiled models, see `xtask`).
pub fn generate(source: &SpecSource) -> Result<Vec<GeneratedFile>, Diagnostics> {
    let api = check(source)?;
    Ok(emit::all(&api))
}
