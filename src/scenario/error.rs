//! Load errors that name the file and, where possible, the line and column of the offending text.
use std::path::{Path, PathBuf};
use thiserror::Error;

/// A route or scenario file that could not be loaded.
#[derive(Debug, Clone, PartialEq, Error)]
#[error("{}", self.headline())]
pub struct LoadError {
    /// The file.
    pub path: PathBuf,
    /// 1-based line and column (columns count characters), when known.
    pub position: Option<(usize, usize)>,
    /// The field at fault, e.g. `stops` or `stations[3].km`, when known.
    pub field: Option<String>,
    /// What is wrong.
    pub message: String,
    /// The offending source line, for a snippet.
    pub source_line: Option<String>,
}

impl LoadError {
    /// An error at a known position of `source`.
    pub fn at(
        path: &Path,
        source: &str,
        line: usize,
        col: usize,
        field: Option<String>,
        message: String,
    ) -> Self {
        Self {
            path: path.to_path_buf(),
            position: Some((line, col)),
            field,
            message,
            source_line: source
                .lines()
                .nth(line.saturating_sub(1))
                .map(str::to_string),
        }
    }

    /// An error about `field`; its position is looked up in `source` from `needle` (the text of the
    /// offending value or field), when that text can be found.
    pub fn field(
        path: &Path,
        source: &str,
        field: impl Into<String>,
        needle: Option<&str>,
        message: String,
    ) -> Self {
        let field = Some(field.into());
        match needle.and_then(|n| locate(source, n)) {
            Some((line, col)) => Self::at(path, source, line, col, field, message),
            None => Self {
                path: path.to_path_buf(),
                position: None,
                field,
                message,
                source_line: None,
            },
        }
    }

    /// An error without position (I/O, unknown route).
    pub fn plain(path: &Path, message: String) -> Self {
        Self {
            path: path.to_path_buf(),
            position: None,
            field: None,
            message,
            source_line: None,
        }
    }

    /// `path:line:col: field: message`.
    pub fn headline(&self) -> String {
        let mut out = self.path.display().to_string();
        if let Some((line, col)) = self.position {
            out.push_str(&format!(":{line}:{col}"));
        }
        out.push_str(": ");
        if let Some(field) = &self.field {
            out.push_str(&format!("{field}: "));
        }
        out.push_str(&self.message);
        out
    }

    /// The headline plus the source line with a caret under the column.
    pub fn with_snippet(&self) -> String {
        let mut out = self.headline();
        if let (Some(line_text), Some((line, col))) = (&self.source_line, self.position) {
            let gutter = line.to_string().len();
            out.push_str(&format!(
                "\n{:gutter$} |\n{line} | {line_text}\n{:gutter$} | {}^",
                "",
                "",
                " ".repeat(col.saturating_sub(1))
            ));
        }
        out
    }
}

/// 1-based line and character column of the first occurrence of `needle` in `source`.
pub fn locate(source: &str, needle: &str) -> Option<(usize, usize)> {
    source
        .find(needle)
        .map(|offset| position_of(source, offset))
}

/// 1-based line and character column of a byte offset of `source`.
pub(crate) fn position_of(source: &str, offset: usize) -> (usize, usize) {
    let before = &source[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, source[line_start..offset].chars().count() + 1)
}
