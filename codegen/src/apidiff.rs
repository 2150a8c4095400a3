//! `cargo xtask api-diff`: what a spec change means for the crate's and the
//! schema's users, and the version bump it needs.
//!
//! Two resolved [`Api`] models are compared, so a reformatted YAML file is
//! no change and a renamed wire name is. The classification knows the Rust
//! API the spec produces: models are `#[non_exhaustive]` and enums are open
//! (`Unknown(..)`), so a new optional field or a new value is additive, while
//! a required request field is an argument of `Request::new`, so adding one,
//! or making one required or optional, changes that constructor.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Serialize;

use crate::model::{
    Api, Constraints, Endpoint, Enum, ErrorMessage, Field, Object, Requirement, Role, TypeRef,
};

/// What users must do about a change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Bump {
    /// Nothing users can see changed (documentation at most).
    None,
    /// Something was added; existing code keeps compiling and working.
    Additive,
    /// Existing code or existing data may break.
    Breaking,
}

impl Bump {
    /// The next version under Cargo's rules for `0.x` (the minor number is
    /// the breaking one) and for `1.x` and later.
    pub fn next_version(self, current: &str) -> String {
        let parts: Vec<u64> = current
            .split('.')
            .map(|p| p.parse().unwrap_or(0))
            .chain(std::iter::repeat(0))
            .take(3)
            .collect();
        let (major, minor, patch) = (parts[0], parts[1], parts[2]);
        match (self, major) {
            (Bump::None, _) => current.to_owned(),
            (Bump::Breaking, 0) => format!("0.{}.0", minor + 1),
            (Bump::Breaking, _) => format!("{}.0.0", major + 1),
            (Bump::Additive, 0) => format!("0.{minor}.{}", patch + 1),
            (Bump::Additive, _) => format!("{major}.{}.0", minor + 1),
        }
    }
}

/// The CHANGELOG section a change belongs in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Section {
    /// Something new.
    Added,
    /// Something different.
    Changed,
    /// Something gone.
    Removed,
    /// Documentation only (`doc`, `kk`, `note`, examples, messages).
    Documentation,
}

/// One change between the two specs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// What changed (`field_added`, `enum_value_removed`, …).
    pub kind: &'static str,
    /// The endpoint (`Register`), or the shared type or enumeration.
    pub endpoint: String,
    /// The field, value or error code.
    pub name: String,
    /// Whether existing users' code or data may break.
    pub breaking: bool,
    /// What changed, for whom.
    pub message: String,
    /// Where it goes in the CHANGELOG.
    pub section: Section,
}

/// The result of a comparison.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    /// The bump the changes need.
    pub bump: Bump,
    /// Every change, endpoints in the new spec's order.
    pub changes: Vec<Change>,
}

/// Compares the API at the base revision (`None`: no spec there yet) with
/// the current one.
pub fn diff(old: Option<&Api>, new: &Api) -> Report {
    let mut cx = Cx::default();
    match old {
        None => {
            for ep in &new.endpoints {
                cx.added("endpoint_added", &ep.name, &ep.path, endpoint_added(ep));
            }
        }
        Some(old) => {
            cx.endpoints(old, new);
            cx.objects(&old.types, &new.types);
            cx.enums(&old.enums, &new.enums);
        }
    }
    let bump = cx
        .changes
        .iter()
        .map(|c| match (c.breaking, c.section) {
            (true, _) => Bump::Breaking,
            (false, Section::Documentation) => Bump::None,
            (false, _) => Bump::Additive,
        })
        .max()
        .unwrap_or(Bump::None);
    Report {
        bump,
        changes: cx.changes,
    }
}

#[derive(Default)]
struct Cx {
    changes: Vec<Change>,
}

fn by_name<T>(items: &[T], name: impl Fn(&T) -> &str) -> BTreeMap<&str, &T> {
    items.iter().map(|i| (name(i), i)).collect()
}

impl Cx {
    fn push(
        &mut self,
        section: Section,
        breaking: bool,
        kind: &'static str,
        endpoint: &str,
        name: &str,
        message: String,
    ) {
        self.changes.push(Change {
            kind,
            endpoint: endpoint.to_owned(),
            name: name.to_owned(),
            breaking,
            message,
            section,
        });
    }

    fn added(&mut self, kind: &'static str, endpoint: &str, name: &str, message: String) {
        self.push(Section::Added, false, kind, endpoint, name, message);
    }

    fn removed(&mut self, kind: &'static str, endpoint: &str, name: &str, message: String) {
        self.push(Section::Removed, true, kind, endpoint, name, message);
    }

