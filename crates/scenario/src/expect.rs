//! Expectations and press claims: what a scenario says should happen, resolved and evaluated against a run.
use crate::duration::{FriendlyDuration, format_duration, format_signed_duration};
use crate::error::{LoadError, LoadErrorKind};
use crate::ron_file::{Anchor, SourceFile};
use crate::ron_index::FieldPath;
use crate::route::Route;
use crate::time::{TimeText, instant_after, local, rfc3339, seconds_between};
use serde::Deserialize;
use train_sim::units::average_kmh;
use train_sim::{Journey, Trigger};

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
        within: FriendlyDuration,
    },
    /// Departure from (or passing of) a station at a time.
    Depart {
        /// Station name.
        station: String,
        /// Expected time.
        at: TimeText,
        /// Tolerance.
        within: FriendlyDuration,
    },
    /// Scheduled departure to arrival.
    TravelTime {
        /// Expected duration.
        is: FriendlyDuration,
        /// Tolerance.
        within: FriendlyDuration,
    },
    /// The arrival estimate reported at a point of the journey.
    Estimate {
        /// Which report.
        at: PointFile,
        /// Expected estimated arrival.
        eta: TimeText,
        /// Tolerance.
        within: FriendlyDuration,
    },
    /// Route length over travel time, km/h.
    AverageSpeed {
        /// Expected km/h.
        is: f64,
        /// Tolerance, km/h.
        within: f64,
    },
    /// Rail distance between two stations, km.
    Distance {
        /// From station.
        from: String,
        /// To station.
        to: String,
        /// Expected km.
        is: f64,
        /// Tolerance, km.
        within: f64,
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
        within_s: f64,
    },
    /// Departure from a station.
    Depart {
        /// Station index.
        station: usize,
        /// Expected.
        at: TimeText,
        /// Tolerance, s.
        within_s: f64,
    },
    /// Travel time.
    TravelTime {
        /// Expected, s.
        is_s: f64,
        /// Tolerance, s.
        within_s: f64,
    },
    /// An estimate.
    Estimate {
        /// Where.
        at: Point,
        /// Expected.
        eta: TimeText,
        /// Tolerance, s.
        within_s: f64,
    },
    /// Average speed.
    AverageSpeed {
        /// Expected, km/h.
        is_kmh: f64,
        /// Tolerance, km/h.
        within_kmh: f64,
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
        within_km: f64,
    },
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
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
}

impl std::fmt::Display for CheckKind {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        // The variant names are the words written in scenario files.
        std::fmt::Debug::fmt(self, f)
    }
}

/// The unit of a verdict's numeric difference.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
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
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
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
                    "unknown station {name:?}{hint}; the route {:?} has: {}",
                    route.name,
                    names.join(", ")
                ),
            )
        })
    }
}

