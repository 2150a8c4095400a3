//! Open enumerations: known values by name, anything else kept as received.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::{doc_attrs, type_ident};
use crate::model::{Enum, Repr};

/// Every shared enumeration.
pub fn emit_all(enums: &[Enum]) -> TokenStream {
    let items = enums.iter().map(emit);
    quote! {
        #![doc = " Enumerations shared by several endpoints."]
        #(#items)*
    }
}

/// One open enumeration with its conversions, serde and schemars impls.
pub fn emit(e: &Enum) -> TokenStream {
    let name = type_ident(&e.name);
    let docs = doc_attrs(
        &e.docs,
        &[
            "Open: a value the spec does not know decodes to `Unknown` and keeps the raw value."
                .to_owned(),
        ],
    );
    let variants: Vec<_> = e.values.iter().map(|v| type_ident(&v.name)).collect();
    let variant_docs = e.values.iter().map(|v| {
        let value_doc = match e.repr {
            Repr::Integer => format!("`{}`", v.int),
            Repr::String => format!("`{}`", v.text),
        };
        doc_attrs(&v.docs, &[format!("Wire value: {value_doc}.")])
    });
    let descriptions = e.values.iter().map(|v| v.docs.doc.as_str());
    let descriptions2 = descriptions.clone();
    let (unknown_ty, conversions, serde_impls, wire_kind, schema_values) = match e.repr {
        Repr::Integer => integer_parts(e),
        Repr::String => string_parts(e),
    };
    let enum_doc = e.docs.doc.as_str();
    quote! {
        #docs
        #[derive(Clone, PartialEq, Eq, Hash, Debug)]
        #[non_exhaustive]
        pub enum #name {
            #( #variant_docs #variants, )*
            /// A value the spec does not know, kept as received. Only the
            /// conversions build it, so a known value is never `Unknown`.
            Unknown(crate::UnknownValue<#unknown_ty>),
        }

        impl #name {
            /// Every value the spec knows, in the spec's order.
            pub const KNOWN: &'static [#name] = &[ #( #name::#variants ),* ];

            #conversions

            /// Whether the spec knows the value.
            pub fn is_known(&self) -> bool {
                !matches!(self, #name::Unknown(_))
            }

            /// The spec's English description of the value.
            pub fn description(&self) -> ::std::option::Option<&'static str> {
                match self {
                    #( #name::#variants => ::std::option::Option::Some(#descriptions), )*
                    #name::Unknown(_) => ::std::option::Option::None,
                }
            }
        }

        #serde_impls

        impl crate::wire::FromWire for #name {
            const KIND: crate::wire::WireKind = #wire_kind;

            fn from_wire_int(value: i128) -> ::std::result::Result<Self, ::std::string::String> {
                Self::from_wire_int_impl(value)
            }

            fn from_wire_str(value: &str) -> ::std::result::Result<Self, ::std::string::String> {
                Self::from_wire_str_impl(value)
            }
        }

        #[cfg(feature = "schema")]
        impl ::schemars::JsonSchema for #name {
            fn schema_name() -> ::std::borrow::Cow<'static, str> {
                ::std::borrow::Cow::Borrowed(stringify!(#name))
            }

            fn json_schema(generator: &mut ::schemars::SchemaGenerator) -> ::schemars::Schema {
                crate::wire::open_enum_schema(
                    generator,
                    &crate::wire::OpenEnumSchema {
                        name: stringify!(#name),
                        description: #enum_doc,
                        kind: #wire_kind,
                        values: &[ #( #schema_values ),* ],
                        names: &[ #( stringify!(#variants) ),* ],
                        descriptions: &[ #( #descriptions2 ),* ],
                    },
                )
            }
        }
    }
}

/// The unknown variant's type, conversions, serde impls, wire kind and
/// schema values of one enumeration.
type Parts = (
    TokenStream,
    TokenStream,
    TokenStream,
    TokenStream,
    Vec<TokenStream>,
);

fn integer_parts(e: &Enum) -> Parts {
    let name = type_ident(&e.name);
    let variants: Vec<_> = e.values.iter().map(|v| type_ident(&v.name)).collect();
    let codes: Vec<_> = e
        .values
        .iter()
        .map(|v| Literal::i64_unsuffixed(v.int))
        .collect();
    let conversions = quote! {
        /// The value as sent on the wire.
        pub fn code(&self) -> i64 {
            match self {
                #( #name::#variants => #codes, )*
                #name::Unknown(code) => *code.value(),
            }
        }

        /// The enumeration value for `code`; unknown codes are kept.
        pub fn from_code(code: i64) -> Self {
            match code {
                #( #codes => #name::#variants, )*
                other => #name::Unknown(crate::unknown::UnknownValue::new(other)),
            }
        }

        fn from_wire_int_impl(value: i128) -> ::std::result::Result<Self, ::std::string::String> {
            i64::try_from(value)
                .map(Self::from_code)
                .map_err(|_| ::std::format!("{} out of range: {value}", stringify!(#name)))
        }

        fn from_wire_str_impl(value: &str) -> ::std::result::Result<Self, ::std::string::String> {
            <i64 as crate::wire::FromWire>::from_wire_str(value).map(Self::from_code)
        }
    };
    let serde_impls = quote! {
        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::write!(f, "{}", self.code())
            }
        }

        impl ::std::convert::From<i64> for #name {
            fn from(code: i64) -> Self {
                Self::from_code(code)
            }
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> ::std::result::Result<S::Ok, S::Error> {
                s.serialize_i64(self.code())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> ::std::result::Result<Self, D::Error> {
                crate::wire::lenient::strict_number(d)
            }
        }
    };
    let values = codes
        .iter()
        .map(|c| quote!(crate::wire::EnumValue::Int(#c)))
        .collect();
    (
        quote!(i64),
        conversions,
        serde_impls,
        quote!(crate::wire::WireKind::Number),
        values,
    )
}

fn string_parts(e: &Enum) -> Parts {
    let name = type_ident(&e.name);
    let variants: Vec<_> = e.values.iter().map(|v| type_ident(&v.name)).collect();
    let texts: Vec<_> = e.values.iter().map(|v| v.text.as_str()).collect();
    let alias_arms = e.values.iter().flat_map(|v| {
        let variant = type_ident(&v.name);
        let name = name.clone();
        v.aliases
            .iter()
            .map(move |a| quote!(#a => #name::#variant,))
    });
    let conversions = quote! {
        /// The value as sent on the wire.
        pub fn as_str(&self) -> &str {
            match self {
                #( #name::#variants => #texts, )*
                #name::Unknown(value) => value.value(),
            }
        }

        /// The enumeration value for `value`; unknown values are kept (also
        /// through `From<&str>` and `str::parse`, which never fails).
        fn from_name(value: &str) -> Self {
            match value {
                #( #texts => #name::#variants, )*
                #( #alias_arms )*
                other => #name::Unknown(crate::unknown::UnknownValue::new(
                    ::std::string::ToString::to_string(other),
                )),
            }
        }

        fn from_wire_int_impl(value: i128) -> ::std::result::Result<Self, ::std::string::String> {
            ::std::result::Result::Ok(Self::from_name(&value.to_string()))
        }

        fn from_wire_str_impl(value: &str) -> ::std::result::Result<Self, ::std::string::String> {
            ::std::result::Result::Ok(Self::from_name(value))
        }
    };
    let serde_impls = quote! {
        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::convert::From<&str> for #name {
            fn from(value: &str) -> Self {
                Self::from_name(value)
            }
        }

        /// Never fails: a value the spec does not know is `Unknown`.
        impl ::std::str::FromStr for #name {
            type Err = ::std::convert::Infallible;

            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                ::std::result::Result::Ok(Self::from_name(value))
            }
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> ::std::result::Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> ::std::result::Result<Self, D::Error> {
                let value = <::std::string::String as ::serde::Deserialize>::deserialize(d)?;
                ::std::result::Result::Ok(Self::from_name(&value))
            }
        }
    };
    let values = texts
        .iter()
        .map(|t| quote!(crate::wire::EnumValue::Text(#t)))
        .collect();
    (
        quote!(::std::string::String),
        conversions,
        serde_impls,
        quote!(crate::wire::WireKind::String),
        values,
    )
}
