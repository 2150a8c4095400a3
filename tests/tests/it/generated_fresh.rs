//! The committed generated files are exactly what the spec produces: a plain
//! `cargo test` fails when someone edits the spec and forgets to regenerate,
//! or edits a generated file by hand.

use bereke_codegen::SpecSource;
use bereke_tests::workspace_root;

#[test]
fn generated_rust_matches_the_spec() {
    let root = workspace_root();
    let source = SpecSource::read_dir(&root).expect("spec/ is readable");
    let files = bereke_codegen::generate(&source).unwrap_or_else(|d| panic!("spec errors:\n{d}"));
    assert!(files.len() > 10, "the spec generates every endpoint's file");
    let mut stale = Vec::new();
    for file in &files {
        let committed = std::fs::read_to_string(root.join(&file.path)).unwrap_or_default();
        if committed != file.contents {
            let diff = similar::TextDiff::from_lines(&committed, &file.contents);
            stale.push(format!(
                "{}\n{}",
                file.path,
                diff.unified_diff()
                    .context_radius(1)
                    .header("committed", "generated")
            ));
        }
    }
    assert!(
        stale.is_empty(),
        "stale generated files (run `cargo xtask codegen`):\n{}",
        stale.join("\n")
    );
}

#[test]
fn json_schema_matches_the_models() {
    let path = workspace_root().join("schema/bereke.schema.json");
    let committed = std::fs::read_to_string(&path).expect("schema/bereke.schema.json exists");
    let generated = bereke_tests::json_schema::document_text();
    assert!(
        committed == generated,
        "schema/bereke.schema.json is stale: run `cargo xtask codegen`"
    );
}

#[test]
fn openapi_document_matches_the_models() {
    let path = workspace_root().join("schema/bereke.openapi.json");
    let committed = std::fs::read_to_string(&path).expect("schema/bereke.openapi.json exists");
    let generated = bereke_tests::openapi::document_text();
    assert!(
        committed == generated,
        "schema/bereke.openapi.json is stale: run `cargo xtask codegen`"
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
