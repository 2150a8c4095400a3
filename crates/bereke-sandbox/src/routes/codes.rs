//! Which message of an error code's table each answer uses.
//!
//! The tables come from the spec (`<Endpoint>ErrorCode::messages()`); these
//! are positions in them. [`USED_MESSAGES`] lists every position with the
//! English text it must hold, and a test checks it against the spec.

#[cfg(test)]
use bereke_types::{
    DepositErrorCode, ErrorCode, ErrorMessage, GetBindingsErrorCode,
    GetOrderStatusExtendedErrorCode, GooglePayPaymentErrorCode, PaymentOrderBindingErrorCode,
    PaymentOrderErrorCode, RefundErrorCode, RegisterErrorCode, RegisterPreAuthErrorCode,
    ReverseErrorCode,
};

/// `InvalidOrderNumber` (register, registerPreAuth): already used.
pub const NUMBER_USED: usize = 0;
/// `InvalidOrderNumber`: malformed.
pub const NUMBER_INVALID: usize = 1;

/// `MissingParameter` (register, registerPreAuth): order number.
pub const MISSING_ORDER_NUMBER: usize = 0;
/// `MissingParameter`: user name.
pub const MISSING_USER_NAME: usize = 1;
/// `MissingParameter`: amount.
pub const MISSING_AMOUNT: usize = 2;
/// `MissingParameter`: return URL.
pub const MISSING_RETURN_URL: usize = 3;
/// `MissingParameter`: password.
pub const MISSING_PASSWORD: usize = 4;

/// `AccessDenied` of register: access denied.
pub const REGISTER_DENIED: usize = 0;
/// `AccessDenied` of register: `[jsonParams] is invalid.`
pub const REGISTER_JSON_PARAMS: usize = 2;

/// `AccessDenied` of registerPreAuth: invalid amount.
pub const PRE_AUTH_AMOUNT: usize = 0;
/// `AccessDenied` of registerPreAuth: invalid language.
pub const PRE_AUTH_LANGUAGE: usize = 1;
/// `AccessDenied` of registerPreAuth: invalid merchant login.
pub const PRE_AUTH_MERCHANT_LOGIN: usize = 2;
/// `AccessDenied` of registerPreAuth: access denied.
pub const PRE_AUTH_DENIED: usize = 3;
/// `AccessDenied` of registerPreAuth: `[jsonParams] is invalid.`
pub const PRE_AUTH_JSON_PARAMS: usize = 5;

/// `AccessDenied` of deposit: access denied.
pub const DEPOSIT_DENIED: usize = 0;
/// `AccessDenied` of deposit: invalid amount.
pub const DEPOSIT_AMOUNT: usize = 2;

/// `AccessDenied` of refund and reverse: access denied.
pub const DENIED: usize = 0;
/// `AccessDenied` of refund, reverse and getOrderStatusExtended: `[orderId] is not specified.`
pub const ORDER_ID_MISSING: usize = 2;
/// `AccessDenied` of reverse: `[orderId] is not specified.`
pub const REVERSE_ORDER_ID_MISSING: usize = 1;
/// `AccessDenied` of refund: invalid amount.
pub const REFUND_AMOUNT: usize = 3;

/// `InvalidStateOrSystemError` (deposit, refund, reverse): wrong state.
pub const WRONG_STATE: usize = 0;
/// `InvalidStateOrSystemError` of refund: the refund exceeds the payment.
pub const REFUND_EXCEEDS: usize = 1;
/// `InvalidStateOrSystemError` of deposit and reverse: system error.
pub const STATE_SYSTEM_ERROR: usize = 1;
/// `InvalidStateOrSystemError` of refund: system error.
pub const REFUND_SYSTEM_ERROR: usize = 2;

/// `Rejected` of paymentorder: system or internal error.
pub const PAYMENT_SYSTEM_ERROR: usize = 1;

/// `NotFound` (paymentOrderBinding, getBindings): binding.
pub const BINDING_NOT_FOUND: usize = 0;
/// `NotFound`: order.
pub const ORDER_NOT_FOUND: usize = 1;

