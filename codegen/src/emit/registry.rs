//! The list of every model and endpoint, with the document's examples.

use proc_macro2::TokenStream;
use quote::quote;

use super::type_ident;
use crate::model::{Api, Object, Requirement, Role, TypeRef};

/// `MODELS` and `ENDPOINTS`.
pub fn emit(api: &Api) -> TokenStream {
    let mut models = Vec::new();
    for e in &api.enums {
        models.push(model_entry(&e.name, &[]));
    }
    for t in &api.types {
        models.push(struct_entry(api, t));
    }
    for ep in &api.endpoints {
        models.push(struct_entry(api, &ep.request));
        models.push(struct_entry(api, &ep.response));
        models.push(model_entry(&ep.errors.name, &[]));
    }
    let endpoints = api.endpoints.iter().map(|ep| {
        let request = type_ident(&ep.request.name);
        let response = type_ident(&ep.response.name);
        let (request_name, response_name) = (ep.request.name.as_str(), ep.response.name.as_str());
        let examples = ep.examples.iter().map(|ex| {
            let is_request = ex.is_request;
            let title = ex.title.as_str();
            let pairs = ex
                .form
                .iter()
                .flatten()
                .map(|(k, v)| quote!((#k, #v)));
            let json = match &ex.json {
                Some(j) => quote!(::std::option::Option::Some(#j)),
                None => quote!(::std::option::Option::None),
            };
            quote! {
                crate::registry::Example {
                    is_request: #is_request,
                    title: #title,
                    form: &[#(#pairs),*],
                    json: #json,
                }
            }
        });
        let doc = ep.docs.doc.as_str();
        let kk = opt_str(ep.docs.kk.as_deref());
        let errors = ep.errors.values.iter().zip(&ep.error_messages).map(|(v, messages)| {
            let (code, name, doc) = (v.int, v.name.as_str(), v.docs.doc.as_str());
            let messages = messages
                .iter()
                .map(|(en, kk)| quote!(crate::ErrorMessage { en: #en, kk: #kk }));
            quote! {
                crate::registry::ErrorCodeInfo {
                    code: #code,
                    name: #name,
                    doc: #doc,
                    messages: &[#(#messages),*],
                }
            }
        });
        quote! {
            crate::registry::EndpointEntry {
                info: <crate::#request as crate::Endpoint>::INFO,
                doc: #doc,
                kk: #kk,
                errors: &[#(#errors),*],
                request: #request_name,
                response: #response_name,
                examples: &[#(#examples),*],
                form_roundtrip: crate::registry::form_roundtrip_of::<crate::#request>,
                json_request_roundtrip: crate::registry::json_request_roundtrip_of::<crate::#request>,
                response_roundtrip: crate::registry::response_roundtrip_of::<crate::#response>,
            }
        }
    });
    let auth = api.gateway.auth.iter().map(|a| {
        let (name, doc) = (a.name.as_str(), a.doc.as_str());
        let params = a.params.iter().map(|p| {
            let (wire, doc, sensitive) = (p.wire.as_str(), p.docs.doc.as_str(), p.sensitive);
            let kk = opt_str(p.docs.kk.as_deref());
            let required = p.required == Requirement::Always;
            quote! {
                crate::registry::CredentialInfo {
                    wire: #wire,
                    doc: #doc,
                    kk: #kk,
                    required: #required,
                    sensitive: #sensitive,
                }
            }
        });
        quote! {
            crate::registry::AuthInfo {
                name: #name,
                doc: #doc,
                params: &[#(#params),*],
            }
        }
    });
    let names = api.endpoints.iter().map(|ep| ep.name.as_str());
    let requests = api.endpoints.iter().map(|ep| type_ident(&ep.request.name));
    quote! {
        #![doc = " The list of every model and endpoint of the spec."]

        /// Calls `callback! { "Name" => RequestType, … }` with every endpoint's
        /// spec name and request type, so that code needing the static types
        /// (a test sending every endpoint's example) follows the spec by itself.
        #[macro_export]
        macro_rules! for_each_endpoint {
            ($callback:ident) => {
                $callback! { #(#names => $crate::#requests),* }
            };
        }

        /// How credentials travel, per authentication scheme.
        pub static AUTH: &[crate::registry::AuthInfo] = &[#(#auth),*];

        /// Every model, enumerations first, then nested blocks, then each
        /// endpoint's request, response and error codes.
        pub static MODELS: &[crate::registry::ModelInfo] = &[#(#models),*];

        /// Every endpoint, in spec order, with the document's examples.
        pub static ENDPOINTS: &[crate::registry::EndpointEntry] = &[#(#endpoints),*];
    }
}

fn struct_entry(api: &Api, obj: &Object) -> TokenStream {
    let fields: Vec<TokenStream> = obj
        .fields
        .iter()
        .map(|f| {
            let (wire, rust, sensitive) = (&f.wire, &f.rust, f.sensitive);
            let required = obj.role == Role::Request && f.required == Requirement::Always;
            let sample = sample(api, &f.ty);
            let aliases = &f.aliases;
            quote! {
                crate::registry::FieldInfo {
                    wire: #wire,
                    aliases: &[#(#aliases),*],
                    rust: #rust,
                    sensitive: #sensitive,
                    required: #required,
                    sample: #sample,
                }
            }
        })
        .collect();
    model_entry(&obj.name, &fields)
}

fn model_entry(name: &str, fields: &[TokenStream]) -> TokenStream {
    let ident = type_ident(name);
    quote! {
        crate::registry::ModelInfo {
            name: #name,
            fields: &[#(#fields),*],
            #[cfg(feature = "schema")]
            schema: crate::registry::schema_of::<crate::#ident>,
            debug_from_json: crate::registry::debug_of::<crate::#ident>,
            json_roundtrip: crate::registry::json_roundtrip_of::<crate::#ident>,
        }
    }
}

fn opt_str(value: Option<&str>) -> TokenStream {
    match value {
        Some(v) => quote!(::std::option::Option::Some(#v)),
        None => quote!(::std::option::Option::None),
    }
}

/// A JSON value valid for the type, so tests can build any model.
fn sample(api: &Api, ty: &TypeRef) -> String {
    use crate::model::Prim::*;
    match ty {
        TypeRef::Prim(String) => "\"sample\"".into(),
        TypeRef::Prim(Integer) => "1".into(),
        TypeRef::Prim(Boolean) => "true".into(),
        TypeRef::Prim(Amount) => "2000".into(),
        TypeRef::Prim(Currency) => "398".into(),
        TypeRef::Prim(EpochMillis) => "1617972915659".into(),
        TypeRef::Prim(Expiry) => "202412".into(),
        TypeRef::Prim(JsonMap) => "{\"key\":\"value\"}".into(),
        TypeRef::Object(_) => "{}".into(),
        TypeRef::List(_) => "[]".into(),
        TypeRef::ErrorCode(_) => "0".into(),
        TypeRef::Enum(name) => {
            let Some(e) = api.enums.iter().find(|e| &e.name == name) else {
                return "null".into();
            };
            match (e.repr, e.values.first()) {
                (crate::model::Repr::Integer, Some(v)) => v.int.to_string(),
                (crate::model::Repr::String, Some(v)) => {
                    serde_json::Value::String(v.text.clone()).to_string()
                }
                _ => "null".into(),
            }
        }
    }
}
