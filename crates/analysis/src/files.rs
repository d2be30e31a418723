//! Finding scenario files: every `.ron` file under a directory (recursively, sorted), without
//! following a directory twice (symlink loops), reading only regular files, and going on past a
//! folder that cannot be listed (each such thing is reported, not fatal).
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use thiserror::Error;

/// A path given on the command line that holds nothing to read.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("{path}: {reason}")]
pub struct FilesError {
    /// The path.
    pub path: String,
    /// What is wrong.
    pub reason: String,
}

/// Something found under a directory and left out, with why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// The path.
    pub path: PathBuf,
    /// Why it was left out.
    pub reason: String,
}

/// The `.ron` files found, and what was left out on the way.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Found {
    /// Regular `.ron` files, sorted.
    pub files: Vec<PathBuf>,
    /// Folders that could not be listed, symlink loops, `.ron` names that are not regular files.
    pub skipped: Vec<Skipped>,
}

/// What makes a folder the same folder whatever path reaches it.
#[cfg(unix)]
type FolderId = (u64, u64);
#[cfg(not(unix))]
type FolderId = PathBuf;

/// The folder's device and inode (its resolved path where there are none).
#[cfg(unix)]
fn folder_id(dir: &Path) -> Option<FolderId> {
    use std::os::unix::fs::MetadataExt as _;
    std::fs::metadata(dir).ok().map(|m| (m.dev(), m.ino()))
}

#[cfg(not(unix))]
fn folder_id(dir: &Path) -> Option<FolderId> {
    std::fs::canonicalize(dir).ok()
}

/// Every `.ron` file under `path` (recursively, sorted), or `path` itself if it is a file.
/// A path that does not exist is an error; trouble below it is reported in [`Found::skipped`].
pub fn scenario_files(path: &Path) -> Result<Found, FilesError> {
    let error = |reason: String| FilesError {
        path: path.display().to_string(),
        reason,
    };
    let metadata = std::fs::metadata(path).map_err(|e| error(e.to_string()))?;
    if !metadata.is_dir() {
        // Given by name: the loader says if it is not a regular file.
        return Ok(Found {
            files: vec![path.to_path_buf()],
            skipped: Vec::new(),
        });
    }
    let mut found = Found::default();
    let mut seen: HashMap<FolderId, PathBuf> = HashMap::new();
    let mut dirs = vec![path.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        // A directory reached twice (a symlink to an ancestor or a sibling) is listed once. Its
        // identity is one `stat`, not a path resolved component by component, so a deep tree
        // costs no more than its size.
        if let Some(id) = folder_id(&dir) {
            if let Some(first) = seen.get(&id) {
                found.skipped.push(Skipped {
                    reason: format!("already searched as {}", first.display()),
                    path: dir,
                });
                continue;
            }
            seen.insert(id, dir.clone());
        }
        let entries = match std::fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(e) => {
                found.skipped.push(Skipped {
                    path: dir,
                    reason: format!("cannot list it: {e}"),
                });
                continue;
            }
        };
        for entry in entries {
            let entry_path = match entry {
                Ok(entry) => entry.path(),
                Err(e) => {
                    found.skipped.push(Skipped {
                        path: dir.clone(),
                        reason: format!("cannot list it: {e}"),
                    });
                    continue;
                }
            };
            match std::fs::metadata(&entry_path) {
                Ok(m) if m.is_dir() => dirs.push(entry_path),
                _ if entry_path.extension().is_none_or(|e| e != "ron") => {}
                Ok(m) if m.is_file() => found.files.push(entry_path),
                Ok(_) => found.skipped.push(Skipped {
                    path: entry_path,
                    reason: "not a regular file (a FIFO, socket or device is not read)".into(),
                }),
                Err(e) => found.skipped.push(Skipped {
                    path: entry_path,
                    reason: e.to_string(),
                }),
            }
        }
    }
    found.files.sort();
    found.skipped.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(found)
}
