//! What a simulated journey reports: motion, station times, estimates, security periods, incident stops.
use crate::security::Level;

/// Why an arrival estimate was reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trigger {
    /// The scheduled departure from the origin.
    Departure,
    /// Arrival at a station where the train stands (index into the stations).
    Arrive(usize),
    /// Departure from a station where the train stood.
    Depart(usize),
    /// Passing a station without stopping.
    Pass(usize),
    /// The effective security level changed to this level.
    LevelChange(Level),
    /// The train came to a standstill for incident `n` (index into [`Journey::incidents`]).
    IncidentStart(usize),
    /// The wait for incident `n` ended.
    IncidentEnd(usize),
}

/// The estimated arrival at one station.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StationEta {
    /// Station index.
    pub station: usize,
    /// The estimated arrival, s since the scheduled departure.
    pub eta_s: f64,
}

/// An arrival estimate: the arrivals that would follow if nothing unforeseen happened from `t_s`
/// on, at the destination, at the next stop and at the end of the current leg.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Estimate {
    /// When it was reported, s since the scheduled departure.
    pub t_s: f64,
    /// Where the train was, m.
    pub x_m: f64,
    /// Why it was reported.
    pub trigger: Trigger,
    /// The estimated arrival at the destination, s since the scheduled departure.
    pub eta_s: f64,
    /// The next station where the train will stand (none once it has arrived).
    pub next_stop: Option<StationEta>,
    /// The end of the current leg (the next station marked as a leg end; none once arrived).
    pub leg_end: Option<StationEta>,
}

/// When the train was at a station. A passed station has `arrive_s == depart_s`.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct StationTimes {
    /// Arrival or passing time (None for the origin, or a station never reached).
    pub arrive_s: Option<f64>,
    /// Departure or passing time (None for the destination).
    pub depart_s: Option<f64>,
    /// Whether the train stood at the station (planned stop, hold or incident).
    pub stopped: bool,
}

/// A period in which the effective security level was above Normal.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SecurityPeriod {
    /// The level.
    pub level: Level,
    /// Start time, s.
    pub from_s: f64,
    /// End time, s (the arrival if it lasted to the end).
    pub to_s: f64,
    /// Position at the start, m.
    pub from_m: f64,
    /// Position at the end, m.
    pub to_m: f64,
    /// Index of the security event that set this level (the first such active event).
    pub event: usize,
}

/// An incident stop.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct IncidentStop {
    /// Where it was triggered, m.
    pub at_m: f64,
    /// Where the train came to a standstill, m.
    pub stopped_at_m: f64,
    /// When the train stopped, s.
    pub from_s: f64,
    /// When the wait ended, s.
    pub to_s: f64,
    /// The cause index given with the incident (`RANDOM_CAUSE` for random ones).
    pub cause: u32,
}

/// A stretch of the trajectory with constant acceleration (a stand when speed and acceleration are zero).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MotionSegment {
    /// Start time, s.
    pub t0_s: f64,
    /// End time, s.
    pub t1_s: f64,
    /// Position at the start, m.
    pub x0_m: f64,
    /// Speed at the start, m/s.
    pub v0_mps: f64,
    /// Acceleration, m/s².
    pub accel_mps2: f64,
}

impl MotionSegment {
    /// Position and speed at time `t_s` (clamped to the segment).
    pub fn state_at(&self, t_s: f64) -> (f64, f64) {
        let tau = (t_s - self.t0_s).clamp(0.0, self.t1_s - self.t0_s);
        crate::profile::constant_acceleration(self.x0_m, self.v0_mps, self.accel_mps2, tau)
    }
}

/// The result of one journey. Times are seconds since the scheduled departure.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Journey {
    /// Arrival at the destination.
    pub arrival_s: f64,
    /// Per station, in route order.
    pub stations: Vec<StationTimes>,
    /// Arrival estimates in the order they were reported (empty unless asked for).
    pub estimates: Vec<Estimate>,
    /// Periods above Normal.
    pub security: Vec<SecurityPeriod>,
    /// Incident stops, in order.
    pub incidents: Vec<IncidentStop>,
    /// The motion, gap-free from 0 to the arrival (empty unless asked for).
    pub trajectory: Vec<MotionSegment>,
}

impl Journey {
    /// Position (m) and speed (m/s) at time `t_s`, from the recorded trajectory.
    /// Before the departure it is the origin; after the arrival, the destination.
    pub fn state_at(&self, t_s: f64) -> Option<(f64, f64)> {
        let first = self.trajectory.first()?;
        if t_s <= first.t0_s {
            return Some((first.x0_m, 0.0));
        }
        let index = self
            .trajectory
            .partition_point(|s| s.t1_s < t_s)
            .min(self.trajectory.len() - 1);
        Some(self.trajectory[index].state_at(t_s))
    }

    /// `(t_s, x_m, v_mps)` along the trajectory: the start of every segment, `per_hour` evenly
    /// spaced points inside it, and the arrival (for charts).
    pub fn samples(&self, per_hour: f64) -> Vec<(f64, f64, f64)> {
        let mut points = Vec::new();
        for segment in &self.trajectory {
            let steps =
                (((segment.t1_s - segment.t0_s) / 3600.0 * per_hour).ceil() as usize).max(1);
            for k in 0..steps {
                let t = segment.t0_s + (segment.t1_s - segment.t0_s) * k as f64 / steps as f64;
                let (x, v) = segment.state_at(t);
                points.push((t, x, v));
            }
        }
        if let Some(last) = self.trajectory.last() {
            let (x, v) = last.state_at(last.t1_s);
            points.push((last.t1_s, x, v));
        }
        points
    }

    /// The effective security level at time `t_s`.
    pub fn level_at(&self, t_s: f64) -> Level {
        self.security
            .iter()
            .find(|p| p.from_s <= t_s && t_s < p.to_s)
            .map_or(Level::Normal, |p| p.level)
    }
}
