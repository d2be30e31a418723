//! Stepping a journey: the event loop, from one exact event to the next inside the plan's pieces,
//! arrivals, departures and the forecasts behind the estimates.
use super::Buffers;
use super::sink::{ForecastSink, Sink};
use super::state::{ActiveEnd, MAX_STEPS_PER_STATION, State};
use crate::error::SimError;
use crate::incidents::Incident;
use crate::journey::{Estimate, MotionSegment, Trigger};
use crate::profile::{Dynamics, plan};
use crate::security::Level;
use crate::spec::JourneySpec;
use crate::units::SAME_PLACE_M;

pub(super) struct Engine<'a> {
    pub(super) spec: &'a JourneySpec,
    pub(super) incidents: &'a [Incident],
}

impl Engine<'_> {
    /// Runs from `st` to the arrival; returns the arrival time.
    pub(super) fn run<S: Sink>(
        &self,
        st: &mut State,
        buf: &mut Buffers,
        sink: &mut S,
        mut forecast: Option<&mut Buffers>,
    ) -> Result<f64, SimError> {
        let stations = self.spec.track.stations();
        st.passes = sink.wants_passes();
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
                    if st.from_station && st.v == 0.0 {
                        buf.cache.plan_from_rest(
                            &mut buf.pieces,
                            &mut buf.scratch,
                            st.x,
                            target,
                            dynamics,
                        );
                    } else {
                        plan(
                            &mut buf.pieces,
                            &mut buf.scratch,
                            st.x,
                            st.v,
                            target,
                            self.spec.track.limits(),
                            dynamics,
                        );
                    }
                    st.from_station = false;
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
                    let held_by = st.active[..st.n_active]
                        .iter()
                        .find(|a| a.level == Level::Lockdown && a.end == ActiveEnd::Never)
                        .map(|a| a.event);
                    return Err(SimError::NeverEnds {
                        x_m: st.x,
                        t_s: st.t,
                        held_by,
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
    pub(super) fn target(&self, st: &State) -> f64 {
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
        if st.passes
            && let Some(station) = self.spec.track.stations().get(st.next_station)
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
        // Stations run through without a pass event (see `Sink::wants_passes`) are behind now.
        while stations
            .get(st.next_station)
            .is_some_and(|s| s.x_m < st.x - SAME_PLACE_M)
        {
            st.next_station += 1;
        }
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
                    next_stop: None,
                    leg_end: None,
                });
            }
            return Ok(true);
        }
        if let Some(s) = st.at_station {
            sink.station(s, Some(st.t), None, true);
            st.next_station = s + 1;
            let stop = stations[s];
            if stop.is_planned_stop() {
                let sweep_s = if st.level >= Level::High {
                    self.spec.caps.high_sweep_s
                } else {
                    0.0
                };
                st.ready_at = st.t + stop.dwell_s + sweep_s;
                if let Some(depart_at_s) = stop.depart_at_s {
                    st.ready_at = st.ready_at.max(depart_at_s);
                }
            }
            if s == st.next_stop {
                st.next_stop = self.spec.track.next_planned_stop(s + 1);
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
        st.from_station = st.at_station.is_some();
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
    pub(super) fn report<S: Sink>(
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
        let mut targets = ForecastSink {
            stations: self.spec.track.stations(),
            next_stop: None,
            leg_end: None,
        };
        let eta_s = self.run(&mut fork, buf, &mut targets, None)?;
        sink.estimate(Estimate {
            t_s: st.t,
            x_m: st.x,
            trigger,
            eta_s,
            next_stop: targets.next_stop,
            leg_end: targets.leg_end,
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
