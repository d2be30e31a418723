//! Settings per leg of a journey: a leg's own cruise speed and extra time standing (what
//! `calibrate` fits), and the parameters a scenario leaves free to fit, with their bounds. A leg's
//! cruise becomes a speed limit over the leg (the train's cruise is the fastest leg's), and its
//! standing time a longer stay at the leg's first stop, so the core stays a one-cruise simulator.
use crate::error::{LoadError, LoadErrorKind};
use crate::ron_file::{Anchor, SourceFile};
use crate::ron_index::FieldPath;
use crate::route::Route;
use crate::scenario_file::{FreeFile, LegFile};
use crate::time::{TimeText, seconds_between};
use jiff::Timestamp;
use train_sim::units::{km_to_m, kmh_to_mps};
use train_sim::{SpecError, SpeedLimit, Stop, Track};

/// A leg's settings, validated.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LegSetting {
    /// The leg, from 0.
    pub leg: usize,
    /// Its cruise speed, km/h (the scenario's when `None`).
    pub cruise_kmh: Option<f64>,
    /// Extra standing time at its first stop, s.
    pub standing_s: f64,
}

/// The station where a leg's extra standing time is spent: the leg's start for every leg but the
/// first (the stop that ends the previous leg), the first planned stop on the way for the first
/// (the journey's start is its departure, which a `Departure` parameter moves instead).
pub fn standing_station(route: &Route, leg: usize) -> Option<usize> {
    let span = route.legs.get(leg)?;
    if leg > 0 {
        return Some(span.from);
    }
    (span.from + 1..span.to).find(|&i| route.is_planned_stop(i))
}

/// Validates the `legs` settings of a file against its route.
pub(crate) fn resolve_legs(
    legs: &[(FieldPath, LegFile)],
    route: &Route,
    source: &SourceFile,
) -> Result<Vec<LegSetting>, LoadError> {
    let mut out: Vec<LegSetting> = Vec::with_capacity(legs.len());
    for (at, leg) in legs {
        let index = leg_index(leg.leg, route, source, &at.field("leg"))?;
        if out.iter().any(|l| l.leg == index) {
            return Err(source.error(
                LoadErrorKind::Inconsistent,
                &at.field("leg"),
                Anchor::Value,
                format!("leg {} is set twice", leg.leg),
            ));
        }
        let standing_s = leg.standing.map_or(0.0, |d| d.seconds());
        if standing_s > 0.0 && standing_station(route, index).is_none() {
            return Err(source.error(
                LoadErrorKind::Inconsistent,
                &at.field("standing"),
                Anchor::Value,
                "the first leg has no stop on the way to stand at: move the departure instead",
            ));
        }
        out.push(LegSetting {
            leg: index,
            cruise_kmh: leg.cruise_kmh.map(|k| k.get()),
            standing_s,
        });
    }
    Ok(out)
}

/// The index of leg `number` (from 1) of `route`, or an error at `at`.
fn leg_index(
    number: usize,
    route: &Route,
    source: &SourceFile,
    at: &FieldPath,
) -> Result<usize, LoadError> {
    if number == 0 || number > route.legs.len() {
        return Err(source.error(
            LoadErrorKind::Inconsistent,
            at,
            Anchor::Value,
            format!(
                "leg {number} does not exist: this journey has {} leg(s), numbered from 1",
                route.legs.len()
            ),
        ));
    }
    Ok(number - 1)
}

/// The core's track of `route` for a departure, with each leg's cruise as a speed limit over it
/// (where it is below the train's `cruise_kmh`) and its standing time added at its standing
/// station. A leg with no cruise of its own runs at `scenario_cruise_kmh`: the train's cruise is
/// the fastest leg's, so those legs need a limit too, or one fast leg would speed up the others.
pub(crate) fn leg_track(
    route: &Route,
    departure: Timestamp,
    scenario_cruise_kmh: f64,
    cruise_kmh: f64,
    legs: &[LegSetting],
) -> Result<Track, SpecError> {
    let mut stops: Vec<Stop> = route
        .stations
        .iter()
        .map(|s| Stop {
            x_m: km_to_m(s.km),
            dwell_s: s.dwell_s,
            depart_at_s: s.depart_at.map(|t| seconds_between(departure, t)),
            leg_end: s.leg_end,
        })
        .collect();
    let mut limits: Vec<SpeedLimit> = route
        .restrictions
        .iter()
        .map(|r| SpeedLimit {
            from_m: km_to_m(r.from_km),
            to_m: km_to_m(r.to_km),
            max_mps: kmh_to_mps(r.max_kmh),
        })
        .collect();
    for setting in legs {
        if let Some(station) = standing_station(route, setting.leg)
            && setting.standing_s > 0.0
        {
            stops[station].dwell_s += setting.standing_s;
        }
    }
    for (number, span) in route.legs.iter().enumerate() {
        let leg_kmh = legs
            .iter()
            .filter(|l| l.leg == number)
            .filter_map(|l| l.cruise_kmh)
            .next_back()
            .unwrap_or(scenario_cruise_kmh);
        if leg_kmh < cruise_kmh {
            limits.push(SpeedLimit {
                from_m: km_to_m(route.stations[span.from].km),
                to_m: km_to_m(route.stations[span.to].km),
                max_mps: kmh_to_mps(leg_kmh),
            });
        }
    }
    Track::new(stops, limits)
}

