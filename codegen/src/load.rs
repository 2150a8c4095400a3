//! Parsing spec files into [`SpecFile`]s, keeping each file's name for errors.

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::spec::SpecFile;

/// The text of the spec's files, as read from disk (or written by a test).
#[derive(Debug, Clone, Default)]
pub struct SpecSource {
    /// `(path, text)` pairs; the path is only used in messages and for order.
    pub files: Vec<(String, String)>,
}

impl SpecSource {
    /// A spec made of the given files.
    pub fn new(files: impl IntoIterator<Item = (String, String)>) -> Self {
        Self {
            files: files.into_iter().collect(),
        }
    }
}

impl SpecSource {
    /// Every `*.yaml` file under `root/spec`, named by its path relative to
    /// `root` (`spec/endpoints/register.yaml`).
    ///
    /// The one place the generator reads the disk, so that `xtask` and the
    /// freshness test read the spec the same way.
    pub fn read_dir(root: &std::path::Path) -> std::io::Result<Self> {
        let mut files = Vec::new();
        collect_yaml(&root.join("spec"), root, &mut files)?;
        Ok(Self::new(files))
    }
}

fn collect_yaml(
    dir: &std::path::Path,
    root: &std::path::Path,
    out: &mut Vec<(String, String)>,
) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect_yaml(&path, root, out)?;
        } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
            let text = std::fs::read_to_string(&path)?;
            let rel = path.strip_prefix(root).unwrap_or(&path);
            out.push((rel.to_string_lossy().replace('\\', "/"), text));
        }
    }
    Ok(())
}

/// One parsed file.
#[derive(Debug)]
pub struct LoadedFile {
    /// Path of the file.
    pub path: String,
    /// Its content.
    pub spec: SpecFile,
}

/// Parses every file, sorted by path so the output never depends on the
/// order the files were listed in. Reports every file that does not parse.
pub fn load(source: &SpecSource) -> Result<Vec<LoadedFile>, Diagnostics> {
    let mut files: Vec<&(String, String)> = source.files.iter().collect();
    files.sort_by(|a, b| a.0.cmp(&b.0));
    let mut loaded = Vec::new();
    let mut errors = Vec::new();
    for (path, text) in files {
        if text.trim().is_empty() {
            loaded.push(LoadedFile {
                path: path.clone(),
                spec: SpecFile::default(),
            });
            continue;
        }
        match serde_saphyr::from_str::<SpecFile>(text) {
            Ok(spec) => loaded.push(LoadedFile {
                path: path.clone(),
                spec,
            }),
            Err(e) => {
                let line = e.location().map(|l| l.line()).unwrap_or(0);
                errors.push(Diagnostic {
                    file: path.clone(),
                    line,
                    message: first_line(&e.to_string()),
                });
            }
        }
    }
    if errors.is_empty() {
        Ok(loaded)
    } else {
        Err(Diagnostics(errors))
    }
}

/// The YAML library renders a snippet under its message; the message alone
/// reads better after our `file:line:` prefix.
fn first_line(message: &str) -> String {
    message.lines().next().unwrap_or(message).trim().to_owned()
}
