//! Checks of a request against the spec's constraints, run before anything
//! is sent. Messages name the field and the rule, never the value, so card
//! data and secrets cannot leak through an error.

use std::fmt;

/// A request that would not be accepted: names the field and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidRequest {
    /// Wire name of the field, with its parents (`billingPayerData.billingCountry`).
    pub field: String,
    /// What is wrong, without the value.
    pub problem: String,
}

impl InvalidRequest {
    /// A problem with `field`.
    pub fn new(field: impl Into<String>, problem: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            problem: problem.into(),
        }
    }

    /// The same problem, seen from the object that holds `parent`.
    pub fn within(mut self, parent: &str) -> Self {
        self.field = format!("{parent}.{}", self.field);
        self
    }
}

impl fmt::Display for InvalidRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid `{}`: {}", self.field, self.problem)
    }
}

impl std::error::Error for InvalidRequest {}

/// A request or nested block that can be checked before it is sent.
pub trait Validate {
    /// The first problem found, if any.
    fn validate(&self) -> Result<(), InvalidRequest>;
}

/// The individual checks the generated `validate` methods call. The
/// generator calls those the spec's constraints need, which need not be
/// all of them (no field of today's spec has `one_of`).
#[allow(dead_code)]
pub(crate) mod check {
    use super::InvalidRequest;
    use crate::values::EpochMillis;
    use crate::TextFormat as Format;

    type Checked = Result<(), InvalidRequest>;

    /// A required text must not be empty.
    pub fn not_empty(field: &str, value: &str) -> Checked {
        if value.is_empty() {
            return Err(InvalidRequest::new(field, "must not be empty"));
        }
        Ok(())
    }

    /// A present value must hold something other than spaces. Used for
    /// idempotency keys: the gateway reads a blank one as no key at all, so
    /// a repeat of the request would not be deduplicated.
    pub fn not_blank(field: &str, value: &str) -> Checked {
        if value.trim().is_empty() {
            return Err(InvalidRequest::new(
                field,
                "is blank; the gateway reads a blank id as none and would not \
                 deduplicate a repeat: leave it out or give a real id",
            ));
        }
        Ok(())
    }

    /// At most `max` characters.
    pub fn max_length(field: &str, value: &str, max: usize) -> Checked {
        let n = value.chars().count();
        if n > max {
            return Err(InvalidRequest::new(
                field,
                format!("is {n} characters long; at most {max} allowed"),
            ));
        }
        Ok(())
    }

    /// At least `min` characters.
    pub fn min_length(field: &str, value: &str, min: usize) -> Checked {
        let n = value.chars().count();
        if n < min {
            return Err(InvalidRequest::new(
                field,
                format!("is {n} characters long; at least {min} needed"),
            ));
        }
        Ok(())
    }

    /// Exactly `len` characters.
    pub fn length(field: &str, value: &str, len: usize) -> Checked {
        let n = value.chars().count();
        if n != len {
            return Err(InvalidRequest::new(
                field,
                format!("is {n} characters long; exactly {len} needed"),
            ));
        }
        Ok(())
    }

    /// Between `min` and `max` digits (other characters are not counted).
    pub fn digits(field: &str, value: &str, min: usize, max: usize) -> Checked {
        let n = value.chars().filter(char::is_ascii_digit).count();
        if n < min || n > max {
            return Err(InvalidRequest::new(
                field,
                format!("has {n} digits; {min} to {max} allowed"),
            ));
        }
        Ok(())
    }

    /// None of `forbidden` appears.
    pub fn forbidden_chars(field: &str, value: &str, forbidden: &[char]) -> Checked {
        if let Some(c) = value.chars().find(|c| forbidden.contains(c)) {
            return Err(InvalidRequest::new(
                field,
                format!("contains the forbidden character {c:?}"),
            ));
        }
        Ok(())
    }

    /// One of the allowed values.
    pub fn one_of(field: &str, value: &str, allowed: &[&str]) -> Checked {
        if !allowed.contains(&value) {
            return Err(InvalidRequest::new(
                field,
                format!("must be one of {}", allowed.join(", ")),
            ));
        }
        Ok(())
    }

    /// A number within `min..=max` (either bound optional).
    pub fn range(field: &str, value: i128, min: Option<i64>, max: Option<i64>) -> Checked {
        if let Some(min) = min {
            if value < i128::from(min) {
                return Err(InvalidRequest::new(
                    field,
                    format!("must be at least {min}"),
                ));
            }
        }
        if let Some(max) = max {
            if value > i128::from(max) {
                return Err(InvalidRequest::new(field, format!("must be at most {max}")));
            }
        }
        Ok(())
    }

    /// At least one of the fields is present.
    pub fn any_of(fields: &[&str], present: &[bool]) -> Checked {
        if present.iter().any(|p| *p) {
            return Ok(());
        }
        Err(InvalidRequest::new(
            fields.join(" or "),
            "one of these fields is required",
        ))
    }

    /// The value has the named format.
    pub fn format(field: &str, value: &str, format: Format) -> Checked {
        let ok = match format {
            Format::Numeric => !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()),
            Format::Alphanumeric => value
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | '/')),
            Format::Alphabetic => value
                .chars()
                .all(|c| c.is_alphabetic() || matches!(c, ' ' | '.' | '-' | '\'')),
            Format::Email => is_email(value),
            Format::Ip => value.parse::<std::net::IpAddr>().is_ok(),
            Format::Phone => {
                let digits = value.strip_prefix('+').unwrap_or(value);
                !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
            }
            Format::Language => value.len() == 2 && value.bytes().all(|b| b.is_ascii_alphabetic()),
            Format::DateTime => EpochMillis::parse_local_date_time(value).is_some(),
            Format::Url => {
                !value.is_empty() && !value.chars().any(|c| c.is_whitespace() || c.is_control())
            }
            Format::Month => {
                value.len() <= 2
                    && value.bytes().all(|b| b.is_ascii_digit())
                    && matches!(value.parse::<u8>(), Ok(1..=12))
            }
            Format::Year => value.len() == 4 && value.bytes().all(|b| b.is_ascii_digit()),
        };
        if ok {
            Ok(())
        } else {
            Err(InvalidRequest::new(
                field,
                format!("is not {}", format.describe()),
            ))
        }
    }

    fn is_email(value: &str) -> bool {
        let Some((local, domain)) = value.split_once('@') else {
            return false;
        };
        !local.is_empty()
            && domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains('@')
            && !value.chars().any(|c| c.is_whitespace() || c.is_control())
    }
}
