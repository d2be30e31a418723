//! The event loop: runs a journey from its scheduled departure to its arrival, reporting as it goes.
//!
//! Between events the train follows a closed-form plan (see [`crate::profile`]) to its current
//! stopping target: the next planned stop, or nearer, an incident standstill or a Lockdown
//! station. Events are found exactly inside the plan's pieces (a position is reached by solving
//! the piece's kinematics; a time gives a position the same way), so no time step is involved.
//! An arrival estimate is a copy of the engine state run to the end in "forecast" mode, where
//! nothing not yet triggered can happen.
use crate::error::SimError;
use crate::incidents::Incident;
use crate::journey::{
    Estimate, IncidentStop, Journey, MotionSegment, SecurityPeriod, StationTimes, Trigger,
};
use crate::profile::{Dynamics, Piece, PlanScratch, plan};
use crate::security::{EventEnd, Level};
use crate::spec::{JourneySpec, MAX_SECURITY_EVENTS};
use crate::units::SAME_PLACE_M;

/// What to record besides the arrival and the station times.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// Report arrival estimates (each costs a forecast run).
    pub estimates: bool,
    /// Record the trajectory (needed for charts and the desktop app).
    pub trajectory: bool,
    /// Which random stream to draw incidents from (0 = the scenario's own journey).
    pub stream: u64,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            estimates: true,
            trajectory: true,
            stream: 0,
        }
    }
}

/// Buffers reused across journeys so that batch runs do not allocate per journey.
#[derive(Debug, Default, Clone)]
pub struct Workspace {
    main: Buffers,
    forecast: Buffers,
    incidents: Vec<Incident>,
}

#[derive(Debug, Default, Clone)]
struct Buffers {
    pieces: Vec<Piece>,
    scratch: PlanScratch,
}

/// Runs one journey and returns everything it reports.
pub fn simulate(spec: &JourneySpec, options: Options) -> Result<Journey, SimError> {
    let mut journey = Journey::default();
    simulate_into(spec, options, &mut Workspace::default(), &mut journey)?;
    Ok(journey)
}

/// Runs one journey into `journey` (cleared first), reusing `workspace`.
pub fn simulate_into(
    spec: &JourneySpec,
    options: Options,
    workspace: &mut Workspace,
    journey: &mut Journey,
) -> Result<(), SimError> {
    journey.estimates.clear();
    journey.security.clear();
    journey.incidents.clear();
    journey.trajectory.clear();
    journey.stations.clear();
    journey
        .stations
        .resize(spec.track.stations().len(), StationTimes::default());
    draw_incidents(spec, options.stream, &mut workspace.incidents);
    let engine = Engine {
        spec,
        incidents: &workspace.incidents,
    };
    let mut sink = JourneySink {
        journey,
        trajectory: options.trajectory,
        awaiting_stop: 0,
    };
    let mut state = State::at_departure(spec);
    let forecast = if options.estimates {
        Some(&mut workspace.forecast)
    } else {
        None
    };
    let arrival_s = engine.run(&mut state, &mut workspace.main, &mut sink, forecast)?;
    sink.journey.arrival_s = arrival_s;
    // An incident triggered within braking distance of the destination never stops the train on
    // the way: the arrival absorbs it. It is kept, standing at the destination with no wait.
    let destination_m = spec.track.destination_m();
    for stop in sink
        .journey
        .incidents
        .iter_mut()
        .filter(|stop| !stop.from_s.is_finite())
    {
        stop.stopped_at_m = destination_m;
        stop.from_s = arrival_s;
        stop.to_s = arrival_s;
    }
    sink.journey.close_open_period(arrival_s, destination_m);
    Ok(())
}

/// Runs one journey recording only the arrival and, if given, the station arrival times: the
/// Monte Carlo hot path (no estimates, no trajectory, no allocation once `workspace` is warm).
pub(crate) fn simulate_arrival(
    spec: &JourneySpec,
    stream: u64,
    workspace: &mut Workspace,
    arrivals: &mut [f64],
) -> Result<f64, SimError> {
    draw_incidents(spec, stream, &mut workspace.incidents);
    let engine = Engine {
        spec,
        incidents: &workspace.incidents,
    };
    let mut sink = ArrivalSink { arrivals };
    let mut state = State::at_departure(spec);
    engine.run(&mut state, &mut workspace.main, &mut sink, None)
}

