//! Parsing spec files into [`SpecFile`]s, keeping each file's name for errors.

use crate::diagnostic::{Diagnostic, Diagnostics};
use serde_saphyr::Spanned;

use crate::spec::{Field, SpecFile};

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
    // The files parse on every core: YAML parsing is most of the check.
    let parsed = crate::parallel::map_in_order(&files, |(path, text)| parse(path, text));
    let mut loaded = Vec::new();
    let mut errors = Vec::new();
    for result in parsed {
        match result {
            Ok(file) => loaded.push(file),
            Err(error) => errors.push(error),
        }
    }
    if errors.is_empty() {
        expand_groups(&mut loaded, &mut errors);
    }
    if errors.is_empty() {
        Ok(loaded)
    } else {
        Err(Diagnostics(errors))
    }
}

/// One file parsed; an empty file is an empty spec file.
fn parse(path: &str, text: &str) -> Result<LoadedFile, Diagnostic> {
    if text.trim().is_empty() {
        return Ok(LoadedFile {
            path: path.to_owned(),
            spec: SpecFile::default(),
        });
    }
    match serde_saphyr::from_str::<SpecFile>(text) {
        Ok(spec) => Ok(LoadedFile {
            path: path.to_owned(),
            spec,
        }),
        Err(e) => Err(Diagnostic {
            file: path.to_owned(),
            line: e.location().map(|l| l.line()).unwrap_or(0),
            message: first_line(&e.to_string()),
        }),
    }
}

/// Copies each included [`FieldGroup`](crate::spec::FieldGroup) into the
/// messages that include it, with their overrides, and reports an unknown
/// or unused group and an override of a field the group does not have.
fn expand_groups(files: &mut [LoadedFile], errors: &mut Vec<Diagnostic>) {
    /// A group as read: where it is defined, its fields, whether used.
    struct Group {
        file: String,
        line: u64,
        fields: Vec<Spanned<Field>>,
        used: bool,
    }
    let mut groups: std::collections::BTreeMap<String, Group> = Default::default();
    for f in files.iter_mut() {
        for g in std::mem::take(&mut f.spec.field_groups) {
            let at = g.referenced.line();
            let name = g.value.name.value.clone();
            if let Some(Group { file, line, .. }) = groups.get(&name) {
                errors.push(Diagnostic {
                    file: f.path.clone(),
                    line: at,
                    message: format!(
                        "field group `{name}` is defined twice (first at {file}:{line})"
                    ),
                });
                continue;
            }
            let fields = g.value.fields.into_iter().map(|mut field| {
                field.value.origin = Some(f.path.clone());
                field
            });
            let group = Group {
                file: f.path.clone(),
                line: at,
                fields: fields.collect(),
                used: false,
            };
            groups.insert(name, group);
        }
    }
    for f in files.iter_mut() {
        let Some(endpoint) = f.spec.endpoint.as_mut() else {
            continue;
        };
        for message in [&mut endpoint.value.request, &mut endpoint.value.response] {
            let Some(include) = message.include.take() else {
                continue;
            };
            let name = &include.value.group;
            let Some(Group { fields, used, .. }) = groups.get_mut(&name.value) else {
                errors.push(Diagnostic {
                    file: f.path.clone(),
                    line: name.referenced.line(),
                    message: format!("unknown field group `{}`", name.value),
                });
                continue;
            };
            *used = true;
            let mut shared = fields.clone();
            for (field, change) in include.value.overrides {
                let Some(target) = shared.iter_mut().find(|s| s.value.name.value == field) else {
                    errors.push(Diagnostic {
                        file: f.path.clone(),
                        line: change.referenced.line(),
                        message: format!(
                            "field group `{}` has no field `{field}` to override",
                            name.value
                        ),
                    });
                    continue;
                };
                let target = &mut target.value;
                let change = change.value;
                if let Some(required) = change.required {
                    target.required = required;
                }
                target.doc = change.doc.or(target.doc.take());
                target.kk = change.kk.or(target.kk.take());
                target.note = change.note.or(target.note.take());
            }
            shared.append(&mut message.fields);
            message.fields = shared;
        }
    }
    for (
        name,
        Group {
            file, line, used, ..
        },
    ) in groups
    {
        if !used {
            errors.push(Diagnostic {
                file,
                line,
                message: format!("field group `{name}` is included by no endpoint"),
            });
        }
    }
}

/// The YAML library renders a snippet under its message; the message alone
/// reads better after our `file:line:` prefix.
fn first_line(message: &str) -> String {
    message.lines().next().unwrap_or(message).trim().to_owned()
}
