//! No document makes doc-diff panic: arbitrary text, and copies of the
//! bank's document with lines deleted, duplicated, swapped or cut, either
//! compare or fail with an error that names a section.

use crate::common;

use std::sync::OnceLock;

use bereke_codegen::docdiff;
use bereke_codegen::SpecSource;
use proptest::prelude::*;

fn spec() -> &'static SpecSource {
    static SPEC: OnceLock<SpecSource> = OnceLock::new();
    SPEC.get_or_init(|| SpecSource::read_dir(&common::root()).expect("spec/ reads"))
}

/// The document's lines; empty (and the damaged-copy test idle) on a
/// developer machine without it, a failure with `CI` set.
fn seed() -> &'static [String] {
    static SEED: OnceLock<Vec<String>> = OnceLock::new();
    SEED.get_or_init(|| {
        common::seed()
            .map(|text| text.lines().map(str::to_owned).collect())
            .unwrap_or_default()
    })
}

fn run(text: &str) {
    match docdiff::diff(text, spec()) {
        Ok(diffs) => {
            for d in diffs {
                assert!(!d.message.is_empty() && !d.fix.is_empty(), "{d:?}");
            }
        }
        Err(docdiff::Error::Document(e)) => {
            assert!(!e.section.is_empty() && !e.message.is_empty(), "{e:?}")
        }
        Err(e) => panic!("the spec itself failed: {e}"),
    }
}

/// One damage to the document's lines.
#[derive(Debug, Clone)]
enum Damage {
    Delete(usize),
    Duplicate(usize),
    Swap(usize, usize),
    Truncate(usize),
    Cut(usize, usize),
}

fn damage() -> impl Strategy<Value = Damage> {
    let at = any::<usize>();
    prop_oneof![
        at.prop_map(Damage::Delete),
        at.prop_map(Damage::Duplicate),
        (at, at).prop_map(|(a, b)| Damage::Swap(a, b)),
        at.prop_map(Damage::Truncate),
        (at, at).prop_map(|(i, c)| Damage::Cut(i, c)),
    ]
}

fn apply(lines: &mut Vec<String>, d: &Damage) {
    if lines.is_empty() {
        return;
    }
    let n = lines.len();
    match *d {
        Damage::Delete(i) => {
            lines.remove(i % n);
        }
        Damage::Duplicate(i) => {
            let l = lines[i % n].clone();
            lines.insert(i % n, l);
        }
        Damage::Swap(a, b) => lines.swap(a % n, b % n),
        Damage::Truncate(i) => lines.truncate(i % n),
        Damage::Cut(i, c) => {
            let line = &mut lines[i % n];
            let cut = line
                .char_indices()
                .map(|(k, _)| k)
                .nth(c % (line.chars().count() + 1))
                .unwrap_or(line.len());
            line.truncate(cut);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn damaged_copies_of_the_document_never_panic(damages in prop::collection::vec(damage(), 1..6)) {
        let mut lines = seed().to_vec();
        for d in &damages {
            apply(&mut lines, d);
        }
        run(&lines.join("\n"));
    }

    #[test]
    fn arbitrary_text_never_panics(text in "(Сұрау параметрлері|Жауап параметрлері|Міндетті Атау Түрі Сипаттама|Иә|Жоқ|Мысалдар|curl --request POST|  --url https://x/payment/rest/a.do|  --data a=1|--data-raw '\\{|\\{\"a\":|\\}|x String y|• 1 - z|5 Қате|Қате коды Хабар|\n|[a-zа-я •|$]{0,12}){0,60}") {
        run(&text);
    }
}
