//! Simulated time: play, pause, speed-up, jump to the next event, restart.
//!
//! The journey is already computed; playback only chooses which simulated instant to show, so
//! any speed-up stays smooth (positions are interpolated from the core's exact trajectory).
use super::AppSystems;
use super::intent::Intent;
use super::journey::JourneyState;
use bevy::prelude::*;
use std::path::PathBuf;

/// The speed-ups offered (simulated seconds per real second).
pub(crate) const SPEEDS: [f64; 4] = [1.0, 60.0, 600.0, 3600.0];
/// Keys selecting those speed-ups.
const SPEED_KEYS: [KeyCode; 4] = [
    KeyCode::Digit1,
    KeyCode::Digit2,
    KeyCode::Digit3,
    KeyCode::Digit4,
];
/// Events closer than this to "now" are not "next" (s).
const NEXT_EVENT_EPSILON_S: f64 = 1.0;
/// Seconds in an hour.
const S_PER_H: f64 = 3600.0;

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<Playback>()
        .add_systems(Update, keyboard_controls.in_set(AppSystems::Input))
        .add_systems(
            Update,
            (follow_new_journey, advance)
                .chain()
                .in_set(AppSystems::Advance),
        );
}

/// Which simulated instant is shown, and how fast it moves.
#[derive(Resource, Debug, Clone, PartialEq)]
pub(crate) struct Playback {
    /// Seconds since the scheduled departure.
    pub(crate) t_s: f64,
    /// Simulated seconds per real second.
    pub(crate) scale: f64,
    /// Whether time stands still.
    pub(crate) paused: bool,
}

impl Default for Playback {
    fn default() -> Self {
        Self {
            t_s: 0.0,
            scale: SPEEDS[2],
            paused: false,
        }
    }
}

/// Pressed keys as intents: space, 1-4, N (next event), D (next day), L (next leg), R (restart),
/// P (presenter mode).
pub(crate) fn keyboard_controls(
    keys: Res<ButtonInput<KeyCode>>,
    mut intents: MessageWriter<Intent>,
) {
    if keys.just_pressed(KeyCode::Space) {
        intents.write(Intent::TogglePlay);
    }
    for (key, speed) in SPEED_KEYS.iter().zip(SPEEDS) {
        if keys.just_pressed(*key) {
            intents.write(Intent::SetScale(speed));
        }
    }
    if keys.just_pressed(KeyCode::KeyN) {
        intents.write(Intent::NextEvent);
    }
    if keys.just_pressed(KeyCode::KeyP) {
        intents.write(Intent::TogglePresenter);
    }
    if keys.just_pressed(KeyCode::KeyD) {
        intents.write(Intent::NextDay);
    }
    if keys.just_pressed(KeyCode::KeyL) {
        intents.write(Intent::NextLeg);
    }
    if keys.just_pressed(KeyCode::KeyR) {
        intents.write(Intent::Restart);
    }
}

/// The first event strictly after `t_s` (a station, a level change, an incident, an estimate).
pub(crate) fn next_event_after(state: &JourneyState, t_s: f64) -> Option<f64> {
    let journey = &state.run.journey;
    let stations = journey
        .stations
        .iter()
        .flat_map(|s| [s.arrive_s, s.depart_s])
        .flatten();
    let estimates = journey.estimates.iter().map(|e| e.t_s);
    let security = journey.security.iter().flat_map(|p| [p.from_s, p.to_s]);
    let incidents = journey.incidents.iter().flat_map(|i| [i.from_s, i.to_s]);
    stations
        .chain(estimates)
        .chain(security)
        .chain(incidents)
        .filter(|&t| t > t_s + NEXT_EVENT_EPSILON_S)
        .min_by(f64::total_cmp)
}

/// The next local midnight after `t_s` in the zone where the train is then (the start of the
/// next day the clock shows).
pub(crate) fn next_midnight_after(state: &JourneyState, t_s: f64) -> Option<f64> {
    let run = &state.run;
    let (x_m, _) = run.journey.state_at(t_s)?;
    let here = run.local_at_km(t_s, train_sim::units::m_to_km(x_m));
    let midnight = here
        .date()
        .tomorrow()
        .ok()?
        .to_zoned(here.time_zone().clone())
        .ok()?;
    Some(train_scenario::time::seconds_between(
        run.scenario.departure,
        midnight.timestamp(),
    ))
}

/// The arrival at the end of the current leg; standing there, its departure.
pub(crate) fn next_leg_point_after(state: &JourneyState, t_s: f64) -> Option<f64> {
    let stations = &state.timetable.stations;
    state
        .timetable
        .legs
        .iter()
        .flat_map(|leg| [stations[leg.to].arrive_s, stations[leg.to].depart_s])
        .flatten()
        .find(|&t| t > t_s + NEXT_EVENT_EPSILON_S)
}

/// Advances simulated time by the frame's duration times the speed-up, stopping at the arrival.
pub(crate) fn advance(time: Res<Time>, mut playback: ResMut<Playback>, state: Res<JourneyState>) {
    if playback.paused {
        return;
    }
    let arrival = state.arrival_s();
    playback.t_s = (playback.t_s + time.delta_secs_f64() * playback.scale).min(arrival);
    if playback.t_s >= arrival {
        playback.paused = true;
    }
}

/// A new journey: another scenario restarts playback, a slider change keeps the moment shown,
/// and the first journey starts where the command line asked.
pub(crate) fn follow_new_journey(
    state: Res<JourneyState>,
    mut playback: ResMut<Playback>,
    mut shown: Local<Option<PathBuf>>,
) {
    if !state.is_changed() {
        return;
    }
    match shown.as_deref() {
        None => {
            if let Some(h) = state.start_at_h {
                playback.t_s = h * S_PER_H;
            }
        }
        Some(path) if path != state.path => {
            playback.t_s = 0.0;
            playback.paused = false;
        }
        Some(_) => {}
    }
    playback.t_s = playback.t_s.clamp(0.0, state.arrival_s());
    *shown = Some(state.path.clone());
}
