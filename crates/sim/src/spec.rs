//! The validated input of a journey: track, train, security events and incidents, in metres and seconds.
use crate::error::{Location, SpecError, TrainField};
use crate::incidents::{Incident, RandomIncidents};
use crate::security::{EventEnd, EventStart, Level, LevelCaps, SecurityEvent};
use crate::units::{SAME_PLACE_M, kmh_to_mps};
use crate::value::{finite, non_negative, rate_mps2, speed_mps};

/// Largest number of stations a route may have (a resource limit, not a physical one): an
/// arrival estimate is made at every stop and runs the rest of the journey, so the work grows
/// with the square of the stops (2,000 stops take about 0.6 s in release; 10,000 took 14 s).
pub const MAX_STATIONS: usize = 2_000;
/// Largest number of security events in one journey: the engine keeps the active ones in a
/// fixed array so that copying its state for an estimate never allocates.
pub const MAX_SECURITY_EVENTS: usize = 32;
/// Largest number of permanent speed restrictions on a route (a resource limit).
pub const MAX_RESTRICTIONS: usize = 10_000;
/// Largest number of scripted incidents in one journey (a resource limit).
pub const MAX_INCIDENTS: usize = 10_000;

/// A station along the route.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Stop {
    /// Position from the origin, metres.
    pub x_m: f64,
    /// Planned dwell, seconds; zero means the train passes through (unless it has a departure time).
    pub dwell_s: f64,
    /// A stated departure time (s since the scheduled departure): the train stands at least until
    /// then. A stop arrived at later leaves after its dwell.
    pub depart_at_s: Option<f64>,
    /// The end of a leg of the journey: estimates report their arrival here.
    pub leg_end: bool,
}

impl Stop {
    /// A station at `x_m` with a dwell (zero: passed), no stated departure, not a leg end.
    pub fn new(x_m: f64, dwell_s: f64) -> Self {
        Self {
            x_m,
            dwell_s,
            depart_at_s: None,
            leg_end: false,
        }
    }

    /// Whether the train is planned to stand here.
    pub fn is_planned_stop(&self) -> bool {
        self.dwell_s > 0.0 || self.depart_at_s.is_some()
    }
}

/// A permanent speed restriction: inside `[from_m, to_m)` the speed is at most `max_mps`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SpeedLimit {
    /// Start, metres.
    pub from_m: f64,
    /// End (exclusive), metres.
    pub to_m: f64,
    /// Maximum speed, m/s.
    pub max_mps: f64,
}

/// The route as the core sees it: stations and permanent speed restrictions.
#[derive(Debug, Clone, PartialEq)]
pub struct Track {
    stations: Vec<Stop>,
    /// For each station, the first planned stop at or after it (the destination at the latest).
    next_stop: Vec<usize>,
    /// Non-overlapping, sorted limits (overlaps in the input are merged by taking the minimum).
    limits: Vec<SpeedLimit>,
}

impl Track {
    /// Validates stations (at least two, strictly increasing, dwells zero or more) and
    /// restrictions (non-empty, inside the route, positive speed).
    pub fn new(stations: Vec<Stop>, restrictions: Vec<SpeedLimit>) -> Result<Self, SpecError> {
        if stations.len() < 2 {
            return Err(SpecError::TooFewStations {
                count: stations.len(),
            });
        }
        if stations.len() > MAX_STATIONS {
            return Err(SpecError::TooManyStations {
                count: stations.len(),
                max: MAX_STATIONS,
            });
        }
        for (index, pair) in stations.windows(2).enumerate() {
            if !(pair[1].x_m > pair[0].x_m) || !pair[1].x_m.is_finite() {
                return Err(SpecError::StationsNotIncreasing {
                    index: index + 1,
                    x_m: pair[1].x_m,
                    previous_m: pair[0].x_m,
                });
            }
        }
        let mut last_departure: Option<(usize, f64)> = None;
        for (index, stop) in stations.iter().enumerate() {
            non_negative(stop.dwell_s).map_err(SpecError::value(Location::StationDwell(index)))?;
            if let Some(t) = stop.depart_at_s {
                finite(t).map_err(SpecError::value(Location::StationDwell(index)))?;
                if t < 0.0 {
                    return Err(SpecError::DepartsBeforeJourney { index, at_s: t });
                }
                if let Some((previous, previous_s)) = last_departure
                    && !(t > previous_s)
                {
                    return Err(SpecError::DeparturesOutOfOrder {
                        index,
                        at_s: t,
                        previous,
                        previous_s,
                    });
                }
                last_departure = Some((index, t));
            }
        }
        let origin = stations[0].x_m;
        let destination = stations[stations.len() - 1].x_m;
        if restrictions.len() > MAX_RESTRICTIONS {
            return Err(SpecError::TooManyRestrictions {
                count: restrictions.len(),
                max: MAX_RESTRICTIONS,
            });
        }
        for (index, r) in restrictions.iter().enumerate() {
            // Inside the route, up to the rounding of km to metres at its ends.
            let inside = r.from_m >= origin - SAME_PLACE_M && r.to_m <= destination + SAME_PLACE_M;
            if !(r.to_m > r.from_m && inside) {
                return Err(SpecError::RestrictionOutsideRoute {
                    index,
                    from_m: r.from_m,
                    to_m: r.to_m,
                });
            }
            speed_mps(r.max_mps).map_err(SpecError::value(Location::RestrictionSpeed(index)))?;
        }
        let last = stations.len() - 1;
        let mut next_stop = vec![last; stations.len()];
        for i in (0..last).rev() {
            next_stop[i] = if stations[i].is_planned_stop() {
                i
            } else {
                next_stop[i + 1]
            };
        }
        Ok(Self {
            stations,
            next_stop,
            limits: merge_limits(&restrictions),
        })
    }

