//! The JSON report of every shipped scenario, byte for byte against `tests/golden/` (a refactor must
//! not change it). A change of behaviour that is meant updates the files with
//! `UPDATE_GOLDEN=1 cargo test golden`, and the diff is reviewed like code (as insta does).
use crate::util::{cli, root, stderr};
use std::path::{Path, PathBuf};

/// `scenarios/lessons/1-x.ron` -> `tests/golden/lessons__1-x.json`.
fn golden_path(scenario: &Path) -> PathBuf {
    let relative = scenario
        .strip_prefix(root().join("scenarios"))
        .unwrap()
        .with_extension("");
    let name = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("__");
    root().join("tests/golden").join(format!("{name}.json"))
}

fn shipped_scenarios() -> Vec<PathBuf> {
    train_analysis::scenario_files(&root().join("scenarios"))
        .unwrap()
        .files
}

#[test]
fn json_reports_of_shipped_scenarios_are_unchanged() {
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let mut differ = Vec::new();
    let scenarios = shipped_scenarios();
    for scenario in &scenarios {
        let out = cli(
            &root(),
            &["run", scenario.to_str().unwrap(), "--format", "json"],
        );
        assert!(
            matches!(out.status.code(), Some(0 | 1)),
            "{}: {}",
            scenario.display(),
            stderr(&out)
        );
        let golden = golden_path(scenario);
        if update {
            std::fs::write(&golden, &out.stdout).unwrap();
            continue;
        }
        match std::fs::read(&golden) {
            Ok(expected) if expected == out.stdout => {}
            Ok(_) => differ.push(format!(
                "{} differs from {}",
                scenario.display(),
                golden.display()
            )),
            Err(_) => differ.push(format!(
                "{} has no golden report {}",
                scenario.display(),
                golden.display()
            )),
        }
    }
    // Every golden file belongs to a shipped scenario (a removed scenario takes its report along).
    let expected: Vec<PathBuf> = scenarios.iter().map(|s| golden_path(s)).collect();
    for entry in std::fs::read_dir(root().join("tests/golden")).unwrap() {
        let path = entry.unwrap().path();
        if !expected.contains(&path) {
            if update {
                std::fs::remove_file(&path).unwrap();
            } else {
                differ.push(format!("{} belongs to no shipped scenario", path.display()));
            }
        }
    }
    assert!(
        differ.is_empty(),
        "JSON reports changed (run with UPDATE_GOLDEN=1 if the change is meant, then review the diff):\n{}",
        differ.join("\n")
    );
}
