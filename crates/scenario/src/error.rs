//! Load errors: which file, what kind of problem, where (the parser's span or the token index's),
//! which field, and what to do.
use crate::ron_index::FieldPath;
use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};
use thiserror::Error;

/// What kind of problem stopped a file from loading.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum LoadErrorKind {
    /// The file could not be read.
    Io,
    /// Not valid RON, or a field that is unknown or of the wrong type (from the parser).
    Syntax,
    /// A value breaks its own rule: a speed that is not positive, a bad duration or time zone.
    InvalidValue,
    /// A name that the route or the list of shipped routes does not know.
    UnknownName,
    /// Values that do not fit together (the core's rules: stations out of order, an incident
    /// outside the route, a Lockdown ending at a km).
    Inconsistent,
    /// A journey that loads but cannot be run to its end (it never ends, or lasts too long).
    Unrunnable,
}

/// Characters quoted on each side of the column in a snippet (a 10 MB line is not printed whole).
const SNIPPET_CONTEXT_CHARS: usize = 60;

/// A 1-based line and column (columns count characters, as ron's do).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Position {
    /// Line, from 1.
    pub line: usize,
    /// Column in characters, from 1.
    pub col: usize,
}

impl Position {
    /// The position of byte `offset` of `source` (clamped to the text, and to a character boundary).
    pub fn of_offset(source: &str, offset: usize) -> Self {
        let mut offset = offset.min(source.len());
        while !source.is_char_boundary(offset) {
            offset -= 1;
        }
        let before = &source[..offset];
        let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        Self {
            line,
            col: source[line_start..offset].chars().count() + 1,
        }
    }
}

/// A route or scenario file that could not be loaded or run (boxed: errors travel far, cheaply).
#[derive(Debug, Clone, PartialEq, Error)]
#[error("{}", self.headline())]
pub struct LoadError(Box<LoadErrorDetails>);

/// What a [`LoadError`] says; read through the error (`error.path`, `error.kind`, ...).
#[derive(Debug, Clone, PartialEq)]
pub struct LoadErrorDetails {
    /// The file.
    pub path: PathBuf,
    /// What kind of problem.
    pub kind: LoadErrorKind,
    /// Where it starts in the file, when known.
    pub position: Option<Position>,
    /// The field at fault, e.g. `stops` or `stations[3].km`, when known.
    pub field: Option<FieldPath>,
    /// What is wrong, and what to do.
    pub message: String,
    /// The offending source line, for a snippet.
    pub source_line: Option<String>,
}

impl std::ops::Deref for LoadError {
    type Target = LoadErrorDetails;

    fn deref(&self) -> &LoadErrorDetails {
        &self.0
    }
}

impl LoadError {
    /// An error without position (I/O, an unknown shipped route).
    pub fn plain(path: &Path, kind: LoadErrorKind, message: impl Into<String>) -> Self {
        Self(Box::new(LoadErrorDetails {
            path: path.to_path_buf(),
            kind,
            position: None,
            field: None,
            message: message.into(),
            source_line: None,
        }))
    }

    /// An error at byte range `span` of `source` (the text of `path`).
    pub fn at(
        path: &Path,
        source: &str,
        kind: LoadErrorKind,
        span: Option<Range<usize>>,
        field: Option<FieldPath>,
        message: impl Into<String>,
    ) -> Self {
        let position = span.map(|s| Position::of_offset(source, s.start));
        Self(Box::new(LoadErrorDetails {
            path: path.to_path_buf(),
            kind,
            position,
            field,
            message: message.into(),
            source_line: position
                .and_then(|p| source.lines().nth(p.line - 1))
                .map(str::to_string),
        }))
    }

    /// `path:line:col: field: message`.
    pub fn headline(&self) -> String {
        let mut out = self.path.display().to_string();
        if let Some(p) = self.position {
            out.push_str(&format!(":{}:{}", p.line, p.col));
        }
        out.push_str(": ");
        if let Some(field) = &self.field
            && !field.0.is_empty()
        {
            out.push_str(&format!("{field}: "));
        }
        out.push_str(&self.message);
        out
    }

