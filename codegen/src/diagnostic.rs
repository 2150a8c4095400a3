//! Spec mistakes, each with the file and line it was found at.

use std::fmt;

/// A mistake in the spec, located in its file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Path of the spec file, as given to the loader.
    pub file: String,
    /// 1-based line; 0 when the mistake concerns the whole spec.
    pub line: u64,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}: {}", self.file, self.message)
        } else {
            write!(f, "{}:{}: {}", self.file, self.line, self.message)
        }
    }
}

/// Every mistake found in a spec; never empty.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}

/// Collects mistakes while a check goes on, so one run reports them all.
#[derive(Debug, Default)]
pub(crate) struct Sink {
    found: Vec<Diagnostic>,
}

impl Sink {
    pub(crate) fn error(&mut self, file: &str, line: u64, message: impl Into<String>) {
        self.found.push(Diagnostic {
            file: file.to_owned(),
            line,
            message: message.into(),
        });
    }

    pub(crate) fn finish(mut self) -> Result<(), Diagnostics> {
        if self.found.is_empty() {
            Ok(())
        } else {
            self.found
                .sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
            Err(Diagnostics(self.found))
        }
    }
}
