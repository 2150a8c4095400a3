//! `cargo xtask doc-diff`: what differs between a version of the bank's
//! document and the spec.
//!
//! [`parse()`] reads the document's endpoint sections, parameter tables (with
//! the required flag on the line above each row, versioned and nested-block
//! tables included), error tables, enumerated value lists and examples;
//! [`diff`] compares them with the spec's files and lists each
//! [`Difference`] with the document's line, the spec's `file:line` and what
//! to edit. A departure the spec records (`departs:` on an item, or
//! `departures:` on an endpoint for a row it has no item for) is kept but
//! marked, so only `--all` shows it.

mod compare;
pub mod parse;

use std::fmt;

use serde::Serialize;

pub use parse::{parse, Document, ParseError};

use crate::diagnostic::Diagnostics;
use crate::load::{self, SpecSource};

/// The kinds of difference, as `--json` names them; the same names are the
/// keys of `departs:` in the spec.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// A table row the spec does not have.
    ParameterAdded,
    /// A spec field no table lists.
    ParameterRemoved,
    /// The required column differs from the spec's `required`.
    RequiredChanged,
    /// The version column differs from the spec's `since`.
    VersionChanged,
    /// The type column does not fit the spec's type.
    TypeChanged,
    /// A parameter's Kazakh description differs from the spec's `kk`.
    TextChanged,
    /// An error code the spec does not have.
    ErrorCodeAdded,
    /// A spec error code no error table lists.
    ErrorCodeRemoved,
    /// A new message for a known error code.
    ErrorMessageAdded,
    /// A spec error message no error table lists.
    ErrorMessageRemoved,
    /// An error message whose Kazakh text changed.
    ErrorTextChanged,
    /// A value in a parameter's `•` list that the enumeration lacks.
    EnumValueAdded,
    /// An enumeration value missing from the parameter's `•` list.
    EnumValueRemoved,
    /// A value's Kazakh text differs from the spec's.
    EnumTextChanged,
    /// A section for a path the spec does not describe.
    EndpointAdded,
    /// A spec endpoint no section describes.
    EndpointRemoved,
    /// An example the spec does not have.
    ExampleAdded,
    /// A spec example the document no longer has.
    ExampleRemoved,
    /// An example whose content changed.
    ExampleChanged,
    /// A departure the spec records that no difference needs any more.
    DepartureUnused,
}

impl Kind {
    /// Every kind, for checking the spec's `departs:` keys.
    pub const ALL: &'static [Kind] = &[
        Kind::ParameterAdded,
        Kind::ParameterRemoved,
        Kind::RequiredChanged,
        Kind::VersionChanged,
        Kind::TypeChanged,
        Kind::TextChanged,
        Kind::ErrorCodeAdded,
        Kind::ErrorCodeRemoved,
        Kind::ErrorMessageAdded,
        Kind::ErrorMessageRemoved,
        Kind::ErrorTextChanged,
        Kind::EnumValueAdded,
        Kind::EnumValueRemoved,
        Kind::EnumTextChanged,
        Kind::EndpointAdded,
        Kind::EndpointRemoved,
        Kind::ExampleAdded,
        Kind::ExampleRemoved,
        Kind::ExampleChanged,
        Kind::DepartureUnused,
    ];

    /// The kind's name in JSON and in `departs:`.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::ParameterAdded => "parameter_added",
            Kind::ParameterRemoved => "parameter_removed",
            Kind::RequiredChanged => "required_changed",
            Kind::VersionChanged => "version_changed",
            Kind::TypeChanged => "type_changed",
            Kind::TextChanged => "text_changed",
            Kind::ErrorCodeAdded => "error_code_added",
            Kind::ErrorCodeRemoved => "error_code_removed",
            Kind::ErrorMessageAdded => "error_message_added",
            Kind::ErrorMessageRemoved => "error_message_removed",
            Kind::ErrorTextChanged => "error_text_changed",
            Kind::EnumValueAdded => "enum_value_added",
            Kind::EnumValueRemoved => "enum_value_removed",
            Kind::EnumTextChanged => "enum_text_changed",
            Kind::EndpointAdded => "endpoint_added",
            Kind::EndpointRemoved => "endpoint_removed",
            Kind::ExampleAdded => "example_added",
            Kind::ExampleRemoved => "example_removed",
            Kind::ExampleChanged => "example_changed",
            Kind::DepartureUnused => "departure_unused",
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One difference between the document and the spec.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Difference {
    /// What kind of difference.
    pub kind: Kind,
    /// The spec's endpoint name (`Register`), or the section's path for a
    /// section the spec does not describe.
    pub endpoint: String,
    /// The parameter, error code (`"5"`), enumeration value
    /// (`orderStatus=7`) or example title concerned.
    pub name: String,
    /// 1-based line in the document, when the document has the item.
    pub doc_line: Option<usize>,
    /// `file:line` in the spec, when the spec has the item.
    pub spec: Option<String>,
    /// What differs.
    pub message: String,
    /// What to edit.
    pub fix: String,
    /// The reason the spec records for departing from the document; such a
    /// difference is not reported unless asked for.
    pub departure: Option<String>,
}

/// Why doc-diff could not compare.
#[derive(Debug)]
pub enum Error {
    /// The document could not be read.
    Document(ParseError),
    /// The spec has mistakes.
    Spec(Diagnostics),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Document(e) => write!(f, "the document cannot be read: {e}"),
            Error::Spec(d) => write!(f, "spec errors:\n{d}"),
        }
    }
}

impl std::error::Error for Error {}

