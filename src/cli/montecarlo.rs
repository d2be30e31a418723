//! `montecarlo`: many journeys in parallel, with the arrival's percentiles, delay, deadline
//! shares, a histogram and the throughput.
use super::args::{MonteCarloArgs, SummaryFormat};
use super::run::{load, simulate};
use super::stats::{bin_counts, percentile};
use super::{EXIT_OK, Fatal};
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;
use serde::Serialize;
use std::io::IsTerminal;
use std::time::Instant;
use train_scenario::duration::format_duration;
use train_scenario::time::seconds_between;
use train_scenario::{Check, Run};
use train_sim::JourneySpec;
use train_sim::montecarlo::{BatchScratch, Deadline, run_range};

/// Most journeys one command may run (8 bytes each are kept for the percentiles).
pub(crate) const MAX_RUNS: u64 = 50_000_000;
/// Journeys per work item: large enough to amortise scheduling, small enough to balance 2 cores.
const CHUNK: usize = 16_384;
/// Histogram bars.
const HISTOGRAM_BINS: usize = 20;
/// Width of the longest histogram bar, characters.
const HISTOGRAM_WIDTH: usize = 50;

/// The statistics of a batch (JSON output).
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Summary {
    pub(crate) runs: u64,
    pub(crate) seed: Option<u64>,
    pub(crate) undisturbed_arrival: String,
    pub(crate) arrival: Percentiles,
    pub(crate) delay_s: PercentilesS,
    pub(crate) expectations: Vec<DeadlineShare>,
    pub(crate) journeys_per_second: f64,
    pub(crate) threads: usize,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct Percentiles {
    pub(crate) p5: String,
    pub(crate) p50: String,
    pub(crate) p95: String,
    pub(crate) mean: String,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct PercentilesS {
    pub(crate) p5: f64,
    pub(crate) p50: f64,
    pub(crate) p95: f64,
    pub(crate) mean: f64,
    pub(crate) std_error_of_mean: f64,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct DeadlineShare {
    pub(crate) station: String,
    pub(crate) at: String,
    pub(crate) within: String,
    pub(crate) share: f64,
}

/// Arrivals (s) of runs 0..n, computed in parallel; identical for any thread count.
pub(crate) fn arrivals(
    spec: &JourneySpec,
    runs: u64,
    deadlines: &[Deadline],
    progress: Option<&ProgressBar>,
) -> Result<(Vec<f64>, Vec<u64>), Fatal> {
    let mut arrivals = vec![0.0f64; runs as usize];
    let met = arrivals
        .par_chunks_mut(CHUNK)
        .enumerate()
        .map_init(BatchScratch::default, |scratch, (i, chunk)| {
            let mut met = vec![0u64; deadlines.len()];
            run_range(
                spec,
                (i * CHUNK) as u64,
                chunk,
                deadlines,
                &mut met,
                scratch,
            )?;
            if let Some(bar) = progress {
                bar.inc(chunk.len() as u64);
            }
            Ok(met)
        })
        .try_reduce(
            || vec![0u64; deadlines.len()],
            |a, b| Ok(a.iter().zip(&b).map(|(x, y)| x + y).collect()),
        )
        .map_err(|e: train_sim::SimError| Fatal(e.to_string()))?;
    Ok((arrivals, met))
}

pub(crate) fn montecarlo(args: &MonteCarloArgs) -> Result<u8, Fatal> {
    if args.runs == 0 || args.runs > MAX_RUNS {
        return Err(Fatal(format!(
            "--runs {}: must be between 1 and {MAX_RUNS}",
            args.runs
        )));
    }
    let scenario = load(&args.scenario, &args.overrides)?;
    if scenario.random.is_none() {
        eprintln!(
            "note: {} has no `random` incidents: every run is the same journey",
            args.scenario.display()
        );
    }
    let threads = args.threads.unwrap_or_else(rayon::current_num_threads);
    if threads == 0 {
        return Err(Fatal("--threads must be at least 1".into()));
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| Fatal(e.to_string()))?;
    let base: Run = simulate(&scenario)?;
    let spec = &base.spec;
    let deadlines: Vec<(Deadline, String, String, String)> = scenario
        .expect
        .iter()
        .filter_map(|check| match check {
            Check::Arrive {
                station,
                at,
                within_s,
            } => {
                let t = seconds_between(scenario.departure, at.timestamp);
                Some((
                    Deadline {
                        station: *station,
                        earliest_s: t - within_s,
                        latest_s: t + within_s,
                    },
                    scenario.route.stations[*station].name.clone(),
                    at.text.clone(),
                    format_duration(*within_s),
                ))
            }
            _ => None,
        })
        .collect();
    let watch: Vec<Deadline> = deadlines.iter().map(|d| d.0).collect();
    let bar = (std::io::stderr().is_terminal()).then(|| {
        let bar = ProgressBar::new(args.runs);
        bar.set_style(
            ProgressStyle::with_template("{bar:40} {pos}/{len} journeys, {per_sec}, eta {eta}")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        bar
    });
    let started = Instant::now();
    let (mut arrivals, met) = pool.install(|| arrivals(spec, args.runs, &watch, bar.as_ref()))?;
    let elapsed = started.elapsed().as_secs_f64();
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    let undisturbed = base.planned.arrival_s;
    let n = arrivals.len() as f64;
    let mean = arrivals.iter().sum::<f64>() / n;
    let variance = arrivals.iter().map(|a| (a - mean).powi(2)).sum::<f64>() / (n - 1.0).max(1.0);
    arrivals.sort_by(f64::total_cmp);
    let last = scenario.route.stations.len() - 1;
    let at = |t: f64| base.local_at_station(t, last);
    let clock = |t: f64| train_scenario::time::rfc3339(&at(t));
    let summary = Summary {
        runs: args.runs,
        seed: scenario.random.map(|r| r.seed),
        undisturbed_arrival: clock(undisturbed),
        arrival: Percentiles {
            p5: clock(percentile(&arrivals, 0.05)),
            p50: clock(percentile(&arrivals, 0.5)),
            p95: clock(percentile(&arrivals, 0.95)),
            mean: clock(mean),
        },
        delay_s: PercentilesS {
            p5: percentile(&arrivals, 0.05) - undisturbed,
            p50: percentile(&arrivals, 0.5) - undisturbed,
            p95: percentile(&arrivals, 0.95) - undisturbed,
            mean: mean - undisturbed,
            std_error_of_mean: (variance / n).sqrt(),
        },
        expectations: deadlines
            .iter()
            .zip(&met)
            .map(|((_, station, at, within), &k)| DeadlineShare {
                station: station.clone(),
                at: at.clone(),
                within: within.clone(),
                share: k as f64 / n,
            })
            .collect(),
        journeys_per_second: n / elapsed,
        threads,
    };
    match args.format {
        SummaryFormat::Json => println!("{}", serde_json::to_string_pretty(&summary)?),
        SummaryFormat::Text => {
            println!(
                "{} — {} journeys (seed {}), {} thread(s)",
                scenario.title,
                args.runs,
                summary.seed.map_or("none".into(), |s| s.to_string()),
                threads
            );
            println!("  undisturbed arrival  {}", summary.undisturbed_arrival);
            println!(
                "  arrival   P5 {}   P50 {}   P95 {}   mean {}",
                summary.arrival.p5, summary.arrival.p50, summary.arrival.p95, summary.arrival.mean
            );
            let d = &summary.delay_s;
            println!(
                "  delay     P5 {}   P50 {}   P95 {}   mean {} (± {} standard error)",
                format_duration(d.p5),
                format_duration(d.p50),
                format_duration(d.p95),
                format_duration(d.mean),
                format_duration(d.std_error_of_mean)
            );
            for share in &summary.expectations {
                println!(
                    "  Arrive {} at {} ± {}: met in {:.1}% of runs",
                    share.station,
                    share.at,
                    share.within,
                    share.share * 100.0
                );
            }
            println!(
                "\n  arrival distribution ({} local time)",
                scenario.route.stations[last].name
            );
            for line in histogram(&arrivals, |t| at(t).strftime("%a %H:%M").to_string()) {
                println!("  {line}");
            }
            println!(
                "\n  {:.0} journeys per second ({} journeys in {:.3} s)",
                summary.journeys_per_second, args.runs, elapsed
            );
        }
    }
    Ok(EXIT_OK)
}

/// Text histogram lines of sorted values.
pub(crate) fn histogram(sorted: &[f64], label: impl Fn(f64) -> String) -> Vec<String> {
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
