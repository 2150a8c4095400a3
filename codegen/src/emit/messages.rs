//! Texts by name: every endpoint's error messages as an
//! `<Endpoint>ErrorMessage` enumeration, and the payment answers' `info`
//! texts as `PaymentInfo`, so that code refers to a text by its name and
//! takes its words from the spec, never from a position in a table.

use proc_macro2::TokenStream;
use quote::quote;

use super::type_ident;
use crate::model::{Api, Endpoint, PaymentInfo};
use crate::spec::InfoMeaning;

/// The file: one message enumeration per endpoint, then `PaymentInfo`.
pub fn emit(api: &Api) -> TokenStream {
    let endpoints = api.endpoints.iter().map(error_messages);
    let info = payment_info(&api.gateway.payment_info);
    quote! {
        #![doc = " Error messages by name and the payment `info` texts."]
        #(#endpoints)*
        #info
    }
}

/// The name of the static table that holds an endpoint's error texts, in
/// the order of its `<Endpoint>ErrorMessage` variants (code by code, as the
/// spec lists them): `text()` and `ErrorCode::messages()` both read it, so
/// each text is written once in the generated code.
pub(super) fn texts_table(ep: &Endpoint) -> proc_macro2::Ident {
    use heck::ToShoutySnakeCase;
    quote::format_ident!("{}_ERROR_TEXTS", ep.name.to_shouty_snake_case())
}

/// `<Endpoint>ErrorMessage`: one variant per message of the endpoint's table.
fn error_messages(ep: &Endpoint) -> TokenStream {
    let name = type_ident(&format!("{}ErrorMessage", ep.name));
    let codes = type_ident(&ep.errors.name);
    let request = type_ident(&ep.request.name);
    let enum_doc = format!(
        " The messages of [`{}`](crate::{}), by name, with their texts from the bank's document.",
        ep.errors.name, ep.errors.name
    );
    let table = texts_table(ep);
    let mut variants = Vec::new();
    let mut code_arms = Vec::new();
    let mut texts = Vec::new();
    for (code, messages) in ep.errors.values.iter().zip(&ep.error_messages) {
        let code_variant = type_ident(&code.name);
        for message in messages {
            let (en, kk, also) = (&message.en, &message.kk, &message.also);
            let variant = type_ident(&message.name);
            let doc = format!(" Code {} (`{}`): \"{en}\"", code.int, code.name);
            variants.push(quote! { #[doc = #doc] #variant });
            code_arms.push(quote! { Self::#variant => C::#code_variant });
            texts.push(quote! { crate::ErrorMessage { en: #en, kk: #kk, also: &[#(#also),*] } });
        }
    }
    let count = proc_macro2::Literal::usize_unsuffixed(texts.len());
    let table_doc = format!(" The texts of [`{name}`], in the order of its variants.");
    quote! {
        #[doc = #table_doc]
        pub(crate) static #table: [crate::ErrorMessage; #count] = [#(#texts),*];

        #[doc = #enum_doc]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum #name {
            #(#variants,)*
        }

        impl crate::NamedErrorMessage for #name {
            type Endpoint = crate::#request;
            fn code(self) -> crate::#codes {
                use crate::#codes as C;
                match self {
                    #(#code_arms,)*
                }
            }
            fn text(self) -> crate::ErrorMessage {
                #table[self as usize]
            }
        }
    }
}

/// `PaymentInfo` and what each text says (`PaymentInfoMeaning`).
fn payment_info(infos: &[PaymentInfo]) -> TokenStream {
    let variants = infos.iter().map(|i| {
        let variant = type_ident(&i.name);
        let mut doc = format!(" \"{}\"", i.en);
        if let Some(note) = &i.note {
            doc.push_str(&format!("\n\n {}", note.trim()));
        }
        quote! { #[doc = #doc] #variant }
    });
    let arms = |text: fn(&PaymentInfo) -> TokenStream| {
        infos.iter().map(move |i| {
            let variant = type_ident(&i.name);
            let value = text(i);
            quote! { Self::#variant => #value }
        })
    };
    let means = arms(|i| match i.means {
        InfoMeaning::Processed => quote!(PaymentInfoMeaning::Processed),
        InfoMeaning::Failed => quote!(PaymentInfoMeaning::Failed),
        InfoMeaning::Redirect => quote!(PaymentInfoMeaning::Redirect),
    });
    let en = arms(|i| {
        let t = &i.en;
        quote!(#t)
    });
    let kk = arms(|i| {
        let t = &i.kk;
        quote!(#t)
    });
    let ru = arms(|i| {
        let t = &i.ru;
        quote!(#t)
    });
    let also = arms(|i| {
        let t = &i.also;
        quote!(&[#(#t),*])
    });
    let all = infos.iter().map(|i| type_ident(&i.name));
    quote! {
        /// A text of the payment answers' `info` field (paymentorder.do,
        /// paymentOrderBinding.do, finish3dsMethod.do), in English, Kazakh
        /// and Russian. The texts are localized words, not codes: the order's
        /// status, not `info`, is the truth about a payment.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum PaymentInfo {
            #(#variants,)*
        }

        /// What a [`PaymentInfo`] text says of the payment.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum PaymentInfoMeaning {
            /// The payment was processed.
            Processed,
            /// The payment failed.
            Failed,
            /// Only that the customer is sent on (every attempt after the
            /// allowed ones).
            Redirect,
        }

        impl PaymentInfo {
            /// Every text, in the spec's order.
            pub const ALL: &'static [PaymentInfo] = &[#(PaymentInfo::#all),*];

            /// What the text says of the payment.
            pub const fn means(self) -> PaymentInfoMeaning {
                match self { #(#means,)* }
            }

            /// The English text, as the gateway sends it where known.
            pub const fn en(self) -> &'static str {
                match self { #(#en,)* }
            }

            /// The document's Kazakh text.
            pub const fn kk(self) -> &'static str {
                match self { #(#kk,)* }
            }

            /// The Russian text.
            pub const fn ru(self) -> &'static str {
                match self { #(#ru,)* }
            }

            /// Other wordings of the same text that gateways send or
            /// documents give.
            pub const fn also(self) -> &'static [&'static str] {
                match self { #(#also,)* }
            }
        }
    }
}
