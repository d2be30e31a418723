//! Uncertainty in the app: the Monte Carlo spread of the arrival for a scenario with random
//! incidents (computed on a background thread, with its progress shown, then drawn on the drift
//! chart with a histogram), and the nowcast band as the record's observations are passed (the
//! fit to the observations made by then, from `train_analysis::nowcast`).
use super::AppSystems;
use super::journey::JourneyState;
use super::playback::Playback;
use super::theme;
use bevy::prelude::*;
use bevy_egui::egui;
use egui_plot::{Bar, BarChart, Line, Plot, PlotPoints, Polygon};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use train_analysis::stats::{bin_counts, percentile};

/// Journeys in the app's Monte Carlo batch.
pub(crate) const BAND_RUNS: u64 = 10_000;
/// Bars of the arrival histogram.
const HISTOGRAM_BINS: usize = 24;
/// Height of the histogram, logical pixels.
const HISTOGRAM_HEIGHT: f32 = 60.0;
/// Percentiles drawn.
const LOW: f64 = 0.05;
const MID: f64 = 0.5;
const HIGH: f64 = 0.95;
/// Seconds in an hour and a minute.
const S_PER_H: f64 = 3600.0;
const S_PER_MIN: f64 = 60.0;

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<Bands>()
        .add_systems(Update, update_bands.in_set(AppSystems::Derive));
}

/// A finished Monte Carlo batch: the arrivals, sorted, s since departure.
#[derive(Debug, Clone, Default)]
pub(crate) struct Spread {
    pub(crate) arrivals: Vec<f64>,
}

/// A batch running on its thread.
#[derive(Debug)]
struct Job {
    done: Arc<AtomicU64>,
    result: Arc<Mutex<Option<Result<Vec<f64>, String>>>>,
}

/// A nowcast made when an observation was passed.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct NowcastBand {
    /// When (hours since departure).
    pub(crate) from_h: f64,
    /// The destination estimate and its band, s since departure.
    pub(crate) eta_s: f64,
    pub(crate) low_s: f64,
    pub(crate) high_s: f64,
}

/// The bands of the journey on screen.
#[derive(Resource, Debug, Default)]
pub(crate) struct Bands {
    job: Option<Job>,
    pub(crate) spread: Option<Spread>,
    pub(crate) error: Option<String>,
    /// Nowcasts, one per observation passed so far.
    pub(crate) nowcasts: Vec<NowcastBand>,
    /// The first estimate of the arrival (the drift chart's zero), s.
    first_eta_s: f64,
}

impl Bands {
    /// Runs done of the batch under way, if one is.
    pub(crate) fn progress(&self) -> Option<u64> {
        self.job.as_ref().map(|j| j.done.load(Ordering::Relaxed))
    }

    /// Percentiles of the finished spread, s.
    pub(crate) fn percentiles(&self) -> Option<(f64, f64, f64)> {
        let a = &self.spread.as_ref()?.arrivals;
        (!a.is_empty()).then(|| (percentile(a, LOW), percentile(a, MID), percentile(a, HIGH)))
    }

    /// The bands on the drift chart (minutes against the first estimate).
    pub(crate) fn draw(&self, plot: &mut egui_plot::PlotUi) {
        let minutes = |t: f64| (t - self.first_eta_s) / S_PER_MIN;
        if let (Some((p5, p50, p95)), Some(spread)) = (self.percentiles(), &self.spread) {
            let end = spread.arrivals.last().copied().unwrap_or(0.0) / S_PER_H;
            plot.polygon(
                Polygon::new(
                    "Monte Carlo P5-P95",
                    PlotPoints::from(vec![
                        [0.0, minutes(p5)],
                        [end, minutes(p5)],
                        [end, minutes(p95)],
                        [0.0, minutes(p95)],
                    ]),
                )
                .fill_color(theme::BAND)
                .stroke(egui::Stroke::NONE),
            );
            plot.line(
                Line::new("P50", vec![[0.0, minutes(p50)], [end, minutes(p50)]])
                    .color(egui::Color32::from_rgb(60, 110, 180))
                    .style(egui_plot::LineStyle::dashed_loose()),
            );
        }
        // Each nowcast: its estimate of the arrival, with its band as a bar, at the moment of
        // the observation it was made from.
        for (i, n) in self.nowcasts.iter().enumerate() {
            plot.line(
                Line::new(
                    if i == 0 { "nowcast (band)" } else { "" },
                    vec![[n.from_h, minutes(n.low_s)], [n.from_h, minutes(n.high_s)]],
                )
                .color(theme::OBSERVED)
                .width(3.0),
            );
        }
        if !self.nowcasts.is_empty() {
            let points: Vec<[f64; 2]> = self
                .nowcasts
                .iter()
                .map(|n| [n.from_h, minutes(n.eta_s)])
                .collect();
            plot.points(
                egui_plot::Points::new("nowcast", points)
                    .radius(4.0)
                    .color(theme::OBSERVED),
            );
        }
    }

