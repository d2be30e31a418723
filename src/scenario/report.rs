//! Running a scenario and turning the core's seconds into local times: the report behind `run`, `check` and the app.
use crate::expect::Verdict;
use crate::scenario::Scenario;
use crate::time::{instant_after, local, rfc3339};
use jiff::Zoned;
use serde::Serialize;
use thiserror::Error;
use train_sim::units::{M_PER_KM, m_to_km};
use train_sim::{Journey, JourneySpec, Options, SimError, SpecError, Trigger, simulate};

/// A scenario that loaded but could not be run.
#[derive(Debug, Clone, PartialEq, Error)]
#[non_exhaustive]
pub enum RunError {
    /// The core refused the journey (e.g. a speed override of zero).
    #[error("{0}")]
    Spec(#[from] SpecError),
    /// The journey could not finish.
    #[error("{0}")]
    Sim(#[from] SimError),
    /// The journey would end too far in the future to write its times.
    #[error(
        "the journey would take {years:.0} years (more than {MAX_JOURNEY_YEARS}); check the speeds"
    )]
    TooLong {
        /// How long it would take.
        years: f64,
    },
}

/// Longest journey whose times are reported (keeps every instant representable).
pub const MAX_JOURNEY_YEARS: f64 = 100.0;
/// Seconds in a (Julian) year.
const S_PER_YEAR: f64 = 365.25 * 86_400.0;

/// Refuses journeys longer than [`MAX_JOURNEY_YEARS`].
pub fn check_length(arrival_s: f64) -> Result<(), RunError> {
    let years = arrival_s / S_PER_YEAR;
    if years > MAX_JOURNEY_YEARS {
        Err(RunError::TooLong { years })
    } else {
        Ok(())
    }
}

impl RunError {
    /// The error as a message naming the scenario file and, for a journey held for ever by a
    /// Lockdown without `until`, the line and column of that event.
    pub fn describe(&self, scenario: &Scenario) -> String {
        if let RunError::Sim(SimError::NeverEnds { x_m, .. }) = self {
            let is_lockdown = |e: &&crate::SecuritySpec| e.level == train_sim::Level::Lockdown;
            // The k-th Lockdown event is taken to be the k-th "Lockdown" written in the file.
            let open_ended = scenario
                .security
                .iter()
                .filter(is_lockdown)
                .position(|e| e.until.is_none());
            let index = scenario
                .security
                .iter()
                .position(|e| e.level == train_sim::Level::Lockdown && e.until.is_none());
            if let (Some(k), Some(index)) = (open_ended, index) {
                let message = format!(
                    "the journey can never end: a Lockdown without `until` holds the train at km {:.1} for ever; add until: After(\"<duration>\") or At(\"<time>\")",
                    m_to_km(*x_m)
                );
                return match scenario.source.match_indices("Lockdown").nth(k) {
                    Some((offset, _)) => {
                        let (line, col) = crate::error::position_of(&scenario.source, offset);
                        crate::LoadError::at(
                            &scenario.path,
                            &scenario.source,
                            line,
                            col,
                            Some(format!("security[{index}]")),
                            message,
                        )
                        .with_snippet()
                    }
                    None => format!("{}: security[{index}]: {message}", scenario.path.display()),
                };
            }
        }
        format!("{}: {self}", scenario.path.display())
    }
}

/// A scenario's journey, its undisturbed plan and the verdicts on its expectations and claims.
#[derive(Debug, Clone)]
pub struct Run {
    /// The scenario as run (after overrides).
    pub scenario: Scenario,
    /// The core's input.
    pub spec: JourneySpec,
    /// What happened.
    pub journey: Journey,
    /// The same journey with no security events and no incidents.
    pub planned: Journey,
    /// Verdicts on `expect`.
    pub expectations: Vec<Verdict>,
    /// Verdicts on `claims`.
    pub claims: Vec<ClaimVerdict>,
}

/// A claim and whether the simulation supports it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClaimVerdict {
    /// Who said it.
    pub source: String,
    /// The check behind the claim.
    pub says: Verdict,
    /// "consistent" or "inconsistent".
    pub verdict: &'static str,
    /// How far outside its tolerance the claim is, as text ("" when consistent).
    pub by: String,
    /// Context from the scenario.
    pub note: Option<String>,
}

