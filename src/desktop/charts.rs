//! The charts panel: the space-time diagram in the manner of OSRD's (the itinerary's stations as
//! its distance axis, the "manchette"; local clock time with day labels and marks where the zone
//! changes; planned, simulated and observed; night bands; a cursor shared with the map and the time
//! slider; zoom and pan in its enlarged window, with PNG export), the estimate drift with the
//! Monte Carlo and nowcast bands, and the event log. The series come from `train_analysis`.
use super::geo::label_rank;
use super::intent::Intent;
use super::journey::JourneyState;
use super::playback::Playback;
use super::theme;
use super::uncertainty::Bands;
use bevy::prelude::*;
use bevy_egui::egui;
use egui_plot::{GridMark, Legend, Line, Plot, PlotPoints, Points, Polygon, VLine};
use train_analysis::series;
use train_scenario::Route;
use train_scenario::timetable::Timetable;
use train_sim::{Journey, Trigger};

/// Height of each chart in the side panel, logical pixels.
const CHART_HEIGHT: f32 = 190.0;
/// Size of the enlarged space-time window, logical pixels.
const LARGE_CHART: (f32, f32) = (860.0, 520.0);
/// Event-log text size (fits the panel's width).
const LOG_TEXT_SIZE: f32 = 10.5;
/// egui_plot's smallest grid spacing (its default), screen points: its grid spacers are told the
/// step this many points make.
const PLOT_GRID_MIN_PX: f32 = 8.0;
/// Room a day's name needs on the time axis, screen points (egui_plot draws an x label in full
/// from 80 points apart, faded from 60).
const DAY_LABEL_PX: f32 = 80.0;
/// Points per hour between the trajectory's own corners (every start of acceleration, cruise or
/// braking is a point already, and a cruise is a straight line on the diagram): enough for the
/// short curves of accelerating and braking; more only costs tessellation every frame.
const SAMPLES_PER_HOUR: f64 = 2.0;
/// Seconds in an hour, hours in a day.
const S_PER_H: f64 = 3600.0;
const H_PER_DAY: f64 = 24.0;
/// Estimates reported up to this long after "now" are already in the log (rounding of "now").
const LOG_LEAD_S: f64 = 1.0;
/// Height of a station name on the distance axis, with its spacing, logical pixels: names
/// closer than this on screen are thinned out.
const MANCHETTE_LABEL_PX: f32 = 15.0;

/// Where the pointer is on the space-time diagram, shared with the map (a ghost train there).
#[derive(Resource, Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct ChartCursor {
    /// Seconds since departure under the pointer, while it is over the diagram.
    pub(crate) t_s: Option<f64>,
}

/// Whether the space-time diagram is shown in its own large window.
#[derive(Resource, Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct LargeChart {
    pub(crate) open: bool,
}

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

/// The manchette: every station of the itinerary in the order travelled, as (km, name; a
/// second visit reads `Khasan (again)`). An itinerary that doubles back lists a station once per
/// visit, each at its own km.
pub(crate) fn manchette(route: &Route) -> Vec<(f64, String)> {
    route
        .stations
        .iter()
        .map(|s| (s.km, visit_name(s)))
        .collect()
}

/// A station's name as a class reads it: `Khasan (again)` where the reports write `Khasan#2`.
fn visit_name(station: &train_scenario::Station) -> String {
    if station.visit > 1 {
        format!("{} (again)", station.name)
    } else {
        station.name.clone()
    }
}

/// Times the zone in force at the train changes, in hours since departure, with the new offset.
fn zone_changes(timetable: &Timetable) -> Vec<(f64, String)> {
    timetable
        .stations
        .windows(2)
        .filter(|w| w[0].offset != w[1].offset)
        .filter_map(|w| {
            let t = w[1].arrive_s.or(w[1].depart_s)?;
            Some((t / S_PER_H, w[1].offset.clone()))
        })
        .collect()
}

/// Local midnights at the train's position, hours since departure, with "Wed 13" labels.
fn midnights(state: &JourneyState) -> Vec<(f64, String)> {
    let run = &state.run;
    let end_h = run.journey.arrival_s.max(run.planned.arrival_s) / S_PER_H;
    let mut out = Vec::new();
    let mut h = 0.0;
    while h <= end_h {
        let km = run
            .journey
            .state_at(h * S_PER_H)
            .map_or(0.0, |(x, _)| train_sim::units::m_to_km(x));
        let local = run.local_at_km(h * S_PER_H, km);
        // Hours to the next local midnight from here.
        let since_midnight = f64::from(local.hour()) + f64::from(local.minute()) / 60.0;
        let to_midnight = H_PER_DAY - since_midnight;
        h += to_midnight.max(1.0 / 60.0);
        if h <= end_h {
            let next = run.local_at_km(h * S_PER_H, km);
            out.push((h, next.strftime("%a %d").to_string()));
        }
    }
    out
}

