//! Cross-crate tests, one binary: typed card data, success views, open
//! enumerations' unknown values, the corpus, the generated schema and
//! OpenAPI documents, the document's examples, form encoding, secret
//! redaction, the lenient field decoders and the freshness of the generated
//! code.

mod card;
mod corpus;
mod doc_examples;
mod form_encoding;
mod generated_fresh;
mod lenient_fields;
mod openapi_document;
mod redaction;
mod schema_validation;
mod success_views;
mod unknown_values;
