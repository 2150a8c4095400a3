//! `doc-diff` against the bank's document: the unchanged document agrees
//! with the spec, and each kind of change made to a copy of it is reported
//! exactly once, with its kind, endpoint, name and line.

use crate::common;

use bereke_codegen::docdiff::{self, Difference, Kind};
use bereke_codegen::SpecSource;
use common::{root, seed};

fn spec() -> SpecSource {
    SpecSource::read_dir(&root()).expect("spec/ reads")
}

/// The differences that are not recorded departures.
fn open_diffs(doc: &str) -> Vec<Difference> {
    docdiff::diff(doc, &spec())
        .unwrap_or_else(|e| panic!("{e}"))
        .into_iter()
        .filter(|d| d.departure.is_none())
        .collect()
}

/// A copy of the document, changed line by line.
struct Doc(Vec<String>);

impl Doc {
    fn new(text: &str) -> Self {
        Doc(text.lines().map(str::to_owned).collect())
    }

    /// Index of the `nth` line (0-based) that starts with `prefix`, at or
    /// after the first line that starts with `after`.
    fn find_after(&self, after: &str, prefix: &str) -> usize {
        let from = self.find(after, 0);
        (from..self.0.len())
            .find(|&i| self.0[i].starts_with(prefix))
            .unwrap_or_else(|| panic!("no line `{prefix}…` after `{after}…`"))
    }

    fn find(&self, prefix: &str, nth: usize) -> usize {
        self.0
            .iter()
            .enumerate()
            .filter(|(_, l)| l.starts_with(prefix))
            .nth(nth)
            .map(|(i, _)| i)
            .unwrap_or_else(|| panic!("no line `{prefix}…` (#{nth})"))
    }

    fn text(&self) -> String {
        self.0.join("\n") + "\n"
    }

    /// 1-based line of the first line starting with `prefix`.
    fn line_of(&self, prefix: &str) -> usize {
        self.find(prefix, 0) + 1
    }
}

const REGISTER: &str = "Тапсырысты тіркеу үшін register.do";
const DEPOSIT: &str = "Алдын ала авторизацияланған тапсырысты аяқтау үшін deposit.do";
const REFUND: &str = "Қаражатты қайтару үшін refund.do";
const STATUS: &str = "Тапсырыстың күйі";

/// Asserts that exactly one difference is reported, and returns it.
fn only(doc: &Doc) -> Difference {
    let diffs = open_diffs(&doc.text());
    assert_eq!(diffs.len(), 1, "expected one difference, got {diffs:#?}");
    diffs.into_iter().next().unwrap_or_else(|| unreachable!())
}

fn check(d: &Difference, kind: Kind, endpoint: &str, name: &str, line: Option<usize>) {
    assert_eq!(
        (d.kind, d.endpoint.as_str(), d.name.as_str(), d.doc_line),
        (kind, endpoint, name, line),
        "{d:#?}"
    );
    assert!(!d.fix.is_empty());
}

#[test]
fn the_unchanged_document_agrees_with_the_spec() {
    let Some(seed) = seed() else { return };
    let diffs = open_diffs(&seed);
    assert!(diffs.is_empty(), "{}", docdiff::render(&diffs, false));
    // The departures are there, each with its reason and place in the spec.
    let all = docdiff::diff(&seed, &spec()).unwrap_or_else(|e| panic!("{e}"));
    let reverse = all
        .iter()
        .find(|d| d.kind == Kind::EndpointRemoved && d.endpoint == "Reverse")
        .expect("reverse.do is a recorded departure");
    assert_eq!(reverse.endpoint, "Reverse");
    assert!(reverse
        .departure
        .as_deref()
        .is_some_and(|r| r.contains("GATEWAY-FACTS")));
    assert!(all
        .iter()
        .all(|d| d.spec.as_deref().is_some_and(|s| s.starts_with("spec/"))));
}

#[test]
fn a_parameter_added_anywhere_is_found() {
    let Some(seed) = seed() else { return };
    let mut doc = Doc::new(&seed);
    let row = doc.find_after(REGISTER, "merchantLogin String");
    // Before the row's flag line, so the new row takes the table's layout.
    doc.0.splice(
        row - 2..row - 2,
        ["Жоқ", "", "shopCode String Дүкеннің коды."].map(String::from),
    );
    let d = only(&doc);
    check(
        &d,
        Kind::ParameterAdded,
        "Register",
        "shopCode",
        Some(doc.line_of("shopCode String")),
    );
    assert!(d.fix.contains("spec/endpoints/register.yaml"), "{}", d.fix);
}

