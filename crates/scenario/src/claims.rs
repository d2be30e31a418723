//! Judging a press claim: against the record where there is one (the observed times, the
//! network's sourced distances and coordinates, the itinerary of a real trip), and otherwise only
//! against the model's own assumptions, saying so. A verdict names its kind: consistent,
//! inconsistent, consistent with another measure (a "distance" that is the straight line), a
//! forecast that came true or was missed, or a judgement of the model alone.
use crate::evaluate::{Measure, distances, matching_measure};
use crate::expect::{Check, Claim, Moment, Verdict};
use crate::observations::{Event, Observation, When};
use crate::route::Route;
use crate::scenario::Scenario;
use crate::time::{local, rfc3339};
use jiff::Timestamp;
use serde::Serialize;
use train_sim::units::average_kmh;

/// What a claim was judged against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Basis {
    /// What was observed or is sourced.
    Record,
    /// Only the model's assumptions (nothing in the record says).
    Model,
}

/// The kind of verdict on a claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ClaimOutcome {
    /// The record agrees (or does not rule it out).
    Consistent,
    /// The record rules it out.
    Inconsistent,
    /// Wrong as stated, right as another measure (a rail "distance" that is the straight line).
    ConsistentWithOtherMeasure,
    /// A forecast the outcome bore out.
    ForecastCameTrue,
    /// A forecast the outcome did not bear out.
    ForecastMissed,
    /// Consistent with the model's assumptions only: nothing in the record says.
    ModelOnlyConsistent,
    /// Inconsistent with the model's assumptions only: nothing in the record says.
    ModelOnlyInconsistent,
}

impl ClaimOutcome {
    /// The outcome's words, as in the reports.
    pub fn word(self) -> &'static str {
        match self {
            ClaimOutcome::Consistent => "consistent",
            ClaimOutcome::Inconsistent => "inconsistent",
            ClaimOutcome::ConsistentWithOtherMeasure => "consistent with another measure",
            ClaimOutcome::ForecastCameTrue => "forecast that came true",
            ClaimOutcome::ForecastMissed => "forecast that was missed",
            ClaimOutcome::ModelOnlyConsistent => "consistent with the model's assumptions only",
            ClaimOutcome::ModelOnlyInconsistent => "inconsistent with the model's assumptions only",
        }
    }

    /// Whether the claim stands (as stated, or as a forecast).
    pub fn stands(self) -> bool {
        matches!(
            self,
            ClaimOutcome::Consistent
                | ClaimOutcome::ForecastCameTrue
                | ClaimOutcome::ModelOnlyConsistent
        )
    }
}

/// A claim and its verdict.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct ClaimVerdict {
    /// Who said it, where, when.
    pub source: String,
    /// The claim against the simulated journey.
    pub says: Verdict,
    /// The verdict's kind.
    pub verdict: ClaimOutcome,
    /// What it was judged against.
    pub basis: Basis,
    /// What the record says about it, when it says anything.
    pub record: Option<String>,
    /// Whether the claim was a forecast (made before the event).
    pub forecast: bool,
    /// How far outside its tolerance the simulation is, as text ("" when it holds).
    pub by: String,
    /// Context from the scenario.
    pub note: Option<String>,
}

/// An interval of instants the record allows for an event, and how the record puts it.
#[derive(Debug, Clone)]
struct Recorded {
    earliest: Timestamp,
    latest: Timestamp,
    text: String,
}

/// What the record says about `event` at `station`: a timed observation gives its tolerance
/// either side, a dated one its local day.
fn recorded(
    observations: &[Observation],
    route: &Route,
    station: usize,
    arrive: bool,
) -> Option<Recorded> {
    let o = observations.iter().find(|o| {
        o.station == station
            && match o.event {
                Event::Pass => true,
                Event::Arrive => arrive,
                Event::Depart => !arrive,
            }
    })?;
    let tz = &route.stations[station].tz;
    match &o.when {
        When::At {
            time,
            within_s,
            within_text,
        } => {
            let w = jiff::SignedDuration::from_secs_f64(*within_s);
            Some(Recorded {
                earliest: time.timestamp.checked_sub(w).ok()?,
                latest: time.timestamp.checked_add(w).ok()?,
                text: format!(
                    "observed {} ±{within_text}",
                    rfc3339(&local(time.timestamp, tz))
                ),
            })
        }
        When::On(date) => {
            let start = date.to_zoned(tz.clone()).ok()?;
            let end = date.tomorrow().ok()?.to_zoned(tz.clone()).ok()?;
            Some(Recorded {
                earliest: start.timestamp(),
                latest: end.timestamp(),
                text: format!("observed on {date}"),
            })
        }
    }
}

/// The record of a moment (the destination's arrival, a station's arrival or departure).
fn recorded_moment(scenario: &Scenario, moment: Moment) -> Option<(Recorded, usize)> {
    let route = &scenario.route;
    let (station, arrive) = match moment {
        Moment::Arrival => (route.stations.len() - 1, true),
        Moment::Arrive(s) => (s, true),
        Moment::Depart(s) => (s, false),
    };
    recorded(&scenario.observations, route, station, arrive).map(|r| (r, station))
}

