//! The typed timetable of a run: every figure a report, a table, the app's clock or its event log
//! shows, each derived here once (local times with their D+n, what the train did at each station,
//! lateness, estimate drift, level reasons, average speed). Renderers only format it.
use crate::expect::Check;
use crate::run::Run;
use crate::time::{offset_label, rfc3339};
use jiff::Zoned;
use train_sim::units::m_to_km;
use train_sim::{Level, Trigger};

/// Lateness below this is shown as on time (s): rounding and the odd second are not delays.
pub const LATE_THRESHOLD_S: f64 = 30.0;

/// A local time where something happened, with its day count from the departure's local date.
#[derive(Debug, Clone, PartialEq)]
pub struct LocalTime {
    /// The time in the zone in force there.
    pub zoned: Zoned,
    /// Days after the departure's local date (the "D+n").
    pub day: i32,
}

impl LocalTime {
    /// RFC 3339 with the local offset, to the second.
    pub fn rfc3339(&self) -> String {
        rfc3339(&self.zoned)
    }

    /// "15:00", or "D+1 08:12" on a later day.
    pub fn clock(&self) -> String {
        self.clock_with("%H:%M")
    }

    /// "15:00:07", or "D+1 08:12:30" on a later day.
    pub fn clock_seconds(&self) -> String {
        self.clock_with("%H:%M:%S")
    }

    /// The clock with seconds when `seconds`.
    pub fn clock_to(&self, seconds: bool) -> String {
        if seconds {
            self.clock_seconds()
        } else {
            self.clock()
        }
    }

    fn clock_with(&self, format: &str) -> String {
        let hm = self.zoned.strftime(format).to_string();
        if self.day == 0 {
            hm
        } else {
            format!("D{:+} {hm}", self.day)
        }
    }

    /// The offset label: "+09", "+08:30".
    pub fn offset(&self) -> String {
        offset_label(&self.zoned)
    }
}

/// What the train did at a station.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Call {
    /// It started here (the origin).
    Start,
    /// It stood here for this long (a planned stop, a hold or an incident).
    Stop {
        /// Standing time, s.
        dwell_s: f64,
    },
    /// It passed without stopping.
    Pass,
    /// It ended here (the destination).
    End,
}

/// One station of the timetable.
#[derive(Debug, Clone, PartialEq)]
pub struct StationRow {
    /// Index in the route.
    pub index: usize,
    /// Name.
    pub name: String,
    /// How scenarios refer to it (`Khasan`, or `Khasan#2` on its second visit).
    pub reference: String,
    /// The leg it is reached on (an index into the timetable's legs).
    pub leg: usize,
    /// The train reverses here.
    pub reversal: bool,
    /// Its line and km on that line's chainage, for an itinerary on a network.
    pub post: Option<(String, f64)>,
    /// Km along the route.
    pub km: f64,
    /// IANA zone.
    pub tz_name: String,
    /// Arrival (or passing), s since departure.
    pub arrive_s: Option<f64>,
    /// Departure (or passing), s since departure.
    pub depart_s: Option<f64>,
    /// Arrival (or passing), local.
    pub arrive: Option<LocalTime>,
    /// Departure (or passing), local.
    pub depart: Option<LocalTime>,
    /// Arrival in the undisturbed plan.
    pub planned_arrive: Option<LocalTime>,
    /// Departure in the undisturbed plan.
    pub planned_depart: Option<LocalTime>,
    /// The offset in force when the train was there (or at the departure for the origin).
    pub offset: String,
    /// What the train did there.
    pub call: Call,
    /// Whether it stood there (as the core reports it: the origin counts when held past the departure).
    pub stopped: bool,
    /// How much later than planned it was there, when at least [`LATE_THRESHOLD_S`].
    pub late_s: Option<f64>,
}

/// The estimated arrival at a station on the way (the next stop, the end of the leg).
#[derive(Debug, Clone, PartialEq)]
pub struct TargetEta {
    /// Station index.
    pub index: usize,
    /// How scenarios refer to it.
    pub reference: String,
    /// The estimate, s since departure.
    pub eta_s: f64,
    /// The estimate, local time there.
    pub eta: LocalTime,
    /// How much later than the undisturbed plan, s.
    pub drift_s: f64,
}

