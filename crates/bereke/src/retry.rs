//! When a failed call is sent again, and how long to wait first (the rules
//! are documented on [`RetryConfig`], the public face of this module).

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::time::Duration;

/// How often and how patiently a failed call is tried again.
///
/// Whether a call may be repeated at all depends on whether it can have
/// reached the gateway, and on what a repeat would do there:
///
/// - A connection that could not be opened (the TCP connect or the TLS
///   handshake failed: [`crate::HttpError::is_connect`]) carried no request, so
///   any call is tried again: nothing happened at the gateway.
/// - Once a request may have been written (a timeout, a connection dropped
///   before the answer, a proxy's 502, 503 or 504), only a request whose
///   repeat is safe ([`Endpoint::repeat_is_safe`]) is sent again: status and
///   binding reads, and a refund that carries an `externalRefundId`, which
///   the gateway deduplicates. A payment, deposit, reversal, registration,
///   or a refund without that id is never repeated: the customer could be
///   charged or refunded twice. Its error says the request may have been
///   sent ([`Error::may_have_been_sent`]): check the order with
///   `getOrderStatusExtended` before doing anything else.
/// - An answer (any other HTTP status, an undecodable body, the gateway's
///   own error) is final.
///
/// [`Endpoint::repeat_is_safe`]: bereke_types::Endpoint::repeat_is_safe
/// [`Error::may_have_been_sent`]: crate::Error::may_have_been_sent
///
/// The delay before attempt `n + 1` is drawn at random between half and all
/// of `initial_backoff × 2ⁿ⁻¹`, capped at `max_backoff` (jitter spreads the
/// retries of many clients after an outage).
///
/// ```
/// use std::time::Duration;
/// use bereke::RetryConfig;
///
/// let patient = RetryConfig::default()
///     .with_max_attempts(5)
///     .with_initial_backoff(Duration::from_millis(250))
///     .with_max_backoff(Duration::from_secs(5));
/// let never = RetryConfig::disabled();
/// assert_eq!(never.max_attempts, 1);
/// # let _ = patient;
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct RetryConfig {
    /// Attempts in all, the first included; `1` turns retries off. Default 3.
    pub max_attempts: u32,
    /// The delay before the second attempt (before jitter). Default 200 ms.
    pub initial_backoff: Duration,
    /// The longest delay between two attempts. Default 2 s.
    pub max_backoff: Duration,
    /// The longest a call may take in all: every attempt and every wait
    /// between them. An attempt gets what is left of it when that is less
    /// than the client's timeout, and no attempt starts once it has passed.
    /// Default none: a call may take up to `max_attempts` × the timeout plus
    /// the waits.
    pub deadline: Option<Duration>,
}

impl Default for RetryConfig {
    fn default() -> Self {
        RetryConfig {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(2),
            deadline: None,
        }
    }
}

impl RetryConfig {
    /// No retries at all: every call is sent once.
    pub fn disabled() -> Self {
        RetryConfig {
            max_attempts: 1,
            ..RetryConfig::default()
        }
    }

    /// Sets the number of attempts in all (at least 1).
    pub fn with_max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// Sets the delay before the second attempt.
    pub fn with_initial_backoff(mut self, delay: Duration) -> Self {
        self.initial_backoff = delay;
        self
    }

    /// Sets the longest a call may take in all, retries and waits included.
    pub fn with_deadline(mut self, deadline: Duration) -> Self {
        self.deadline = Some(deadline);
        self
    }

    /// Sets the longest delay between two attempts.
    pub fn with_max_backoff(mut self, delay: Duration) -> Self {
        self.max_backoff = delay;
        self
    }

    /// The delay after failed attempt number `attempt` (1 for the first).
    pub(crate) fn backoff(&self, attempt: u32) -> Duration {
        let exponent = attempt.saturating_sub(1).min(31);
        let full = self
            .initial_backoff
            .saturating_mul(1u32 << exponent)
            .min(self.max_backoff);
        // "Equal jitter": never less than half the delay, so a retry does
        // not hit a struggling gateway at once.
        let half = full / 2;
        let spread = u64::try_from((full - half).as_nanos()).unwrap_or(u64::MAX);
        let extra = if spread == 0 {
            0
        } else {
            random_u64() % (spread + 1)
        };
        half + Duration::from_nanos(extra)
    }
}

/// How far a failed attempt got, which decides whether another may follow
/// (the endpoint's own `RetryPolicy` decides whether a repeat is safe).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Delivery {
    /// Nothing reached the gateway: any call may be tried again.
    NotSent,
    /// The request may have reached the gateway: only a safe repeat.
    MaybeSent,
    /// An answer came: final.
    Answered,
}

impl Delivery {
    /// Whether a call whose repeat is (or is not) safe may be sent again.
    pub(crate) fn allows(self, repeat_is_safe: bool) -> bool {
        match self {
            Delivery::NotSent => true,
            Delivery::MaybeSent => repeat_is_safe,
            Delivery::Answered => false,
        }
    }
}

/// A random number for jitter. The standard library seeds every
/// `RandomState` with fresh randomness, which is all jitter needs; no
/// cryptographic quality is required.
fn random_u64() -> u64 {
    let mut hasher = RandomState::new().build_hasher();
    hasher.write_u64(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos().into())
            .unwrap_or(0),
    );
    hasher.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_is_jittered_and_capped() {
        let config = RetryConfig::default()
            .with_initial_backoff(Duration::from_millis(100))
            .with_max_backoff(Duration::from_millis(350));
        for _ in 0..200 {
            let first = config.backoff(1);
            assert!((50..=100).contains(&first.as_millis()), "{first:?}");
            let second = config.backoff(2);
            assert!((100..=200).contains(&second.as_millis()), "{second:?}");
            let capped = config.backoff(30);
            assert!((175..=350).contains(&capped.as_millis()), "{capped:?}");
        }
        assert!(config.backoff(u32::MAX) <= Duration::from_millis(350));
    }

    #[test]
    fn jitter_varies() {
        let config = RetryConfig::default();
        let delays: std::collections::HashSet<_> = (0..20).map(|_| config.backoff(3)).collect();
        assert!(delays.len() > 1);
    }

    #[test]
    fn zero_backoff_is_zero() {
        let config = RetryConfig::default().with_initial_backoff(Duration::ZERO);
        assert_eq!(config.backoff(1), Duration::ZERO);
    }

    #[test]
    fn only_unsent_requests_are_repeated_when_unsafe() {
        assert!(Delivery::NotSent.allows(false));
        assert!(Delivery::NotSent.allows(true));
        assert!(!Delivery::MaybeSent.allows(false));
        assert!(Delivery::MaybeSent.allows(true));
        assert!(!Delivery::Answered.allows(true));
    }

    #[test]
    fn disabled_means_one_attempt() {
        assert_eq!(RetryConfig::disabled().max_attempts, 1);
        assert_eq!(RetryConfig::default().with_max_attempts(0).max_attempts, 1);
    }
}
