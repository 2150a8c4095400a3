//! Every text of the customer's pages, in English, Kazakh and Russian.
//!
//! The decline texts are not here: the payment page shows the gateway's own
//! `info` texts (`crate::messages`), the same the API answers with.

use crate::messages::Lang;

/// The texts of the pages in one language.
pub(crate) struct Texts {
    /// The language's name in itself, for the language links.
    pub name: &'static str,
    /// Short label of the language link.
    pub short: &'static str,
    /// Title of the payment page.
    pub payment: &'static str,
    /// "Order" before the merchant's order number.
    pub order: &'static str,
    /// Label of the card number.
    pub card_number: &'static str,
    /// Label of the expiry fields.
    pub expiry: &'static str,
    /// Placeholder of the month.
    pub month: &'static str,
    /// Placeholder of the year.
    pub year: &'static str,
    /// Label of the security code.
    pub cvc: &'static str,
    /// Label of the cardholder's name.
    pub cardholder: &'static str,
    /// The button, before the amount.
    pub pay: &'static str,
    /// A card number that fails the Luhn check or has too few digits.
    pub invalid_pan: &'static str,
    /// A month or year that is not one.
    pub invalid_expiry: &'static str,
    /// A security code that is not 3 or 4 digits.
    pub invalid_cvc: &'static str,
    /// Heading of the test cards.
    pub test_cards: &'static str,
    /// A test card paid at once.
    pub without_3ds: &'static str,
    /// "code" of a 3-D Secure card's one-time code.
    pub code: &'static str,
    /// Any other number.
    pub other_cards: &'static str,
    /// The note at the foot of every page.
    pub sandbox_note: &'static str,
    /// Title of the page of a declined payment.
    pub declined: &'static str,
    /// Link back to the merchant.
    pub back_to_shop: &'static str,
    /// Title of the page of an expired order.
    pub expired: &'static str,
    /// Text of the page of an expired order.
    pub expired_text: &'static str,
    /// Title of the page of a paid order.
    pub paid: &'static str,
    /// Text of the page of a paid order.
    pub paid_text: &'static str,
    /// Title of the page of an order that is not there.
    pub not_found: &'static str,
    /// Text of the page of an order that is not there.
    pub not_found_text: &'static str,
}

const EN: Texts = Texts {
    name: "English",
    short: "EN",
    payment: "Payment",
    order: "Order",
    card_number: "Card number",
    expiry: "Expiry date",
    month: "MM",
    year: "YYYY",
    cvc: "CVC / CVV",
    cardholder: "Cardholder name",
    pay: "Pay",
    invalid_pan: "Check the card number.",
    invalid_expiry: "Enter the month (01 to 12) and the year (four digits).",
    invalid_cvc: "The CVC is the 3 or 4 digits on the back of the card.",
    test_cards: "Test cards of the sandbox",
    without_3ds: "paid at once",
    code: "code",
    other_cards: "any other valid number is declined",
    sandbox_note: "Sandbox of the Bereke Bank payment gateway: no real money moves.",
    declined: "Payment declined",
    back_to_shop: "Return to the shop",
    expired: "The time to pay has run out",
    expired_text: "This order was not paid in time and can no longer be paid. Return to the shop to place it again.",
    paid: "This order is already paid",
    paid_text: "The payment went through; there is nothing more to do here.",
    not_found: "Order not found",
    not_found_text: "There is no order to pay at this address.",
};

const KK: Texts = Texts {
    name: "Қазақша",
    short: "ҚАЗ",
    payment: "Төлем",
    order: "Тапсырыс",
    card_number: "Карта нөмірі",
    expiry: "Жарамдылық мерзімі",
    month: "АА",
    year: "ЖЖЖЖ",
    cvc: "CVC / CVV",
    cardholder: "Карта иесінің аты",
    pay: "Төлеу",
    invalid_pan: "Карта нөмірін тексеріңіз.",
    invalid_expiry: "Айды (01-ден 12-ге дейін) және жылды (төрт цифр) енгізіңіз.",
    invalid_cvc: "CVC: картаның артындағы 3 немесе 4 цифр.",
    test_cards: "Сынақ ортасының карталары",
    without_3ds: "бірден төленеді",
    code: "коды",
    other_cards: "кез келген басқа дұрыс нөмір қабылданбайды",
    sandbox_note: "Bereke Bank төлем шлюзінің сынақ ортасы: нақты ақша аударылмайды.",
    declined: "Төлем қабылданбады",
    back_to_shop: "Дүкенге оралу",
    expired: "Төлем уақыты аяқталды",
    expired_text: "Бұл тапсырыс уақытында төленбеді, оны енді төлеу мүмкін емес. Қайта рәсімдеу үшін дүкенге оралыңыз.",
    paid: "Бұл тапсырыс төленген",
    paid_text: "Төлем өтті, мұнда басқа әрекет қажет емес.",
    not_found: "Тапсырыс табылмады",
    not_found_text: "Бұл мекенжай бойынша төленетін тапсырыс жоқ.",
};

const RU: Texts = Texts {
    name: "Русский",
    short: "РУС",
    payment: "Оплата",
    order: "Заказ",
    card_number: "Номер карты",
    expiry: "Срок действия",
    month: "ММ",
    year: "ГГГГ",
    cvc: "CVC / CVV",
    cardholder: "Имя держателя карты",
    pay: "Оплатить",
    invalid_pan: "Проверьте номер карты.",
    invalid_expiry: "Введите месяц (от 01 до 12) и год (четыре цифры).",
    invalid_cvc: "CVC: 3 или 4 цифры на обороте карты.",
    test_cards: "Тестовые карты песочницы",
    without_3ds: "оплачивается сразу",
    code: "код",
    other_cards: "любой другой верный номер отклоняется",
    sandbox_note: "Песочница платёжного шлюза Bereke Bank: настоящие деньги не списываются.",
    declined: "Платёж отклонён",
    back_to_shop: "Вернуться в магазин",
    expired: "Время оплаты истекло",
    expired_text: "Заказ не был оплачен вовремя, оплатить его больше нельзя. Вернитесь в магазин, чтобы оформить его снова.",
    paid: "Заказ уже оплачен",
    paid_text: "Платёж прошёл, больше ничего делать не нужно.",
    not_found: "Заказ не найден",
    not_found_text: "По этому адресу нет заказа для оплаты.",
};

/// The languages of the pages, in the order of the language links.
pub(crate) const LANGS: [Lang; 3] = [Lang::En, Lang::Kk, Lang::Ru];

/// The pages' texts in `lang`.
pub(crate) fn texts(lang: Lang) -> &'static Texts {
    match lang {
        Lang::En => &EN,
        Lang::Kk => &KK,
        Lang::Ru => &RU,
    }
}
