//! What the generated [`PaymentInfo`] texts share: every text but
//! `Redirecting` ends with `Redirecting`'s words, and both the sandbox (a
//! page that shows a text and does not redirect) and the client (which
//! recognises a text by what comes before them) need it without them.

use crate::PaymentInfo;

impl PaymentInfo {
    /// Every wording of the text: English, Kazakh, Russian, then `also`.
    pub fn wordings(self) -> impl Iterator<Item = &'static str> {
        [self.en(), self.kk(), self.ru()]
            .into_iter()
            .chain(self.also().iter().copied())
    }

    /// `text` without its closing redirect wording (any wording of
    /// [`PaymentInfo::Redirecting`], in any letter case, as "Your order is
    /// proceeded, redirecting..." writes it), and without the spaces and
    /// comma before it. A text without one is returned as it is, trimmed at
    /// the end.
    pub fn strip_redirect(text: &str) -> &str {
        let text = text.trim_end();
        let reason = PaymentInfo::Redirecting
            .wordings()
            .find_map(|ending| {
                let start = text.len().checked_sub(ending.len())?;
                let tail = text.get(start..)?;
                (tail.to_lowercase() == ending.to_lowercase()).then(|| &text[..start])
            })
            .unwrap_or(text);
        reason.trim_end_matches(|c: char| c == ',' || c.is_whitespace())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_redirect_wording_is_stripped_in_each_language() {
        let failed = PaymentInfo::Failed;
        assert_eq!(
            PaymentInfo::strip_redirect(failed.en()),
            "The operation failed. Check the data entered and that the card has enough funds, and repeat the operation."
        );
        assert_eq!(
            PaymentInfo::strip_redirect(failed.kk()),
            "Операция өтпеді. Енгізілген деректерді, картадағы қаражаттың жеткілікті екенін тексеріп, операцияны қайталаңыз."
        );
        assert_eq!(
            PaymentInfo::strip_redirect(failed.ru()),
            "Операция отклонена. Проверьте введённые данные, достаточность средств на карте и повторите операцию."
        );
        // Lower case, after a comma.
        assert_eq!(
            PaymentInfo::strip_redirect(PaymentInfo::Processed.en()),
            "Your order is proceeded"
        );
        assert_eq!(
            PaymentInfo::strip_redirect(PaymentInfo::Processed.ru()),
            "Ваш платёж обработан"
        );
    }

    #[test]
    fn every_text_but_redirecting_keeps_a_reason() {
        for info in PaymentInfo::ALL.iter().copied() {
            for text in info.wordings() {
                let reason = PaymentInfo::strip_redirect(text);
                if info == PaymentInfo::Redirecting {
                    assert_eq!(reason, "", "{text}");
                } else {
                    assert!(!reason.is_empty(), "{info:?}: {text}");
                }
            }
        }
    }

    #[test]
    fn a_text_without_the_wording_is_kept() {
        assert_eq!(
            PaymentInfo::strip_redirect("Operation declined.  "),
            "Operation declined."
        );
        // Shorter than any ending, or cut inside a character: no panic.
        assert_eq!(PaymentInfo::strip_redirect("ё"), "ё");
        assert_eq!(
            PaymentInfo::strip_redirect("жжжжжжжжжжжжжжжжжжжжжжжжжжжжжжжж"),
            "жжжжжжжжжжжжжжжжжжжжжжжжжжжжжжжж"
        );
        assert_eq!(PaymentInfo::strip_redirect(""), "");
    }
}
