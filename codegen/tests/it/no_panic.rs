//! No spec makes the generator panic: arbitrary text and randomly damaged
//! versions of the valid fixture either check or fail with diagnostics, and
//! whatever checks generates Rust that parses.

use crate::common;

use bereke_codegen::SpecSource;
use common::Spec;
use proptest::prelude::*;

/// Runs both entry points; they must agree, and what generates must parse.
fn run(source: &SpecSource) {
    let checked = bereke_codegen::check(source);
    let generated = bereke_codegen::generate(source);
    match (&checked, &generated) {
        (Ok(_), Ok(files)) => {
            for f in files {
                assert!(f.contents.starts_with("// @generated"));
                if let Err(e) = syn::parse_file(&f.contents) {
                    panic!("{} does not parse: {e}\n{}", f.path, f.contents);
                }
            }
        }
        (Err(a), Err(b)) => {
            assert_eq!(a, b, "check and generate report differently");
            assert!(!a.0.is_empty());
            for d in &a.0 {
                assert!(!d.message.is_empty());
                assert!(!d.file.is_empty());
            }
        }
        _ => panic!("check and generate disagree: {:?}", checked.as_ref().err()),
    }
}

/// Values a mutation may put after a key's colon: odd names, odd numbers,
/// YAML's special forms, and names the fixture defines.
const VALUES: &[&str] = &[
    "",
    "\"\"",
    "self",
    "Self",
    "crate",
    "super",
    "type",
    "Type",
    "Unknown",
    "Request",
    "0",
    "1",
    "-1",
    "9223372036854775807",
    "-9223372036854775808",
    "99999999999999999999",
    "1.5",
    "true",
    "null",
    "~",
    "[]",
    "{}",
    "[[]]",
    "[[a, b]]",
    "{when: \"\"}",
    "list<string>",
    "list<",
    "list<list<CardInfo>>",
    "list<error_code>",
    "error_code",
    "json_map",
    "string",
    "amount",
    "CardInfo",
    "OrderStatus",
    "GetStatusRequest",
    "\"$\"",
    "\"$PAN\"",
    "\"é\"",
    "\"😀\"",
    "\"²\"",
    "\"a b\"",
    "\"\\r\\n\"",
    "when_present",
    "json",
    "wallet",
    "json_string",
    "&anchor x",
    "*anchor",
    "!!binary aGk=",
    "|",
    ">-",
    "'",
    "\"",
    "#",
];

#[derive(Debug, Clone)]
enum Mutation {
    DeleteLine(usize),
    DuplicateLine(usize),
    Indent(usize, bool),
    SwapLines(usize, usize),
    Truncate(usize),
    ReplaceValue(usize, String),
    InsertText(usize, String),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let value = prop_oneof![
        3 => prop::sample::select(VALUES).prop_map(str::to_owned),
        1 => "[a-zA-Z0-9_$ <>:,\\[\\]{}-]{0,10}",
    ];
    prop_oneof![
        1 => any::<usize>().prop_map(Mutation::DeleteLine),
        1 => any::<usize>().prop_map(Mutation::DuplicateLine),
        1 => (any::<usize>(), any::<bool>()).prop_map(|(i, more)| Mutation::Indent(i, more)),
        1 => (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Mutation::SwapLines(a, b)),
        1 => any::<usize>().prop_map(Mutation::Truncate),
        4 => (any::<usize>(), value).prop_map(|(i, v)| Mutation::ReplaceValue(i, v)),
        1 => (any::<usize>(), "[ -~\n]{0,12}").prop_map(|(i, t)| Mutation::InsertText(i, t)),
    ]
}

