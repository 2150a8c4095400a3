//! The bereke generator: spec YAML → checked API model → Rust files.
//!
//! Pure functions over text: apart from [`SpecSource::read_dir`], nothing
//! here touches the disk. `xtask` writes what [`generate`] returns, which
//! keeps the generator testable with small fixture specs.
//!
//! # The pipeline, one module each
//!
//! 1. [`load`]: the YAML files, parsed into [`spec`] (the YAML's shape, every
//!    key known, line numbers kept), with field groups copied into the
//!    endpoints that include them;
//! 2. [`validate`]: every check of the spec, each mistake a [`Diagnostic`]
//!    with `file:line`, all reported at once; it resolves the spec into
//!    [`model`];
//! 3. [`model`]: the checked API (Rust names, resolved types, retry
//!    policies, the fields each response style reads, order references),
//!    the one description every emitter and tool reads; nothing in it needs
//!    checking or looking up again;
//! 4. `emit`: Rust files from the model, one emitter per kind of item, built
//!    with `quote` and formatted by prettyplease (`emit/mod.rs` lists the
//!    files and holds the shared helpers: identifiers, a field's Rust type,
//!    doc comments):
//!    - `structs.rs`: requests, responses and nested blocks (serde and
//!      schemars attributes, redacting `Debug`, builders, validation), each
//!      endpoint's `Endpoint` and `GatewayResponse` impls and its error
//!      messages;
//!    - `enums.rs`: open enumerations and the endpoints' error codes;
//!    - `messages.rs`: each endpoint's error messages by name and the
//!      payment `info` texts, for the sandbox's answers and the client's
//!      reading of `info`;
//!    - `success.rs`: each response's `success()` view of the fields the
//!      gateway sends on success (`on_success: true`);
//!    - `card.rs`: constructors and setters that take typed card data
//!      (`card:` fields) instead of strings;
//!    - `formats.rs`: `TextFormat`, from [`model::Format`];
//!    - `gateway.rs`: base URLs, test cards, callback parameters;
//!    - `for_each.rs`: the `for_each_endpoint!`/`for_each_model!` lists;
//!    - `client.rs`: the client's methods and its `Environment`.
//!
//! Tools read the model too: [`docdiff`] compares it with the bank's
//! document, [`apidiff`] with an earlier spec, [`fresh`] with the committed
//! files (`cargo xtask codegen --check` and the freshness test), and the
//! workspace's tests and schema printer take the spec's data from [`check`]
//! rather than from statics compiled into the models crate. [`naming`]
//! derives Rust names from wire names.
//!
//! # Where a change goes
//!
//! - **A new endpoint, field, enumeration value or error code**: YAML only
//!   (`spec/`, format in `spec/README.md`), then `cargo xtask codegen`.
//! - **A new field attribute** (like `order_ref`): the key in
//!   [`spec::Field`], its check and resolution in `validate.rs`'s `field`,
//!   what it resolves to in [`model::Field`], its use in the emitter; a
//!   case per mistake in `codegen/tests/it/validation.rs`.
//! - **A new field type**: [`model::Prim`] (and its spec name in
//!   `Prim::from_spec`), its Rust type in `emit/mod.rs`, the value type in
//!   `crates/bereke-types/src/values.rs`.
//! - **A new check of the spec**: `validate.rs`, reported with the line of
//!   the offending item, with a case in `codegen/tests/it/validation.rs`
//!   (`Spec::expect_error` finds the line marked `# <<<`).
//! - **A new check of requests before sending**: [`model::Constraints`],
//!   the call in `emit/structs.rs`, the check in
//!   `crates/bereke-types/src/validate.rs`.
//! - **A change to what an emitter writes**: the emitter, then
//!   `cargo xtask codegen`; its item snapshots in
//!   `codegen/tests/it/snapshots.rs` change with it (the README says how to
//!   review and accept them).

pub mod apidiff;
pub mod diagnostic;
pub mod docdiff;
mod emit;
pub mod fresh;
pub mod load;
pub mod model;
pub mod naming;
mod parallel;
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
