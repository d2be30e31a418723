//! Expectations and press claims: what a scenario says should happen, resolved and evaluated against a run.
use crate::duration::{WrittenDuration, format_duration, format_signed_duration};
use crate::error::{LoadError, LoadErrorKind};
use crate::ron_file::{Anchor, SourceFile};
use crate::ron_index::FieldPath;
use crate::route::Route;
use crate::scenario::LevelFile;
use crate::time::{TimeText, instant_after, local, rfc3339, seconds_between};
use crate::values::{Finite, Km, Tolerance, quoted};
use serde::Deserialize;
use train_sim::units::average_kmh;
use train_sim::{Journey, Level, Trigger};

/// One check as written in `expect: [..]` or in a claim's `says`.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub enum CheckFile {
    /// Arrival at a station at a time.
    Arrive {
        /// Station name.
        station: String,
        /// Expected time.
        at: TimeText,
        /// Tolerance.
        within: WrittenDuration,
    },
    /// Departure from (or passing of) a station at a time.
    Depart {
        /// Station name.
        station: String,
        /// Expected time.
        at: TimeText,
        /// Tolerance.
        within: WrittenDuration,
    },
    /// Time from leaving `from` (the scheduled departure, for the origin) to arriving at `to`;
    /// the whole journey when neither is written.
    TravelTime {
        /// Start station (default: the origin).
        #[serde(default)]
        from: Option<String>,
        /// End station (default: the destination).
        #[serde(default)]
        to: Option<String>,
        /// Expected duration.
        is: WrittenDuration,
        /// Tolerance.
        within: WrittenDuration,
    },
    /// The arrival estimate reported at a point of the journey.
    Estimate {
        /// Which report.
        at: PointFile,
        /// Expected estimated arrival.
        eta: TimeText,
        /// Tolerance.
        within: WrittenDuration,
    },
    /// Rail distance over travel time between two stations (default: the whole journey), km/h.
    AverageSpeed {
        /// Start station (default: the origin).
        #[serde(default)]
        from: Option<String>,
        /// End station (default: the destination).
        #[serde(default)]
        to: Option<String>,
        /// Expected km/h.
        is: Finite,
        /// Tolerance, km/h.
        within: Tolerance,
    },
    /// Rail distance between two stations, km.
    Distance {
        /// From station.
        from: String,
        /// To station.
        to: String,
        /// Expected km.
        is: Km,
        /// Tolerance, km.
        within: Tolerance,
    },
}

/// Where an estimate was reported, as written.
#[derive(Debug, Clone, Deserialize, PartialEq)]
pub enum PointFile {
    /// At the scheduled departure.
    Departure,
    /// On leaving a station where the train stood.
    Depart(String),
    /// On arriving at a station where the train stands.
    Arrive(String),
    /// On passing a station.
    Pass(String),
    /// When the train came to a standstill for its n-th incident stop (1 = the first).
    IncidentStop(u32),
    /// When the wait for the n-th incident stop ended.
    IncidentEnd(u32),
    /// The first time the security level changed to this level.
    LevelChange(LevelFile),
}

/// Where an estimate was reported (station indices resolved).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Point {
    /// At the scheduled departure.
    Departure,
    /// Leaving a station.
    Depart(usize),
    /// Arriving at a station.
    Arrive(usize),
    /// Passing a station.
    Pass(usize),
    /// The standstill of incident stop `n` (0-based, in the order they happened).
    IncidentStop(usize),
    /// The end of incident stop `n` (0-based).
    IncidentEnd(usize),
    /// The first change to this level.
    LevelChange(Level),
}

/// A tolerance: its value in the check's unit and the text it is shown as (as written).
#[derive(Debug, Clone, PartialEq)]
pub struct Within {
    /// The value, in the check's unit (s, km/h or km).
    pub value: f64,
    /// As written: "5s", "0.5 km".
    pub text: String,
}

impl Within {
    pub(crate) fn duration(d: &WrittenDuration) -> Self {
        Self {
            value: d.seconds,
            text: d.text.clone(),
        }
    }

