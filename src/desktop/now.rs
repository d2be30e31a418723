//! `Now`: everything the screen shows about the simulated instant on display, derived from the
//! run's timetable.
use super::AppSystems;
use super::journey::JourneyState;
use super::playback::Playback;
use bevy::prelude::*;
use jiff::Zoned;
use train_analysis::sun::{Light, altitude_deg};
use train_sim::Level;
use train_sim::units::{m_to_km, mps_to_kmh};

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<Now>()
        .add_systems(Update, update_now.in_set(AppSystems::Derive));
}

/// The simulated instant on screen.
#[derive(Resource, Debug, Clone, Default)]
pub(crate) struct Now {
    /// Seconds since the scheduled departure.
    pub(crate) t_s: f64,
    /// Position, km.
    pub(crate) km: f64,
    /// Speed, km/h.
    pub(crate) speed_kmh: f64,
    /// Effective security level.
    pub(crate) level: Level,
    /// Why (the event's reason).
    pub(crate) level_reason: Option<String>,
    /// Local time at the train's position.
    pub(crate) local: Option<Zoned>,
    /// The IANA zone in force there.
    pub(crate) zone_name: String,
    /// The same instant in UTC.
    pub(crate) utc: Option<Zoned>,
    /// Days since the departure's local date.
    pub(crate) day: i32,
    /// Next station where the train stands: its timetable row.
    pub(crate) next_stop: Option<usize>,
    /// The latest destination estimate reported so far (s), and its drift from the first (s).
    pub(crate) eta_s: f64,
    pub(crate) drift_s: f64,
    /// The Sun's altitude at the train (degrees), when its position is known.
    pub(crate) sun_altitude_deg: Option<f64>,
}

impl Now {
    /// Day, twilight or night at the train.
    pub(crate) fn light(&self) -> Option<Light> {
        self.sun_altitude_deg.map(Light::of)
    }
}

/// What the screen shows at `t_s`.
pub(crate) fn now_at(state: &JourneyState, t_s: f64) -> Now {
    let run = &state.run;
    let timetable = &state.timetable;
    let journey = &run.journey;
    let (x_m, v_mps) = journey.state_at(t_s).unwrap_or((0.0, 0.0));
    let km = m_to_km(x_m);
    let period = timetable
        .security
        .iter()
        .find(|p| p.from_s <= t_s && t_s < p.to_s);
    let here = run.at_km(t_s, km);
    let zone_name = run.scenario.route.zone_at(km).tz_name.clone();
    let utc = here.zoned.with_time_zone(jiff::tz::TimeZone::UTC);
    let next_stop = timetable
        .stations
        .iter()
        .position(|s| s.stopped && s.arrive_s.is_some_and(|a| a > t_s));
    let latest = timetable
        .estimates
        .iter()
        .take_while(|e| e.t_s <= t_s)
        .last();
    let first = timetable.estimates.first();
    let (eta_s, drift_s) = match (latest, first) {
        (Some(e), _) => (e.eta_s, e.drift_s),
        (None, Some(e)) => (e.eta_s, 0.0),
        (None, None) => (journey.arrival_s, 0.0),
    };
    let sun_altitude_deg =
        train_analysis::series::position_at_km(&run.scenario.route, km).map(|(lat, lon)| {
            altitude_deg(
                lat,
                lon,
                train_scenario::time::instant_after(run.scenario.departure, t_s),
            )
        });
    Now {
        t_s,
        km,
        sun_altitude_deg,
        speed_kmh: mps_to_kmh(v_mps),
        level: period.map_or(Level::Normal, |p| p.level),
        level_reason: period.and_then(|p| p.reason.clone()),
        local: Some(here.zoned),
        zone_name,
        utc: Some(utc),
        day: here.day,
        next_stop,
        eta_s,
        drift_s,
    }
}

/// Computes `Now` from the playback time.
pub(crate) fn update_now(state: Res<JourneyState>, playback: Res<Playback>, mut now: ResMut<Now>) {
    *now = now_at(&state, playback.t_s);
}