/// One arrival estimate.
#[derive(Debug, Clone, PartialEq)]
pub struct EstimateRow {
    /// When it was reported, s since departure.
    pub t_s: f64,
    /// When it was reported, local time at the train's position.
    pub at: LocalTime,
    /// Where, km.
    pub km: f64,
    /// Why.
    pub trigger: Trigger,
    /// Why, in scenario syntax (e.g. `Depart(Khasan)`).
    pub trigger_name: String,
    /// The estimated arrival, s since departure.
    pub eta_s: f64,
    /// The estimated arrival, destination local time.
    pub eta: LocalTime,
    /// How far it moved from the first estimate, s.
    pub drift_s: f64,
    /// The next station where the train will stand.
    pub next_stop: Option<TargetEta>,
    /// The end of the current leg.
    pub leg_end: Option<TargetEta>,
}

/// One period above Normal.
#[derive(Debug, Clone, PartialEq)]
pub struct SecurityRow {
    /// Level.
    pub level: Level,
    /// Start and end, s since departure.
    pub from_s: f64,
    /// End, s since departure.
    pub to_s: f64,
    /// Start, local time.
    pub from: LocalTime,
    /// End, local time.
    pub to: LocalTime,
    /// Start, km.
    pub from_km: f64,
    /// End, km.
    pub to_km: f64,
    /// The event's reason, if given.
    pub reason: Option<String>,
}

/// One incident stop.
#[derive(Debug, Clone, PartialEq)]
pub struct IncidentRow {
    /// Where it was triggered, km.
    pub km: f64,
    /// Where the train stood, km.
    pub stopped_at_km: f64,
    /// Standstill start, s since departure.
    pub from_s: f64,
    /// Standstill end, s since departure.
    pub to_s: f64,
    /// Standstill start, local time.
    pub from: LocalTime,
    /// Standstill end, local time.
    pub to: LocalTime,
    /// Cause.
    pub cause: String,
}

/// A leg of the journey.
#[derive(Debug, Clone, PartialEq)]
pub struct LegRow {
    /// First station index.
    pub from: usize,
    /// Last station index.
    pub to: usize,
    /// "Khasan → Vostochny cosmodrome".
    pub title: String,
    /// Length, km.
    pub length_km: f64,
}

/// A run as every renderer sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct Timetable {
    /// Scenario title.
    pub title: String,
    /// Route name.
    pub route: String,
    /// The origin's IANA zone.
    pub origin_tz: String,
    /// The destination's name.
    pub destination: String,
    /// Route length, km.
    pub length_km: f64,
    /// Cruise speed, km/h.
    pub cruise_kmh: f64,
    /// Scheduled departure, origin local time.
    pub departure: LocalTime,
    /// Arrival, destination local time.
    pub arrival: LocalTime,
    /// Scheduled departure to arrival, s.
    pub travel_time_s: f64,
    /// Average speed, km/h.
    pub average_kmh: f64,
    /// Per station, in route order.
    pub stations: Vec<StationRow>,
    /// The legs (one for a route file), as station index ranges with a title.
    pub legs: Vec<LegRow>,
    /// Whether the route is an itinerary on a network.
    pub itinerary: bool,
    /// Whether the scenario's expectations are written to the second (so times show seconds).
    pub to_the_second: bool,
    /// Arrival estimates in the order reported.
    pub estimates: Vec<EstimateRow>,
    /// Periods above Normal.
    pub security: Vec<SecurityRow>,
    /// Incident stops.
    pub incidents: Vec<IncidentRow>,
}

impl Run {
    /// A local time `t_s` after departure in `zoned`'s zone, with its D+n.
    fn local_time(&self, zoned: Zoned) -> LocalTime {
        LocalTime {
            day: self.days_after_departure(&zoned),
            zoned,
        }
    }

    /// Local time at station `index`.
    pub fn at_station(&self, t_s: f64, index: usize) -> LocalTime {
        self.local_time(self.local_at_station(t_s, index))
    }

    /// Local time at `km`.
    pub fn at_km(&self, t_s: f64, km: f64) -> LocalTime {
        self.local_time(self.local_at_km(t_s, km))
    }

