//! The client crate's methods: one per endpoint, each a thin call into the
//! hand-written transport.

use proc_macro2::TokenStream;
use quote::quote;

use super::{doc_attrs, field_ident, type_ident};
use crate::model::{Api, Docs, Endpoint, Retry};
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
        let safety = retry_sentence(ep);
        let mut paragraphs = vec![ep.docs.doc.clone(), safety];
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

/// What the method's doc says of repeats: taken from the retry policy the
/// client applies, so the doc cannot promise what the runtime does not do.
fn retry_sentence(ep: &Endpoint) -> String {
    let what = if ep.moves_money {
        "May move money: "
    } else {
        ""
    };
    match &ep.retry {
        Retry::Safe => "A read: connection failures, timeouts and proxy errors are retried as the \
             client's retry policy says."
            .to_owned(),
        Retry::Never => format!(
            "{what}never sent twice automatically once it may have reached the gateway; \
             after a lost answer, settle it from the order's status (`bereke::settle`)."
        ),
        Retry::WhenPresent(keys) => {
            let wires: Vec<String> = keys
                .iter()
                .filter_map(|rust| ep.request.fields.iter().find(|f| &f.rust == rust))
                .map(|f| format!("`{}`", f.wire))
                .collect();
            format!(
                "{what}sent again after a lost answer only when it carries a non-blank {}, \
                 which lets the gateway recognise the repeat; without it, never sent twice \
                 automatically once it may have reached the gateway.",
                wires.join(" or ")
            )
        }
    }
}