impl Run {
    /// Runs `scenario` with estimates and trajectory.
    pub fn new(scenario: &Scenario) -> Result<Self, RunError> {
        let spec = scenario.spec()?;
        let journey = simulate(&spec, Options::default())?;
        check_length(journey.arrival_s)?;
        let planned = simulate(
            &spec.undisturbed(),
            Options {
                estimates: false,
                ..Options::default()
            },
        )?;
        let expectations = scenario
            .expect
            .iter()
            .map(|c| c.evaluate(&scenario.route, scenario.departure, &journey))
            .collect();
        let claims = scenario
            .claims
            .iter()
            .map(|claim| {
                let says = claim
                    .says
                    .evaluate(&scenario.route, scenario.departure, &journey);
                let by = if says.holds {
                    String::new()
                } else {
                    says.difference.clone()
                };
                ClaimVerdict {
                    source: claim.source.clone(),
                    verdict: if says.holds {
                        "consistent"
                    } else {
                        "inconsistent"
                    },
                    by,
                    note: claim.note.clone(),
                    says,
                }
            })
            .collect();
        Ok(Self {
            scenario: scenario.clone(),
            spec,
            journey,
            planned,
            expectations,
            claims,
        })
    }

    /// Whether every expectation holds.
    pub fn all_hold(&self) -> bool {
        self.expectations.iter().all(|v| v.holds)
    }

    /// The local time `t_s` after departure in the zone in force at `km`.
    pub fn local_at_km(&self, t_s: f64, km: f64) -> Zoned {
        local(
            instant_after(self.scenario.departure, t_s),
            &self.scenario.route.zone_at(km).tz,
        )
    }

    /// The local time `t_s` after departure at station `index`.
    pub fn local_at_station(&self, t_s: f64, index: usize) -> Zoned {
        local(
            instant_after(self.scenario.departure, t_s),
            &self.scenario.route.stations[index].tz,
        )
    }

    /// Days from the departure's local date (at the origin) to the local date of `zoned`: the
    /// "D+n" shown beside times.
    pub fn days_after_departure(&self, zoned: &Zoned) -> i32 {
        (zoned.date() - self.local_at_station(0.0, 0).date()).get_days()
    }

    /// Human-readable name of an estimate trigger, in the scenario syntax.
    pub fn trigger_name(&self, trigger: Trigger) -> String {
        let name = |i: usize| self.scenario.route.stations[i].name.as_str();
        match trigger {
            Trigger::Departure => "Departure".into(),
            Trigger::Arrive(i) => format!("Arrive({})", name(i)),
            Trigger::Depart(i) => format!("Depart({})", name(i)),
            Trigger::Pass(i) => format!("Pass({})", name(i)),
            Trigger::LevelChange(level) => format!("Level({})", level.name()),
            Trigger::IncidentStart(i) => format!("IncidentStop({})", i + 1),
            Trigger::IncidentEnd(i) => format!("IncidentEnd({})", i + 1),
        }
    }

