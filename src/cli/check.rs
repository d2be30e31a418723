//! `check`: evaluates the expectations of many scenarios; a table per file (or JSON, or also a
//! JUnit file), load errors on standard error, and the failing files listed at the end.
use super::Context;
use super::args::{CheckArgs, CheckFormat};
use super::load;
use super::output::note;
use super::output_file::{self, JUNIT_REPORT};
use super::run::verdict_table;
use super::style::Palette;
use crate::exit;
use std::io::Write;
use std::path::PathBuf;
use train_analysis::check::{CheckReport, FileCheck, Outcome, check_file, check_source};
use train_analysis::{Skipped, scenario_files};

pub(crate) fn check(args: &CheckArgs, ctx: &Context, out: &mut dyn Write) -> anyhow::Result<u8> {
    let mut files = Vec::new();
    let mut skipped: Vec<Skipped> = Vec::new();
    for path in &args.paths {
        if load::is_stdio(path) {
            files.push(path.clone());
            continue;
        }
        let found = scenario_files(path)?;
        files.extend(found.files);
        skipped.extend(found.skipped);
    }
    // `--junit -` puts the JUnit XML on standard output instead of the report.
    let junit_to_stdout = args.junit.as_deref().is_some_and(load::is_stdio);
    if junit_to_stdout && args.format == CheckFormat::Json {
        anyhow::bail!("--junit - and --format json both want standard output: give --junit a file");
    }
    if let Some(junit) = &args.junit
        && !junit_to_stdout
    {
        output_file::check_target(junit, JUNIT_REPORT, &files)?;
    }
    let checks: Vec<FileCheck> = files
        .iter()
        .map(|path| {
            if load::is_stdio(path) {
                FileCheck {
                    path: path.clone(),
                    outcome: check_source(&ctx.loader, load::source(path)),
                }
            } else {
                check_file(&ctx.loader, path)
            }
        })
        .collect();
    let report = CheckReport::new(&checks, &skipped);
    for row in &report.skipped {
        note(format!("skipped {}: {}", row.file, row.reason));
    }
    for check in &checks {
        if let Outcome::Failed(e) = &check.outcome {
            note(format!("error: {}", e.with_snippet()));
        }
    }
    if report.summary.files == 0 {
        let searched: Vec<String> = args.paths.iter().map(|p| p.display().to_string()).collect();
        anyhow::bail!("no scenario files found in {}", searched.join(", "));
    }
    match args.format {
        _ if junit_to_stdout => out.write_all(super::junit::render(&checks).as_bytes())?,
        CheckFormat::Json => {
            writeln!(out, "{}", serde_json::to_string_pretty(&report)?)?;
        }
        CheckFormat::Text => text(&checks, &report, args.quiet, ctx, out)?,
    }
    if let Some(junit) = &args.junit
        && !junit_to_stdout
    {
        let mut inputs: Vec<PathBuf> = files.clone();
        inputs.extend(checks.iter().filter_map(|c| match &c.outcome {
            Outcome::Checked(table) => Some(table.base().scenario.route.source.path.clone()),
            _ => None,
        }));
        output_file::write(
            junit,
            JUNIT_REPORT,
            &inputs,
            super::junit::render(&checks).as_bytes(),
        )?;
        note(format!("wrote {}", junit.display()));
    }
    let summary = &report.summary;
    Ok(if summary.errors > 0 {
        exit::BAD_INPUT
    } else if summary.failed > 0 {
        exit::FAILED
    } else {
        exit::OK
    })
}

