//! `cargo xtask codegen` regenerates every generated file from `spec/`;
//! `cargo xtask codegen --check` writes nothing and fails when anything is stale.
//! `cargo xtask doc-diff DOC` compares a version of the bank's document with
//! the spec (exit 0 agree, 1 differ, 2 unreadable). `cargo xtask api-diff`
//! classifies the spec's changes since a git revision for the crate's and
//! the schema's users and prints the CHANGELOG section and version bump.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use bereke_codegen::{fresh, GeneratedFile, SpecSource};
use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(about = "Project commands of the bereke workspace")]
struct Cli {
    #[command(subcommand)]
    command: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Regenerate models, client methods, the JSON Schema and the OpenAPI document from `spec/`.
    Codegen {
        /// Write nothing; print a diff and fail when a generated file is stale.
        #[arg(long)]
        check: bool,
    },
    /// Compare a version of the bank's document (exported as text) with `spec/`.
    ///
    /// Exit status: 0 when they agree, 1 when they differ, 2 when the
    /// document (or the spec) cannot be read.
    DocDiff {
        /// The document as text.
        doc: PathBuf,
        /// Print a JSON array of differences instead of the grouped report.
        #[arg(long)]
        json: bool,
        /// Also list the departures the spec records, with their reasons.
        #[arg(long)]
        all: bool,
    },
    /// Compare the spec at a git revision with the working tree: breaking,
    /// additive and documentation changes, a CHANGELOG section and the bump.
    ApiDiff {
        /// The revision to compare with; by default the latest tag, or HEAD.
        /// `empty` compares with no spec at all (the first release).
        #[arg(long)]
        base: Option<String>,
        /// Print `{"bump": …, "changes": […]}` instead of the CHANGELOG section.
        #[arg(long)]
        json: bool,
    },
}

/// The documents printed from the compiled models: path relative to the
/// workspace root, and the printer's argument.
const SCHEMA_DOCUMENTS: &[(&str, &str)] = &[
    ("schema/bereke.schema.json", "json-schema"),
    ("schema/bereke.openapi.json", "openapi"),
];

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Cmd::Codegen { check } => match codegen(&workspace_root(), check) {
            Ok(true) => ExitCode::SUCCESS,
            Ok(false) => ExitCode::FAILURE,
            Err(message) => {
                eprintln!("{message}");
                ExitCode::FAILURE
            }
        },
        Cmd::DocDiff { doc, json, all } => doc_diff(&workspace_root(), &doc, json, all),
        Cmd::ApiDiff { base, json } => match api_diff(&workspace_root(), base, json) {
            Ok(()) => ExitCode::SUCCESS,
            Err(message) => {
                eprintln!("{message}");
                ExitCode::from(2)
            }
        },
    }
}

fn doc_diff(root: &Path, doc: &Path, json: bool, all: bool) -> ExitCode {
    let unreadable = |message: String| {
        eprintln!("{message}");
        ExitCode::from(2)
    };
    let text = match std::fs::read(doc) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(e) => return unreadable(format!("{}: not UTF-8 text: {e}", doc.display())),
        },
        Err(e) => return unreadable(format!("{}: {e}", doc.display())),
    };
    let source = match SpecSource::read_dir(root) {
        Ok(source) => source,
        Err(e) => return unreadable(format!("reading spec/: {e}")),
    };
    let diffs = match bereke_codegen::docdiff::diff(&text, &source) {
        Ok(diffs) => diffs,
        Err(e) => return unreadable(format!("{}: {e}", doc.display())),
    };
    let shown: Vec<_> = diffs
        .iter()
        .filter(|d| all || d.departure.is_none())
        .collect();
    if json {
        match serde_json::to_string_pretty(&shown) {
            Ok(out) => println!("{out}"),
            Err(e) => return unreadable(format!("encoding JSON: {e}")),
        }
    } else {
        print!("{}", bereke_codegen::docdiff::render(&diffs, all));
    }
    if diffs.iter().any(|d| d.departure.is_none()) {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

fn api_diff(root: &Path, base: Option<String>, json: bool) -> Result<(), String> {
    let base = match base {
        Some(rev) => rev,
        None => git(root, &["describe", "--tags", "--abbrev=0"])
            .map_or_else(|_| "HEAD".to_owned(), |tag| tag.trim().to_owned()),
    };
    let old = spec_at(root, &base)?;
    let old = match &old {
        Some(source) => Some(
            bereke_codegen::check(source)
                .map_err(|d| format!("the spec at {base} has errors:\n{d}"))?,
        ),
        None => None,
    };
    let source = SpecSource::read_dir(root).map_err(|e| format!("reading spec/: {e}"))?;
    let new = bereke_codegen::check(&source).map_err(|d| format!("spec errors:\n{d}"))?;
    let report = bereke_codegen::apidiff::diff(old.as_ref(), &new);
    if json {
        let out =
            serde_json::to_string_pretty(&report).map_err(|e| format!("encoding JSON: {e}"))?;
        println!("{out}");
        return Ok(());
    }
    let current = workspace_version(root)?;
    // The first entry is the current version itself; later ones the next.
    let version = if old.is_none() {
        current.clone()
    } else {
        report.bump.next_version(&current)
    };
    print!(
        "{}",
        bereke_codegen::apidiff::changelog(&report, &version, "Unreleased")
    );
    let bump = match report.bump {
        bereke_codegen::apidiff::Bump::Breaking => "breaking: bump the minor version under 0.x",
        bereke_codegen::apidiff::Bump::Additive => "additive: bump the patch version under 0.x",
        bereke_codegen::apidiff::Bump::None => "none: nothing users can see changed",
    };
    if old.is_none() {
        println!("\nThe first release: version {current}.");
    } else {
        println!("\nCompared with {base}. Version bump: {bump} ({current} -> {version}).");
    }
    Ok(())
}

/// The spec's files at a revision; `None` when it has no spec (and for
/// `empty`, which makes the first CHANGELOG entry).
fn spec_at(root: &Path, rev: &str) -> Result<Option<SpecSource>, String> {
    if rev == "empty" {
        return Ok(None);
    }
    let listing = git(root, &["ls-tree", "-r", "--name-only", rev, "--", "spec"])?;
    let mut files = Vec::new();
    for path in listing
        .lines()
        .filter(|p| p.ends_with(".yaml") || p.ends_with(".yml"))
    {
        files.push((
            path.to_owned(),
            git(root, &["show", &format!("{rev}:{path}")])?,
        ));
    }
    Ok((!files.is_empty()).then(|| SpecSource::new(files)))
}

fn git(root: &Path, args: &[&str]) -> Result<String, String> {
    let out = Command::new("git")
        .current_dir(root)
        .args(args)
        .output()
        .map_err(|e| format!("could not run git: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "git {}: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    String::from_utf8(out.stdout).map_err(|e| format!("git output is not UTF-8: {e}"))
}

/// `version` of `[workspace.package]` in the root `Cargo.toml`.
fn workspace_version(root: &Path) -> Result<String, String> {
    let manifest = std::fs::read_to_string(root.join("Cargo.toml"))
        .map_err(|e| format!("reading Cargo.toml: {e}"))?;
    let mut in_package = false;
    for line in manifest.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            in_package = line == "[workspace.package]";
        } else if let Some(v) = line.strip_prefix("version").filter(|_| in_package) {
            let v = v.trim().trim_start_matches('=').trim().trim_matches('"');
            return Ok(v.to_owned());
        }
    }
    Err("no version in [workspace.package] of Cargo.toml".into())
}

fn workspace_root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().unwrap_or(manifest).to_path_buf()
}

