//! The charts panel: space-time (Marey) diagram planned vs actual with a "now" cursor, the
//! estimate drift, and the event log. The series are plain functions of the journey (tested).
use super::journey::JourneyState;
use super::playback::Playback;
use super::theme;
use crate::cli::stats::steps;
use bevy::prelude::*;
use bevy_egui::egui;
use egui_plot::{Legend, Line, Plot, VLine};
use train_scenario::Run;
use train_sim::Journey;
use train_sim::units::m_to_km;

/// Height of each chart, logical pixels.
const CHART_HEIGHT: f32 = 190.0;
/// Event-log text size (fits the panel's width).
const LOG_TEXT_SIZE: f32 = 10.5;
/// Points per hour when sampling a trajectory for the Marey diagram.
const SAMPLES_PER_HOUR: f64 = 12.0;

pub(super) fn plugin(_app: &mut App) {}

/// (hours since departure, km) along a journey, sampled and at every motion change.
pub(crate) fn marey_series(journey: &Journey) -> Vec<[f64; 2]> {
    journey
        .samples(SAMPLES_PER_HOUR)
        .into_iter()
        .map(|(t, x, _)| [t / 3600.0, m_to_km(x)])
        .collect()
}

/// (report time h, drift of the estimate from the first one in minutes), as steps.
pub(crate) fn drift_series(journey: &Journey) -> Vec<[f64; 2]> {
    let drift: Vec<(f64, f64)> = journey
        .estimate_drift()
        .iter()
        .map(|&(t, d)| (t / 3600.0, d / 60.0))
        .collect();
    steps(&drift).into_iter().map(|(x, y)| [x, y]).collect()
}

pub(super) fn show(ui: &mut egui::Ui, state: &JourneyState, playback: &mut Playback) {
    let run = &state.run;
    let now_h = playback.t_s / 3600.0;
    ui.strong("Space-time diagram (km vs hours since departure)");
    let response = Plot::new("marey")
        .height(CHART_HEIGHT)
        .legend(Legend::default())
        .x_axis_label("hours")
        .y_axis_label("km")
        .allow_scroll(false)
        .show(ui, |plot| {
            plot.line(
                Line::new("planned", marey_series(&run.planned))
                    .color(egui::Color32::GRAY)
                    .style(egui_plot::LineStyle::dashed_loose()),
            );
            plot.line(
                Line::new("actual", marey_series(&run.journey))
                    .color(theme::to_egui(theme::ROUTE_DONE))
                    .width(2.0),
            );
            plot.vline(VLine::new("now", now_h).color(egui::Color32::RED));
            plot.pointer_coordinate()
        });
    // Click on the diagram to jump there in time.
    if response.response.clicked()
        && let Some(point) = response.inner
    {
        playback.t_s = (point.x * 3600.0).clamp(0.0, state.arrival_s());
    }
    ui.strong("Arrival estimate drift (minutes vs the first estimate)");
    Plot::new("drift")
        .height(CHART_HEIGHT * 0.7)
        .x_axis_label("hours")
        .y_axis_label("min")
        .include_y(-5.0)
        .include_y(5.0)
        .allow_scroll(false)
        .show(ui, |plot| {
            plot.line(
                Line::new("ETA drift", drift_series(&run.journey))
                    .color(theme::to_egui(theme::level(train_sim::Level::High)))
                    .width(2.0),
            );
            plot.vline(VLine::new("now", now_h).color(egui::Color32::RED));
        });
    ui.strong("Event log");
    event_log(ui, run, playback.t_s);
}

fn event_log(ui: &mut egui::Ui, run: &Run, t_s: f64) {
    let last = run.scenario.route.stations.len() - 1;
    egui::ScrollArea::vertical()
        .stick_to_bottom(true)
        .show(ui, |ui| {
            for e in run.journey.estimates.iter().filter(|e| e.t_s <= t_s + 1.0) {
                let at = run.local_at_km(e.t_s, m_to_km(e.x_m));
                let eta = run.local_at_station(e.eta_s, last);
                let line = format!(
                    "{} {:>6.1} {:<21} ETA {}",
                    at.strftime("%a %H:%M"),
                    m_to_km(e.x_m),
                    run.trigger_name(e.trigger),
                    eta.strftime("%a %H:%M")
                );
                ui.label(egui::RichText::new(line).monospace().size(LOG_TEXT_SIZE));
            }
        });
}