    /// The stations in order; the first is the origin, the last the destination.
    pub fn stations(&self) -> &[Stop] {
        &self.stations
    }

    /// The permanent speed limits, sorted and non-overlapping.
    pub fn limits(&self) -> &[SpeedLimit] {
        &self.limits
    }

    /// The first planned stop at or after station `from` (the destination at the latest).
    pub fn next_planned_stop(&self, from: usize) -> usize {
        self.next_stop
            .get(from)
            .copied()
            .unwrap_or(self.stations.len() - 1)
    }

    /// Position of the destination, metres.
    pub fn destination_m(&self) -> f64 {
        self.stations[self.stations.len() - 1].x_m
    }

    /// Position of the origin, metres.
    pub fn origin_m(&self) -> f64 {
        self.stations[0].x_m
    }
}

/// Turns possibly overlapping restrictions into sorted, disjoint pieces carrying the minimum limit.
/// One sweep over the sorted ends with the limits in force kept in an ordered multiset:
/// O(n log n), so tens of thousands of restrictions cost milliseconds, not minutes.
fn merge_limits(restrictions: &[SpeedLimit]) -> Vec<SpeedLimit> {
    use std::collections::BTreeMap;
    // Each restriction begins (+1) and ends (-1) at a cut; speeds are positive and finite, so
    // their bit patterns sort like their values.
    let mut ends: Vec<(f64, i32, u64)> = restrictions
        .iter()
        .flat_map(|r| {
            [
                (r.from_m, 1, r.max_mps.to_bits()),
                (r.to_m, -1, r.max_mps.to_bits()),
            ]
        })
        .collect();
    ends.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut in_force: BTreeMap<u64, usize> = BTreeMap::new();
    let mut merged: Vec<SpeedLimit> = Vec::new();
    let mut i = 0;
    while i < ends.len() {
        let from_m = ends[i].0;
        while i < ends.len() && ends[i].0 == from_m {
            let (_, change, speed) = ends[i];
            if change > 0 {
                *in_force.entry(speed).or_insert(0) += 1;
            } else if let Some(count) = in_force.get_mut(&speed) {
                *count -= 1;
                if *count == 0 {
                    in_force.remove(&speed);
                }
            }
            i += 1;
        }
        let (Some(&(to_m, _, _)), Some((&lowest, _))) = (ends.get(i), in_force.first_key_value())
        else {
            continue;
        };
        let limit = f64::from_bits(lowest);
        match merged.last_mut() {
            Some(last) if last.to_m == from_m && last.max_mps == limit => last.to_m = to_m,
            _ => merged.push(SpeedLimit {
                from_m,
                to_m,
                max_mps: limit,
            }),
        }
    }
    merged
}

/// The train's performance, validated.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Train {
    pub(crate) cruise_mps: f64,
    pub(crate) accel_mps2: f64,
    pub(crate) brake_mps2: f64,
}

