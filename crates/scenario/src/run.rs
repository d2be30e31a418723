//! Running a scenario: the journey, its undisturbed plan and the verdicts on its expectations and
//! claims, with the conversions from the core's seconds to local times.
use crate::error::{LoadError, LoadErrorKind};
use crate::expect::Verdict;
use crate::locate::place;
use crate::long_journey::{S_PER_YEAR, describe, largest_part};
use crate::observations::{ObservedRow, observed_rows};
use crate::ron_file::Anchor;
use crate::ron_index::FieldPath;
use crate::scenario::Scenario;
use crate::time::{days_between, instant_after, local};
use jiff::Zoned;

use thiserror::Error;
use train_sim::units::{average_kmh, m_to_km};
use train_sim::{Journey, Options, SimError, Trigger, simulate};

/// A scenario that loaded but could not be run to its end.
#[derive(Debug, Clone, PartialEq, Error)]
#[non_exhaustive]
pub enum RunError {
    /// The journey could not finish.
    #[error("{0}")]
    Sim(#[from] SimError),
    /// The journey would end too far in the future to write its times.
    #[error("the journey would take {years:.0} years (more than {MAX_JOURNEY_YEARS})")]
    TooLong {
        /// How long it would take.
        years: f64,
    },
}

/// Longest journey whose times are reported (keeps every instant representable).
pub const MAX_JOURNEY_YEARS: f64 = 100.0;

/// Years over the limit, never rounded down to it ("100.4 years", not "100 years, more than
/// the 100").
fn describe_years(years: f64) -> String {
    if years < 2.0 * MAX_JOURNEY_YEARS {
        format!("{years:.1} years")
    } else {
        format!("{years:.0} years")
    }
}

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
    /// The error against the scenario file; a journey held for ever by a Lockdown without `until`
    /// points at that event.
    pub fn locate(&self, scenario: &Scenario) -> LoadError {
        let file = &scenario.source;
        if let RunError::Sim(SimError::NeverEnds {
            x_m,
            held_by: Some(index),
            ..
        }) = self
        {
            return file.error(
                LoadErrorKind::Unrunnable,
                &FieldPath::root().field("security").index(*index),
                Anchor::Value,
                format!(
                    "the journey can never end: a Lockdown without `until` holds the train at km {:.1} for ever; add until: After(\"<duration>\") or At(\"<time>\")",
                    m_to_km(*x_m)
                ),
            );
        }
        if let RunError::TooLong { years } = self {
            let part = largest_part(scenario);
            let (file, field, anchor) = place(part.location, &scenario.files());
            return file.error(
                LoadErrorKind::Unrunnable,
                &field,
                anchor,
                format!(
                    "the journey would take {}, more than the {MAX_JOURNEY_YEARS} years whose times can be written; the largest part is {} ({})",
                    describe_years(*years),
                    part.what,
                    describe(part.seconds)
                ),
            );
        }
        LoadError::plain(&file.path, LoadErrorKind::Unrunnable, self.to_string())
    }
}

/// A scenario's journey, its undisturbed plan and the verdicts on its expectations and claims.
#[derive(Debug, Clone)]
pub struct Run {
    /// The scenario as run (after overrides).
    pub scenario: Scenario,
    /// What happened.
    pub journey: Journey,
    /// The same journey with no security events and no incidents.
    pub planned: Journey,
    /// Verdicts on `expect`.
    pub expectations: Vec<Verdict>,
    /// Verdicts on `claims`.
    pub claims: Vec<ClaimVerdict>,
    /// Things in the scenario that had no effect on this run (e.g. a security event dated after
    /// the arrival), for the reports to say.
    pub warnings: Vec<String>,
    /// What was seen of the real train against the simulation.
    pub observed: Vec<ObservedRow>,
}

pub use crate::claims::{Basis, ClaimOutcome, ClaimVerdict};

