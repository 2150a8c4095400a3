//! One request on the wire: the body with the credentials filled in, one
//! HTTP attempt, and the answer decoded.

use std::time::Duration;

use bereke_types::{AuthScheme, ContentType, Endpoint, ErrorCode, GatewayResponse, InvalidRequest};
use bytes::Bytes;
use reqwest::header::{HeaderValue, ACCEPT, CONTENT_TYPE};
use reqwest::StatusCode;
use url::Url;

use crate::client::Inner;
use crate::error::{DecodeError, Error, GatewayError, HttpError, StatusError};
use crate::retry::Delivery;
use crate::scrub::Scrubber;

/// The most of an answer that is read; the gateway's answers are a few
/// kilobytes, and a runaway body must not exhaust memory.
const MAX_BODY_BYTES: usize = 4 * 1024 * 1024;

/// A request ready to be sent, as often as the retry policy allows.
pub(crate) struct Prepared {
    pub(crate) url: Url,
    pub(crate) content_type: ContentType,
    /// Text, shared by every attempt without a copy.
    pub(crate) body: Bytes,
    /// Wire names of the request's sensitive fields (see [`Prepared::scrubber`]).
    pub(crate) sensitive: &'static [&'static str],
}

impl Prepared {
    /// What removes the secrets `body` carries from an answer that is kept.
    /// Built only when an answer is kept in an error: a successful call
    /// pays nothing for it.
    pub(crate) fn scrubber(&self) -> Scrubber {
        // The body was made from a `String`: it is UTF-8.
        let body = std::str::from_utf8(&self.body).unwrap_or_default();
        scrubber(self.content_type, body, self.sensitive)
    }
}

/// Names of the credential fields whose values are secret.
const SECRET_CREDENTIALS: [&str; 2] = ["password", "token"];

/// Encodes `request` with the credentials. Nothing is sent.
pub(crate) fn prepare<E: Endpoint>(inner: &Inner, request: &E) -> Result<Prepared, Error> {
    let info = E::INFO;
    let invalid = |problem: InvalidRequest| Error::InvalidRequest {
        endpoint: info.path,
        problem,
    };
    let url = inner
        .base_url
        .join(info.path)
        .map_err(|e| invalid(InvalidRequest::new("(path)", e.to_string())))?;
    let auth: Vec<(&str, &str)> = match info.auth {
        AuthScheme::Rest => inner.credentials.fields(),
        AuthScheme::Wallet => match inner.wallet_merchant.as_deref() {
            Some(merchant) => vec![("merchant", merchant)],
            None => {
                return Err(invalid(InvalidRequest::new(
                    "merchant",
                    "no wallet merchant login: set ClientBuilder::wallet_merchant \
                     (token credentials name no merchant)",
                )))
            }
        },
    };
    let language = info.language_field.zip(inner.language.as_deref());
    let body = match info.content_type {
        ContentType::Form => form_body(request, &auth, language),
        ContentType::Json => json_body(request, &auth, language),
    }
    .map_err(invalid)?;
    Ok(Prepared {
        url,
        content_type: info.content_type,
        body: Bytes::from(body),
        sensitive: info.sensitive,
    })
}

/// Collects the secret values of an encoded body: the password or token,
/// and the fields the spec marks sensitive.
fn scrubber(content_type: ContentType, body: &str, sensitive: &[&str]) -> Scrubber {
    let secret = |name: &str| SECRET_CREDENTIALS.contains(&name) || sensitive.contains(&name);
    let mut scrubber = Scrubber::default();
    match content_type {
        ContentType::Form => {
            for (name, value) in form_urlencoded::parse(body.as_bytes()) {
                if secret(&name) {
                    scrubber.add(&name, &value);
                }
            }
        }
        ContentType::Json if !sensitive.is_empty() => {
            let value: serde_json::Value = serde_json::from_str(body).unwrap_or_default();
            for (name, value) in value.as_object().into_iter().flatten() {
                if secret(name) {
                    match value {
                        serde_json::Value::String(text) => scrubber.add(name, text),
                        other => scrubber.add(name, &other.to_string()),
                    }
                }
            }
        }
        ContentType::Json => {}
    }
    scrubber
}