/// Scripted incidents merged with the random draws of `stream`, sorted by position.
fn draw_incidents(spec: &JourneySpec, stream: u64, out: &mut Vec<Incident>) {
    out.clear();
    out.extend_from_slice(&spec.incidents);
    if let Some(random) = &spec.random {
        let scripted = out.len();
        let mut rng = random.rng(stream);
        random.draw(
            &mut rng,
            spec.track.origin_m(),
            spec.track.destination_m(),
            out,
        );
        if scripted > 0 && out.len() > scripted {
            // Both halves are sorted; a stable sort keeps scripted incidents first at equal km.
            out.sort_by(|a, b| a.at_m.total_cmp(&b.at_m));
        }
    }
}

/// Where a security event ends, once it has started.
#[derive(Debug, Clone, Copy, PartialEq)]
enum ActiveEnd {
    Never,
    AtKm(f64),
    AtTime(f64),
}

#[derive(Debug, Clone, Copy, PartialEq)]
struct Active {
    event: usize,
    level: Level,
    end: ActiveEnd,
}

const NO_ACTIVE: Active = Active {
    event: 0,
    level: Level::Normal,
    end: ActiveEnd::Never,
};

/// A bound on loop iterations per journey: far above any real journey, it turns a bug into an error.
const MAX_STEPS_PER_STATION: usize = 1000;

/// The dynamic state of a journey: small and `Copy`, so an estimate can fork it for free.
#[derive(Debug, Clone, Copy)]
struct State {
    t: f64,
    x: f64,
    v: f64,
    moving: bool,
    /// When stopped: the earliest time it may leave (dwell, sweep and incident waits).
    ready_at: f64,
    /// When stopped: the station it stands at, if any.
    at_station: Option<usize>,
    /// First station not yet reached or passed.
    next_station: usize,
    /// Next planned stop (a station with a dwell, or the destination).
    next_stop: usize,
    next_km_start: usize,
    next_time_start: usize,
    next_incident: usize,
    /// In a forecast nothing that has not been triggered yet can happen.
    forecast: bool,
    active: [Active; MAX_SECURITY_EVENTS],
    n_active: usize,
    level: Level,
    /// Where the train will stand for triggered incidents (infinite = none), and the longest wait.
    incident_stop_m: f64,
    incident_delay_s: f64,
    /// When the current incident wait ends (infinite = none), to report it.
    incident_wait_until: f64,
    incident_index: usize,
    /// The station a Lockdown makes the train stop at (infinite = none).
    lockdown_stop_m: f64,
    replan: bool,
    piece: usize,
    piece_t0: f64,
}

impl State {
    fn at_departure(spec: &JourneySpec) -> Self {
        Self {
            t: 0.0,
            x: spec.track.origin_m(),
            v: 0.0,
            moving: false,
            ready_at: 0.0,
            at_station: Some(0),
            next_station: 1,
            next_stop: next_planned_stop(spec, 1),
            next_km_start: 0,
            next_time_start: 0,
            next_incident: 0,
            forecast: false,
            active: [NO_ACTIVE; MAX_SECURITY_EVENTS],
            n_active: 0,
            level: Level::Normal,
            incident_stop_m: f64::INFINITY,
            incident_delay_s: 0.0,
            incident_wait_until: f64::INFINITY,
            incident_index: 0,
            lockdown_stop_m: f64::INFINITY,
            replan: true,
            piece: 0,
            piece_t0: 0.0,
        }
    }
}

fn next_planned_stop(spec: &JourneySpec, from: usize) -> usize {
    let stations = spec.track.stations();
    let last = stations.len() - 1;
    (from..last)
        .find(|&i| stations[i].dwell_s > 0.0)
        .unwrap_or(last)
}

