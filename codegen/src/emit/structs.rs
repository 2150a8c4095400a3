//! Structs: requests, responses and nested blocks, with their serde and
//! schemars attributes, redacting `Debug`, builders and validation.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::{card, doc_attrs, enums, field_ident, rust_type, type_ident};
use crate::model::{
    Api, AuthKind, ContentType, Endpoint, Field, Format, Object, Prim, Requirement, ResponseStyle,
    RetryPolicy, Role, TypeRef,
};
use crate::naming;

/// The shared nested blocks.
pub fn emit_nested(api: &Api) -> TokenStream {
    let items = api.types.iter().map(emit_struct);
    quote! {
        #![doc = " Nested blocks shared by several endpoints."]
        #(#items)*
    }
}

/// An endpoint's request, response, error codes and `Endpoint` impl.
pub fn emit_endpoint(ep: &Endpoint) -> TokenStream {
    let module_doc = format!(" `{}`: {}.", ep.path, ep.title);
    let request = emit_struct(&ep.request);
    let response = emit_struct(&ep.response);
    let errors = enums::emit(&ep.errors);
    let error_impl = error_code_impl(ep);
    let endpoint_impl = endpoint_impl(ep);
    let response_impl = response_impl(ep);
    quote! {
        #![doc = #module_doc]
        #request
        #response
        #errors
        #error_impl
        #endpoint_impl
        #response_impl
    }
}

fn emit_struct(obj: &Object) -> TokenStream {
    let name = type_ident(&obj.name);
    let docs = doc_attrs(&obj.docs, &[]);
    let description = obj.docs.doc.as_str();
    let fields = obj.fields.iter().map(|f| field_decl(f, obj.role));
    let has_plain = obj.fields.iter().any(|f| f.is_plain(obj.role));
    let default = if has_plain {
        quote!()
    } else {
        quote!(Default,)
    };
    let debug = debug_impl(obj);
    let builder = builder_impl(obj);
    let validate = validate_impl(obj);
    quote! {
        #docs
        #[derive(Clone, PartialEq, #default ::serde::Serialize, ::serde::Deserialize)]
        #[cfg_attr(feature = "schema", derive(::schemars::JsonSchema), schemars(description = #description))]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
        }

        #builder
        #debug
        #validate
    }
}

fn field_docs(f: &Field) -> TokenStream {
    let mut extra = vec![format!("Wire name: `{}`.", f.wire)];
    match &f.required {
        Requirement::Always => extra.push("Required.".into()),
        Requirement::Optional => {}
        Requirement::When(cond) => extra.push(format!("Required {cond}.")),
    }
    if let Some(since) = &f.since {
        extra.push(format!("Since getOrderStatusExtended version {since}."));
    }
    if f.sensitive {
        extra.push("Sensitive: never shown by `Debug`.".into());
    }
    let line = extra.join(" ");
    doc_attrs(&f.docs, &[line])
}