    fn docs(&mut self, endpoint: &str, name: &str, message: String) {
        self.push(
            Section::Documentation,
            false,
            "documentation",
            endpoint,
            name,
            message,
        );
    }

    fn endpoints(&mut self, old: &Api, new: &Api) {
        let before = by_name(&old.endpoints, |e| &e.name);
        for ep in &new.endpoints {
            match before.get(ep.name.as_str()) {
                None => self.added("endpoint_added", &ep.name, &ep.path, endpoint_added(ep)),
                Some(was) => self.endpoint(was, ep),
            }
        }
        let now = by_name(&new.endpoints, |e| &e.name);
        for ep in &old.endpoints {
            if !now.contains_key(ep.name.as_str()) {
                self.removed(
                    "endpoint_removed",
                    &ep.name,
                    &ep.path,
                    format!(
                        "`{}`: `Client::{}` and its request and response models are gone",
                        ep.path,
                        crate::naming::method_name(&ep.name)
                    ),
                );
            }
        }
    }

    fn endpoint(&mut self, was: &Endpoint, ep: &Endpoint) {
        let name = ep.name.as_str();
        if was.path != ep.path {
            self.push(
                Section::Changed,
                true,
                "path_changed",
                name,
                &ep.path,
                format!("the path changed from `{}` to `{}`", was.path, ep.path),
            );
        }
        if was.content_type != ep.content_type
            || was.auth != ep.auth
            || was.response_style.spec_name() != ep.response_style.spec_name()
        {
            self.push(Section::Changed, true, "wire_format_changed", name, &ep.path, "the content type, authentication or error shape changed: bodies differ on the wire".into());
        }
        if was.retry != ep.retry {
            self.push(
                Section::Changed,
                false,
                "retry_changed",
                name,
                &ep.path,
                format!(
                    "the retry policy changed from {} to {}",
                    was.retry.describe(),
                    ep.retry.describe()
                ),
            );
        }
        self.fields(name, &was.request, &ep.request);
        self.fields(name, &was.response, &ep.response);
        self.error_codes(
            name,
            &was.errors,
            &ep.errors,
            &was.error_messages,
            &ep.error_messages,
        );
        if was.title != ep.title || docs_differ(&was.docs, &ep.docs) {
            self.docs(name, &ep.path, "the endpoint's description changed".into());
        }
        let examples = |e: &Endpoint| {
            e.examples
                .iter()
                .map(|x| {
                    (
                        x.is_request,
                        x.title.clone(),
                        x.form.clone(),
                        x.json.clone(),
                    )
                })
                .collect::<Vec<_>>()
        };
        if examples(was) != examples(ep) {
            self.docs(name, &ep.path, "the examples changed".into());
        }
    }

    fn objects(&mut self, old: &[Object], new: &[Object]) {
        let before = by_name(old, |o| &o.name);
        for o in new {
            match before.get(o.name.as_str()) {
                None => self.added(
                    "type_added",
                    &o.name,
                    &o.name,
                    format!("the shared type `{}`", o.name),
                ),
                Some(was) => self.fields(&o.name, was, o),
            }
        }
        let now = by_name(new, |o| &o.name);
        for o in old {
            if !now.contains_key(o.name.as_str()) {
                self.removed(
                    "type_removed",
                    &o.name,
                    &o.name,
                    format!(
                        "the shared type `{}` is gone (and its schema definition)",
                        o.name
                    ),
                );
            }
        }
    }

    fn fields(&mut self, owner: &str, was: &Object, now: &Object) {
        let model = &now.name;
        let before = by_name(&was.fields, |f| &f.wire);
        for f in &now.fields {
            let Some(old) = before.get(f.wire.as_str()) else {
                let (breaking, what) = match (now.role, f.is_plain(now.role)) {
                    (Role::Request, true) => (
                        true,
                        format!(
                            "a new required request field: `{model}::new` takes `{}`",
                            f.rust
                        ),
                    ),
                    (Role::Request, false) => (
                        false,
                        format!(
                            "a new optional request field, set with `{model}::{}`",
                            f.rust
                        ),
                    ),
                    _ => (false, format!("a new field `{model}::{}`", f.rust)),
                };
                self.push(
                    if breaking {
                        Section::Changed
                    } else {
                        Section::Added
                    },
                    breaking,
                    "field_added",
                    owner,
                    &f.wire,
                    what,
                );
                continue;
            };
            self.field(owner, now, old, f);
        }
        let names = by_name(&now.fields, |f| &f.wire);
        for f in &was.fields {
            if !names.contains_key(f.wire.as_str()) {
                self.removed(
                    "field_removed",
                    owner,
                    &f.wire,
                    format!("`{model}::{}` (wire `{}`) is gone", f.rust, f.wire),
                );
            }
        }
        if now.role == Role::Request && was.one_of != now.one_of {
            self.push(
                Section::Changed,
                true,
                "one_of_changed",
                owner,
                model,
                format!(
                    "the groups of which one field must be set changed from {:?} to {:?}",
                    wire_groups(&was.one_of),
                    wire_groups(&now.one_of)
                ),
            );
        }
        // A request's or response's description is made from the endpoint's.
        if now.role == Role::Nested && docs_differ(&was.docs, &now.docs) {
            self.docs(
                owner,
                model,
                format!("the description of `{model}` changed"),
            );
        }
    }