/// `application/x-www-form-urlencoded`: the credentials, the request's own
/// fields, and the default language if the request sets none (`language`:
/// the field's wire name and the default).
fn form_body<E: Endpoint>(
    request: &E,
    auth: &[(&str, &str)],
    language: Option<(&str, &str)>,
) -> Result<String, InvalidRequest> {
    let fields = serde_urlencoded::to_string(request).map_err(cannot_encode)?;
    // One allocation for the whole body in the common case.
    let mut form = form_urlencoded::Serializer::new(String::with_capacity(fields.len() + 128));
    form.extend_pairs(auth);
    if let Some((field, language)) = language {
        let has_language = form_urlencoded::parse(fields.as_bytes()).any(|(name, _)| name == field);
        if !has_language {
            form.append_pair(field, language);
        }
    }
    let mut body = form.finish();
    if !fields.is_empty() {
        if !body.is_empty() {
            body.push('&');
        }
        body.push_str(&fields);
    }
    Ok(body)
}

/// `application/json`: the request's fields, the credentials, and the
/// default language if the request sets none (as for [`form_body`]).
fn json_body<E: Endpoint>(
    request: &E,
    auth: &[(&str, &str)],
    language: Option<(&str, &str)>,
) -> Result<String, InvalidRequest> {
    let mut value = serde_json::to_value(request).map_err(cannot_encode)?;
    let Some(object) = value.as_object_mut() else {
        return Err(InvalidRequest::new(
            "(request)",
            "does not encode as a JSON object",
        ));
    };
    for (name, secret) in auth {
        object.insert((*name).to_owned(), (*secret).into());
    }
    if let Some((field, language)) = language {
        object
            .entry(field.to_owned())
            .or_insert_with(|| language.into());
    }
    serde_json::to_string(&value).map_err(cannot_encode)
}

fn cannot_encode(error: impl std::fmt::Display) -> InvalidRequest {
    InvalidRequest::new("(request)", format!("cannot be encoded: {error}"))
}

/// A failed attempt, and whether another may follow.
pub(crate) struct Failure {
    pub(crate) error: Error,
    pub(crate) delivery: Delivery,
}

/// Sends the request once and reads the whole answer.
pub(crate) async fn send_once(
    http: &reqwest::Client,
    prepared: &Prepared,
    timeout: Duration,
    endpoint: &'static str,
) -> Result<(StatusCode, Bytes), Failure> {
    let response = http
        .post(prepared.url.clone())
        // Static values: nothing to check or copy per call.
        .header(
            CONTENT_TYPE,
            HeaderValue::from_static(prepared.content_type.mime()),
        )
        .header(ACCEPT, HeaderValue::from_static("application/json"))
        .timeout(timeout)
        .body(prepared.body.clone())
        .send()
        .await
        .map_err(|e| transport_failure(e, endpoint, timeout))?;
    let status = response.status();
    let body = read_body(response, endpoint, timeout, prepared).await?;
    Ok((status, body))
}

async fn read_body(
    mut response: reqwest::Response,
    endpoint: &'static str,
    timeout: Duration,
    prepared: &Prepared,
) -> Result<Bytes, Failure> {
    let status = response.status();
    let announced = response.content_length().unwrap_or(u64::MAX);
    if announced <= MAX_BODY_BYTES as u64 {
        // The HTTP client reads no more than the announced length, so the
        // limit holds; the answer is taken as it arrived, without a copy.
        return response
            .bytes()
            .await
            .map_err(|e| transport_failure(e, endpoint, timeout));
    }
    // Unannounced (chunked) or too long: read it piece by piece, up to the
    // limit (room is reserved for no more than 64 KiB up front).
    let announced = if announced == u64::MAX { 0 } else { announced };
    let mut body = Vec::with_capacity(usize::try_from(announced).unwrap_or(0).min(64 * 1024));
    while let Some(chunk) = response
        .chunk()
        .await
        .map_err(|e| transport_failure(e, endpoint, timeout))?
    {
        if body.len() + chunk.len() > MAX_BODY_BYTES {
            let room = MAX_BODY_BYTES.saturating_sub(body.len());
            body.extend(chunk.iter().take(room));
            return Err(Failure {
                error: Error::Decode(DecodeError {
                    endpoint,
                    status,
                    path: ".".into(),
                    message: format!("the body is longer than {MAX_BODY_BYTES} bytes"),
                    body: prepared.scrubber().scrub(&String::from_utf8_lossy(&body)),
                }),
                delivery: Delivery::Answered,
            });
        }
        body.extend_from_slice(&chunk);
    }
    Ok(Bytes::from(body))
}

/// Classifies an error of the HTTP client. `is_connect` means the TCP
/// connection or the TLS handshake failed: no byte of the request was
/// written, so nothing can have happened at the gateway. Anything else may
/// have happened after the request was written.
fn transport_failure(error: reqwest::Error, endpoint: &'static str, timeout: Duration) -> Failure {
    let error = HttpError::new(error);
    let sent = !error.is_connect();
    let delivery = if sent {
        Delivery::MaybeSent
    } else {
        Delivery::NotSent
    };
    let error = if error.is_timeout() {
        Error::Timeout {
            endpoint,
            timeout,
            may_have_been_sent: sent,
            source: error,
        }
    } else {
        Error::Transport {
            endpoint,
            may_have_been_sent: sent,
            source: error,
        }
    };
    Failure { error, delivery }
}

