//! `montecarlo`: many journeys in parallel, with the arrival's percentiles, delay, deadline
//! shares, a histogram and the throughput.
use super::Context;
use super::args::{MonteCarloArgs, SummaryFormat};
use super::load;
use super::output::note;
use crate::exit;
use indicatif::{ProgressBar, ProgressStyle};
use std::io::{IsTerminal, Write};
use train_analysis::montecarlo::{BatchError, MAX_RUNS, run_batch};
use train_analysis::stats::bin_counts;
use train_scenario::duration::format_duration;

/// Histogram bars.
const HISTOGRAM_BINS: usize = 20;
/// Width of the longest histogram bar, characters.
const HISTOGRAM_WIDTH: usize = 50;

pub(crate) fn montecarlo(
    args: &MonteCarloArgs,
    ctx: &Context,
    out: &mut dyn Write,
) -> anyhow::Result<u8> {
    if args.runs == 0 || args.runs > MAX_RUNS {
        return Err(BatchError::Runs(args.runs).into());
    }
    let scenario = load::scenario(&ctx.loader, &args.scenario, &args.overrides)?;
    if scenario.random.is_none() {
        note(format!(
            "note: {} has no `random` incidents: every run is the same journey",
            args.scenario.display()
        ));
    }
    let base = load::run(&scenario)?;
    let bar = std::io::stderr().is_terminal().then(|| {
        let bar = ProgressBar::new(args.runs);
        bar.set_style(
            ProgressStyle::with_template("{bar:40} {pos}/{len} journeys, {per_sec}, eta {eta}")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        bar
    });
    let progress = |n: u64| {
        if let Some(bar) = &bar {
            bar.inc(n);
        }
    };
    let batch = run_batch(&base, args.runs, args.threads, Some(&progress))?;
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    let summary = &batch.summary;
    match args.format {
        SummaryFormat::Json => writeln!(out, "{}", serde_json::to_string_pretty(summary)?)?,
        SummaryFormat::Text => {
            writeln!(
                out,
                "{} — {} journeys (seed {}), {} thread(s)",
                scenario.title,
                args.runs,
                summary.seed.map_or("none".into(), |s| s.to_string()),
                summary.threads
            )?;
            writeln!(
                out,
                "  undisturbed arrival  {}",
                summary.undisturbed_arrival
            )?;
            writeln!(
                out,
                "  arrival   P5 {}   P50 {}   P95 {}   mean {}",
                summary.arrival.p5, summary.arrival.p50, summary.arrival.p95, summary.arrival.mean
            )?;
            let d = &summary.delay_s;
            writeln!(
                out,
                "  delay     P5 {}   P50 {}   P95 {}   mean {} (± {} standard error)",
                format_duration(d.p5),
                format_duration(d.p50),
                format_duration(d.p95),
                format_duration(d.mean),
                format_duration(d.std_error_of_mean)
            )?;
            for share in &summary.expectations {
                writeln!(
                    out,
                    "  Arrive {} at {} ± {}: met in {:.1}% of runs",
                    share.station,
                    share.at,
                    share.within,
                    share.share * 100.0
                )?;
            }
            let last = scenario.route.stations.len() - 1;
            writeln!(
                out,
                "\n  arrival distribution ({} local time)",
                scenario.route.stations[last].name
            )?;
            let label = |t: f64| {
                base.local_at_station(t, last)
                    .strftime("%a %H:%M")
                    .to_string()
            };
            for line in histogram(&batch.sorted_arrivals_s, label) {
                writeln!(out, "  {line}")?;
            }
            writeln!(
                out,
                "\n  {:.0} journeys per second ({} journeys in {:.3} s)",
                summary.journeys_per_second, args.runs, batch.elapsed_s
            )?;
        }
    }
    Ok(exit::OK)
}

/// Text histogram lines of sorted values.
fn histogram(sorted: &[f64], label: impl Fn(f64) -> String) -> Vec<String> {
    let (Some(&lo), Some(&hi)) = (sorted.first(), sorted.last()) else {
        return Vec::new();
    };
    if hi - lo < 1.0 {
        return vec![format!(
            "{} {} (all runs)",
            label(lo),
            "#".repeat(HISTOGRAM_WIDTH)
        )];
    }
    let width = (hi - lo) / HISTOGRAM_BINS as f64;
    let counts = bin_counts(sorted, lo, width, HISTOGRAM_BINS);
    let max = counts.iter().copied().max().unwrap_or(1).max(1);
    counts
        .iter()
        .enumerate()
        .map(|(i, &c)| {
            let bar = "#".repeat((c * HISTOGRAM_WIDTH).div_ceil(max));
            format!(
                "{} {bar:<w$} {:>5.1}%",
                label(lo + width * i as f64),
                c as f64 * 100.0 / sorted.len() as f64,
                w = HISTOGRAM_WIDTH
            )
        })
        .collect()
}