    fn number(t: Tolerance, unit: Unit) -> Self {
        Self {
            value: t.get(),
            text: format!("{} {unit}", t.get()),
        }
    }
}

/// A resolved check.
#[derive(Debug, Clone, PartialEq)]
pub enum Check {
    /// Arrival at a station.
    Arrive {
        /// Station index.
        station: usize,
        /// Expected.
        at: TimeText,
        /// Tolerance, s.
        within: Within,
    },
    /// Departure from a station.
    Depart {
        /// Station index.
        station: usize,
        /// Expected.
        at: TimeText,
        /// Tolerance, s.
        within: Within,
    },
    /// Travel time between two stations.
    TravelTime {
        /// Start station index.
        from: usize,
        /// End station index.
        to: usize,
        /// Expected, s.
        is_s: f64,
        /// Tolerance, s.
        within: Within,
    },
    /// An estimate.
    Estimate {
        /// Where.
        at: Point,
        /// Expected.
        eta: TimeText,
        /// Tolerance, s.
        within: Within,
    },
    /// Average speed between two stations.
    AverageSpeed {
        /// Start station index.
        from: usize,
        /// End station index.
        to: usize,
        /// Expected, km/h.
        is_kmh: f64,
        /// Tolerance, km/h.
        within: Within,
    },
    /// Distance.
    Distance {
        /// From.
        from: usize,
        /// To.
        to: usize,
        /// Expected, km.
        is_km: f64,
        /// Tolerance, km.
        within: Within,
    },
}

impl Check {
    /// Whether two checks are about the same thing (the same station, stretch or estimate): a
    /// case's check replaces the base's about the same thing.
    pub fn same_subject(&self, other: &Check) -> bool {
        match (self, other) {
            (Check::Arrive { station: a, .. }, Check::Arrive { station: b, .. })
            | (Check::Depart { station: a, .. }, Check::Depart { station: b, .. }) => a == b,
            (Check::Estimate { at: a, .. }, Check::Estimate { at: b, .. }) => a == b,
            (
                Check::TravelTime { from: a, to: b, .. },
                Check::TravelTime { from: c, to: d, .. },
            )
            | (
                Check::AverageSpeed { from: a, to: b, .. },
                Check::AverageSpeed { from: c, to: d, .. },
            )
            | (Check::Distance { from: a, to: b, .. }, Check::Distance { from: c, to: d, .. }) => {
                a == c && b == d
            }
            _ => false,
        }
    }

    /// Whether the check's expected time or tolerance is written to the second (so that reports
    /// show seconds).
    pub fn is_to_the_second(&self) -> bool {
        let time = |t: &TimeText| t.timestamp.as_second() % (S_PER_MIN as i64) != 0;
        match self {
            Check::Arrive { at, within, .. } | Check::Depart { at, within, .. } => {
                time(at) || within.value < S_PER_MIN
            }
            Check::Estimate { eta, within, .. } => time(eta) || within.value < S_PER_MIN,
            Check::TravelTime { is_s, within, .. } => {
                is_s % S_PER_MIN != 0.0 || within.value < S_PER_MIN
            }
            Check::AverageSpeed { .. } | Check::Distance { .. } => false,
        }
    }
}

/// A press claim and what it says.
#[derive(Debug, Clone, PartialEq)]
pub struct Claim {
    /// Who said it, where, when.
    pub source: String,
    /// The claim as a check.
    pub says: Check,
    /// Context.
    pub note: Option<String>,
}

/// What a check is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, schemars::JsonSchema)]
pub enum CheckKind {
    /// An arrival time.
    Arrive,
    /// A departure (or passing) time.
    Depart,
    /// The travel time.
    TravelTime,
    /// An arrival estimate reported on the way.
    Estimate,
    /// The average speed.
    AverageSpeed,
    /// A distance.
    Distance,
    /// A relation between cases: every time of one is another's moved by a duration.
    Shifts,
    /// A relation: one case reaches a point no later than another.
    NotLater,
    /// A relation: the estimate at a point is close to the final arrival in every case.
    Converges,
    /// A relation: along a `vary` axis, a time moves one way only.
    Ordered,
}