    /// The timetable of this run.
    pub fn timetable(&self) -> Timetable {
        let route = &self.scenario.route;
        let last = route.stations.len() - 1;
        let stations = route
            .stations
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let times = self.journey.stations[i];
                let planned = self.planned.stations[i];
                let at = |t: Option<f64>| t.map(|t| self.at_station(t, i));
                let call = match (times.arrive_s, times.depart_s) {
                    (None, _) => Call::Start,
                    (_, None) => Call::End,
                    (Some(a), Some(d)) if times.stopped => Call::Stop { dwell_s: d - a },
                    _ => Call::Pass,
                };
                let late_s = match (
                    times.arrive_s.or(times.depart_s),
                    planned.arrive_s.or(planned.depart_s),
                ) {
                    (Some(a), Some(p)) if (a - p).abs() >= LATE_THRESHOLD_S => Some(a - p),
                    _ => None,
                };
                StationRow {
                    index: i,
                    name: s.name.clone(),
                    reference: s.reference(),
                    leg: s.leg,
                    reversal: s.reversal,
                    post: s.post.clone(),
                    km: s.km,
                    tz_name: s.tz_name.clone(),
                    arrive_s: times.arrive_s,
                    depart_s: times.depart_s,
                    arrive: at(times.arrive_s),
                    depart: at(times.depart_s),
                    planned_arrive: at(planned.arrive_s),
                    planned_depart: at(planned.depart_s),
                    offset: offset_label(
                        &self.local_at_station(times.arrive_s.or(times.depart_s).unwrap_or(0.0), i),
                    ),
                    call,
                    stopped: times.stopped,
                    late_s,
                }
            })
            .collect();
        let first_eta = self.journey.estimates.first().map_or(0.0, |e| e.eta_s);
        let estimates = self
            .journey
            .estimates
            .iter()
            .map(|e| {
                let km = m_to_km(e.x_m);
                EstimateRow {
                    t_s: e.t_s,
                    at: self.at_km(e.t_s, km),
                    km,
                    trigger: e.trigger,
                    trigger_name: self.trigger_name(e.trigger),
                    eta_s: e.eta_s,
                    eta: self.at_station(e.eta_s, last),
                    drift_s: e.eta_s - first_eta,
                    next_stop: e.next_stop.map(|t| self.target(t)),
                    leg_end: e.leg_end.map(|t| self.target(t)),
                }
            })
            .collect();
        let security = self
            .journey
            .security
            .iter()
            .map(|p| {
                let (from_km, to_km) = (m_to_km(p.from_m), m_to_km(p.to_m));
                SecurityRow {
                    level: p.level,
                    from_s: p.from_s,
                    to_s: p.to_s,
                    from: self.at_km(p.from_s, from_km),
                    to: self.at_km(p.to_s, to_km),
                    from_km,
                    to_km,
                    reason: self.level_reason(p.event).map(str::to_string),
                }
            })
            .collect();
        let incidents = self
            .journey
            .incidents
            .iter()
            .map(|s| {
                let stopped_at_km = m_to_km(s.stopped_at_m);
                IncidentRow {
                    km: m_to_km(s.at_m),
                    stopped_at_km,
                    from_s: s.from_s,
                    to_s: s.to_s,
                    from: self.at_km(s.from_s, stopped_at_km),
                    to: self.at_km(s.to_s, stopped_at_km),
                    cause: self.scenario.incident_cause(s.cause),
                }
            })
            .collect();
        let legs = route
            .legs
            .iter()
            .map(|leg| LegRow {
                from: leg.from,
                to: leg.to,
                title: format!(
                    "{} → {}",
                    route.stations[leg.from].name, route.stations[leg.to].name
                ),
                length_km: route.stations[leg.to].km - route.stations[leg.from].km,
            })
            .collect();
        Timetable {
            title: self.scenario.title.clone(),
            route: route.name.clone(),
            origin_tz: route.stations[0].tz_name.clone(),
            destination: route.stations[last].name.clone(),
            length_km: route.length_km(),
            cruise_kmh: self.scenario.cruise_kmh,
            departure: self.at_station(0.0, 0),
            arrival: self.at_station(self.journey.arrival_s, last),
            travel_time_s: self.journey.arrival_s,
            average_kmh: self.average_kmh(),
            stations,
            legs,
            itinerary: route.itinerary,
            to_the_second: self.scenario.expect.iter().any(Check::is_to_the_second),
            estimates,
            security,
            incidents,
        }
    }

    /// An estimate at a station on the way, with its drift from the undisturbed plan.
    fn target(&self, t: train_sim::StationEta) -> TargetEta {
        let planned = self.planned.stations[t.station].arrive_s.unwrap_or(t.eta_s);
        TargetEta {
            index: t.station,
            reference: self.scenario.route.stations[t.station].reference(),
            eta_s: t.eta_s,
            eta: self.at_station(t.eta_s, t.station),
            drift_s: t.eta_s - planned,
        }
    }
}