/// The text report: per file its verdicts and claims (with `quiet`, only what fails), then the
/// counts and the failing files.
fn text(
    checks: &[FileCheck],
    report: &CheckReport,
    quiet: bool,
    ctx: &Context,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let palette = ctx.palette;
    for check in checks {
        // Errors and skipped files were reported on standard error.
        let Outcome::Checked(table) = &check.outcome else {
            if matches!(check.outcome, Outcome::Failed(_)) && !quiet {
                let error = palette.bad("error");
                writeln!(
                    out,
                    "{}\n  {error} (on standard error)\n",
                    check.path.display()
                )?;
            }
            continue;
        };
        let run = table.base();
        let failing_cases: Vec<_> = table
            .cases
            .iter()
            .filter(|c| c.run.expectations.iter().any(|v| !v.holds))
            .collect();
        let failing_relations: Vec<_> = table
            .relations
            .iter()
            .filter(|v| !v.holds)
            .cloned()
            .collect();
        if quiet && failing_cases.is_empty() && failing_relations.is_empty() {
            continue;
        }
        let title = if table.cases.len() > 1 {
            format!("{} ({} cases)", run.scenario.title, table.cases.len())
        } else {
            run.scenario.title.clone()
        };
        writeln!(out, "{} — {title}", check.path.display())?;
        if table.cases.len() == 1 {
            let failing: Vec<_> = run
                .expectations
                .iter()
                .filter(|v| !v.holds)
                .cloned()
                .collect();
            let shown = if quiet { &failing } else { &run.expectations };
            if shown.is_empty() {
                writeln!(out, "  (no expectations)")?;
            } else {
                write!(out, "{}", verdict_table(shown).render_with("  ", palette))?;
            }
        } else {
            if !quiet {
                for case in &table.cases {
                    let n = case.run.expectations.len();
                    let failed = case.run.expectations.iter().filter(|v| !v.holds).count();
                    let status = if failed == 0 {
                        palette.good("ok")
                    } else {
                        palette.bad("FAIL")
                    };
                    writeln!(
                        out,
                        "  {status}  {} ({n} expectation(s), {failed} failing)",
                        case.name
                    )?;
                }
            }
            for case in &failing_cases {
                let failing: Vec<_> = case
                    .run
                    .expectations
                    .iter()
                    .filter(|v| !v.holds)
                    .cloned()
                    .collect();
                writeln!(out, "  case {:?}", case.name)?;
                write!(
                    out,
                    "{}",
                    verdict_table(&failing).render_with("    ", palette)
                )?;
            }
            let relations = if quiet {
                &failing_relations
            } else {
                &table.relations
            };
            if !relations.is_empty() {
                writeln!(out, "  relations")?;
                write!(
                    out,
                    "{}",
                    verdict_table(relations).render_with("    ", palette)
                )?;
            }
        }
        if !quiet {
            for claim in &run.claims {
                let by = if claim.by.is_empty() {
                    String::new()
                } else {
                    format!(", off by {} (tolerance {})", claim.by, claim.says.within)
                };
                let word = if claim.verdict.stands() {
                    palette.good(claim.verdict.word())
                } else {
                    palette.bad(claim.verdict.word())
                };
                writeln!(
                    out,
                    "  claim — {}: {} {} → {word} (simulated {}{by})",
                    claim.source, claim.says.kind, claim.says.expected, claim.says.actual
                )?;
            }
        }
        writeln!(out)?;
    }
    let s = &report.summary;
    let skipped = if s.skipped > 0 {
        format!(", {} skipped", s.skipped)
    } else {
        String::new()
    };
    let failed = format!("{} fail", s.failed);
    let errors = format!("{} file(s) with errors", s.errors);
    writeln!(
        out,
        "check: {} expectation(s) hold, {}, {}, in {} file(s){skipped}",
        s.held,
        tone(palette, &failed, s.failed > 0),
        tone(palette, &errors, s.errors > 0),
        s.files
    )?;
    if !s.failing_files.is_empty() {
        writeln!(out, "failing:")?;
        for file in &s.failing_files {
            writeln!(out, "  {file}")?;
        }
    }
    Ok(())
}

/// Red when `bad`, plain otherwise.
fn tone(palette: Palette, text: &str, bad: bool) -> String {
    if bad {
        palette.bad(text)
    } else {
        text.to_string()
    }
}
