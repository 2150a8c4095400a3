//! Whether the committed generated files are what the spec produces: the one
//! comparison behind `cargo xtask codegen --check` and the freshness test
//! that a plain `cargo test` runs.

use std::collections::BTreeSet;
use std::path::Path;

use crate::GeneratedFile;

/// A committed file that differs from what the generator produces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stale {
    /// The file differs (or is missing); `diff` is a unified diff from the
    /// committed text to the generated one.
    Changed {
        /// Path relative to the workspace root.
        path: String,
        /// What regenerating would change.
        diff: String,
    },
    /// A file in a `generated/` folder that the spec no longer produces
    /// (a removed endpoint).
    Orphan {
        /// Path relative to the workspace root.
        path: String,
    },
}

impl std::fmt::Display for Stale {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Stale::Changed { path, diff } => write!(f, "stale     {path}\n{diff}"),
            Stale::Orphan { path } => write!(f, "orphan    {path}"),
        }
    }
}

/// Compares `files` with the files under `root`. Beside the files
/// themselves, every `*.rs` file in the `generated/` folders they are in
/// must be one of them.
pub fn stale_files(root: &Path, files: &[GeneratedFile]) -> Vec<Stale> {
    let mut stale: Vec<Stale> = files
        .iter()
        .filter_map(|file| {
            let committed = std::fs::read_to_string(root.join(&file.path)).unwrap_or_default();
            (committed != file.contents).then(|| Stale::Changed {
                path: file.path.clone(),
                diff: similar::TextDiff::from_lines(&committed, &file.contents)
                    .unified_diff()
                    .context_radius(2)
                    .header("committed", "generated")
                    .to_string(),
            })
        })
        .collect();
    stale.extend(
        orphans(root, files)
            .into_iter()
            .map(|path| Stale::Orphan { path }),
    );
    stale
}

/// The `*.rs` files of the `generated/` folders of `files` that are not
/// among them.
pub fn orphans(root: &Path, files: &[GeneratedFile]) -> Vec<String> {
    let dirs: BTreeSet<&str> = files
        .iter()
        .filter_map(|f| f.path.rsplit_once('/').map(|(d, _)| d))
        .filter(|d| d.ends_with("/generated"))
        .collect();
    let mut found = Vec::new();
    for dir in dirs {
        let Ok(entries) = std::fs::read_dir(root.join(dir)) else {
            continue;
        };
        let mut names: Vec<String> = entries
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        for name in names {
            let rel = format!("{dir}/{name}");
            if name.ends_with(".rs") && !files.iter().any(|f| f.path == rel) {
                found.push(rel);
            }
        }
    }
    found
}