    /// The report in the JSON contract's shape.
    pub fn report(&self) -> Report {
        let route = &self.scenario.route;
        let last = route.stations.len() - 1;
        let stations = route
            .stations
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let times = self.journey.stations[i];
                let planned = self.planned.stations[i];
                let at = |t: Option<f64>| t.map(|t| rfc3339(&self.local_at_station(t, i)));
                StationRow {
                    name: s.name.clone(),
                    km: s.km,
                    tz: s.tz_name.clone(),
                    arrive: at(times.arrive_s),
                    depart: at(times.depart_s),
                    planned_arrive: at(planned.arrive_s),
                    planned_depart: at(planned.depart_s),
                    stopped: times.stopped,
                }
            })
            .collect();
        let estimates = self
            .journey
            .estimates
            .iter()
            .map(|e| {
                let km = m_to_km(e.x_m);
                EstimateRow {
                    at: rfc3339(&self.local_at_km(e.t_s, km)),
                    km,
                    trigger: self.trigger_name(e.trigger),
                    eta: rfc3339(&self.local_at_station(e.eta_s, last)),
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
                    level: p.level.name(),
                    from: rfc3339(&self.local_at_km(p.from_s, from_km)),
                    to: rfc3339(&self.local_at_km(p.to_s, to_km)),
                    from_km,
                    to_km,
                    reason: self
                        .scenario
                        .security
                        .get(p.event)
                        .and_then(|s| s.reason.clone()),
                }
            })
            .collect();
        let incidents = self
            .journey
            .incidents
            .iter()
            .map(|s| {
                let stopped_km = m_to_km(s.stopped_at_m);
                IncidentRow {
                    km: m_to_km(s.at_m),
                    stopped_at_km: stopped_km,
                    from: rfc3339(&self.local_at_km(s.from_s, stopped_km)),
                    to: rfc3339(&self.local_at_km(s.to_s, stopped_km)),
                    cause: self.scenario.incident_cause(s.cause),
                }
            })
            .collect();
        let travel_time_s = self.journey.arrival_s;
        let distance_km = route.length_km();
        Report {
            title: self.scenario.title.clone(),
            route: route.name.clone(),
            departure: rfc3339(&self.local_at_station(0.0, 0)),
            arrival: rfc3339(&self.local_at_station(travel_time_s, last)),
            travel_time_s,
            distance_km,
            average_kmh: distance_km * M_PER_KM / travel_time_s * 3.6,
            stations,
            estimates,
            security,
            incidents,
            expectations: self.expectations.clone(),
            claims: self.claims.clone(),
        }
    }
}

/// The report of one run; field names and meaning are a contract for JSON consumers.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// Scenario title.
    pub title: String,
    /// Route name.
    pub route: String,
    /// Scheduled departure, RFC 3339 in the origin's offset.
    pub departure: String,
    /// Arrival, RFC 3339 in the destination's offset.
    pub arrival: String,
    /// Scheduled departure to arrival, s.
    pub travel_time_s: f64,
    /// Route length, km.
    pub distance_km: f64,
    /// Distance over travel time, km/h.
    pub average_kmh: f64,
    /// Per station.
    pub stations: Vec<StationRow>,
    /// Arrival estimates in the order reported.
    pub estimates: Vec<EstimateRow>,
    /// Periods above Normal.
    pub security: Vec<SecurityRow>,
    /// Incident stops.
    pub incidents: Vec<IncidentRow>,
    /// Verdicts on expectations.
    pub expectations: Vec<Verdict>,
    /// Verdicts on claims.
    pub claims: Vec<ClaimVerdict>,
}

/// One station of the report. A passed station has `arrive == depart`; the origin has no
/// `arrive` and the destination no `depart`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StationRow {
    /// Name.
    pub name: String,
    /// Km.
    pub km: f64,
    /// IANA zone.
    pub tz: String,
    /// Arrival (or passing) time.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub arrive: Option<String>,
    /// Departure (or passing) time.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub depart: Option<String>,
    /// Arrival in the undisturbed plan.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub planned_arrive: Option<String>,
    /// Departure in the undisturbed plan.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub planned_depart: Option<String>,
    /// Whether the train stood there.
    pub stopped: bool,
}

/// One arrival estimate.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EstimateRow {
    /// When it was reported, local time at the train's position.
    pub at: String,
    /// Where, km.
    pub km: f64,
    /// Why, in scenario syntax (e.g. `Depart(Khasan)`).
    pub trigger: String,
    /// Estimated arrival, destination local time.
    pub eta: String,
}

/// One security period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SecurityRow {
    /// Level name.
    pub level: &'static str,
    /// Start, local time.
    pub from: String,
    /// End, local time.
    pub to: String,
    /// Start, km.
    pub from_km: f64,
    /// End, km.
    pub to_km: f64,
    /// The event's reason, if given.
    pub reason: Option<String>,
}

/// One incident stop.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IncidentRow {
    /// Where it was triggered, km.
    pub km: f64,
    /// Where the train stood, km.
    pub stopped_at_km: f64,
    /// Standstill start, local time.
    pub from: String,
    /// Standstill end, local time.
    pub to: String,
    /// Cause.
    pub cause: String,
}