fn apply(text: &str, m: &Mutation) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    if lines.is_empty() {
        return String::new();
    }
    let n = lines.len();
    match m {
        Mutation::DeleteLine(i) => {
            lines.remove(i % n);
        }
        Mutation::DuplicateLine(i) => {
            let line = lines[i % n].clone();
            lines.insert(i % n, line);
        }
        Mutation::Indent(i, more) => {
            let line = &mut lines[i % n];
            if *more {
                line.insert_str(0, "  ");
            } else if let Some(rest) = line.strip_prefix("  ") {
                *line = rest.to_owned();
            } else {
                *line = line.trim_start().to_owned();
            }
        }
        Mutation::SwapLines(a, b) => lines.swap(a % n, b % n),
        Mutation::Truncate(at) => {
            let text = lines.join("\n");
            let mut cut = at % (text.len() + 1);
            while !text.is_char_boundary(cut) {
                cut -= 1;
            }
            return text[..cut].to_owned();
        }
        Mutation::ReplaceValue(i, v) => {
            // The value of the i-th line (among those with a key) that has one.
            let keyed: Vec<usize> = (0..n).filter(|&k| lines[k].contains(": ")).collect();
            if let Some(&k) = keyed.get(i % keyed.len().max(1)) {
                let line = &lines[k];
                let at = line.find(": ").unwrap();
                lines[k] = format!("{}: {v}", &line[..at]);
            }
        }
        Mutation::InsertText(i, t) => {
            let line = &mut lines[i % n];
            let mut at = i % (line.len() + 1);
            while !line.is_char_boundary(at) {
                at -= 1;
            }
            line.insert_str(at, t);
        }
    }
    let mut out = lines.join("\n");
    out.push('\n');
    out
}

/// `cases` per test, unless `PROPTEST_CASES` asks for a longer (or shorter) run.
fn config(cases: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(cases);
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config(200))]

    #[test]
    fn mutated_fixture_never_panics(
        file in 0..4usize,
        mutations in prop::collection::vec(mutation(), 1..4),
    ) {
        let mut spec = Spec::valid();
        for m in &mutations {
            let text = apply(&spec.files[file].1, m);
            spec.files[file].1 = text;
        }
        run(&spec.source());
    }
}

proptest! {
    #![proptest_config(config(64))]

    #[test]
    fn arbitrary_text_never_panics(text in any::<String>(), path in "[a-z/]{1,12}") {
        run(&SpecSource::new(vec![(path, text)]));
    }

    #[test]
    fn yaml_like_text_never_panics(text in "([a-z_]{0,8}(: |:|- )?[a-zA-Z0-9 \"'\\[\\]{},&*!|>#$-]{0,12}\n {0,6}){0,12}") {
        run(&SpecSource::new(vec![("spec/x.yaml".to_owned(), text)]));
    }

    #[test]
    fn fixture_with_an_extra_random_file_never_panics(text in "(gateway|types|enums|endpoint|  - name|    doc|  name|  fields|    type)(: |:\n)[ -~\n]{0,60}") {
        let spec = Spec::valid().with_file("spec/extra.yaml", &text);
        run(&spec.source());
    }
}

/// Specs that once made the generator panic or emit Rust that does not
/// parse; each must now be rejected with a diagnostic.
#[test]
fn known_panics_are_diagnostics() {
    let cases = [
        // A wire name whose Rust name would be `r#self`.
        Spec::valid().edit(
            common::TYPES_PATH,
            "      - name: expiry\n",
            "      - name: self\n",
        ),
        // An environment whose constant would be `1_BASE_URL`.
        Spec::valid().edit(
            common::GATEWAY_PATH,
            "    - name: test\n",
            "    - name: \"1\"\n",
        ),
        // An environment whose variant would be named `` (its constant,
        // `_BASE_URL`, is a valid name): found by the mutation test above.
        Spec::valid().edit(
            common::GATEWAY_PATH,
            "    - name: test\n",
            "    - name: \"|\"\n",
        ),
        // Two environments whose variants would both be `A1b`, although
        // their constants differ (`A1B_BASE_URL`, `A_1B_BASE_URL`).
        Spec::valid().edit(
            common::GATEWAY_PATH,
            "    - name: test\n      base_url: https://test.example/payment/\n      doc: The test environment.\n",
            "    - name: a1b\n      base_url: https://test.example/payment/\n      doc: The test environment.\n    - name: a_1b\n      base_url: https://test.example/payment/\n      doc: The same.\n",
        ),
        // An endpoint whose module and method would be named ``.
        Spec::valid().edit(
            common::ENDPOINT_PATH,
            "  name: GetStatus\n",
            "  name: \"\"\n",
        ),
        // An endpoint whose method would be `r#self`.
        Spec::valid().edit(
            common::ENDPOINT_PATH,
            "  name: GetStatus\n",
            "  name: Self\n",
        ),
    ];
    for spec in cases {
        let source = spec.source();
        let outcome = std::panic::catch_unwind(|| bereke_codegen::generate(&source));
        match outcome {
            Ok(Err(diags)) => assert!(!diags.0.is_empty()),
            Ok(Ok(_)) => panic!("accepted:\n{}", spec.dump()),
            Err(_) => panic!("panicked on:\n{}", spec.dump()),
        }
    }
}
