//! `lessons`: the teaching demos in `scenarios/lessons/`, listed or shown one at a time.
use super::Context;
use super::args::{LessonAction, LessonsArgs, Overrides};
use super::load;
use super::output::note;
use super::run::text;
use super::table::{Align, Table};
use crate::exit;
use std::io::Write;
use std::path::PathBuf;
use train_analysis::montecarlo::arrivals;
use train_analysis::scenario_files;
use train_analysis::stats::percentile;

/// Runs for the uncertainty band shown with lessons that have random incidents.
const LESSON_RUNS: u64 = 10_000;
/// Narrative line width, characters.
const WRAP: usize = 92;

/// Where the lessons are looked for when `--dir` is not given, from the current folder upward.
const LESSONS_DIR: &str = "scenarios/lessons";

/// The lessons folder: `--dir`, or `scenarios/lessons` in the current folder or the nearest one
/// above that has it.
fn lessons_dir(args: &LessonsArgs) -> anyhow::Result<PathBuf> {
    if let Some(dir) = &args.dir {
        if !dir.is_dir() {
            anyhow::bail!("{}: not a directory of lessons", dir.display());
        }
        return Ok(dir.clone());
    }
    let here = std::env::current_dir()?;
    here.ancestors()
        .map(|a| a.join(LESSONS_DIR))
        .find(|d| d.is_dir())
        .ok_or_else(|| {
            anyhow::anyhow!(
                "no {LESSONS_DIR} folder in {} or any folder above it: run from the repository, or pass --dir",
                here.display()
            )
        })
}

fn lesson_files(args: &LessonsArgs) -> anyhow::Result<(PathBuf, Vec<PathBuf>)> {
    let dir = lessons_dir(args)?;
    let found = scenario_files(&dir)?;
    for skipped in &found.skipped {
        note(format!(
            "skipped {}: {}",
            skipped.path.display(),
            skipped.reason
        ));
    }
    Ok((dir, found.files))
}

pub(crate) fn lessons(
    args: &LessonsArgs,
    ctx: &Context,
    out: &mut dyn Write,
) -> anyhow::Result<u8> {
    let (dir, files) = lesson_files(args)?;
    match &args.action {
        None => {
            let mut table = Table::new(&[
                ("lesson", Align::Left),
                ("title", Align::Left),
                ("claims", Align::Right),
            ]);
            for file in &files {
                let name = file
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default();
                match ctx.loader.load_scenario(file) {
                    Ok(s) => table.row(vec![name, s.title, s.claims.len().to_string()]),
                    Err(e) => table.row(vec![
                        name,
                        format!("(invalid: {})", e.headline()),
                        String::new(),
                    ]),
                }
            }
            write!(out, "{}", table.render(""))?;
            writeln!(
                out,
                "\nShow one with `armored-train lessons show 1`; open them in the desktop app from its Lessons menu."
            )?;
            Ok(exit::OK)
        }
        Some(LessonAction::Export { name, to }) => {
            let file = find_lesson(&files, name, &dir)?;
            let scenario = load::scenario(&ctx.loader, file, &Overrides::default())?;
            let run = load::run(&scenario)?;
            let stem = file
                .file_stem()
                .map(|s| format!("lesson-{}", s.to_string_lossy()))
                .unwrap_or_else(|| "lesson".into());
            let inputs = vec![file.clone(), scenario.route.source.path.clone()];
            let [sheet, key] = super::worksheet::export(&run, &stem, to, &inputs)?;
            writeln!(out, "{}\n{}", sheet.display(), key.display())?;
            note(format!(
                "wrote the worksheet and its answer key for {}",
                scenario.title
            ));
            Ok(exit::OK)
        }
        Some(LessonAction::Show { name }) => {
            let file = find_lesson(&files, name, &dir)?;
            let scenario = load::scenario(&ctx.loader, file, &Overrides::default())?;
            let run = load::run(&scenario)?;
            writeln!(
                out,
                "{}\n{}\n",
                scenario.title,
                "=".repeat(scenario.title.chars().count())
            )?;
            if let Some(lesson) = &scenario.lesson {
                for line in wrap(lesson, WRAP) {
                    writeln!(out, "{line}")?;
                }
                writeln!(out)?;
            }
            write!(out, "{}", text(&run, ctx.palette))?;
            if let Some(random) = scenario.random {
                let (mut arrivals, _) = arrivals(scenario.spec(), LESSON_RUNS, &[], None)?;
                arrivals.sort_by(f64::total_cmp);
                let last = scenario.route.stations.len() - 1;
                let at = |p: f64| {
                    run.local_at_station(percentile(&arrivals, p), last)
                        .strftime("%a %H:%M")
                        .to_string()
                };
                writeln!(
                    out,
                    "\nUncertainty ({LESSON_RUNS} journeys, seed {}): arrival P5 {}, P50 {}, P95 {} (undisturbed {})",
                    random.seed,
                    at(0.05),
                    at(0.5),
                    at(0.95),
                    run.local_at_station(run.planned.arrival_s, last)
                        .strftime("%a %H:%M")
                )?;
            }
            Ok(if run.all_hold() {
                exit::OK
            } else {
                exit::FAILED
            })
        }
    }
}

/// The lesson called `name` (its number or its file name).
fn find_lesson<'a>(
    files: &'a [PathBuf],
    name: &str,
    dir: &std::path::Path,
) -> anyhow::Result<&'a PathBuf> {
    files
        .iter()
        .find(|f| {
            let stem = f
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            stem == name || stem.split('-').next() == Some(name)
        })
        .ok_or_else(|| {
            anyhow::anyhow!(
                "no lesson {name:?} in {} (see `armored-train lessons`)",
                dir.display()
            )
        })
}

/// Greedy word wrap.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}
