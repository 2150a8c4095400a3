//! Comparing a read [`Document`] with the spec as written (before
//! resolution, so every difference can name the spec's `file:line`).

use std::collections::{BTreeMap, BTreeSet};

use serde_saphyr::Spanned;

use super::parse::{Document, ExampleBody, Flag, Row, Section, Table};
use super::{Difference, Kind};
use crate::load::LoadedFile;
use crate::spec;

/// A spec item's location and the departures it records.
struct At<'a> {
    file: &'a str,
    line: u64,
    departs: &'a spec::Departs,
}

/// The "endpoint" of differences in the authentication section.
const AUTHENTICATION: &str = "authentication";

/// For spec items that carry no departures.
static NO_DEPARTS: spec::Departs = None;

impl At<'_> {
    fn spec(&self) -> String {
        format!("{}:{}", self.file, self.line)
    }
}

fn line_of<T>(s: &Spanned<T>) -> u64 {
    s.referenced.line()
}

/// The spec's items by name.
struct Index<'a> {
    endpoints: Vec<(&'a str, &'a spec::Endpoint)>,
    types: BTreeMap<&'a str, (&'a str, &'a spec::TypeDef)>,
    enums: BTreeMap<&'a str, (&'a str, &'a spec::EnumDef)>,
    auth: Vec<(&'a str, &'a spec::AuthScheme)>,
}

impl<'a> Index<'a> {
    fn new(files: &'a [LoadedFile]) -> Self {
        let mut ix = Index {
            endpoints: Vec::new(),
            types: BTreeMap::new(),
            enums: BTreeMap::new(),
            auth: Vec::new(),
        };
        for f in files {
            let file = f.path.as_str();
            if let Some(g) = &f.spec.gateway {
                ix.auth
                    .extend(g.value.auth.iter().map(|a| (file, &a.value)));
            }
            for t in &f.spec.types {
                ix.types.insert(&t.value.name.value, (file, &t.value));
            }
            for e in &f.spec.enums {
                ix.enums.insert(&e.value.name.value, (file, &e.value));
            }
            if let Some(ep) = &f.spec.endpoint {
                ix.endpoints.push((file, &ep.value));
            }
        }
        ix
    }

    /// The endpoint a section describes: by the curl example's exact path, or
    /// by the lead sentence's `name.do`.
    fn endpoint(&self, section: &Section) -> Option<(&'a str, &'a spec::Endpoint)> {
        let exact = self
            .endpoints
            .iter()
            .find(|(_, e)| e.path.value == section.path);
        if section.path_from_curl {
            return exact.copied();
        }
        let lead = section.path.to_lowercase();
        exact
            .or_else(|| {
                self.endpoints.iter().find(|(_, e)| {
                    let p = e.path.value.to_lowercase();
                    p == lead || p.ends_with(&format!("/{lead}"))
                })
            })
            .copied()
    }
}

/// A spec object the document's tables are compared with.
#[derive(Clone)]
struct Obj<'a> {
    /// Identity for the "removed" check: `Endpoint.request` or a type name.
    id: String,
    file: &'a str,
    fields: &'a [Spanned<spec::Field>],
}

/// A field's spec type with `list<…>` taken off.
fn element_type(ty: &str) -> &str {
    ty.strip_prefix("list<")
        .and_then(|t| t.strip_suffix('>'))
        .unwrap_or(ty)
}

/// Text as compared: bullets, line breaks and runs of spaces do not count,
/// nor a final full stop or semicolon.
pub(super) fn norm(text: &str) -> String {
    let t: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || c == '•' || c == '|')
        .filter(|w| !w.is_empty())
        .collect();
    t.join(" ").trim_end_matches(['.', ';', ' ']).to_owned()
}

/// The wire kind of a value, as far as the document's type column tells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Wire {
    Number,
    Text,
    Bool,
    Object,
}

struct Comparer<'a> {
    ix: Index<'a>,
    out: Vec<Difference>,
    /// Departures that matched a difference: (file, line, kind).
    used: BTreeSet<(String, u64, String)>,
    /// Wire names seen per spec object, for the "removed" check.
    seen: BTreeMap<String, BTreeSet<String>>,
    /// Objects compared: id → (endpoint it was first seen in, object).
    compared: BTreeMap<String, (String, Obj<'a>)>,
}

