//! Relations between the cases of a table-driven scenario (metamorphic checks): `Shifts` (leaving
//! later moves every time by as much), `NotLater` (a faster case never arrives later), `Converges`
//! (the estimate at a point is close to the final arrival) and `Ordered` (along a `vary` axis a time
//! moves one way only). Resolved when the file loads, judged on the runs of all its cases, each
//! verdict naming the cases and the numbers.
use crate::cases::{BASE_CASE, Grid};
use crate::duration::{format_duration, format_signed_duration};
use crate::error::{LoadError, LoadErrorKind};
use crate::evaluate::estimate_at;
use crate::expect::{
    CheckKind, Moment, Point, Resolver, Unit, Verdict, Within, resolve_moment, resolve_point,
};
use crate::ron_file::Anchor;
use crate::ron_index::FieldPath;
use crate::run::trigger_name;
use crate::scenario::Scenario;
use crate::scenario_file::{
    AxisFile, EveryFile, MomentFile, RelationFile, TargetFile, TrendFile, VaryFile,
};
use crate::time::{instant_after, local, rfc3339, seconds_between};
use crate::values::quoted;
use std::collections::HashMap;
use train_sim::Journey;

/// Which times a `Shifts` compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Every {
    /// Every arrival estimate: when it was reported and what it said.
    Estimate,
    /// Every station's arrival and departure.
    Station,
    /// The arrival at the destination.
    Arrival,
}

/// An axis of the `vary` grid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Axis {
    /// The cruise speed.
    Cruise,
    /// The departure.
    Departure,
}

/// Which way a time may move along an axis.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trend {
    /// Never later than at the previous value.
    NotLater,
    /// Never earlier than at the previous value.
    NotEarlier,
}

/// A resolved relation; cases are indices into the journeys (0 = the base, i = `cases[i - 1]`).
#[derive(Debug, Clone, PartialEq)]
pub enum Relation {
    /// Every time of `to` is the same time of `from` moved by `by_s`.
    Shifts {
        /// The reference case.
        from: usize,
        /// The moved case.
        to: usize,
        /// Which times.
        every: Every,
        /// The shift, s.
        by_s: f64,
        /// Tolerance, s.
        within: Within,
    },
    /// `faster` reaches `at` no later than `slower`, up to `within`.
    NotLater {
        /// The case expected first.
        faster: usize,
        /// The other.
        slower: usize,
        /// Where.
        at: Moment,
        /// Tolerance, s.
        within: Within,
    },
    /// In each of `cases`, the estimate reported at `at` is within `within` of the final arrival.
    Converges {
        /// Where the estimate is reported.
        at: Point,
        /// The cases it applies to.
        cases: Vec<usize>,
        /// Tolerance, s.
        within: Within,
    },
    /// Along `along`, the time at `at` follows `trend`; `lines` are the cases in axis order, one
    /// line per value of the other axis.
    Ordered {
        /// The axis.
        along: Axis,
        /// Where.
        at: Moment,
        /// Which way.
        trend: Trend,
        /// Cases along the axis.
        lines: Vec<Vec<usize>>,
    },
}