fn field_decl(f: &Field, role: Role) -> TokenStream {
    let ident = field_ident(&f.rust);
    let wire = &f.wire;
    let docs = field_docs(f);
    let description = f.docs.doc.as_str();
    let inner = rust_type(&f.ty);
    let aliases = f.aliases.iter().map(|a| quote!(alias = #a,));
    let plain = f.is_plain(role);
    let (ty, serde_extra, schemars_with) = if let TypeRef::List(_) = f.ty {
        (
            inner.clone(),
            quote!(
                default,
                skip_serializing_if = "::std::vec::Vec::is_empty",
                deserialize_with = "crate::wire::lenient::list",
            ),
            None,
        )
    } else if plain {
        if f.lenient {
            (
                inner.clone(),
                quote!(deserialize_with = "crate::wire::lenient::required",),
                Some(format!("crate::wire::Lenient<{}>", type_string(&inner))),
            )
        } else if f.json_string {
            (
                inner.clone(),
                quote!(with = "crate::wire::json_string",),
                Some(format!("crate::wire::JsonString<{}>", type_string(&inner))),
            )
        } else {
            (inner.clone(), quote!(), None)
        }
    } else {
        let ty = quote!(::std::option::Option<#inner>);
        let base = quote!(
            default,
            skip_serializing_if = "::std::option::Option::is_none",
        );
        if f.lenient {
            (
                ty,
                quote!(#base deserialize_with = "crate::wire::lenient::option",),
                Some(format!(
                    "::std::option::Option<crate::wire::Lenient<{}>>",
                    type_string(&inner)
                )),
            )
        } else if f.json_string {
            (
                ty,
                quote!(#base with = "crate::wire::json_string::option",),
                Some(format!(
                    "::std::option::Option<crate::wire::JsonString<{}>>",
                    type_string(&inner)
                )),
            )
        } else {
            (ty, base, None)
        }
    };
    let rules = schema_rules(f);
    let schemars_attr = match schemars_with {
        Some(with) => {
            quote!(#[cfg_attr(feature = "schema", schemars(with = #with, description = #description))])
        }
        None => {
            quote!(#[cfg_attr(feature = "schema", schemars(description = #description #(, #rules)*))])
        }
    };
    quote! {
        #docs
        #[serde(rename = #wire, #(#aliases)* #serde_extra)]
        #schemars_attr
        pub #ident: #ty,
    }
}

/// The spec's checks of a text field as schemars validation attributes, so
/// the published schemas carry them (`maxLength`, `minLength`, `pattern`).
/// Checks with no JSON Schema form (named formats, `one_of` of a lenient
/// field) stay in the Rust validation only.
fn schema_rules(f: &Field) -> Vec<TokenStream> {
    let c = &f.constraints;
    let mut rules = Vec::new();
    if f.ty != TypeRef::Prim(Prim::String) {
        return rules;
    }
    let (min, max) = match c.length {
        Some(n) => (Some(n), Some(n)),
        None => (c.min_length.or(c.not_blank.then_some(1)), c.max_length),
    };
    let (min, max) = (
        min.map(Literal::u32_unsuffixed),
        max.map(Literal::u32_unsuffixed),
    );
    match (min, max) {
        (Some(min), Some(max)) => rules.push(quote!(length(min = #min, max = #max))),
        (Some(min), None) => rules.push(quote!(length(min = #min))),
        (None, Some(max)) => rules.push(quote!(length(max = #max))),
        (None, None) => {}
    }
    let pattern = if let Some((lo, hi)) = c.digits {
        Some(format!("^[0-9]{{{lo},{hi}}}$"))
    } else if !c.forbidden_chars.is_empty() {
        let class: String = c
            .forbidden_chars
            .iter()
            .map(|ch| regex_class_char(*ch))
            .collect();
        Some(format!("^[^{class}]*$"))
    } else if c.not_blank {
        Some(r"\S".to_owned())
    } else {
        None
    };
    if let Some(pattern) = pattern {
        rules.push(quote!(regex(pattern = #pattern)));
    }
    rules
}

/// A character as it is written inside a regex character class.
fn regex_class_char(ch: char) -> String {
    match ch {
        '\\' | ']' | '[' | '^' | '-' => format!("\\{ch}"),
        '\r' => "\\r".to_owned(),
        '\n' => "\\n".to_owned(),
        '\t' => "\\t".to_owned(),
        c if c.is_control() => format!("\\u{:04x}", c as u32),
        c => c.to_string(),
    }
}

/// Tokens as the string schemars' `with` attribute wants.
fn type_string(ty: &TokenStream) -> String {
    ty.to_string().replace(' ', "")
}

fn debug_impl(obj: &Object) -> TokenStream {
    let name = type_ident(&obj.name);
    let name_str = obj.name.as_str();
    let fields = obj.fields.iter().map(|f| {
        let ident = field_ident(&f.rust);
        let label = f.rust.as_str();
        if !f.sensitive {
            quote!(.field(#label, &self.#ident))
        } else if f.is_plain(obj.role) {
            quote!(.field(#label, &crate::redact::Redacted))
        } else if let TypeRef::List(_) = f.ty {
            quote!(.field(#label, &self.#ident.iter().map(|_| crate::redact::Redacted).collect::<::std::vec::Vec<_>>()))
        } else {
            quote!(.field(#label, &crate::redact::optional(&self.#ident)))
        }
    });
    quote! {
        impl ::std::fmt::Debug for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct(#name_str)
                    #(#fields)*
                    .finish()
            }
        }
    }
}

/// `new` with the required fields, and a setter per optional field.
fn builder_impl(obj: &Object) -> TokenStream {
    let name = type_ident(&obj.name);
    let plain: Vec<&Field> = obj.fields.iter().filter(|f| f.is_plain(obj.role)).collect();
    let constructor = if plain.is_empty() {
        quote! {
            /// An empty value; set fields with the setters.
            pub fn new() -> Self {
                <Self as ::std::default::Default>::default()
            }
        }
    } else {
        let card = card::constructor_args(&plain);
        let params = plain
            .iter()
            .filter(|f| f.card.is_none())
            .map(|f| {
                let ident = field_ident(&f.rust);
                let ty = rust_type(&f.ty);
                quote!(#ident: impl ::std::convert::Into<#ty>)
            })
            .chain(card.params);
        let inits = obj.fields.iter().map(|f| {
            let ident = field_ident(&f.rust);
            if let Some(value) = card.inits.get(&f.rust) {
                quote!(#ident: #value)
            } else if f.is_plain(obj.role) {
                quote!(#ident: #ident.into())
            } else {
                quote!(#ident: ::std::default::Default::default())
            }
        });
        let doc = format!(
            " A request with its required fields: {}.",
            plain
                .iter()
                .map(|f| match f.card {
                    Some(_) => format!("`{}` (from the card)", f.wire),
                    None => format!("`{}`", f.wire),
                })
                .collect::<Vec<_>>()
                .join(", ")
        );
        quote! {
            #[doc = #doc]
            pub fn new(#(#params),*) -> Self {
                Self { #(#inits),* }
            }
        }
    };
    let setters = obj
        .fields
        .iter()
        .filter(|f| !f.is_plain(obj.role))
        .map(|f| {
            // One line per setter: the method itself is `crate::builder::setter!`.
            let ident = field_ident(&f.rust);
            let wire = f.wire.as_str();
            if let Some(part) = f.card {
                return card::setter(f, part);
            }
            match &f.ty {
                TypeRef::List(inner) => {
                    let inner = rust_type(inner);
                    quote!(crate::builder::setter!(list #ident: #inner = #wire);)
                }
                ty => {
                    let ty = rust_type(ty);
                    quote!(crate::builder::setter!(#ident: #ty = #wire);)
                }
            }
        });
    quote! {
        impl #name {
            #constructor
            #(#setters)*
        }
    }
}

fn validate_impl(obj: &Object) -> TokenStream {
    let name = type_ident(&obj.name);
    if obj.role == Role::Response {
        return quote!();
    }
    let checks = obj.fields.iter().map(|f| field_checks(f, obj.role));
    let groups = obj.one_of.iter().map(|group| {
        let wires = group.iter().map(|f| f.wire.as_str());
        let present = group.iter().map(|f| {
            let ident = field_ident(&f.rust);
            quote!(self.#ident.is_some())
        });
        quote!(crate::validate::check::any_of(&[#(#wires),*], &[#(#present),*])?;)
    });
    quote! {
        impl crate::Validate for #name {
            fn validate(&self) -> ::std::result::Result<(), crate::InvalidRequest> {
                #(#checks)*
                #(#groups)*
                ::std::result::Result::Ok(())
            }
        }
    }
}

/// The checks of one field, applied to the value when present.
fn field_checks(f: &Field, role: Role) -> TokenStream {
    let ident = field_ident(&f.rust);
    let wire = f.wire.as_str();
    let plain = f.is_plain(role);
    let on_value = value_checks(f);
    if on_value.is_empty() && !plain {
        return quote!();
    }
    if let TypeRef::List(_) = f.ty {
        if on_value.is_empty() {
            return quote!();
        }
        return quote! {
            for value in &self.#ident {
                #(#on_value)*
            }
        };
    }
    let not_empty = if plain && f.ty == TypeRef::Prim(Prim::String) {
        quote!(crate::validate::check::not_empty(#wire, value)?;)
    } else {
        quote!()
    };
    if plain && on_value.is_empty() && not_empty.is_empty() {
        quote!()
    } else if plain {
        quote! {
            {
                let value = &self.#ident;
                #not_empty
                #(#on_value)*
            }
        }
    } else {
        quote! {
            if let ::std::option::Option::Some(value) = &self.#ident {
                #(#on_value)*
            }
        }
    }
}

/// Checks applied to `value` (a reference to the field's value or list item).
fn value_checks(f: &Field) -> Vec<TokenStream> {
    let wire = f.wire.as_str();
    let c = &f.constraints;
    let mut out = Vec::new();
    let base = match &f.ty {
        TypeRef::List(inner) => inner.as_ref(),
        other => other,
    };
    match base {
        TypeRef::Object(_) => {
            out.push(quote!(crate::Validate::validate(value).map_err(|e| e.within(#wire))?;));
        }
        TypeRef::Prim(Prim::String) => {
            let len = |n: u32| Literal::usize_unsuffixed(n as usize);
            if let Some(n) = c.max_length {
                let n = len(n);
                out.push(quote!(crate::validate::check::max_length(#wire, value, #n)?;));
            }
            if let Some(n) = c.min_length {
                let n = len(n);
                out.push(quote!(crate::validate::check::min_length(#wire, value, #n)?;));
            }
            if let Some(n) = c.length {
                let n = len(n);
                out.push(quote!(crate::validate::check::length(#wire, value, #n)?;));
            }
            if let Some((lo, hi)) = c.digits {
                let (lo, hi) = (len(lo), len(hi));
                out.push(quote!(crate::validate::check::digits(#wire, value, #lo, #hi)?;));
            }
            if !c.forbidden_chars.is_empty() {
                let chars = &c.forbidden_chars;
                out.push(
                    quote!(crate::validate::check::forbidden_chars(#wire, value, &[#(#chars),*])?;),
                );
            }
            if !c.one_of.is_empty() {
                let allowed = &c.one_of;
                out.push(quote!(crate::validate::check::one_of(#wire, value, &[#(#allowed),*])?;));
            }
            if c.not_blank {
                out.push(quote!(crate::validate::check::not_blank(#wire, value)?;));
            }
            if let Some(format) = c.format {
                let variant = type_ident(Format::variant(format));
                out.push(quote!(crate::validate::check::format(#wire, value, crate::TextFormat::#variant)?;));
            }
        }
        TypeRef::Prim(p @ (Prim::Integer | Prim::Amount)) if c.min.is_some() || c.max.is_some() => {
            let number = if *p == Prim::Amount {
                quote!(i128::from(value.minor()))
            } else {
                quote!(i128::from(*value))
            };
            let min = option_tokens(c.min);
            let max = option_tokens(c.max);
            out.push(quote!(crate::validate::check::range(#wire, #number, #min, #max)?;));
        }
        _ => {}
    }
    out
}

fn option_tokens(v: Option<i64>) -> TokenStream {
    match v {
        Some(v) => {
            let v = Literal::i64_unsuffixed(v);
            quote!(::std::option::Option::Some(#v))
        }
        None => quote!(::std::option::Option::None),
    }
}

fn error_code_impl(ep: &Endpoint) -> TokenStream {
    let name = type_ident(&ep.errors.name);
    let variants: Vec<_> = ep
        .errors
        .values
        .iter()
        .map(|v| type_ident(&v.name))
        .collect();
    // Each code's messages are a run of the endpoint's one text table
    // (`messages.rs`), in the spec's order.
    let table = super::messages::texts_table(ep);
    let mut start = 0;
    let messages: Vec<TokenStream> = ep
        .error_messages
        .iter()
        .map(|msgs| {
            let (from, to) = (start, start + msgs.len());
            start = to;
            if from == to {
                return quote!(&[]);
            }
            let (from, to) = (
                Literal::usize_unsuffixed(from),
                Literal::usize_unsuffixed(to),
            );
            quote!(&super::messages::#table[#from..#to])
        })
        .collect();
    quote! {
        impl crate::ErrorCode for #name {
            fn code(&self) -> i64 {
                #name::code(self)
            }

            fn from_code(code: i64) -> Self {
                #name::from_code(code)
            }

            fn is_known(&self) -> bool {
                #name::is_known(self)
            }

            fn messages(&self) -> &'static [crate::ErrorMessage] {
                match self {
                    #( #name::#variants => #messages, )*
                    #name::Unknown(_) => &[],
                }
            }
        }
    }
}

fn endpoint_impl(ep: &Endpoint) -> TokenStream {
    let request = type_ident(&ep.request.name);
    let response = type_ident(&ep.response.name);
    let errors = type_ident(&ep.errors.name);
    let name = ep.name.as_str();
    let method = naming::method_name(&ep.name);
    let path = ep.path.as_str();
    let title = ep.title.as_str();
    let content_type = match ep.content_type {
        ContentType::Form => quote!(crate::ContentType::Form),
        ContentType::Json => quote!(crate::ContentType::Json),
    };
    let auth = match ep.auth {
        AuthKind::Rest => quote!(crate::AuthScheme::Rest),
        AuthKind::Wallet => quote!(crate::AuthScheme::Wallet),
    };
    let moves_money = ep.moves_money;
    let language_field = match ep.request.fields.iter().find(|f| f.answer_language) {
        Some(field) => {
            let wire = field.wire.as_str();
            quote!(::std::option::Option::Some(#wire))
        }
        None => quote!(::std::option::Option::None),
    };
    let sensitive = ep
        .request
        .fields
        .iter()
        .filter(|f| f.sensitive)
        .map(|f| f.wire.as_str());
    let (retry, repeat_safe) = match &ep.retry {
        RetryPolicy::Safe => (quote!(crate::RetryPolicy::Safe), quote!(true)),
        RetryPolicy::Never => (quote!(crate::RetryPolicy::Never), quote!(false)),
        RetryPolicy::WhenPresent(keys) => {
            let wires = keys.iter().map(|k| k.wire.as_str());
            // A blank key is no key: the gateway reads `externalRefundId=`
            // as absent and would not deduplicate the repeat.
            let present = keys.iter().map(|k| {
                let ident = field_ident(&k.rust);
                quote!(self.#ident.as_deref().is_some_and(|v| !v.trim().is_empty()))
            });
            (
                quote!(crate::RetryPolicy::WhenPresent(&[#(#wires),*])),
                quote!(#(#present)||*),
            )
        }
    };
    let order_ref = order_ref(ep);
    let vendor_only = ep.vendor_only;
    quote! {
        impl crate::Endpoint for #request {
            type Response = #response;
            type ErrorCode = #errors;

            const INFO: crate::EndpointInfo = crate::EndpointInfo {
                name: #name,
                method: #method,
                path: #path,
                content_type: #content_type,
                auth: #auth,
                retry: #retry,
                moves_money: #moves_money,
                language_field: #language_field,
                sensitive: &[#(#sensitive),*],
                vendor_only: #vendor_only,
                title: #title,
            };

            fn repeat_is_safe(&self) -> bool {
                #repeat_safe
            }

            fn order_ref(&self) -> ::std::option::Option<&str> {
                #order_ref
            }
        }
    }
}

/// The first order reference (`order_ref: true` in the spec) the request
/// carries, in field order, for logs.
fn order_ref(ep: &Endpoint) -> TokenStream {
    let refs: Vec<TokenStream> = ep
        .request
        .fields
        .iter()
        .filter(|f| f.order_ref)
        .map(|f| {
            let ident = field_ident(&f.rust);
            if f.is_plain(Role::Request) {
                quote!(::std::option::Option::Some(self.#ident.as_str()))
            } else {
                quote!(self.#ident.as_deref())
            }
        })
        .collect();
    match refs.split_first() {
        None => quote!(::std::option::Option::None),
        Some((first, rest)) => quote!(#first #(.or(#rest))*),
    }
}

/// `reported_error` from the fields the validator resolved for the
/// endpoint's response style.
fn response_impl(ep: &Endpoint) -> TokenStream {
    let response = type_ident(&ep.response.name);
    let body = match &ep.response_style {
        ResponseStyle::ErrorCode { code, message } => {
            let code = field_ident(&code.rust);
            let message = field_ident(&message.rust);
            quote! {
                match &self.#code {
                    ::std::option::Option::Some(code) if code.code() != 0 => {
                        ::std::option::Option::Some(crate::ReportedError {
                            code: ::std::option::Option::Some(code.code()),
                            message: self.#message.as_deref(),
                        })
                    }
                    _ => ::std::option::Option::None,
                }
            }
        }
        ResponseStyle::Wallet {
            success,
            error,
            error_code,
            error_message,
        } => {
            let success = field_ident(&success.rust);
            let error = field_ident(&error.rust);
            let code = field_ident(&error_code.rust);
            let message = field_ident(&error_message.rust);
            quote! {
                if self.#success == ::std::option::Option::Some(true) {
                    return ::std::option::Option::None;
                }
                match &self.#error {
                    ::std::option::Option::Some(error) => ::std::option::Option::Some(crate::ReportedError {
                        code: error.#code,
                        message: error.#message.as_deref(),
                    }),
                    ::std::option::Option::None if self.#success == ::std::option::Option::Some(false) => {
                        ::std::option::Option::Some(crate::ReportedError {
                            code: ::std::option::Option::None,
                            message: ::std::option::Option::None,
                        })
                    }
                    ::std::option::Option::None => ::std::option::Option::None,
                }
            }
        }
    };
    quote! {
        impl crate::GatewayResponse for #response {
            fn reported_error(&self) -> ::std::option::Option<crate::ReportedError<'_>> {
                #body
            }
        }
    }
}