/// The local clock at `h` hours since departure, at the train's position then: "Wed 13 04:00".
fn clock_at(state: &JourneyState, h: f64) -> String {
    let run = &state.run;
    let km = run
        .journey
        .state_at(h * S_PER_H)
        .map_or(0.0, |(x, _)| train_sim::units::m_to_km(x));
    run.local_at_km(h * S_PER_H, km)
        .strftime("%a %d %H:%M")
        .to_string()
}

/// The space-time diagram; returns the pointer's time when it is over it, and pushes a seek on a
/// click.
fn space_time(
    ui: &mut egui::Ui,
    state: &JourneyState,
    playback: &Playback,
    night: &[(f64, f64)],
    size: Option<(f32, f32)>,
    asked: &mut Vec<Intent>,
) -> Option<f64> {
    let run = &state.run;
    let now_h = playback.t_s / S_PER_H;
    let route = &run.scenario.route;
    let stations = manchette(route);
    let length = route.length_km();
    // The axis names the itinerary's places first, then its stops, then (zoomed in) the other
    // stations, leaving out a name that would overlap one already there.
    let mut by_priority: Vec<(u8, f64)> = stations
        .iter()
        .enumerate()
        .map(|(i, (km, _))| (label_rank(route, i), *km))
        .collect();
    by_priority.sort_by_key(|p| p.0);
    let departure = run.scenario.departure;
    // (hours since departure, km, "place: source") of each timed observation.
    let observed_points: Vec<(f64, f64, String)> = run
        .scenario
        .observations
        .iter()
        .filter_map(|o| {
            let t = o.timestamp()?;
            let h = train_scenario::time::seconds_between(departure, t) / S_PER_H;
            let station = &route.stations[o.station];
            Some((
                h,
                station.km,
                format!("observed at {}: {}", visit_name(station), o.source),
            ))
        })
        .collect();
    let observed_hover = observed_points.clone();
    let height_px = size.map_or(CHART_HEIGHT, |(_, h)| h);
    let gap_share = f64::from(MANCHETTE_LABEL_PX / height_px);
    let mut plot = Plot::new(if size.is_some() {
        "marey-large"
    } else {
        "marey"
    })
    .allow_scroll(false)
    .y_grid_spacer(move |input| {
        // A mark at every stop (and, zoomed in, every station), thinned to fit.
        let span = (input.bounds.1 - input.bounds.0).max(1.0);
        let mut marks: Vec<GridMark> = Vec::new();
        let zoomed_in = span < length / 4.0;
        for (rank, km) in &by_priority {
            if *rank == 2 && !zoomed_in {
                break;
            }
            if marks
                .iter()
                .all(|m| (m.value - km).abs() > span * gap_share)
            {
                marks.push(GridMark {
                    value: *km,
                    step_size: span,
                });
            }
        }
        marks
    })
    .y_axis_formatter({
        let names = stations.clone();
        move |mark, _| {
            names
                .iter()
                .find(|(km, _)| (km - mark.value).abs() < 1e-6)
                .map(|(_, n)| n.clone())
                .unwrap_or_default()
        }
    })
    .x_grid_spacer({
        let days = midnights(state);
        move |input| {
            let span = (input.bounds.1 - input.bounds.0).max(1.0);
            let step = if span > 3.0 * H_PER_DAY {
                H_PER_DAY
            } else if span > H_PER_DAY {
                6.0
            } else {
                1.0
            };
            // Every midnight is a line; on a long trip only every n-th is named, so that the
            // names have room (egui_plot names a mark only when its step is wide enough).
            let h_per_px = input.base_step_size / f64::from(PLOT_GRID_MIN_PX);
            let label_every = (f64::from(DAY_LABEL_PX) * h_per_px / H_PER_DAY)
                .ceil()
                .max(1.0);
            let mut marks: Vec<GridMark> = days
                .iter()
                .enumerate()
                .map(|(i, (h, _))| GridMark {
                    value: *h,
                    step_size: if i % label_every as usize == 0 {
                        H_PER_DAY * label_every
                    } else {
                        H_PER_DAY
                    },
                })
                .collect();
            if step < H_PER_DAY {
                let mut h = (input.bounds.0 / step).ceil() * step;
                while h <= input.bounds.1 {
                    marks.push(GridMark {
                        value: h,
                        step_size: step,
                    });
                    h += step;
                }
            }
            marks
        }
    })
    .x_axis_formatter(move |mark, _| {
        if mark.step_size >= H_PER_DAY {
            clock_at(state, mark.value)[..6].to_string()
        } else {
            clock_at(state, mark.value)[7..].to_string()
        }
    })
    .label_formatter(move |hover| {
        // Over an observed time: its place and source (the record, not the model).
        if let egui_plot::HoverPosition::NearDataPoint {
            plot_name: "observed",
            position,
            ..
        } = hover
            && let Some((_, _, text)) = observed_hover.iter().min_by(|a, b| {
                let d =
                    |p: &(f64, f64, String)| (p.0 - position.x).abs() + (p.1 - position.y).abs();
                d(a).total_cmp(&d(b))
            })
        {
            return Some(format!("{text}\n{}", clock_at(state, position.x)));
        }
        let (name, value) = match hover {
            egui_plot::HoverPosition::NearDataPoint {
                plot_name,
                position,
                ..
            } => (*plot_name, *position),
            egui_plot::HoverPosition::Elsewhere { position } => ("", *position),
        };
        let place = stations
            .iter()
            .min_by(|a, b| (a.0 - value.y).abs().total_cmp(&(b.0 - value.y).abs()))
            .map(|(_, n)| n.clone())
            .unwrap_or_default();
        let who = if name.is_empty() {
            String::new()
        } else {
            format!("{name}\n")
        };
        Some(format!(
            "{who}{}\nkm {:.0}, near {place}",
            clock_at(state, value.x),
            value.y
        ))
    });
    plot = match size {
        Some((w, h)) => plot
            .width(w)
            .height(h)
            .legend(Legend::default().position(egui_plot::Corner::RightBottom)),
        None => plot
            .height(CHART_HEIGHT)
            .allow_drag(false)
            .allow_zoom(false),
    };
    let top = length * 1.02;
    let response = plot.show(ui, |plot| {
        for (i, (from, to)) in night.iter().enumerate() {
            let name = if i == 0 { "night" } else { "" };
            plot.polygon(
                Polygon::new(
                    name,
                    PlotPoints::from(vec![[*from, 0.0], [*to, 0.0], [*to, top], [*from, top]]),
                )
                .fill_color(theme::NIGHT_BAND)
                .stroke(egui::Stroke::NONE),
            );
        }
        for (h, offset) in zone_changes(&state.timetable) {
            plot.vline(
                VLine::new(format!("clock change to {offset}"), h)
                    .color(theme::ZONE_MARK)
                    .style(egui_plot::LineStyle::dashed_dense()),
            );
        }
        plot.line(
            Line::new("planned", marey_series(&run.planned))
                .color(egui::Color32::GRAY)
                .style(egui_plot::LineStyle::dashed_loose()),
        );
        plot.line(
            Line::new("simulated", marey_series(&run.journey))
                .color(theme::to_egui(theme::ROUTE_DONE))
                .width(2.0),
        );
        let observed: Vec<[f64; 2]> = observed_points.iter().map(|(h, km, _)| [*h, *km]).collect();
        if !observed.is_empty() {
            plot.points(
                Points::new("observed", observed)
                    .radius(4.5)
                    .color(theme::OBSERVED)
                    .shape(egui_plot::MarkerShape::Diamond),
            );
        }
        plot.vline(VLine::new("now", now_h).color(egui::Color32::RED));
        plot.pointer_coordinate()
    });
    if response.response.clicked()
        && let Some(point) = response.inner
    {
        asked.push(Intent::Seek(point.x * S_PER_H));
    }
    response
        .inner
        .filter(|_| response.response.hovered())
        .map(|p| p.x * S_PER_H)
}

