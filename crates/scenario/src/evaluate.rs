//! Evaluating checks against a journey: the verdict of each expectation or claim, with its
//! difference shown as precisely as the verdict needs.
use crate::duration::{format_duration, format_signed_duration};
use crate::expect::{Check, CheckKind, Moment, Point, Target, Unit, Verdict, Within};
use crate::geo::{COMPASS_STEP_DEG, Compass, angle_between_deg, bearing_deg, great_circle_km};
use crate::route::Route;
use crate::time::{TimeText, instant_after, local, rfc3339, seconds_between};
use train_sim::units::average_kmh;
use train_sim::{Journey, Trigger};

impl Check {
    /// Evaluates the check against a journey of `route` that departed at `departure`.
    pub fn evaluate(
        &self,
        route: &Route,
        departure: jiff::Timestamp,
        journey: &Journey,
    ) -> Verdict {
        let name = |i: usize| route.stations[i].reference();
        let time_verdict = |kind: CheckKind,
                            subject: String,
                            expected: &TimeText,
                            actual_s: Option<f64>,
                            within: &Within,
                            zone_station: usize,
                            missing: &str| {
            let expected_s = seconds_between(departure, expected.timestamp);
            let zone = &route.stations[zone_station].tz;
            let actual = actual_s.map(|t| rfc3339(&local(instant_after(departure, t), zone)));
            Verdict::compare(
                kind,
                subject,
                expected.text.clone(),
                actual_s.zip(actual).map(|(t, text)| (t - expected_s, text)),
                Unit::Seconds,
                within,
                missing,
            )
        };
        let last = route.stations.len() - 1;
        // Leaving `from` (the scheduled departure for the origin) to arriving at `to`.
        let travel_s = |from: usize, to: usize| {
            let start_s = if from == 0 {
                Some(0.0)
            } else {
                journey.stations.get(from).and_then(|s| s.depart_s)
            };
            let end_s = journey.stations.get(to).and_then(|s| s.arrive_s);
            start_s.zip(end_s).map(|(a, b)| b - a)
        };
        let span = |from: usize, to: usize| format!("{} → {}", name(from), name(to));
        match self {
            Check::Arrive {
                station,
                at,
                within,
            } => {
                let actual = journey.stations.get(*station).and_then(|s| s.arrive_s);
                time_verdict(
                    CheckKind::Arrive,
                    name(*station),
                    at,
                    actual,
                    within,
                    *station,
                    "the train never arrives there",
                )
            }
            Check::Depart {
                station,
                at,
                within,
            } => {
                let actual = journey.stations.get(*station).and_then(|s| s.depart_s);
                time_verdict(
                    CheckKind::Depart,
                    name(*station),
                    at,
                    actual,
                    within,
                    *station,
                    "the train never departs from there",
                )
            }
            Check::TravelTime { from, to, target } => {
                let actual = travel_s(*from, *to).map(|t| (t, format_duration(t)));
                target_verdict(
                    CheckKind::TravelTime,
                    span(*from, *to),
                    target,
                    actual,
                    Unit::Seconds,
                    format_duration,
                    "the train never covers this stretch",
                )
            }
            Check::Estimate { at, eta, within } => {
                let (subject, actual) = estimate_at(*at, journey, &name);
                let missing = "no estimate was reported there (a station the train passed reports Pass, one where it stood reports Arrive and Depart)";
                time_verdict(
                    CheckKind::Estimate,
                    subject,
                    eta,
                    actual,
                    within,
                    last,
                    missing,
                )
            }
            Check::AverageSpeed { from, to, target } => {
                let distance_km = route.stations[*to].km - route.stations[*from].km;
                let actual = travel_s(*from, *to)
                    .map(|t| average_kmh(distance_km, t))
                    .map(|v| (v, format!("{v:.1} km/h")));
                target_verdict(
                    CheckKind::AverageSpeed,
                    span(*from, *to),
                    target,
                    actual,
                    Unit::Kmh,
                    |v| format!("{v} km/h"),
                    "the train never covers this stretch",
                )
            }
            Check::Distance { from, to, target } => {
                let (rail, straight) = distances(route, *from, *to);
                let mut verdict = target_verdict(
                    CheckKind::Distance,
                    span(*from, *to),
                    target,
                    Some((rail, format!("{rail:.1} km by rail"))),
                    Unit::Km,
                    |v| format!("{v} km"),
                    "",
                );
                verdict.note = straight.map(|s| {
                    distance_note(
                        s,
                        rail,
                        matching_measure(target, Measure::Rail, rail, straight),
                    )
                });
                verdict
            }
            Check::StraightDistance { from, to, target } => {
                let (rail, straight) = distances(route, *from, *to);
                let matched = matching_measure(target, Measure::Straight, rail, straight);
                let straight = straight.unwrap_or(f64::NAN);
                let mut verdict = target_verdict(
                    CheckKind::StraightDistance,
                    span(*from, *to),
                    target,
                    Some((straight, format!("{straight:.1} km in a straight line"))),
                    Unit::Km,
                    |v| format!("{v} km"),
                    "",
                );
                verdict.note = Some(distance_note(straight, rail, matched));
                verdict
            }
            Check::Direction { from, to, is } => {
                let bearing = bearing(route, *from, *to);
                let off = angle_between_deg(is.degrees(), bearing);
                let half_step = COMPASS_STEP_DEG / 2.0;
                let within = Within {
                    value: half_step,
                    text: format!("{half_step}°"),
                };
                let mut v = Verdict::compare(
                    CheckKind::Direction,
                    span(*from, *to),
                    format!("{is:?}"),
                    Some((
                        off,
                        format!("{:?} (bearing {bearing:.0}°)", Compass::of(bearing)),
                    )),
                    Unit::Degrees,
                    &within,
                    "",
                );
                v.difference = format!("{off:+.0}°");
                v
            }
            Check::Weekday { at, is } => {
                let when = moment_local(*at, route, departure, journey);
                let subject = moment_name(*at, route);
                match when {
                    Some(z) => {
                        let days = f64::from(z.weekday().since(*is));
                        let days = if days > 3.0 { days - 7.0 } else { days };
                        exact_verdict(
                            CheckKind::Weekday,
                            subject,
                            format!("{is:?}"),
                            format!("{:?} ({})", z.weekday(), rfc3339(&z)),
                            days,
                            Unit::Days,
                        )
                    }
                    None => missing(CheckKind::Weekday, subject, format!("{is:?}"), Unit::Days),
                }
            }
            Check::Date { at, is } => {
                let when = moment_local(*at, route, departure, journey);
                let subject = moment_name(*at, route);
                match when {
                    Some(z) => exact_verdict(
                        CheckKind::Date,
                        subject,
                        is.to_string(),
                        rfc3339(&z),
                        f64::from((z.date() - *is).get_days()),
                        Unit::Days,
                    ),
                    None => missing(CheckKind::Date, subject, is.to_string(), Unit::Days),
                }
            }
            Check::Visits {
                place,
                on_route,
                is,
            } => Verdict {
                kind: CheckKind::Visits,
                subject: place.clone(),
                expected: if *is { "visits" } else { "does not visit" }.into(),
                actual: if *on_route {
                    "visits"
                } else {
                    "does not visit"
                }
                .into(),
                difference: if on_route == is { "same" } else { "opposite" }.into(),
                difference_value: None,
                unit: Unit::None,
                within: "exactly".into(),
                holds: on_route == is,
                note: None,
            },
        }
    }
}