/// Compares the document with the spec's files.
pub(super) fn compare(doc: &Document, files: &[LoadedFile]) -> Vec<Difference> {
    let mut cx = Comparer {
        ix: Index::new(files),
        out: Vec::new(),
        used: BTreeSet::new(),
        seen: BTreeMap::new(),
        compared: BTreeMap::new(),
    };
    let mut sections: BTreeMap<&str, Vec<&Section>> = BTreeMap::new();
    for s in &doc.sections {
        match cx.ix.endpoint(s) {
            Some((_, ep)) => sections.entry(&ep.name.value).or_default().push(s),
            None => cx.push(
                Kind::EndpointAdded,
                &s.path,
                &s.path,
                Some(s.line),
                None,
                format!(
                    "the document has a section for `{}` (\"{}\") that the spec does not describe",
                    s.path, s.title
                ),
                "add spec/endpoints/<name>.yaml with the section's tables, errors and examples"
                    .into(),
            ),
        }
    }
    cx.authentication(&doc.auth_tables);
    let endpoints = cx.ix.endpoints.clone();
    for (file, ep) in endpoints {
        let name = ep.name.value.as_str();
        let at = At {
            file,
            line: line_of(&ep.name),
            departs: &ep.departs,
        };
        match sections.get(name) {
            None => cx.push_at(
                Kind::EndpointRemoved,
                name,
                &ep.path.value,
                None,
                &at,
                format!("no section of the document describes `{}`", ep.path.value),
                format!("remove {file}, or record `departs: {{endpoint_removed: <reason>}}` on the endpoint"),
            ),
            Some(list) => cx.endpoint(file, ep, list),
        }
    }
    cx.removed();
    // A departure no difference needs any more: the document came round to
    // the spec, and the record should go. Endpoints without a section cannot
    // tell, so their files are left alone.
    let unread: BTreeSet<&str> = cx
        .ix
        .endpoints
        .iter()
        .filter(|(_, ep)| !sections.contains_key(ep.name.value.as_str()))
        .map(|(file, _)| *file)
        .collect();
    for (file, line, kind) in super::recorded_departures(files) {
        if unread.contains(file) || cx.used.contains(&(file.to_owned(), line, kind.to_owned())) {
            continue;
        }
        let endpoint = files
            .iter()
            .find(|f| f.path == file)
            .and_then(|f| f.spec.endpoint.as_ref())
            .map_or(file.to_owned(), |ep| ep.value.name.value.clone());
        cx.push(
            Kind::DepartureUnused,
            &endpoint,
            kind,
            None,
            Some(format!("{file}:{line}")),
            format!(
                "the spec records a `{kind}` departure here, but the document no longer differs"
            ),
            format!("remove the `{kind}` departure at {file}:{line}"),
        );
    }
    cx.out
}

impl<'a> Comparer<'a> {
    #[allow(clippy::too_many_arguments)]
    fn push(
        &mut self,
        kind: Kind,
        endpoint: &str,
        name: &str,
        doc_line: Option<usize>,
        spec: Option<String>,
        message: String,
        fix: String,
    ) {
        self.out.push(Difference {
            kind,
            endpoint: endpoint.to_owned(),
            name: name.to_owned(),
            doc_line,
            spec,
            message,
            fix,
            departure: None,
        });
    }

    /// Records a difference about a spec item, unless the item records the
    /// departure (then it is kept, marked, for `--all`).
    #[allow(clippy::too_many_arguments)]
    fn push_at(
        &mut self,
        kind: Kind,
        endpoint: &str,
        name: &str,
        doc_line: Option<usize>,
        at: &At<'_>,
        message: String,
        fix: String,
    ) {
        let recorded = at
            .departs
            .as_ref()
            .filter(|d| d.value.contains_key(kind.as_str()));
        if let Some(d) = recorded {
            self.used
                .insert((at.file.to_owned(), line_of(d), kind.as_str().to_owned()));
        }
        let departure = recorded.and_then(|d| d.value.get(kind.as_str())).cloned();
        self.out.push(Difference {
            kind,
            endpoint: endpoint.to_owned(),
            name: name.to_owned(),
            doc_line,
            spec: Some(at.spec()),
            message,
            fix,
            departure,
        });
    }

