//! Checks the parsed spec and resolves it into the [`model::Api`].
//!
//! Every mistake is reported with its file and line, and checking goes on
//! after a mistake so a maintainer sees them all at once.

use std::collections::{BTreeMap, BTreeSet};

use heck::{ToShoutySnakeCase, ToUpperCamelCase};
use serde_saphyr::Spanned;

use crate::diagnostic::{Diagnostics, Sink};
use crate::load::LoadedFile;
use crate::model::{self, Docs, Format, Prim, Repr, Requirement, Role, TypeRef};
use crate::naming;
use crate::spec;

/// Checks every file and builds the API model.
pub fn validate(files: &[LoadedFile]) -> Result<model::Api, Diagnostics> {
    let mut cx = Checker::default();
    cx.collect_names(files);
    let api = cx.build(files);
    crate::docdiff::check_departures(files, &mut cx.sink);
    cx.sink.finish()?;
    api.ok_or_else(|| {
        Diagnostics(vec![crate::diagnostic::Diagnostic {
            file: "spec".into(),
            line: 0,
            message: "no `gateway` section in any spec file".into(),
        }])
    })
}

/// What a name of the spec refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Object,
    Enum,
}

#[derive(Default)]
struct Checker {
    sink: Sink,
    /// Type and enum names, with where they were first defined.
    names: BTreeMap<String, (Kind, String, u64)>,
}

/// What the docs of a vendor-only endpoint or field say, so that nobody takes
/// it for something the bank has promised.
const VENDOR_ONLY: &str = " Only in the gateway vendor's API, not in Bereke's document.";

fn line<T>(s: &Spanned<T>) -> u64 {
    s.referenced.line()
}

/// Where an earlier item is, as seen from `file`: `line N` in the same
/// file, `path:N` in another (a field of a shared group).
fn place(file: &str, first_file: &str, first: u64) -> String {
    if file == first_file {
        format!("line {first}")
    } else {
        format!("{first_file}:{first}")
    }
}

impl Checker {
    /// First pass: every type and enum name, so fields may refer to names
    /// defined later or in other files.
    fn collect_names(&mut self, files: &[LoadedFile]) {
        for f in files {
            let defs = f
                .spec
                .types
                .iter()
                .map(|t| (Kind::Object, &t.value.name))
                .chain(f.spec.enums.iter().map(|e| (Kind::Enum, &e.value.name)));
            for (kind, name) in defs {
                self.define(&f.path, kind, name);
            }
            if let Some(ep) = &f.spec.endpoint {
                let base = &ep.value.name;
                // Checked here, once: the names made from it would pass with
                // an empty base.
                if !naming::is_camel_ident(&base.value) {
                    self.sink.error(
                        &f.path,
                        line(base),
                        format!(
                            "endpoint name `{}` is not an UpperCamelCase Rust type name",
                            base.value
                        ),
                    );
                    continue;
                }
                for suffix in ["Request", "Response"] {
                    let generated = Spanned {
                        value: format!("{}{suffix}", base.value),
                        referenced: base.referenced,
                        defined: base.defined,
                    };
                    self.define(&f.path, Kind::Object, &generated);
                }
                let code = Spanned {
                    value: format!("{}ErrorCode", base.value),
                    referenced: base.referenced,
                    defined: base.defined,
                };
                self.define(&f.path, Kind::Enum, &code);
            }
        }
    }

    fn define(&mut self, file: &str, kind: Kind, name: &Spanned<String>) {
        if !naming::is_camel_ident(&name.value) {
            self.sink.error(
                file,
                line(name),
                format!("`{}` is not an UpperCamelCase Rust type name", name.value),
            );
            return;
        }
        if let Some((_, first_file, first_line)) = self.names.get(&name.value) {
            let msg = format!(
                "duplicate name `{}` (first defined at {first_file}:{first_line})",
                name.value
            );
            self.sink.error(file, line(name), msg);
            return;
        }
        self.names
            .insert(name.value.clone(), (kind, file.to_owned(), line(name)));
    }

