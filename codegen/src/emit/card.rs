//! Card fields (the spec's `card:`): a request's constructor takes them
//! from checked values of `bereke_types::card` instead of strings, and an
//! optional one gets a setter taking such a value.
//!
//! A constructor whose required card fields are a whole card (number,
//! expiry, CVC and name) takes one `&Card`; otherwise one value per part
//! it has (`verifyEnrollment`'s `&Pan`).

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::quote;

use super::field_ident;
use crate::model::{CardPart, Field};

/// The constructor's card parameters, and each card field's initializer
/// by Rust field name.
pub(super) struct CardArgs {
    /// Parameters, after the constructor's other required fields.
    pub params: Vec<TokenStream>,
    /// `field: value` per card field.
    pub inits: BTreeMap<String, TokenStream>,
}

/// The parameters and initializers for the required card fields in `plain`.
pub(super) fn constructor_args(plain: &[&Field]) -> CardArgs {
    let parts: Vec<(&Field, CardPart)> = plain
        .iter()
        .filter_map(|f| f.card.map(|part| (*f, part)))
        .collect();
    let has = |p: CardPart| parts.iter().any(|(_, part)| *part == p);
    let whole = has(CardPart::Pan)
        && has(CardPart::Cvc)
        && has(CardPart::ExpiryYear)
        && has(CardPart::ExpiryMonth)
        && has(CardPart::CardholderName);
    let mut params = Vec::new();
    if whole {
        params.push(quote!(card: &crate::card::Card));
    } else {
        // One parameter per value, in the order the parts come.
        let mut seen = Vec::new();
        for (_, part) in &parts {
            let (name, ty) = value_param(*part);
            if !seen.contains(&name) {
                seen.push(name);
                let ident = field_ident(name);
                params.push(quote!(#ident: #ty));
            }
        }
    }
    let inits = parts
        .iter()
        .map(|(f, part)| {
            let source = if whole {
                match part {
                    CardPart::Pan => quote!(card.pan()),
                    CardPart::Cvc => quote!(card.cvc()),
                    CardPart::ExpiryYear | CardPart::ExpiryMonth => quote!(card.expiry()),
                    CardPart::CardholderName => quote!(card.cardholder()),
                }
            } else {
                let ident = field_ident(value_param(*part).0);
                quote!(#ident)
            };
            (f.rust.clone(), wire_text(*part, &source))
        })
        .collect();
    CardArgs { params, inits }
}

/// The setter of an optional card field: it takes the checked value.
pub(super) fn setter(f: &Field, part: CardPart) -> TokenStream {
    let ident = field_ident(&f.rust);
    let (name, ty) = value_param(part);
    let param = field_ident(name);
    let text = wire_text(part, &quote!(#param));
    let doc = format!(" Sets `{}` from a checked value.", f.wire);
    quote! {
        #[doc = #doc]
        pub fn #ident(mut self, #param: #ty) -> Self {
            self.#ident = ::std::option::Option::Some(#text);
            self
        }
    }
}

/// The parameter name and type of the value a part comes from.
fn value_param(part: CardPart) -> (&'static str, TokenStream) {
    match part {
        CardPart::Pan => ("pan", quote!(&crate::card::Pan)),
        CardPart::Cvc => ("cvc", quote!(&crate::card::Cvc)),
        CardPart::ExpiryYear | CardPart::ExpiryMonth => ("expiry", quote!(crate::card::Expiry)),
        CardPart::CardholderName => ("cardholder", quote!(&crate::card::CardholderName)),
    }
}

/// The part's text on the wire, from its value.
fn wire_text(part: CardPart, value: &TokenStream) -> TokenStream {
    match part {
        CardPart::Pan | CardPart::Cvc => {
            quote!(::std::borrow::ToOwned::to_owned(#value.expose()))
        }
        CardPart::ExpiryYear => quote!(#value.year_field()),
        CardPart::ExpiryMonth => quote!(#value.month_field()),
        CardPart::CardholderName => quote!(::std::borrow::ToOwned::to_owned(#value.as_str())),
    }
}
