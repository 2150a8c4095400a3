//! The payload of an open enumeration's `Unknown` variant.
//!
//! Only the enumeration's own conversions (`From<i64>`, `From<&str>`,
//! `FromStr`, deserialization) build one, and they map every known value to
//! its named variant first, so each value has exactly one representation:
//! `OrderStatus::from(2)` is `OrderStatus::Deposited`, never an `Unknown`
//! holding 2.
//!
//! ```
//! use bereke_types::OrderStatus;
//!
//! assert_eq!(OrderStatus::from(2), OrderStatus::Deposited);
//! let later = OrderStatus::from(42);
//! assert!(matches!(&later, OrderStatus::Unknown(raw) if *raw.value() == 42));
//! assert_eq!(later.code(), 42);
//! ```
//!
//! A user cannot write the unknown variant for a value, known or not:
//!
//! ```compile_fail
//! use bereke_types::OrderStatus;
//!
//! let _ = OrderStatus::Unknown(2);
//! ```
//!
//! ```compile_fail
//! use bereke_types::{OrderStatus, UnknownValue};
//!
//! let _ = OrderStatus::Unknown(UnknownValue(2));
//! ```

use std::fmt;

/// A raw value (`i64` or `String`) that the spec's enumeration does not
/// know, kept as the gateway sent it. Read it with [`UnknownValue::value`].
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnknownValue<T>(T);

impl<T> UnknownValue<T> {
    /// Wraps a value the generated conversion has already found unknown;
    /// private to this crate so that no known value ends up here.
    pub(crate) fn new(value: T) -> Self {
        UnknownValue(value)
    }

    /// The raw value as received.
    pub fn value(&self) -> &T {
        &self.0
    }

    /// The raw value, owned.
    pub fn into_value(self) -> T {
        self.0
    }
}

/// As the raw value, so that `Debug` of an enumeration reads `Unknown(42)`.
impl<T: fmt::Debug> fmt::Debug for UnknownValue<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// The raw value as text.
impl<T: fmt::Display> fmt::Display for UnknownValue<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}
