//! The charts panel: space-time (Marey) diagram planned vs actual with a "now" cursor, the
//! estimate drift, and the event log. The series come from `train_analysis::series`.
use super::intent::Intent;
use super::journey::JourneyState;
use super::playback::Playback;
use super::theme;
use bevy_egui::egui;
use egui_plot::{Legend, Line, Plot, VLine};
use train_analysis::series;
use train_scenario::timetable::Timetable;
use train_sim::Journey;

/// Height of each chart, logical pixels.
const CHART_HEIGHT: f32 = 190.0;
/// Event-log text size (fits the panel's width).
const LOG_TEXT_SIZE: f32 = 10.5;
/// Points per hour when sampling a trajectory for the Marey diagram.
const SAMPLES_PER_HOUR: f64 = 12.0;
/// Seconds in an hour.
const S_PER_H: f64 = 3600.0;
/// Estimates reported up to this long after "now" are already in the log (rounding of "now").
const LOG_LEAD_S: f64 = 1.0;

/// (hours since departure, km) along a journey, as plot points.
pub(crate) fn marey_series(journey: &Journey) -> Vec<[f64; 2]> {
    series::marey(journey, SAMPLES_PER_HOUR)
        .into_iter()
        .map(|(h, km)| [h, km])
        .collect()
}

/// (report time h, drift of the estimate from the first one in minutes), as steps to the arrival.
pub(crate) fn drift_series(timetable: &Timetable) -> Vec<[f64; 2]> {
    series::drift_steps(timetable, timetable.travel_time_s / S_PER_H)
        .into_iter()
        .map(|(x, y)| [x, y])
        .collect()
}

pub(super) fn show(
    ui: &mut egui::Ui,
    state: &JourneyState,
    playback: &Playback,
    asked: &mut Vec<Intent>,
) {
    let run = &state.run;
    let now_h = playback.t_s / S_PER_H;
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
        asked.push(Intent::Seek(point.x * S_PER_H));
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
                Line::new("ETA drift", drift_series(&state.timetable))
                    .color(theme::to_egui(theme::level(train_sim::Level::High)))
                    .width(2.0),
            );
            plot.vline(VLine::new("now", now_h).color(egui::Color32::RED));
        });
    ui.strong("Event log");
    event_log(ui, &state.timetable, playback.t_s);
}

fn event_log(ui: &mut egui::Ui, timetable: &Timetable, t_s: f64) {
    egui::ScrollArea::vertical()
        .stick_to_bottom(true)
        .show(ui, |ui| {
            for e in timetable
                .estimates
                .iter()
                .filter(|e| e.t_s <= t_s + LOG_LEAD_S)
            {
                let line = format!(
                    "{} {:>6.1} {:<21} ETA {}",
                    e.at.zoned.strftime("%a %H:%M"),
                    e.km,
                    e.trigger_name,
                    e.eta.zoned.strftime("%a %H:%M")
                );
                ui.label(egui::RichText::new(line).monospace().size(LOG_TEXT_SIZE));
            }
        });
}