/// Receives what the engine reports.
trait Sink {
    fn station(
        &mut self,
        index: usize,
        arrive_s: Option<f64>,
        depart_s: Option<f64>,
        stopped: bool,
    );
    fn estimate(&mut self, _estimate: Estimate) {}
    fn level(&mut self, _level: Level, _event: usize, _t_s: f64, _x_m: f64) {}
    fn incident_triggered(&mut self, _incident: &Incident) {}
    /// The train stopped for the incidents triggered since the last stop; returns the index of the first.
    fn incident_stopped(&mut self, _x_m: f64, _from_s: f64, _to_s: f64) -> usize {
        0
    }
    fn motion(&mut self, _segment: MotionSegment) {}
}

/// Forecasts record nothing.
struct NullSink;
impl Sink for NullSink {
    fn station(&mut self, _: usize, _: Option<f64>, _: Option<f64>, _: bool) {}
}

struct ArrivalSink<'a> {
    arrivals: &'a mut [f64],
}
impl Sink for ArrivalSink<'_> {
    fn station(&mut self, index: usize, arrive_s: Option<f64>, _: Option<f64>, _: bool) {
        if let (Some(slot), Some(t)) = (self.arrivals.get_mut(index), arrive_s) {
            *slot = t;
        }
    }
}

struct JourneySink<'a> {
    journey: &'a mut Journey,
    trajectory: bool,
    awaiting_stop: usize,
}

impl Sink for JourneySink<'_> {
    fn station(
        &mut self,
        index: usize,
        arrive_s: Option<f64>,
        depart_s: Option<f64>,
        stopped: bool,
    ) {
        if let Some(times) = self.journey.stations.get_mut(index) {
            if arrive_s.is_some() {
                times.arrive_s = arrive_s;
            }
            if depart_s.is_some() {
                times.depart_s = depart_s;
            }
            times.stopped |= stopped;
        }
    }
    fn estimate(&mut self, estimate: Estimate) {
        self.journey.estimates.push(estimate);
    }
    fn level(&mut self, level: Level, event: usize, t_s: f64, x_m: f64) {
        self.journey.close_open_period(t_s, x_m);
        if level != Level::Normal {
            self.journey.security.push(SecurityPeriod {
                level,
                from_s: t_s,
                to_s: f64::NAN,
                from_m: x_m,
                to_m: f64::NAN,
                event,
            });
        }
    }
    fn incident_triggered(&mut self, incident: &Incident) {
        self.journey.incidents.push(IncidentStop {
            at_m: incident.at_m,
            stopped_at_m: f64::NAN,
            from_s: f64::NAN,
            // Holds the delay until the train stops; the wait then runs from the stop.
            to_s: incident.delay_s,
            cause: incident.cause,
        });
        self.awaiting_stop += 1;
    }
    fn incident_stopped(&mut self, x_m: f64, from_s: f64, _until_s: f64) -> usize {
        let n = self.journey.incidents.len();
        let first = n - self.awaiting_stop.min(n);
        for stop in &mut self.journey.incidents[first..] {
            stop.stopped_at_m = x_m;
            stop.from_s = from_s;
            stop.to_s += from_s;
        }
        self.awaiting_stop = 0;
        first
    }
    fn motion(&mut self, segment: MotionSegment) {
        if self.trajectory && segment.t1_s > segment.t0_s {
            self.journey.trajectory.push(segment);
        }
    }
}

struct Engine<'a> {
    spec: &'a JourneySpec,
    incidents: &'a [Incident],
}

