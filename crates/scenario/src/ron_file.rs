//! A RON file read for parsing: its text, its parse into a raw serde type with ron's spanned errors
//! turned into [`LoadError`]s, and a token index (built only when an error needs placing).
use crate::error::{LoadError, LoadErrorKind};
use crate::ron_index::{FieldPath, RonIndex};
use ron::extensions::Extensions;
use serde::de::DeserializeOwned;
use std::io::Read;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// Largest route, network or scenario file read, bytes (a resource limit: the shipped files are
/// under 40 kB).
pub const MAX_INPUT_BYTES: u64 = 10 * 1024 * 1024;

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

/// The folder `path` is in (`.` for a bare file name): where paths written in it are relative to.
pub fn folder_of(path: &Path) -> PathBuf {
    path.parent()
        .filter(|d| !d.as_os_str().is_empty())
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
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

    /// Reads `path`; `what` names the kind of file in the error ("scenario", "route"). Only a
    /// regular file of at most [`MAX_INPUT_BYTES`] is read (not a directory, a FIFO or a device);
    /// a UTF-8 byte-order mark is dropped, and bytes that are not UTF-8 are an error at their line
    /// and column.
    pub fn read(path: &Path, what: &str) -> Result<Self, LoadError> {
        let fail = |message: String| {
            Err(LoadError::plain(
                path,
                LoadErrorKind::Io,
                format!("cannot read {what} file: {message}"),
            ))
        };
        let metadata = match std::fs::metadata(path) {
            Ok(m) => m,
            Err(e) => return fail(e.to_string()),
        };
        if metadata.is_dir() {
            return fail(format!(
                "it is a directory; give a {what} file (`check` takes directories)"
            ));
        }
        if !metadata.is_file() {
            return fail("not a regular file (a FIFO, socket or device is not read)".into());
        }
        if metadata.len() > MAX_INPUT_BYTES {
            return fail(format!(
                "{} bytes, more than the {MAX_INPUT_BYTES} allowed",
                metadata.len()
            ));
        }
        let mut bytes = Vec::with_capacity(metadata.len() as usize);
        let read = std::fs::File::open(path).and_then(|f| {
            // The file may have grown since: never read more than the limit (and one byte, to
            // notice).
            f.take(MAX_INPUT_BYTES + 1).read_to_end(&mut bytes)
        });
        if let Err(e) = read {
            return fail(e.to_string());
        }
        if bytes.len() as u64 > MAX_INPUT_BYTES {
            return fail(format!("more than the {MAX_INPUT_BYTES} bytes allowed"));
        }
        Self::from_bytes(path, bytes)
    }

    /// The file from its bytes: a byte-order mark is dropped; bytes that are not UTF-8 are an
    /// error at their line and column.
    pub fn from_bytes(path: &Path, bytes: Vec<u8>) -> Result<Self, LoadError> {
        match String::from_utf8(bytes) {
            Ok(text) => Ok(Self::new(
                path,
                text.strip_prefix('\u{feff}')
                    .map(str::to_string)
                    .unwrap_or(text),
            )),
            Err(e) => {
                let valid = e.utf8_error().valid_up_to();
                let bytes = e.into_bytes();
                // Valid up to `valid` by construction.
                let before = String::from_utf8_lossy(&bytes[..valid]).into_owned();
                let offset = before.len();
                let mut error = LoadError::at(
                    path,
                    &before,
                    LoadErrorKind::Syntax,
                    Some(offset..offset),
                    None,
                    format!(
                        "byte 0x{:02x} is not UTF-8 text (save the file as UTF-8)",
                        bytes[valid]
                    ),
                );
                error.drop_snippet();
                Err(error)
            }
        }
    }

    /// The name of the file's top-level struct (`Scenario`, `Route`, `Network`), if it writes one.
    pub fn top_level_name(&self) -> Option<&str> {
        crate::ron_index::top_level_name(&self.text)
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
        // ron reports a value of the wrong type where it started looking (after the colon):
        // the caret goes on the value itself.
        let offset = self.next_token(self.offset_of(e.span.start.line, e.span.start.col));
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

    /// The first byte at or after `offset` that is not whitespace or a comment (or the end).
    fn next_token(&self, offset: usize) -> usize {
        let text = self.text.as_bytes();
        let mut at = offset.min(text.len());
        loop {
            let rest = &text[at..];
            if rest.first().is_some_and(u8::is_ascii_whitespace) {
                at += 1;
            } else if rest.starts_with(b"//") {
                at += rest.iter().position(|&b| b == b'\n').unwrap_or(rest.len());
            } else if rest.starts_with(b"/*") {
                at += rest
                    .windows(2)
                    .position(|w| w == b"*/")
                    .map_or(rest.len(), |i| i + 2);
            } else {
                return at;
            }
        }
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
