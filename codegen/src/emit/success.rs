//! Success views (the spec's `on_success:`): for each response with fields
//! the gateway sends whenever it reports no error, a `<Name>Success` struct
//! holding them without `Option`, and `<Name>Response::success()`, which
//! builds it or names the fields that are missing.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{field_ident, rust_type, type_ident};
use crate::model::{Api, Endpoint, Field, Prim, TypeRef};

/// Every endpoint's success view, in spec order.
pub fn emit(api: &Api) -> TokenStream {
    let items = api.endpoints.iter().map(emit_endpoint);
    quote! {
        #![doc = " What each response holds on success, without `Option`."]
        #(#items)*
    }
}

fn emit_endpoint(ep: &Endpoint) -> TokenStream {
    let fields: Vec<&Field> = ep.response.fields.iter().filter(|f| f.on_success).collect();
    if fields.is_empty() {
        return quote!();
    }
    let response = type_ident(&ep.response.name);
    let view = format_ident!("{}Success", ep.name);
    let path = ep.path.as_str();
    let idents: Vec<_> = fields.iter().map(|f| field_ident(&f.rust)).collect();
    let wires: Vec<&str> = fields.iter().map(|f| f.wire.as_str()).collect();
    let decls = fields.iter().zip(&idents).map(|(f, ident)| {
        let doc = format!(" `{}`: {}", f.wire, f.docs.doc.trim());
        let ty = view_type(&f.ty);
        quote! {
            #[doc = #doc]
            pub #ident: #ty,
        }
    });
    let reads = fields.iter().zip(&idents).map(|(f, ident)| match f.ty {
        TypeRef::Prim(Prim::String) => quote!(self.#ident.as_deref()),
        _ => quote!(self.#ident.as_ref()),
    });
    let view_doc = format!(
        " What `{path}` answers whenever it reports no error: {}.",
        wires
            .iter()
            .map(|w| format!("`{w}`"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let method_doc = format!(
        " The fields `{path}` sends on success, or [`crate::MissingFields`] naming those \
         the answer lacks. The client already returns an answer that reports an error \
         as an error, so on its answers a missing field means the gateway broke its rule."
    );
    quote! {
        #[doc = #view_doc]
        #[derive(Debug, Clone, Copy, PartialEq)]
        #[non_exhaustive]
        pub struct #view<'a> {
            #(#decls)*
        }

        impl crate::#response {
            #[doc = #method_doc]
            pub fn success(&self) -> ::std::result::Result<#view<'_>, crate::MissingFields> {
                match ( #(#reads,)* ) {
                    ( #(::std::option::Option::Some(#idents),)* ) => {
                        ::std::result::Result::Ok(#view { #(#idents),* })
                    }
                    ( #(#idents,)* ) => ::std::result::Result::Err(crate::MissingFields::new(
                        #path,
                        &[ #( (#wires, #idents.is_none()) ),* ],
                    )),
                }
            }
        }
    }
}

/// A borrowed view of the field's value: `&str` for text, `&T` otherwise.
fn view_type(ty: &TypeRef) -> TokenStream {
    match ty {
        TypeRef::Prim(Prim::String) => quote!(&'a str),
        other => {
            let ty = rust_type(other);
            quote!(&'a #ty)
        }
    }
}
