//! Scrubbing the secrets a request carried out of whatever came back.
//!
//! The gateway does not echo secrets, but a proxy's or firewall's error page
//! may echo the whole request body, credentials first. Every answer the
//! client keeps in an error (body and message) passes through [`Scrubber`]
//! before it is stored, so no `Display`, `Debug` or log line can show it.

use zeroize::Zeroizing;

use crate::error::{bounded, MESSAGE_CHARS};

/// What a scrubbed value is replaced with.
const MASK: &str = "***";

/// Values shorter than this (a 3-digit CVC, a 2-digit month) are too common
/// to remove wherever they appear; they are removed only close after their
/// field's name.
const DISTINCTIVE_CHARS: usize = 4;

/// How far after a field's name a short value is looked for: covers
/// `cvc=123`, `"$CVC":"123"`, `CVC: 123` and `<td>$CVC</td><td>123`.
const NEAR_BYTES: usize = 24;

/// The secret values of one request, by field name, and how to remove them
/// from text.
#[derive(Default)]
pub(crate) struct Scrubber {
    secrets: Vec<Secret>,
}

struct Secret {
    name: String,
    /// The value and the forms it takes in a form body or a JSON text.
    forms: Vec<Zeroizing<String>>,
}

impl Scrubber {
    /// Remembers `value`, sent as the field `name`, as a secret. Empty
    /// values are ignored.
    pub(crate) fn add(&mut self, name: &str, value: &str) {
        if value.is_empty() {
            return;
        }
        let mut forms = vec![Zeroizing::new(value.to_owned())];
        let encoded: String = form_urlencoded::byte_serialize(value.as_bytes()).collect();
        // `%20` as well as `+`: a page may re-encode what it echoes.
        for form in [encoded.replace('+', "%20"), encoded, json_inner(value)] {
            if !forms.iter().any(|f| **f == form) {
                forms.push(Zeroizing::new(form));
            }
        }
        // Longest first, so a form is not left half-masked by a shorter one.
        forms.sort_by_key(|f| std::cmp::Reverse(f.len()));
        self.secrets.push(Secret {
            name: name.trim_start_matches('$').to_ascii_lowercase(),
            forms,
        });
    }

    /// A message (a decoder's or the gateway's) without any of the secrets:
    /// cut to the length errors show, scrubbed, and rid of a secret's beginning
    /// left where a quotation or the text ends (decoders quote a value cut
    /// short: `found "userName=u&password=Pa55-w0"`).
    pub(crate) fn scrub_message(&self, text: &str) -> String {
        // Cut first, so that a cut cannot leave half a secret behind unseen.
        let bounded = match bounded(text, MESSAGE_CHARS) {
            (prefix, true) => format!("{prefix}…"),
            (text, false) => text.to_owned(),
        };
        let mut text = self.scrub(&bounded);
        for secret in &self.secrets {
            for form in &secret.forms {
                text = mask_cut_prefixes(&text, form);
            }
        }
        text
    }

    /// `text` without any of the secrets.
    pub(crate) fn scrub(&self, text: &str) -> String {
        let mut text = text.to_owned();
        for secret in &self.secrets {
            for form in &secret.forms {
                text = if form.chars().count() >= DISTINCTIVE_CHARS {
                    text.replace(form.as_str(), MASK)
                } else {
                    mask_near_name(&text, &secret.name, form)
                };
            }
        }
        text
    }
}

/// Masks the beginnings of `secret` (at least [`DISTINCTIVE_CHARS`] long)
/// that end where a quotation or the text ends.
fn mask_cut_prefixes(text: &str, secret: &str) -> String {
    let mut text = text.to_owned();
    let ends: Vec<usize> = secret
        .char_indices()
        .map(|(i, _)| i)
        .skip(DISTINCTIVE_CHARS)
        .collect();
    for end in ends.into_iter().rev() {
        let prefix = &secret[..end];
        let mut from = 0;
        while let Some(i) = text[from..].find(prefix) {
            let start = from + i;
            let after = start + prefix.len();
            if matches!(text[after..].chars().next(), None | Some('"' | '…')) {
                text.replace_range(start..after, MASK);
                from = start + MASK.len();
            } else {
                from = after;
            }
        }
    }
    text
}

/// The value as it appears between the quotes of a JSON string.
fn json_inner(value: &str) -> String {
    let quoted = serde_json::to_string(value).unwrap_or_default();
    quoted
        .strip_prefix('"')
        .and_then(|q| q.strip_suffix('"'))
        .unwrap_or(value)
        .to_owned()
}

