//! Expectations and press claims: what a scenario says should happen, resolved and evaluated against a run.
use crate::duration::WrittenDuration;
use crate::error::{LoadError, LoadErrorKind};
use crate::ron_file::{Anchor, SourceFile};
use crate::ron_index::FieldPath;
use crate::route::Route;
use crate::scenario::LevelFile;
use crate::time::TimeText;
use crate::values::{Finite, Km, Tolerance, quoted};
use serde::Deserialize;
use train_sim::Level;

/// One check as written in `expect: [..]` or in a claim's `says`.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, rename = "Expectation")]
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
    /// the whole journey when neither is written. Either `is` with `within`, or bounds
    /// (`at_least`, `at_most`, or both for a range).
    TravelTime {
        /// Start station (default: the origin).
        #[serde(default)]
        from: Option<String>,
        /// End station (default: the destination).
        #[serde(default)]
        to: Option<String>,
        /// Expected duration.
        #[serde(default)]
        is: Option<WrittenDuration>,
        /// Tolerance.
        #[serde(default)]
        within: Option<WrittenDuration>,
        /// A lower bound.
        #[serde(default)]
        at_least: Option<WrittenDuration>,
        /// An upper bound.
        #[serde(default)]
        at_most: Option<WrittenDuration>,
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
        #[serde(default)]
        is: Option<Finite>,
        /// Tolerance, km/h.
        #[serde(default)]
        within: Option<Tolerance>,
        /// A lower bound, km/h.
        #[serde(default)]
        at_least: Option<Finite>,
        /// An upper bound, km/h.
        #[serde(default)]
        at_most: Option<Finite>,
    },
    /// Rail distance between two stations, km.
    Distance {
        /// From station.
        from: String,
        /// To station.
        to: String,
        /// Expected km.
        #[serde(default)]
        is: Option<Km>,
        /// Tolerance, km.
        #[serde(default)]
        within: Option<Tolerance>,
        /// A lower bound, km.
        #[serde(default)]
        at_least: Option<Km>,
        /// An upper bound, km.
        #[serde(default)]
        at_most: Option<Km>,
    },
    /// Straight-line (great-circle) distance between two stations, km.
    StraightDistance {
        /// From station.
        from: String,
        /// To station.
        to: String,
        /// Expected km.
        #[serde(default)]
        is: Option<Km>,
        /// Tolerance, km.
        #[serde(default)]
        within: Option<Tolerance>,
        /// A lower bound, km.
        #[serde(default)]
        at_least: Option<Km>,
        /// An upper bound, km.
        #[serde(default)]
        at_most: Option<Km>,
    },
    /// The compass direction from one station to another (the initial great-circle bearing,
    /// within half a compass step).
    Direction {
        /// From station.
        from: String,
        /// To station.
        to: String,
        /// The claimed direction.
        is: crate::geo::Compass,
    },
    /// The weekday of an event, in local time where it happens.
    Weekday {
        /// The event.
        at: crate::scenario_file::MomentFile,
        /// The claimed weekday.
        is: WeekdayFile,
    },
    /// The date of an event, in local time where it happens (`2023-09-12`).
    Date {
        /// The event.
        at: crate::scenario_file::MomentFile,
        /// The claimed date.
        is: String,
    },
    /// Whether the journey goes to (or through) a place.
    Visits {
        /// The place.
        place: String,
        /// Whether it does.
        is: bool,
    },
}

/// A weekday as written.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[allow(missing_docs)]
#[serde(rename = "Weekday")]
pub enum WeekdayFile {
    Monday,
    Tuesday,
    Wednesday,
    Thursday,
    Friday,
    Saturday,
    Sunday,
}

impl From<WeekdayFile> for jiff::civil::Weekday {
    fn from(w: WeekdayFile) -> Self {
        use jiff::civil::Weekday as W;
        match w {
            WeekdayFile::Monday => W::Monday,
            WeekdayFile::Tuesday => W::Tuesday,
            WeekdayFile::Wednesday => W::Wednesday,
            WeekdayFile::Thursday => W::Thursday,
            WeekdayFile::Friday => W::Friday,
            WeekdayFile::Saturday => W::Saturday,
            WeekdayFile::Sunday => W::Sunday,
        }
    }
}