/// Compares a document's text with a spec. The differences come in the
/// document's order within each endpoint; departures are included, marked.
pub fn diff(document: &str, spec: &SpecSource) -> Result<Vec<Difference>, Error> {
    let doc = parse(document).map_err(Error::Document)?;
    let files = load::load(spec).map_err(Error::Spec)?;
    crate::validate::validate(&files).map_err(Error::Spec)?;
    let mut out = compare::compare(&doc, &files);
    out.sort_by(|a, b| {
        (&a.endpoint, a.doc_line.unwrap_or(usize::MAX), &a.spec).cmp(&(
            &b.endpoint,
            b.doc_line.unwrap_or(usize::MAX),
            &b.spec,
        ))
    });
    Ok(out)
}

/// Human output, grouped by endpoint: differences, and with `all` the
/// recorded departures too.
pub fn render(diffs: &[Difference], all: bool) -> String {
    let mut out = String::new();
    let mut current: Option<&str> = None;
    for d in diffs.iter().filter(|d| all || d.departure.is_none()) {
        if current != Some(d.endpoint.as_str()) {
            if current.is_some() {
                out.push('\n');
            }
            out.push_str(&format!("== {}\n", d.endpoint));
            current = Some(&d.endpoint);
        }
        let doc = d.doc_line.map_or("-".to_owned(), |l| format!("L{l}"));
        let spec = d.spec.as_deref().unwrap_or("-");
        out.push_str(&format!(
            "{:<22} {:<28} doc {doc:<6} spec {spec}\n    {}\n",
            d.kind.as_str(),
            d.name,
            d.message
        ));
        match &d.departure {
            Some(reason) => out.push_str(&format!("    departure: {reason}\n")),
            None => out.push_str(&format!("    edit: {}\n", d.fix)),
        }
    }
    let open = diffs.iter().filter(|d| d.departure.is_none()).count();
    let departed = diffs.len() - open;
    out.push_str(&format!(
        "\n{open} difference(s); {departed} recorded departure(s){}\n",
        if all { "" } else { " not shown (--all)" }
    ));
    out
}

/// Every departure the spec records: (file, line, kind), the line being
/// the one of its `departs:` map or `departures:` entry.
pub(crate) fn recorded_departures(files: &[load::LoadedFile]) -> Vec<(&str, u64, &str)> {
    let mut out = Vec::new();
    for f in files {
        let file = f.path.as_str();
        for d in departs_of(f).into_iter().flatten() {
            let line = d.referenced.line();
            out.extend(d.value.keys().map(|k| (file, line, k.as_str())));
        }
        if let Some(ep) = &f.spec.endpoint {
            for d in &ep.value.departures {
                out.push((file, d.referenced.line(), d.value.kind.as_str()));
            }
        }
    }
    out
}

/// The `departs:` maps of a file's items.
fn departs_of(f: &load::LoadedFile) -> Vec<&crate::spec::Departs> {
    let mut all = Vec::new();
    for t in &f.spec.types {
        all.extend(t.value.fields.iter().map(|f| &f.value.departs));
    }
    for e in &f.spec.enums {
        all.extend(e.value.values.iter().map(|v| &v.value.departs));
    }
    if let Some(ep) = &f.spec.endpoint {
        let ep = &ep.value;
        all.push(&ep.departs);
        let fields = ep.request.fields.iter().chain(&ep.response.fields);
        all.extend(fields.map(|f| &f.value.departs));
        all.extend(ep.auth_params.iter().map(|p| &p.value.departs));
        for e in &ep.errors {
            all.extend(e.value.messages.iter().map(|m| &m.value.departs));
        }
        all.extend(ep.examples.iter().map(|e| &e.value.departs));
    }
    all
}

/// Checks the departures the spec records: every key is a [`Kind`], every
/// reason says something, every endpoint-level entry names what it is about.
pub(crate) fn check_departures(files: &[load::LoadedFile], sink: &mut crate::diagnostic::Sink) {
    for f in files {
        let file = f.path.as_str();
        for d in departs_of(f).into_iter().flatten() {
            for (kind, reason) in &d.value {
                check_departure(sink, file, d.referenced.line(), kind, None, reason);
            }
        }
        if let Some(ep) = &f.spec.endpoint {
            for d in &ep.value.departures {
                let v = &d.value;
                check_departure(
                    sink,
                    file,
                    d.referenced.line(),
                    &v.kind,
                    Some(&v.name),
                    &v.reason,
                );
            }
        }
    }
}

/// One departure: a known kind, a reason, and for an endpoint-level entry
/// the name of what it is about.
fn check_departure(
    sink: &mut crate::diagnostic::Sink,
    file: &str,
    line: u64,
    kind: &str,
    name: Option<&str>,
    reason: &str,
) {
    if !is_kind(kind) || kind == Kind::DepartureUnused.as_str() {
        let msg = format!(
            "`{kind}` is not a doc-diff difference kind; one of: {}",
            kind_list()
        );
        sink.error(file, line, msg);
    } else if reason.trim().is_empty() {
        sink.error(
            file,
            line,
            format!("the departure `{kind}` gives no reason"),
        );
    } else if name.is_some_and(|n| n.trim().is_empty()) {
        let msg = format!("the departure `{kind}` names no parameter, code or example");
        sink.error(file, line, msg);
    }
}

fn is_kind(name: &str) -> bool {
    Kind::ALL.iter().any(|k| k.as_str() == name)
}

/// The kinds a departure may name.
fn kind_list() -> String {
    Kind::ALL
        .iter()
        .filter(|k| **k != Kind::DepartureUnused)
        .map(|k| k.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}