/// Rail and (when both have coordinates) straight-line distance between two stations, km.
pub(crate) fn distances(route: &Route, from: usize, to: usize) -> (f64, Option<f64>) {
    let (a, b) = (&route.stations[from], &route.stations[to]);
    let rail = (b.km - a.km).abs();
    let straight = match (a.lat, a.lon, b.lat, b.lon) {
        (Some(la), Some(lo), Some(lb), Some(lob)) => Some(great_circle_km(la, lo, lb, lob)),
        _ => None,
    };
    (rail, straight)
}

/// A measure of the distance between two places.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Measure {
    /// Along the track.
    Rail,
    /// The great circle.
    Straight,
}

impl Measure {
    /// "the rail distance", "the straight line".
    pub(crate) fn name(self) -> &'static str {
        match self {
            Measure::Rail => "the rail distance",
            Measure::Straight => "the straight line",
        }
    }
}

/// Which measure of a distance `target` matches: the `stated` one first, then the other (a
/// straight line is unknown where a station has no coordinates).
pub(crate) fn matching_measure(
    target: &Target,
    stated: Measure,
    rail: f64,
    straight: Option<f64>,
) -> Option<Measure> {
    let other = match stated {
        Measure::Rail => Measure::Straight,
        Measure::Straight => Measure::Rail,
    };
    [stated, other].into_iter().find(|m| match m {
        Measure::Rail => target.holds(rail),
        Measure::Straight => straight.is_some_and(|s| target.holds(s)),
    })
}