    fn build(&mut self, files: &[LoadedFile]) -> Option<model::Api> {
        let mut gateway = None;
        let mut types = Vec::new();
        let mut enums = Vec::new();
        let mut endpoints = Vec::new();
        let mut paths: BTreeMap<String, (String, u64)> = BTreeMap::new();
        let mut methods: BTreeMap<String, (String, u64)> = BTreeMap::new();
        for f in files {
            let file = f.path.as_str();
            if let Some(g) = &f.spec.gateway {
                if gateway.is_some() {
                    self.sink.error(
                        file,
                        line(g),
                        "a second `gateway` section; there must be one",
                    );
                } else {
                    gateway = Some(self.gateway(file, line(g), &g.value));
                }
            }
            for t in &f.spec.types {
                types.push(self.object(file, &t.value, Role::Nested, None));
            }
            for e in &f.spec.enums {
                enums.push(self.enumeration(file, &e.value));
            }
        }
        // Endpoints after every shared type, so that a response's error block
        // (a shared type) is resolved with its fields.
        for f in files {
            let file = f.path.as_str();
            if let Some(ep) = &f.spec.endpoint {
                if let Some((first_file, first_line)) = paths.get(&ep.value.path.value) {
                    let msg = format!(
                        "duplicate path `{}` (first at {first_file}:{first_line})",
                        ep.value.path.value
                    );
                    self.sink.error(file, line(&ep.value.path), msg);
                } else {
                    paths.insert(
                        ep.value.path.value.clone(),
                        (file.to_owned(), line(&ep.value.path)),
                    );
                }
                // The method and module are named after the endpoint in snake case.
                let method = naming::method_name(&ep.value.name.value);
                let at = line(&ep.value.name);
                if let Some((first_file, first_line)) = methods.get(&method) {
                    let msg = format!(
                        "endpoint `{}` makes the method `{method}` again (first at {first_file}:{first_line})",
                        ep.value.name.value
                    );
                    self.sink.error(file, at, msg);
                } else {
                    methods.insert(method, (file.to_owned(), at));
                }
                // `None` only after a mistake has been reported.
                endpoints.extend(self.endpoint(file, line(ep), &ep.value, &types));
            }
        }
        let gateway = gateway?;
        // Auth schemes live in the gateway section, which may come from any
        // file, so endpoints are checked against them once all are read.
        for f in files {
            let Some(ep) = &f.spec.endpoint else { continue };
            let ep = &ep.value;
            if model::AuthKind::from_spec(&ep.auth.value).is_none() {
                let known: Vec<&str> = model::AuthKind::ALL.map(model::AuthKind::spec_name).into();
                self.sink.error(
                    &f.path,
                    line(&ep.auth),
                    format!(
                        "auth scheme `{}` is not one the client implements ({})",
                        ep.auth.value,
                        known.join(", ")
                    ),
                );
            }
            let Some(scheme) = gateway.auth.iter().find(|a| a.name == ep.auth.value) else {
                self.sink.error(
                    &f.path,
                    line(&ep.auth),
                    format!("unknown auth scheme `{}`", ep.auth.value),
                );
                continue;
            };
            for p in &ep.auth_params {
                if !scheme.params.iter().any(|sp| sp.wire == p.value.name) {
                    self.sink.error(
                        &f.path,
                        line(p),
                        format!(
                            "`{}` is not a parameter of auth scheme `{}`",
                            p.value.name, scheme.name
                        ),
                    );
                }
            }
        }
        Some(model::Api {
            gateway,
            types,
            enums,
            endpoints,
        })
    }

    fn docs(
        &mut self,
        file: &str,
        at: u64,
        what: &str,
        doc: &Option<String>,
        kk: &Option<String>,
        note: &Option<String>,
    ) -> Docs {
        let doc = doc.as_deref().map(str::trim).unwrap_or_default();
        if doc.is_empty() {
            self.sink.error(
                file,
                at,
                format!("{what} has no `doc` (English description)"),
            );
        }
        Docs {
            doc: doc.to_owned(),
            kk: kk.as_deref().map(|s| s.trim().to_owned()),
            note: note.as_deref().map(|s| s.trim().to_owned()),
        }
    }

    fn gateway(&mut self, file: &str, at: u64, g: &spec::Gateway) -> model::Gateway {
        let mut constants: BTreeMap<String, u64> = BTreeMap::new();
        let mut variants: BTreeMap<String, u64> = BTreeMap::new();
        let environments = g
            .environments
            .iter()
            .map(|e| {
                let v = &e.value;
                let constant = format!("{}_BASE_URL", v.name.to_shouty_snake_case());
                self.constant_name(
                    file,
                    line(e),
                    "environment",
                    &v.name,
                    constant,
                    &mut constants,
                );
                // The emitter names the `Environment` variant after it too.
                let variant = v.name.to_upper_camel_case();
                if !naming::is_camel_ident(&variant) {
                    self.sink.error(
                        file,
                        line(e),
                        format!(
                            "environment `{}`: the name does not make a Rust variant (`{variant}`)",
                            v.name
                        ),
                    );
                } else if let Some(first) = variants.insert(variant.clone(), line(e)) {
                    self.sink.error(
                        file,
                        line(e),
                        format!(
                            "environment `{}`: variant `{variant}` already made at line {first}",
                            v.name
                        ),
                    );
                }
                if !v.base_url.starts_with("https://") || !v.base_url.ends_with('/') {
                    self.sink.error(
                        file,
                        line(e),
                        format!(
                            "environment `{}`: base_url must be https and end with `/`",
                            v.name
                        ),
                    );
                }
                model::Environment {
                    name: v.name.clone(),
                    base_url: v.base_url.clone(),
                    doc: self
                        .docs(file, line(e), "environment", &v.doc, &None, &None)
                        .doc,
                }
            })
            .collect();
        let auth = g
            .auth
            .iter()
            .map(|a| {
                let v = &a.value;
                let docs = self.docs(file, line(a), "auth scheme", &v.doc, &v.kk, &None);
                let params = self.fields(file, &v.params, Role::Nested, None);
                model::AuthScheme {
                    name: v.name.clone(),
                    doc: docs.doc,
                    params,
                }
            })
            .collect();
        let test_cards = g
            .test_cards
            .iter()
            .map(|c| {
                let v = &c.value;
                let constant = format!("CARD_{}", v.name.to_shouty_snake_case());
                self.constant_name(
                    file,
                    line(c),
                    "test card",
                    &v.name,
                    constant,
                    &mut constants,
                );
                if v.pan.is_empty() || !v.pan.chars().all(|ch| ch.is_ascii_digit()) {
                    self.sink.error(
                        file,
                        line(c),
                        format!("test card `{}`: pan must be digits", v.name),
                    );
                }
                model::TestCard {
                    name: v.name.clone(),
                    pan: v.pan.clone(),
                    expiry: v.expiry.clone(),
                    cvc: v.cvc.clone(),
                    three_ds: v.three_ds.clone(),
                    acs_code: v.acs_code.clone(),
                    doc: self
                        .docs(file, line(c), "test card", &v.doc, &None, &None)
                        .doc,
                }
            })
            .collect();
        let callback_params = match &g.callback {
            Some(cb) => self.fields(file, &cb.value.params, Role::Nested, None),
            None => Vec::new(),
        };
        let docs = self.docs(file, at, "gateway", &g.doc, &None, &None);
        let payment_info = self.payment_info(file, &g.payment_info);
        model::Gateway {
            name: g.name.clone(),
            doc: docs.doc,
            environments,
            auth,
            test_cards,
            callback_params,
            payment_info,
        }
    }

