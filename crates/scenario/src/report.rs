//! The JSON report of a run (`run --format json`): a contract whose field names and meanings do
//! not change; it is the timetable written with RFC 3339 times.
use crate::expect::Verdict;
use crate::observations::ObservedRow;
use crate::run::{ClaimVerdict, Run};
use crate::timetable::{LocalTime, TargetEta, Timetable};
use serde::Serialize;

impl Run {
    /// The report in the JSON contract's shape.
    pub fn report(&self) -> Report {
        Report::new(&self.timetable(), self)
    }
}

impl Report {
    /// The JSON Schema of the report as serialized (fields left out when empty are optional),
    /// generated from this type.
    pub fn schema() -> schemars::Schema {
        schemars::generate::SchemaSettings::draft2020_12()
            .for_serialize()
            .into_generator()
            .into_root_schema_for::<Report>()
    }

    /// The report of a timetable and its run's verdicts.
    pub fn new(timetable: &Timetable, run: &Run) -> Self {
        let time = |t: &Option<LocalTime>| t.as_ref().map(LocalTime::rfc3339);
        Self {
            title: timetable.title.clone(),
            route: timetable.route.clone(),
            departure: timetable.departure.rfc3339(),
            arrival: timetable.arrival.rfc3339(),
            travel_time_s: timetable.travel_time_s,
            distance_km: timetable.length_km,
            average_kmh: timetable.average_kmh,
            stations: timetable
                .stations
                .iter()
                .map(|s| StationRow {
                    name: s.name.clone(),
                    leg: timetable.itinerary.then_some(s.leg + 1),
                    reversal: s.reversal,
                    km: s.km,
                    tz: s.tz_name.clone(),
                    arrive: time(&s.arrive),
                    depart: time(&s.depart),
                    planned_arrive: time(&s.planned_arrive),
                    planned_depart: time(&s.planned_depart),
                    stopped: s.stopped,
                })
                .collect(),
            estimates: timetable
                .estimates
                .iter()
                .map(|e| {
                    let target = |t: &TargetEta| TargetRow {
                        station: t.reference.clone(),
                        eta: t.eta.rfc3339(),
                        drift_s: t.drift_s,
                    };
                    EstimateRow {
                        at: e.at.rfc3339(),
                        km: e.km,
                        trigger: e.trigger_name.clone(),
                        eta: e.eta.rfc3339(),
                        drift_s: e.drift_s,
                        next_stop: e.next_stop.as_ref().map(target),
                        leg_end: e.leg_end.as_ref().map(target),
                    }
                })
                .collect(),
            security: timetable
                .security
                .iter()
                .map(|p| SecurityRow {
                    level: p.level.name(),
                    from: p.from.rfc3339(),
                    to: p.to.rfc3339(),
                    from_km: p.from_km,
                    to_km: p.to_km,
                    reason: p.reason.clone(),
                })
                .collect(),
            incidents: timetable
                .incidents
                .iter()
                .map(|s| IncidentRow {
                    km: s.km,
                    stopped_at_km: s.stopped_at_km,
                    from: s.from.rfc3339(),
                    to: s.to.rfc3339(),
                    cause: s.cause.clone(),
                })
                .collect(),
            expectations: run.expectations.clone(),
            claims: run.claims.clone(),
            warnings: run.warnings.clone(),
            observed: run.observed.clone(),
            cases: Vec::new(),
            relations: Vec::new(),
        }
    }
}

/// The report of one run; field names and meaning are a contract for JSON consumers.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
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
    /// What in the scenario had no effect on this run (absent when nothing).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
    /// What was seen of the real train against the simulation (absent when nothing was).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub observed: Vec<ObservedRow>,
    /// A table-driven file's cases, one summary each (absent for a plain scenario; the fields
    /// above are the base journey's).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub cases: Vec<CaseRow>,
    /// Verdicts on the relations between cases (absent when none).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub relations: Vec<Verdict>,
}

/// The summary of one case of a table-driven file.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct CaseRow {
    /// Its name (`base` for the base journey).
    pub name: String,
    /// Departure, RFC 3339 in the origin's offset.
    pub departure: String,
    /// Cruise speed, km/h.
    pub cruise_kmh: f64,
    /// Arrival, RFC 3339 in the destination's offset.
    pub arrival: String,
    /// Departure to arrival, s.
    pub travel_time_s: f64,
    /// The first arrival estimate (the undisturbed arrival).
    pub first_eta: Option<String>,
    /// The last arrival estimate.
    pub last_eta: Option<String>,
    /// Verdicts on its expectations (the base's, unless it states its own about the same thing).
    pub expectations: Vec<Verdict>,
    /// Whether all of them hold.
    pub holds: bool,
    /// What had no effect in this case.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
}

/// One station of the report. A passed station has `arrive == depart`; the origin has no
/// `arrive` and the destination no `depart`.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct StationRow {
    /// Name.
    pub name: String,
    /// The leg it is reached on, from 1 (itineraries only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub leg: Option<usize>,
    /// The train reverses here.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub reversal: bool,
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
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct EstimateRow {
    /// When it was reported, local time at the train's position.
    pub at: String,
    /// Where, km.
    pub km: f64,
    /// Why, in scenario syntax (e.g. `Depart(Khasan)`).
    pub trigger: String,
    /// Estimated arrival, destination local time.
    pub eta: String,
    /// How much the destination estimate moved from the first one, s.
    pub drift_s: f64,
    /// The next station where the train will stand (none once arrived).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_stop: Option<TargetRow>,
    /// The end of the current leg (none once arrived).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub leg_end: Option<TargetRow>,
}

/// The estimate at a station on the way.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct TargetRow {
    /// The station, as scenarios refer to it (`Khasan#2` on a second visit).
    pub station: String,
    /// Estimated arrival, local time there.
    pub eta: String,
    /// How much later than the undisturbed plan, s.
    pub drift_s: f64,
}

/// One security period.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
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
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
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