    /// The error as met while validating case `name` of a table-driven file.
    pub(crate) fn in_case(mut self, name: &str) -> Self {
        self.0.message = format!(
            "in case {}: {}",
            crate::values::quoted(name),
            self.0.message
        );
        self
    }

    /// Forgets the source line (a line that cannot be shown, such as one with bytes that are not
    /// text).
    pub(crate) fn drop_snippet(&mut self) {
        self.0.source_line = None;
    }

    /// The headline plus the source line with a caret under the column. A long line is quoted
    /// around the column only; tabs before the column are kept so the caret stays under it.
    pub fn with_snippet(&self) -> String {
        let mut out = self.headline();
        if let (Some(line_text), Some(p)) = (&self.source_line, self.position) {
            let chars: Vec<char> = line_text.chars().collect();
            let col = p.col.saturating_sub(1).min(chars.len());
            let from = col.saturating_sub(SNIPPET_CONTEXT_CHARS);
            let to = (col + SNIPPET_CONTEXT_CHARS).min(chars.len());
            let shown: String = chars[from..to].iter().collect();
            let lead = if from > 0 { "…" } else { "" };
            let tail = if to < chars.len() { "…" } else { "" };
            let caret: String = std::iter::once(lead)
                .filter(|l| !l.is_empty())
                .map(|_| ' ')
                .chain(
                    chars[from..col]
                        .iter()
                        .map(|&c| if c == '\t' { '\t' } else { ' ' }),
                )
                .collect();
            let gutter = p.line.to_string().len();
            out.push_str(&format!(
                "\n{:gutter$} |\n{} | {lead}{shown}{tail}\n{:gutter$} | {caret}^",
                "", p.line, ""
            ));
        }
        out
    }
}

impl fmt::Display for LoadErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(match self {
            LoadErrorKind::Io => "cannot read",
            LoadErrorKind::Syntax => "syntax",
            LoadErrorKind::InvalidValue => "invalid value",
            LoadErrorKind::UnknownName => "unknown name",
            LoadErrorKind::Inconsistent => "inconsistent values",
            LoadErrorKind::Unrunnable => "cannot run",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippets_quote_long_lines_around_the_column_and_keep_tabs() {
        let long = format!("{}BAD{}", "x".repeat(5000), "y".repeat(5000));
        let e = LoadError::at(
            Path::new("f.ron"),
            &long,
            LoadErrorKind::Syntax,
            Some(5000..5000),
            None,
            "m",
        );
        let snippet = e.with_snippet();
        assert!(snippet.len() < 400, "{}", snippet.len());
        let lines: Vec<&str> = snippet.lines().collect();
        let (quoted, caret) = (lines[2], lines[3]);
        let at = quoted.chars().position(|c| c == 'B').unwrap();
        assert_eq!(caret.chars().position(|c| c == '^'), Some(at));
        let tabbed = "\t\tkm: x";
        let e = LoadError::at(
            Path::new("f.ron"),
            tabbed,
            LoadErrorKind::Syntax,
            Some(6..6),
            None,
            "m",
        );
        assert!(
            e.with_snippet().ends_with("| \t\t    ^"),
            "{:?}",
            e.with_snippet()
        );
    }

    #[test]
    fn positions_count_characters_and_lines() {
        let text = "ab\nçd: x";
        assert_eq!(
            Position::of_offset(text, text.find('x').unwrap()),
            Position { line: 2, col: 5 }
        );
        assert_eq!(Position::of_offset(text, 0), Position { line: 1, col: 1 });
        // Inside a multi-byte character: clamped to its start.
        assert_eq!(Position::of_offset(text, 4), Position { line: 2, col: 1 });
    }
}
