//! `cargo xtask codegen` regenerates every generated file from `spec/`;
//! `cargo xtask codegen --check` writes nothing and fails when anything is stale.

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
    /// Regenerate models, client methods, the JSON Schema and the OpenAPI document from `spec/`.
    Codegen {
        /// Write nothing; print a diff and fail when a generated file is stale.
        #[arg(long)]
        check: bool,
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
    // The schemas come from the compiled models (schemars), so they are
    // produced by running them after the Rust files are in place.
    for (path, which) in SCHEMA_DOCUMENTS {
        let file = GeneratedFile {
            path: (*path).to_owned(),
            contents: run_schema_dump(root, which)?,
        };
        let file_fresh = sync(root, &file, check)?;
        if check && !file_fresh {
            eprintln!("{path} is stale: run `cargo xtask codegen`");
        }
        fresh &= file_fresh;
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

/// Builds and runs the models' schema printer for one document.
fn run_schema_dump(root: &Path, which: &str) -> Result<String, String> {
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
            "--",
            which,
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