/// What a numeric check expects: a value with a tolerance, or bounds.
#[derive(Debug, Clone, PartialEq)]
pub enum Target {
    /// `is` within `within`.
    Around {
        /// The value, in the check's unit.
        is: f64,
        /// The tolerance.
        within: Within,
    },
    /// Between `at_least` and `at_most` (either may be open).
    Range {
        /// The lower bound.
        at_least: Option<f64>,
        /// The upper bound.
        at_most: Option<f64>,
    },
}

impl Target {
    /// Actual minus the nearest end of what is expected (0 inside a range).
    pub fn miss(&self, actual: f64) -> f64 {
        match self {
            Target::Around { is, .. } => actual - is,
            Target::Range { at_least, at_most } => {
                if let Some(lo) = at_least
                    && actual < *lo
                {
                    actual - lo
                } else if let Some(hi) = at_most
                    && actual > *hi
                {
                    actual - hi
                } else {
                    0.0
                }
            }
        }
    }

    /// The allowed miss (the tolerance, 0 for bounds).
    pub fn slack(&self) -> f64 {
        match self {
            Target::Around { within, .. } => within.value,
            Target::Range { .. } => 0.0,
        }
    }

    /// Whether `actual` meets it.
    pub fn holds(&self, actual: f64) -> bool {
        self.miss(actual).abs() <= self.slack()
    }

    /// Whether any value in `[lo, hi]` meets it.
    pub fn overlaps(&self, lo: f64, hi: f64) -> bool {
        let (a, b) = match self {
            Target::Around { is, within } => (is - within.value, is + within.value),
            Target::Range { at_least, at_most } => (
                at_least.unwrap_or(f64::NEG_INFINITY),
                at_most.unwrap_or(f64::INFINITY),
            ),
        };
        lo <= b && a <= hi
    }

    /// "26h 4m", "at least 20h", "18h to 22h", each value shown by `show`.
    pub fn expected_text(&self, show: impl Fn(f64) -> String) -> String {
        match self {
            Target::Around { is, .. } => show(*is),
            Target::Range {
                at_least: Some(lo),
                at_most: Some(hi),
            } => format!("{} to {}", show(*lo), show(*hi)),
            Target::Range {
                at_least: Some(lo), ..
            } => format!("at least {}", show(*lo)),
            Target::Range {
                at_most: Some(hi), ..
            } => format!("at most {}", show(*hi)),
            Target::Range { .. } => "anything".into(),
        }
    }

    /// The tolerance as written, or "bounds".
    pub fn within_text(&self) -> String {
        match self {
            Target::Around { within, .. } => within.text.clone(),
            Target::Range { .. } => "bounds".into(),
        }
    }
}

/// The target of a numeric check from its written forms: `is` with `within`, or `at_least` and/or
/// `at_most`; anything else is an error naming the forms.
fn target(
    is: Option<f64>,
    within: Option<Within>,
    at_least: Option<f64>,
    at_most: Option<f64>,
    resolver: &Resolver,
    at: &FieldPath,
) -> Result<Target, LoadError> {
    let error = |message: &str| {
        resolver
            .file
            .error(LoadErrorKind::Inconsistent, at, Anchor::Value, message)
    };
    match (is, within, at_least, at_most) {
        (Some(is), Some(within), None, None) => Ok(Target::Around { is, within }),
        (None, None, lo, hi) if lo.is_some() || hi.is_some() => {
            if let (Some(lo), Some(hi)) = (lo, hi)
                && hi < lo
            {
                return Err(error("`at_most` is below `at_least`"));
            }
            Ok(Target::Range {
                at_least: lo,
                at_most: hi,
            })
        }
        (Some(_), None, None, None) => Err(error("`is` needs a tolerance: add `within`")),
        _ => Err(error(
            "write `is` with `within`, or bounds: `at_least`, `at_most`, or both for a range",
        )),
    }
}

