//! Loading a scenario (a file, or `-` for standard input) with the command line's overrides, and
//! running it, with errors that name the file, line and column.
use super::args::Overrides;
use super::output::note;
use anyhow::anyhow;
use std::io::Read;
use std::path::{Path, PathBuf};
use train_scenario::{
    LoadError, LoadErrorKind, Loader, MAX_INPUT_BYTES, Run, Scenario, SourceFile, TableRun,
};

/// The path that means standard input (or output).
pub(crate) const STDIO: &str = "-";
/// How a scenario read from standard input is named in messages; its routes are looked up from
/// the current folder.
const STDIN_NAME: &str = "<stdin>";

/// Whether `path` is `-`.
pub(crate) fn is_stdio(path: &Path) -> bool {
    path.as_os_str() == STDIO
}

/// The scenario text at `path`, or on standard input for `-` (at most [`MAX_INPUT_BYTES`]).
pub(crate) fn source(path: &Path) -> Result<SourceFile, LoadError> {
    if !is_stdio(path) {
        return SourceFile::read(path, "scenario");
    }
    let name = PathBuf::from(STDIN_NAME);
    let mut bytes = Vec::new();
    std::io::stdin()
        .lock()
        .take(MAX_INPUT_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| {
            LoadError::plain(
                &name,
                LoadErrorKind::Io,
                format!("cannot read standard input: {e}"),
            )
        })?;
    if bytes.len() as u64 > MAX_INPUT_BYTES {
        return Err(LoadError::plain(
            &name,
            LoadErrorKind::Io,
            format!("more than the {MAX_INPUT_BYTES} bytes allowed on standard input"),
        ));
    }
    SourceFile::from_bytes(&name, bytes)
}

/// Loads `path` (or standard input), picks the case `--case` names and applies the overrides;
/// notes on overrides that change nothing go to stderr.
pub(crate) fn scenario(
    loader: &Loader,
    path: &Path,
    overrides: &Overrides,
) -> anyhow::Result<Scenario> {
    let scenario = table(loader, path)?;
    let scenario = match &overrides.case {
        Some(name) => pick_case(scenario, name)?,
        None if !scenario.cases.is_empty() && overrides.changes_the_journey() => {
            anyhow::bail!(
                "{} has {} cases: --speed, --depart and --seed change one journey, so pick it with --case NAME (`base` for the base journey)",
                scenario.path().display(),
                scenario.cases.len() + 1
            );
        }
        None => scenario,
    };
    let applied = overrides.to_analysis().apply(scenario)?;
    for message in &applied.notes {
        note(format!("note: {message}"));
    }
    Ok(applied.scenario)
}

/// Loads `path` (or standard input) with all its cases.
pub(crate) fn table(loader: &Loader, path: &Path) -> anyhow::Result<Scenario> {
    source(path)
        .and_then(|s| loader.scenario_from(s))
        .map_err(|e| anyhow!(e.with_snippet()))
}

/// The case called `name` of a table-driven scenario (`base`: the base journey).
pub(crate) fn pick_case(scenario: Scenario, name: &str) -> anyhow::Result<Scenario> {
    scenario.case(name).ok_or_else(|| {
        let names: Vec<String> = scenario
            .case_names()
            .iter()
            .map(|n| format!("{n:?}"))
            .collect();
        anyhow!(
            "--case {name:?}: {} has no such case; its cases are {}",
            scenario.path().display(),
            names.join(", ")
        )
    })
}

/// Runs every case of a loaded scenario; an error points into its file and names its case.
pub(crate) fn table_run(scenario: &Scenario) -> anyhow::Result<TableRun> {
    let table = TableRun::new(scenario).map_err(|e| anyhow!(e.with_snippet()))?;
    for case in &table.cases {
        for warning in &case.run.warnings {
            note(format!(
                "warning: {} ({}): {warning}",
                scenario.path().display(),
                case.name
            ));
        }
    }
    Ok(table)
}

/// Runs a loaded scenario; an error points into its file, and what had no effect is noted on
/// standard error.
pub(crate) fn run(scenario: &Scenario) -> anyhow::Result<Run> {
    let run = Run::new(scenario).map_err(|e| anyhow!(e.locate(scenario).with_snippet()))?;
    for warning in &run.warnings {
        note(format!("warning: {}: {warning}", scenario.path().display()));
    }
    Ok(run)
}