    fn field(&mut self, owner: &str, obj: &Object, old: &Field, f: &Field) {
        let model = &obj.name;
        let wire = f.wire.as_str();
        let request = obj.role == Role::Request;
        if old.rust != f.rust {
            self.push(
                Section::Changed,
                true,
                "rust_name_changed",
                owner,
                wire,
                format!("`{model}::{}` is now `{model}::{}`", old.rust, f.rust),
            );
        }
        if old.ty != f.ty || old.json_string != f.json_string {
            self.push(
                Section::Changed,
                true,
                "type_changed",
                owner,
                wire,
                format!(
                    "`{model}::{}` changed type from {} to {}",
                    f.rust,
                    type_name(&old.ty),
                    type_name(&f.ty)
                ),
            );
        }
        let (was_plain, is_plain) = (old.is_plain(obj.role), f.is_plain(obj.role));
        if was_plain != is_plain {
            let what = if is_plain {
                format!("`{wire}` became required: `{model}::new` takes it, and requests without it are refused")
            } else {
                format!("`{wire}` became optional: `{model}::new` no longer takes it and the field is an `Option`")
            };
            self.push(
                Section::Changed,
                true,
                "required_changed",
                owner,
                wire,
                what,
            );
        } else if old.required != f.required {
            // Conditions in words, or response requirements: documentation.
            self.docs(
                owner,
                wire,
                format!("`{wire}` is now {}", requirement(&f.required)),
            );
        }
        if !request {
            if old.lenient && !f.lenient || old.aliases.iter().any(|a| !f.aliases.contains(a)) {
                self.push(Section::Changed, true, "response_type_narrowed", owner, wire, format!("`{model}::{}` accepts fewer forms on decoding (leniency or an alias removed): bodies that decoded may now fail", f.rust));
            } else if !old.lenient && f.lenient
                || f.aliases.iter().any(|a| !old.aliases.contains(a))
            {
                self.push(
                    Section::Changed,
                    false,
                    "response_type_widened",
                    owner,
                    wire,
                    format!("`{model}::{}` accepts more forms on decoding", f.rust),
                );
            }
        }
        if request && old.constraints != f.constraints {
            let (tighter, looser) = compare_constraints(&old.constraints, &f.constraints);
            if tighter {
                self.push(Section::Changed, true, "constraint_tightened", owner, wire, format!("`{wire}` is checked more strictly before sending ({} → {}): requests that passed may be refused", describe(&old.constraints), describe(&f.constraints)));
            } else if looser {
                self.push(
                    Section::Changed,
                    false,
                    "constraint_loosened",
                    owner,
                    wire,
                    format!(
                        "`{wire}` is checked less strictly before sending ({} → {})",
                        describe(&old.constraints),
                        describe(&f.constraints)
                    ),
                );
            }
        }
        if old.sensitive != f.sensitive {
            self.push(
                Section::Changed,
                false,
                "redaction_changed",
                owner,
                wire,
                format!(
                    "`{wire}` is {} redacted in Debug output",
                    if f.sensitive { "now" } else { "no longer" }
                ),
            );
        }
        if old.since != f.since || docs_differ(&old.docs, &f.docs) {
            self.docs(owner, wire, format!("the description of `{wire}` changed"));
        }
    }

