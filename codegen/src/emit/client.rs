//! The client crate's methods: one per endpoint, each a thin call into the
//! hand-written transport.

use proc_macro2::TokenStream;
use quote::quote;

use super::{doc_attrs, field_ident, type_ident};
use crate::model::{Api, Docs};
use crate::naming;

/// The client's generated module.
pub fn emit_mod() -> TokenStream {
    quote! {
        #![doc = " Code generated from `spec/`: one method per endpoint."]
        mod methods;
    }
}

/// `impl Client { pub async fn register(…) … }`.
pub fn emit_methods(api: &Api) -> TokenStream {
    let methods = api.endpoints.iter().map(|ep| {
        let method = field_ident(&naming::method_name(&ep.name));
        let request = type_ident(&ep.request.name);
        let response = type_ident(&ep.response.name);
        let safety = if ep.moves_money {
            "May move money: never sent twice automatically once it may have reached the gateway."
        } else {
            "A read: connection failures and timeouts are retried as the client's retry policy says."
        };
        let mut paragraphs = vec![ep.docs.doc.clone(), safety.to_owned()];
        if ep.vendor_only {
            paragraphs.push(
                "Vendor API only: not in Bereke's document, so the bank has not promised it; \
                 ask the bank before relying on it."
                    .to_owned(),
            );
        }
        let docs = doc_attrs(
            &Docs {
                doc: format!("{} (`{}`).", ep.title, ep.path),
                kk: None,
                note: None,
            },
            &paragraphs,
        );
        quote! {
            #docs
            pub async fn #method(
                &self,
                request: &crate::models::#request,
            ) -> ::std::result::Result<crate::models::#response, crate::Error> {
                self.execute(request).await
            }
        }
    });
    quote! {
        #![doc = " One method per endpoint of the spec."]
        impl crate::Client {
            #(#methods)*
        }
    }
}
