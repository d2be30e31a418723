//! Finding scenario files: every `.ron` file under a directory (recursively, sorted).
use std::path::{Path, PathBuf};
use thiserror::Error;

/// A path that holds no scenario or cannot be listed.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("{path}: {reason}")]
pub struct FilesError {
    /// The path.
    pub path: String,
    /// What is wrong.
    pub reason: String,
}

/// Every `.ron` file under `path` (recursively, sorted), or `path` itself if it is a file.
pub fn scenario_files(path: &Path) -> Result<Vec<PathBuf>, FilesError> {
    let error = |p: &Path, reason: String| FilesError {
        path: p.display().to_string(),
        reason,
    };
    if path.is_file() {
        return Ok(vec![path.to_path_buf()]);
    }
    if !path.is_dir() {
        return Err(error(path, "no such file or directory".into()));
    }
    let mut files = Vec::new();
    let mut dirs = vec![path.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        let entries = std::fs::read_dir(&dir).map_err(|e| error(&dir, e.to_string()))?;
        for entry in entries {
            let p = entry.map_err(|e| error(&dir, e.to_string()))?.path();
            if p.is_dir() {
                dirs.push(p);
            } else if p.extension().is_some_and(|e| e == "ron") {
                files.push(p);
            }
        }
    }
    files.sort();
    Ok(files)
}