/// The train's cruise for a journey with leg settings: the fastest leg's (a slower leg is limited).
pub(crate) fn train_cruise_kmh(scenario_cruise_kmh: f64, legs: &[LegSetting]) -> f64 {
    legs.iter()
        .filter_map(|l| l.cruise_kmh)
        .fold(scenario_cruise_kmh, f64::max)
}

/// A parameter `calibrate` and `nowcast` may fit.
#[derive(Debug, Clone, PartialEq)]
pub enum FreeParam {
    /// One cruise speed for these legs (from 0), km/h, within bounds.
    Cruise {
        /// The legs.
        legs: Vec<usize>,
        /// Lowest, km/h.
        from_kmh: f64,
        /// Highest, km/h.
        to_kmh: f64,
    },
    /// The departure within a window.
    Departure {
        /// Earliest.
        from: TimeText,
        /// Latest.
        to: TimeText,
    },
    /// Extra standing on a leg (from 0), s, within bounds.
    Standing {
        /// The leg.
        leg: usize,
        /// Least, s.
        from_s: f64,
        /// Most, s.
        to_s: f64,
    },
}

impl FreeParam {
    /// A short name: "cruise legs 2-3", "departure", "standing leg 1".
    pub fn name(&self) -> String {
        match self {
            FreeParam::Cruise { legs, .. } => {
                let list: Vec<String> = legs.iter().map(|l| (l + 1).to_string()).collect();
                format!("cruise, leg {}", list.join("+"))
            }
            FreeParam::Departure { .. } => "departure".into(),
            FreeParam::Standing { leg, .. } => format!("standing, leg {}", leg + 1),
        }
    }
}

/// Validates the `free` parameters of a file.
pub(crate) fn resolve_free(
    free: &[FreeFile],
    route: &Route,
    source: &SourceFile,
) -> Result<Vec<FreeParam>, LoadError> {
    let mut out = Vec::with_capacity(free.len());
    for (i, param) in free.iter().enumerate() {
        let at = FieldPath::root().field("free").index(i);
        let reversed = |field: &str| {
            source.error(
                LoadErrorKind::Inconsistent,
                &at.field(field),
                Anchor::Value,
                "the upper bound is below the lower bound",
            )
        };
        let resolved = match param {
            FreeFile::Cruise {
                legs,
                from_kmh,
                to_kmh,
            } => {
                if to_kmh.get() < from_kmh.get() {
                    return Err(reversed("to_kmh"));
                }
                let legs = if legs.is_empty() {
                    (0..route.legs.len()).collect()
                } else {
                    legs.iter()
                        .enumerate()
                        .map(|(j, &n)| leg_index(n, route, source, &at.field("legs").index(j)))
                        .collect::<Result<Vec<usize>, LoadError>>()?
                };
                FreeParam::Cruise {
                    legs,
                    from_kmh: from_kmh.get(),
                    to_kmh: to_kmh.get(),
                }
            }
            FreeFile::Departure { from, to } => {
                if to.timestamp < from.timestamp {
                    return Err(reversed("to"));
                }
                FreeParam::Departure {
                    from: from.clone(),
                    to: to.clone(),
                }
            }
            FreeFile::Standing { leg, from, to } => {
                let index = leg_index(*leg, route, source, &at.field("leg"))?;
                if standing_station(route, index).is_none() {
                    return Err(source.error(
                        LoadErrorKind::Inconsistent,
                        &at.field("leg"),
                        Anchor::Value,
                        "the first leg has no stop on the way to stand at: free the departure instead",
                    ));
                }
                if to.seconds() < from.seconds() {
                    return Err(reversed("to"));
                }
                FreeParam::Standing {
                    leg: index,
                    from_s: from.seconds(),
                    to_s: to.seconds(),
                }
            }
        };
        // Two parameters moving the same thing cannot both be fitted.
        let clash = out.iter().find(|p: &&FreeParam| match (p, &resolved) {
            (FreeParam::Departure { .. }, FreeParam::Departure { .. }) => true,
            (FreeParam::Standing { leg: a, .. }, FreeParam::Standing { leg: b, .. }) => a == b,
            (FreeParam::Cruise { legs: a, .. }, FreeParam::Cruise { legs: b, .. }) => {
                a.iter().any(|l| b.contains(l))
            }
            _ => false,
        });
        if let Some(other) = clash {
            return Err(source.error(
                LoadErrorKind::Inconsistent,
                &at,
                Anchor::Value,
                format!("this moves what `{}` already moves", other.name()),
            ));
        }
        out.push(resolved);
    }
    Ok(out)
}
