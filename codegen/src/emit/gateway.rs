//! Environments and test cards as constants.

use heck::ToShoutySnakeCase;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::model::Api;

/// Base URLs and the document's test cards.
pub fn emit(api: &Api) -> TokenStream {
    let envs = api.gateway.environments.iter().map(|e| {
        let ident = format_ident!("{}_BASE_URL", e.name.to_shouty_snake_case());
        let doc = format!(" {}", e.doc);
        let url = e.base_url.as_str();
        quote! {
            #[doc = #doc]
            pub const #ident: &str = #url;
        }
    });
    let cards: Vec<_> = api
        .gateway
        .test_cards
        .iter()
        .map(|c| {
            let ident = format_ident!("CARD_{}", c.name.to_shouty_snake_case());
            let doc = format!(" {}", c.doc);
            let (name, pan, expiry, cvc) = (&c.name, &c.pan, &c.expiry, &c.cvc);
            let three_ds = opt_str(c.three_ds.as_deref());
            let acs_code = opt_str(c.acs_code.as_deref());
            (
                ident.clone(),
                quote! {
                    #[doc = #doc]
                    pub const #ident: TestCard = TestCard {
                        name: #name,
                        pan: #pan,
                        expiry: #expiry,
                        cvc: #cvc,
                        three_ds: #three_ds,
                        acs_code: #acs_code,
                    };
                },
            )
        })
        .collect();
    let card_idents = cards.iter().map(|(i, _)| i);
    let card_items = cards.iter().map(|(_, t)| t);
    let callback_params = api.gateway.callback_params.iter().map(|p| p.wire.as_str());
    quote! {
        #![doc = " Environments, test cards and callback parameters."]
        #(#envs)*

        /// A test card of the bank's document.
        #[derive(Clone, Copy, PartialEq, Eq)]
        pub struct TestCard {
            /// Short name.
            pub name: &'static str,
            /// Card number.
            pub pan: &'static str,
            /// Expiry as printed in the document, `MM/YY`.
            pub expiry: &'static str,
            /// Security code.
            pub cvc: &'static str,
            /// 3-D Secure version the card enrols in, if any.
            pub three_ds: ::std::option::Option<&'static str>,
            /// One-time code the test ACS accepts.
            pub acs_code: ::std::option::Option<&'static str>,
        }

        impl ::std::fmt::Debug for TestCard {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                // Test cards are public, but card numbers are still kept out of logs.
                f.debug_struct("TestCard").field("name", &self.name).finish_non_exhaustive()
            }
        }

        /// The test cards of the bank's document.
        pub mod test_cards {
            use super::TestCard;
            #(#card_items)*

            /// Every test card.
            pub const ALL: &[TestCard] = &[#(#card_idents),*];
        }

        /// Parameters of a callback notification, as the spec lists them.
        pub const CALLBACK_PARAMS: &[&str] = &[#(#callback_params),*];
    }
}

fn opt_str(v: Option<&str>) -> TokenStream {
    match v {
        Some(s) => quote!(::std::option::Option::Some(#s)),
        None => quote!(::std::option::Option::None),
    }
}
