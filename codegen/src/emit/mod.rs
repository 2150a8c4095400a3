//! Emitters: from the API model to formatted Rust files.
//!
//! Each emitter builds tokens with `quote`; [`render`] formats them with
//! prettyplease and stamps the `@generated` header, so the output needs no
//! rustfmt and is identical on every machine.

mod card;
mod client;
mod enums;
mod for_each;
mod formats;
mod gateway;
mod messages;
mod structs;
mod success;

use heck::ToSnakeCase;
use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};

use crate::model::{Api, Docs, Prim, TypeRef};
use crate::GeneratedFile;

/// Where the models crate keeps its generated module.
const TYPES_DIR: &str = "crates/bereke-types/src/generated";
/// Where the client crate keeps its generated module.
const CLIENT_DIR: &str = "crates/bereke/src/generated";

/// Every generated file of the API, in a fixed order.
///
/// The files are independent, so they are emitted and formatted on as many
/// threads as the machine has cores: formatting is most of the generator's
/// time. Token streams are not `Send`, so each file is built and rendered
/// on the thread that formats it.
pub fn all(api: &Api) -> Vec<GeneratedFile> {
    let mut modules: Vec<(String, String)> = [
        (
            "gateway",
            "Environments, test cards and callback parameters.",
        ),
        ("formats", "The spec's named text formats."),
        ("enums", "Enumerations shared by several endpoints."),
        ("types", "Nested blocks shared by several endpoints."),
    ]
    .into_iter()
    .map(|(name, doc)| (name.to_owned(), doc.to_owned()))
    .collect();
    let mut jobs: Vec<Job<'_>> = vec![
        job(TYPES_DIR, "gateway", move || gateway::emit(api)),
        job(TYPES_DIR, "formats", formats::emit),
        job(TYPES_DIR, "enums", move || enums::emit_all(&api.enums)),
        job(TYPES_DIR, "types", move || structs::emit_nested(api)),
    ];
    for ep in &api.endpoints {
        let module = ep.name.to_snake_case();
        modules.push((module.clone(), format!("`{}`: {}.", ep.path, ep.title)));
        jobs.push(job(TYPES_DIR, module, move || structs::emit_endpoint(ep)));
    }
    modules.push((
        "messages".to_owned(),
        "Error messages by name and the payment `info` texts.".to_owned(),
    ));
    modules.push((
        "success".to_owned(),
        "What each response holds on success.".to_owned(),
    ));
    jobs.extend([
        job(TYPES_DIR, "messages", move || messages::emit(api)),
        job(TYPES_DIR, "success", move || success::emit(api)),
        job(TYPES_DIR, "for_each", move || for_each::emit(api)),
        job(TYPES_DIR, "mod", move || mod_file(&modules)),
        job(CLIENT_DIR, "mod", client::emit_mod),
        job(CLIENT_DIR, "environment", move || {
            client::emit_environment(api)
        }),
        job(CLIENT_DIR, "methods", move || client::emit_methods(api)),
    ]);
    run_jobs(jobs)
}

/// One generated file still to be emitted: its directory, module and emitter.
type Job<'a> = (
    &'static str,
    String,
    Box<dyn Fn() -> TokenStream + Send + Sync + 'a>,
);

fn job<'a>(
    dir: &'static str,
    module: impl Into<String>,
    emit: impl Fn() -> TokenStream + Send + Sync + 'a,
) -> Job<'a> {
    (dir, module.into(), Box::new(emit))
}

/// Runs the jobs on up to one thread per core, keeping their order.
fn run_jobs(jobs: Vec<Job<'_>>) -> Vec<GeneratedFile> {
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut done: Vec<(usize, GeneratedFile)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads.min(jobs.len()))
            .map(|_| {
                scope.spawn(|| {
                    let mut out = Vec::new();
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some((dir, module, emit)) = jobs.get(i) else {
                            return out;
                        };
                        out.push((i, file(dir, module, emit())));
                    }
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|worker| match worker.join() {
                Ok(files) => files,
                // An emitter's panic is a generator bug: show it as it was.
                Err(panic) => std::panic::resume_unwind(panic),
            })
            .collect()
    });
    done.sort_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, file)| file).collect()
}

fn file(dir: &str, module: &str, tokens: TokenStream) -> GeneratedFile {
    GeneratedFile {
        path: format!("{dir}/{module}.rs"),
        contents: render(tokens),
    }
}

