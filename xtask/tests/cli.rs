//! `cargo xtask doc-diff` and `api-diff` as a maintainer runs them:
//! doc-diff exits 0 when the document and the spec agree, 1 when they differ
//! (with `--json`, an array of differences), 2 when the document cannot be
//! read; api-diff prints the CHANGELOG section or the JSON report.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn seed_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/seed/000_1ff788070507a351.txt")
}

/// The document, or `None` on a developer machine without it; with `CI`
/// set, a missing document fails the test.
fn seed() -> Option<String> {
    match std::fs::read_to_string(seed_path()) {
        Ok(text) => Some(text),
        Err(e) if std::env::var_os("CI").is_some() => {
            panic!("CI is set and the bank's document is missing: {e}")
        }
        Err(e) => {
            eprintln!("skipping: {}: {e}", seed_path().display());
            None
        }
    }
}

fn doc_diff(doc: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .arg("doc-diff")
        .arg(doc)
        .args(args)
        .output()
        .expect("xtask runs")
}

/// A file in the temp folder, removed when dropped.
struct TempDoc(PathBuf);

impl TempDoc {
    fn new(name: &str, contents: &[u8]) -> Self {
        let path = std::env::temp_dir().join(format!("bereke-{}-{name}", std::process::id()));
        std::fs::write(&path, contents).expect("temp file writes");
        TempDoc(path)
    }
}

impl Drop for TempDoc {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

#[test]
fn todays_document_agrees_and_all_lists_the_departures() {
    let Some(_) = seed() else { return };
    let out = doc_diff(&seed_path(), &[]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(stdout.contains("0 difference(s)"), "{stdout}");

    let out = doc_diff(&seed_path(), &["--all", "--json"]);
    assert_eq!(out.status.code(), Some(0));
    let all: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let all = all.as_array().expect("an array");
    assert!(all.iter().all(|d| d["departure"].is_string()));
    assert!(all.iter().any(|d| d["endpoint"] == "Reverse"));
}

#[test]
fn a_changed_document_exits_1_with_json_differences() {
    let Some(seed) = seed() else { return };
    let changed = seed.replacen("\n4 Сома көрсетілмеген\n", "\n", 1);
    let doc = TempDoc::new("changed.txt", changed.as_bytes());
    let out = doc_diff(&doc.0, &["--json"]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let diffs: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let diffs = diffs.as_array().expect("an array");
    // register.do and registerPreAuth.do list it; only the first was changed.
    assert_eq!(diffs.len(), 1, "{diffs:#?}");
    let d = &diffs[0];
    for key in ["kind", "endpoint", "name", "doc_line", "spec", "message"] {
        assert!(d.get(key).is_some(), "no {key} in {d}");
    }
    assert_eq!(d["kind"], "error_message_removed");
    assert_eq!(d["endpoint"], "Register");
    assert_eq!(d["name"], "4");
    assert!(d["spec"]
        .as_str()
        .is_some_and(|s| s.starts_with("spec/endpoints/register.yaml:")));

    let out = doc_diff(&doc.0, &[]);
    let human = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1));
    assert!(human.contains("== Register"), "{human}");
    assert!(
        human.contains("edit: remove the message at spec/endpoints/register.yaml:"),
        "{human}"
    );
}

#[test]
fn an_unreadable_document_exits_2_with_the_section() {
    let Some(seed) = seed() else { return };
    let lines: Vec<&str> = seed.lines().collect();
    let cut = TempDoc::new("cut.txt", lines[..1200].join("\n").as_bytes());
    let out = doc_diff(&cut.0, &[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("section") && stderr.contains("cut off"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");

    let binary = TempDoc::new("binary.txt", &[0x89, b'P', b'N', b'G', 0xff, 0x00]);
    let out = doc_diff(&binary.0, &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not UTF-8"));

    let out = doc_diff(Path::new("no/such/document.txt"), &[]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn api_diff_against_no_spec_lists_every_endpoint_as_added() {
    let out = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["api-diff", "--base", "empty", "--json"])
        .output()
        .expect("xtask runs");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(report["bump"], "additive");
    let changes = report["changes"].as_array().expect("an array");
    assert!(changes
        .iter()
        .all(|c| c["kind"] == "endpoint_added" && c["breaking"] == false));
    assert!(changes.iter().any(|c| c["name"] == "rest/register.do"));

    let out = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["api-diff", "--base", "empty"])
        .output()
        .expect("xtask runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.starts_with("## [0.1.0] - Unreleased\n\n### Added\n"),
        "{text}"
    );
    assert!(text.contains("`Client::register`"), "{text}");
}
