//! Security events and incidents as the journey meets them: starting and ending events, the
//! effective level, and incident waits.
use super::Buffers;
use super::sink::Sink;
use super::state::{Active, ActiveEnd, State};
use super::step::Engine;
use crate::error::SimError;
use crate::journey::Trigger;
use crate::security::{EventEnd, Level};
use crate::spec::MAX_SECURITY_EVENTS;
use crate::units::SAME_PLACE_M;

impl Engine<'_> {
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
    pub(super) fn activate_km_starts(&self, st: &mut State) {
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

    pub(super) fn handle_time_events<S: Sink>(
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

    pub(super) fn handle_km_events<S: Sink>(
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
        // Without pass events the stations behind are caught up on arriving (see `arrive`).
        if st.moving && st.passes {
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
    pub(super) fn start_incident_wait<S: Sink>(&self, st: &mut State, sink: &mut S) -> bool {
        let until = st.t + st.incident_delay_s;
        st.ready_at = st.ready_at.max(until);
        st.incident_wait_until = if st.incident_wait_until.is_finite() {
            st.incident_wait_until.max(until)
        } else {
            until
        };
        st.incident_index = sink.incident_stopped(st.x, st.t);
        st.incident_stop_m = f64::INFINITY;
        st.incident_delay_s = 0.0;
        true
    }

    /// Recomputes the effective level; returns the new level if it changed.
    pub(super) fn update_level<S: Sink>(&self, st: &mut State, sink: &mut S) -> Option<Level> {
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
}