    fn error_codes(
        &mut self,
        endpoint: &str,
        was: &Enum,
        now: &Enum,
        was_msgs: &[Vec<ErrorMessage>],
        now_msgs: &[Vec<ErrorMessage>],
    ) {
        let messages: BTreeMap<i64, &Vec<ErrorMessage>> =
            was.values.iter().map(|v| v.int).zip(was_msgs).collect();
        for (v, msgs) in now.values.iter().zip(now_msgs) {
            match was.values.iter().find(|o| o.int == v.int) {
                None => self.added(
                    "error_code_added",
                    endpoint,
                    &v.int.to_string(),
                    format!("error code {} (`{}::{}`)", v.int, now.name, v.name),
                ),
                Some(o) if o.name != v.name => self.push(
                    Section::Changed,
                    true,
                    "enum_value_renamed",
                    endpoint,
                    &v.int.to_string(),
                    format!(
                        "`{}::{}` is now `{}::{}`",
                        now.name, o.name, now.name, v.name
                    ),
                ),
                Some(_) => {
                    if messages.get(&v.int) != Some(&msgs) {
                        self.docs(
                            endpoint,
                            &v.int.to_string(),
                            format!("the messages of error code {} changed", v.int),
                        );
                    }
                }
            }
        }
        for o in &was.values {
            if !now.values.iter().any(|v| v.int == o.int) {
                self.removed(
                    "error_code_removed",
                    endpoint,
                    &o.int.to_string(),
                    format!(
                        "error code {} (`{}::{}`) is gone: it decodes as `Unknown({})`",
                        o.int, was.name, o.name, o.int
                    ),
                );
            }
        }
    }

    fn enums(&mut self, old: &[Enum], new: &[Enum]) {
        let before = by_name(old, |e| &e.name);
        for e in new {
            let Some(was) = before.get(e.name.as_str()) else {
                self.added(
                    "enum_added",
                    &e.name,
                    &e.name,
                    format!("the enumeration `{}`", e.name),
                );
                continue;
            };
            if was.repr != e.repr {
                self.push(
                    Section::Changed,
                    true,
                    "type_changed",
                    &e.name,
                    &e.name,
                    format!(
                        "`{}` travels as {:?} instead of {:?}",
                        e.name, e.repr, was.repr
                    ),
                );
            }
            for v in &e.values {
                let Some(o) = was.values.iter().find(|o| o.text == v.text) else {
                    continue;
                };
                if o.aliases.iter().any(|a| !v.aliases.contains(a)) {
                    self.push(
                        Section::Changed,
                        true,
                        "response_type_narrowed",
                        &e.name,
                        &v.text,
                        format!("`{}::{}` no longer accepts the spellings {:?}: they decode as `Unknown`", e.name, v.name, o.aliases),
                    );
                }
            }
            for v in &e.values {
                match was.values.iter().find(|o| o.text == v.text) {
                    None => self.added("enum_value_added", &e.name, &v.text, format!("`{}::{}` (`{}`): enums are open, so this value used to decode as `Unknown`; a match on `Unknown` no longer sees it", e.name, v.name, v.text)),
                    Some(o) if o.name != v.name => self.push(Section::Changed, true, "enum_value_renamed", &e.name, &v.text, format!("`{}::{}` is now `{}::{}`", e.name, o.name, e.name, v.name)),
                    Some(o) => {
                        if docs_differ(&o.docs, &v.docs) {
                            self.docs(&e.name, &v.text, format!("the description of `{}` changed", v.text));
                        }
                    }
                }
            }
            for o in &was.values {
                if !e.values.iter().any(|v| v.text == o.text) {
                    self.removed(
                        "enum_value_removed",
                        &e.name,
                        &o.text,
                        format!(
                            "`{}::{}` is gone: `{}` decodes as `Unknown`",
                            e.name, o.name, o.text
                        ),
                    );
                }
            }
        }
        let now = by_name(new, |e| &e.name);
        for e in old {
            if !now.contains_key(e.name.as_str()) {
                self.removed(
                    "enum_removed",
                    &e.name,
                    &e.name,
                    format!("the enumeration `{}` is gone", e.name),
                );
            }
        }
    }
}

fn endpoint_added(ep: &Endpoint) -> String {
    format!(
        "{}: `Client::{}`, `{}Request`, `{}Response`",
        ep.title,
        crate::naming::method_name(&ep.name),
        ep.name,
        ep.name
    )
}

fn docs_differ(a: &crate::model::Docs, b: &crate::model::Docs) -> bool {
    (&a.doc, &a.kk, &a.note) != (&b.doc, &b.kk, &b.note)
}

fn requirement(r: &Requirement) -> String {
    match r {
        Requirement::Always => "required".into(),
        Requirement::Optional => "optional".into(),
        Requirement::When(w) => format!("required {w}"),
    }
}

fn type_name(t: &TypeRef) -> String {
    match t {
        TypeRef::Prim(p) => format!("{p:?}"),
        TypeRef::Object(n) | TypeRef::Enum(n) => n.clone(),
        TypeRef::ErrorCode(n) => format!("{n}ErrorCode"),
        TypeRef::List(t) => format!("Vec<{}>", type_name(t)),
    }
}

