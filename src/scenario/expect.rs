//! Expectations and press claims: what a scenario says should happen, resolved and evaluated against a run.
use crate::duration::{FriendlyDuration, format_duration};
use crate::error::LoadError;
use crate::route::Route;
use crate::time::{TimeText, instant_after, local, rfc3339, seconds_between};
use serde::Deserialize;
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

/// The outcome of one check.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Verdict {
    /// Kind of check: Arrive, Depart, TravelTime, Estimate, AverageSpeed, Distance.
    pub kind: &'static str,
    /// What it is about, e.g. "Vladivostok" or "Depart(Khasan)".
    pub subject: String,
    /// Expected value, as text.
    pub expected: String,
    /// Actual value, as text.
    pub actual: String,
    /// Signed difference actual - expected, as text.
    pub difference: String,
    /// Signed difference as a number, in `unit`.
    pub difference_value: f64,
    /// Unit of `difference_value`: "s", "km/h" or "km".
    pub unit: &'static str,
    /// Tolerance, as text.
    pub within: String,
    /// Whether it holds.
    pub holds: bool,
    /// Extra explanation (e.g. the straight-line distance a claimed distance matches).
    pub note: Option<String>,
}

impl Check {
    /// Resolves station names; `station` produces the positioned error for an unknown name.
    pub(crate) fn resolve(
        file: CheckFile,
        route: &Route,
        field: &str,
        station: &dyn Fn(&Route, &str, &str) -> Result<usize, LoadError>,
    ) -> Result<Self, LoadError> {
        Ok(match file {
            CheckFile::Arrive {
                station: name,
                at,
                within,
            } => Check::Arrive {
                station: station(route, field, &name)?,
                at,
                within_s: within.seconds(),
            },
            CheckFile::Depart {
                station: name,
                at,
                within,
            } => Check::Depart {
                station: station(route, field, &name)?,
                at,
                within_s: within.seconds(),
            },
            CheckFile::TravelTime { is, within } => Check::TravelTime {
                is_s: is.seconds(),
                within_s: within.seconds(),
            },
            CheckFile::Estimate { at, eta, within } => {
                let at = match at {
                    PointFile::Departure => Point::Departure,
                    PointFile::Depart(n) => Point::Depart(station(route, field, &n)?),
                    PointFile::Arrive(n) => Point::Arrive(station(route, field, &n)?),
                    PointFile::Pass(n) => Point::Pass(station(route, field, &n)?),
                };
                Check::Estimate {
                    at,
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
                from: station(route, field, &from)?,
                to: station(route, field, &to)?,
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
        let time_verdict = |kind: &'static str,
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
                        difference: signed(diff),
                        difference_value: diff,
                        unit: "s",
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
                    difference_value: f64::NAN,
                    unit: "s",
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
                    "Arrive",
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
                    "Depart",
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
                    kind: "TravelTime",
                    subject: format!("{} → {}", name(0), name(last)),
                    expected: format_duration(*is_s),
                    actual: format_duration(journey.arrival_s),
                    difference: signed(diff),
                    difference_value: diff,
                    unit: "s",
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
                time_verdict("Estimate", subject, eta, actual, *within_s, last, missing)
            }
            Check::AverageSpeed { is_kmh, within_kmh } => {
                let actual = route.length_km() / (journey.arrival_s / 3600.0);
                let diff = actual - is_kmh;
                Verdict {
                    kind: "AverageSpeed",
                    subject: format!("{} → {}", name(0), name(last)),
                    expected: format!("{is_kmh:.1} km/h"),
                    actual: format!("{actual:.1} km/h"),
                    difference: format!("{diff:+.1} km/h"),
                    difference_value: diff,
                    unit: "km/h",
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
                    kind: "Distance",
                    subject: format!("{} → {}", a.name, b.name),
                    expected: format!("{is_km:.0} km"),
                    actual: format!("{rail:.1} km by rail"),
                    difference: format!("{diff:+.1} km"),
                    difference_value: diff,
                    unit: "km",
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

fn signed(seconds: f64) -> String {
    if seconds.abs() < 0.5 {
        "0s".into()
    } else if seconds > 0.0 {
        format!("+{}", format_duration(seconds))
    } else {
        format_duration(seconds)
    }
}