/// The note beside a distance verdict: both measures and which one the claim matches.
fn distance_note(straight: f64, rail: f64, matched: Option<Measure>) -> String {
    let matches = matched.map_or("neither", Measure::name);
    format!(
        "straight-line distance {straight:.0} km; rail {rail:.0} km: the claim matches {matches}"
    )
}

/// The initial bearing from one station to another, degrees.
fn bearing(route: &Route, from: usize, to: usize) -> f64 {
    let (a, b) = (&route.stations[from], &route.stations[to]);
    match (a.lat, a.lon, b.lat, b.lon) {
        (Some(la), Some(lo), Some(lb), Some(lob)) => bearing_deg(la, lo, lb, lob),
        _ => f64::NAN,
    }
}

/// The local time of a moment of the journey where it happens.
pub(crate) fn moment_local(
    moment: Moment,
    route: &Route,
    departure: jiff::Timestamp,
    journey: &Journey,
) -> Option<jiff::Zoned> {
    let (station, t) = match moment {
        Moment::Arrival => (route.stations.len() - 1, Some(journey.arrival_s)),
        Moment::Arrive(s) => (s, journey.stations.get(s).and_then(|t| t.arrive_s)),
        Moment::Depart(s) => (s, journey.stations.get(s).and_then(|t| t.depart_s)),
    };
    t.map(|t| local(instant_after(departure, t), &route.stations[station].tz))
}

/// "Arrive(Khasan)", "Arrival".
pub(crate) fn moment_name(moment: Moment, route: &Route) -> String {
    let name = |i: usize| route.stations[i].reference();
    match moment {
        Moment::Arrival => "Arrival".into(),
        Moment::Arrive(s) => format!("Arrive({})", name(s)),
        Moment::Depart(s) => format!("Depart({})", name(s)),
    }
}

/// A verdict on a value against a target (a value with a tolerance, or bounds).
fn target_verdict(
    kind: CheckKind,
    subject: String,
    target: &Target,
    actual: Option<(f64, String)>,
    unit: Unit,
    show: impl Fn(f64) -> String,
    missing: &str,
) -> Verdict {
    let within = Within {
        value: target.slack(),
        text: target.within_text(),
    };
    let mut v = Verdict::compare(
        kind,
        subject,
        target.expected_text(show),
        actual.map(|(value, text)| (target.miss(value), text)),
        unit,
        &within,
        missing,
    );
    v.within = target.within_text();
    v
}

/// A verdict that holds only on an exact match (a weekday, a date).
fn exact_verdict(
    kind: CheckKind,
    subject: String,
    expected: String,
    actual: String,
    difference: f64,
    unit: Unit,
) -> Verdict {
    Verdict {
        kind,
        subject,
        expected,
        actual,
        difference: if difference == 0.0 {
            "same".into()
        } else {
            format!("{difference:+} day(s)")
        },
        difference_value: Some(difference),
        unit,
        within: "exactly".into(),
        holds: difference == 0.0,
        note: None,
    }
}

/// A verdict on something that never happens.
fn missing(kind: CheckKind, subject: String, expected: String, unit: Unit) -> Verdict {
    Verdict {
        kind,
        subject,
        expected,
        actual: "none".into(),
        difference: "n/a".into(),
        difference_value: None,
        unit,
        within: "exactly".into(),
        holds: false,
        note: Some("the train never does this".into()),
    }
}

/// The estimate reported at `point`: its subject text and its ETA, s since the departure.
pub(crate) fn estimate_at(
    point: Point,
    journey: &Journey,
    name: &dyn Fn(usize) -> String,
) -> (String, Option<f64>) {
    let (subject, trigger) = match point {
        Point::Departure => ("Departure".to_string(), Trigger::Departure),
        Point::Depart(i) => (format!("Depart({})", name(i)), Trigger::Depart(i)),
        Point::Arrive(i) => (format!("Arrive({})", name(i)), Trigger::Arrive(i)),
        Point::Pass(i) => (format!("Pass({})", name(i)), Trigger::Pass(i)),
        Point::IncidentStop(n) => (
            format!("IncidentStop({})", n + 1),
            Trigger::IncidentStart(n),
        ),
        Point::IncidentEnd(n) => (format!("IncidentEnd({})", n + 1), Trigger::IncidentEnd(n)),
        Point::LevelChange(level) => (
            format!("LevelChange({})", level.name()),
            Trigger::LevelChange(level),
        ),
    };
    let find = |trigger: Trigger| journey.estimates.iter().find(|e| e.trigger == trigger);
    // Leaving the origin on time is the `Departure` report.
    let found = find(trigger).or_else(|| {
        (point == Point::Depart(0))
            .then(|| find(Trigger::Departure))
            .flatten()
    });
    (subject, found.map(|e| e.eta_s))
}

