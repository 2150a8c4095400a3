//! Semantic value types: money, currency, timestamps and card expiry.
//!
//! Each has one canonical wire form (a JSON number) and accepts the other
//! forms the gateway is known to send when a field is declared lenient.

#[cfg(feature = "schema")]
use std::borrow::Cow;
use std::fmt;

#[cfg(feature = "schema")]
use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// An amount of money in minor currency units (tiyn, cents): `2000` is 20.00.
///
/// Never a float: the gateway counts in whole minor units.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Amount(u64);

impl Amount {
    /// Zero; `deposit.do` with zero deposits the whole pre-authorized amount.
    pub const ZERO: Amount = Amount(0);

    /// An amount of `minor` minor units (for KZT, tiyn: `Amount::from_minor(150_00)` is 150 ₸).
    pub const fn from_minor(minor: u64) -> Self {
        Amount(minor)
    }

    /// The amount in minor units.
    pub const fn minor(self) -> u64 {
        self.0
    }

    /// `self + other`, or `None` on overflow.
    pub fn checked_add(self, other: Amount) -> Option<Amount> {
        self.0.checked_add(other.0).map(Amount)
    }

    /// `self - other`, or `None` when `other` is larger.
    pub fn checked_sub(self, other: Amount) -> Option<Amount> {
        self.0.checked_sub(other.0).map(Amount)
    }
}

impl fmt::Debug for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Amount({})", self.0)
    }
}

impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl From<u64> for Amount {
    fn from(minor: u64) -> Self {
        Amount(minor)
    }
}

/// An ISO 4217 numeric currency code (`398` is the tenge).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Currency(u16);

impl Currency {
    /// Kazakhstani tenge.
    pub const KZT: Currency = Currency(398);
    /// US dollar.
    pub const USD: Currency = Currency(840);
    /// Euro.
    pub const EUR: Currency = Currency(978);
    /// Russian rouble (the gateway's default where the merchant sets none).
    pub const RUB: Currency = Currency(643);

    /// The currency with numeric code `code`, if it has at most three digits.
    pub const fn from_code(code: u16) -> Option<Self> {
        if code <= 999 {
            Some(Currency(code))
        } else {
            None
        }
    }

    /// The numeric code.
    pub const fn code(self) -> u16 {
        self.0
    }
}

impl fmt::Debug for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Currency({:03})", self.0)
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:03}", self.0)
    }
}

/// A moment as milliseconds since 1970-01-01T00:00:00Z, as the gateway sends dates.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub struct EpochMillis(i64);

impl EpochMillis {
    /// The moment `millis` milliseconds after the epoch.
    pub const fn from_millis(millis: i64) -> Self {
        EpochMillis(millis)
    }

    /// Milliseconds since the epoch.
    pub const fn millis(self) -> i64 {
        self.0
    }

    /// As a `SystemTime`.
    pub fn to_system_time(self) -> std::time::SystemTime {
        let base = std::time::UNIX_EPOCH;
        let magnitude = std::time::Duration::from_millis(self.0.unsigned_abs());
        if self.0 >= 0 {
            base + magnitude
        } else {
            base - magnitude
        }
    }

    /// Parses `yyyy-MM-ddTHH:mm:ss` (some gateway versions send dates so),
    /// taking it as UTC since the gateway gives no offset.
    pub fn parse_local_date_time(text: &str) -> Option<Self> {
        let b = text.as_bytes();
        if b.len() != 19
            || b[4] != b'-'
            || b[7] != b'-'
            || b[10] != b'T'
            || b[13] != b':'
            || b[16] != b':'
        {
            return None;
        }
        let num = |r: std::ops::Range<usize>| -> Option<i64> {
            let s = text.get(r)?;
            if s.bytes().all(|c| c.is_ascii_digit()) {
                s.parse().ok()
            } else {
                None
            }
        };
        let (y, mo, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
        let (h, mi, s) = (num(11..13)?, num(14..16)?, num(17..19)?);
        if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || s > 60 {
            return None;
        }
        // Days from the civil date (H. Hinnant's algorithm).
        let y_adj = if mo <= 2 { y - 1 } else { y };
        let era = y_adj.div_euclid(400);
        let yoe = y_adj - era * 400;
        let mp = (mo + 9) % 12;
        let doy = (153 * mp + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        let days = era * 146_097 + doe - 719_468;
        Some(EpochMillis(((days * 24 + h) * 60 + mi) * 60_000 + s * 1000))
    }
}

/// A card expiry as the gateway writes it: `YYYYMM` (`202412`).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Expiry {
    year: u16,
    month: u8,
}

impl Expiry {
    /// The expiry `month`/`year`, if the month is 1–12 and the year has four digits.
    pub fn new(year: u16, month: u8) -> Option<Self> {
        if (1..=12).contains(&month) && (1000..=9999).contains(&year) {
            Some(Expiry { year, month })
        } else {
            None
        }
    }

    /// Parses `YYYYMM`.
    pub fn from_yyyymm(value: u32) -> Option<Self> {
        let year = u16::try_from(value / 100).ok()?;
        let month = u8::try_from(value % 100).ok()?;
        Expiry::new(year, month)
    }

    /// The four-digit year.
    pub fn year(self) -> u16 {
        self.year
    }

    /// The month, 1–12.
    pub fn month(self) -> u8 {
        self.month
    }

    /// As the number `YYYYMM`.
    pub fn yyyymm(self) -> u32 {
        u32::from(self.year) * 100 + u32::from(self.month)
    }
}

impl fmt::Debug for Expiry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Expiry({:04}-{:02})", self.year, self.month)
    }
}

impl fmt::Display for Expiry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}{:02}", self.year, self.month)
    }
}

/// Implements serde and schemars for a type whose canonical wire form is a
/// number, through its `crate::wire::FromWire` conversions.
macro_rules! numeric_wire_type {
    ($ty:ty, $to_number:expr, $schema_name:literal, $schema:expr) => {
        impl Serialize for $ty {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let to_number: fn(&$ty) -> i128 = $to_number;
                // Every value here fits in i64 (amounts are capped at i64::MAX on input).
                s.serialize_i64(i64::try_from(to_number(self)).unwrap_or(i64::MAX))
            }
        }

        impl<'de> Deserialize<'de> for $ty {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                crate::wire::lenient::strict_number(d)
            }
        }

        #[cfg(feature = "schema")]
        impl JsonSchema for $ty {
            fn schema_name() -> Cow<'static, str> {
                Cow::Borrowed($schema_name)
            }

            fn json_schema(_: &mut SchemaGenerator) -> Schema {
                $schema
            }
        }
    };
}

numeric_wire_type!(
    Amount,
    |a| i128::from(a.0),
    "Amount",
    json_schema!({
        "description": "Amount in minor currency units (tiyn, cents).",
        "type": "integer",
        "minimum": 0
    })
);
numeric_wire_type!(
    Currency,
    |c| i128::from(c.0),
    "Currency",
    json_schema!({
        "description": "ISO 4217 numeric currency code.",
        "type": "integer",
        "minimum": 0,
        "maximum": 999
    })
);
numeric_wire_type!(
    EpochMillis,
    |t| i128::from(t.0),
    "EpochMillis",
    json_schema!({
        "description": "Milliseconds since 1970-01-01T00:00:00Z.",
        "type": "integer"
    })
);
numeric_wire_type!(
    Expiry,
    |e| i128::from(e.yyyymm()),
    "Expiry",
    json_schema!({
        "description": "Card expiry as YYYYMM.",
        "type": "integer",
        "minimum": 100001,
        "maximum": 999912
    })
);
