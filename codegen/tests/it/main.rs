//! The generator's integration tests, one binary: every spec check on a
//! minimal fixture (`validation`), the generated files (`output`,
//! `snapshots`), the `card:` and `on_success:` markers
//! (`card_and_success`), the document's reader and comparison (`doc_diff`), spec
//! change classification (`api_diff`) and inputs that must not panic;
//! `common` holds the fixture spec and its helpers.

mod common;

mod api_diff;
mod card_and_success;
mod doc_diff;
mod doc_diff_no_panic;
mod no_panic;
mod output;
mod snapshots;
mod validation;