    fn endpoint(&mut self, file: &'a str, ep: &'a spec::Endpoint, sections: &[&Section]) {
        let name = ep.name.value.as_str();
        let request = Obj {
            id: format!("{name}.request"),
            file,
            fields: &ep.request.fields,
        };
        let response = Obj {
            id: format!("{name}.response"),
            file,
            fields: &ep.response.fields,
        };
        let mut auth_seen = BTreeSet::new();
        for s in sections {
            for t in &s.request {
                self.table(ep, file, t, &request, &mut auth_seen);
            }
            for t in &s.response {
                self.table(ep, file, t, &response, &mut auth_seen);
            }
        }
        for p in &ep.auth_params {
            if !auth_seen.contains(&p.value.name) {
                let at = At {
                    file,
                    line: line_of(p),
                    departs: &p.value.departs,
                };
                self.push_at(
                    Kind::ParameterRemoved,
                    name,
                    &p.value.name,
                    None,
                    &at,
                    format!(
                        "the credential `{}` is in no request table of the document",
                        p.value.name
                    ),
                    format!("remove it from `auth_params` in {file}"),
                );
            }
        }
        self.errors(file, ep, sections);
        self.examples(file, ep, sections);
    }

    /// The authentication section's tables against the scheme whose
    /// parameters they list (`rest`).
    fn authentication(&mut self, tables: &[Table]) {
        let Some(first) = tables.iter().flat_map(|t| &t.rows).next() else {
            return;
        };
        let scheme = self
            .ix
            .auth
            .iter()
            .copied()
            .find(|(_, a)| a.params.iter().any(|p| p.value.name.value == first.name));
        let Some((file, scheme)) = scheme else {
            self.push(
                Kind::ParameterAdded,
                AUTHENTICATION,
                &first.name,
                Some(first.line),
                None,
                format!(
                    "the authentication section lists `{}`, which no scheme of the spec has",
                    first.name
                ),
                "add the parameter to a scheme under `auth` in spec/gateway.yaml".into(),
            );
            return;
        };
        let mut listed = BTreeSet::new();
        for t in tables {
            for row in &t.rows {
                listed.insert(row.name.clone());
                match scheme
                    .params
                    .iter()
                    .find(|p| p.value.name.value == row.name)
                {
                    Some(p) => self.field(AUTHENTICATION, file, t, row, p, true),
                    None => self.push(
                        Kind::ParameterAdded,
                        AUTHENTICATION,
                        &row.name,
                        Some(row.line),
                        None,
                        format!(
                            "the authentication section lists `{}`; scheme `{}` does not",
                            row.name, scheme.name
                        ),
                        format!("add it to the params of scheme `{}` in {file}", scheme.name),
                    ),
                }
            }
        }
        for p in &scheme.params {
            if !listed.contains(&p.value.name.value) {
                let at = At {
                    file,
                    line: line_of(p),
                    departs: &p.value.departs,
                };
                self.push_at(
                    Kind::ParameterRemoved,
                    AUTHENTICATION,
                    &p.value.name.value,
                    None,
                    &at,
                    format!(
                        "the authentication section does not list `{}`",
                        p.value.name.value
                    ),
                    format!("remove it from scheme `{}` at {}", scheme.name, at.spec()),
                );
            }
        }
    }

