//! Rust names derived from wire names.

use heck::ToSnakeCase;

/// Rust keywords that need `r#` as field names.
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub",
    "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "type",
    "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "typeof", "unsized", "virtual", "yield", "try", "gen",
];

/// The snake-case field name for a wire name: `$PAN` → `pan`,
/// `threeDSInfo` → `three_ds_info`, `MDORDER` → `mdorder`.
pub fn field_name(wire: &str) -> String {
    let cleaned: String = wire
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect();
    // heck splits "threeDSInfo" into three_ds_info, which is what we want.
    let snake = cleaned.trim().to_snake_case();
    if snake.is_empty() {
        return String::new();
    }
    if snake.starts_with(|c: char| c.is_ascii_digit()) {
        return format!("_{snake}");
    }
    snake
}

/// Whether `name` is a keyword that must be written `r#name`.
pub fn is_keyword(name: &str) -> bool {
    KEYWORDS.contains(&name)
}

/// Whether `name` is a valid snake-case Rust identifier.
pub fn is_snake_ident(name: &str) -> bool {
    let mut chars = name.chars();
    match chars.next() {
        Some(c) if c.is_ascii_lowercase() || c == '_' => {}
        _ => return false,
    }
    name != "_"
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && !matches!(name, "self" | "super" | "crate" | "Self")
}

/// Whether `name` is an UpperCamelCase Rust type or variant name.
pub fn is_camel_ident(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_uppercase())
        && name.chars().all(|c| c.is_ascii_alphanumeric())
        && name != "Self"
}

/// The snake-case method name of an endpoint: `ApplePayPayment` → `apple_pay_payment`.
pub fn method_name(endpoint: &str) -> String {
    endpoint.to_snake_case()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn awkward_wire_names() {
        assert_eq!(field_name("$PAN"), "pan");
        assert_eq!(field_name("$CVC"), "cvc");
        assert_eq!(field_name("MDORDER"), "mdorder");
        assert_eq!(field_name("TEXT"), "text");
        assert_eq!(field_name("YYYY"), "yyyy");
        assert_eq!(field_name("threeDSInfo"), "three_ds_info");
        assert_eq!(field_name("orderNumber"), "order_number");
        assert_eq!(field_name("billingAddressLine1"), "billing_address_line1");
        assert_eq!(field_name("$"), "");
    }

    #[test]
    fn identifiers() {
        assert!(is_snake_ident("order_number"));
        assert!(!is_snake_ident("OrderNumber"));
        assert!(!is_snake_ident("9a"));
        assert!(is_camel_ident("RegisterRequest"));
        assert!(is_camel_ident("Eci5"));
        assert!(!is_camel_ident("register"));
        assert!(!is_camel_ident("Bad_Name"));
        assert_eq!(method_name("ApplePayPayment"), "apple_pay_payment");
        assert_eq!(
            method_name("GetOrderStatusExtended"),
            "get_order_status_extended"
        );
    }
}
