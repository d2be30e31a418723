//! Writing a report file (`chart -o`, `check --junit`) without losing anything a user wrote: never
//! over an input of the command (compared as resolved paths, so a symlink or `./x` is caught),
//! never over a file this tool did not write (each file it writes carries a marker line), never
//! through a symbolic link, and never half-written (a temporary file is renamed into place).
use anyhow::{Context as _, bail};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// Bytes read from an existing file to look for the marker (it is on the first lines).
const MARKER_SCAN_BYTES: u64 = 4096;

/// A kind of file this tool writes, and the line that marks it as the tool's.
#[derive(Debug, Clone, Copy)]
pub(crate) struct FileKind {
    /// What it is, for messages ("an SVG chart").
    pub(crate) what: &'static str,
    /// A line found near the top of every such file.
    pub(crate) marker: &'static str,
}

/// SVG charts of `chart -o`.
pub(crate) const SVG_CHART: FileKind = FileKind {
    what: "an SVG chart",
    marker: "<!-- written by armored-train chart -->",
};

/// JUnit reports of `check --junit`.
pub(crate) const JUNIT_REPORT: FileKind = FileKind {
    what: "a JUnit report",
    marker: "<!-- written by armored-train check -->",
};

/// Refuses `path` as an output when writing there could lose a user's file: call it before the
/// work, so that nothing is computed for an output that will be refused.
pub(crate) fn check_target(path: &Path, kind: FileKind, inputs: &[PathBuf]) -> anyhow::Result<()> {
    let shown = path.display();
    let Ok(metadata) = std::fs::symlink_metadata(path) else {
        // A new file: its folder must exist (the OS says so on writing otherwise).
        return Ok(());
    };
    refuse_existing(
        path,
        &metadata,
        inputs,
        &format!("{} this tool wrote", kind.what),
    )?;
    let mut head = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(MARKER_SCAN_BYTES).read_to_end(&mut head))
        .with_context(|| format!("{shown}: cannot read it to check it is {}", kind.what))?;
    if !String::from_utf8_lossy(&head).contains(kind.marker) {
        bail!(
            "{shown} exists and is not {} written by this tool: refusing to write over it (remove it, or choose another name)",
            kind.what
        );
    }
    Ok(())
}

/// The first bytes of every PNG file.
const PNG_SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";

/// Refuses `path` as the app's `--screenshot`: it must end in `.png`, and an existing file there
/// must be a PNG (a screenshot taken before), a regular file, not a link and not an input.
pub(crate) fn check_png_target(path: &Path, inputs: &[PathBuf]) -> anyhow::Result<()> {
    let shown = path.display();
    if path
        .extension()
        .is_none_or(|e| !e.eq_ignore_ascii_case("png"))
    {
        bail!("{shown}: a screenshot is saved as PNG: the file must end in .png");
    }
    let Ok(metadata) = std::fs::symlink_metadata(path) else {
        // A new file: say now, not after the app has started, if its folder is missing.
        return require_folder(path);
    };
    refuse_existing(path, &metadata, inputs, "a PNG")?;
    let mut head = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(PNG_SIGNATURE.len() as u64).read_to_end(&mut head))
        .with_context(|| format!("{shown}: cannot read it to check it is a PNG"))?;
    if head != PNG_SIGNATURE {
        bail!(
            "{shown} exists and is not a PNG: refusing to write over it (remove it, or choose another name)"
        );
    }
    Ok(())
}

/// Refuses `path` as a new file: it must not exist (not even a file this tool wrote: a frozen
/// scenario is a user's file once written), must end in `.extension`, and must not be an input.
pub(crate) fn check_new(path: &Path, extension: &str, inputs: &[PathBuf]) -> anyhow::Result<()> {
    let shown = path.display();
    if path.extension().is_none_or(|e| e != extension) {
        bail!("{shown}: the file must end in .{extension}");
    }
    if std::fs::symlink_metadata(path).is_ok() {
        let input = inputs
            .iter()
            .any(|i| std::fs::canonicalize(i).ok() == std::fs::canonicalize(path).ok());
        let what = if input {
            "is an input of this command"
        } else {
            "exists"
        };
        bail!(
            "{shown} {what}: a new file is never written over an existing one; remove it or give another name"
        );
    }
    // Said here rather than as the OS's "No such file or directory" when writing.
    require_folder(path)
}