    /// Environments and test cards become constants named after them.
    /// A field mark that only a string field of a request's own may carry
    /// (`order_ref`, `answer_language`): whether it is set, with an error
    /// at its line when it is set elsewhere. `name` is the mark's name,
    /// `does` what the field it marks does.
    fn request_string_mark(
        &mut self,
        file: &str,
        mark: &Option<Spanned<bool>>,
        (name, does): (&str, &str),
        wire: &str,
        role: Role,
        ty: &TypeRef,
    ) -> bool {
        let Some(flag) = mark.as_ref().filter(|flag| flag.value) else {
            return false;
        };
        if role != Role::Request {
            self.sink.error(
                file,
                line(flag),
                format!("`{name}` on `{wire}`: only a request's own fields {does}"),
            );
        } else if *ty != TypeRef::Prim(Prim::String) {
            self.sink.error(
                file,
                line(flag),
                format!("`{name}` on `{wire}`, which is not a string"),
            );
        }
        true
    }

    fn constant_name(
        &mut self,
        file: &str,
        at: u64,
        what: &str,
        name: &str,
        constant: String,
        seen: &mut BTreeMap<String, u64>,
    ) {
        if syn::parse_str::<syn::Ident>(&constant).is_err() {
            self.sink.error(
                file,
                at,
                format!("{what} `{name}`: the name does not make a Rust constant (`{constant}`)"),
            );
        } else if let Some(first) = seen.insert(constant.clone(), at) {
            self.sink.error(
                file,
                at,
                format!("{what} `{name}`: constant `{constant}` already made at line {first}"),
            );
        }
    }

    fn object(
        &mut self,
        file: &str,
        t: &spec::TypeDef,
        role: Role,
        endpoint: Option<&str>,
    ) -> model::Object {
        let docs = self.docs(
            file,
            line(&t.name),
            &format!("type `{}`", t.name.value),
            &t.doc,
            &t.kk,
            &t.note,
        );
        model::Object {
            name: t.name.value.clone(),
            docs,
            fields: self.fields(file, &t.fields, role, endpoint),
            role,
            one_of: Vec::new(),
        }
    }

    fn fields(
        &mut self,
        file: &str,
        fields: &[Spanned<spec::Field>],
        role: Role,
        endpoint: Option<&str>,
    ) -> Vec<model::Field> {
        let mut out = Vec::new();
        let mut wire_seen: BTreeMap<String, (&str, u64)> = BTreeMap::new();
        let mut rust_seen: BTreeMap<String, (&str, u64)> = BTreeMap::new();
        // The client sends its default language in one field; two would
        // leave it guessing which.
        let mut language_seen: Option<(&str, u64)> = None;
        for f in fields {
            // A field copied from a shared group is reported where it is
            // written.
            let file = f.value.origin.as_deref().unwrap_or(file);
            let at = line(f);
            let Some(field) = self.field(file, at, &f.value, role, endpoint) else {
                continue;
            };
            // Elsewhere than in a request the mark is refused by `field`.
            let flag = f.value.answer_language.as_ref().filter(|flag| flag.value);
            if let Some(flag) = flag.filter(|_| role == Role::Request) {
                match language_seen {
                    Some((first_file, first)) => self.sink.error(
                        file,
                        line(flag),
                        format!(
                            "a second `answer_language` field, `{}`, in one request (first at {})",
                            field.wire,
                            place(file, first_file, first)
                        ),
                    ),
                    None => language_seen = Some((file, line(flag))),
                }
            }
            for wire in std::iter::once(&field.wire).chain(&field.aliases) {
                if let Some((first_file, first)) = wire_seen.insert(wire.clone(), (file, at)) {
                    self.sink.error(
                        file,
                        at,
                        format!(
                            "duplicate wire name `{wire}` (first at {})",
                            place(file, first_file, first)
                        ),
                    );
                }
            }
            if let Some((first_file, first)) = rust_seen.insert(field.rust.clone(), (file, at)) {
                self.sink.error(
                    file,
                    at,
                    format!(
                        "duplicate Rust field name `{}` (first at {}); set `rust:`",
                        field.rust,
                        place(file, first_file, first)
                    ),
                );
            }
            out.push(field);
        }
        out
    }