/// Whether a target overlaps the record, and the record's words; `None` when the record is silent.
fn against_record(scenario: &Scenario, check: &Check) -> Option<(bool, String)> {
    let route = &scenario.route;
    let secs = |a: Timestamp, b: Timestamp| crate::time::seconds_between(a, b);
    match check {
        Check::Arrive {
            station,
            at,
            within,
        }
        | Check::Depart {
            station,
            at,
            within,
        } => {
            let arrive = matches!(check, Check::Arrive { .. });
            let r = recorded(&scenario.observations, route, *station, arrive)?;
            // The claimed window [at - within, at + within] meets the recorded interval.
            let fits = secs(r.earliest, at.timestamp) >= -within.value
                && secs(at.timestamp, r.latest) >= -within.value;
            Some((fits, r.text))
        }
        Check::TravelTime { from, to, target } | Check::AverageSpeed { from, to, target } => {
            let start = recorded(&scenario.observations, route, *from, false)?;
            let end = recorded(&scenario.observations, route, *to, true)?;
            let shortest = secs(start.latest, end.earliest);
            let longest = secs(start.earliest, end.latest);
            let text = format!("left {}; arrived {}", start.text, end.text);
            Some(match check {
                Check::TravelTime { .. } => (target.overlaps(shortest, longest), text),
                _ => {
                    let km = route.stations[*to].km - route.stations[*from].km;
                    let (slow, fast) = (
                        average_kmh(km, longest),
                        average_kmh(km, shortest.max(f64::MIN_POSITIVE)),
                    );
                    (
                        target.overlaps(slow, fast),
                        format!("{text} ({slow:.1}-{fast:.1} km/h over {km:.0} km)"),
                    )
                }
            })
        }
        Check::Weekday { at, is } => {
            let (r, station) = recorded_moment(scenario, *at)?;
            let dates = dates_between(&r, &route.stations[station].tz);
            Some((dates.iter().any(|d| d.weekday() == *is), r.text))
        }
        Check::Date { at, is } => {
            let (r, station) = recorded_moment(scenario, *at)?;
            let dates = dates_between(&r, &route.stations[station].tz);
            Some((dates.contains(is), r.text))
        }
        _ => None,
    }
}

/// The local dates an interval of the record touches.
fn dates_between(r: &Recorded, tz: &jiff::tz::TimeZone) -> Vec<jiff::civil::Date> {
    let first = local(r.earliest, tz).date();
    // The end of a dated observation is the next midnight: step back a nanosecond.
    let last_instant = r
        .latest
        .checked_sub(jiff::SignedDuration::from_nanos(1))
        .unwrap_or(r.latest);
    let last = local(last_instant, tz).date();
    let mut dates = vec![first];
    let mut d = first;
    while d < last {
        match d.tomorrow() {
            Ok(next) => {
                d = next;
                dates.push(d);
            }
            Err(_) => break,
        }
    }
    dates
}

/// Judges `claim`, whose check was evaluated against the simulation as `says`.
pub fn judge(claim: &Claim, scenario: &Scenario, says: Verdict) -> ClaimVerdict {
    let route = &scenario.route;
    let a_real_trip = !scenario.observations.is_empty();
    let (verdict, basis, record) = match &claim.says {
        // Geography: the network's sourced km and coordinates are the record.
        Check::Distance { from, to, target } | Check::StraightDistance { from, to, target } => {
            let (rail, straight) = distances(route, *from, *to);
            let stated = match claim.says {
                Check::Distance { .. } => Measure::Rail,
                _ => Measure::Straight,
            };
            let matched = matching_measure(target, stated, rail, straight);
            let outcome = match matched {
                Some(m) if m == stated => ClaimOutcome::Consistent,
                Some(_) => ClaimOutcome::ConsistentWithOtherMeasure,
                None => ClaimOutcome::Inconsistent,
            };
            let record = format!(
                "{rail:.0} km by rail{}{}",
                straight
                    .map(|s| format!(", {s:.0} km in a straight line"))
                    .unwrap_or_default(),
                match matched {
                    Some(other) if other != stated => format!(": the claim is {}", other.name()),
                    _ => String::new(),
                }
            );
            (outcome, Basis::Record, Some(record))
        }
        Check::Direction { .. } => (
            if says.holds {
                ClaimOutcome::Consistent
            } else {
                ClaimOutcome::Inconsistent
            },
            Basis::Record,
            Some(format!("the coordinates give {}", says.actual)),
        ),
        Check::Visits { on_route, .. } if a_real_trip => (
            if says.holds {
                ClaimOutcome::Consistent
            } else {
                ClaimOutcome::Inconsistent
            },
            Basis::Record,
            Some(format!(
                "the trip's itinerary {} it",
                if *on_route {
                    "includes"
                } else {
                    "does not include"
                }
            )),
        ),
        check => match against_record(scenario, check) {
            Some((fits, text)) => (
                if fits {
                    ClaimOutcome::Consistent
                } else {
                    ClaimOutcome::Inconsistent
                },
                Basis::Record,
                Some(text),
            ),
            None => (
                if says.holds {
                    ClaimOutcome::ModelOnlyConsistent
                } else {
                    ClaimOutcome::ModelOnlyInconsistent
                },
                Basis::Model,
                None,
            ),
        },
    };
    let verdict = match (claim.forecast, verdict) {
        (true, ClaimOutcome::Consistent) => ClaimOutcome::ForecastCameTrue,
        (true, ClaimOutcome::Inconsistent) => ClaimOutcome::ForecastMissed,
        (_, other) => other,
    };
    let by = if says.holds {
        String::new()
    } else {
        says.difference.clone()
    };
    ClaimVerdict {
        source: claim.source.clone(),
        verdict,
        basis,
        record,
        forecast: claim.forecast,
        by,
        note: claim.note.clone(),
        says,
    }
}