#[test]
fn a_parameter_removed_is_found() {
    let Some(seed) = seed() else { return };
    let mut doc = Doc::new(&seed);
    let row = doc.find_after(REGISTER, "merchantLogin String");
    doc.0.drain(row - 2..=row);
    let d = only(&doc);
    check(
        &d,
        Kind::ParameterRemoved,
        "Register",
        "merchantLogin",
        None,
    );
    assert!(d
        .spec
        .as_deref()
        .is_some_and(|s| s.starts_with("spec/endpoints/register.yaml:")));
}

#[test]
fn a_required_flag_changed_is_found() {
    let Some(seed) = seed() else { return };
    let mut doc = Doc::new(&seed);
    let row = doc.find_after(REGISTER, "currency Integer");
    assert_eq!(doc.0[row - 2], "Жоқ");
    doc.0[row - 2] = "Иә".into();
    let d = only(&doc);
    check(
        &d,
        Kind::RequiredChanged,
        "Register",
        "currency",
        Some(row + 1),
    );
}

#[test]
fn a_version_changed_is_found() {
    let Some(seed) = seed() else { return };
    let mut doc = Doc::new(&seed);
    let row = doc.find_after(STATUS, "paymentWay String");
    assert_eq!(doc.0[row - 2], "09+ Иә");
    doc.0[row - 2] = "10+ Иә".into();
    let d = only(&doc);
    check(
        &d,
        Kind::VersionChanged,
        "GetOrderStatusExtended",
        "paymentWay",
        Some(row + 1),
    );
}

#[test]
fn a_type_changed_is_found() {
    let Some(seed) = seed() else { return };
    let mut doc = Doc::new(&seed);
    let row = doc.find_after(REGISTER, "amount Integer");
    doc.0[row] = doc.0[row].replacen("amount Integer", "amount String", 1);
    let d = only(&doc);
    check(&d, Kind::TypeChanged, "Register", "amount", Some(row + 1));
}

#[test]
fn a_parameter_text_changed_is_found() {
    let Some(seed) = seed() else { return };
    let mut doc = Doc::new(&seed);
    let row = doc.find_after(REGISTER, "email String");
    doc.0[row] = "email String Клиенттің жұмыс электрондық пошта мекенжайы.".into();
    let d = only(&doc);
    check(&d, Kind::TextChanged, "Register", "email", Some(row + 1));
}

#[test]
fn error_codes_and_messages_added_removed_or_changed_are_found() {
    let Some(seed) = seed() else { return };
    let base = Doc::new(&seed);
    let unknown_currency = base.find_after(REGISTER, "3 Белгісіз валюта.");

    let mut doc = Doc::new(&seed);
    doc.0[unknown_currency] = "3 Белгісіз валюта коды.".into();
    check(
        &only(&doc),
        Kind::ErrorTextChanged,
        "Register",
        "3",
        Some(unknown_currency + 1),
    );

    let mut doc = Doc::new(&seed);
    doc.0.remove(unknown_currency);
    check(&only(&doc), Kind::ErrorCodeRemoved, "Register", "3", None);

    let mut doc = Doc::new(&seed);
    doc.0.insert(
        unknown_currency + 1,
        "3 Валюта сатушыға рұқсат етілмеген.".into(),
    );
    check(
        &only(&doc),
        Kind::ErrorMessageAdded,
        "Register",
        "3",
        Some(unknown_currency + 2),
    );

    let mut doc = Doc::new(&seed);
    let last = doc.find_after(REGISTER, "14 Features");
    doc.0
        .insert(last + 1, "15 Сұраулар тым жиі жіберілді.".into());
    check(
        &only(&doc),
        Kind::ErrorCodeAdded,
        "Register",
        "15",
        Some(last + 2),
    );
}

#[test]
fn reordered_errors_and_a_moved_row_are_no_difference() {
    let Some(seed) = seed() else { return };
    let mut doc = Doc::new(&seed);
    let first = doc.find_after(REGISTER, "0 Сұрауды өңдеу");
    let last = doc.find_after(REGISTER, "14 Features");
    doc.0[first..=last].reverse();
    // email's flag, blank line and row, moved from below features to above amount.
    let email = doc.find_after(REGISTER, "email String");
    let moved: Vec<String> = doc.0.drain(email - 2..=email).collect();
    let amount = doc.find_after(REGISTER, "amount Integer");
    doc.0.splice(amount - 2..amount - 2, moved);
    let diffs = open_diffs(&doc.text());
    assert!(diffs.is_empty(), "{diffs:#?}");
}