    fn field(
        &mut self,
        file: &str,
        at: u64,
        f: &spec::Field,
        role: Role,
        endpoint: Option<&str>,
    ) -> Option<model::Field> {
        let wire = f.name.value.clone();
        if wire.is_empty() {
            self.sink.error(file, at, "field with an empty name");
            return None;
        }
        let rust = match &f.rust {
            Some(r) => {
                if !naming::is_snake_ident(r) {
                    self.sink.error(
                        file,
                        at,
                        format!("`rust: {r}` of `{wire}` is not a snake_case identifier"),
                    );
                    return None;
                }
                r.clone()
            }
            None => {
                let derived = naming::field_name(&wire);
                // `self`, `super` and `crate` cannot be fields, not even raw.
                if !naming::is_snake_ident(&derived) {
                    self.sink.error(
                        file,
                        at,
                        format!("cannot derive a Rust name from `{wire}`; set `rust:`"),
                    );
                    return None;
                }
                derived
            }
        };
        let ty_line = line(&f.ty);
        let ty = self.type_ref(file, ty_line, &f.ty.value, endpoint)?;
        let mut base = &ty;
        while let TypeRef::List(inner) = base {
            base = inner;
        }
        if matches!(base, TypeRef::ErrorCode(_)) && role != Role::Response {
            self.sink.error(
                file,
                ty_line,
                "`error_code` is only allowed in an endpoint's response",
            );
        }
        let scalar = scalar_kind(&ty);
        if f.lenient && scalar.is_none() {
            self.sink.error(
                file,
                at,
                format!("`lenient` on `{wire}`, whose type is not a scalar or enum"),
            );
        }
        let json_string = match &f.encoding {
            None => false,
            Some(enc) if enc.value == "json_string" => {
                let ok = matches!(ty, TypeRef::Object(_) | TypeRef::Prim(Prim::JsonMap));
                if !ok {
                    self.sink.error(
                        file,
                        line(enc),
                        format!("`encoding: json_string` on `{wire}`, which is not an object"),
                    );
                }
                true
            }
            Some(enc) => {
                self.sink.error(
                    file,
                    line(enc),
                    format!("unknown encoding `{}` (expected `json_string`)", enc.value),
                );
                false
            }
        };
        let order_ref = self.request_string_mark(
            file,
            &f.order_ref,
            ("order_ref", "name its order"),
            &wire,
            role,
            &ty,
        );
        let answer_language = self.request_string_mark(
            file,
            &f.answer_language,
            ("answer_language", "choose the answer's language"),
            &wire,
            role,
            &ty,
        );
        let required = match &f.required.value {
            spec::Required::Flag(true) => Requirement::Always,
            spec::Required::Flag(false) => Requirement::Optional,
            spec::Required::When { when } => {
                if when.trim().is_empty() {
                    self.sink.error(
                        file,
                        line(&f.required),
                        "`required: {when: …}` with no condition",
                    );
                }
                Requirement::When(when.trim().to_owned())
            }
        };
        let constraints = self.constraints(file, at, &wire, &f.constraints, &ty);
        let mut docs = self.docs(file, at, &format!("field `{wire}`"), &f.doc, &f.kk, &f.note);
        if self.source(file, &f.source, &f.note, &format!("field `{wire}`")) {
            docs.doc.push_str(VENDOR_ONLY);
        }
        let card = self.card_part(file, f, &ty, role);
        let listed = matches!(ty, TypeRef::List(_));
        if f.on_success && (role != Role::Response || f.sensitive || listed) {
            self.sink.error(
                file,
                at,
                format!(
                    "`on_success` on `{wire}`: only on a response field that is neither sensitive nor a list"
                ),
            );
        }
        Some(model::Field {
            wire,
            rust,
            ty,
            required,
            since: f.since.clone(),
            sensitive: f.sensitive,
            lenient: f.lenient,
            aliases: f.aliases.clone(),
            json_string,
            order_ref,
            answer_language,
            constraints,
            docs,
            card,
            on_success: f.on_success,
        })
    }

    /// A field's `card:` part: only on a sensitive string of a request.
    fn card_part(
        &mut self,
        file: &str,
        f: &spec::Field,
        ty: &TypeRef,
        role: Role,
    ) -> Option<model::CardPart> {
        let name = f.card.as_ref()?;
        let Some(part) = model::CardPart::from_spec(&name.value) else {
            self.sink.error(
                file,
                line(name),
                format!(
                    "unknown card part `{}` (expected pan, cvc, expiry_year, expiry_month or cardholder_name)",
                    name.value
                ),
            );
            return None;
        };
        if role != Role::Request || *ty != TypeRef::Prim(Prim::String) || !f.sensitive {
            self.sink.error(
                file,
                line(name),
                format!(
                    "`card: {}` on `{}`: only on a sensitive string field of a request",
                    name.value, f.name.value
                ),
            );
            return None;
        }
        Some(part)
    }

    /// Whether a `source:` says `vendor` (only the gateway vendor's API), as
    /// opposed to `bank` (Bereke's document, the default). Vendor-only needs
    /// a `note` saying where the facts come from.
    fn source(
        &mut self,
        file: &str,
        source: &Option<Spanned<String>>,
        note: &Option<String>,
        what: &str,
    ) -> bool {
        let Some(source) = source else { return false };
        match source.value.as_str() {
            "bank" => false,
            "vendor" => {
                if note.as_deref().is_none_or(|n| n.trim().is_empty()) {
                    self.sink.error(
                        file,
                        line(source),
                        format!("{what} is `source: vendor` but has no `note` saying where it comes from"),
                    );
                }
                true
            }
            other => {
                self.sink.error(
                    file,
                    line(source),
                    format!("unknown source `{other}` (expected `bank` or `vendor`)"),
                );
                false
            }
        }
    }

    fn type_ref(
        &mut self,
        file: &str,
        at: u64,
        text: &str,
        endpoint: Option<&str>,
    ) -> Option<TypeRef> {
        let text = text.trim();
        if let Some(inner) = text
            .strip_prefix("list<")
            .and_then(|rest| rest.strip_suffix('>'))
        {
            let inner = self.type_ref(file, at, inner, endpoint)?;
            return Some(TypeRef::List(Box::new(inner)));
        }
        if let Some(p) = Prim::from_spec(text) {
            return Some(TypeRef::Prim(p));
        }
        if text == "error_code" {
            return match endpoint {
                Some(ep) => Some(TypeRef::ErrorCode(format!("{ep}ErrorCode"))),
                None => {
                    self.sink.error(
                        file,
                        at,
                        "`error_code` is only allowed in an endpoint's response",
                    );
                    None
                }
            };
        }
        match self.names.get(text) {
            Some((Kind::Object, _, _)) => Some(TypeRef::Object(text.to_owned())),
            Some((Kind::Enum, _, _)) => Some(TypeRef::Enum(text.to_owned())),
            None => {
                self.sink.error(file, at, format!("unknown type `{text}`"));
                None
            }
        }
    }

