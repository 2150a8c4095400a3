//! Prints the JSON Schema document; `cargo xtask codegen` writes it to
//! `schema/bereke.schema.json`.

fn main() {
    print!("{}", bereke_types::schema::document_text());
}
