//! Decoding `application/x-www-form-urlencoded` text (a query string or a form body).
//!
//! `form_urlencoded::parse` would do, but it replaces invalid UTF-8 and keeps a
//! malformed `%` as is; the checksum covers the exact decoded text, so here both
//! are errors instead, and `percent-encoding` does the decoding once the input
//! is known to be well-formed.

use super::error::{CallbackError, ParamPart};

/// Splits and decodes `name=value&…`, keeping order and every parameter.
///
/// Empty segments (`&&`) are skipped and a segment without `=` is a parameter
/// with an empty value, as the WHATWG URL standard parses them.
pub(crate) fn parse_urlencoded(input: &[u8]) -> Result<Vec<(String, String)>, CallbackError> {
    input
        .split(|&b| b == b'&')
        .filter(|segment| !segment.is_empty())
        .enumerate()
        .map(|(index, segment)| {
            let mut halves = segment.splitn(2, |&b| b == b'=');
            let name = halves.next().unwrap_or_default();
            let value = halves.next().unwrap_or_default();
            let error = |kind: DecodeError, part: ParamPart| match kind {
                DecodeError::Percent => CallbackError::InvalidPercentEncoding { index, part },
                DecodeError::Utf8 => CallbackError::InvalidUtf8 { index, part },
            };
            let name = decode(name).map_err(|e| error(e, ParamPart::Name))?;
            let value = decode(value).map_err(|e| error(e, ParamPart::Value))?;
            Ok((name, value))
        })
        .collect()
}

#[derive(Debug, Clone, Copy)]
enum DecodeError {
    Percent,
    Utf8,
}

/// Decodes one name or value: `+` is a space, `%XX` a byte, the bytes UTF-8.
fn decode(raw: &[u8]) -> Result<String, DecodeError> {
    if !percent_signs_are_well_formed(raw) {
        return Err(DecodeError::Percent);
    }
    // `+` must become a space before percent-decoding, so that `%2B` stays `+`.
    let spaced: Vec<u8> = raw
        .iter()
        .map(|&b| if b == b'+' { b' ' } else { b })
        .collect();
    let bytes: Vec<u8> = percent_encoding::percent_decode(&spaced).collect();
    String::from_utf8(bytes).map_err(|_| DecodeError::Utf8)
}

/// Every `%` is followed by two hex digits.
fn percent_signs_are_well_formed(raw: &[u8]) -> bool {
    raw.iter().enumerate().all(|(i, &b)| {
        b != b'%'
            || (raw.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
                && raw.get(i + 2).is_some_and(u8::is_ascii_hexdigit))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Result<Vec<(String, String)>, CallbackError> {
        parse_urlencoded(s.as_bytes())
    }

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn decodes_plus_percent_and_utf8() {
        assert_eq!(
            parse("a=1+2%2B3&b=%D0%B0%D0%B1&c=%e2%82%ac&d=тенге"),
            Ok(pairs(&[
                ("a", "1 2+3"),
                ("b", "аб"),
                ("c", "€"),
                ("d", "тенге")
            ]))
        );
    }

    #[test]
    fn empty_segments_and_missing_equals() {
        assert_eq!(parse(""), Ok(vec![]));
        assert_eq!(parse("&&&"), Ok(vec![]));
        assert_eq!(
            parse("flag&x=&=y&z=a=b"),
            Ok(pairs(&[("flag", ""), ("x", ""), ("", "y"), ("z", "a=b")]))
        );
    }

    #[test]
    fn malformed_percent_is_an_error() {
        for bad in ["a=%zz", "a=%", "a=%4", "a%=1", "ok=1&b=%g0"] {
            assert!(
                matches!(
                    parse(bad),
                    Err(CallbackError::InvalidPercentEncoding { .. })
                ),
                "{bad}"
            );
        }
        assert_eq!(
            parse("ok=1&b=%g0"),
            Err(CallbackError::InvalidPercentEncoding {
                index: 1,
                part: ParamPart::Value
            })
        );
    }

    #[test]
    fn invalid_utf8_is_an_error() {
        assert_eq!(
            parse("a=%E2%82"),
            Err(CallbackError::InvalidUtf8 {
                index: 0,
                part: ParamPart::Value
            })
        );
        assert_eq!(
            parse_urlencoded(b"\xff=1"),
            Err(CallbackError::InvalidUtf8 {
                index: 0,
                part: ParamPart::Name
            })
        );
    }
}
