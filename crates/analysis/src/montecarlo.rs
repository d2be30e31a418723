//! Monte Carlo batches: many journeys of a scenario with its random incidents, in parallel, and
//! the spread of the arrival. Run `i` uses random stream `i`, so the numbers do not depend on the
//! thread count, and run 0 is the scenario's own journey.
use crate::stats::percentile;
use rayon::prelude::*;
use serde::Serialize;
use std::time::Instant;
use thiserror::Error;
use train_scenario::time::{rfc3339, seconds_between};
use train_scenario::{Check, Run};
use train_sim::montecarlo::{BatchScratch, Deadline, run_range};
use train_sim::{JourneySpec, SimError};

/// Most journeys one batch may run (8 bytes each are kept for the percentiles).
pub const MAX_RUNS: u64 = 50_000_000;
/// Most events (stations passed plus random incidents) one batch may simulate: about 20 s on
/// 2 cores, so a file with 10,000 incidents per journey cannot ask for 50 million runs (hours).
pub const MAX_BATCH_EVENTS: f64 = 1e9;
/// Journeys per work item: large enough to amortise scheduling, small enough to balance 2 cores.
const CHUNK: usize = 16_384;

/// A batch that cannot run.
#[derive(Debug, Clone, PartialEq, Error)]
#[non_exhaustive]
pub enum BatchError {
    /// Too few or too many runs.
    #[error("--runs {0}: must be between 1 and {MAX_RUNS}")]
    Runs(u64),
    /// Runs of long journeys whose events add up to more than [`MAX_BATCH_EVENTS`].
    #[error(
        "--runs {runs}: each journey has about {events_per_run:.0} events (stations and expected random incidents), so {runs} runs would take more than the {MAX_BATCH_EVENTS} events a batch may run; use at most {most} runs"
    )]
    TooMuchWork {
        /// Runs asked for.
        runs: u64,
        /// Stations plus expected incidents of one journey.
        events_per_run: f64,
        /// The most runs the budget allows.
        most: u64,
    },
    /// No worker thread, or more than [`MAX_THREADS`].
    #[error("--threads {0}: must be between 1 and {MAX_THREADS}")]
    Threads(usize),
    /// The thread pool could not start.
    #[error("cannot start worker threads: {0}")]
    Pool(String),
    /// A journey could not finish.
    #[error("{0}")]
    Sim(#[from] SimError),
}

/// Most worker threads a batch may start: more than any machine's cores gains nothing, and each
/// costs a stack (100,000 threads would exhaust memory before the first run).
pub const MAX_THREADS: usize = 256;

/// Arrivals (s) of runs `0..runs` and, per deadline, how many runs met it; computed in parallel on
/// the current rayon pool, identical for any thread count. `progress` is told how many runs each
/// finished chunk held.
pub fn arrivals(
    spec: &JourneySpec,
    runs: u64,
    deadlines: &[Deadline],
    progress: Option<&(dyn Fn(u64) + Sync)>,
) -> Result<(Vec<f64>, Vec<u64>), BatchError> {
    if runs == 0 || runs > MAX_RUNS {
        return Err(BatchError::Runs(runs));
    }
    let track = spec.track();
    let length_m = track.destination_m() - track.origin_m();
    let events_per_run =
        track.stations().len() as f64 + spec.random().map_or(0.0, |r| r.expected_count(length_m));
    if runs as f64 * events_per_run > MAX_BATCH_EVENTS {
        return Err(BatchError::TooMuchWork {
            runs,
            events_per_run,
            most: (MAX_BATCH_EVENTS / events_per_run) as u64,
        });
    }
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
            if let Some(progress) = progress {
                progress(chunk.len() as u64);
            }
            Ok(met)
        })
        .try_reduce(
            || vec![0u64; deadlines.len()],
            |a, b| Ok(a.iter().zip(&b).map(|(x, y)| x + y).collect()),
        )
        .map_err(BatchError::Sim)?;
    Ok((arrivals, met))
}

/// The statistics of a batch (the JSON of `montecarlo --format json`).
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    /// Journeys run.
    pub runs: u64,
    /// The random seed, if the scenario has random incidents.
    pub seed: Option<u64>,
    /// The arrival with nothing unforeseen, destination local time.
    pub undisturbed_arrival: String,
    /// Percentiles and mean of the arrival, destination local time.
    pub arrival: Percentiles,
    /// Percentiles and mean of the delay against the undisturbed arrival, s.
    pub delay_s: PercentilesS,
    /// The share of runs meeting each `Arrive` expectation of the scenario.
    pub expectations: Vec<DeadlineShare>,
    /// Throughput.
    pub journeys_per_second: f64,
    /// Worker threads used.
    pub threads: usize,
}

