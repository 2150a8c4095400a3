//! The texts of answers: error messages from the spec's tables, in the
//! language a request asks for, and the payment `info` texts.

use bereke_types::{ErrorCode, ErrorMessage};

/// The language of an answer. The spec carries the document's English and
/// Kazakh; `kk` gets Kazakh, any other language English.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    /// English.
    En,
    /// Kazakh, the document's own language.
    Kk,
}

impl Lang {
    /// The language a request's `language` parameter asks for.
    pub fn from_param(language: Option<&str>) -> Self {
        match language {
            Some(l) if l.trim().eq_ignore_ascii_case("kk") => Lang::Kk,
            _ => Lang::En,
        }
    }

    /// The text of a message in this language.
    pub fn pick(self, message: &ErrorMessage) -> &'static str {
        match self {
            Lang::En => message.en,
            Lang::Kk => message.kk,
        }
    }

    /// The two-letter code, as put in redirect URLs (`lang=en`).
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Kk => "kk",
        }
    }
}

/// Message `index` of an error code's table (the first when the table has
/// fewer), in `lang`; empty for a code the spec does not know.
///
/// The indices used across the sandbox are checked against the tables' English
/// texts by this module's tests, so a reordered table fails a test instead
/// of answering with the wrong message.
pub fn message<C: ErrorCode>(code: &C, index: usize, lang: Lang) -> &'static str {
    let messages = code.messages();
    messages
        .get(index)
        .or_else(|| messages.first())
        .map(|m| lang.pick(m))
        .unwrap_or_default()
}

/// A text of the payment answers' `info` field, in English and Kazakh.
///
/// These are not error-table messages: they are the texts the spec lists in
/// the description of `info` (paymentorder.do, paymentOrderBinding.do),
/// English as the document's examples write it, Kazakh as its table does.
#[derive(Debug, Clone, Copy)]
pub struct Info {
    en: &'static str,
    kk: &'static str,
}

impl Info {
    /// The text in `lang`.
    pub fn text(self, lang: Lang) -> &'static str {
        match lang {
            Lang::En => self.en,
            Lang::Kk => self.kk,
        }
    }
}

/// The payment was processed (the examples' English wording).
pub const INFO_PROCESSED: Info = Info {
    en: "Your order is proceeded, redirecting...",
    kk: "Төлеміңіз өңделді, қайта бағыттау орындалуда...",
};

/// The payment failed: the data entered or the funds.
pub const INFO_FAILED: Info = Info {
    en: "The operation failed. Check the data entered and that the card has enough funds, and repeat the operation. Redirecting...",
    kk: "Операция өтпеді. Енгізілген деректерді, картадағы қаражаттың жеткілікті екенін тексеріп, операцияны қайталаңыз. Қайта бағыттау орындалуда...",
};

/// The cardholder's authentication failed.
pub const INFO_AUTH_FAILED: Info = Info {
    en: "Operation not allowed. The cardholder's authentication failed. Redirecting...",
    kk: "Рұқсат етілмеген операция Карта иесінің аутентификациясы сәтсіз аяқталды. Қайта бағыттау орындалуда...",
};

/// Every later attempt on an order whose attempts are exhausted (the
/// document's inline example; its Kazakh is the last words of the others).
pub const INFO_REDIRECTING: Info = Info {
    en: "Redirecting...",
    kk: "Қайта бағыттау орындалуда...",
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::routes::codes;

    /// Every (code, index) the sandbox answers with names the message it means.
    #[test]
    fn indices_name_the_intended_messages() {
        for (code_messages, index, english) in codes::USED_MESSAGES {
            let messages = code_messages();
            let found = messages.get(*index).map(|m| m.en);
            assert_eq!(found, Some(*english), "message {index} of a table moved");
        }
    }

    #[test]
    fn language() {
        assert_eq!(Lang::from_param(Some("kk")), Lang::Kk);
        assert_eq!(Lang::from_param(Some("ru")), Lang::En);
        assert_eq!(Lang::from_param(None), Lang::En);
    }
}