/// Masks each whole-token occurrence of a short `value` that starts within
/// [`NEAR_BYTES`] after an occurrence of `name` (ASCII case-insensitive).
fn mask_near_name(text: &str, name: &str, value: &str) -> String {
    if name.is_empty() {
        return text.to_owned();
    }
    let lower = text.to_ascii_lowercase();
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    let mut search = 0;
    while let Some(found) = lower[search..].find(name) {
        let after_name = search + found + name.len();
        search = after_name;
        let window_end = floor_char_boundary(text, (after_name + NEAR_BYTES).min(text.len()));
        let Some(offset) = find_token(&text[after_name..window_end], value) else {
            continue;
        };
        let start = after_name + offset;
        if start < copied {
            continue;
        }
        out.push_str(&text[copied..start]);
        out.push_str(MASK);
        copied = start + value.len();
        search = copied;
    }
    out.push_str(&text[copied..]);
    out
}

/// The first occurrence of `value` in `window` not touching a letter or
/// digit on either side.
fn find_token(window: &str, value: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = window[from..].find(value) {
        let start = from + i;
        let end = start + value.len();
        let before = window[..start].chars().next_back();
        let after = window[end..].chars().next();
        if !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric) {
            return Some(start);
        }
        from = start + value.chars().next().map_or(1, char::len_utf8);
    }
    None
}

fn floor_char_boundary(text: &str, mut index: usize) -> usize {
    while !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scrubber(pairs: &[(&str, &str)]) -> Scrubber {
        let mut s = Scrubber::default();
        for (name, value) in pairs {
            s.add(name, value);
        }
        s
    }

    #[test]
    fn an_echoed_form_body_loses_every_secret() {
        let s = scrubber(&[
            ("password", "p@ss word+1"),
            ("$PAN", "4444555511113333"),
            ("$CVC", "123"),
            ("MM", "12"),
            ("TEXT", "IVAN PETROV"),
        ]);
        let echo = "userName=u&password=p%40ss+word%2B1&MDORDER=o-123&%24PAN=4444555511113333\
                    &%24CVC=123&YYYY=2030&MM=12&TEXT=IVAN+PETROV&amount=12300";
        let out = s.scrub(echo);
        for secret in ["p%40ss", "4444555511113333", "CVC=123", "MM=12", "IVAN"] {
            assert!(!out.contains(secret), "{secret} in {out}");
        }
        // What is not secret survives: the order id, the amount.
        assert!(
            out.contains("MDORDER=o-123") && out.contains("amount=12300"),
            "{out}"
        );
    }

    #[test]
    fn json_and_html_echoes_lose_them_too() {
        let s = scrubber(&[("$CVC", "937"), ("paymentToken", "eyJ0b2tlbiI6IngifQ==")]);
        let json = r#"{"$CVC":"937","paymentToken":"eyJ0b2tlbiI6IngifQ==","id":937}"#;
        let out = s.scrub(json);
        assert!(!out.contains("\"937\"") && !out.contains("eyJ0"), "{out}");
        let html = "<tr><td>$CVC</td><td>937</td></tr><p>order 19370</p>";
        let out = s.scrub(html);
        assert!(!out.contains(">937<"), "{out}");
        assert!(
            out.contains("19370"),
            "a longer number is left alone: {out}"
        );
    }

    #[test]
    fn a_message_with_a_secret_cut_short_loses_its_beginning() {
        let s = scrubber(&[("password", "Pa55-w0rd-secret")]);
        let out = s.scrub_message(r#"expected digits, found "userName=u&password=Pa55-w0rd-sec""#);
        assert_eq!(out, r#"expected digits, found "userName=u&password=***""#);
        let long = format!("x{}", "Pa55-w0rd-secret".repeat(100));
        let out = s.scrub_message(&long);
        assert!(!out.contains("Pa55"), "{out}");
        assert!(out.chars().count() < 600);
    }

    #[test]
    fn nothing_to_scrub_leaves_the_text_as_it_is() {
        let s = scrubber(&[("cvc", "")]);
        assert_eq!(s.scrub("cvc=&x=1"), "cvc=&x=1");
        let s = scrubber(&[("cvc", "12")]);
        assert_eq!(s.scrub("é cvc é"), "é cvc é");
        assert_eq!(s.scrub("cvc"), "cvc");
    }
}