impl std::fmt::Display for Unit {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str(match self {
            Unit::Seconds => "s",
            Unit::Kmh => "km/h",
            Unit::Km => "km",
        })
    }
}

impl std::fmt::Display for CheckKind {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        // The variant names are the words written in scenario files.
        std::fmt::Debug::fmt(self, f)
    }
}

/// The unit of a verdict's numeric difference.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, schemars::JsonSchema)]
pub enum Unit {
    /// Seconds.
    #[serde(rename = "s")]
    Seconds,
    /// Kilometres per hour.
    #[serde(rename = "km/h")]
    Kmh,
    /// Kilometres.
    #[serde(rename = "km")]
    Km,
}

/// The outcome of one check.
#[derive(Debug, Clone, PartialEq, serde::Serialize, schemars::JsonSchema)]
pub struct Verdict {
    /// Kind of check.
    pub kind: CheckKind,
    /// What it is about, e.g. "Vladivostok" or "Depart(Khasan)".
    pub subject: String,
    /// Expected value, as text.
    pub expected: String,
    /// Actual value, as text.
    pub actual: String,
    /// Signed difference actual - expected, as text.
    pub difference: String,
    /// Signed difference as a number, in `unit` (none when there is nothing to compare, e.g. an
    /// arrival at the origin).
    pub difference_value: Option<f64>,
    /// Unit of `difference_value`.
    pub unit: Unit,
    /// Tolerance, as text.
    pub within: String,
    /// Whether it holds.
    pub holds: bool,
    /// Extra explanation (e.g. the straight-line distance a claimed distance matches).
    pub note: Option<String>,
}

/// Resolves the station names a scenario's checks use, placing an unknown name in the file.
pub(crate) struct Resolver<'a> {
    pub(crate) route: &'a Route,
    pub(crate) file: &'a SourceFile,
}

impl Resolver<'_> {
    /// The index of station `name`, written at `at` in the file.
    pub(crate) fn station(
        &self,
        at: &FieldPath,
        anchor: Anchor,
        name: &str,
    ) -> Result<usize, LoadError> {
        let route = self.route;
        route.station_index(name).ok_or_else(|| {
            let hint = route
                .closest_station(name)
                .map(|n| format!(" (did you mean {n:?}?)"))
                .unwrap_or_default();
            let names: Vec<&str> = route.stations.iter().map(|s| s.name.as_str()).collect();
            self.file.error(
                LoadErrorKind::UnknownName,
                at,
                anchor,
                format!(
                    "unknown station {}{hint}; the route {:?} has: {}",
                    quoted(name),
                    route.name,
                    names.join(", ")
                ),
            )
        })
    }
}

