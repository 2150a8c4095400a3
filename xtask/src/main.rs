//! `cargo xtask codegen` regenerates every generated file from `spec/`;
//! `cargo xtask codegen --check` writes nothing and fails when anything is stale.
//! `cargo xtask doc-diff DOC` compares a version of the bank's document with
//! the spec (exit 0 agree, 1 differ, 2 unreadable).

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use bereke_codegen::{GeneratedFile, SpecSource};
use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(about = "Project commands of the bereke workspace")]
struct Cli {
    #[command(subcommand)]
    command: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Regenerate models, client methods and the JSON Schema from `spec/`.
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
}

/// Where the JSON Schema document is written, relative to the workspace root.
const SCHEMA_PATH: &str = "schema/bereke.schema.json";

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

fn workspace_root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().unwrap_or(manifest).to_path_buf()
}

/// Runs the generator; `Ok(false)` means `--check` found stale files.
fn codegen(root: &Path, check: bool) -> Result<bool, String> {
    let source = SpecSource::read_dir(root).map_err(|e| format!("reading spec/: {e}"))?;
    let files = bereke_codegen::generate(&source).map_err(|d| format!("spec errors:\n{d}"))?;
    let mut fresh = true;
    for file in &files {
        fresh &= sync(root, file, check)?;
    }
    fresh &= remove_orphans(root, &files, check)?;
    if check && !fresh {
        eprintln!("generated Rust files are stale: run `cargo xtask codegen`");
        return Ok(false);
    }
    // The schema comes from the compiled models (schemars), so it is produced
    // by running them after the Rust files are in place.
    let schema = run_schema_dump(root)?;
    let schema_file = GeneratedFile {
        path: SCHEMA_PATH.to_owned(),
        contents: schema,
    };
    fresh &= sync(root, &schema_file, check)?;
    if check && !fresh {
        eprintln!("{SCHEMA_PATH} is stale: run `cargo xtask codegen`");
    }
    Ok(fresh || !check)
}

/// Writes (or with `check`, compares) one file; returns whether it was fresh.
fn sync(root: &Path, file: &GeneratedFile, check: bool) -> Result<bool, String> {
    let path = root.join(&file.path);
    let current = std::fs::read_to_string(&path).ok();
    if current.as_deref() == Some(file.contents.as_str()) {
        println!("unchanged {}", file.path);
        return Ok(true);
    }
    if check {
        println!("stale     {}", file.path);
        print_diff(current.as_deref().unwrap_or(""), &file.contents);
        return Ok(false);
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
    }
    std::fs::write(&path, &file.contents).map_err(|e| format!("{}: {e}", path.display()))?;
    println!("wrote     {}", file.path);
    Ok(false)
}

/// Generated files that the spec no longer produces (a removed endpoint).
fn remove_orphans(root: &Path, files: &[GeneratedFile], check: bool) -> Result<bool, String> {
    let mut fresh = true;
    let dirs: std::collections::BTreeSet<&str> = files
        .iter()
        .filter_map(|f| f.path.rsplit_once('/').map(|(d, _)| d))
        .filter(|d| d.ends_with("/generated"))
        .collect();
    for dir in dirs {
        let Ok(entries) = std::fs::read_dir(root.join(dir)) else {
            continue;
        };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let rel = format!("{dir}/{name}");
            if name.ends_with(".rs") && !files.iter().any(|f| f.path == rel) {
                fresh = false;
                if check {
                    println!("orphan    {rel}");
                } else {
                    std::fs::remove_file(entry.path()).map_err(|e| format!("{rel}: {e}"))?;
                    println!("removed   {rel}");
                }
            }
        }
    }
    Ok(fresh)
}

fn print_diff(old: &str, new: &str) {
    let diff = similar::TextDiff::from_lines(old, new);
    print!(
        "{}",
        diff.unified_diff()
            .context_radius(2)
            .header("committed", "generated")
    );
}

/// Builds and runs the models' schema printer.
fn run_schema_dump(root: &Path) -> Result<String, String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let output = Command::new(cargo)
        .current_dir(root)
        .args([
            "run",
            "--quiet",
            "--package",
            "bereke-types",
            "--example",
            "print-schema",
        ])
        .output()
        .map_err(|e| format!("could not run cargo: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "printing the schema failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    String::from_utf8(output.stdout).map_err(|e| format!("schema is not UTF-8: {e}"))
}
