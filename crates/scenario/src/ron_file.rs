//! A RON file read for parsing: its text, its parse into a raw serde type with ron's spanned errors
//! turned into [`LoadError`]s, and a token index (built only when an error needs placing).
use crate::error::{LoadError, LoadErrorKind};
use crate::ron_index::{FieldPath, RonIndex};
use ron::extensions::Extensions;
use serde::de::DeserializeOwned;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The text of a route or scenario file.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Where it was read from (a path, or `<shipped>/name.ron`).
    pub path: PathBuf,
    /// Its text.
    pub text: String,
    index: OnceLock<RonIndex>,
}

impl PartialEq for SourceFile {
    fn eq(&self, other: &Self) -> bool {
        self.path == other.path && self.text == other.text
    }
}

/// Whether an error points at a value or at the name of its field (or map key).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    /// The value.
    Value,
    /// The field name or map key.
    Name,
}

impl SourceFile {
    /// A file from its path and text.
    pub fn new(path: &Path, text: impl Into<String>) -> Self {
        Self {
            path: path.to_path_buf(),
            text: text.into(),
            index: OnceLock::new(),
        }
    }

    /// Reads `path`; `what` names the kind of file in the error ("scenario", "route").
    pub fn read(path: &Path, what: &str) -> Result<Self, LoadError> {
        std::fs::read_to_string(path)
            .map(|text| Self::new(path, text))
            .map_err(|e| {
                LoadError::plain(
                    path,
                    LoadErrorKind::Io,
                    format!("cannot read {what} file: {e}"),
                )
            })
    }

    /// The token index of the text.
    pub fn index(&self) -> &RonIndex {
        self.index.get_or_init(|| RonIndex::new(&self.text))
    }

    /// Parses the text with `Option` fields allowed without `Some(..)`.
    pub fn parse<T: DeserializeOwned>(&self) -> Result<T, LoadError> {
        ron::Options::default()
            .with_default_extension(Extensions::IMPLICIT_SOME)
            .from_str(&self.text)
            .map_err(|e| self.parser_error(&e))
    }

    /// A parser error placed at ron's span; a value refused by its own rule (ron's `Message`)
    /// also names the field whose value it is.
    fn parser_error(&self, e: &ron::error::SpannedError) -> LoadError {
        let offset = self.offset_of(e.span.start.line, e.span.start.col);
        let (kind, field) = match e.code {
            ron::Error::Message(_) => (
                LoadErrorKind::InvalidValue,
                self.index()
                    .innermost_at(offset)
                    .map(|(path, _)| path.clone()),
            ),
            _ => (LoadErrorKind::Syntax, None),
        };
        LoadError::at(
            &self.path,
            &self.text,
            kind,
            Some(offset..offset),
            field,
            e.code.to_string(),
        )
    }

    /// The byte offset of a 1-based line and character column.
    fn offset_of(&self, line: usize, col: usize) -> usize {
        let line_start: usize = self
            .text
            .split_inclusive('\n')
            .take(line.saturating_sub(1))
            .map(str::len)
            .sum();
        let rest = &self.text[line_start.min(self.text.len())..];
        line_start
            + rest
                .char_indices()
                .nth(col.saturating_sub(1))
                .map_or(rest.len(), |(i, _)| i)
    }

    /// The byte range of the value (or field name) at `path`, when the file has it.
    pub fn span(&self, path: &FieldPath, anchor: Anchor) -> Option<Range<usize>> {
        match anchor {
            Anchor::Value => self.index().value_span(path),
            Anchor::Name => self.index().name_span(path),
        }
    }

    /// An error about the value at `path`, placed by the token index.
    pub fn error(
        &self,
        kind: LoadErrorKind,
        path: &FieldPath,
        anchor: Anchor,
        message: impl Into<String>,
    ) -> LoadError {
        LoadError::at(
            &self.path,
            &self.text,
            kind,
            self.span(path, anchor),
            Some(path.clone()),
            message,
        )
    }
}
