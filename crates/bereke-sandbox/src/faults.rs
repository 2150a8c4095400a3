//! Fault injection: the sandbox misbehaves like a gateway behind a real
//! network and proxies, so a client's retries and its handling of a money
//! call with a lost answer can be tested.
//!
//! A [`FaultProfile`] gives each fault a probability; one seeded generator
//! decides, request by request in the order they arrive, which fault (if
//! any) each API request gets, so the same seed and the same requests give
//! the same faults. Only the API endpoints (`rest/*.do`, the wallets'
//! `payment.do`) get faults; the browser's pages never do.
//!
//! | fault | when | on the wire | applied? |
//! |---|---|---|---|
//! | `latency=P:D` | before the request, independently of the others | the answer comes `D` late | as usual |
//! | `error_before=P` | instead of the request | `503 Service Unavailable` | no |
//! | `html=P` | instead of the request | `200` with a proxy's HTML error page | no |
//! | `error_after=P` | after the request | `504 Gateway Timeout` instead of the answer | yes |
//! | `reset_after=P` | after the request | TCP reset, no answer | yes |
//! | `truncate=P` | after the request | the answer's headers and half its body, then the connection closes | yes |

use std::fmt;
use std::io;
use std::str::FromStr;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use rand::rngs::Xoshiro256PlusPlus;
use rand::{RngExt, SeedableRng};

use crate::connections::ConnectionHandle;

/// Which faults the sandbox injects, and how often.
///
/// Written and read as `key=value` pairs separated by commas, for example
/// `seed=7,latency=0.1:50ms,error_before=0.05,error_after=0.05,reset_after=0.05,truncate=0.05,html=0.05`.
/// Every key is optional (a missing probability is 0, a missing seed 0);
/// probabilities are between 0 and 1, and those of the faults other than
/// latency add up to at most 1 (a request gets at most one of them).
/// Durations are whole `ms` or `s`.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct FaultProfile {
    /// Seed of the generator that picks the faults.
    pub seed: u64,
    /// Probability of a delay, and the delay.
    pub latency: (f64, Duration),
    /// Probability of `503` instead of processing the request.
    pub error_before: f64,
    /// Probability of `504` after the request was processed.
    pub error_after: f64,
    /// Probability of a TCP reset after the request was processed.
    pub reset_after: f64,
    /// Probability of an answer cut in the middle of its body, after the
    /// request was processed.
    pub truncate: f64,
    /// Probability of an HTML error page (HTTP 200) instead of processing
    /// the request.
    pub html: f64,
}

/// A profile that cannot be read, with what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid fault profile: {0}")]
pub struct FaultProfileError(String);

impl FromStr for FaultProfile {
    type Err = FaultProfileError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let fail = |message: String| Err(FaultProfileError(message));
        let mut profile = FaultProfile::default();
        let mut seen = Vec::new();
        for pair in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let Some((key, value)) = pair.split_once('=') else {
                return fail(format!("`{pair}` is not key=value"));
            };
            let (key, value) = (key.trim(), value.trim());
            if seen.contains(&key) {
                return fail(format!("`{key}` is given twice"));
            }
            seen.push(key);
            match key {
                "seed" => {
                    let Ok(seed) = value.parse() else {
                        return fail(format!("seed `{value}` is not a whole number"));
                    };
                    profile.seed = seed;
                }
                "latency" => {
                    let Some((p, delay)) = value.split_once(':') else {
                        return fail(format!(
                            "latency `{value}` is not PROBABILITY:DURATION (0.1:50ms)"
                        ));
                    };
                    profile.latency = (probability(key, p)?, duration(delay)?);
                }
                "error_before" => profile.error_before = probability(key, value)?,
                "error_after" => profile.error_after = probability(key, value)?,
                "reset_after" => profile.reset_after = probability(key, value)?,
                "truncate" => profile.truncate = probability(key, value)?,
                "html" => profile.html = probability(key, value)?,
                _ => {
                    return fail(format!(
                        "unknown key `{key}` (known: seed, latency, error_before, \
                         error_after, reset_after, truncate, html)"
                    ))
                }
            }
        }
        let exclusive = profile.exclusive().iter().map(|(p, _)| p).sum::<f64>();
        if exclusive > 1.0 + 1e-9 {
            return fail(format!(
                "the probabilities of the faults other than latency add up to {exclusive}, more than 1"
            ));
        }
        Ok(profile)
    }
}

fn probability(key: &str, text: &str) -> Result<f64, FaultProfileError> {
    match text.parse::<f64>() {
        Ok(p) if (0.0..=1.0).contains(&p) => Ok(p),
        _ => Err(FaultProfileError(format!(
            "{key} `{text}` is not a probability between 0 and 1"
        ))),
    }
}

