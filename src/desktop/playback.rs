//! Simulated time: play, pause, speed-up, jump to the next event, restart.
//!
//! The journey is already computed; playback only chooses which simulated instant to show, so
//! any speed-up stays smooth (positions are interpolated from the core's exact trajectory).
use super::journey::JourneyState;
use bevy::prelude::*;

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

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<Playback>().add_systems(
        Update,
        (keyboard_controls, advance, follow_new_journey).chain(),
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
    /// The journey generation this playback belongs to.
    pub(crate) generation: Option<u64>,
    /// The scenario this playback belongs to.
    pub(crate) path: Option<std::path::PathBuf>,
}

impl Default for Playback {
    fn default() -> Self {
        Self {
            t_s: 0.0,
            scale: SPEEDS[2],
            paused: false,
            generation: None,
            path: None,
        }
    }
}

/// Pressed keys turned into playback changes: space, 1-4, N (next event), R (restart).
pub(crate) fn keyboard_controls(
    keys: Res<ButtonInput<KeyCode>>,
    mut playback: ResMut<Playback>,
    state: Res<JourneyState>,
) {
    if keys.just_pressed(KeyCode::Space) {
        playback.paused = !playback.paused;
    }
    for (key, speed) in SPEED_KEYS.iter().zip(SPEEDS) {
        if keys.just_pressed(*key) {
            playback.scale = speed;
        }
    }
    if keys.just_pressed(KeyCode::KeyN) {
        jump_to_next_event(&mut playback, &state);
    }
    if keys.just_pressed(KeyCode::KeyR) {
        playback.t_s = 0.0;
        playback.paused = false;
    }
}

/// Moves to the next moment something happens (a station, a level change, an incident, an estimate).
pub(crate) fn jump_to_next_event(playback: &mut Playback, state: &JourneyState) {
    if let Some(t) = next_event_after(state, playback.t_s) {
        playback.t_s = t;
    }
}

/// The first event strictly after `t_s`.
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

/// A new scenario restarts playback; a slider change keeps the moment shown.
fn follow_new_journey(state: Res<JourneyState>, mut playback: ResMut<Playback>) {
    if playback.generation == Some(state.generation)
        && playback.path.as_deref() == Some(state.path.as_path())
    {
        return;
    }
    let first = playback.generation.is_none();
    if first {
        if let Some(h) = state.start_at_h {
            playback.t_s = h * 3600.0;
        }
    } else if playback.path.as_deref() != Some(state.path.as_path()) {
        playback.t_s = 0.0;
        playback.paused = false;
    }
    playback.t_s = playback.t_s.clamp(0.0, state.arrival_s());
    playback.generation = Some(state.generation);
    playback.path = Some(state.path.clone());
}