    fn constraints(
        &mut self,
        file: &str,
        at: u64,
        wire: &str,
        c: &spec::Constraints,
        ty: &TypeRef,
    ) -> model::Constraints {
        let text = matches!(ty, TypeRef::Prim(p) if p.is_text());
        let number = matches!(ty, TypeRef::Prim(p) if p.is_number());
        let has_text_rule = c.max_length.is_some()
            || c.min_length.is_some()
            || c.length.is_some()
            || c.digits.is_some()
            || !c.forbidden_chars.is_empty()
            || c.format.is_some()
            || !c.one_of.is_empty();
        if has_text_rule && !text {
            self.sink.error(
                file,
                at,
                format!("text constraints on `{wire}`, which is not a string"),
            );
        }
        if (c.min.is_some() || c.max.is_some()) && !number {
            self.sink.error(
                file,
                at,
                format!("`min`/`max` on `{wire}`, which is not a number"),
            );
        }
        if let (Some(lo), Some(hi)) = (c.min_length, c.max_length) {
            if lo > hi {
                self.sink.error(
                    file,
                    at,
                    format!("`{wire}`: min_length is above max_length"),
                );
            }
        }
        if let (Some(lo), Some(hi)) = (c.min, c.max) {
            if lo > hi {
                self.sink
                    .error(file, at, format!("`{wire}`: min is above max"));
            }
        }
        if let Some([lo, hi]) = c.digits {
            if lo > hi {
                self.sink
                    .error(file, at, format!("`{wire}`: digits range is reversed"));
            }
        }
        let mut forbidden = Vec::new();
        for s in &c.forbidden_chars {
            let mut chars = s.chars();
            match (chars.next(), chars.next()) {
                (Some(ch), None) => forbidden.push(ch),
                _ => self.sink.error(
                    file,
                    at,
                    format!("`{wire}`: forbidden_chars entry {s:?} is not one character"),
                ),
            }
        }
        let format = c.format.as_ref().and_then(|f| {
            let parsed = Format::from_spec(&f.value);
            if parsed.is_none() {
                self.sink
                    .error(file, line(f), format!("unknown format `{}`", f.value));
            }
            parsed
        });
        model::Constraints {
            max_length: c.max_length,
            min_length: c.min_length,
            length: c.length,
            digits: c.digits.map(|[a, b]| (a, b)),
            forbidden_chars: forbidden,
            min: c.min,
            max: c.max,
            format,
            one_of: c.one_of.clone(),
            not_blank: false,
        }
    }

    fn enumeration(&mut self, file: &str, e: &spec::EnumDef) -> model::Enum {
        let repr = match e.repr.value.as_str() {
            "integer" => Repr::Integer,
            "string" => Repr::String,
            other => {
                self.sink.error(
                    file,
                    line(&e.repr),
                    format!("unknown repr `{other}` (expected `integer` or `string`)"),
                );
                Repr::String
            }
        };
        let docs = self.docs(
            file,
            line(&e.name),
            &format!("enum `{}`", e.name.value),
            &e.doc,
            &e.kk,
            &e.note,
        );
        if e.values.is_empty() {
            self.sink.error(
                file,
                line(&e.name),
                format!("enum `{}` has no values", e.name.value),
            );
        }
        let mut values = Vec::new();
        let mut seen_values: BTreeMap<String, u64> = BTreeMap::new();
        let mut seen_names: BTreeMap<String, u64> = BTreeMap::new();
        for v in &e.values {
            let at = line(v);
            let v = &v.value;
            let (int, text) = match (&v.value.value, repr) {
                (spec::ScalarValue::Int(i), Repr::Integer) => (*i, i.to_string()),
                (spec::ScalarValue::Str(s), Repr::String) => (0, s.clone()),
                (spec::ScalarValue::Int(i), Repr::String) => (0, i.to_string()),
                (spec::ScalarValue::Str(s), Repr::Integer) => {
                    self.sink.error(
                        file,
                        line(&v.value),
                        format!("value `{s}` of an integer enum is not an integer"),
                    );
                    continue;
                }
            };
            for spelling in std::iter::once(&text).chain(&v.aliases) {
                if let Some(first) = seen_values.insert(spelling.clone(), at) {
                    self.sink.error(
                        file,
                        at,
                        format!(
                            "duplicate value `{spelling}` in enum `{}` (first at line {first})",
                            e.name.value
                        ),
                    );
                }
            }
            self.variant_name(file, &v.name, &mut seen_names);
            let docs = self.docs(
                file,
                at,
                &format!("value `{text}` of `{}`", e.name.value),
                &v.doc,
                &v.kk,
                &None,
            );
            values.push(model::EnumValue {
                name: v.name.value.clone(),
                int,
                text,
                aliases: v.aliases.clone(),
                docs,
            });
        }
        model::Enum {
            name: e.name.value.clone(),
            repr,
            docs,
            values,
        }
    }

    fn variant_name(
        &mut self,
        file: &str,
        name: &Spanned<String>,
        seen: &mut BTreeMap<String, u64>,
    ) {
        let at = line(name);
        if !naming::is_camel_ident(&name.value) {
            self.sink.error(
                file,
                at,
                format!("`{}` is not an UpperCamelCase variant name", name.value),
            );
        }
        if name.value == "Unknown" {
            self.sink.error(
                file,
                at,
                "`Unknown` is reserved for values the spec does not know",
            );
        }
        if let Some(first) = seen.insert(name.value.clone(), at) {
            self.sink.error(
                file,
                at,
                format!(
                    "duplicate variant name `{}` (first at line {first})",
                    name.value
                ),
            );
        }
    }

