//! Models of Bereke Bank's payment gateway.