impl Verdict {
    /// A verdict on `actual` (its difference from the expected value, in `unit`, and its text)
    /// against a tolerance; `None` when there is nothing to compare, with why in `missing`.
    pub(crate) fn compare(
        kind: CheckKind,
        subject: String,
        expected: String,
        actual: Option<(f64, String)>,
        unit: Unit,
        within: &Within,
        missing: &str,
    ) -> Self {
        match actual {
            Some((diff, actual)) => {
                let holds = diff.abs() <= within.value;
                Verdict {
                    kind,
                    subject,
                    expected,
                    actual,
                    difference: difference_text(diff, within.value, holds, unit),
                    difference_value: Some(diff),
                    unit,
                    within: within.text.clone(),
                    holds,
                    note: None,
                }
            }
            None => Verdict {
                kind,
                subject,
                expected,
                actual: "none".into(),
                difference: "n/a".into(),
                difference_value: None,
                unit,
                within: within.text.clone(),
                holds: false,
                note: Some(missing.to_string()),
            },
        }
    }
}

/// Decimals a difference may need beyond its unit's usual ones so that, read against the
/// tolerance, it gives the verdict (a difference of 5.4 s against "5s" reads "+5.4s", not "+5s").
const EXTRA_DECIMALS: usize = 3;
/// Most decimals a difference is shown with (beyond them an f64 of a few thousand km or hours
/// has no more digits to give).
const MAX_DECIMALS: usize = 9;

/// A signed difference as text, as precise as needed for its verdict: it never reads "0s" or
/// "+5s" on a FAIL within 5s.
pub fn difference_text(diff: f64, within: f64, holds: bool, unit: Unit) -> String {
    let usual = match unit {
        Unit::Seconds | Unit::Degrees | Unit::Days | Unit::None => 0,
        Unit::Kmh | Unit::Km => 1,
    };
    let reads_right = |decimals: usize| {
        let scale = 10f64.powi(decimals as i32);
        let shown = (diff * scale).round() / scale;
        (shown.abs() <= within) == holds && (holds || shown != 0.0)
    };
    // A tolerance written finer than that (0.00001 km/h) needs a decimal beyond its own.
    let tolerance_decimals = (0..=MAX_DECIMALS)
        .find(|&d| {
            let scale = 10f64.powi(d as i32);
            ((within * scale).round() / scale - within).abs() <= within * f64::EPSILON * scale
        })
        .unwrap_or(MAX_DECIMALS);
    let most = (usual + EXTRA_DECIMALS)
        .max(tolerance_decimals + 1)
        .min(MAX_DECIMALS);
    let decimals = (usual..=most).find(|&d| reads_right(d)).unwrap_or(most);
    match (unit, decimals) {
        (Unit::Seconds, 0) => format_signed_duration(diff),
        (Unit::Seconds, _) => format!("{diff:+.decimals$}s"),
        _ => format!("{diff:+.decimals$} {unit}"),
    }
}

#[cfg(test)]
mod tests {
    use super::difference_text;
    use crate::expect::Unit;

    #[test]
    fn a_difference_is_as_precise_as_its_verdict_needs() {
        // The usual decimals when they give the verdict.
        assert_eq!(difference_text(4.0, 10.0, true, Unit::Km), "+4.0 km");
        assert_eq!(difference_text(5.4, 5.0, false, Unit::Seconds), "+5.4s");
        // A tolerance finer than the usual decimals: never "+0.0000 km/h FAIL".
        assert_eq!(
            difference_text(0.00002, 0.00001, false, Unit::Kmh),
            "+0.00002 km/h"
        );
        assert_eq!(
            difference_text(-0.0004, 0.0001, false, Unit::Km),
            "-0.0004 km"
        );
    }
}
