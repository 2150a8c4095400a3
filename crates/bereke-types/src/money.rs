//! Showing an amount with its currency: `150.00 KZT`, or `150.00 ₸` on a page.
//!
//! The gateway counts money in minor units and names currencies by their ISO
//! 4217 numeric code; how many minor units make a major one is the
//! currency's exponent in ISO 4217 (2 for the tenge, 0 for the yen, 3 for
//! the Bahraini dinar). [`Currency::minor_units`] knows it for the
//! currencies in [`CURRENCIES`]; an amount in any other currency is shown in
//! minor units with the numeric code, never guessed. Pure integer
//! arithmetic: no float ever touches an amount.

use std::fmt;

use crate::values::{Amount, Currency};

/// A currency of ISO 4217 as this crate knows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CurrencyInfo {
    /// The numeric code (`398`).
    pub code: u16,
    /// The alphabetic code (`KZT`).
    pub alpha: &'static str,
    /// Digits after the decimal point (ISO 4217's minor unit).
    pub minor_units: u8,
    /// The sign shown on pages (`₸`), where one is unambiguous.
    pub symbol: Option<&'static str>,
}

const fn c(code: u16, alpha: &'static str, minor_units: u8, symbol: &'static str) -> CurrencyInfo {
    CurrencyInfo {
        code,
        alpha,
        minor_units,
        symbol: if symbol.is_empty() {
            None
        } else {
            Some(symbol)
        },
    }
}

/// The currencies whose minor units are known, sorted by numeric code: the
/// major ones, those of Kazakhstan's neighbours and trading partners, and
/// the better-known ones whose exponent is not 2 (0: JPY, KRW, CLP, …;
/// 3: BHD, KWD, JOD, …; 4: CLF).
///
/// Codes and exponents as ISO 4217's list gives them. `CN¥` tells the yuan
/// from the yen; a currency without a sign of its own is shown with its
/// alphabetic code.
pub const CURRENCIES: &[CurrencyInfo] = &[
    c(8, "ALL", 2, ""),
    c(36, "AUD", 2, "A$"),
    c(48, "BHD", 3, ""),
    c(51, "AMD", 2, "֏"),
    c(124, "CAD", 2, "CA$"),
    c(152, "CLP", 0, ""),
    c(156, "CNY", 2, "CN¥"),
    c(203, "CZK", 2, "Kč"),
    c(208, "DKK", 2, ""),
    c(344, "HKD", 2, "HK$"),
    c(348, "HUF", 2, "Ft"),
    c(352, "ISK", 0, ""),
    c(356, "INR", 2, "₹"),
    c(360, "IDR", 2, "Rp"),
    c(368, "IQD", 3, ""),
    c(376, "ILS", 2, "₪"),
    c(392, "JPY", 0, "¥"),
    c(398, "KZT", 2, "₸"),
    c(400, "JOD", 3, ""),
    c(410, "KRW", 0, "₩"),
    c(414, "KWD", 3, ""),
    c(417, "KGS", 2, "сом"),
    c(434, "LYD", 3, ""),
    c(458, "MYR", 2, "RM"),
    c(496, "MNT", 2, "₮"),
    c(498, "MDL", 2, ""),
    c(512, "OMR", 3, ""),
    c(554, "NZD", 2, "NZ$"),
    c(578, "NOK", 2, ""),
    c(634, "QAR", 2, ""),
    c(643, "RUB", 2, "₽"),
    c(682, "SAR", 2, ""),
    c(702, "SGD", 2, "S$"),
    c(704, "VND", 0, "₫"),
    c(752, "SEK", 2, ""),
    c(756, "CHF", 2, ""),
    c(764, "THB", 2, "฿"),
    c(784, "AED", 2, ""),
    c(788, "TND", 3, ""),
    c(826, "GBP", 2, "£"),
    c(840, "USD", 2, "$"),
    c(860, "UZS", 2, ""),
    c(933, "BYN", 2, "Br"),
    c(934, "TMT", 2, ""),
    c(941, "RSD", 2, ""),
    c(944, "AZN", 2, "₼"),
    c(946, "RON", 2, ""),
    c(949, "TRY", 2, "₺"),
    c(950, "XAF", 0, ""),
    c(952, "XOF", 0, ""),
    c(972, "TJS", 2, ""),
    c(975, "BGN", 2, ""),
    c(978, "EUR", 2, "€"),
    c(980, "UAH", 2, "₴"),
    c(981, "GEL", 2, "₾"),
    c(985, "PLN", 2, "zł"),
    c(990, "CLF", 4, ""),
];

impl Currency {
    /// What this crate knows of the currency, if it is in [`CURRENCIES`].
    pub fn info(self) -> Option<&'static CurrencyInfo> {
        CURRENCIES
            .binary_search_by_key(&self.code(), |info| info.code)
            .ok()
            .map(|index| &CURRENCIES[index])
    }

    /// Digits after the decimal point (2 for KZT, 0 for JPY), if known.
    pub fn minor_units(self) -> Option<u8> {
        self.info().map(|info| info.minor_units)
    }

    /// The alphabetic code (`KZT`), if known.
    pub fn alpha_code(self) -> Option<&'static str> {
        self.info().map(|info| info.alpha)
    }
}

impl Amount {
    /// The amount in `currency`, for display.
    ///
    /// ```
    /// use bereke_types::{Amount, Currency};
    ///
    /// let price = Amount::from_minor(15_000).in_currency(Currency::KZT);
    /// assert_eq!(price.to_string(), "150.00 KZT");
    /// assert_eq!(price.with_symbol().to_string(), "150.00 ₸");
    /// ```
    pub const fn in_currency(self, currency: Currency) -> Money {
        Money::new(self, currency)
    }
}