/// Where an estimate was reported, as written.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(rename = "Point")]
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
        target: Target,
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
        target: Target,
    },
    /// Rail distance.
    Distance {
        /// From.
        from: usize,
        /// To.
        to: usize,
        /// Expected, km.
        target: Target,
    },
    /// Straight-line distance.
    StraightDistance {
        /// From.
        from: usize,
        /// To.
        to: usize,
        /// Expected, km.
        target: Target,
    },
    /// Compass direction.
    Direction {
        /// From.
        from: usize,
        /// To.
        to: usize,
        /// The claimed direction.
        is: crate::geo::Compass,
    },
    /// The weekday of an event.
    Weekday {
        /// The event.
        at: Moment,
        /// The claimed weekday.
        is: jiff::civil::Weekday,
    },
    /// The date of an event.
    Date {
        /// The event.
        at: Moment,
        /// The claimed date.
        is: jiff::civil::Date,
    },
    /// Whether the journey goes to a place.
    Visits {
        /// The place as written.
        place: String,
        /// Whether the journey's route has it.
        on_route: bool,
        /// The claim.
        is: bool,
    },
}

/// A moment of a journey.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Moment {
    /// The arrival at the destination.
    Arrival,
    /// The arrival at a station (index).
    Arrive(usize),
    /// The departure from a station (index).
    Depart(usize),
}