    /// Compares one table with the spec object it describes: the request or
    /// response itself, or a nested block named in the table's intro.
    fn table(
        &mut self,
        ep: &'a spec::Endpoint,
        file: &'a str,
        table: &Table,
        top: &Obj<'a>,
        auth_seen: &mut BTreeSet<String>,
    ) {
        let endpoint = ep.name.value.as_str();
        let obj = match &table.intro {
            None => Some(top.clone()),
            Some(intro) => self.block(top, intro).map(|(parent, field, child)| {
                // The block's own row may be missing from the parent's table
                // (the order-status table introduces its blocks in prose).
                self.seen.entry(parent).or_default().insert(field);
                child
            }),
        };
        let Some(obj) = obj else {
            let intro = table.intro.as_deref().unwrap_or_default();
            for row in &table.rows {
                self.endpoint_level(
                    ep,
                    file,
                    Kind::ParameterAdded,
                    &row.name,
                    row.line,
                    format!(
                        "`{}` is in a block the spec does not have (\"{}\")",
                        row.name, intro
                    ),
                    "add the block as a type in spec/types/ and a field for it".into(),
                );
            }
            return;
        };
        self.compared
            .entry(obj.id.clone())
            .or_insert_with(|| (endpoint.to_owned(), obj.clone()));
        // Requests (and their blocks) are sent; responses are decoded.
        let sent = top.id.ends_with(".request");
        // Credentials are rows of the request's own table only.
        let is_request_params = table.intro.is_none() && obj.id.ends_with(".request");
        for row in &table.rows {
            let field = obj
                .fields
                .iter()
                .find(|f| f.value.name.value == row.name || f.value.aliases.contains(&row.name));
            let Some(field) = field else {
                let auth = is_request_params
                    .then(|| ep.auth_params.iter().find(|p| p.value.name == row.name))
                    .flatten();
                if let Some(p) = auth {
                    auth_seen.insert(row.name.clone());
                    let at = At {
                        file,
                        line: line_of(p),
                        departs: &p.value.departs,
                    };
                    self.required(endpoint, row, &p.value.required, None, &at);
                } else {
                    self.endpoint_level(
                        ep,
                        file,
                        Kind::ParameterAdded,
                        &row.name,
                        row.line,
                        format!(
                            "the document's table has `{}` ({}, {}); the spec does not",
                            row.name, row.ty, row.flag
                        ),
                        format!("add a field `{}` to {}", row.name, obj.file),
                    );
                }
                continue;
            };
            self.seen
                .entry(obj.id.clone())
                .or_default()
                .insert(field.value.name.value.clone());
            self.field(endpoint, obj.file, table, row, field, sent);
        }
    }

