//! `check`: evaluates the expectations of many scenarios and prints one table per file.
use super::Context;
use super::args::{CheckArgs, Overrides};
use super::load;
use super::run::verdict_table;
use crate::exit;
use std::io::Write;
use train_analysis::scenario_files;

pub(crate) fn check(args: &CheckArgs, ctx: &Context, out: &mut dyn Write) -> anyhow::Result<u8> {
    let mut files = Vec::new();
    for path in &args.paths {
        files.extend(scenario_files(path)?);
    }
    if files.is_empty() {
        anyhow::bail!(
            "no .ron scenario files found in {}",
            args.paths
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    let (mut held, mut failed, mut bad) = (0usize, 0usize, 0usize);
    for file in &files {
        let loaded = load::scenario(&ctx.loader, file, &Overrides::default());
        let run = match loaded.and_then(|s| load::run(&s)) {
            Ok(run) => run,
            Err(message) => {
                writeln!(out, "{}\n  error: {message:#}\n", file.display())?;
                bad += 1;
                continue;
            }
        };
        writeln!(out, "{} — {}", file.display(), run.scenario.title)?;
        if run.expectations.is_empty() {
            writeln!(out, "  (no expectations)")?;
        } else {
            write!(out, "{}", verdict_table(&run.expectations).render("  "))?;
        }
        for claim in &run.claims {
            let by = if claim.by.is_empty() {
                String::new()
            } else {
                format!(", off by {} (tolerance {})", claim.by, claim.says.within)
            };
            writeln!(
                out,
                "  claim — {}: {} {} → {} (simulated {}{by})",
                claim.source,
                claim.says.kind,
                claim.says.expected,
                claim.verdict.word(),
                claim.says.actual
            )?;
        }
        writeln!(out)?;
        held += run.expectations.iter().filter(|v| v.holds).count();
        failed += run.expectations.iter().filter(|v| !v.holds).count();
    }
    writeln!(
        out,
        "check: {held} expectation(s) hold, {failed} fail, {bad} file(s) with errors, in {} file(s)",
        files.len()
    )?;
    Ok(if bad > 0 {
        exit::BAD_INPUT
    } else if failed > 0 {
        exit::FAILED
    } else {
        exit::OK
    })
}