fn mod_file(modules: &[(String, String)]) -> TokenStream {
    let decls = modules.iter().map(|(name, doc)| {
        let ident = format_ident!("{name}");
        let doc = format!(" {doc}");
        // Private modules: every item is reached at the crate root only.
        quote! {
            #[doc = #doc]
            mod #ident;
            pub use self::#ident::*;
        }
    });
    quote! {
        #![doc = " Code generated from `spec/`; every item is re-exported at the crate root."]
        #(#decls)*
        /// `for_each_endpoint!` and `for_each_model!`.
        mod for_each;
    }
}

/// Formats tokens as a Rust file with the `@generated` header.
pub fn render(tokens: TokenStream) -> String {
    let header = "// @generated by `cargo xtask codegen` from spec/. Do not edit.\n\n";
    match syn::parse2::<syn::File>(tokens.clone()) {
        Ok(parsed) => format!("{header}{}", prettyplease::unparse(&parsed)),
        // A bug in an emitter, not in the spec: keep the raw tokens so the
        // compiler points at the problem.
        Err(e) => format!("{header}// emitter produced invalid Rust: {e}\n{tokens}\n"),
    }
}

/// A field identifier, raw when the name is a keyword.
pub(crate) fn field_ident(name: &str) -> Ident {
    if crate::naming::is_keyword(name) {
        Ident::new_raw(name, Span::call_site())
    } else {
        Ident::new(name, Span::call_site())
    }
}

/// A type identifier.
pub(crate) fn type_ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

/// The Rust type of a spec type.
pub(crate) fn rust_type(ty: &TypeRef) -> TokenStream {
    match ty {
        TypeRef::Prim(p) => prim_type(*p),
        TypeRef::Object(n) | TypeRef::Enum(n) | TypeRef::ErrorCode(n) => {
            let ident = type_ident(n);
            quote!(crate::#ident)
        }
        TypeRef::List(inner) => {
            let inner = rust_type(inner);
            quote!(::std::vec::Vec<#inner>)
        }
    }
}

fn prim_type(p: Prim) -> TokenStream {
    match p {
        Prim::String => quote!(::std::string::String),
        Prim::Integer => quote!(i64),
        Prim::Boolean => quote!(bool),
        Prim::Amount => quote!(crate::Amount),
        Prim::Currency => quote!(crate::Currency),
        Prim::EpochMillis => quote!(crate::EpochMillis),
        Prim::Expiry => quote!(crate::Expiry),
        Prim::JsonMap => {
            quote!(::std::collections::BTreeMap<::std::string::String, ::std::string::String>)
        }
    }
}

/// `#[doc]` lines for an item: English first, then the document's text and
/// any disagreement, so rustdoc shows what the bank wrote.
pub(crate) fn doc_attrs(docs: &Docs, extra: &[String]) -> TokenStream {
    let mut lines: Vec<String> = Vec::new();
    push_paragraph(&mut lines, &docs.doc);
    for e in extra {
        push_paragraph(&mut lines, e);
    }
    if let Some(note) = &docs.note {
        push_paragraph(&mut lines, &format!("Note: {note}"));
    }
    if let Some(kk) = &docs.kk {
        push_paragraph(&mut lines, &format!("Document (kk): {kk}"));
    }
    let attrs = lines.iter().map(|l| {
        let l = if l.is_empty() {
            String::new()
        } else {
            format!(" {l}")
        };
        quote!(#[doc = #l])
    });
    quote!(#(#attrs)*)
}

fn push_paragraph(lines: &mut Vec<String>, text: &str) {
    let text = text.trim();
    if text.is_empty() {
        return;
    }
    if !lines.is_empty() {
        lines.push(String::new());
    }
    for line in text.lines() {
        lines.push(markdown_safe(line.trim_end()));
    }
}

/// Text from the bank's document is prose, not Markdown: outside code spans,
/// `[x]`, `<x>` and bare URLs would become links or HTML in rustdoc.
fn markdown_safe(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    for (i, part) in line.split('`').enumerate() {
        if i > 0 {
            out.push('`');
        }
        if i % 2 == 1 {
            out.push_str(part);
            continue;
        }
        let mut words = part.split(' ').peekable();
        while let Some(word) = words.next() {
            let url_start = word.find("https://").or_else(|| word.find("http://"));
            match url_start {
                Some(at) => {
                    let (before, url) = word.split_at(at);
                    let end = url.find([')', '»', '"', '\'', ',']).unwrap_or(url.len());
                    let url = url[..end].trim_end_matches('.');
                    out.push_str(&escape_markdown(before));
                    out.push('<');
                    out.push_str(url);
                    out.push('>');
                    out.push_str(&escape_markdown(&word[at + url.len()..]));
                }
                None => out.push_str(&escape_markdown(word)),
            }
            if words.peek().is_some() {
                out.push(' ');
            }
        }
    }
    out
}

fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '[' | ']' | '<' | '>' | '*') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}