fn duration(text: &str) -> Result<Duration, FaultProfileError> {
    let text = text.trim();
    let parsed = if let Some(ms) = text.strip_suffix("ms") {
        ms.parse().ok().map(Duration::from_millis)
    } else if let Some(s) = text.strip_suffix('s') {
        s.parse().ok().map(Duration::from_secs)
    } else {
        None
    };
    parsed.ok_or_else(|| {
        FaultProfileError(format!(
            "duration `{text}` is not whole milliseconds (50ms) or seconds (2s)"
        ))
    })
}

impl fmt::Display for FaultProfile {
    /// The profile in the syntax [`FaultProfile::from_str`] reads.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (p, delay) = self.latency;
        write!(
            f,
            "seed={},latency={p}:{}ms,error_before={},error_after={},reset_after={},truncate={},html={}",
            self.seed,
            delay.as_millis(),
            self.error_before,
            self.error_after,
            self.reset_after,
            self.truncate,
            self.html
        )
    }
}

impl FaultProfile {
    /// The faults of which a request gets at most one, in the order the
    /// generator's draw is compared with them.
    fn exclusive(&self) -> [(f64, Fault); 5] {
        [
            (self.error_before, Fault::ErrorBefore),
            (self.html, Fault::Html),
            (self.error_after, Fault::ErrorAfter),
            (self.reset_after, Fault::ResetAfter),
            (self.truncate, Fault::Truncate),
        ]
    }
}

/// How many faults the sandbox injected, by kind.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FaultCounts {
    /// API requests seen while a profile was set.
    pub requests: u64,
    /// Requests delayed.
    pub latency: u64,
    /// `503` before processing.
    pub error_before: u64,
    /// HTML error pages before processing.
    pub html: u64,
    /// `504` after processing.
    pub error_after: u64,
    /// Resets after processing.
    pub reset_after: u64,
    /// Truncated answers after processing.
    pub truncate: u64,
}

impl FaultCounts {
    /// Requests that were processed but whose answer was lost or broken.
    pub fn after_processing(&self) -> u64 {
        self.error_after + self.reset_after + self.truncate
    }
}

impl fmt::Display for FaultCounts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} requests: latency {}, error_before {}, html {}, error_after {}, reset_after {}, truncate {}",
            self.requests,
            self.latency,
            self.error_before,
            self.html,
            self.error_after,
            self.reset_after,
            self.truncate
        )
    }
}

/// The faults of which a request gets at most one; the value is the
/// fault's place in [`Faults`]'s counters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fault {
    ErrorBefore = 2,
    Html = 3,
    ErrorAfter = 4,
    ResetAfter = 5,
    Truncate = 6,
}

/// Places of the counters that are no fault of their own.
const REQUESTS: usize = 0;
const LATENCY: usize = 1;

/// The faults of a running sandbox: the profile, its generator, the counts.
#[derive(Default)]
pub struct Faults {
    /// Whether a profile is set: without one, a request takes no lock.
    on: AtomicBool,
    active: Mutex<Option<(FaultProfile, Xoshiro256PlusPlus)>>,
    counts: [AtomicU64; 7],
}

impl fmt::Debug for Faults {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Faults")
            .field("counts", &self.counts())
            .finish_non_exhaustive()
    }
}

impl Faults {
    /// Faults from `profile`, or none.
    pub fn new(profile: Option<FaultProfile>) -> Self {
        let faults = Faults::default();
        faults.set(profile);
        faults
    }

    /// Replaces the profile (restarting its generator from its seed); the
    /// counts go on.
    pub fn set(&self, profile: Option<FaultProfile>) {
        let active = profile.map(|p| (p, Xoshiro256PlusPlus::seed_from_u64(p.seed)));
        let mut current = self.active.lock().unwrap_or_else(|e| e.into_inner());
        self.on.store(active.is_some(), Ordering::Release);
        *current = active;
    }

    /// The counts so far.
    pub fn counts(&self) -> FaultCounts {
        let [requests, latency, error_before, html, error_after, reset_after, truncate] =
            self.counts.each_ref().map(|c| c.load(Ordering::Relaxed));
        FaultCounts {
            requests,
            latency,
            error_before,
            html,
            error_after,
            reset_after,
            truncate,
        }
    }

    fn count(&self, index: usize) {
        self.counts[index].fetch_add(1, Ordering::Relaxed);
    }

    /// The next request's delay and fault; `None` without a profile.
    fn draw(&self) -> Option<(Option<Duration>, Option<Fault>)> {
        if !self.on.load(Ordering::Acquire) {
            return None;
        }
        let mut active = self.active.lock().unwrap_or_else(|e| e.into_inner());
        let (profile, rng) = active.as_mut()?;
        // Two draws per request whatever the profile, so a fault's
        // probability does not shift the others' sequence.
        let delay_draw: f64 = rng.random();
        let mut fault_draw: f64 = rng.random();
        let (latency_p, latency) = profile.latency;
        let delay = (delay_draw < latency_p).then_some(latency);
        let fault = profile.exclusive().into_iter().find_map(|(p, fault)| {
            if fault_draw < p {
                Some(fault)
            } else {
                fault_draw -= p;
                None
            }
        });
        drop(active);
        self.count(REQUESTS);
        if delay.is_some() {
            self.count(LATENCY);
        }
        if let Some(fault) = fault {
            self.count(fault as usize);
        }
        Some((delay, fault))
    }
}

