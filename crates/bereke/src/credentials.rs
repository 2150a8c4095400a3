//! The merchant's API credentials, and how they travel in a request.

use std::fmt;

use zeroize::Zeroizing;

/// The merchant's API credentials: a login and password, or a token.
///
/// The client puts them in the body of every REST request (`userName` and
/// `password`, or `token`), never in the URL. `Debug` never shows the
/// password or the token, and both are wiped from memory when dropped.
///
/// ```
/// let credentials = bereke::Credentials::password("shop-api", "s3cret");
/// assert!(!format!("{credentials:?}").contains("s3cret"));
/// ```
#[derive(Clone)]
pub struct Credentials {
    kind: Kind,
}

#[derive(Clone)]
enum Kind {
    Password {
        user_name: String,
        password: Zeroizing<String>,
    },
    Token(Zeroizing<String>),
}

impl Credentials {
    /// The API login (`userName`) and its password.
    ///
    /// The login also names the merchant for the wallet endpoints (Apple Pay,
    /// Google Pay) unless [`ClientBuilder::wallet_merchant`] says otherwise.
    ///
    /// [`ClientBuilder::wallet_merchant`]: crate::ClientBuilder::wallet_merchant
    pub fn password(user_name: impl Into<String>, password: impl Into<String>) -> Self {
        Credentials {
            kind: Kind::Password {
                user_name: user_name.into(),
                password: Zeroizing::new(password.into()),
            },
        }
    }

    /// An API token issued by the bank, sent as `token` instead of a login
    /// and password.
    ///
    /// A token names no merchant: a client that calls the wallet endpoints
    /// needs [`ClientBuilder::wallet_merchant`] as well.
    ///
    /// [`ClientBuilder::wallet_merchant`]: crate::ClientBuilder::wallet_merchant
    pub fn token(token: impl Into<String>) -> Self {
        Credentials {
            kind: Kind::Token(Zeroizing::new(token.into())),
        }
    }

    /// The API login, for password credentials.
    pub fn user_name(&self) -> Option<&str> {
        match &self.kind {
            Kind::Password { user_name, .. } => Some(user_name),
            Kind::Token(_) => None,
        }
    }

    /// Whether these are token credentials.
    pub fn is_token(&self) -> bool {
        matches!(self.kind, Kind::Token(_))
    }

    /// The first credential that cannot be sent, if any: the gateway would
    /// refuse an empty login, password or token with an "access denied" that
    /// says nothing about why.
    pub(crate) fn problem(&self) -> Option<&'static str> {
        match &self.kind {
            Kind::Password { user_name, .. } if user_name.is_empty() => {
                Some("the API login (userName) is empty")
            }
            Kind::Password { password, .. } if password.is_empty() => Some("the password is empty"),
            Kind::Token(token) if token.is_empty() => Some("the token is empty"),
            _ => None,
        }
    }

    /// The credentials as the REST endpoints take them: `userName` and
    /// `password`, or `token`.
    pub(crate) fn fields(&self) -> Vec<(&'static str, &str)> {
        match &self.kind {
            Kind::Password {
                user_name,
                password,
            } => vec![
                ("userName", user_name.as_str()),
                ("password", password.as_str()),
            ],
            Kind::Token(token) => vec![("token", token.as_str())],
        }
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            Kind::Password { user_name, .. } => f
                .debug_struct("Credentials::Password")
                .field("user_name", user_name)
                .field("password", &"***")
                .finish(),
            Kind::Token(_) => f
                .debug_struct("Credentials::Token")
                .field("token", &"***")
                .finish(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form_of(credentials: &Credentials) -> String {
        let mut form = form_urlencoded::Serializer::new(String::new());
        form.extend_pairs(credentials.fields());
        form.finish()
    }

    #[test]
    fn password_fields_are_encoded() {
        let c = Credentials::password("shop api", "p&ss=1");
        assert_eq!(form_of(&c), "userName=shop+api&password=p%26ss%3D1");
        assert_eq!(c.user_name(), Some("shop api"));
        assert!(!c.is_token());
    }

    #[test]
    fn token_field_is_encoded() {
        let c = Credentials::token("tok+en");
        assert_eq!(form_of(&c), "token=tok%2Ben");
        assert_eq!(c.user_name(), None);
        assert!(c.is_token());
    }

    #[test]
    fn debug_hides_secrets() {
        let p = format!("{:?}", Credentials::password("shop", "hunter2"));
        assert!(p.contains("shop") && !p.contains("hunter2"), "{p}");
        let t = format!("{:?}", Credentials::token("tok-123"));
        assert!(!t.contains("tok-123"), "{t}");
    }

    #[test]
    fn empty_credentials_are_a_problem() {
        assert!(Credentials::password("", "x").problem().is_some());
        assert!(Credentials::password("x", "").problem().is_some());
        assert!(Credentials::token("").problem().is_some());
        assert!(Credentials::password("x", "y").problem().is_none());
    }
}
