//! The dynamic state of a journey: small and `Copy`, so an estimate can fork it for free.
use crate::security::Level;
use crate::spec::{JourneySpec, MAX_SECURITY_EVENTS};

#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum ActiveEnd {
    Never,
    AtKm(f64),
    AtTime(f64),
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Active {
    pub(super) event: usize,
    pub(super) level: Level,
    pub(super) end: ActiveEnd,
}

pub(super) const NO_ACTIVE: Active = Active {
    event: 0,
    level: Level::Normal,
    end: ActiveEnd::Never,
};

/// A bound on loop iterations per journey: far above any real journey, it turns a bug into an error.
pub(super) const MAX_STEPS_PER_STATION: usize = 1000;

/// The dynamic state of a journey: small and `Copy`, so an estimate can fork it for free.
#[derive(Debug, Clone, Copy)]
pub(super) struct State {
    pub(super) t: f64,
    pub(super) x: f64,
    pub(super) v: f64,
    pub(super) moving: bool,
    /// When stopped: the earliest time it may leave (dwell, sweep and incident waits).
    pub(super) ready_at: f64,
    /// When stopped: the station it stands at, if any.
    pub(super) at_station: Option<usize>,
    /// First station not yet reached or passed.
    pub(super) next_station: usize,
    /// Next planned stop (a station with a dwell, or the destination).
    pub(super) next_stop: usize,
    pub(super) next_km_start: usize,
    pub(super) next_time_start: usize,
    pub(super) next_incident: usize,
    /// In a forecast nothing that has not been triggered yet can happen.
    pub(super) forecast: bool,
    /// Whether passing a station is an event (see `Sink::wants_passes`).
    pub(super) passes: bool,
    pub(super) active: [Active; MAX_SECURITY_EVENTS],
    pub(super) n_active: usize,
    pub(super) level: Level,
    /// Where the train will stand for triggered incidents (infinite = none), and the longest wait.
    pub(super) incident_stop_m: f64,
    pub(super) incident_delay_s: f64,
    /// When the current incident wait ends (infinite = none), to report it.
    pub(super) incident_wait_until: f64,
    pub(super) incident_index: usize,
    /// The station a Lockdown makes the train stop at (infinite = none).
    pub(super) lockdown_stop_m: f64,
    pub(super) replan: bool,
    /// The next plan starts from a standstill at a station (see `plan_cache`).
    pub(super) from_station: bool,
    pub(super) piece: usize,
    pub(super) piece_t0: f64,
}

impl State {
    pub(super) fn at_departure(spec: &JourneySpec) -> Self {
        Self {
            t: 0.0,
            x: spec.track.origin_m(),
            v: 0.0,
            moving: false,
            ready_at: 0.0,
            at_station: Some(0),
            next_station: 1,
            next_stop: spec.track.next_planned_stop(1),
            next_km_start: 0,
            next_time_start: 0,
            next_incident: 0,
            forecast: false,
            passes: true,
            active: [NO_ACTIVE; MAX_SECURITY_EVENTS],
            n_active: 0,
            level: Level::Normal,
            incident_stop_m: f64::INFINITY,
            incident_delay_s: 0.0,
            incident_wait_until: f64::INFINITY,
            incident_index: 0,
            lockdown_stop_m: f64::INFINITY,
            replan: true,
            from_station: false,
            piece: 0,
            piece_t0: 0.0,
        }
    }
}