    fn endpoint(
        &mut self,
        file: &str,
        at: u64,
        ep: &spec::Endpoint,
        types: &[model::Object],
    ) -> Option<model::Endpoint> {
        let name = ep.name.value.clone();
        let method = naming::method_name(&name);
        if naming::is_keyword(&method) {
            self.sink.error(
                file,
                line(&ep.name),
                format!("endpoint `{name}` would make the keyword `{method}` its method and module name"),
            );
        }
        let content_type = match ep.content_type.value.as_str() {
            "form" => model::ContentType::Form,
            "json" => model::ContentType::Json,
            other => {
                self.sink.error(
                    file,
                    line(&ep.content_type),
                    format!("unknown content_type `{other}` (expected `form` or `json`)"),
                );
                model::ContentType::Form
            }
        };
        if ep.path.value.starts_with('/') || ep.path.value.contains("://") {
            self.sink.error(
                file,
                line(&ep.path),
                "path must be relative to the base URL, like `rest/register.do`",
            );
        }
        let docs = self.docs(
            file,
            line(&ep.name),
            &format!("endpoint `{name}`"),
            &ep.doc,
            &ep.kk,
            &ep.note,
        );
        let vendor_only = self.source(file, &ep.source, &ep.note, &format!("endpoint `{name}`"));
        if vendor_only {
            // Nothing of a vendor-only endpoint can come from the bank's document.
            for f in ep.request.fields.iter().chain(&ep.response.fields) {
                if let Some(s) = f.value.source.as_ref().filter(|s| s.value == "bank") {
                    self.sink.error(
                        file,
                        line(s),
                        format!(
                            "field `{}` says `source: bank` in an endpoint that is `source: vendor`",
                            f.value.name.value
                        ),
                    );
                }
            }
        }
        let provenance = if vendor_only { VENDOR_ONLY } else { "" };
        let mut request = model::Object {
            name: format!("{name}Request"),
            docs: Docs {
                doc: format!("Request of `{}`: {}.{provenance}", ep.path.value, ep.title),
                kk: None,
                note: None,
            },
            fields: self.fields(file, &ep.request.fields, Role::Request, Some(&name)),
            role: Role::Request,
            one_of: Vec::new(),
        };
        for group in &ep.request.one_of {
            let mut fields = Vec::new();
            for wire in &group.value {
                match request.fields.iter().find(|f| &f.wire == wire) {
                    Some(f) => fields.push(f.field_ref()),
                    None => self.sink.error(
                        file,
                        line(group),
                        format!("`one_of` names `{wire}`, which is not a request field"),
                    ),
                }
            }
            if group.value.len() < 2 {
                self.sink.error(
                    file,
                    line(group),
                    "a `one_of` group needs two or more fields",
                );
            }
            request.one_of.push(fields);
        }
        if !ep.response.one_of.is_empty() {
            self.sink
                .error(file, at, "`one_of` is only meaningful in a request");
        }
        let response = model::Object {
            name: format!("{name}Response"),
            docs: Docs {
                doc: format!("Response of `{}`: {}.{provenance}", ep.path.value, ep.title),
                kk: None,
                note: None,
            },
            fields: self.fields(file, &ep.response.fields, Role::Response, Some(&name)),
            role: Role::Response,
            one_of: Vec::new(),
        };
        let response_style = self.response_style(file, at, &ep.response_style, &response, types);
        for f in &request.fields {
            let nested = matches!(
                f.ty,
                TypeRef::Object(_) | TypeRef::List(_) | TypeRef::Prim(Prim::JsonMap)
            );
            if content_type == model::ContentType::Form && nested && !f.json_string {
                self.sink.error(
                    file,
                    at,
                    format!(
                        "`{}`: a form field cannot hold an object or list; add `encoding: json_string`",
                        f.wire
                    ),
                );
            }
            if f.json_string && content_type == model::ContentType::Json {
                self.sink.error(
                    file,
                    at,
                    format!(
                        "`{}`: `encoding: json_string` only applies to form requests",
                        f.wire
                    ),
                );
            }
        }
        for f in &response.fields {
            if f.json_string {
                self.sink.error(
                    file,
                    at,
                    format!(
                        "`{}`: `encoding: json_string` only applies to requests",
                        f.wire
                    ),
                );
            }
        }
        let retry = match ep.retry.value.as_str() {
            "safe" => model::RetryPolicy::Safe,
            "never" => model::RetryPolicy::Never,
            "when_present" => {
                let mut keys = Vec::new();
                for k in &ep.retry_keys {
                    match request.fields.iter_mut().find(|f| &f.wire == k) {
                        Some(f) if f.ty != TypeRef::Prim(Prim::String) => self.sink.error(
                            file,
                            line(&ep.retry),
                            format!("retry key `{k}` is not a string"),
                        ),
                        Some(f) if !f.is_plain(Role::Request) => {
                            f.constraints.not_blank = true;
                            keys.push(f.field_ref());
                        }
                        Some(_) => self.sink.error(
                            file,
                            line(&ep.retry),
                            format!("retry key `{k}` is always present; use `retry: safe`"),
                        ),
                        None => self.sink.error(
                            file,
                            line(&ep.retry),
                            format!("retry key `{k}` is not a request field"),
                        ),
                    }
                }
                if ep.retry_keys.is_empty() {
                    self.sink.error(
                        file,
                        line(&ep.retry),
                        "`retry: when_present` needs `retry_keys`",
                    );
                }
                model::RetryPolicy::WhenPresent(keys)
            }
            other => {
                self.sink.error(
                    file,
                    line(&ep.retry),
                    format!("unknown retry `{other}` (expected `safe`, `never` or `when_present`)"),
                );
                model::RetryPolicy::Never
            }
        };
        if !matches!(retry, model::RetryPolicy::WhenPresent(_)) && !ep.retry_keys.is_empty() {
            self.sink.error(
                file,
                line(&ep.retry),
                "`retry_keys` only go with `retry: when_present`",
            );
        }
        if ep.moves_money && retry == model::RetryPolicy::Safe {
            self.sink.error(
                file,
                line(&ep.retry),
                "an endpoint that moves money cannot be `retry: safe`",
            );
        }
        let (errors, error_messages) = self.errors(file, at, &name, &ep.errors);
        let examples = self.examples(file, content_type, &ep.examples);
        let response_style = response_style?;
        // An unknown scheme is reported where the gateway's schemes are
        // checked (they may be in any file).
        let auth = model::AuthKind::from_spec(&ep.auth.value)?;
        Some(model::Endpoint {
            name,
            path: ep.path.value.clone(),
            content_type,
            auth,
            retry,
            moves_money: ep.moves_money,
            response_style,
            vendor_only,
            title: ep.title.clone(),
            docs,
            request,
            response,
            errors,
            error_messages,
            examples,
        })
    }