/// Turns an answer into the endpoint's response, or the error it reports.
/// Whatever of the answer an error keeps is scrubbed of the request's
/// secrets first, by the scrubber `scrubber` makes (only then).
pub(crate) fn decode<E: Endpoint>(
    status: StatusCode,
    body: &[u8],
    scrubber: impl Fn() -> Scrubber,
) -> Result<E::Response, Failure> {
    let endpoint = E::INFO.path;
    let text = |scrubber: &Scrubber| scrubber.scrub(&String::from_utf8_lossy(body));
    if status != StatusCode::OK {
        // A proxy's "bad gateway" or "unavailable" may have come before or
        // after the gateway saw the request.
        let delivery = match status {
            StatusCode::BAD_GATEWAY
            | StatusCode::SERVICE_UNAVAILABLE
            | StatusCode::GATEWAY_TIMEOUT => Delivery::MaybeSent,
            _ => Delivery::Answered,
        };
        return Err(Failure {
            error: Error::Status(StatusError {
                endpoint,
                status,
                body: text(&scrubber()),
            }),
            delivery,
        });
    }
    let decode_error = |path: String, message: String| {
        let scrubber = scrubber();
        Failure {
            error: Error::Decode(DecodeError {
                endpoint,
                status,
                path,
                message: scrubber.scrub_message(&message),
                body: text(&scrubber),
            }),
            delivery: Delivery::Answered,
        }
    };
    // Some servers put a byte-order mark before JSON; it carries no meaning.
    let json = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
    if json.iter().all(u8::is_ascii_whitespace) {
        return Err(decode_error(".".into(), "the body is empty".into()));
    }
    // The fast path decodes as a hand-written call would; only a body that
    // fails is decoded again, tracking the path of the field at fault.
    let response: E::Response = match serde_json::from_slice(json) {
        Ok(response) => response,
        Err(plain) => {
            let mut deserializer = serde_json::Deserializer::from_slice(json);
            let traced: Result<E::Response, _> =
                serde_path_to_error::deserialize(&mut deserializer);
            return Err(match traced {
                Err(e) => decode_error(e.path().to_string(), e.inner().to_string()),
                Ok(_) => decode_error(
                    ".".into(),
                    deserializer.end().err().unwrap_or(plain).to_string(),
                ),
            });
        }
    };
    if let Some(reported) = response.reported_error() {
        let known = reported
            .code
            .is_some_and(|code| E::ErrorCode::from_code(code).is_known());
        let scrubber = scrubber();
        return Err(Failure {
            error: Error::Gateway(GatewayError {
                endpoint,
                code: reported.code,
                known,
                message: reported.message.map(|m| scrubber.scrub_message(m)),
                body: text(&scrubber),
            }),
            delivery: Delivery::Answered,
        });
    }
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_is_known_per_endpoint() {
        use bereke_types::{ApplePayPaymentRequest, GetBindingsRequest, RegisterRequest};
        // getBindings.do has no language parameter; the default must not be added there.
        assert_eq!(RegisterRequest::INFO.language_field, Some("language"));
        assert_eq!(
            ApplePayPaymentRequest::INFO.language_field,
            Some("language")
        );
        assert_eq!(GetBindingsRequest::INFO.language_field, None);
    }

    #[test]
    fn the_default_language_goes_into_the_named_field_unless_the_request_sets_it() {
        use bereke_types::{Amount, RegisterRequest};
        let request = RegisterRequest::new(Amount::from_minor(100), "https://shop.example/ok");
        let auth = [("userName", "shop")];
        let form = form_body(&request, &auth, Some(("lang", "kk"))).expect("encodes");
        assert!(form.starts_with("userName=shop&lang=kk&"), "{form}");
        let json = json_body(&request, &auth, Some(("lang", "kk"))).expect("encodes");
        assert!(json.contains(r#""lang":"kk""#), "{json}");

        let request = request.language("en");
        for body in [
            form_body(&request, &auth, Some(("language", "kk"))).expect("encodes"),
            json_body(&request, &auth, Some(("language", "kk"))).expect("encodes"),
        ] {
            assert!(
                !body.contains("kk"),
                "the request's own language is kept: {body}"
            );
            assert_eq!(body.matches("language").count(), 1, "{body}");
        }
    }
}
