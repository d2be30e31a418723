//! Where the engine reports what happens: nothing (forecasts), arrivals only (Monte Carlo) or the
//! whole journey.
use crate::incidents::Incident;
use crate::journey::{Estimate, IncidentStop, Journey, MotionSegment, SecurityPeriod, StationEta};
use crate::security::Level;
use crate::spec::Stop;

/// Receives what the engine reports.
pub(super) trait Sink {
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
    /// The train stopped for the incidents triggered since the last stop; returns the index of
    /// the first of them in the journey's incident list.
    fn incident_stopped(&mut self, _x_m: f64, _from_s: f64) -> usize {
        0
    }
    fn motion(&mut self, _segment: MotionSegment) {}
    /// Whether passing a station is an event for this sink. A sink that only wants arrivals at
    /// stops lets the engine run through stations in one step (the times do not change: they
    /// come from the plan's closed form, not from the steps).
    fn wants_passes(&self) -> bool {
        true
    }
}

/// A forecast records only the first stop it reaches and the first leg end.
pub(super) struct ForecastSink<'a> {
    pub(super) stations: &'a [Stop],
    pub(super) next_stop: Option<StationEta>,
    pub(super) leg_end: Option<StationEta>,
}

impl Sink for ForecastSink<'_> {
    fn wants_passes(&self) -> bool {
        false
    }

    fn station(&mut self, index: usize, arrive_s: Option<f64>, _: Option<f64>, stopped: bool) {
        let Some(eta_s) = arrive_s else { return };
        let here = Some(StationEta {
            station: index,
            eta_s,
        });
        if stopped && self.next_stop.is_none() {
            self.next_stop = here;
        }
        if self.leg_end.is_none() && self.stations.get(index).is_some_and(|s| s.leg_end) {
            self.leg_end = here;
        }
    }
}

/// Records station arrival times only (the Monte Carlo hot path).
pub(super) struct ArrivalSink<'a> {
    pub(super) arrivals: &'a mut [f64],
}

impl Sink for ArrivalSink<'_> {
    fn wants_passes(&self) -> bool {
        !self.arrivals.is_empty()
    }

    fn station(&mut self, index: usize, arrive_s: Option<f64>, _: Option<f64>, _: bool) {
        if let (Some(slot), Some(t)) = (self.arrivals.get_mut(index), arrive_s) {
            *slot = t;
        }
    }
}

/// A security period that has started and not yet ended.
#[derive(Debug, Clone, Copy)]
struct OpenPeriod {
    level: Level,
    from_s: f64,
    from_m: f64,
    event: usize,
}

/// Records the whole journey. Periods and incident stops enter the journey only once complete,
/// so the journey never holds a placeholder.
pub(super) struct JourneySink<'a> {
    pub(super) journey: &'a mut Journey,
    pub(super) trajectory: bool,
    /// Incidents triggered and not yet stood for (a buffer reused across journeys).
    pub(super) pending: &'a mut Vec<Incident>,
    open: Option<OpenPeriod>,
}

impl<'a> JourneySink<'a> {
    pub(super) fn new(
        journey: &'a mut Journey,
        trajectory: bool,
        pending: &'a mut Vec<Incident>,
    ) -> Self {
        pending.clear();
        Self {
            journey,
            trajectory,
            pending,
            open: None,
        }
    }

    fn close_open_period(&mut self, t_s: f64, x_m: f64) {
        if let Some(open) = self.open.take() {
            self.journey.security.push(SecurityPeriod {
                level: open.level,
                from_s: open.from_s,
                to_s: t_s,
                from_m: open.from_m,
                to_m: x_m,
                event: open.event,
            });
        }
    }

    /// Ends the journey at the destination: the open period closes at the arrival, and incidents
    /// triggered within braking distance of the destination never stopped the train on the way:
    /// the arrival absorbs them (kept, standing at the destination with no wait).
    pub(super) fn finish(&mut self, arrival_s: f64, destination_m: f64) {
        self.journey.arrival_s = arrival_s;
        for incident in self.pending.drain(..) {
            self.journey.incidents.push(IncidentStop {
                at_m: incident.at_m,
                stopped_at_m: destination_m,
                from_s: arrival_s,
                to_s: arrival_s,
                cause: incident.cause,
            });
        }
        self.close_open_period(arrival_s, destination_m);
    }
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
        self.close_open_period(t_s, x_m);
        if level != Level::Normal {
            self.open = Some(OpenPeriod {
                level,
                from_s: t_s,
                from_m: x_m,
                event,
            });
        }
    }

    fn incident_triggered(&mut self, incident: &Incident) {
        self.pending.push(*incident);
    }

    fn incident_stopped(&mut self, x_m: f64, from_s: f64) -> usize {
        let first = self.journey.incidents.len();
        // The wait of each runs from the moment the train stands.
        for incident in self.pending.drain(..) {
            self.journey.incidents.push(IncidentStop {
                at_m: incident.at_m,
                stopped_at_m: x_m,
                from_s,
                to_s: from_s + incident.delay_s,
                cause: incident.cause,
            });
        }
        first
    }

    fn motion(&mut self, segment: MotionSegment) {
        if self.trajectory && segment.t1_s > segment.t0_s {
            self.journey.trajectory.push(segment);
        }
    }
}