    /// The texts of the payment answers' `info` field.
    fn payment_info(
        &mut self,
        file: &str,
        infos: &[Spanned<spec::PaymentInfoDef>],
    ) -> Vec<model::PaymentInfo> {
        let mut seen = BTreeMap::new();
        let mut out = Vec::new();
        for info in infos {
            let v = &info.value;
            self.variant_name(file, &v.name, &mut seen);
            let texts = [&v.en, &v.kk, &v.ru].into_iter().chain(&v.also);
            if texts.into_iter().any(|t| t.trim().is_empty()) {
                self.sink.error(
                    file,
                    line(info),
                    format!(
                        "payment info `{}` needs `en`, `kk` and `ru`, none empty",
                        v.name.value
                    ),
                );
            }
            out.push(model::PaymentInfo {
                name: v.name.value.clone(),
                means: v.means,
                en: v.en.trim().to_owned(),
                kk: v.kk.trim().to_owned(),
                ru: v.ru.trim().to_owned(),
                also: v.also.iter().map(|t| t.trim().to_owned()).collect(),
                note: v.note.clone(),
            });
        }
        out
    }

    /// Resolves the fields through which the response reports errors (the
    /// generated `reported_error` reads them), each by its wire name and
    /// type; a response without them is a mistake at the endpoint's line.
    fn response_style(
        &mut self,
        file: &str,
        at: u64,
        style: &Spanned<String>,
        response: &model::Object,
        types: &[model::Object],
    ) -> Option<model::ResponseStyle> {
        let mut need = |wire: &str, fits: fn(&TypeRef) -> bool, what: &str| {
            let found = find_field(response, wire, fits);
            if found.is_none() {
                self.sink.error(file, at, what);
            }
            found
        };
        match style.value.as_str() {
            "error_code" => {
                let code = need(
                    "errorCode",
                    |ty| matches!(ty, TypeRef::ErrorCode(_)),
                    "an `error_code` response needs a field `errorCode` of type `error_code`",
                );
                let message = need(
                    "errorMessage",
                    |ty| *ty == TypeRef::Prim(Prim::String),
                    "an `error_code` response needs a string field `errorMessage`",
                );
                Some(model::ResponseStyle::ErrorCode {
                    code: code?.field_ref(),
                    message: message?.field_ref(),
                })
            }
            "wallet" => {
                let success = need(
                    "success",
                    |ty| *ty == TypeRef::Prim(Prim::Boolean),
                    "a `wallet` response needs a boolean field `success`",
                );
                let error = response.fields.iter().find_map(|f| match &f.ty {
                    TypeRef::Object(block) if f.wire == "error" => Some((f, block)),
                    _ => None,
                });
                if error.is_none() {
                    self.sink.error(
                        file,
                        at,
                        "a `wallet` response needs an object field `error`",
                    );
                }
                let (success, (error, type_name)) = (success?, error?);
                let Some(block) = types.iter().find(|t| &t.name == type_name) else {
                    self.sink.error(
                        file,
                        at,
                        format!(
                            "the wallet error type `{type_name}` must be a shared type (`types:`)"
                        ),
                    );
                    return None;
                };
                let code = find_field(block, "code", |ty| *ty == TypeRef::Prim(Prim::Integer));
                let message = find_field(block, "message", |ty| *ty == TypeRef::Prim(Prim::String));
                let (Some(code), Some(message)) = (code, message) else {
                    self.sink.error(
                        file,
                        at,
                        format!(
                            "the wallet error type `{type_name}` needs an integer `code` and a string `message`"
                        ),
                    );
                    return None;
                };
                Some(model::ResponseStyle::Wallet {
                    success: success.field_ref(),
                    error: error.field_ref(),
                    error_code: code.field_ref(),
                    error_message: message.field_ref(),
                })
            }
            other => {
                self.sink.error(
                    file,
                    line(style),
                    format!("unknown response_style `{other}` (expected `error_code` or `wallet`)"),
                );
                None
            }
        }
    }