/// What every output refuses of a file already at `path`: a symbolic link, a folder or anything
/// not a regular file, an input of the command. `instead` ends "give the path of a new file, or
/// of ...".
fn refuse_existing(
    path: &Path,
    metadata: &std::fs::Metadata,
    inputs: &[PathBuf],
    instead: &str,
) -> anyhow::Result<()> {
    let shown = path.display();
    if metadata.file_type().is_symlink() {
        bail!("{shown} is a symbolic link: give the path of a new file, or of {instead}");
    }
    if metadata.is_dir() {
        bail!("{shown} is a directory: give a file name");
    }
    let resolved = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    for input in inputs {
        if std::fs::canonicalize(input).is_ok_and(|i| i == resolved) {
            bail!(
                "{shown} is an input of this command ({}): refusing to write over it",
                input.display()
            );
        }
    }
    if !metadata.is_file() {
        bail!("{shown} is not a regular file: refusing to write over it");
    }
    Ok(())
}

/// Refuses a new file at `path` whose folder does not exist.
fn require_folder(path: &Path) -> anyhow::Result<()> {
    let folder = path.parent().filter(|d| !d.as_os_str().is_empty());
    if let Some(folder) = folder
        && !folder.is_dir()
    {
        bail!(
            "{}: the folder {} does not exist",
            path.display(),
            folder.display()
        );
    }
    Ok(())
}

/// Refuses a scenario the tool derived (a calibrated copy, a frozen sweep) that would not load
/// where it is about to be written: a route, network or CSV it names not found from there.
pub(crate) fn check_loads_there(
    loader: &train_scenario::Loader,
    path: &Path,
    text: &str,
) -> anyhow::Result<()> {
    loader.parse_scenario(path, text).map(|_| ()).map_err(|e| {
        anyhow::anyhow!(
            "{} would not load where it is to be written, so it was not written: {}",
            path.display(),
            e.message
        )
    })
}

/// Writes a new file at `path` (after [`check_new`]): into a temporary file beside it, then
/// linked into place, which fails rather than replace a file that appeared meanwhile.
pub(crate) fn write_new(path: &Path, contents: &[u8]) -> anyhow::Result<()> {
    let shown = path.display();
    let temporary = temporary_beside(path)?;
    let written = std::fs::File::create_new(&temporary)
        .and_then(|mut f| f.write_all(contents).and_then(|()| f.sync_all()))
        .and_then(|()| std::fs::hard_link(&temporary, path));
    let _ = std::fs::remove_file(&temporary);
    written.with_context(|| format!("cannot write {shown}"))
}

/// A temporary file name in `path`'s folder.
fn temporary_beside(path: &Path) -> anyhow::Result<PathBuf> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .with_context(|| format!("{}: not a file name", path.display()))?;
    Ok(dir.join(format!(
        ".{}.{}.tmp",
        name.to_string_lossy(),
        std::process::id()
    )))
}

/// Writes `contents` (which must carry `kind`'s marker) to `path` after [`check_target`]: into a
/// temporary file beside it, then renamed over it.
pub(crate) fn write(
    path: &Path,
    kind: FileKind,
    inputs: &[PathBuf],
    contents: &[u8],
) -> anyhow::Result<()> {
    check_target(path, kind, inputs)?;
    let shown = path.display();
    let temporary = temporary_beside(path)?;
    let written = std::fs::File::create_new(&temporary)
        .and_then(|mut f| f.write_all(contents).and_then(|()| f.sync_all()))
        .and_then(|()| std::fs::rename(&temporary, path));
    if let Err(e) = written {
        let _ = std::fs::remove_file(&temporary);
        return Err(e).with_context(|| format!("cannot write {shown}"));
    }
    Ok(())
}