impl Engine<'_> {
    /// Runs from `st` to the arrival; returns the arrival time.
    fn run<S: Sink>(
        &self,
        st: &mut State,
        buf: &mut Buffers,
        sink: &mut S,
        mut forecast: Option<&mut Buffers>,
    ) -> Result<f64, SimError> {
        let stations = self.spec.track.stations();
        let max_steps = MAX_STEPS_PER_STATION
            * (stations.len() + self.incidents.len() + self.spec.security.len() + 1);
        if st.t == 0.0 && !st.forecast && st.at_station == Some(0) && !st.moving {
            sink.station(0, None, None, false);
            self.report(st, Trigger::Departure, sink, forecast.as_deref_mut())?;
            // Everything that starts at the departure, by time or at the origin's km, is active
            // before the level is first computed, so it changes once.
            self.activate_km_starts(st);
            self.handle_time_events(st, sink, forecast.as_deref_mut())?;
            self.handle_km_events(st, sink, forecast.as_deref_mut())?;
        }
        for _ in 0..max_steps {
            if st.moving {
                if st.replan {
                    let target = self.target(st);
                    let dynamics = Dynamics {
                        cap_mps: self
                            .spec
                            .train
                            .cruise_mps
                            .min(self.spec.caps.cap_mps(st.level)),
                        accel_mps2: self.spec.train.accel_mps2,
                        brake_mps2: self.spec.train.brake_mps2,
                    };
                    plan(
                        &mut buf.pieces,
                        &mut buf.scratch,
                        st.x,
                        st.v,
                        target,
                        self.spec.track.limits(),
                        dynamics,
                    );
                    st.piece = 0;
                    st.piece_t0 = st.t;
                    st.replan = false;
                }
                let Some(&piece) = buf.pieces.get(st.piece) else {
                    if self.arrive(st, sink, forecast.as_deref_mut())? {
                        return Ok(st.t);
                    }
                    continue;
                };
                let t_end = st.piece_t0 + piece.duration_s;
                let km = self.next_km_event(st);
                let t_km = if km <= piece.x1_m {
                    st.piece_t0 + piece.time_to_reach(km)
                } else {
                    f64::INFINITY
                };
                let t_time = self.next_time_event(st);
                if t_time <= t_km && t_time <= t_end {
                    let t = t_time.max(st.t);
                    let (x, v) = piece.state_at(t - st.piece_t0);
                    advance(st, sink, t, x.max(st.x), v, piece.accel_mps2);
                    self.handle_time_events(st, sink, forecast.as_deref_mut())?;
                } else if t_km <= t_end {
                    let dx = km - piece.x0_m;
                    let v = (piece.v0_mps * piece.v0_mps + 2.0 * piece.accel_mps2 * dx)
                        .max(0.0)
                        .sqrt();
                    advance(st, sink, t_km.max(st.t), km.max(st.x), v, piece.accel_mps2);
                    self.handle_km_events(st, sink, forecast.as_deref_mut())?;
                } else {
                    advance(
                        st,
                        sink,
                        t_end.max(st.t),
                        piece.x1_m.max(st.x),
                        piece.v1_mps,
                        piece.accel_mps2,
                    );
                    st.piece += 1;
                    st.piece_t0 = t_end;
                }
            } else {
                let held = st.level == Level::Lockdown && st.at_station.is_some();
                let leave_at = if held {
                    f64::INFINITY
                } else {
                    st.ready_at.max(st.t)
                };
                let t_time = self.next_time_event(st);
                if t_time.is_finite() && t_time <= leave_at {
                    stand(st, sink, t_time.max(st.t));
                    self.handle_time_events(st, sink, forecast.as_deref_mut())?;
                } else if leave_at.is_finite() {
                    stand(st, sink, leave_at);
                    self.depart(st, sink, forecast.as_deref_mut())?;
                } else {
                    return Err(SimError::NeverEnds {
                        x_m: st.x,
                        t_s: st.t,
                    });
                }
            }
        }
        Err(SimError::NoProgress {
            steps: max_steps,
            x_m: st.x,
            t_s: st.t,
        })
    }

    /// Where the train must next come to a standstill.
    fn target(&self, st: &State) -> f64 {
        let planned = self.spec.track.stations()[st.next_stop].x_m;
        planned.min(st.incident_stop_m).min(st.lockdown_stop_m)
    }

    fn next_km_event(&self, st: &State) -> f64 {
        let mut km = f64::INFINITY;
        if !st.forecast {
            if let Some(&i) = self.spec.starts_by_km.get(st.next_km_start) {
                km = km.min(self.spec.security[i].start.value());
            }
            if let Some(incident) = self.incidents.get(st.next_incident) {
                km = km.min(incident.at_m);
            }
        }
        for active in &st.active[..st.n_active] {
            if let ActiveEnd::AtKm(end) = active.end {
                km = km.min(end);
            }
        }
        if let Some(station) = self.spec.track.stations().get(st.next_station)
            && station.x_m < self.target(st)
        {
            km = km.min(station.x_m);
        }
        km
    }

    fn next_time_event(&self, st: &State) -> f64 {
        let mut t = st.incident_wait_until;
        if !st.forecast
            && let Some(&i) = self.spec.starts_by_time.get(st.next_time_start)
        {
            t = t.min(self.spec.security[i].start.value());
        }
        for active in &st.active[..st.n_active] {
            if let ActiveEnd::AtTime(end) = active.end {
                t = t.min(end);
            }
        }
        t
    }

    fn activate(&self, st: &mut State, event: usize, started_s: f64) {
        let e = &self.spec.security[event];
        let end = match e.until {
            None => ActiveEnd::Never,
            Some(EventEnd::AtKm(m)) => ActiveEnd::AtKm(m),
            Some(EventEnd::AtTime(t)) => ActiveEnd::AtTime(t),
            Some(EventEnd::After(d)) => ActiveEnd::AtTime(started_s + d),
        };
        let already_over = match end {
            ActiveEnd::Never => false,
            ActiveEnd::AtKm(m) => m <= st.x,
            ActiveEnd::AtTime(t) => t <= st.t,
        };
        if !already_over && st.n_active < MAX_SECURITY_EVENTS {
            st.active[st.n_active] = Active {
                event,
                level: e.level,
                end,
            };
            st.n_active += 1;
        }
    }

    /// Starts the security events whose start time has come.
    fn activate_time_starts(&self, st: &mut State) {
        if st.forecast {
            return;
        }
        while let Some(&i) = self.spec.starts_by_time.get(st.next_time_start) {
            let start_s = self.spec.security[i].start.value();
            if start_s > st.t {
                break;
            }
            self.activate(st, i, start_s);
            st.next_time_start += 1;
        }
    }

    /// Starts the security events whose start position has been reached.
    fn activate_km_starts(&self, st: &mut State) {
        if st.forecast {
            return;
        }
        while let Some(&i) = self.spec.starts_by_km.get(st.next_km_start) {
            if self.spec.security[i].start.value() > st.x {
                break;
            }
            self.activate(st, i, st.t);
            st.next_km_start += 1;
        }
    }

    fn deactivate_where(st: &mut State, over: impl Fn(ActiveEnd) -> bool) {
        let mut kept = 0;
        for i in 0..st.n_active {
            if !over(st.active[i].end) {
                st.active[kept] = st.active[i];
                kept += 1;
            }
        }
        st.n_active = kept;
    }

    fn handle_time_events<S: Sink>(
        &self,
        st: &mut State,
        sink: &mut S,
        forecast: Option<&mut Buffers>,
    ) -> Result<(), SimError> {
        self.activate_time_starts(st);
        let now = st.t;
        Self::deactivate_where(st, |end| matches!(end, ActiveEnd::AtTime(t) if t <= now));
        let level_changed = self.update_level(st, sink);
        let incident_ended = st.incident_wait_until <= st.t;
        if incident_ended {
            st.incident_wait_until = f64::INFINITY;
        }
        let mut forecast = forecast;
        if let Some(level) = level_changed {
            self.report(
                st,
                Trigger::LevelChange(level),
                sink,
                forecast.as_deref_mut(),
            )?;
        }
        if incident_ended {
            self.report(st, Trigger::IncidentEnd(st.incident_index), sink, forecast)?;
        }
        Ok(())
    }

    fn handle_km_events<S: Sink>(
        &self,
        st: &mut State,
        sink: &mut S,
        forecast: Option<&mut Buffers>,
    ) -> Result<(), SimError> {
        let stations = self.spec.track.stations();
        self.activate_km_starts(st);
        let here = st.x;
        Self::deactivate_where(st, |end| matches!(end, ActiveEnd::AtKm(m) if m <= here));
        let mut incident_started = false;
        if !st.forecast {
            while let Some(incident) = self.incidents.get(st.next_incident) {
                if incident.at_m > st.x {
                    break;
                }
                sink.incident_triggered(incident);
                st.next_incident += 1;
                if st.moving {
                    let b = self.spec.train.brake_mps2;
                    let mut stop_m = st.x + st.v * st.v / (2.0 * b);
                    let target = self.target(st);
                    if (stop_m - target).abs() <= SAME_PLACE_M || stop_m > target {
                        stop_m = target;
                    }
                    st.incident_stop_m = st.incident_stop_m.min(stop_m);
                    st.incident_delay_s = st.incident_delay_s.max(incident.delay_s);
                    // Replanning onto the same target would only add rounding.
                    st.replan |= self.target(st) != target;
                } else {
                    // Already standing (the origin before leaving): the wait starts now.
                    st.incident_delay_s = incident.delay_s;
                    incident_started |= self.start_incident_wait(st, sink);
                }
            }
        }
        let first_passed = st.next_station;
        if st.moving {
            let target = self.target(st);
            while let Some(station) = stations.get(st.next_station) {
                if station.x_m >= target || station.x_m > st.x {
                    break;
                }
                sink.station(st.next_station, Some(st.t), Some(st.t), false);
                st.next_station += 1;
            }
        }
        let level_changed = self.update_level(st, sink);
        let mut forecast = forecast;
        for s in first_passed..st.next_station {
            self.report(st, Trigger::Pass(s), sink, forecast.as_deref_mut())?;
        }
        if let Some(level) = level_changed {
            self.report(
                st,
                Trigger::LevelChange(level),
                sink,
                forecast.as_deref_mut(),
            )?;
        }
        if incident_started {
            self.report(
                st,
                Trigger::IncidentStart(st.incident_index),
                sink,
                forecast,
            )?;
        }
        Ok(())
    }

    /// Starts waiting for the triggered incidents at the current (standing) position.
    fn start_incident_wait<S: Sink>(&self, st: &mut State, sink: &mut S) -> bool {
        let until = st.t + st.incident_delay_s;
        st.ready_at = st.ready_at.max(until);
        st.incident_wait_until = if st.incident_wait_until.is_finite() {
            st.incident_wait_until.max(until)
        } else {
            until
        };
        st.incident_index = sink.incident_stopped(st.x, st.t, until);
        st.incident_stop_m = f64::INFINITY;
        st.incident_delay_s = 0.0;
        true
    }

    /// Recomputes the effective level; returns the new level if it changed.
    fn update_level<S: Sink>(&self, st: &mut State, sink: &mut S) -> Option<Level> {
        let mut level = Level::Normal;
        let mut event = 0;
        for active in &st.active[..st.n_active] {
            if active.level > level {
                level = active.level;
                event = active.event;
            }
        }
        if level == st.level {
            return None;
        }
        let previous = st.level;
        st.level = level;
        sink.level(level, event, st.t, st.x);
        if level != Level::Lockdown {
            st.lockdown_stop_m = f64::INFINITY;
        }
        if st.moving {
            st.replan = true;
            if level == Level::Lockdown && previous != Level::Lockdown {
                let stopping_m =
                    st.x + st.v * st.v / (2.0 * self.spec.train.brake_mps2) - SAME_PLACE_M;
                let stations = self.spec.track.stations();
                let first = st.next_station.min(stations.len() - 1);
                st.lockdown_stop_m = stations[first..]
                    .iter()
                    .map(|s| s.x_m)
                    .find(|&x| x >= stopping_m)
                    .unwrap_or(self.spec.track.destination_m());
            }
        }
        Some(level)
    }

    /// Handles reaching the standstill target; returns true at the destination.
    fn arrive<S: Sink>(
        &self,
        st: &mut State,
        sink: &mut S,
        mut forecast: Option<&mut Buffers>,
    ) -> Result<bool, SimError> {
        let stations = self.spec.track.stations();
        let last = stations.len() - 1;
        st.x = self.target(st);
        st.v = 0.0;
        st.moving = false;
        st.ready_at = st.t;
        st.at_station = stations
            .get(st.next_station)
            .filter(|s| (s.x_m - st.x).abs() <= SAME_PLACE_M)
            .map(|_| st.next_station);
        if st.at_station == Some(last) {
            sink.station(last, Some(st.t), None, true);
            if forecast.is_some() {
                sink.estimate(Estimate {
                    t_s: st.t,
                    x_m: st.x,
                    trigger: Trigger::Arrive(last),
                    eta_s: st.t,
                });
            }
            return Ok(true);
        }
        if let Some(s) = st.at_station {
            sink.station(s, Some(st.t), None, true);
            st.next_station = s + 1;
            let dwell_s = stations[s].dwell_s;
            if dwell_s > 0.0 {
                let sweep_s = if st.level >= Level::High {
                    self.spec.caps.high_sweep_s
                } else {
                    0.0
                };
                st.ready_at = st.t + dwell_s + sweep_s;
            }
            if s == st.next_stop {
                st.next_stop = next_planned_stop(self.spec, s + 1);
            }
            if (st.lockdown_stop_m - st.x).abs() <= SAME_PLACE_M {
                st.lockdown_stop_m = f64::INFINITY;
            }
        }
        let incident_started =
            (st.incident_stop_m - st.x).abs() <= SAME_PLACE_M && self.start_incident_wait(st, sink);
        if let Some(s) = st.at_station {
            self.report(st, Trigger::Arrive(s), sink, forecast.as_deref_mut())?;
        }
        if incident_started {
            self.report(
                st,
                Trigger::IncidentStart(st.incident_index),
                sink,
                forecast,
            )?;
        }
        Ok(false)
    }

    fn depart<S: Sink>(
        &self,
        st: &mut State,
        sink: &mut S,
        forecast: Option<&mut Buffers>,
    ) -> Result<(), SimError> {
        st.moving = true;
        st.replan = true;
        if st.level == Level::Lockdown && !st.lockdown_stop_m.is_finite() {
            let stations = self.spec.track.stations();
            st.lockdown_stop_m = stations
                .get(st.next_station)
                .map_or(self.spec.track.destination_m(), |s| s.x_m);
        }
        if let Some(s) = st.at_station.take() {
            // The origin counts as a stop when the train was held there past the departure.
            sink.station(s, None, Some(st.t), s == 0 && st.t > 0.0);
            if !(s == 0 && st.t == 0.0) {
                self.report(st, Trigger::Depart(s), sink, forecast)?;
            }
        }
        Ok(())
    }

    /// Reports an arrival estimate: the arrival of a forecast forked from the current state.
    fn report<S: Sink>(
        &self,
        st: &State,
        trigger: Trigger,
        sink: &mut S,
        forecast: Option<&mut Buffers>,
    ) -> Result<(), SimError> {
        let Some(buf) = forecast else { return Ok(()) };
        let mut fork = *st;
        fork.forecast = true;
        fork.replan = true;
        let eta_s = self.run(&mut fork, buf, &mut NullSink, None)?;
        sink.estimate(Estimate {
            t_s: st.t,
            x_m: st.x,
            trigger,
            eta_s,
        });
        Ok(())
    }
}

/// Moves the state along the current piece to `(t, x, v)`, recording the motion.
fn advance<S: Sink>(st: &mut State, sink: &mut S, t: f64, x: f64, v: f64, accel_mps2: f64) {
    sink.motion(MotionSegment {
        t0_s: st.t,
        t1_s: t,
        x0_m: st.x,
        v0_mps: st.v,
        accel_mps2,
    });
    st.t = t;
    st.x = x;
    st.v = v;
}

/// Stands still until `t`, recording the stand.
fn stand<S: Sink>(st: &mut State, sink: &mut S, t: f64) {
    sink.motion(MotionSegment {
        t0_s: st.t,
        t1_s: t,
        x0_m: st.x,
        v0_mps: 0.0,
        accel_mps2: 0.0,
    });
    st.t = t;
}