/// Runs the generator; `Ok(false)` means `--check` found stale files.
fn codegen(root: &Path, check: bool) -> Result<bool, String> {
    let source = SpecSource::read_dir(root).map_err(|e| format!("reading spec/: {e}"))?;
    let files = bereke_codegen::generate(&source).map_err(|d| format!("spec errors:\n{d}"))?;
    if check {
        if !report_stale(root, &files) {
            eprintln!("generated Rust files are stale: run `cargo xtask codegen`");
            return Ok(false);
        }
    } else {
        for file in &files {
            write(root, file)?;
        }
        for orphan in fresh::orphans(root, &files) {
            std::fs::remove_file(root.join(&orphan)).map_err(|e| format!("{orphan}: {e}"))?;
            println!("removed   {orphan}");
        }
    }
    // The schemas come from the compiled models (schemars) and the spec's
    // catalog, so they are printed by running them after the Rust files are
    // in place.
    let documents = SCHEMA_DOCUMENTS
        .iter()
        .map(|(path, which)| {
            Ok(GeneratedFile {
                path: (*path).to_owned(),
                contents: run_schema_dump(root, which)?,
            })
        })
        .collect::<Result<Vec<_>, String>>()?;
    if check {
        if !report_stale(root, &documents) {
            eprintln!("the schema documents are stale: run `cargo xtask codegen`");
            return Ok(false);
        }
    } else {
        for file in &documents {
            write(root, file)?;
        }
    }
    Ok(true)
}

/// Prints what differs from `files` (the comparison the freshness test
/// makes too); returns whether nothing does.
fn report_stale(root: &Path, files: &[GeneratedFile]) -> bool {
    let stale = fresh::stale_files(root, files);
    for s in &stale {
        println!("{s}");
    }
    stale.is_empty()
}

/// Writes one file unless it already holds `contents`.
fn write(root: &Path, file: &GeneratedFile) -> Result<(), String> {
    let path = root.join(&file.path);
    if std::fs::read_to_string(&path).ok().as_deref() == Some(file.contents.as_str()) {
        println!("unchanged {}", file.path);
        return Ok(());
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
    }
    std::fs::write(&path, &file.contents).map_err(|e| format!("{}: {e}", path.display()))?;
    println!("wrote     {}", file.path);
    Ok(())
}

/// Builds and runs the models' schema printer for one document.
///
/// With `BEREKE_PRINT_SCHEMA` set to a `print-schema` binary already built
/// from this checkout (CI's `cargo test` builds one), that binary is run
/// instead: `cargo run` would build it again with the package's own
/// feature set, not the workspace's.
fn run_schema_dump(root: &Path, which: &str) -> Result<String, String> {
    let mut command = match std::env::var_os("BEREKE_PRINT_SCHEMA") {
        Some(binary) => Command::new(binary),
        None => {
            let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
            let mut command = Command::new(cargo);
            command.args([
                "run",
                "--quiet",
                "--package",
                "bereke-tests",
                "--bin",
                "print-schema",
                "--",
            ]);
            command
        }
    };
    let output = command
        .current_dir(root)
        .arg(which)
        .output()
        .map_err(|e| format!("could not run the schema printer: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "printing the schema failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    String::from_utf8(output.stdout).map_err(|e| format!("schema is not UTF-8: {e}"))
}