impl Check {
    /// Resolves station names; `at` is where the check is written in the file.
    pub(crate) fn resolve(
        file: CheckFile,
        resolver: &Resolver,
        at: &FieldPath,
    ) -> Result<Self, LoadError> {
        let station =
            |field: &str, name: &str| resolver.station(&at.field(field), Anchor::Value, name);
        Ok(match file {
            CheckFile::Arrive {
                station: name,
                at,
                within,
            } => Check::Arrive {
                station: station("station", &name)?,
                at,
                within_s: within.seconds(),
            },
            CheckFile::Depart {
                station: name,
                at,
                within,
            } => Check::Depart {
                station: station("station", &name)?,
                at,
                within_s: within.seconds(),
            },
            CheckFile::TravelTime { is, within } => Check::TravelTime {
                is_s: is.seconds(),
                within_s: within.seconds(),
            },
            CheckFile::Estimate {
                at: point,
                eta,
                within,
            } => {
                let in_point =
                    |n: &str| resolver.station(&at.field("at").index(0), Anchor::Value, n);
                let point = match point {
                    PointFile::Departure => Point::Departure,
                    PointFile::Depart(n) => Point::Depart(in_point(&n)?),
                    PointFile::Arrive(n) => Point::Arrive(in_point(&n)?),
                    PointFile::Pass(n) => Point::Pass(in_point(&n)?),
                };
                Check::Estimate {
                    at: point,
                    eta,
                    within_s: within.seconds(),
                }
            }
            CheckFile::AverageSpeed { is, within } => Check::AverageSpeed {
                is_kmh: is,
                within_kmh: within.abs(),
            },
            CheckFile::Distance {
                from,
                to,
                is,
                within,
            } => Check::Distance {
                from: station("from", &from)?,
                to: station("to", &to)?,
                is_km: is,
                within_km: within.abs(),
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
        let name = |i: usize| route.stations[i].name.clone();
        let time_verdict = |kind: CheckKind,
                            subject: String,
                            expected: &TimeText,
                            actual_s: Option<f64>,
                            within_s: f64,
                            zone_station: usize,
                            missing: &str| {
            let expected_s = seconds_between(departure, expected.timestamp);
            let zone = &route.stations[zone_station].tz;
            match actual_s {
                Some(actual_s) => {
                    let diff = actual_s - expected_s;
                    Verdict {
                        kind,
                        subject,
                        expected: expected.text.clone(),
                        actual: rfc3339(&local(instant_after(departure, actual_s), zone)),
                        difference: format_signed_duration(diff),
                        difference_value: Some(diff),
                        unit: Unit::Seconds,
                        within: format_duration(within_s),
                        holds: diff.abs() <= within_s,
                        note: None,
                    }
                }
                None => Verdict {
                    kind,
                    subject,
                    expected: expected.text.clone(),
                    actual: "none".into(),
                    difference: "n/a".into(),
                    difference_value: None,
                    unit: Unit::Seconds,
                    within: format_duration(within_s),
                    holds: false,
                    note: Some(missing.to_string()),
                },
            }
        };
        let last = route.stations.len() - 1;
        match self {
            Check::Arrive {
                station,
                at,
                within_s,
            } => {
                let actual = journey.stations.get(*station).and_then(|s| s.arrive_s);
                time_verdict(
                    CheckKind::Arrive,
                    name(*station),
                    at,
                    actual,
                    *within_s,
                    *station,
                    "the train never arrives there (the origin has no arrival)",
                )
            }
            Check::Depart {
                station,
                at,
                within_s,
            } => {
                let actual = journey.stations.get(*station).and_then(|s| s.depart_s);
                time_verdict(
                    CheckKind::Depart,
                    name(*station),
                    at,
                    actual,
                    *within_s,
                    *station,
                    "the train never departs from there (the destination has no departure)",
                )
            }
            Check::TravelTime { is_s, within_s } => {
                let diff = journey.arrival_s - is_s;
                Verdict {
                    kind: CheckKind::TravelTime,
                    subject: format!("{} → {}", name(0), name(last)),
                    expected: format_duration(*is_s),
                    actual: format_duration(journey.arrival_s),
                    difference: format_signed_duration(diff),
                    difference_value: Some(diff),
                    unit: Unit::Seconds,
                    within: format_duration(*within_s),
                    holds: diff.abs() <= *within_s,
                    note: None,
                }
            }
            Check::Estimate { at, eta, within_s } => {
                let (subject, trigger) = match *at {
                    Point::Departure => ("Departure".to_string(), Trigger::Departure),
                    Point::Depart(i) => (format!("Depart({})", name(i)), Trigger::Depart(i)),
                    Point::Arrive(i) => (format!("Arrive({})", name(i)), Trigger::Arrive(i)),
                    Point::Pass(i) => (format!("Pass({})", name(i)), Trigger::Pass(i)),
                };
                let actual = journey
                    .estimates
                    .iter()
                    .find(|e| e.trigger == trigger)
                    // Leaving the origin on time is the `Departure` report.
                    .or_else(|| {
                        (*at == Point::Depart(0))
                            .then(|| {
                                journey
                                    .estimates
                                    .iter()
                                    .find(|e| e.trigger == Trigger::Departure)
                            })
                            .flatten()
                    })
                    .map(|e| e.eta_s);
                let missing = "no estimate was reported there (a station the train passed reports Pass, one where it stood reports Arrive and Depart)";
                time_verdict(
                    CheckKind::Estimate,
                    subject,
                    eta,
                    actual,
                    *within_s,
                    last,
                    missing,
                )
            }
            Check::AverageSpeed { is_kmh, within_kmh } => {
                let actual = average_kmh(route.length_km(), journey.arrival_s);
                let diff = actual - is_kmh;
                Verdict {
                    kind: CheckKind::AverageSpeed,
                    subject: format!("{} → {}", name(0), name(last)),
                    expected: format!("{is_kmh:.1} km/h"),
                    actual: format!("{actual:.1} km/h"),
                    difference: format!("{diff:+.1} km/h"),
                    difference_value: Some(diff),
                    unit: Unit::Kmh,
                    within: format!("{within_kmh:.1} km/h"),
                    holds: diff.abs() <= *within_kmh,
                    note: None,
                }
            }
            Check::Distance {
                from,
                to,
                is_km,
                within_km,
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
                    let verdict = if (s - is_km).abs() <= *within_km {
                        "the claim matches the straight line"
                    } else {
                        "the claim matches neither"
                    };
                    format!(
                        "straight-line distance {s:.0} km; rail {rail:.0} km: {}",
                        if diff.abs() <= *within_km {
                            "the claim matches the rail distance"
                        } else {
                            verdict
                        }
                    )
                });
                Verdict {
                    kind: CheckKind::Distance,
                    subject: format!("{} → {}", a.name, b.name),
                    expected: format!("{is_km:.0} km"),
                    actual: format!("{rail:.1} km by rail"),
                    difference: format!("{diff:+.1} km"),
                    difference_value: Some(diff),
                    unit: Unit::Km,
                    within: format!("{within_km:.0} km"),
                    holds: diff.abs() <= *within_km,
                    note,
                }
            }
        }
    }
}

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
