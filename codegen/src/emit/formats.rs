//! `TextFormat`: the models crate's copy of the spec's named text formats,
//! generated from [`Format`] so that its docs and error texts are the
//! model's; `bereke_types`'s request checks implement each format.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::model::Format;

/// The `TextFormat` enum with its `describe`.
pub fn emit() -> TokenStream {
    let variants = Format::ALL.iter().map(|f| {
        let ident = format_ident!("{}", f.variant());
        let doc = format!(" {}", f.doc());
        quote!(#[doc = #doc] #ident)
    });
    let describe = Format::ALL.iter().map(|f| {
        let ident = format_ident!("{}", f.variant());
        let text = f.describe();
        quote!(TextFormat::#ident => #text)
    });
    quote! {
        #![doc = " The spec's named text formats."]

        /// A named text format of the spec, which a request's field may be
        /// required to have.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum TextFormat {
            #(#variants),*
        }

        impl TextFormat {
            /// What a refused value is not, for the error message.
            pub fn describe(self) -> &'static str {
                match self {
                    #(#describe),*
                }
            }
        }
    }
}