impl Check {
    /// Resolves station names; `at` is where the check is written in the file. A check that can
    /// never be met (an arrival at the origin, a departure from the destination, a `to` before
    /// its `from`) is refused here rather than failing every run.
    pub(crate) fn resolve(
        file: CheckFile,
        resolver: &Resolver,
        at: &FieldPath,
    ) -> Result<Self, LoadError> {
        let route = resolver.route;
        let last = route.stations.len() - 1;
        let station =
            |field: &str, name: &str| resolver.station(&at.field(field), Anchor::Value, name);
        let never = |field: &str, message: String| {
            resolver.file.error(
                LoadErrorKind::Inconsistent,
                &at.field(field),
                Anchor::Value,
                message,
            )
        };
        // `from` and `to`, defaulting to the origin and the destination, in the order travelled.
        let between = |from: Option<String>, to: Option<String>| {
            let from_index = from.as_deref().map_or(Ok(0), |n| station("from", n))?;
            let to_index = to.as_deref().map_or(Ok(last), |n| station("to", n))?;
            if to_index <= from_index {
                let field = if to.is_some() { "to" } else { "from" };
                return Err(never(
                    field,
                    format!(
                        "{:?} is not after {:?} on this journey: write `from` as the station left first",
                        route.stations[to_index].reference(),
                        route.stations[from_index].reference()
                    ),
                ));
            }
            Ok((from_index, to_index))
        };
        Ok(match file {
            CheckFile::Arrive {
                station: name,
                at,
                within,
            } => {
                let index = station("station", &name)?;
                if index == 0 {
                    return Err(never(
                        "station",
                        format!(
                            "{name:?} is the origin: the train never arrives there (check its `Depart`, or the journey's departure)"
                        ),
                    ));
                }
                Check::Arrive {
                    station: index,
                    at,
                    within: Within::duration(&within),
                }
            }
            CheckFile::Depart {
                station: name,
                at,
                within,
            } => {
                let index = station("station", &name)?;
                if index == last {
                    return Err(never(
                        "station",
                        format!(
                            "{name:?} is the destination: the train never departs from there (check its `Arrive`)"
                        ),
                    ));
                }
                Check::Depart {
                    station: index,
                    at,
                    within: Within::duration(&within),
                }
            }
            CheckFile::TravelTime {
                from,
                to,
                is,
                within,
            } => {
                let (from, to) = between(from, to)?;
                Check::TravelTime {
                    from,
                    to,
                    is_s: is.seconds,
                    within: Within::duration(&within),
                }
            }
            CheckFile::Estimate {
                at: point,
                eta,
                within,
            } => Check::Estimate {
                at: resolve_point(point, resolver, &at.field("at"))?,
                eta,
                within: Within::duration(&within),
            },
            CheckFile::AverageSpeed {
                from,
                to,
                is,
                within,
            } => {
                let (from, to) = between(from, to)?;
                Check::AverageSpeed {
                    from,
                    to,
                    is_kmh: is.get(),
                    within: Within::number(within, Unit::Kmh),
                }
            }
            CheckFile::Distance {
                from,
                to,
                is,
                within,
            } => Check::Distance {
                from: station("from", &from)?,
                to: station("to", &to)?,
                is_km: is.get(),
                within: Within::number(within, Unit::Km),
            },
        })
    }

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
            Check::TravelTime {
                from,
                to,
                is_s,
                within,
            } => {
                let actual = travel_s(*from, *to);
                Verdict::compare(
                    CheckKind::TravelTime,
                    span(*from, *to),
                    format_duration(*is_s),
                    actual.map(|t| (t - is_s, format_duration(t))),
                    Unit::Seconds,
                    within,
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
            Check::AverageSpeed {
                from,
                to,
                is_kmh,
                within,
            } => {
                let distance_km = route.stations[*to].km - route.stations[*from].km;
                let actual = travel_s(*from, *to).map(|t| average_kmh(distance_km, t));
                Verdict::compare(
                    CheckKind::AverageSpeed,
                    span(*from, *to),
                    format!("{is_kmh} km/h"),
                    actual.map(|v| (v - is_kmh, format!("{v:.1} km/h"))),
                    Unit::Kmh,
                    within,
                    "the train never covers this stretch",
                )
            }
            Check::Distance {
                from,
                to,
                is_km,
                within,
            } => {
                let (a, b) = (&route.stations[*from], &route.stations[*to]);
                let rail = (b.km - a.km).abs();
                let diff = rail - is_km;
                let straight = match (a.lat, a.lon, b.lat, b.lon) {
                    (Some(la), Some(lo), Some(lb), Some(lob)) => {
                        Some(great_circle_km(la, lo, lb, lob))
                    }
                    _ => None,
                };
                let note = straight.map(|s| {
                    let verdict = if (s - is_km).abs() <= within.value {
                        "the claim matches the straight line"
                    } else {
                        "the claim matches neither"
                    };
                    format!(
                        "straight-line distance {s:.0} km; rail {rail:.0} km: {}",
                        if diff.abs() <= within.value {
                            "the claim matches the rail distance"
                        } else {
                            verdict
                        }
                    )
                });
                let mut verdict = Verdict::compare(
                    CheckKind::Distance,
                    span(*from, *to),
                    format!("{is_km} km"),
                    Some((diff, format!("{rail:.1} km by rail"))),
                    Unit::Km,
                    within,
                    "",
                );
                verdict.note = note;
                verdict
            }
        }
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

/// A signed difference as text, as precise as needed for its verdict: it never reads "0s" or
/// "+5s" on a FAIL within 5s.
pub fn difference_text(diff: f64, within: f64, holds: bool, unit: Unit) -> String {
    let usual = match unit {
        Unit::Seconds => 0,
        Unit::Kmh | Unit::Km => 1,
    };
    let reads_right = |decimals: usize| {
        let scale = 10f64.powi(decimals as i32);
        let shown = (diff * scale).round() / scale;
        (shown.abs() <= within) == holds && (holds || shown != 0.0)
    };
    let most = usual + EXTRA_DECIMALS;
    let decimals = (usual..=most).find(|&d| reads_right(d)).unwrap_or(most);
    match (unit, decimals) {
        (Unit::Seconds, 0) => format_signed_duration(diff),
        (Unit::Seconds, _) => format!("{diff:+.decimals$}s"),
        _ => format!("{diff:+.decimals$} {unit}"),
    }
}

/// Resolves where an estimate is reported; a point that can never report one (passing a planned
/// stop, arriving at the origin, leaving or passing the destination, incident stop 0) is refused.
pub(crate) fn resolve_point(
    point: PointFile,
    resolver: &Resolver,
    at: &FieldPath,
) -> Result<Point, LoadError> {
    let route = resolver.route;
    let last = route.stations.len() - 1;
    let inner = at.index(0);
    let never = |message: String| {
        resolver
            .file
            .error(LoadErrorKind::Inconsistent, &inner, Anchor::Value, message)
    };
    let station = |name: &str| resolver.station(&inner, Anchor::Value, name);
    Ok(match point {
        PointFile::Departure => Point::Departure,
        PointFile::Depart(name) => {
            let index = station(&name)?;
            if index == last {
                return Err(never(format!(
                    "{name:?} is the destination: the train never leaves it, so no estimate is reported there"
                )));
            }
            Point::Depart(index)
        }
        PointFile::Arrive(name) => {
            let index = station(&name)?;
            if index == 0 {
                return Err(never(format!(
                    "{name:?} is the origin: the train never arrives there (use `Departure`)"
                )));
            }
            Point::Arrive(index)
        }
        PointFile::Pass(name) => {
            let index = station(&name)?;
            if index == 0 || index == last || route.is_planned_stop(index) {
                return Err(never(format!(
                    "the train stops at {name:?}, so it never passes it: use Arrive({name:?}) or Depart({name:?})"
                )));
            }
            Point::Pass(index)
        }
        PointFile::IncidentStop(n) | PointFile::IncidentEnd(n) if n == 0 => {
            return Err(never(
                "incident stops count from 1 (IncidentStop(1) is the first)".into(),
            ));
        }
        PointFile::IncidentStop(n) => Point::IncidentStop(n as usize - 1),
        PointFile::IncidentEnd(n) => Point::IncidentEnd(n as usize - 1),
        PointFile::LevelChange(level) => Point::LevelChange(level.into()),
    })
}

/// Seconds in a minute: a time or tolerance that is not a whole number of them is written to the
/// second.
const S_PER_MIN: f64 = 60.0;

/// Mean Earth radius, km (IUGG), for great-circle distances.
pub const EARTH_RADIUS_KM: f64 = 6371.0088;

/// Great-circle (straight-line on the globe) distance between two points, km (haversine).
pub fn great_circle_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = p2 - p1;
    let dl = (lon2 - lon1).to_radians();
    let h = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_KM * h.sqrt().asin()
}
