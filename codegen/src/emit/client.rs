//! The client crate's methods: one per endpoint, each a thin call into the
//! hand-written transport; and its `Environment`, from the spec's URLs.

use heck::{ToShoutySnakeCase, ToUpperCamelCase};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{doc_attrs, field_ident, type_ident};
use crate::model::{Api, Docs, Endpoint, RetryPolicy};
use crate::naming;

/// The client's generated module.
pub fn emit_mod() -> TokenStream {
    quote! {
        #![doc = " Code generated from `spec/`: one method per endpoint, and the bank's environments."]
        mod environment;
        mod methods;
        pub use self::environment::Environment;
    }
}

/// `Environment`: one variant per environment of the spec's gateway section.
pub fn emit_environment(api: &Api) -> TokenStream {
    let envs = &api.gateway.environments;
    let variants = envs.iter().map(|e| {
        let ident = format_ident!("{}", e.name.to_upper_camel_case());
        let doc = format!(" {} Base URL: `{}`.", e.doc, e.base_url);
        quote!(#[doc = #doc] #ident)
    });
    let arms = envs.iter().map(|e| {
        let ident = format_ident!("{}", e.name.to_upper_camel_case());
        let constant = format_ident!("{}_BASE_URL", e.name.to_shouty_snake_case());
        quote!(Environment::#ident => crate::models::#constant)
    });
    // A doctest with the first environment, so the doc shows a real address.
    let example = envs.first().map(|e| {
        let line = format!(
            " assert_eq!(bereke::Environment::{}.base_url(), {:?});",
            e.name.to_upper_camel_case(),
            e.base_url
        );
        quote! {
            ///
            /// ```
            #[doc = #line]
            /// ```
        }
    });
    quote! {
        #![doc = " The bank's gateway environments."]

        /// One of Bereke Bank's gateway environments.
        ///
        /// Other banks run the same gateway software under other hosts: give their
        /// base URL to [`ClientBuilder::base_url`](crate::ClientBuilder::base_url)
        /// instead.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum Environment {
            #(#variants),*
        }

        impl Environment {
            /// The environment's base URL, up to and including `/payment/`.
            #example
            pub const fn base_url(self) -> &'static str {
                match self {
                    #(#arms),*
                }
            }
        }
    }
}

/// `impl Client { pub fn register(…) -> impl Future<…> … }`.
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
        // `execute`'s own future, not an `async fn` around it: every async
        // layer copies its output once more when it completes, and a
        // response is up to a kilobyte (a tenth of the client's overhead
        // over a hand-written call).
        quote! {
            #docs
            pub fn #method<'a>(
                &'a self,
                request: &'a crate::models::#request,
            ) -> impl ::std::future::Future<
                Output = ::std::result::Result<crate::models::#response, crate::Error>,
            > + Send + 'a {
                self.execute(request)
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
    let sentence = match &ep.retry {
        RetryPolicy::Safe => {
            "A read: connection failures, timeouts and proxy errors are retried as the \
             client's retry policy says."
                .to_owned()
        }
        RetryPolicy::Never => format!(
            "{what}never sent twice automatically once it may have reached the gateway; \
             after a lost answer, settle it from the order's status (`bereke::settle`)."
        ),
        RetryPolicy::WhenPresent(keys) => {
            let wires: Vec<String> = keys.iter().map(|k| format!("`{}`", k.wire)).collect();
            format!(
                "{what}sent again after a lost answer only when it carries a non-blank {}, \
                 which lets the gateway recognise the repeat; without it, never sent twice \
                 automatically once it may have reached the gateway.",
                wires.join(" or ")
            )
        }
    };
    // "never sent twice …" opens the paragraph when nothing precedes it.
    let mut chars = sentence.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}