#[test]
fn a_row_moved_to_another_endpoint_is_reported_on_both() {
    let Some(seed) = seed() else { return };
    let mut doc = Doc::new(&seed);
    let row = doc.find_after(REGISTER, "merchantLogin String");
    let moved: Vec<String> = doc.0.drain(row - 2..=row).collect();
    let amount = doc.find_after(DEPOSIT, "amount Integer");
    doc.0.splice(
        amount + 1..amount + 1,
        [String::new()].into_iter().chain(moved),
    );
    let diffs = open_diffs(&doc.text());
    assert_eq!(diffs.len(), 2, "{diffs:#?}");
    let line = doc.find_after(DEPOSIT, "merchantLogin String") + 1;
    check(
        &diffs[0],
        Kind::ParameterAdded,
        "Deposit",
        "merchantLogin",
        Some(line),
    );
    check(
        &diffs[1],
        Kind::ParameterRemoved,
        "Register",
        "merchantLogin",
        None,
    );
}

#[test]
fn enumerated_values_added_removed_or_changed_are_found() {
    let Some(seed) = seed() else { return };
    let base = Doc::new(&seed);
    let declined = base.find_after(STATUS, "  • 6 - авторизация орындалмады.");

    let mut doc = Doc::new(&seed);
    doc.0
        .insert(declined + 1, "  • 9 - тапсырыс мұрағатқа жіберілді.".into());
    let d = only(&doc);
    check(
        &d,
        Kind::EnumValueAdded,
        "GetOrderStatusExtended",
        "orderStatus=9",
        Some(declined + 2),
    );
    assert!(d.fix.contains("OrderStatus"), "{}", d.fix);

    let mut doc = Doc::new(&seed);
    doc.0.remove(declined);
    let d = only(&doc);
    check(
        &d,
        Kind::EnumValueRemoved,
        "GetOrderStatusExtended",
        "orderStatus=6",
        Some(declined - 6),
    );

    let mut doc = Doc::new(&seed);
    doc.0[declined] = "  • 6 - авторизация банкпен қабылданбады.".into();
    let d = only(&doc);
    check(
        &d,
        Kind::EnumTextChanged,
        "GetOrderStatusExtended",
        "orderStatus=6",
        Some(declined + 1),
    );
}

#[test]
fn endpoint_sections_added_or_removed_are_found() {
    let Some(seed) = seed() else { return };
    let mut doc = Doc::new(&seed);
    let google = doc.find("Google Pay тапсырысын тіркеу", 0);
    let section = [
        "Жедел төлем",
        "",
        "Жедел төлем үшін instantPayment.do сұрауы пайдаланылады.",
        "",
        "Сұрау параметрлері",
        "",
        "Міндетті Атау Түрі Сипаттама",
        "Иә",
        "",
        "bindingId String Бұрын жасалған байламның идентификаторы.",
        "",
        "Жауап параметрлері",
        "",
        "Міндетті Атау Түрі Сипаттама",
        "Жоқ",
        "",
        "errorCode Integer Қате коды.",
        "",
    ];
    doc.0.splice(google..google, section.map(String::from));
    check(
        &only(&doc),
        Kind::EndpointAdded,
        "instantPayment.do",
        "instantPayment.do",
        Some(google + 5),
    );

    let mut doc = Doc::new(&seed);
    let start = doc.find(DEPOSIT, 0) - 2;
    let end = doc.find(REFUND, 0) - 2;
    doc.0.drain(start..end);
    check(
        &only(&doc),
        Kind::EndpointRemoved,
        "Deposit",
        "rest/deposit.do",
        None,
    );
}

#[test]
fn examples_changed_or_added_are_found() {
    let Some(seed) = seed() else { return };
    let mut doc = Doc::new(&seed);
    let curl = doc.find_after(DEPOSIT, "curl --request POST");
    let amount = doc.find_after(DEPOSIT, "  --data amount=2000");
    doc.0[amount] = "  --data amount=3000 \\".into();
    let d = only(&doc);
    check(
        &d,
        Kind::ExampleChanged,
        "Deposit",
        "Request example",
        Some(curl + 1),
    );

    let mut doc = Doc::new(&seed);
    let answer = doc.find_after(REFUND, "Жауап мысалы");
    let extra = [
        "",
        "{",
        "  \"errorCode\": 7,",
        "  \"errorMessage\": \"System error\"",
        "}",
    ];
    assert_eq!(doc.0[answer + 5], "}");
    doc.0
        .splice(answer + 6..answer + 6, extra.map(String::from));
    let d = only(&doc);
    check(
        &d,
        Kind::ExampleAdded,
        "Refund",
        "response",
        Some(answer + 8),
    );

    let mut doc = Doc::new(&seed);
    let answer = doc.find_after(REFUND, "Жауап мысалы");
    doc.0.drain(answer + 2..=answer + 5);
    let d = only(&doc);
    check(&d, Kind::ExampleRemoved, "Refund", "Response example", None);
}

