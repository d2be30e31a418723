//! What the user asks for, from the keyboard or the panels, as messages applied in one system
//! outside the egui pass (so drawing a panel never changes the journey under it).
use super::AppSystems;
use super::journey::JourneyState;
use super::map::{CameraFit, Overlays};
use super::playback::{Playback, next_event_after, next_leg_point_after, next_midnight_after};
use bevy::prelude::*;
use std::path::PathBuf;

pub(super) fn plugin(app: &mut App) {
    app.add_message::<Intent>()
        .init_resource::<Presenter>()
        .add_systems(Update, apply_intents.in_set(AppSystems::Apply));
}

/// A request from the user.
#[derive(Message, Debug, Clone, PartialEq)]
pub(crate) enum Intent {
    /// Open another scenario file.
    Open(PathBuf),
    /// Open a case of a table-driven scenario file.
    OpenCase(PathBuf, String),
    /// Run again at this cruise speed, km/h.
    SetCruise(f64),
    /// Run again with the departure moved by this many hours.
    SetDepartureShift(f64),
    /// Back to the scenario's own speed and departure.
    ResetSliders,
    /// Play or pause.
    TogglePlay,
    /// Simulated seconds per real second.
    SetScale(f64),
    /// Jump to the next event.
    NextEvent,
    /// Jump to the next local midnight at the train's position.
    NextDay,
    /// Jump to the end of the current leg (or, standing there, to its departure).
    NextLeg,
    /// Back to the departure, playing.
    Restart,
    /// Show this instant (s since departure).
    Seek(f64),
    /// Show or hide the straight-line overlays.
    ToggleStraightLines,
    /// Fit the map to the route.
    FitMap,
    /// Presenter mode on or off (large text, side panels hidden).
    TogglePresenter,
    /// Save the enlarged space-time chart (its rectangle on screen: x, y, width, height) as PNG.
    ExportChart([f32; 4]),
}

/// Presenter mode: large text, the side panels hidden, the lesson shown a paragraph at a time.
#[derive(Resource, Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct Presenter {
    pub(crate) on: bool,
}

/// How much presenter mode enlarges everything (the panels' text and the map's labels).
const PRESENTER_ZOOM: f32 = 1.35;

impl Presenter {
    /// How much larger text is drawn: the panels' zoom, and the map's labels' factor.
    pub(crate) fn zoom(&self) -> f32 {
        if self.on { PRESENTER_ZOOM } else { 1.0 }
    }
}

/// Applies the intents of the frame, in order.
pub(crate) fn apply_intents(
    mut intents: MessageReader<Intent>,
    mut state: ResMut<JourneyState>,
    mut playback: ResMut<Playback>,
    mut overlays: ResMut<Overlays>,
    mut fit: ResMut<CameraFit>,
    mut presenter: Option<ResMut<Presenter>>,
    mut commands: Commands,
) {
    for intent in intents.read() {
        match intent {
            Intent::Open(path) => {
                state.switch_to(path, None);
                fit.request = true;
            }
            Intent::OpenCase(path, case) => {
                if *path == state.path {
                    state.show_case(Some(case));
                } else {
                    state.switch_to(path, Some(case));
                    fit.request = true;
                }
            }
            // On a table-driven file the sliders snap to its cases.
            Intent::SetCruise(kmh) if !state.file.cases.is_empty() => state.snap(Some(*kmh), None),
            Intent::SetDepartureShift(h) if !state.file.cases.is_empty() => {
                state.snap(None, Some(*h));
            }
            Intent::SetCruise(kmh) => {
                state.cruise_kmh = *kmh;
                state.resimulate();
            }
            Intent::SetDepartureShift(hours) => {
                state.shift_h = *hours;
                state.resimulate();
            }
            Intent::ResetSliders => {
                let case = state.case.clone();
                state.show_case(case.as_deref());
            }
            Intent::TogglePlay => playback.paused = !playback.paused,
            Intent::SetScale(scale) => playback.scale = *scale,
            Intent::NextEvent => {
                if let Some(t) = next_event_after(&state, playback.t_s) {
                    playback.t_s = t;
                }
            }
            Intent::NextDay => {
                if let Some(t) = next_midnight_after(&state, playback.t_s) {
                    playback.t_s = t.min(state.arrival_s());
                }
            }
            Intent::NextLeg => {
                if let Some(t) = next_leg_point_after(&state, playback.t_s) {
                    playback.t_s = t;
                }
            }
            Intent::Restart => {
                playback.t_s = 0.0;
                playback.paused = false;
            }
            Intent::Seek(t_s) => playback.t_s = t_s.clamp(0.0, state.arrival_s()),
            Intent::ToggleStraightLines => overlays.straight_lines = !overlays.straight_lines,
            Intent::FitMap => fit.request = true,
            Intent::TogglePresenter => {
                if let Some(p) = presenter.as_mut() {
                    p.on = !p.on;
                }
            }
            Intent::ExportChart(rect) => {
                commands.insert_resource(super::screenshot::ChartExport(*rect));
            }
        }
    }
}