    /// The spec object of a nested block: the first object-typed field,
    /// anywhere under `top`, named by a word of the intro sentence.
    fn block(&self, top: &Obj<'a>, intro: &str) -> Option<(String, String, Obj<'a>)> {
        let words: Vec<&str> = intro
            .split(|c: char| !(c.is_ascii_alphanumeric() || c == '$' || c == '_'))
            .filter(|w| !w.is_empty())
            .collect();
        // Breadth first, so a block of the top level wins over a deeper one.
        let mut queue = vec![top.clone()];
        let mut visited = BTreeSet::new();
        let mut found: Vec<(usize, String, String, Obj<'a>)> = Vec::new();
        while let Some(obj) = (!queue.is_empty()).then(|| queue.remove(0)) {
            if !visited.insert(obj.id.clone()) {
                continue;
            }
            for f in obj.fields {
                let ty = element_type(&f.value.ty.value);
                let Some((tfile, t)) = self.ix.types.get(ty) else {
                    continue;
                };
                let child = Obj {
                    id: t.name.value.clone(),
                    file: tfile,
                    fields: &t.fields,
                };
                if let Some(pos) = words.iter().position(|w| *w == f.value.name.value) {
                    found.push((
                        pos,
                        obj.id.clone(),
                        f.value.name.value.clone(),
                        child.clone(),
                    ));
                }
                queue.push(child);
            }
        }
        found
            .into_iter()
            .min_by_key(|(pos, ..)| *pos)
            .map(|(_, parent, field, child)| (parent, field, child))
    }

    fn field(
        &mut self,
        endpoint: &str,
        file: &'a str,
        table: &Table,
        row: &Row,
        field: &'a Spanned<spec::Field>,
        sent: bool,
    ) {
        let f = &field.value;
        let at = At {
            file,
            line: line_of(field),
            departs: &f.departs,
        };
        let since = table.versioned.then_some(f.since.as_deref());
        self.required(endpoint, row, &f.required.value, since, &at);
        let wire = self.wire(f);
        // Leniency is about decoding: a value the client sends has one form.
        if !compatible(&row.ty, wire, f.lenient && !sent) {
            self.push_at(
                Kind::TypeChanged,
                endpoint,
                &row.name,
                Some(row.line),
                &at,
                format!(
                    "the document types `{}` as {}; the spec's `{}` is sent as {:?}",
                    row.name, row.ty, f.ty.value, wire
                ),
                format!(
                    "change `type` at {} (or record `departs: {{type_changed: <reason>}}`)",
                    at.spec()
                ),
            );
        }
        let enum_def = self.ix.enums.get(element_type(&f.ty.value)).copied();
        let kk =
            f.kk.as_deref()
                .or(enum_def.and_then(|(_, e)| e.kk.as_deref()));
        if !text_matches(&row.text, kk) {
            self.push_at(
                Kind::TextChanged,
                endpoint,
                &row.name,
                Some(row.line),
                &at,
                format!(
                    "the document's text of `{}` is not the spec's `kk`: «{}»",
                    row.name, row.text
                ),
                format!("update `kk` (and `doc`) at {}", at.spec()),
            );
        }
        if let Some((efile, e)) = enum_def {
            if !row.bullets.is_empty() {
                self.enum_values(endpoint, row, efile, e);
            }
        }
    }

    fn required(
        &mut self,
        endpoint: &str,
        row: &Row,
        spec_req: &spec::Required,
        since: Option<Option<&str>>,
        at: &At<'_>,
    ) {
        let agrees = matches!(
            (&row.flag, spec_req),
            (Flag::Absent, _)
                | (Flag::Yes, spec::Required::Flag(true))
                | (Flag::No, spec::Required::Flag(false))
                | (Flag::Conditional, spec::Required::When { .. })
        );
        if !agrees {
            let spec_says = match spec_req {
                spec::Required::Flag(true) => "true".to_owned(),
                spec::Required::Flag(false) => "false".to_owned(),
                spec::Required::When { when } => format!("{{when: {when:?}}}"),
            };
            self.push_at(
                Kind::RequiredChanged,
                endpoint,
                &row.name,
                Some(row.line),
                at,
                format!(
                    "the document marks `{}` {}; the spec says `required: {spec_says}`",
                    row.name, row.flag
                ),
                format!(
                    "change `required` at {} (or record `departs: {{required_changed: <reason>}}`)",
                    at.spec()
                ),
            );
        }
        if let Some(spec_since) = since {
            if row.since.as_deref() != spec_since {
                self.push_at(
                    Kind::VersionChanged,
                    endpoint,
                    &row.name,
                    Some(row.line),
                    at,
                    format!(
                        "the document gives `{}` since version {}; the spec says {}",
                        row.name,
                        row.since.as_deref().unwrap_or("(all versions)"),
                        spec_since.unwrap_or("(all versions)")
                    ),
                    format!("change `since` at {}", at.spec()),
                );
            }
        }
    }

    fn wire(&self, f: &spec::Field) -> Wire {
        if f.encoding
            .as_ref()
            .is_some_and(|e| e.value == "json_string")
        {
            return Wire::Text;
        }
        let ty = f.ty.value.as_str();
        if ty.starts_with("list<") {
            return Wire::Object;
        }
        match ty {
            "string" => Wire::Text,
            "integer" | "amount" | "currency" | "epoch_millis" | "expiry" | "error_code" => {
                Wire::Number
            }
            "boolean" => Wire::Bool,
            "json_map" => Wire::Object,
            other => match self.ix.enums.get(other) {
                Some((_, e)) if e.repr.value == "integer" => Wire::Number,
                Some(_) => Wire::Text,
                None => Wire::Object,
            },
        }
    }

    fn enum_values(&mut self, endpoint: &str, row: &Row, file: &'a str, e: &'a spec::EnumDef) {
        let mut listed = BTreeSet::new();
        for (line, bullet) in &row.bullets {
            let (values, text) = split_bullet(bullet);
            for v in values {
                let known = e
                    .values
                    .iter()
                    .find(|ev| scalar_text(&ev.value.value.value) == v);
                listed.insert(v.clone());
                match known {
                    None => self.push(
                        Kind::EnumValueAdded,
                        endpoint,
                        &format!("{}={v}", row.name),
                        Some(*line),
                        Some(format!("{file}:{}", line_of(&e.name))),
                        format!(
                            "the document lists `{v}` for `{}`; enum `{}` has no such value",
                            row.name, e.name.value
                        ),
                        format!("add the value to enum `{}` in {file}", e.name.value),
                    ),
                    Some(ev) => {
                        let spec_kk = ev.value.kk.as_deref().map(norm);
                        let ok = match (&text, &spec_kk) {
                            (_, None) => true,
                            (None, Some(_)) => true,
                            (Some(t), Some(k)) => norm(t) == *k || norm(bullet) == *k,
                        };
                        if !ok {
                            let at = At {
                                file,
                                line: line_of(ev),
                                departs: &ev.value.departs,
                            };
                            self.push_at(
                                Kind::EnumTextChanged,
                                endpoint,
                                &format!("{}={v}", row.name),
                                Some(*line),
                                &at,
                                format!(
                                    "the document's text of `{v}` is «{}»",
                                    text.as_deref().unwrap_or_default()
                                ),
                                format!("update the value's `kk` at {}", at.spec()),
                            );
                        }
                    }
                }
            }
        }
        for ev in &e.values {
            let v = scalar_text(&ev.value.value.value);
            if !listed.contains(&v) {
                let at = At {
                    file,
                    line: line_of(ev),
                    departs: &ev.value.departs,
                };
                self.push_at(
                    Kind::EnumValueRemoved,
                    endpoint,
                    &format!("{}={v}", row.name),
                    Some(row.line),
                    &at,
                    format!("the document's list for `{}` does not have `{v}` (enum `{}`)", row.name, e.name.value),
                    format!("remove the value at {} (or record `departs: {{enum_value_removed: <reason>}}`)", at.spec()),
                );
            }
        }
    }

    fn errors(&mut self, file: &'a str, ep: &'a spec::Endpoint, sections: &[&Section]) {
        let endpoint = ep.name.value.as_str();
        // The document's messages per code, each once.
        let mut doc: BTreeMap<i64, Vec<(usize, String)>> = BTreeMap::new();
        for s in sections {
            for r in &s.errors {
                let list = doc.entry(r.code).or_default();
                if !list.iter().any(|(_, t)| norm(t) == norm(&r.text)) {
                    list.push((r.line, r.text.clone()));
                }
            }
        }
        let mut spec_codes: BTreeMap<i64, Vec<&'a Spanned<spec::ErrorMessage>>> = BTreeMap::new();
        for e in &ep.errors {
            spec_codes
                .entry(e.value.code.value)
                .or_default()
                .extend(e.value.messages.iter());
        }
        let code_line: BTreeMap<i64, u64> = ep
            .errors
            .iter()
            .map(|e| (e.value.code.value, line_of(&e.value.code)))
            .collect();
        for (code, msgs) in &doc {
            let Some(spec_msgs) = spec_codes.get(code) else {
                let texts: Vec<&str> = msgs.iter().map(|(_, t)| t.as_str()).collect();
                self.endpoint_level(
                    ep,
                    file,
                    Kind::ErrorCodeAdded,
                    &code.to_string(),
                    msgs[0].0,
                    format!(
                        "the document lists error code {code} ({})",
                        texts.join("; ")
                    ),
                    format!("add code {code} to `errors` in {file}"),
                );
                continue;
            };
            let unmatched_doc: Vec<&(usize, String)> = msgs
                .iter()
                .filter(|(_, t)| !spec_msgs.iter().any(|m| norm(&m.value.kk) == norm(t)))
                .collect();
            let mut unmatched_spec: Vec<&&Spanned<spec::ErrorMessage>> = spec_msgs
                .iter()
                .filter(|m| !msgs.iter().any(|(_, t)| norm(&m.value.kk) == norm(t)))
                .collect();
            for (line, text) in unmatched_doc {
                // A message whose text changed pairs with a spec message that
                // the document no longer has.
                if !unmatched_spec.is_empty() {
                    let m = unmatched_spec.remove(0);
                    let at = at_msg(file, m);
                    self.push_at(
                        Kind::ErrorTextChanged,
                        endpoint,
                        &code.to_string(),
                        Some(*line),
                        &at,
                        format!(
                            "code {code}: the document says «{text}», the spec «{}»",
                            m.value.kk
                        ),
                        format!("update the message's `kk` (and `en`) at {}", at.spec()),
                    );
                } else {
                    self.push(
                        Kind::ErrorMessageAdded,
                        endpoint,
                        &code.to_string(),
                        Some(*line),
                        code_line.get(code).map(|l| format!("{file}:{l}")),
                        format!("code {code} has a new message «{text}»"),
                        format!("add the message to code {code} in {file}"),
                    );
                }
            }
            for m in unmatched_spec {
                let at = at_msg(file, m);
                self.push_at(
                    Kind::ErrorMessageRemoved,
                    endpoint,
                    &code.to_string(),
                    None,
                    &at,
                    format!("code {code}: no error table of the document has «{}»", m.value.kk),
                    format!("remove the message at {} (or record `departs: {{error_message_removed: <reason>}}`)", at.spec()),
                );
            }
        }
        for (code, msgs) in &spec_codes {
            if doc.contains_key(code) {
                continue;
            }
            let departed: Vec<_> = msgs
                .iter()
                .map(|m| at_msg(file, m))
                .filter(|a| {
                    a.departs
                        .as_ref()
                        .is_some_and(|d| d.value.contains_key(Kind::ErrorCodeRemoved.as_str()))
                })
                .collect();
            let at = departed.into_iter().next().unwrap_or(At {
                file,
                line: code_line.get(code).copied().unwrap_or(0),
                departs: &NO_DEPARTS,
            });
            self.push_at(
                Kind::ErrorCodeRemoved,
                endpoint,
                &code.to_string(),
                None,
                &at,
                format!("no error table of the document lists code {code}"),
                format!("remove code {code} from {file} (or record `departs: {{error_code_removed: <reason>}}` on its message)"),
            );
        }
    }

    fn examples(&mut self, file: &'a str, ep: &'a spec::Endpoint, sections: &[&Section]) {
        let endpoint = ep.name.value.as_str();
        let spec_bodies: Vec<(bool, Option<ExampleBody>, &'a Spanned<spec::Example>)> = ep
            .examples
            .iter()
            .map(|e| {
                let body = match (&e.value.form, &e.value.json) {
                    (Some(form), _) => Some(ExampleBody::Form(
                        form.iter().map(|[k, v]| (k.clone(), v.clone())).collect(),
                    )),
                    (None, Some(json)) => serde_json::from_str(json).ok().map(ExampleBody::Json),
                    (None, None) => None,
                };
                (e.value.kind.value == "request", body, e)
            })
            .collect();
        let mut used = vec![false; spec_bodies.len()];
        let mut unmatched = Vec::new();
        for s in sections {
            for d in &s.examples {
                let hit = spec_bodies
                    .iter()
                    .enumerate()
                    .position(|(i, (req, body, _))| {
                        !used[i] && *req == d.is_request && body.as_ref() == Some(&d.body)
                    });
                match hit {
                    Some(i) => used[i] = true,
                    None => unmatched.push(d),
                }
            }
        }
        for d in unmatched {
            let pair = spec_bodies
                .iter()
                .enumerate()
                .position(|(i, (req, _, _))| !used[i] && *req == d.is_request);
            let what = if d.is_request { "request" } else { "response" };
            match pair {
                Some(i) => {
                    used[i] = true;
                    let e = spec_bodies[i].2;
                    let at = At {
                        file,
                        line: line_of(e),
                        departs: &e.value.departs,
                    };
                    self.push_at(
                        Kind::ExampleChanged,
                        endpoint,
                        &e.value.title,
                        Some(d.line),
                        &at,
                        format!(
                            "the document's {what} example differs from the spec's \"{}\"",
                            e.value.title
                        ),
                        format!("copy the example into {}", at.spec()),
                    );
                }
                None => self.endpoint_level(
                    ep,
                    file,
                    Kind::ExampleAdded,
                    what,
                    d.line,
                    format!("the document has a {what} example the spec does not"),
                    format!("add it to `examples` in {file}"),
                ),
            }
        }
        for (i, (_, _, e)) in spec_bodies.iter().enumerate() {
            if !used[i] {
                let at = At {
                    file,
                    line: line_of(e),
                    departs: &e.value.departs,
                };
                self.push_at(
                    Kind::ExampleRemoved,
                    endpoint,
                    &e.value.title,
                    None,
                    &at,
                    format!(
                        "the document has no example like the spec's \"{}\"",
                        e.value.title
                    ),
                    format!(
                        "remove it at {} (or record `departs: {{example_removed: <reason>}}`)",
                        at.spec()
                    ),
                );
            }
        }
    }

    /// A difference about a row the spec has no item for: the endpoint's
    /// `departures` list may record it.
    #[allow(clippy::too_many_arguments)]
    fn endpoint_level(
        &mut self,
        ep: &'a spec::Endpoint,
        file: &str,
        kind: Kind,
        name: &str,
        doc_line: usize,
        message: String,
        fix: String,
    ) {
        let recorded = ep
            .departures
            .iter()
            .find(|d| d.value.kind == kind.as_str() && d.value.name == name);
        self.out.push(Difference {
            kind,
            endpoint: ep.name.value.clone(),
            name: name.to_owned(),
            doc_line: Some(doc_line),
            spec: Some(match recorded {
                Some(d) => format!("{file}:{}", line_of(d)),
                None => format!("{file}:{}", line_of(&ep.name)),
            }),
            message,
            fix,
            departure: recorded.map(|d| d.value.reason.clone()),
        });
        if let Some(d) = recorded {
            self.used
                .insert((file.to_owned(), line_of(d), kind.as_str().to_owned()));
        }
    }

    /// Spec fields that no table of the document lists.
    fn removed(&mut self) {
        let compared: Vec<(String, (String, Obj<'a>))> =
            std::mem::take(&mut self.compared).into_iter().collect();
        for (id, (endpoint, obj)) in compared {
            let seen = self.seen.get(&id).cloned().unwrap_or_default();
            for field in obj.fields {
                let f = &field.value;
                if seen.contains(&f.name.value) {
                    continue;
                }
                let at = At {
                    file: obj.file,
                    line: line_of(field),
                    departs: &f.departs,
                };
                self.push_at(
                    Kind::ParameterRemoved,
                    &endpoint,
                    &f.name.value,
                    None,
                    &at,
                    format!("no table of the document lists `{}` (spec `{id}`)", f.name.value),
                    format!("remove the field at {} (or record `departs: {{parameter_removed: <reason>}}`)", at.spec()),
                );
            }
        }
    }
}

fn at_msg<'a>(file: &'a str, m: &'a Spanned<spec::ErrorMessage>) -> At<'a> {
    At {
        file,
        line: line_of(m),
        departs: &m.value.departs,
    }
}

fn scalar_text(v: &spec::ScalarValue) -> String {
    match v {
        spec::ScalarValue::Int(i) => i.to_string(),
        spec::ScalarValue::Str(s) => s.clone(),
    }
}

/// `VALUE - text`, `VALUE– text`, `ECI=1 немесе ECI=6 – text`, `VISA;`:
/// the values and the text.
pub(super) fn split_bullet(bullet: &str) -> (Vec<String>, Option<String>) {
    let b = bullet.trim();
    let cut = [" - ", " – ", "- ", "– ", " -", " –"]
        .iter()
        .filter_map(|sep| b.find(sep).map(|i| (i, sep.len())))
        .min_by_key(|(i, _)| *i);
    let (head, text) = match cut {
        Some((i, len)) => (&b[..i], Some(b[i + len..].trim().to_owned())),
        None => (b.trim_end_matches([';', '.']), None),
    };
    let values = head
        .split(" немесе ")
        .map(|v| {
            let v = v.trim();
            let v = v.rsplit_once('=').map_or(v, |(_, x)| x);
            v.trim_start_matches('0').to_owned()
        })
        .map(|v| if v.is_empty() { "0".to_owned() } else { v })
        .collect();
    (values, text)
}

/// Whether the document's type column fits the spec's wire kind. The
/// document's `Numeric` is digits, as text or as a number; a lenient field
/// takes either form; `Object`, `N/A` and "see the description" say nothing.
fn compatible(doc_ty: &str, wire: Wire, lenient: bool) -> bool {
    match doc_ty {
        "Integer" => wire == Wire::Number || (lenient && wire == Wire::Text),
        "String" | "Alphanumeric" | "Alphabetic" => {
            wire == Wire::Text || (lenient && wire == Wire::Number)
        }
        "Numeric" => matches!(wire, Wire::Number | Wire::Text),
        "Boolean" => wire == Wire::Bool || (lenient && wire == Wire::Text),
        _ => true,
    }
}

/// The spec's `kk` matches the document's text when it is the text, or a
/// part of it (the spec may leave a bullet list to an enumeration).
fn text_matches(doc: &str, kk: Option<&str>) -> bool {
    let Some(kk) = kk else { return false };
    let (d, k) = (norm(doc), norm(kk));
    !k.is_empty() && (d == k || d.contains(&k))
}
