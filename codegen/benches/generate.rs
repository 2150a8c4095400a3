//! How long the generator takes in-process on the real spec: reading the
//! YAML, checking it into the model, and emitting every Rust file (the
//! schemas are made afterwards by `cargo xtask codegen` from the compiled
//! models). `cargo bench -p bereke-codegen`.

use std::path::Path;

use bereke_codegen::SpecSource;

fn main() {
    divan::main();
}

/// The repository's spec, read once.
fn source() -> SpecSource {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    SpecSource::read_dir(&root).expect("spec/ is readable")
}

/// Load, validate and resolve the model (what `api-diff` needs).
#[divan::bench(sample_count = 20)]
fn check_spec(bencher: divan::Bencher) {
    let source = source();
    bencher.bench(|| bereke_codegen::check(divan::black_box(&source)).expect("valid"));
}

/// Everything the generator writes, formatted by prettyplease.
#[divan::bench(sample_count = 20)]
fn generate_all(bencher: divan::Bencher) {
    let source = source();
    bencher.bench(|| bereke_codegen::generate(divan::black_box(&source)).expect("generates"));
}
