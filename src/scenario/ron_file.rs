//! Reading a RON file into a raw serde type, turning ron's spanned errors into [`LoadError`]s.
use crate::error::LoadError;
use ron::extensions::Extensions;
use serde::de::DeserializeOwned;
use std::path::Path;

/// Parses `source` (the text of `path`) with `Option` fields allowed without `Some(..)`.
pub(crate) fn parse<T: DeserializeOwned>(path: &Path, source: &str) -> Result<T, LoadError> {
    ron::Options::default()
        .with_default_extension(Extensions::IMPLICIT_SOME)
        .from_str(source)
        .map_err(|e| {
            // ron reports where its cursor was; for values rejected by our own parsers (durations,
            // times, zones) that is just past the value, which stays on the offending line.
            LoadError::at(
                path,
                source,
                e.span.start.line,
                e.span.start.col,
                None,
                e.code.to_string(),
            )
        })
}