/// Resolves the relations of a file against its cases (`names`: case name → index).
pub(crate) fn resolve(
    relations: &[RelationFile],
    scenario: &Scenario,
    names: &HashMap<String, usize>,
    grid: &Grid,
    vary: Option<&VaryFile>,
) -> Result<Vec<Relation>, LoadError> {
    let source = &scenario.source;
    let resolver = Resolver {
        route: &scenario.route,
        file: source,
    };
    let mut out = Vec::with_capacity(relations.len());
    for (i, relation) in relations.iter().enumerate() {
        let at = FieldPath::root().field("relations").index(i);
        let case = |field: &str, name: &str| {
            names.get(name).copied().ok_or_else(|| {
                let mut known: Vec<(&String, &usize)> = names.iter().collect();
                known.sort_by_key(|(_, i)| **i);
                let list: Vec<String> = known
                    .iter()
                    .take(12)
                    .map(|(n, _)| format!("{n:?}"))
                    .collect();
                source.error(
                    LoadErrorKind::UnknownName,
                    &at.field(field),
                    Anchor::Value,
                    format!(
                        "no case is named {}; the cases are: {}{}",
                        quoted(name),
                        list.join(", "),
                        if names.len() > list.len() {
                            ", ..."
                        } else {
                            ""
                        }
                    ),
                )
            })
        };
        let moment = |m: &MomentFile| resolve_moment(m, &resolver, &at.field("at"));
        out.push(match relation {
            RelationFile::Shifts {
                from,
                to,
                every,
                by,
                within,
            } => Relation::Shifts {
                from: case("from", from)?,
                to: case("to", to)?,
                every: match every {
                    EveryFile::Estimate => Every::Estimate,
                    EveryFile::Station => Every::Station,
                    EveryFile::Arrival => Every::Arrival,
                },
                by_s: by.seconds,
                within: Within::duration(within),
            },
            RelationFile::NotLater {
                faster,
                slower,
                at: m,
                within,
            } => Relation::NotLater {
                faster: case("faster", faster)?,
                slower: case("slower", slower)?,
                at: moment(m)?,
                within: within.as_ref().map_or(
                    Within {
                        value: 0.0,
                        text: "0s".into(),
                    },
                    Within::duration,
                ),
            },
            RelationFile::Converges {
                at: point,
                to,
                within,
                cases,
            } => {
                // The final arrival is the only target so far (`to: Arrival` may be left out).
                match to {
                    Some(TargetFile::Arrival) | None => {}
                }
                let point = resolve_point(point.clone(), &resolver, &at.field("at"))?;
                let cases = match cases {
                    Some(list) => list
                        .iter()
                        .enumerate()
                        .map(|(j, n)| {
                            names.get(n).copied().ok_or_else(|| {
                                source.error(
                                    LoadErrorKind::UnknownName,
                                    &at.field("cases").index(j),
                                    Anchor::Value,
                                    format!("no case is named {}", quoted(n)),
                                )
                            })
                        })
                        .collect::<Result<Vec<usize>, LoadError>>()?,
                    None => (0..=scenario.cases.len()).collect(),
                };
                Relation::Converges {
                    at: point,
                    cases,
                    within: Within::duration(within),
                }
            }
            RelationFile::Ordered {
                along,
                at: m,
                trend,
            } => {
                let (axis, field, len) = match along {
                    AxisFile::Cruise => (Axis::Cruise, "cruise_kmh", grid.cruise_kmh.len()),
                    AxisFile::Departure => (Axis::Departure, "departure", grid.departures.len()),
                };
                let written = vary.is_some_and(|v| match along {
                    AxisFile::Cruise => v.cruise_kmh.is_some(),
                    AxisFile::Departure => v.departure.is_some(),
                });
                if !written || len < 2 {
                    return Err(source.error(
                        LoadErrorKind::Inconsistent,
                        &at.field("along"),
                        Anchor::Value,
                        format!("an ordering along {field} needs `vary: Vary({field}: [..])` with at least two values"),
                    ));
                }
                let sorted = match axis {
                    Axis::Cruise => grid.cruise_kmh.windows(2).all(|w| w[0] < w[1]),
                    Axis::Departure => grid
                        .departures
                        .windows(2)
                        .all(|w| w[0].0.timestamp < w[1].0.timestamp),
                };
                if !sorted {
                    return Err(source.error(
                        LoadErrorKind::Inconsistent,
                        &FieldPath::root().field("vary").field(field),
                        Anchor::Value,
                        format!("`{field}` must be in increasing order for the ordering in relations[{i}]"),
                    ));
                }
                let other = match axis {
                    Axis::Cruise => grid.departures.len().max(1),
                    Axis::Departure => grid.cruise_kmh.len().max(1),
                };
                let lines = (0..other)
                    .map(|o| {
                        (0..len)
                            .filter_map(|a| {
                                let key = match axis {
                                    Axis::Cruise => (o, a),
                                    Axis::Departure => (a, o),
                                };
                                grid.cells.get(&key).copied()
                            })
                            .collect()
                    })
                    .collect();
                Relation::Ordered {
                    along: axis,
                    at: moment(m)?,
                    trend: match trend {
                        TrendFile::NotLater => Trend::NotLater,
                        TrendFile::NotEarlier => Trend::NotEarlier,
                    },
                    lines,
                }
            }
        });
    }
    Ok(out)
}

