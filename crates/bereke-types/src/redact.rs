//! `Debug` output for sensitive fields: the value never appears.

use std::fmt;

/// Prints `***` in place of a sensitive value.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Redacted;

impl fmt::Debug for Redacted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

/// What `Debug` shows for an optional sensitive field: `Some(***)` or `None`.
pub fn optional<T>(value: &Option<T>) -> Option<Redacted> {
    value.as_ref().map(|_| Redacted)
}