impl Train {
    /// A train from its cruise speed (m/s, see [`speed_mps`]), acceleration and braking (m/s²,
    /// see [`rate_mps2`]).
    pub fn from_mps(cruise_mps: f64, accel_mps2: f64, brake_mps2: f64) -> Result<Self, SpecError> {
        Ok(Self {
            cruise_mps: speed_mps(cruise_mps)
                .map_err(SpecError::value(Location::Train(TrainField::Cruise)))?,
            accel_mps2: rate_mps2(accel_mps2)
                .map_err(SpecError::value(Location::Train(TrainField::Accel)))?,
            brake_mps2: rate_mps2(brake_mps2)
                .map_err(SpecError::value(Location::Train(TrainField::Brake)))?,
        })
    }

    /// A train from km/h and m/s², validated.
    pub fn from_kmh(cruise_kmh: f64, accel_mps2: f64, brake_mps2: f64) -> Result<Self, SpecError> {
        Self::from_mps(kmh_to_mps(cruise_kmh), accel_mps2, brake_mps2)
    }

    /// Cruise (maximum) speed, m/s.
    pub fn cruise_mps(&self) -> f64 {
        self.cruise_mps
    }
    /// Acceleration, m/s².
    pub fn accel_mps2(&self) -> f64 {
        self.accel_mps2
    }
    /// Service braking, m/s².
    pub fn brake_mps2(&self) -> f64 {
        self.brake_mps2
    }
}

/// Everything the core needs to run one journey.
#[derive(Debug, Clone, PartialEq)]
pub struct JourneySpec {
    pub(crate) track: Track,
    pub(crate) train: Train,
    pub(crate) caps: LevelCaps,
    pub(crate) security: Vec<SecurityEvent>,
    pub(crate) incidents: Vec<Incident>,
    pub(crate) random: Option<RandomIncidents>,
    /// Security events started by km, sorted by km (indices into `security`).
    pub(crate) starts_by_km: Vec<usize>,
    /// Security events started by time, sorted by time (indices into `security`).
    pub(crate) starts_by_time: Vec<usize>,
}

impl JourneySpec {
    /// A journey with no security events and no incidents, and the default level caps.
    pub fn new(track: Track, train: Train) -> Result<Self, SpecError> {
        Self::with_all(
            track,
            train,
            LevelCaps::default(),
            Vec::new(),
            Vec::new(),
            None,
        )
    }

    /// A journey with everything. The values were validated where they were made (track, train,
    /// caps, value rules); this checks how they fit together.
    pub fn with_all(
        track: Track,
        train: Train,
        caps: LevelCaps,
        security: Vec<SecurityEvent>,
        mut incidents: Vec<Incident>,
        random: Option<RandomIncidents>,
    ) -> Result<Self, SpecError> {
        if security.len() > MAX_SECURITY_EVENTS {
            return Err(SpecError::TooManySecurityEvents {
                count: security.len(),
                max: MAX_SECURITY_EVENTS,
            });
        }
        if incidents.len() > MAX_INCIDENTS {
            return Err(SpecError::TooManyIncidents {
                count: incidents.len(),
                max: MAX_INCIDENTS,
            });
        }
        let (origin_m, destination_m) = (track.origin_m(), track.destination_m());
        for (index, event) in security.iter().enumerate() {
            validate_event(index, event, origin_m, destination_m)?;
        }
        for (index, incident) in incidents.iter().enumerate() {
            if !(incident.at_m >= origin_m && incident.at_m < destination_m) {
                return Err(SpecError::IncidentOutsideRoute {
                    index,
                    at_m: incident.at_m,
                    origin_m,
                    destination_m,
                });
            }
            non_negative(incident.delay_s)
                .map_err(SpecError::value(Location::IncidentDelay(index)))?;
        }
        if let Some(random) = &random {
            random.validate(destination_m - origin_m)?;
        }
        // A stable sort keeps the file order for incidents at the same km.
        incidents.sort_by(|a, b| a.at_m.total_cmp(&b.at_m));
        let mut starts_by_km: Vec<usize> = (0..security.len())
            .filter(|&i| matches!(security[i].start, EventStart::AtKm(_)))
            .collect();
        starts_by_km.sort_by(|&a, &b| {
            security[a]
                .start
                .value()
                .total_cmp(&security[b].start.value())
        });
        let mut starts_by_time: Vec<usize> = (0..security.len())
            .filter(|&i| matches!(security[i].start, EventStart::AtTime(_)))
            .collect();
        starts_by_time.sort_by(|&a, &b| {
            security[a]
                .start
                .value()
                .total_cmp(&security[b].start.value())
        });
        Ok(Self {
            track,
            train,
            caps,
            security,
            incidents,
            random,
            starts_by_km,
            starts_by_time,
        })
    }