/// One journey of a table-driven file, as relations see it.
#[derive(Debug, Clone, Copy)]
pub struct CaseJourney<'a> {
    /// The case's name.
    pub name: &'a str,
    /// Its scenario.
    pub scenario: &'a Scenario,
    /// What happened.
    pub journey: &'a Journey,
}

impl CaseJourney<'_> {
    /// Seconds from `reference` to the instant `t_s` after this case's departure (so that times of
    /// cases leaving at different times compare).
    fn absolute_s(&self, reference: jiff::Timestamp, t_s: f64) -> f64 {
        seconds_between(reference, self.scenario.departure) + t_s
    }

    /// The time of `moment`, s since this case's departure.
    fn moment_s(&self, moment: Moment) -> Option<f64> {
        match moment {
            Moment::Arrival => Some(self.journey.arrival_s),
            Moment::Arrive(s) => self.journey.stations.get(s).and_then(|t| t.arrive_s),
            Moment::Depart(s) => self.journey.stations.get(s).and_then(|t| t.depart_s),
        }
    }

    /// `moment` as local time where it happens.
    fn moment_text(&self, moment: Moment, t_s: f64) -> String {
        let route = &self.scenario.route;
        let station = match moment {
            Moment::Arrival => route.stations.len() - 1,
            Moment::Arrive(s) | Moment::Depart(s) => s,
        };
        rfc3339(&local(
            instant_after(self.scenario.departure, t_s),
            &route.stations[station].tz,
        ))
    }
}

fn moment_name(moment: Moment, scenario: &Scenario) -> String {
    crate::evaluate::moment_name(moment, &scenario.route)
}

/// The pairs of times a `Shifts` compares, with what each is: (from's, to's, label); an `Err`
/// when the two journeys do not have the same times to compare.
fn shift_pairs(
    every: Every,
    from: &CaseJourney,
    to: &CaseJourney,
) -> Result<Vec<(f64, f64, String)>, String> {
    match every {
        Every::Arrival => Ok(vec![(
            from.journey.arrival_s,
            to.journey.arrival_s,
            "Arrival".into(),
        )]),
        Every::Estimate => {
            let (a, b) = (&from.journey.estimates, &to.journey.estimates);
            if a.len() != b.len() {
                return Err(format!(
                    "{:?} reports {} estimates and {:?} {}: the journeys differ, not only in time",
                    from.name,
                    a.len(),
                    to.name,
                    b.len()
                ));
            }
            let mut pairs = Vec::with_capacity(a.len() * 2);
            for (x, y) in a.iter().zip(b) {
                if x.trigger != y.trigger {
                    return Err(format!(
                        "the estimates part ways: {:?} reports {} where {:?} reports {}",
                        from.name,
                        trigger_name(&from.scenario.route, x.trigger),
                        to.name,
                        trigger_name(&to.scenario.route, y.trigger)
                    ));
                }
                let name = trigger_name(&from.scenario.route, x.trigger);
                pairs.push((x.t_s, y.t_s, format!("{name} reported")));
                pairs.push((x.eta_s, y.eta_s, format!("{name} ETA")));
            }
            Ok(pairs)
        }
        Every::Station => {
            let mut pairs = Vec::new();
            let names = &from.scenario.route.stations;
            for (i, (x, y)) in from
                .journey
                .stations
                .iter()
                .zip(&to.journey.stations)
                .enumerate()
            {
                for (kind, p, q) in [
                    ("arrive", x.arrive_s, y.arrive_s),
                    ("depart", x.depart_s, y.depart_s),
                ] {
                    match (p, q) {
                        (Some(p), Some(q)) => {
                            pairs.push((p, q, format!("{} {kind}", names[i].reference())))
                        }
                        (None, None) => {}
                        _ => {
                            return Err(format!(
                                "{} has a {kind} time in one case only",
                                names[i].reference()
                            ));
                        }
                    }
                }
            }
            Ok(pairs)
        }
    }
}

