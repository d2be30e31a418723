//! `check`: evaluates the expectations of many scenarios and prints one table.
use super::args::{CheckArgs, Overrides};
use super::run::{load, simulate, verdict_table};
use super::{EXIT_BAD_INPUT, EXIT_FAILED, EXIT_OK, Fatal};
use std::path::{Path, PathBuf};

/// Every `.ron` file under `path` (recursively, sorted), or `path` itself if it is a file.
pub(crate) fn scenario_files(path: &Path) -> Result<Vec<PathBuf>, Fatal> {
    if path.is_file() {
        return Ok(vec![path.to_path_buf()]);
    }
    if !path.is_dir() {
        return Err(Fatal(format!(
            "{}: no such file or directory",
            path.display()
        )));
    }
    let mut files = Vec::new();
    let mut dirs = vec![path.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        let entries =
            std::fs::read_dir(&dir).map_err(|e| Fatal(format!("{}: {e}", dir.display())))?;
        for entry in entries {
            let p = entry
                .map_err(|e| Fatal(format!("{}: {e}", dir.display())))?
                .path();
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

pub(crate) fn check(args: &CheckArgs) -> Result<u8, Fatal> {
    let mut files = Vec::new();
    for path in &args.paths {
        files.extend(scenario_files(path)?);
    }
    if files.is_empty() {
        return Err(Fatal(format!(
            "no .ron scenario files found in {}",
            args.paths
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        )));
    }
    let (mut held, mut failed, mut bad) = (0usize, 0usize, 0usize);
    for file in &files {
        let run = match load(file, &Overrides::default()).and_then(|s| simulate(&s)) {
            Ok(run) => run,
            Err(Fatal(message)) => {
                println!("{}\n  error: {message}\n", file.display());
                bad += 1;
                continue;
            }
        };
        println!("{} — {}", file.display(), run.scenario.title);
        if run.expectations.is_empty() {
            println!("  (no expectations)");
        } else {
            print!(
                "{}",
                verdict_table(&run.expectations, |v| if v.holds { "ok" } else { "FAIL" })
                    .render("  ")
            );
        }
        for claim in &run.claims {
            let by = if claim.by.is_empty() {
                String::new()
            } else {
                format!(", off by {} (tolerance {})", claim.by, claim.says.within)
            };
            println!(
                "  claim — {}: {} {} → {} (simulated {}{by})",
                claim.source,
                claim.says.kind,
                claim.says.expected,
                claim.verdict,
                claim.says.actual
            );
        }
        println!();
        held += run.expectations.iter().filter(|v| v.holds).count();
        failed += run.expectations.iter().filter(|v| !v.holds).count();
    }
    println!(
        "check: {held} expectation(s) hold, {failed} fail, {bad} file(s) with errors, in {} file(s)",
        files.len()
    );
    Ok(if bad > 0 {
        EXIT_BAD_INPUT
    } else if failed > 0 {
        EXIT_FAILED
    } else {
        EXIT_OK
    })
}