/// `InvalidParameter` of Google Pay: paymentToken.
pub const GOOGLE_TOKEN: usize = 0;
/// `InvalidParameter` of Google Pay: orderNumber.
pub const GOOGLE_ORDER_NUMBER: usize = 1;
/// `InvalidParameter` of Google Pay: merchant.
pub const GOOGLE_MERCHANT: usize = 2;
/// `InvalidParameter` of Google Pay: ip.
pub const GOOGLE_IP: usize = 3;

/// A code's message table.
#[cfg(test)]
pub type Table = fn() -> &'static [ErrorMessage];

/// Every (table, position, English text) the sandbox relies on.
#[cfg(test)]
pub const USED_MESSAGES: &[(Table, usize, &str)] = &[
    (
        || RegisterErrorCode::InvalidOrderNumber.messages(),
        NUMBER_USED,
        "Order with given order number has already been processed.",
    ),
    (
        || RegisterErrorCode::InvalidOrderNumber.messages(),
        NUMBER_INVALID,
        "Invalid order number.",
    ),
    (
        || RegisterPreAuthErrorCode::InvalidOrderNumber.messages(),
        NUMBER_USED,
        "Order with given order number has already been processed.",
    ),
    (
        || RegisterPreAuthErrorCode::InvalidOrderNumber.messages(),
        NUMBER_INVALID,
        "Invalid order number.",
    ),
    (
        || RegisterErrorCode::MissingParameter.messages(),
        MISSING_ORDER_NUMBER,
        "Order number cannot be empty.",
    ),
    (
        || RegisterErrorCode::MissingParameter.messages(),
        MISSING_USER_NAME,
        "Merchant user name cannot be empty.",
    ),
    (
        || RegisterErrorCode::MissingParameter.messages(),
        MISSING_AMOUNT,
        "Amount is not specified.",
    ),
    (
        || RegisterErrorCode::MissingParameter.messages(),
        MISSING_RETURN_URL,
        "Return URL cannot be empty.",
    ),
    (
        || RegisterErrorCode::MissingParameter.messages(),
        MISSING_PASSWORD,
        "Password cannot be empty.",
    ),
    (
        || RegisterPreAuthErrorCode::MissingParameter.messages(),
        MISSING_ORDER_NUMBER,
        "Order number cannot be empty.",
    ),
    (
        || RegisterPreAuthErrorCode::MissingParameter.messages(),
        MISSING_USER_NAME,
        "Merchant user name cannot be empty.",
    ),
    (
        || RegisterPreAuthErrorCode::MissingParameter.messages(),
        MISSING_AMOUNT,
        "Amount is not specified.",
    ),
    (
        || RegisterPreAuthErrorCode::MissingParameter.messages(),
        MISSING_RETURN_URL,
        "Return URL cannot be empty.",
    ),
    (
        || RegisterPreAuthErrorCode::MissingParameter.messages(),
        MISSING_PASSWORD,
        "Password cannot be empty.",
    ),
    (
        || RegisterErrorCode::AccessDenied.messages(),
        REGISTER_DENIED,
        "Access denied.",
    ),
    (
        || RegisterErrorCode::AccessDenied.messages(),
        REGISTER_JSON_PARAMS,
        "[jsonParams] is invalid.",
    ),
    (
        || RegisterPreAuthErrorCode::AccessDenied.messages(),
        PRE_AUTH_AMOUNT,
        "Invalid amount.",
    ),
    (
        || RegisterPreAuthErrorCode::AccessDenied.messages(),
        PRE_AUTH_LANGUAGE,
        "Invalid value of the 'language' parameter.",
    ),
    (
        || RegisterPreAuthErrorCode::AccessDenied.messages(),
        PRE_AUTH_MERCHANT_LOGIN,
        "Invalid merchant login.",
    ),
    (
        || RegisterPreAuthErrorCode::AccessDenied.messages(),
        PRE_AUTH_DENIED,
        "Access denied.",
    ),
    (
        || RegisterPreAuthErrorCode::AccessDenied.messages(),
        PRE_AUTH_JSON_PARAMS,
        "[jsonParams] is invalid.",
    ),
    (
        || DepositErrorCode::AccessDenied.messages(),
        DEPOSIT_DENIED,
        "Access denied.",
    ),
    (
        || DepositErrorCode::AccessDenied.messages(),
        DEPOSIT_AMOUNT,
        "Invalid amount.",
    ),
    (
        || DepositErrorCode::InvalidStateOrSystemError.messages(),
        WRONG_STATE,
        "Payment must be in a correct state.",
    ),
    (
        || DepositErrorCode::InvalidStateOrSystemError.messages(),
        STATE_SYSTEM_ERROR,
        "System error.",
    ),
    (
        || RefundErrorCode::AccessDenied.messages(),
        DENIED,
        "Access denied.",
    ),
    (
        || RefundErrorCode::AccessDenied.messages(),
        ORDER_ID_MISSING,
        "[orderId] is not specified.",
    ),
    (
        || RefundErrorCode::AccessDenied.messages(),
        REFUND_AMOUNT,
        "Invalid amount.",
    ),
    (
        || RefundErrorCode::InvalidStateOrSystemError.messages(),
        WRONG_STATE,
        "Payment must be in a correct state.",
    ),
    (
        || RefundErrorCode::InvalidStateOrSystemError.messages(),
        REFUND_EXCEEDS,
        "Refund amount exceeds the payment amount.",
    ),
    (
        || RefundErrorCode::InvalidStateOrSystemError.messages(),
        REFUND_SYSTEM_ERROR,
        "System error.",
    ),
    (
        || ReverseErrorCode::AccessDenied.messages(),
        DENIED,
        "Access denied.",
    ),
    (
        || ReverseErrorCode::AccessDenied.messages(),
        REVERSE_ORDER_ID_MISSING,
        "[orderId] is not specified.",
    ),
    (
        || ReverseErrorCode::InvalidStateOrSystemError.messages(),
        WRONG_STATE,
        "Payment must be in a correct state.",
    ),
    (
        || ReverseErrorCode::InvalidStateOrSystemError.messages(),
        STATE_SYSTEM_ERROR,
        "System error.",
    ),
    (
        || GetOrderStatusExtendedErrorCode::AccessDenied.messages(),
        DENIED,
        "Access denied.",
    ),
    (
        || GetOrderStatusExtendedErrorCode::AccessDenied.messages(),
        ORDER_ID_MISSING,
        "[orderId] is not specified.",
    ),
    (
        || PaymentOrderErrorCode::Rejected.messages(),
        PAYMENT_SYSTEM_ERROR,
        "System or internal error.",
    ),
    (
        || PaymentOrderBindingErrorCode::NotFound.messages(),
        BINDING_NOT_FOUND,
        "Binding not found.",
    ),
    (
        || PaymentOrderBindingErrorCode::NotFound.messages(),
        ORDER_NOT_FOUND,
        "Order not found.",
    ),
    (
        || GetBindingsErrorCode::NotFound.messages(),
        BINDING_NOT_FOUND,
        "Binding not found.",
    ),
    (
        || GooglePayPaymentErrorCode::InvalidParameter.messages(),
        GOOGLE_TOKEN,
        "Invalid value of the paymentToken parameter.",
    ),
    (
        || GooglePayPaymentErrorCode::InvalidParameter.messages(),
        GOOGLE_ORDER_NUMBER,
        "Invalid value of the orderNumber parameter.",
    ),
    (
        || GooglePayPaymentErrorCode::InvalidParameter.messages(),
        GOOGLE_MERCHANT,
        "Invalid value of the merchant parameter.",
    ),
    (
        || GooglePayPaymentErrorCode::InvalidParameter.messages(),
        GOOGLE_IP,
        "Invalid value of the ip parameter.",
    ),
];