#[test]
fn a_truncated_or_garbled_document_is_an_error_naming_the_section() {
    let Some(seed) = seed() else { return };
    let lines: Vec<&str> = seed.lines().collect();
    let cases = [
        (lines[..lines.len() / 2].join("\n"), "cut off"),
        (lines[..lines.len() * 3 / 4].join("\n"), "cut off"),
        (
            seed.replacen("\namount Integer Ең", "\namount Ең", 1),
            "Тапсырысты тіркеу",
        ),
        (
            "not the bank's document\n".repeat(50),
            "no endpoint section",
        ),
        (
            String::from_utf8_lossy(&[0xff, 0xfe, 0x00, 0x41]).into_owned(),
            "not text",
        ),
    ];
    for (text, expected) in cases {
        match docdiff::diff(&text, &spec()) {
            Err(docdiff::Error::Document(e)) => {
                let message = e.to_string();
                assert!(message.contains(expected), "{message}");
            }
            other => panic!("expected a document error with {expected:?}, got {other:?}"),
        }
    }
}

#[test]
fn a_departure_the_document_no_longer_needs_is_reported() {
    let Some(seed) = seed() else { return };
    let mut doc = Doc::new(&seed);
    // Both paymentorder.do tables mark language required; the spec records
    // that it departs. Once the document says optional, the record is stale.
    for nth in 0..2 {
        let row = doc.find("language Alphabetic", 5 + nth);
        assert_eq!(doc.0[row - 2], "Иә", "{}", doc.0[row]);
        doc.0[row - 2] = "Жоқ".into();
    }
    let d = only(&doc);
    check(
        &d,
        Kind::DepartureUnused,
        "PaymentOrder",
        "required_changed",
        None,
    );
    assert!(d
        .spec
        .as_deref()
        .is_some_and(|s| s.starts_with("spec/endpoints/payment_order.yaml:")));
}

#[test]
fn a_departure_with_an_unknown_kind_or_no_reason_is_a_spec_error() {
    let spec = spec();
    let broken = |from: &str, to: &str| {
        let files = spec.files.iter().map(|(p, t)| {
            let t = if p.ends_with("reverse.yaml") {
                t.replacen(from, to, 1)
            } else {
                t.clone()
            };
            (p.clone(), t)
        });
        match bereke_codegen::check(&SpecSource::new(files)) {
            Ok(_) => panic!("accepted"),
            Err(d) => d.to_string(),
        }
    };
    let e = broken("endpoint_removed:", "endpoint_gone:");
    assert!(
        e.contains(
            "spec/endpoints/reverse.yaml:4: `endpoint_gone` is not a doc-diff difference kind"
        ),
        "{e}"
    );
    let reason = spec
        .files
        .iter()
        .find(|(p, _)| p.ends_with("reverse.yaml"))
        .and_then(|(_, t)| {
            t.lines()
                .find(|l| l.trim_start().starts_with("endpoint_removed:"))
        })
        .expect("reverse.yaml records its departure")
        .to_owned();
    let e = broken(&reason, "    endpoint_removed: \"  \"");
    assert!(
        e.contains(
            "spec/endpoints/reverse.yaml:4: the departure `endpoint_removed` gives no reason"
        ),
        "{e}"
    );
}

#[test]
fn the_authentication_section_is_compared_with_its_scheme() {
    let Some(seed) = seed() else { return };
    let mut doc = Doc::new(&seed);
    let token = doc.find("token String", 0);
    assert_eq!(doc.0[token - 2], "Сипаттаманы көру");
    doc.0[token - 2] = "Иә".into();
    let d = only(&doc);
    check(
        &d,
        Kind::RequiredChanged,
        "authentication",
        "token",
        Some(token + 1),
    );
    assert!(d
        .spec
        .as_deref()
        .is_some_and(|s| s.starts_with("spec/gateway.yaml:")));
}
