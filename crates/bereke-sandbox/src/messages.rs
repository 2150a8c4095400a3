//! The texts of answers: error messages from the spec's tables, in the
//! language a request asks for, and the payment `info` texts.

use bereke_types::{ErrorCode, ErrorMessage};

/// The language of an answer or a page: `kk` Kazakh, `ru` Russian, any
/// other English. The spec's error tables carry the document's English and
/// Kazakh only, so their messages in Russian are the English ones; the
/// payment `info` texts and the customer's pages have all three.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    /// English.
    En,
    /// Kazakh, the document's own language.
    Kk,
    /// Russian, the gateway's other language in Kazakhstan.
    Ru,
}

impl Lang {
    /// The language a request's `language` parameter asks for.
    pub fn from_param(language: Option<&str>) -> Self {
        match language {
            Some(l) if l.trim().eq_ignore_ascii_case("kk") => Lang::Kk,
            Some(l) if l.trim().eq_ignore_ascii_case("ru") => Lang::Ru,
            _ => Lang::En,
        }
    }

    /// The text of a message in this language (English for Russian: the
    /// spec has no Russian).
    pub fn pick(self, message: &ErrorMessage) -> &'static str {
        match self {
            Lang::En | Lang::Ru => message.en,
            Lang::Kk => message.kk,
        }
    }

    /// The two-letter code, as put in redirect URLs (`lang=en`).
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Kk => "kk",
            Lang::Ru => "ru",
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

/// A text of the payment answers' `info` field, in English, Kazakh and
/// Russian; the payment page shows the same texts.
///
/// These are not error-table messages: they are the texts the spec lists in
/// the description of `info` (paymentorder.do, paymentOrderBinding.do),
/// English as the document's examples write it, Kazakh as its table does,
/// Russian in the gateway's usual wording (the document gives none).
#[derive(Debug, Clone, Copy)]
pub struct Info {
    en: &'static str,
    kk: &'static str,
    ru: &'static str,
}

impl Info {
    /// The text in `lang`.
    pub fn text(self, lang: Lang) -> &'static str {
        match lang {
            Lang::En => self.en,
            Lang::Kk => self.kk,
            Lang::Ru => self.ru,
        }
    }

    /// The text in `lang` without its closing "Redirecting...", for a page
    /// that shows it and does not redirect.
    pub fn without_redirect(self, lang: Lang) -> &'static str {
        let text = self.text(lang);
        text.strip_suffix(INFO_REDIRECTING.text(lang))
            .unwrap_or(text)
            .trim_end()
    }
}

/// The payment was processed (the examples' English wording).
pub const INFO_PROCESSED: Info = Info {
    en: "Your order is proceeded, redirecting...",
    kk: "Төлеміңіз өңделді, қайта бағыттау орындалуда...",
    ru: "Ваш платёж обработан, происходит переадресация...",
};

/// The payment failed: the data entered or the funds.
pub const INFO_FAILED: Info = Info {
    en: "The operation failed. Check the data entered and that the card has enough funds, and repeat the operation. Redirecting...",
    kk: "Операция өтпеді. Енгізілген деректерді, картадағы қаражаттың жеткілікті екенін тексеріп, операцияны қайталаңыз. Қайта бағыттау орындалуда...",
    ru: "Операция отклонена. Проверьте введённые данные, достаточность средств на карте и повторите операцию. Происходит переадресация...",
};

/// The cardholder's authentication failed.
pub const INFO_AUTH_FAILED: Info = Info {
    en: "Operation not allowed. The cardholder's authentication failed. Redirecting...",
    kk: "Рұқсат етілмеген операция Карта иесінің аутентификациясы сәтсіз аяқталды. Қайта бағыттау орындалуда...",
    ru: "Операция запрещена. Аутентификация держателя карты завершилась неуспешно. Происходит переадресация...",
};

/// Every later attempt on an order whose attempts are exhausted (the
/// document's inline example; its Kazakh is the last words of the others).
pub const INFO_REDIRECTING: Info = Info {
    en: "Redirecting...",
    kk: "Қайта бағыттау орындалуда...",
    ru: "Происходит переадресация...",
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
    fn infos_end_with_the_redirect_text() {
        for lang in [Lang::En, Lang::Kk, Lang::Ru] {
            for info in [INFO_FAILED, INFO_AUTH_FAILED] {
                let reason = info.without_redirect(lang);
                assert!(reason.len() < info.text(lang).len(), "{reason}");
                assert!(!reason.is_empty());
            }
        }
        assert_eq!(
            INFO_FAILED.without_redirect(Lang::En),
            "The operation failed. Check the data entered and that the card has enough funds, and repeat the operation."
        );
    }

    /// The client reads every language's texts as the sandbox means them.
    #[test]
    fn the_client_understands_the_info_texts() {
        use bereke::PaymentOutcome;
        use bereke_types::{PaymentOrderRequest, PaymentOrderResponse};

        let card = bereke_types::test_cards::CARD_SSL
            .card("A")
            .expect("the test card");
        let request = PaymentOrderRequest::new("o", &card);
        for lang in [Lang::En, Lang::Kk, Lang::Ru] {
            let answer = |info: Info| {
                let response = PaymentOrderResponse::new()
                    .redirect("https://shop.example/back")
                    .info(info.text(lang));
                bereke::payment::outcome(&request, &response)
            };
            assert!(
                matches!(answer(INFO_PROCESSED), Ok(PaymentOutcome::Redirect { .. })),
                "{lang:?}"
            );
            for failed in [INFO_FAILED, INFO_AUTH_FAILED] {
                assert!(
                    matches!(answer(failed), Ok(PaymentOutcome::Declined { .. })),
                    "{lang:?}: {}",
                    failed.text(lang)
                );
            }
        }
    }

    #[test]
    fn language() {
        assert_eq!(Lang::from_param(Some("kk")), Lang::Kk);
        assert_eq!(Lang::from_param(Some("ru")), Lang::Ru);
        assert_eq!(Lang::from_param(Some("de")), Lang::En);
        assert_eq!(Lang::from_param(None), Lang::En);
    }
}