/// An amount with its currency. `Display` writes `150.00 KZT`; an unknown
/// currency's amount stays in minor units: `15000 (minor units of currency 999)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Money {
    /// How much, in minor units.
    pub amount: Amount,
    /// In which currency.
    pub currency: Currency,
}

impl Money {
    /// `amount` of `currency`.
    pub const fn new(amount: Amount, currency: Currency) -> Self {
        Money { amount, currency }
    }

    /// The form for pages: the sign instead of the code where the currency
    /// has one (`150.00 ₸`, `12 ¥`), else as `Display`.
    pub const fn with_symbol(self) -> WithSymbol {
        WithSymbol(self)
    }

    /// Writes the number in major units, then `unit` (or the fallback for
    /// an unknown currency).
    fn write(self, f: &mut fmt::Formatter<'_>, symbol: bool) -> fmt::Result {
        let minor = self.amount.minor();
        let Some(info) = self.currency.info() else {
            return write!(f, "{minor} (minor units of currency {})", self.currency);
        };
        let unit = match info.symbol {
            Some(sign) if symbol => sign,
            _ => info.alpha,
        };
        if info.minor_units == 0 {
            return write!(f, "{minor} {unit}");
        }
        let scale = 10u64.pow(u32::from(info.minor_units));
        let digits = usize::from(info.minor_units);
        write!(
            f,
            "{}.{:0digits$} {unit}",
            minor / scale,
            minor % scale,
            digits = digits
        )
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write(f, false)
    }
}

/// [`Money`] shown with the currency's sign: `123.45 ₸`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WithSymbol(Money);

impl fmt::Display for WithSymbol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.write(f, true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(minor: u64, code: u16) -> (String, String) {
        let money = Amount::from_minor(minor).in_currency(Currency::from_code(code).unwrap());
        (money.to_string(), money.with_symbol().to_string())
    }

    #[test]
    fn two_digit_currencies() {
        for (minor, code, text, sign) in [
            (0, 398, "0.00 KZT", "0.00 ₸"),
            (1, 398, "0.01 KZT", "0.01 ₸"),
            (99, 398, "0.99 KZT", "0.99 ₸"),
            (100, 398, "1.00 KZT", "1.00 ₸"),
            (12_345, 398, "123.45 KZT", "123.45 ₸"),
            (15_000, 643, "150.00 RUB", "150.00 ₽"),
            (105, 840, "1.05 USD", "1.05 $"),
            (12_345, 978, "123.45 EUR", "123.45 €"),
            (12_345, 156, "123.45 CNY", "123.45 CN¥"),
            (12_345, 756, "123.45 CHF", "123.45 CHF"),
        ] {
            assert_eq!(
                show(minor, code),
                (text.into(), sign.into()),
                "{minor} of {code}"
            );
        }
    }

    #[test]
    fn zero_and_three_digit_currencies() {
        assert_eq!(show(0, 392), ("0 JPY".into(), "0 ¥".into()));
        assert_eq!(show(12_345, 392), ("12345 JPY".into(), "12345 ¥".into()));
        assert_eq!(show(99, 410), ("99 KRW".into(), "99 ₩".into()));
        assert_eq!(show(1, 48).0, "0.001 BHD");
        assert_eq!(show(100, 48).0, "0.100 BHD");
        assert_eq!(show(12_345, 48), ("12.345 BHD".into(), "12.345 BHD".into()));
        assert_eq!(show(12_345, 990).0, "1.2345 CLF");
    }

    #[test]
    fn the_largest_amounts_are_exact() {
        assert_eq!(show(u64::MAX, 398).0, "184467440737095516.15 KZT");
        assert_eq!(show(u64::MAX, 48).0, "18446744073709551.615 BHD");
        assert_eq!(show(u64::MAX, 392).0, "18446744073709551615 JPY");
        assert_eq!(show(u64::MAX - 1, 990).0, "1844674407370955.1614 CLF");
    }

    #[test]
    fn unknown_currencies_stay_in_minor_units() {
        assert_eq!(
            show(12_345, 999),
            (
                "12345 (minor units of currency 999)".into(),
                "12345 (minor units of currency 999)".into()
            )
        );
        assert_eq!(show(5, 1).0, "5 (minor units of currency 001)");
        assert_eq!(Currency::from_code(999).unwrap().minor_units(), None);
    }

    #[test]
    fn the_table_is_sorted_and_unique() {
        // `info` searches it by bisection.
        assert!(CURRENCIES.windows(2).all(|w| w[0].code < w[1].code));
        let mut alpha: Vec<_> = CURRENCIES.iter().map(|info| info.alpha).collect();
        alpha.sort_unstable();
        alpha.dedup();
        assert_eq!(alpha.len(), CURRENCIES.len());
        assert!(CURRENCIES.iter().all(|info| info.minor_units <= 4));
    }

    #[test]
    fn the_named_currencies_are_in_the_table() {
        for (currency, alpha) in [
            (Currency::KZT, "KZT"),
            (Currency::RUB, "RUB"),
            (Currency::USD, "USD"),
            (Currency::EUR, "EUR"),
        ] {
            assert_eq!(currency.alpha_code(), Some(alpha));
            assert_eq!(currency.minor_units(), Some(2));
        }
    }
}
