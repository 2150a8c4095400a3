//! The committed generated files are exactly what the spec produces: a plain
//! `cargo test` fails when someone edits the spec and forgets to regenerate,
//! or edits a generated file by hand.

use bereke_codegen::{GeneratedFile, SpecSource};
use bereke_tests::workspace_root;

#[test]
fn generated_rust_matches_the_spec() {
    let root = workspace_root();
    let source = SpecSource::read_dir(&root).expect("spec/ is readable");
    let files = bereke_codegen::generate(&source).unwrap_or_else(|d| panic!("spec errors:\n{d}"));
    assert!(files.len() > 10, "the spec generates every endpoint's file");
    assert_fresh(&files);
}

#[test]
fn schema_documents_match_the_models() {
    assert_fresh(&[
        GeneratedFile {
            path: "schema/bereke.schema.json".into(),
            contents: bereke_tests::json_schema::document_text(),
        },
        GeneratedFile {
            path: "schema/bereke.openapi.json".into(),
            contents: bereke_tests::openapi::document_text(),
        },
    ]);
}

/// The comparison `cargo xtask codegen --check` makes.
#[track_caller]
fn assert_fresh(files: &[GeneratedFile]) {
    let stale = bereke_codegen::fresh::stale_files(&workspace_root(), files);
    assert!(
        stale.is_empty(),
        "stale generated files (run `cargo xtask codegen`):\n{}",
        stale
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn every_model_has_a_schema_definition() {
    let doc = bereke_tests::json_schema::document();
    let defs = doc["$defs"].as_object().expect("$defs");
    for model in bereke_tests::catalog::models() {
        assert!(defs.contains_key(model.name), "$defs lacks {}", model.name);
    }
    for entry in bereke_tests::catalog::endpoints() {
        assert!(defs.contains_key(entry.request));
        assert!(defs.contains_key(entry.response));
    }
}
