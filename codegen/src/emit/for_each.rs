//! `for_each_endpoint!` and `for_each_model!`: the spec's endpoints and
//! models as lists of types, for code that needs the static types (tests,
//! the fuzz driver, the schema printer). The spec's data itself (fields,
//! examples, error tables) is not re-encoded here: such code reads it
//! through `bereke-codegen`.

use proc_macro2::TokenStream;
use quote::quote;

use super::type_ident;
use crate::model::Api;

/// The two macros.
pub fn emit(api: &Api) -> TokenStream {
    let names = api.endpoints.iter().map(|ep| ep.name.as_str());
    let requests = api.endpoints.iter().map(|ep| type_ident(&ep.request.name));
    let mut models: Vec<&str> = Vec::new();
    models.extend(api.enums.iter().map(|e| e.name.as_str()));
    models.extend(api.types.iter().map(|t| t.name.as_str()));
    for ep in &api.endpoints {
        models.extend([&ep.request.name, &ep.response.name, &ep.errors.name].map(String::as_str));
    }
    let model_types = models.iter().map(|name| type_ident(name));
    quote! {
        #![doc = " The spec's endpoints and models as lists of types."]

        /// Calls `callback! { "Name" => RequestType, … }` with every endpoint's
        /// spec name and request type, so that code needing the static types
        /// (a test sending every endpoint's example) follows the spec by itself.
        /// The response and error types are the request's
        /// [`Endpoint`](crate::Endpoint) associated types.
        #[macro_export]
        macro_rules! for_each_endpoint {
            ($callback:ident) => {
                $callback! { #(#names => $crate::#requests),* }
            };
        }

        /// Calls `callback! { "Name" => Type, … }` with every model (struct or
        /// enumeration): enumerations first, then nested blocks, then each
        /// endpoint's request, response and error codes.
        #[macro_export]
        macro_rules! for_each_model {
            ($callback:ident) => {
                $callback! { #(#models => $crate::#model_types),* }
            };
        }
    }
}