/// Resolves a moment; one that never happens (arriving at the origin, leaving the destination)
/// is refused at `at`.
pub(crate) fn resolve_moment(
    moment: &crate::scenario_file::MomentFile,
    resolver: &Resolver,
    at: &FieldPath,
) -> Result<Moment, LoadError> {
    use crate::scenario_file::MomentFile;
    let route = resolver.route;
    let last = route.stations.len() - 1;
    let inner = at.index(0);
    let never = |name: &str, what: &str| {
        resolver.file.error(
            LoadErrorKind::Inconsistent,
            &inner,
            Anchor::Value,
            format!("{} is the {what}", quoted(name)),
        )
    };
    Ok(match moment {
        MomentFile::Arrival => Moment::Arrival,
        MomentFile::Arrive(name) => {
            let s = resolver.station(&inner, Anchor::Value, name)?;
            if s == 0 {
                return Err(never(name, "origin: the train never arrives there"));
            }
            Moment::Arrive(s)
        }
        MomentFile::Depart(name) => {
            let s = resolver.station(&inner, Anchor::Value, name)?;
            if s == last {
                return Err(never(
                    name,
                    "destination: the train never departs from there",
                ));
            }
            Moment::Depart(s)
        }
    })
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
            | (Check::Distance { from: a, to: b, .. }, Check::Distance { from: c, to: d, .. })
            | (
                Check::StraightDistance { from: a, to: b, .. },
                Check::StraightDistance { from: c, to: d, .. },
            )
            | (Check::Direction { from: a, to: b, .. }, Check::Direction { from: c, to: d, .. }) => {
                a == c && b == d
            }
            (Check::Weekday { at: a, .. }, Check::Weekday { at: b, .. })
            | (Check::Date { at: a, .. }, Check::Date { at: b, .. }) => a == b,
            (Check::Visits { place: a, .. }, Check::Visits { place: b, .. }) => a == b,
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
            Check::TravelTime { target, .. } => match target {
                Target::Around { is, within } => is % S_PER_MIN != 0.0 || within.value < S_PER_MIN,
                Target::Range { at_least, at_most } => {
                    at_least.iter().chain(at_most).any(|v| v % S_PER_MIN != 0.0)
                }
            },
            _ => false,
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
    /// Said before the event: judged as a forecast against the outcome.
    pub forecast: bool,
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
    /// A straight-line distance.
    StraightDistance,
    /// A compass direction.
    Direction,
    /// The weekday of an event.
    Weekday,
    /// The date of an event.
    Date,
    /// Whether the journey goes to a place.
    Visits,
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
            Unit::Degrees => "°",
            Unit::Days => "days",
            Unit::None => "",
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
    /// Degrees of angle.
    #[serde(rename = "deg")]
    Degrees,
    /// Days.
    #[serde(rename = "days")]
    Days,
    /// No unit (a yes-or-no check).
    #[serde(rename = "none")]
    None,
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
                at_least,
                at_most,
            } => {
                let (from, to) = between(from, to)?;
                Check::TravelTime {
                    from,
                    to,
                    target: target(
                        is.map(|d| d.seconds),
                        within.as_ref().map(Within::duration),
                        at_least.map(|d| d.seconds),
                        at_most.map(|d| d.seconds),
                        resolver,
                        at,
                    )?,
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
                at_least,
                at_most,
            } => {
                let (from, to) = between(from, to)?;
                Check::AverageSpeed {
                    from,
                    to,
                    target: target(
                        is.map(|v| v.get()),
                        within.map(|t| Within::number(t, Unit::Kmh)),
                        at_least.map(|v| v.get()),
                        at_most.map(|v| v.get()),
                        resolver,
                        at,
                    )?,
                }
            }
            CheckFile::Distance {
                from,
                to,
                is,
                within,
                at_least,
                at_most,
            } => Check::Distance {
                from: station("from", &from)?,
                to: station("to", &to)?,
                target: target(
                    is.map(|v| v.get()),
                    within.map(|t| Within::number(t, Unit::Km)),
                    at_least.map(|v| v.get()),
                    at_most.map(|v| v.get()),
                    resolver,
                    at,
                )?,
            },
            CheckFile::StraightDistance {
                from,
                to,
                is,
                within,
                at_least,
                at_most,
            } => {
                let (from, to) = (station("from", &from)?, station("to", &to)?);
                located_points(resolver, at, &[("from", from), ("to", to)], "straight line")?;
                Check::StraightDistance {
                    from,
                    to,
                    target: target(
                        is.map(|v| v.get()),
                        within.map(|t| Within::number(t, Unit::Km)),
                        at_least.map(|v| v.get()),
                        at_most.map(|v| v.get()),
                        resolver,
                        at,
                    )?,
                }
            }
            CheckFile::Direction { from, to, is } => {
                let (from, to) = (station("from", &from)?, station("to", &to)?);
                located_points(resolver, at, &[("from", from), ("to", to)], "direction")?;
                Check::Direction { from, to, is }
            }
            CheckFile::Weekday { at: moment, is } => Check::Weekday {
                at: resolve_moment(&moment, resolver, &at.field("at"))?,
                is: is.into(),
            },
            CheckFile::Date { at: moment, is } => Check::Date {
                at: resolve_moment(&moment, resolver, &at.field("at"))?,
                is: is.trim().parse::<jiff::civil::Date>().map_err(|e| {
                    resolver.file.error(
                        LoadErrorKind::InvalidValue,
                        &at.field("is"),
                        Anchor::Value,
                        format!(
                            "cannot read the date {}: {e} (write e.g. \"2023-09-12\")",
                            quoted(&is)
                        ),
                    )
                })?,
            },
            CheckFile::Visits { place, is } => {
                let on_route = route.station_index(&place).is_some();
                if !on_route && !route.places.contains(&place) {
                    let hint =
                        crate::network::closest(&place, route.places.iter().map(String::as_str))
                            .map(|n| format!(" (did you mean {n:?}?)"))
                            .unwrap_or_default();
                    return Err(resolver.file.error(
                        LoadErrorKind::UnknownName,
                        &at.field("place"),
                        Anchor::Value,
                        format!(
                            "unknown place {}{hint}: not a station of the route or network",
                            quoted(&place)
                        ),
                    ));
                }
                Check::Visits {
                    place,
                    on_route,
                    is,
                }
            }
        })
    }
}

/// Refuses a geographic check between stations without coordinates.
fn located_points(
    resolver: &Resolver,
    at: &FieldPath,
    stations: &[(&str, usize)],
    what: &str,
) -> Result<(), LoadError> {
    for (field, i) in stations {
        let s = &resolver.route.stations[*i];
        if s.lat.is_none() || s.lon.is_none() {
            return Err(resolver.file.error(
                LoadErrorKind::Inconsistent,
                &at.field(field),
                Anchor::Value,
                format!(
                    "{} has no coordinates in the route or network, so no {what} can be measured",
                    quoted(&s.name)
                ),
            ));
        }
    }
    Ok(())
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