/// Middleware of the API routes: injects the drawn fault.
pub async fn inject(State(faults): State<Arc<Faults>>, request: Request, next: Next) -> Response {
    let Some((delay, fault)) = faults.draw() else {
        return next.run(request).await;
    };
    let path = request.uri().path().to_owned();
    if let Some(delay) = delay {
        tokio::time::sleep(delay).await;
    }
    let Some(fault) = fault else {
        return next.run(request).await;
    };
    tracing::info!(fault = ?fault, path = %path, "fault injected");
    match fault {
        Fault::ErrorBefore => {
            (StatusCode::SERVICE_UNAVAILABLE, "503 Service Unavailable").into_response()
        }
        Fault::Html => (
            StatusCode::OK,
            [(header::CONTENT_TYPE, "text/html")],
            "<html><head><title>502 Bad Gateway</title></head><body>\
             <center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center>\
             </body></html>\n",
        )
            .into_response(),
        Fault::ErrorAfter => {
            drop(next.run(request).await);
            (StatusCode::GATEWAY_TIMEOUT, "504 Gateway Timeout").into_response()
        }
        Fault::ResetAfter => {
            let connection = request.extensions().get::<ConnectionHandle>().cloned();
            drop(next.run(request).await);
            match connection {
                Some(connection) => connection.reset(),
                // Served without the sandbox's connection handling: the
                // nearest fault that also loses the answer.
                None => return StatusCode::GATEWAY_TIMEOUT.into_response(),
            }
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
        Fault::Truncate => truncate(next.run(request).await).await,
    }
}

/// The answer with its full `Content-Length` but half its body, then an
/// error that makes the server close the connection.
async fn truncate(response: Response) -> Response {
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, usize::MAX).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    parts
        .headers
        .insert(header::CONTENT_LENGTH, HeaderValue::from(bytes.len()));
    let half = bytes.slice(..bytes.len() / 2);
    let chunks = futures_util::stream::unfold(Some(half), |state| async move {
        match state {
            Some(half) => Some((Ok::<Bytes, io::Error>(half), None)),
            None => {
                // A pause, so the half is flushed before the connection closes.
                tokio::time::sleep(Duration::from_millis(20)).await;
                Some((
                    Err(io::Error::other("answer truncated by fault injection")),
                    None,
                ))
            }
        }
    });
    Response::from_parts(parts, Body::from_stream(chunks))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn profiles_read_and_print_the_documented_syntax() {
        let text = "seed=7,latency=0.1:50ms,error_before=0.05,error_after=0.05,reset_after=0.05,truncate=0.05,html=0.05";
        let profile: FaultProfile = text.parse().unwrap();
        assert_eq!(profile.seed, 7);
        assert_eq!(profile.latency, (0.1, Duration::from_millis(50)));
        assert_eq!(profile.html, 0.05);
        assert_eq!(profile.to_string(), text);
        assert_eq!(
            profile.to_string().parse::<FaultProfile>().unwrap(),
            profile
        );
        assert_eq!(
            "latency=1:2s".parse::<FaultProfile>().unwrap().latency,
            (1.0, Duration::from_secs(2))
        );
        assert_eq!("".parse::<FaultProfile>().unwrap(), FaultProfile::default());
    }

    #[test]
    fn bad_profiles_say_what_is_wrong() {
        for (text, says) in [
            ("seed=x", "seed `x`"),
            ("error_before=1.5", "between 0 and 1"),
            ("error_before=NaN", "between 0 and 1"),
            ("latency=0.1", "PROBABILITY:DURATION"),
            ("latency=0.1:50", "duration `50`"),
            ("typo=0.1", "unknown key `typo`"),
            ("html=0.1,html=0.2", "given twice"),
            ("html", "not key=value"),
            ("error_before=0.6,error_after=0.6", "more than 1"),
        ] {
            let error = text.parse::<FaultProfile>().unwrap_err().to_string();
            assert!(error.contains(says), "{text}: {error}");
        }
    }

    #[test]
    fn the_same_seed_draws_the_same_faults() {
        let profile: FaultProfile = "seed=3,latency=0.3:1ms,error_before=0.2,html=0.2,error_after=0.2,reset_after=0.2,truncate=0.2"
            .parse()
            .unwrap();
        let draws = |profile| {
            let faults = Faults::new(Some(profile));
            (0..200).map(|_| faults.draw()).collect::<Vec<_>>()
        };
        assert_eq!(draws(profile), draws(profile));
        let other = draws(FaultProfile { seed: 4, ..profile });
        assert_ne!(draws(profile), other);
        // Every request got a fault: the probabilities add up to 1.
        assert!(draws(profile)
            .iter()
            .all(|d| d.is_some_and(|(_, f)| f.is_some())));
    }
}