pub(super) fn show(
    ui: &mut egui::Ui,
    state: &JourneyState,
    playback: &Playback,
    bands: &Bands,
    large: &mut LargeChart,
    asked: &mut Vec<Intent>,
) -> Option<f64> {
    let now_h = playback.t_s / S_PER_H;
    let night = &state.night;
    ui.horizontal(|ui| {
        ui.strong("Space-time diagram");
        if ui.small_button("Enlarge").clicked() {
            large.open = true;
        }
    });
    let mut hovered = space_time(ui, state, playback, night, None, asked);
    if large.open {
        let mut open = true;
        egui::Window::new("Space-time diagram")
            .open(&mut open)
            .default_size(egui::vec2(LARGE_CHART.0, LARGE_CHART.1 + 40.0))
            .show(ui.ctx(), |ui| {
                let mut save = false;
                ui.horizontal(|ui| {
                    ui.label("Drag to pan, wheel to zoom, double-click to reset.");
                    save = ui.button("Save PNG").clicked();
                });
                let inner = space_time(ui, state, playback, night, Some(LARGE_CHART), asked);
                hovered = hovered.or(inner);
                if save {
                    let r = ui.min_rect();
                    asked.push(Intent::ExportChart([
                        r.min.x,
                        r.min.y,
                        r.width(),
                        r.height(),
                    ]));
                }
            });
        if !open {
            large.open = false;
        }
    }
    ui.strong("Arrival estimate drift (minutes vs the first estimate)");
    Plot::new("drift")
        .height(CHART_HEIGHT * 0.7)
        .x_axis_label("hours")
        .y_axis_label("min")
        .include_y(-5.0)
        .include_y(5.0)
        // The whole journey's span from the start, while the line fills in.
        .include_x(0.0)
        .include_x(state.timetable.travel_time_s / S_PER_H)
        .allow_scroll(false)
        .show(ui, |plot| {
            bands.draw(plot);
            // Only the estimates reported by now: the chart fills in as the journey plays, and
            // gives away no surprise ahead.
            let mut reported: Vec<[f64; 2]> = drift_series(&state.timetable)
                .into_iter()
                .take_while(|p| p[0] <= now_h)
                .collect();
            if let Some(&[h, drift]) = reported.last()
                && h < now_h
            {
                reported.push([now_h, drift]);
            }
            plot.line(
                Line::new("ETA drift", reported)
                    .color(theme::to_egui(theme::level(train_sim::Level::High)))
                    .width(2.0),
            );
            plot.vline(VLine::new("now", now_h).color(egui::Color32::RED));
        });
    bands.status(ui);
    ui.strong("Event log: time, km, event, arrival estimate");
    event_log(
        ui,
        &state.run.scenario.route,
        &state.timetable,
        playback.t_s,
    );
    hovered
}

