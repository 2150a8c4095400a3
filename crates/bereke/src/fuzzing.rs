//! Entry points for the workspace's fuzz driver (`fuzz/`): the client's own
//! decoding of an answer, reachable without a network. Not part of the API.

use bereke_types::Endpoint;
use reqwest::StatusCode;

use crate::scrub::Scrubber;
use crate::transport;

/// Decodes an HTTP 200 answer `body` of endpoint `E` exactly as the client
/// does after a request, with `secrets` (field name, value) as the secrets
/// the request carried, to be scrubbed from any error.
///
/// # Errors
///
/// The client's [`crate::Error`] for the answer: a decode error or the
/// error the gateway reports.
pub fn decode_response<E: Endpoint>(
    body: &[u8],
    secrets: &[(&str, &str)],
) -> Result<E::Response, crate::Error> {
    let scrubber = || {
        let mut scrubber = Scrubber::default();
        for (name, value) in secrets {
            scrubber.add(name, value);
        }
        scrubber
    };
    transport::decode::<E>(StatusCode::OK, body, scrubber).map_err(|f| f.error)
}
