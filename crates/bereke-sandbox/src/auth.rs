//! Who is asking: the merchant named by a REST request's `userName` and
//! `password` (or `token`), or by a wallet request's `merchant`.

use crate::config::MerchantConfig;
use crate::form::Form;

/// Why a REST request's credentials were refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthError {
    /// Neither `userName` nor `token` was sent.
    UserNameMissing,
    /// `userName` without `password`.
    PasswordMissing,
    /// Unknown login, wrong password or unknown token.
    Denied,
}

/// The merchant whose credentials the form carries.
///
/// # Errors
///
/// [`AuthError`] says what is missing or wrong (never the values).
pub fn rest<'m>(
    merchants: &'m [MerchantConfig],
    form: &Form,
) -> Result<&'m MerchantConfig, AuthError> {
    if let Some(token) = form.non_empty("token") {
        return merchants
            .iter()
            .find(|m| m.tokens.iter().any(|t| t == token))
            .ok_or(AuthError::Denied);
    }
    let user = form
        .non_empty("userName")
        .ok_or(AuthError::UserNameMissing)?;
    let password = form
        .get("password")
        .filter(|p| !p.is_empty())
        .ok_or(AuthError::PasswordMissing)?;
    merchants
        .iter()
        .find(|m| m.login == user && m.password == password)
        .ok_or(AuthError::Denied)
}

/// The merchant a wallet request names.
pub fn wallet<'m>(
    merchants: &'m [MerchantConfig],
    login: Option<&str>,
) -> Option<&'m MerchantConfig> {
    let login = login?;
    merchants.iter().find(|m| m.login == login)
}