/// Percentiles of an arrival, as local times.
#[derive(Debug, Clone, Serialize)]
pub struct Percentiles {
    /// 5th percentile.
    pub p5: String,
    /// Median.
    pub p50: String,
    /// 95th percentile.
    pub p95: String,
    /// Mean.
    pub mean: String,
}

/// Percentiles of a delay, s.
#[derive(Debug, Clone, Serialize)]
pub struct PercentilesS {
    /// 5th percentile.
    pub p5: f64,
    /// Median.
    pub p50: f64,
    /// 95th percentile.
    pub p95: f64,
    /// Mean.
    pub mean: f64,
    /// Standard error of the mean.
    pub std_error_of_mean: f64,
}

/// How often an `Arrive` expectation was met.
#[derive(Debug, Clone, Serialize)]
pub struct DeadlineShare {
    /// Station.
    pub station: String,
    /// The expected time, as written.
    pub at: String,
    /// Tolerance.
    pub within: String,
    /// Share of runs within it.
    pub share: f64,
}

/// A finished batch: the summary and the sorted arrivals (s since departure).
#[derive(Debug, Clone)]
pub struct Batch {
    /// The statistics.
    pub summary: Summary,
    /// Every arrival, sorted.
    pub sorted_arrivals_s: Vec<f64>,
    /// The undisturbed arrival, s.
    pub undisturbed_s: f64,
    /// Wall time of the batch, s.
    pub elapsed_s: f64,
}

/// Runs `runs` journeys of `base`'s scenario on `threads` threads (all cores when `None`).
pub fn run_batch(
    base: &Run,
    runs: u64,
    threads: Option<usize>,
    progress: Option<&(dyn Fn(u64) + Sync)>,
) -> Result<Batch, BatchError> {
    let scenario = &base.scenario;
    let threads = threads.unwrap_or_else(rayon::current_num_threads);
    if threads == 0 || threads > MAX_THREADS {
        return Err(BatchError::Threads(threads));
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| BatchError::Pool(e.to_string()))?;
    let watched: Vec<(Deadline, DeadlineShare)> = scenario
        .expect
        .iter()
        .filter_map(|check| match check {
            Check::Arrive {
                station,
                at,
                within,
            } => {
                let t = seconds_between(scenario.departure, at.timestamp);
                Some((
                    Deadline {
                        station: *station,
                        earliest_s: t - within.value,
                        latest_s: t + within.value,
                    },
                    DeadlineShare {
                        station: scenario.route.stations[*station].name.clone(),
                        at: at.text.clone(),
                        within: within.text.clone(),
                        share: 0.0,
                    },
                ))
            }
            _ => None,
        })
        .collect();
    let deadlines: Vec<Deadline> = watched.iter().map(|d| d.0).collect();
    let started = Instant::now();
    let (mut sorted, met) =
        pool.install(|| arrivals(scenario.spec(), runs, &deadlines, progress))?;
    let elapsed_s = started.elapsed().as_secs_f64();
    let undisturbed = base.planned.arrival_s;
    let n = sorted.len() as f64;
    let mean = sorted.iter().sum::<f64>() / n;
    let variance = sorted.iter().map(|a| (a - mean).powi(2)).sum::<f64>() / (n - 1.0).max(1.0);
    sorted.sort_by(f64::total_cmp);
    let last = scenario.route.stations.len() - 1;
    let clock = |t: f64| rfc3339(&base.local_at_station(t, last));
    let summary = Summary {
        runs,
        seed: scenario.random.map(|r| r.seed),
        undisturbed_arrival: clock(undisturbed),
        arrival: Percentiles {
            p5: clock(percentile(&sorted, 0.05)),
            p50: clock(percentile(&sorted, 0.5)),
            p95: clock(percentile(&sorted, 0.95)),
            mean: clock(mean),
        },
        delay_s: PercentilesS {
            p5: percentile(&sorted, 0.05) - undisturbed,
            p50: percentile(&sorted, 0.5) - undisturbed,
            p95: percentile(&sorted, 0.95) - undisturbed,
            mean: mean - undisturbed,
            std_error_of_mean: (variance / n).sqrt(),
        },
        expectations: watched
            .into_iter()
            .zip(&met)
            .map(|((_, share), &k)| DeadlineShare {
                share: k as f64 / n,
                ..share
            })
            .collect(),
        journeys_per_second: n / elapsed_s,
        threads,
    };
    Ok(Batch {
        summary,
        sorted_arrivals_s: sorted,
        undisturbed_s: undisturbed,
        elapsed_s,
    })
}