    /// The track.
    pub fn track(&self) -> &Track {
        &self.track
    }
    /// The train.
    pub fn train(&self) -> Train {
        self.train
    }
    /// The level caps.
    pub fn caps(&self) -> LevelCaps {
        self.caps
    }
    /// The security events, in input order.
    pub fn security(&self) -> &[SecurityEvent] {
        &self.security
    }
    /// The scripted incidents, sorted by position.
    pub fn incidents(&self) -> &[Incident] {
        &self.incidents
    }
    /// The random-incident model, if any.
    pub fn random(&self) -> Option<&RandomIncidents> {
        self.random.as_ref()
    }

    /// Time-triggered security events over before the departure (they would do nothing): ended
    /// at a time, or after a duration, at or before the departure.
    pub fn events_over_before_departure(&self) -> Vec<usize> {
        (0..self.security.len())
            .filter(|&i| {
                let event = &self.security[i];
                let EventStart::AtTime(start_s) = event.start else {
                    return false;
                };
                match event.until {
                    Some(EventEnd::AtTime(end_s)) => end_s <= 0.0,
                    Some(EventEnd::After(d)) => start_s + d <= 0.0,
                    Some(EventEnd::AtKm(_)) | None => false,
                }
            })
            .collect()
    }

    /// Time-triggered security events that start at or after `arrival_s` (s since the departure):
    /// the journey is over before they begin.
    pub fn events_starting_after(&self, arrival_s: f64) -> Vec<usize> {
        (0..self.security.len())
            .filter(|&i| {
                matches!(self.security[i].start, EventStart::AtTime(start_s) if start_s >= arrival_s)
            })
            .collect()
    }

    /// The same journey with no security events and no incidents: the undisturbed plan.
    pub fn undisturbed(&self) -> Self {
        Self {
            track: self.track.clone(),
            train: self.train,
            caps: self.caps,
            security: Vec::new(),
            incidents: Vec::new(),
            random: None,
            starts_by_km: Vec::new(),
            starts_by_time: Vec::new(),
        }
    }

    /// The same journey with another cruise speed (m/s).
    pub fn with_cruise_mps(&self, cruise_mps: f64) -> Result<Self, SpecError> {
        let mut spec = self.clone();
        spec.train.cruise_mps =
            speed_mps(cruise_mps).map_err(SpecError::value(Location::Train(TrainField::Cruise)))?;
        Ok(spec)
    }

    /// The same journey with another random seed (no effect without a random model).
    pub fn with_seed(&self, seed: u64) -> Self {
        let mut spec = self.clone();
        if let Some(random) = &mut spec.random {
            random.seed = seed;
        }
        spec
    }
}

fn validate_event(
    index: usize,
    event: &SecurityEvent,
    origin_m: f64,
    destination_m: f64,
) -> Result<(), SpecError> {
    let start =
        finite(event.start.value()).map_err(SpecError::value(Location::SecurityStart(index)))?;
    if let EventStart::AtKm(at_m) = event.start
        && !(at_m >= origin_m && at_m <= destination_m)
    {
        return Err(SpecError::EventStartsOutsideRoute {
            index,
            at_m,
            origin_m,
            destination_m,
        });
    }
    let end = SpecError::value(Location::SecurityEnd(index));
    match event.until {
        Some(EventEnd::AtKm(end_m)) => {
            if event.level == Level::Lockdown {
                return Err(SpecError::LockdownEndsAtKm { index });
            }
            finite(end_m).map_err(end)?;
            if let EventStart::AtKm(start_m) = event.start
                && !(end_m > start_m)
            {
                return Err(SpecError::EventEndsBeforeStart {
                    index,
                    start_m: start,
                    end_m,
                });
            }
        }
        Some(EventEnd::After(d)) => {
            non_negative(d).map_err(end)?;
        }
        Some(EventEnd::AtTime(end_s)) => {
            finite(end_s).map_err(end)?;
            if let EventStart::AtTime(start_s) = event.start
                && !(end_s > start_s)
            {
                return Err(SpecError::EventEndsBeforeItStarts {
                    index,
                    start_s,
                    end_s,
                });
            }
        }
        None => {}
    }
    Ok(())
}