    /// The endpoint's error codes, with each code's messages in the same
    /// order. A message's Rust name is its `name`, or its code's when it is
    /// the code's only message: a code with several messages must name
    /// each, so that code refers to a message by name, never by its
    /// position in the table.
    fn errors(
        &mut self,
        file: &str,
        at: u64,
        endpoint: &str,
        errors: &[Spanned<spec::ErrorCodeDef>],
    ) -> ErrorTables {
        let mut values = Vec::new();
        let mut messages = Vec::new();
        let mut seen_codes: BTreeMap<i64, u64> = BTreeMap::new();
        let mut seen_names = BTreeMap::new();
        let mut seen_message_names = BTreeMap::new();
        if errors.is_empty() {
            self.sink
                .error(file, at, "an endpoint needs at least one error code");
        }
        for e in errors {
            let at = line(e);
            let e = &e.value;
            if let Some(first) = seen_codes.insert(e.code.value, at) {
                self.sink.error(
                    file,
                    at,
                    format!(
                        "error code {} listed twice (first at line {first}); put all its messages under one entry",
                        e.code.value
                    ),
                );
                continue;
            }
            self.variant_name(file, &e.name, &mut seen_names);
            if e.messages.is_empty() {
                self.sink.error(
                    file,
                    at,
                    format!("error code {} has no messages", e.code.value),
                );
            }
            let mut seen_msgs = BTreeSet::new();
            let mut msgs: Vec<model::ErrorMessage> = Vec::new();
            for m in &e.messages {
                let name = match &m.value.name {
                    Some(name) => Some(name),
                    None if e.messages.len() == 1 => Some(&e.name),
                    None => {
                        self.sink.error(
                            file,
                            line(m),
                            format!(
                                "error code {} has several messages: give each a `name`",
                                e.code.value
                            ),
                        );
                        None
                    }
                };
                if let Some(name) = name {
                    self.variant_name(file, name, &mut seen_message_names);
                }
                if m.value.en.trim().is_empty() || m.value.kk.trim().is_empty() {
                    self.sink
                        .error(file, line(m), "an error message needs both `en` and `kk`");
                }
                if m.value.also.iter().any(|t| t.trim().is_empty()) {
                    self.sink.error(
                        file,
                        line(m),
                        "an error message's `also` has an empty wording",
                    );
                }
                if !seen_msgs.insert(m.value.kk.clone()) {
                    self.sink.error(
                        file,
                        line(m),
                        format!("message listed twice under code {}", e.code.value),
                    );
                }
                msgs.push(model::ErrorMessage {
                    name: name.unwrap_or(&e.name).value.clone(),
                    en: m.value.en.trim().to_owned(),
                    kk: m.value.kk.trim().to_owned(),
                    also: m.value.also.iter().map(|t| t.trim().to_owned()).collect(),
                });
            }
            let summary = e.doc.clone().or_else(|| msgs.first().map(|m| m.en.clone()));
            let docs = self.docs(
                file,
                at,
                &format!("error code {}", e.code.value),
                &summary,
                &None,
                &None,
            );
            values.push(model::EnumValue {
                name: e.name.value.clone(),
                int: e.code.value,
                text: e.code.value.to_string(),
                aliases: Vec::new(),
                docs,
            });
            messages.push(msgs);
        }
        let enumeration = model::Enum {
            name: format!("{endpoint}ErrorCode"),
            repr: Repr::Integer,
            docs: Docs {
                doc: format!(
                    "Error codes of `{endpoint}`, with every message the bank's document gives."
                ),
                kk: None,
                note: None,
            },
            values,
        };
        (enumeration, messages)
    }

    fn examples(
        &mut self,
        file: &str,
        content_type: model::ContentType,
        examples: &[Spanned<spec::Example>],
    ) -> Vec<model::Example> {
        let mut out = Vec::new();
        for ex in examples {
            let at = line(ex);
            let v = &ex.value;
            let is_request = match v.kind.value.as_str() {
                "request" => true,
                "response" => false,
                other => {
                    self.sink.error(
                        file,
                        line(&v.kind),
                        format!(
                            "unknown example kind `{other}` (expected `request` or `response`)"
                        ),
                    );
                    continue;
                }
            };
            match (&v.form, &v.json) {
                (Some(_), Some(_)) | (None, None) => {
                    self.sink
                        .error(file, at, "an example has exactly one of `form` and `json`");
                    continue;
                }
                (Some(_), None) if !is_request || content_type != model::ContentType::Form => {
                    self.sink.error(
                        file,
                        at,
                        "`form` examples are only for requests of form endpoints",
                    );
                }
                (None, Some(json)) => {
                    if is_request && content_type == model::ContentType::Form {
                        self.sink.error(
                            file,
                            at,
                            "a form endpoint's request example is written as `form` pairs",
                        );
                    }
                    if let Err(e) = serde_json::from_str::<serde_json::Value>(json) {
                        self.sink.error(
                            file,
                            at,
                            format!("example `{}` is not valid JSON: {e}", v.title),
                        );
                    }
                }
                _ => {}
            }
            out.push(model::Example {
                is_request,
                title: v.title.clone(),
                form: v
                    .form
                    .as_ref()
                    .map(|pairs| pairs.iter().map(|[k, v]| (k.clone(), v.clone())).collect()),
                json: v.json.clone(),
            });
        }
        out
    }
}

/// The field of `obj` with wire name `wire`, if its type fits.
fn find_field<'a>(
    obj: &'a model::Object,
    wire: &str,
    fits: fn(&TypeRef) -> bool,
) -> Option<&'a model::Field> {
    obj.fields.iter().find(|f| f.wire == wire && fits(&f.ty))
}

/// Whether leniency can apply to the type: scalars and enums.
fn scalar_kind(ty: &TypeRef) -> Option<()> {
    match ty {
        TypeRef::Prim(p) if p.is_scalar() => Some(()),
        TypeRef::Enum(_) | TypeRef::ErrorCode(_) => Some(()),
        _ => None,
    }
}

/// An endpoint's error codes and each code's messages, in the same order.
type ErrorTables = (model::Enum, Vec<Vec<model::ErrorMessage>>);