/// Constraints in words, for the CHANGELOG.
fn describe(c: &Constraints) -> String {
    let mut parts = Vec::new();
    if let Some(n) = c.max_length {
        parts.push(format!("at most {n} characters"));
    }
    if let Some(n) = c.min_length {
        parts.push(format!("at least {n} characters"));
    }
    if let Some(n) = c.length {
        parts.push(format!("exactly {n} characters"));
    }
    if let Some((a, b)) = c.digits {
        parts.push(format!("{a} to {b} digits"));
    }
    if !c.forbidden_chars.is_empty() {
        parts.push(format!("without {:?}", c.forbidden_chars));
    }
    if let Some(n) = c.min {
        parts.push(format!("at least {n}"));
    }
    if let Some(n) = c.max {
        parts.push(format!("at most {n}"));
    }
    if let Some(f) = c.format {
        parts.push(format!("format {}", f.variant()));
    }
    if !c.one_of.is_empty() {
        parts.push(format!("one of {:?}", c.one_of));
    }
    if parts.is_empty() {
        "no check".into()
    } else {
        parts.join(", ")
    }
}

/// Whether `new` refuses something `old` accepted, and whether it accepts
/// something `old` refused.
fn compare_constraints(old: &Constraints, new: &Constraints) -> (bool, bool) {
    let mut tighter = false;
    let mut looser = false;
    let mut upper = |o: Option<i64>, n: Option<i64>| match (o, n) {
        (None, Some(_)) => tighter = true,
        (Some(_), None) => looser = true,
        (Some(o), Some(n)) if n < o => tighter = true,
        (Some(o), Some(n)) if n > o => looser = true,
        _ => {}
    };
    upper(old.max_length.map(i64::from), new.max_length.map(i64::from));
    upper(old.max, new.max);
    upper(
        old.digits.map(|d| i64::from(d.1)),
        new.digits.map(|d| i64::from(d.1)),
    );
    // A lower bound tightens when it rises: compare negated.
    let neg = |v: Option<i64>| v.map(|v| -v);
    upper(
        neg(old.min_length.map(i64::from)),
        neg(new.min_length.map(i64::from)),
    );
    upper(neg(old.min), neg(new.min));
    upper(
        neg(old.digits.map(|d| i64::from(d.0))),
        neg(new.digits.map(|d| i64::from(d.0))),
    );
    if old.length != new.length {
        if new.length.is_some() {
            tighter = true;
        } else {
            looser = true;
        }
    }
    if old.format != new.format {
        if new.format.is_some() {
            tighter = true;
        } else {
            looser = true;
        }
    }
    if new
        .forbidden_chars
        .iter()
        .any(|c| !old.forbidden_chars.contains(c))
    {
        tighter = true;
    }
    if old
        .forbidden_chars
        .iter()
        .any(|c| !new.forbidden_chars.contains(c))
    {
        looser = true;
    }
    let limits = |v: &[String]| !v.is_empty();
    if limits(&new.one_of)
        && (!limits(&old.one_of) || old.one_of.iter().any(|v| !new.one_of.contains(v)))
    {
        tighter = true;
    }
    if limits(&old.one_of)
        && (!limits(&new.one_of) || new.one_of.iter().any(|v| !old.one_of.contains(v)))
    {
        looser = true;
    }
    (tighter, looser)
}

/// A CHANGELOG section for the changes, under the version they need.
pub fn changelog(report: &Report, version: &str, date: &str) -> String {
    let mut out = format!("## [{version}] - {date}\n");
    let titles = [
        (Section::Added, "Added"),
        (Section::Changed, "Changed"),
        (Section::Removed, "Removed"),
        (Section::Documentation, "Documentation"),
    ];
    for (section, title) in titles {
        let items: Vec<&Change> = report
            .changes
            .iter()
            .filter(|c| c.section == section)
            .collect();
        if items.is_empty() {
            continue;
        }
        let _ = write!(out, "\n### {title}\n\n");
        for c in items {
            let mark = if c.breaking { "**Breaking:** " } else { "" };
            let _ = writeln!(out, "- {mark}`{}` `{}`: {}", c.endpoint, c.name, c.message);
        }
    }
    out
}

/// `one_of` groups by wire name, as the spec writes them.
fn wire_groups(groups: &[Vec<crate::model::FieldRef>]) -> Vec<Vec<&str>> {
    groups
        .iter()
        .map(|g| g.iter().map(|f| f.wire.as_str()).collect())
        .collect()
}
