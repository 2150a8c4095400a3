//! The texts of answers in the language a request asks for: error messages
//! and the payment `info` texts, both named and worded by the spec
//! (`bereke_types::{<Endpoint>ErrorMessage, PaymentInfo}`).

use bereke_types::{NamedErrorMessage, PaymentInfo};

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

    /// The text of an error message in this language (English for
    /// Russian: the document's tables have none).
    pub fn text<M: NamedErrorMessage>(self, message: M) -> &'static str {
        let text = message.text();
        match self {
            Lang::En | Lang::Ru => text.en,
            Lang::Kk => text.kk,
        }
    }

    /// The text of a payment answer's `info` field in this language.
    pub fn info(self, text: PaymentInfo) -> &'static str {
        match self {
            Lang::En => text.en(),
            Lang::Kk => text.kk(),
            Lang::Ru => text.ru(),
        }
    }

    /// The `info` text in this language without its closing
    /// "Redirecting...", for a page that shows it and does not redirect.
    pub fn info_without_redirect(self, text: PaymentInfo) -> &'static str {
        PaymentInfo::strip_redirect(self.info(text))
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

#[cfg(test)]
mod tests {
    use super::*;
    use bereke_types::{ErrorCode, RegisterErrorCode, RegisterErrorMessage};

    /// A named message is the text its code's table gives, in each language.
    #[test]
    fn named_messages_are_their_codes_texts() {
        let taken = RegisterErrorMessage::OrderNumberTaken;
        assert_eq!(taken.code(), RegisterErrorCode::InvalidOrderNumber);
        assert!(taken.code().messages().contains(&taken.text()));
        assert_eq!(
            Lang::En.text(taken),
            "Order with given order number has already been processed."
        );
        assert_eq!(
            Lang::Kk.text(taken),
            "Көрсетілген нөмірі бар тапсырыс өңделіп қойды."
        );
        assert_eq!(Lang::Ru.text(taken), Lang::En.text(taken));
    }

    #[test]
    fn infos_end_with_the_redirect_text() {
        for lang in [Lang::En, Lang::Kk, Lang::Ru] {
            for text in [PaymentInfo::Failed, PaymentInfo::AuthenticationFailed] {
                let reason = lang.info_without_redirect(text);
                assert!(reason.len() < lang.info(text).len(), "{reason}");
                assert!(!reason.is_empty());
            }
        }
        assert_eq!(
            Lang::En.info_without_redirect(PaymentInfo::Failed),
            "The operation failed. Check the data entered and that the card has enough funds, and repeat the operation."
        );
    }

    /// The client reads every language's texts as the sandbox means them.
    #[test]
    fn the_client_understands_the_info_texts() {
        use bereke::PaymentOutcome;
        use bereke_types::{PaymentInfoMeaning, PaymentOrderRequest, PaymentOrderResponse};

        let card = bereke_types::test_cards::CARD_SSL
            .card("A")
            .expect("the test card");
        let request = PaymentOrderRequest::new("o", &card);
        for lang in [Lang::En, Lang::Kk, Lang::Ru] {
            for text in PaymentInfo::ALL.iter().copied() {
                let response = PaymentOrderResponse::new()
                    .redirect("https://shop.example/back")
                    .info(lang.info(text));
                let outcome = bereke::payment::outcome(&request, &response);
                let understood = match text.means() {
                    PaymentInfoMeaning::Processed => {
                        matches!(outcome, Ok(PaymentOutcome::Redirect { .. }))
                    }
                    PaymentInfoMeaning::Failed => {
                        matches!(outcome, Ok(PaymentOutcome::Declined { .. }))
                    }
                    PaymentInfoMeaning::Redirect => {
                        matches!(outcome, Ok(PaymentOutcome::Unconfirmed { .. }))
                    }
                };
                assert!(understood, "{lang:?} {text:?}: {outcome:?}");
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
