//! Prints the JSON Schema document, or with `openapi` the OpenAPI document;
//! `cargo xtask codegen` writes them to `schema/bereke.schema.json` and
//! `schema/bereke.openapi.json`.

fn main() {
    let text = match std::env::args().nth(1).as_deref() {
        Some("openapi") => bereke_tests::openapi::document_text(),
        _ => bereke_tests::json_schema::document_text(),
    };
    print!("{text}");
}