    /// The batch's progress, or its percentiles with a histogram.
    pub(crate) fn status(&self, ui: &mut egui::Ui) {
        if let Some(done) = self.progress() {
            ui.add(
                egui::ProgressBar::new(done as f32 / BAND_RUNS as f32)
                    .text(format!("Monte Carlo: {done} of {BAND_RUNS} journeys")),
            );
        }
        if let Some(error) = &self.error {
            ui.colored_label(egui::Color32::RED, error);
        }
        if !self.nowcasts.is_empty() {
            ui.colored_label(
                theme::OBSERVED,
                "Orange: at each observed time, the nowcast's arrival with its band",
            );
        }
        let (Some(spread), Some((p5, p50, p95))) = (&self.spread, self.percentiles()) else {
            return;
        };
        let h = |t: f64| format!("{:+.1} h", (t - self.first_eta_s) / S_PER_H);
        ui.label(format!(
            "Arrival over {} journeys: P5 {}, median {}, P95 {} (against the undisturbed arrival; the median is not the most likely time)",
            spread.arrivals.len(),
            h(p5),
            h(p50),
            h(p95)
        ));
        let lo = spread.arrivals.first().copied().unwrap_or(0.0);
        let hi = spread
            .arrivals
            .last()
            .copied()
            .unwrap_or(lo + 1.0)
            .max(lo + 1.0);
        let width = (hi - lo) / HISTOGRAM_BINS as f64;
        let counts = bin_counts(&spread.arrivals, lo, width, HISTOGRAM_BINS);
        let bars: Vec<Bar> = counts
            .iter()
            .enumerate()
            .map(|(i, &c)| {
                Bar::new(
                    (lo + width * (i as f64 + 0.5) - self.first_eta_s) / S_PER_H,
                    c as f64,
                )
                .width(width / S_PER_H)
            })
            .collect();
        Plot::new("arrival-histogram")
            .height(HISTOGRAM_HEIGHT)
            .show_axes([true, false])
            .allow_drag(false)
            .allow_zoom(false)
            .allow_scroll(false)
            .show(ui, |plot| {
                plot.bar_chart(
                    BarChart::new("arrivals", bars).color(egui::Color32::from_rgb(60, 110, 180)),
                )
            });
    }
}

/// Starts a batch for a new journey with random incidents, collects a finished one, and makes a
/// nowcast for each observation the playback passes.
pub(crate) fn update_bands(
    state: Res<JourneyState>,
    playback: Res<Playback>,
    mut bands: ResMut<Bands>,
) {
    let run = &state.run;
    if state.is_changed() {
        bands.spread = None;
        bands.error = None;
        bands.nowcasts.clear();
        bands.first_eta_s = state
            .timetable
            .estimates
            .first()
            .map_or(run.journey.arrival_s, |e| e.eta_s);
        bands.job = run
            .scenario
            .random
            .map(|_| start(run.scenario.spec().clone()));
    }
    let finished = bands
        .job
        .as_ref()
        .and_then(|job| job.result.lock().ok().and_then(|mut slot| slot.take()));
    if let Some(result) = finished {
        match result {
            Ok(arrivals) => bands.spread = Some(Spread { arrivals }),
            Err(e) => bands.error = Some(e),
        }
        bands.job = None;
    }
    // Nowcasts as the record comes in (only for a scenario with something to fit).
    if run.scenario.free.is_empty() {
        return;
    }
    let departure = run.scenario.departure;
    let mut passed: Vec<jiff::Timestamp> = run
        .scenario
        .observations
        .iter()
        .filter_map(|o| o.timestamp())
        .filter(|t| train_scenario::time::seconds_between(departure, *t) <= playback.t_s)
        .collect();
    passed.sort();
    passed.dedup();
    // Seeking back forgets the later nowcasts; moving on adds one per new observation (each is
    // a fit, so only the new ones are made).
    // (Only written when shorter, so that an unchanged list does not mark the bands changed.)
    if bands.nowcasts.len() > passed.len() {
        bands.nowcasts.truncate(passed.len());
    }
    let made = bands.nowcasts.len();
    for &as_of in passed.iter().skip(made) {
        let Ok((report, _)) = train_analysis::nowcast::nowcast(&run.scenario, as_of) else {
            continue;
        };
        let Some(last) = report.stops.last() else {
            continue;
        };
        let at = |text: &str| {
            text.parse::<jiff::Timestamp>()
                .ok()
                .map(|t| train_scenario::time::seconds_between(departure, t))
        };
        if let (Some(eta_s), Some(low_s), Some(high_s)) =
            (at(&last.eta), at(&last.low), at(&last.high))
        {
            bands.nowcasts.push(NowcastBand {
                from_h: train_scenario::time::seconds_between(departure, as_of) / S_PER_H,
                eta_s,
                low_s,
                high_s,
            });
        }
    }
}

/// Starts the batch of a journey on its own thread.
fn start(spec: train_sim::JourneySpec) -> Job {
    let done = Arc::new(AtomicU64::new(0));
    let result = Arc::new(Mutex::new(None));
    let (counter, slot) = (Arc::clone(&done), Arc::clone(&result));
    std::thread::spawn(move || {
        let progress = |n: u64| {
            counter.fetch_add(n, Ordering::Relaxed);
        };
        let outcome = train_analysis::montecarlo::arrivals(&spec, BAND_RUNS, &[], Some(&progress))
            .map(|(mut arrivals, _)| {
                arrivals.sort_by(f64::total_cmp);
                arrivals
            })
            .map_err(|e| e.to_string());
        if let Ok(mut s) = slot.lock() {
            *s = Some(outcome);
        }
    });
    Job { done, result }
}
