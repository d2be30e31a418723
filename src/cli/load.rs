//! Loading a scenario with the command line's overrides, and running it, with errors that name
//! the file, line and column.
use super::args::Overrides;
use super::output::note;
use anyhow::anyhow;
use std::path::Path;
use train_scenario::{Loader, Run, Scenario};

/// Loads `path` and applies the overrides; notes on overrides that change nothing go to stderr.
pub(crate) fn scenario(
    loader: &Loader,
    path: &Path,
    overrides: &Overrides,
) -> anyhow::Result<Scenario> {
    let scenario = loader
        .load_scenario(path)
        .map_err(|e| anyhow!(e.with_snippet()))?;
    let applied = overrides.to_analysis().apply(scenario)?;
    for message in &applied.notes {
        note(format!("note: {message}"));
    }
    Ok(applied.scenario)
}

/// Runs a loaded scenario; an error points into its file.
pub(crate) fn run(scenario: &Scenario) -> anyhow::Result<Run> {
    Run::new(scenario).map_err(|e| anyhow!(e.locate(scenario).with_snippet()))
}