/// What happened, in words for the event log (the reports write it in scenario syntax,
/// `Pass(Khor#2)`, which a class need not read).
fn event_words(route: &Route, trigger: Trigger) -> String {
    let place = |i: usize| visit_name(&route.stations[i]);
    match trigger {
        Trigger::Departure => "sets off".into(),
        Trigger::Arrive(i) => format!("stops at {}", place(i)),
        Trigger::Depart(i) => format!("leaves {}", place(i)),
        Trigger::Pass(i) => format!("passes {}", place(i)),
        Trigger::LevelChange(level) => format!("security {}", level.name()),
        Trigger::IncidentStart(n) => format!("incident {}: halt", n + 1),
        Trigger::IncidentEnd(n) => format!("incident {}: moves on", n + 1),
    }
}

/// Width of the event column of the log, characters (longer events are cut short with "…").
const LOG_EVENT_CHARS: usize = 24;

fn event_log(ui: &mut egui::Ui, route: &Route, timetable: &Timetable, t_s: f64) {
    // Estimates are in time order: those reported by now are a prefix.
    let shown = timetable
        .estimates
        .partition_point(|e| e.t_s <= t_s + LOG_LEAD_S);
    let font = egui::FontId::monospace(LOG_TEXT_SIZE);
    let row_height = ui.ctx().fonts_mut(|f| f.row_height(&font));
    // Only the rows in view are laid out (a ten-day trip has hundreds).
    egui::ScrollArea::vertical()
        .stick_to_bottom(true)
        .show_rows(ui, row_height, shown, |ui, rows| {
            // A row never wraps: a wrapped row would read as two events.
            ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Truncate);
            for e in &timetable.estimates[rows] {
                let mut event = event_words(route, e.trigger);
                if event.chars().count() > LOG_EVENT_CHARS {
                    event = event.chars().take(LOG_EVENT_CHARS - 1).collect::<String>() + "…";
                }
                let line = format!(
                    "{} {:>6.1} {:<LOG_EVENT_CHARS$} {}",
                    e.at.zoned.strftime("%a %H:%M"),
                    e.km,
                    event,
                    e.eta.zoned.strftime("%a %H:%M")
                );
                ui.label(egui::RichText::new(line).font(font.clone()));
            }
        });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_event_log_says_what_happened_in_words() {
        let state = super::super::tests::trip_state("scenarios/trips/2023-circuit.ron");
        let route = &state.run.scenario.route;
        let khasan = route
            .stations
            .iter()
            .position(|s| s.name == "Khasan")
            .unwrap();
        let again = route
            .stations
            .iter()
            .position(|s| s.name == "Khasan" && s.visit == 2)
            .unwrap();
        assert_eq!(event_words(route, Trigger::Departure), "sets off");
        assert_eq!(
            event_words(route, Trigger::Arrive(khasan)),
            "stops at Khasan"
        );
        assert_eq!(
            event_words(route, Trigger::Pass(again)),
            "passes Khasan (again)"
        );
        assert_eq!(
            event_words(route, Trigger::LevelChange(train_sim::Level::High)),
            "security High"
        );
        assert_eq!(
            event_words(route, Trigger::IncidentStart(0)),
            "incident 1: halt"
        );
    }
}