/// Stations the train reached after the departure time the scenario states for them: it left
/// late (after its dwell), which a reader of the file would not expect.
fn late_for_stated_departures(scenario: &Scenario, journey: &Journey) -> Vec<String> {
    let clock = |t_s: f64, index: usize| {
        local(
            instant_after(scenario.departure, t_s),
            &scenario.route.stations[index].tz,
        )
        .strftime("%a %Y-%m-%d %H:%M:%S %:z")
        .to_string()
    };
    let stops = scenario.spec().track().stations();
    journey
        .stations
        .iter()
        .enumerate()
        .filter_map(|(index, times)| {
            let stated_s = stops.get(index)?.depart_at_s?;
            let arrive_s = times.arrive_s?;
            (arrive_s > stated_s).then(|| {
                format!(
                    "{} is reached at {}, after its stated departure {}: the train leaves late",
                    scenario.route.stations[index].reference(),
                    clock(arrive_s, index),
                    clock(stated_s, index),
                )
            })
        })
        .collect()
}

impl Run {
    /// Runs `scenario` with estimates and trajectory.
    pub fn new(scenario: &Scenario) -> Result<Self, RunError> {
        let spec = scenario.spec();
        let journey = simulate(spec, Options::default())?;
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
                crate::claims::judge(claim, scenario, says)
            })
            .collect();
        // Events that had no effect: possible when the departure was moved (an override, a
        // case of a table-driven file); a file's own such events are refused when it loads.
        let event = |index: usize| {
            format!(
                "security event {} ({})",
                index + 1,
                scenario.security[index].level.name()
            )
        };
        let warnings = spec
            .events_over_before_departure()
            .into_iter()
            .map(|i| {
                format!(
                    "{} is over before this departure and does nothing",
                    event(i)
                )
            })
            .chain(
                spec.events_starting_after(journey.arrival_s)
                    .into_iter()
                    .map(|i| format!("{} starts after the arrival and does nothing", event(i))),
            )
            .chain(late_for_stated_departures(scenario, &journey))
            .collect();
        let observed = observed_rows(
            &scenario.observations,
            &scenario.route,
            scenario.departure,
            &journey,
        );
        Ok(Self {
            scenario: scenario.clone(),
            journey,
            planned,
            expectations,
            claims,
            warnings,
            observed,
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
        days_between(&self.local_at_station(0.0, 0), zoned)
    }

    /// The average speed over the journey, km/h.
    pub fn average_kmh(&self) -> f64 {
        average_kmh(self.scenario.route.length_km(), self.journey.arrival_s)
    }

    /// The reason given with security event `event`, if any.
    pub fn level_reason(&self, event: usize) -> Option<&str> {
        self.scenario
            .security
            .get(event)
            .and_then(|e| e.reason.as_deref())
    }

    /// Human-readable name of an estimate trigger, in the scenario syntax.
    pub fn trigger_name(&self, trigger: Trigger) -> String {
        trigger_name(&self.scenario.route, trigger)
    }
}

/// What triggered an estimate, in scenario syntax (`Depart(Khasan)`, `Pass(Khasan#2)`,
/// `LevelChange(High)`, `IncidentStop(1)`): what an `Estimate(at: ..)` expectation writes.
pub fn trigger_name(route: &crate::route::Route, trigger: Trigger) -> String {
    let name = |i: usize| route.stations[i].reference();
    match trigger {
        Trigger::Departure => "Departure".into(),
        Trigger::Arrive(i) => format!("Arrive({})", name(i)),
        Trigger::Depart(i) => format!("Depart({})", name(i)),
        Trigger::Pass(i) => format!("Pass({})", name(i)),
        Trigger::LevelChange(level) => format!("LevelChange({})", level.name()),
        Trigger::IncidentStart(i) => format!("IncidentStop({})", i + 1),
        Trigger::IncidentEnd(i) => format!("IncidentEnd({})", i + 1),
    }
}