impl Relation {
    /// The verdict on this relation over the journeys of every case (0 = the base).
    pub fn evaluate(&self, journeys: &[CaseJourney]) -> Verdict {
        let reference = journeys[0].scenario.departure;
        let base = journeys[0].scenario;
        match self {
            Relation::Shifts {
                from,
                to,
                every,
                by_s,
                within,
            } => {
                let (a, b) = (&journeys[*from], &journeys[*to]);
                let what = match every {
                    Every::Estimate => "every estimate",
                    Every::Station => "every station time",
                    Every::Arrival => "the arrival",
                };
                let subject = format!("{} vs {}, {what}", b.name, a.name);
                let expected = format!("moved by {}", format_signed_duration(*by_s));
                let worst = shift_pairs(*every, a, b).map(|pairs| {
                    pairs
                        .into_iter()
                        .map(|(p, q, label)| {
                            (
                                b.absolute_s(reference, q) - a.absolute_s(reference, p) - by_s,
                                label,
                            )
                        })
                        .max_by(|x, y| x.0.abs().total_cmp(&y.0.abs()))
                });
                match worst {
                    Ok(Some((deviation, label))) => {
                        let mut v = Verdict::compare(
                            CheckKind::Shifts,
                            subject,
                            expected,
                            Some((
                                deviation,
                                format!(
                                    "moved by {} (most off: {label})",
                                    format_signed_duration(by_s + deviation)
                                ),
                            )),
                            Unit::Seconds,
                            within,
                            "",
                        );
                        if !v.holds {
                            v.note = Some(format!(
                                "{label} in {:?} is {} off the shift of {} from {:?}",
                                b.name,
                                format_signed_duration(deviation),
                                format_duration(*by_s),
                                a.name
                            ));
                        }
                        v
                    }
                    Ok(None) => Verdict::compare(
                        CheckKind::Shifts,
                        subject,
                        expected,
                        Some((0.0, "nothing to compare".into())),
                        Unit::Seconds,
                        within,
                        "",
                    ),
                    Err(why) => Verdict::compare(
                        CheckKind::Shifts,
                        subject,
                        expected,
                        None,
                        Unit::Seconds,
                        within,
                        &why,
                    ),
                }
            }
            Relation::NotLater {
                faster,
                slower,
                at,
                within,
            } => {
                let (f, s) = (&journeys[*faster], &journeys[*slower]);
                let subject = format!("{} vs {}, {}", f.name, s.name, moment_name(*at, base));
                let times = f.moment_s(*at).zip(s.moment_s(*at));
                let actual = times.map(|(tf, ts)| {
                    let diff = f.absolute_s(reference, tf) - s.absolute_s(reference, ts);
                    (
                        diff,
                        format!(
                            "{} at {}, {} at {}",
                            f.name,
                            f.moment_text(*at, tf),
                            s.name,
                            s.moment_text(*at, ts)
                        ),
                    )
                });
                // Only being later counts against it: an earlier arrival is a difference of 0.
                let mut v = Verdict::compare(
                    CheckKind::NotLater,
                    subject,
                    format!("{} no later than {}", f.name, s.name),
                    actual.clone().map(|(d, t)| (d.max(0.0), t)),
                    Unit::Seconds,
                    within,
                    "one of the two journeys never gets there",
                );
                if let Some((diff, _)) = actual {
                    v.difference_value = Some(diff);
                    if !v.holds {
                        v.note = Some(format!(
                            "{:?} is {} later than {:?}",
                            f.name,
                            format_duration(diff),
                            s.name
                        ));
                    }
                }
                v
            }
            Relation::Converges { at, cases, within } => {
                let name = |i: usize| base.route.stations[i].reference();
                let mut worst: Option<(f64, usize)> = None;
                let mut missing = None;
                let mut point_name = String::new();
                for &c in cases {
                    let j = &journeys[c];
                    let (subject, eta) = estimate_at(*at, j.journey, &name);
                    point_name = subject;
                    match eta {
                        Some(eta) => {
                            let diff = eta - j.journey.arrival_s;
                            if worst.is_none_or(|(w, _)| diff.abs() > w.abs()) {
                                worst = Some((diff, c));
                            }
                        }
                        None => missing = Some(c),
                    }
                }
                let subject = format!("{point_name} → Arrival, {} case(s)", cases.len());
                let expected = "the final arrival".to_string();
                if let Some(c) = missing {
                    let why = format!("no estimate is reported there in {:?}", journeys[c].name);
                    return Verdict::compare(
                        CheckKind::Converges,
                        subject,
                        expected,
                        None,
                        Unit::Seconds,
                        within,
                        &why,
                    );
                }
                let (diff, c) = worst.unwrap_or((0.0, 0));
                let mut v = Verdict::compare(
                    CheckKind::Converges,
                    subject,
                    expected,
                    Some((
                        diff,
                        format!(
                            "off by {} at most (in {:?})",
                            format_signed_duration(diff),
                            journeys[c].name
                        ),
                    )),
                    Unit::Seconds,
                    within,
                    "",
                );
                if !v.holds {
                    v.note = Some(format!(
                        "in {:?} the estimate at {point_name} is {} off the arrival",
                        journeys[c].name,
                        format_signed_duration(diff)
                    ));
                }
                v
            }
            Relation::Ordered {
                along,
                at,
                trend,
                lines,
            } => {
                let axis = match along {
                    Axis::Cruise => "cruise_kmh",
                    Axis::Departure => "departure",
                };
                let way = match trend {
                    Trend::NotLater => "never later",
                    Trend::NotEarlier => "never earlier",
                };
                let subject = format!("along {axis}, {}", moment_name(*at, base));
                let expected = format!("{way} as {axis} rises");
                // The worst step against the trend (positive = against it).
                let mut worst: Option<(f64, usize, usize)> = None;
                for line in lines {
                    for pair in line.windows(2) {
                        let (a, b) = (&journeys[pair[0]], &journeys[pair[1]]);
                        let (Some(ta), Some(tb)) = (a.moment_s(*at), b.moment_s(*at)) else {
                            let why = format!("{:?} or {:?} never gets there", a.name, b.name);
                            return Verdict::compare(
                                CheckKind::Ordered,
                                subject,
                                expected,
                                None,
                                Unit::Seconds,
                                &Within {
                                    value: 0.0,
                                    text: "0s".into(),
                                },
                                &why,
                            );
                        };
                        let step = b.absolute_s(reference, tb) - a.absolute_s(reference, ta);
                        let against = match trend {
                            Trend::NotLater => step,
                            Trend::NotEarlier => -step,
                        };
                        if worst.is_none_or(|(w, _, _)| against > w) {
                            worst = Some((against, pair[0], pair[1]));
                        }
                    }
                }
                let (against, a, b) = worst.unwrap_or((0.0, 0, 0));
                let exact = Within {
                    value: 0.0,
                    text: "0s".into(),
                };
                let mut v = Verdict::compare(
                    CheckKind::Ordered,
                    subject,
                    expected,
                    Some((
                        against.max(0.0),
                        format!(
                            "{} steps checked",
                            lines
                                .iter()
                                .map(|l| l.len().saturating_sub(1))
                                .sum::<usize>()
                        ),
                    )),
                    Unit::Seconds,
                    &exact,
                    "",
                );
                if !v.holds {
                    v.note = Some(format!(
                        "from {:?} to {:?} the time moves {} the wrong way",
                        journeys[a].name,
                        journeys[b].name,
                        format_duration(against)
                    ));
                }
                v
            }
        }
    }
}

/// The name relations use for case `index` of `scenario` (0 = the base).
pub fn case_name(scenario: &Scenario, index: usize) -> &str {
    match index {
        0 => BASE_CASE,
        i => scenario
            .cases
            .get(i - 1)
            .map_or(BASE_CASE, |c| c.name.as_str()),
    }
}
