//! Entry point for the workspace's fuzz driver (`fuzz/`): how the routes
//! read a request body. Not part of the API.

use bereke_types::{ContentType, Endpoint};
use serde::de::DeserializeOwned;

use crate::form::{decode_json, Form};

/// Reads `body` as the sandbox's route for `E` does: a form's raw pairs (the
/// credentials the models do not carry) and the model, or a JSON model for
/// the wallet endpoints.
///
/// # Errors
///
/// The wire name of the field that did not decode, as the routes see it.
pub fn decode_request<E: Endpoint + DeserializeOwned>(body: &[u8]) -> Result<E, String> {
    match E::INFO.content_type {
        ContentType::Form => {
            let form = Form::parse(body);
            // The routes read the credentials from the raw pairs first.
            let _credentials = (form.non_empty("userName"), form.get("password"));
            form.decode::<E>()
        }
        ContentType::Json => decode_json::<E>(body),
    }
}
