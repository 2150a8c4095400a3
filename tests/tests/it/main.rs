//! Cross-crate tests, one binary: the corpus, the generated schema and
//! OpenAPI documents, the document's examples, form encoding, secret
//! redaction and the freshness of the generated code.

mod corpus;
mod doc_examples;
mod form_encoding;
mod generated_fresh;
mod openapi_document;
mod redaction;
mod schema_validation;
